package pg_hardening.techniques.t07_least_privilege_grants_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.lib.sql_fixtures_test as sfx
import data.pg_hardening.techniques.t07_least_privilege_grants as policy

test_create_on_schema_public_to_public_is_high_at_its_line if {
	findings := policy.deny with input as sfx.facts([sfx.grant(13, ["CREATE"], "schema", ["public"], ["public"])])
	count(findings) == 1
	some finding in findings
	finding.message == "GRANT CREATE ON SCHEMA public TO PUBLIC lets every role, including ones created later, create objects there that shadow what other roles find through search_path"
	finding.location == sfx.at(13)
	fx.severity(finding) == "high"
}

test_all_on_all_tables_to_public_is_high_once if {
	findings := policy.deny with input as sfx.facts([sfx.grant_all_in(4, ["ALL"], "table", "public", ["public"])])
	count(findings) == 1
	some finding in findings
	finding.message == "GRANT ALL ON ALL TABLES IN SCHEMA public TO PUBLIC lets every role, including ones created later, change or delete the data"
	fx.severity(finding) == "high"
}

test_select_to_public_is_medium if {
	findings := policy.deny with input as sfx.facts([sfx.grant(2, ["SELECT"], "table", ["app.orders"], ["app", "public"])])
	count(findings) == 1
	some finding in findings
	finding.message == "GRANT SELECT ON TABLE app.orders TO app, PUBLIC gives these privileges to every role, including ones created later"
	fx.severity(finding) == "default"
}

test_execute_to_public_restates_a_default_and_is_low if {
	findings := policy.deny with input as sfx.facts([sfx.grant(2, ["EXECUTE"], "function", ["app.total"], ["public"])])
	some finding in findings
	contains(finding.message, "restates a PostgreSQL default")
	fx.severity(finding) == "low"
}

test_execute_of_security_definer_function_to_public_is_high if {
	statements := [
		sfx.create_function(1, "app.lookup", true, "pg_catalog, pg_temp"),
		sfx.grant(9, ["EXECUTE"], "function", ["lookup"], ["public"]),
	]
	findings := policy.deny with input as sfx.facts(statements)
	count(findings) == 1
	some finding in findings
	finding.location.line == 9
	contains(finding.message, "SECURITY DEFINER")
	fx.severity(finding) == "high"
}

test_execute_on_all_functions_of_a_schema_with_a_security_definer_function_is_high if {
	statements := [
		sfx.create_function(1, "app.lookup", true, "pg_catalog, pg_temp"),
		sfx.grant_all_in(9, ["EXECUTE"], "function", "app", ["public"]),
	]
	findings := policy.deny with input as sfx.facts(statements)
	some finding in findings
	fx.severity(finding) == "high"
}

test_all_to_a_role_is_medium if {
	findings := policy.deny with input as sfx.facts([sfx.grant(5, ["ALL"], "table", ["app.orders"], ["app_user"])])
	count(findings) == 1
	some finding in findings
	finding.message == "GRANT ALL ON TABLE app.orders TO app_user hands over every privilege, not only the ones app_user uses"
	fx.severity(finding) == "default"
}

test_grant_option_is_medium if {
	grant := object.union(sfx.grant(6, ["SELECT"], "table", ["app.orders"], ["reporting"]), {"with_grant_option": true})
	findings := policy.deny with input as sfx.facts([grant])
	count(findings) == 1
	some finding in findings
	finding.message == "GRANT SELECT ON TABLE app.orders TO reporting WITH GRANT OPTION lets reporting pass the privileges on to any other role"
}

test_column_grant_names_its_columns if {
	grant := object.union(sfx.grant(6, ["SELECT"], "table", ["app.orders"], ["public"]), {"columns": ["id", "status"]})
	findings := policy.deny with input as sfx.facts([grant])
	some finding in findings
	startswith(finding.message, "GRANT SELECT (id, status) ON TABLE app.orders TO PUBLIC ")
}

test_grant_inside_a_do_block_says_so if {
	findings := policy.deny with input as sfx.facts([sfx.in_do_block(sfx.grant(30, ["CREATE"], "schema", ["public"], ["public"]))])
	some finding in findings
	startswith(finding.message, "GRANT CREATE ON SCHEMA public TO PUBLIC inside a DO block lets every role")
	finding.location.line == 30
}

test_default_privileges_to_public_are_reported if {
	findings := policy.deny with input as sfx.facts([sfx.default_privileges(12, ["app"], ["ALL"], "sequence", ["public"])])
	count(findings) == 1
	some finding in findings
	finding.message == "ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT ALL ON SEQUENCES TO PUBLIC gives every role these privileges on every sequence created later"
	fx.severity(finding) == "default"
}

test_default_write_privileges_on_tables_to_public_are_high if {
	findings := policy.deny with input as sfx.facts([sfx.default_privileges(12, [], ["INSERT"], "table", ["public"])])
	some finding in findings
	fx.severity(finding) == "high"
}

test_default_all_to_a_role_is_medium if {
	findings := policy.deny with input as sfx.facts([sfx.default_privileges(12, ["app"], ["ALL"], "table", ["app_rw"])])
	count(findings) == 1
	some finding in findings
	finding.message == "ALTER DEFAULT PRIVILEGES IN SCHEMA app GRANT ALL ON TABLES TO app_rw gives app_rw every privilege on every table created later"
}

test_least_privilege_migration_is_quiet if {
	statements := [
		sfx.revoke(1, ["CREATE"], "schema", ["public"], ["public"]),
		sfx.revoke(2, ["ALL"], "database", ["orders"], ["public"]),
		sfx.grant(3, ["CONNECT"], "database", ["orders"], ["app_rw"]),
		sfx.grant(4, ["USAGE"], "schema", ["app"], ["app_rw"]),
		sfx.grant_all_in(5, ["SELECT", "INSERT", "UPDATE", "DELETE"], "table", "app", ["app_rw"]),
		sfx.default_privileges(6, ["app"], ["SELECT", "INSERT", "UPDATE", "DELETE"], "table", ["app_rw"]),
		sfx.grant_role(7, ["app_rw"], ["app_user"]),
	]
	count(policy.deny) == 0 with input as sfx.facts(statements)
}

test_sql_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({}) with data.defaults as fx.defaults
}
