package pg_hardening.techniques.t101_security_definer_search_path_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.lib.sql_fixtures_test as sfx
import data.pg_hardening.techniques.t101_security_definer_search_path as policy

test_security_definer_without_search_path_is_high_at_its_line if {
	findings := policy.deny with input as sfx.facts([sfx.create_function(2, "app.refresh_totals", true, null)])
	count(findings) == 1
	some finding in findings
	finding.message == "CREATE FUNCTION app.refresh_totals leaves a SECURITY DEFINER function without SET search_path: whoever can create objects in a schema on the caller's search_path can make it run their code with its owner's privileges"
	finding.location == sfx.at(2)
	fx.severity(finding) == "default"
}

test_later_alter_setting_search_path_fixes_it if {
	statements := [
		sfx.create_function(2, "app.refresh_totals", true, null),
		sfx.alter_function(24, "refresh_totals", {"sets_search_path": true, "search_path": "app, pg_temp"}),
	]
	count(policy.deny) == 0 with input as sfx.facts(statements)
}

test_alter_making_a_function_security_definer_is_reported_there if {
	statements := [
		sfx.create_function(18, "app.purge", false, null),
		sfx.alter_function(25, "app.purge", {"security_definer": true}),
	]
	findings := policy.deny with input as sfx.facts(statements)
	count(findings) == 1
	some finding in findings
	startswith(finding.message, "ALTER FUNCTION app.purge leaves a SECURITY DEFINER function without SET search_path")
	finding.location.line == 25
}

test_reset_of_search_path_is_reported if {
	statements := [
		sfx.create_function(1, "app.lookup", true, "pg_catalog, pg_temp"),
		sfx.alter_function(9, "app.lookup", {"resets_search_path": true}),
	]
	findings := policy.deny with input as sfx.facts(statements)
	some finding in findings
	finding.location.line == 9
}

test_create_or_replace_drops_the_earlier_search_path if {
	statements := [
		sfx.create_function(1, "app.lookup", true, null),
		sfx.alter_function(2, "app.lookup", {"sets_search_path": true, "search_path": "pg_catalog, pg_temp"}),
		sfx.create_function(30, "app.lookup", true, null),
	]
	findings := policy.deny with input as sfx.facts(statements)
	count(findings) == 1
	some finding in findings
	finding.location.line == 30
}

test_security_invoker_later_is_quiet if {
	statements := [
		sfx.create_function(1, "app.lookup", true, null),
		sfx.alter_function(2, "app.lookup", {"security_definer": false}),
	]
	count(policy.deny) == 0 with input as sfx.facts(statements)
}

test_function_in_a_do_block_says_so if {
	findings := policy.deny with input as sfx.facts([sfx.in_do_block(sfx.create_function(12, "app.f", true, null))])
	some finding in findings
	startswith(finding.message, "CREATE FUNCTION app.f inside a DO block leaves")
}

test_search_path_without_pg_temp_last_is_medium if {
	findings := policy.deny with input as sfx.facts([sfx.create_function(5, "app.f", true, "app, public")])
	count(findings) == 1
	some finding in findings
	finding.message == "CREATE FUNCTION app.f sets search_path = app, public for a SECURITY DEFINER function without pg_temp last, so tables a caller creates as temporary can take the place of the ones it uses"
	fx.severity(finding) == "medium"
}

test_pinned_search_path_and_invoker_functions_are_quiet if {
	statements := [
		sfx.create_function(1, "app.lookup_user", true, "pg_catalog, pg_temp"),
		sfx.create_function(2, "app.fully_qualified", true, ""),
		sfx.create_function(3, "app.purge", false, null),
	]
	count(policy.deny) == 0 with input as sfx.facts(statements)
}

test_sql_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({}) with data.defaults as fx.defaults
}
