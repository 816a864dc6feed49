package pg_hardening.techniques.t32_no_plaintext_secrets_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.lib.sql_fixtures_test as sfx
import data.pg_hardening.techniques.t32_no_plaintext_secrets as policy

test_plaintext_password_is_reported_at_its_line_without_the_password if {
	role := sfx.with_password(sfx.create_user(9, "app_user", {}), sfx.plaintext(12, false))
	findings := policy.deny with input as sfx.facts([role])
	count(findings) == 1
	some finding in findings
	finding.message == "CREATE USER app_user writes the role's password in plain text, so everyone who can read the repository knows it"
	finding.location == sfx.at(9)
	fx.severity(finding) == "default"
}

test_plaintext_password_in_alter_role_inside_a_do_block_says_so if {
	role := sfx.in_do_block(sfx.with_password(sfx.alter_role(30, "batch", {}), sfx.plaintext(20, false)))
	findings := policy.deny with input as sfx.facts([role])
	some finding in findings
	startswith(finding.message, "ALTER ROLE batch inside a DO block writes the role's password in plain text")
	finding.location.line == 30
}

test_user_mapping_with_a_password_is_reported if {
	findings := policy.deny with input as sfx.facts([sfx.user_mapping(18, "app_user", "legacy_db", true)])
	count(findings) == 1
	some finding in findings
	finding.message == "CREATE USER MAPPING FOR app_user SERVER legacy_db writes the remote password in plain text in the repository"
}

test_server_with_a_password_is_reported if {
	findings := policy.deny with input as sfx.facts([sfx.server(17, "legacy_db", true)])
	some finding in findings
	finding.message == "CREATE SERVER legacy_db writes a password in plain text in the repository"
}

test_md5_hash_is_left_to_the_password_strength_rule if {
	role := sfx.with_password(sfx.create_user(9, "legacy", {}), sfx.md5)
	count(policy.deny) == 0 with input as sfx.facts([role])
}

test_verifiers_and_mappings_without_password_are_quiet if {
	statements := [
		sfx.with_password(sfx.create_user(1, "app_user", {}), sfx.scram),
		sfx.with_password(sfx.alter_role(2, "old_app", {}), {"kind": "null"}),
		sfx.server(3, "legacy_db", false),
		sfx.user_mapping(4, "app_user", "legacy_db", false),
	]
	count(policy.deny) == 0 with input as sfx.facts(statements)
}

test_sql_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({}) with data.defaults as fx.defaults
}
