package pg_hardening.techniques.t39_row_level_security_enabled_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.lib.sql_fixtures_test as sfx
import data.pg_hardening.techniques.t39_row_level_security_enabled as policy

test_policies_without_enable_are_high_once_at_the_first_policy if {
	statements := [
		sfx.create_policy(24, "tenant_isolation", "public.accounts", ["public"], false),
		sfx.create_policy(25, "admin_all", "accounts", ["admin"], true),
	]
	findings := policy.deny with input as sfx.facts(statements)
	count(findings) == 1
	some finding in findings
	finding.message == "CREATE POLICY tenant_isolation ON public.accounts has no effect: no migration runs ALTER TABLE public.accounts ENABLE ROW LEVEL SECURITY"
	finding.location == sfx.at(24)
	fx.severity(finding) == "default"
}

test_enable_on_the_qualified_name_counts if {
	statements := [
		sfx.create_policy(2, "tenant_isolation", "accounts", ["app"], false),
		sfx.rls(3, "public.accounts", "enable"),
	]
	count(policy.deny) == 0 with input as sfx.facts(statements)
}

test_enable_of_another_table_does_not_count if {
	statements := [
		sfx.create_policy(2, "tenant_isolation", "accounts", ["app"], false),
		sfx.rls(3, "public.invoices", "enable"),
	]
	count(policy.deny) == 1 with input as sfx.facts(statements)
}

test_disable_of_a_table_with_policies_is_high if {
	statements := [
		sfx.rls(1, "accounts", "enable"),
		sfx.create_policy(2, "tenant_isolation", "accounts", ["app"], false),
		sfx.rls(9, "accounts", "disable"),
	]
	findings := policy.deny with input as sfx.facts(statements)
	count(findings) == 1
	some finding in findings
	finding.message == "ALTER TABLE accounts DISABLE ROW LEVEL SECURITY leaves the table's policies switched off"
	finding.location.line == 9
	fx.severity(finding) == "default"
}

test_disable_without_policies_is_medium if {
	findings := policy.deny with input as sfx.facts([sfx.rls(9, "accounts", "disable")])
	some finding in findings
	fx.severity(finding) == "medium"
}

test_disable_enabled_again_later_is_low if {
	statements := [
		sfx.create_policy(2, "tenant_isolation", "accounts", ["app"], false),
		sfx.rls(3, "accounts", "disable"),
		sfx.rls(5, "accounts", "enable"),
	]
	findings := policy.deny with input as sfx.facts(statements)
	count(findings) == 1
	some finding in findings
	finding.message == "ALTER TABLE accounts DISABLE ROW LEVEL SECURITY switches its policies off until a later migration enables them again"
	fx.severity(finding) == "low"
}

test_disable_inside_a_do_block_says_so if {
	findings := policy.deny with input as sfx.facts([sfx.in_do_block(sfx.rls(9, "accounts", "disable"))])
	some finding in findings
	startswith(finding.message, "ALTER TABLE accounts DISABLE ROW LEVEL SECURITY inside a DO block")
}

test_always_true_policy_for_public_is_medium if {
	statements := [
		sfx.rls(1, "accounts", "enable"),
		sfx.create_policy(2, "everyone", "accounts", ["public"], true),
	]
	findings := policy.deny with input as sfx.facts(statements)
	count(findings) == 1
	some finding in findings
	finding.message == "CREATE POLICY everyone ON accounts is permissive and always true for PUBLIC, so every role sees every row"
	fx.severity(finding) == "medium"
}

test_enabled_tenant_policies_are_quiet if {
	statements := [
		sfx.rls(22, "public.accounts", "enable"),
		sfx.create_policy(24, "tenant_isolation", "public.accounts", ["public"], false),
		sfx.create_policy(25, "admin_all", "public.accounts", ["admin"], true),
		sfx.rls(27, "public.accounts", "force"),
	]
	count(policy.deny) == 0 with input as sfx.facts(statements)
}

test_sql_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({}) with data.defaults as fx.defaults
}
