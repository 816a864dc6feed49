package pg_hardening.techniques.t34_limited_admin_privileges_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.lib.sql_fixtures_test as sfx
import data.pg_hardening.techniques.t34_limited_admin_privileges as policy

test_login_superuser_is_critical_at_its_line if {
	findings := policy.deny with input as sfx.facts([sfx.create_role(11, "app", {"superuser": true, "login": true})])
	count(findings) == 1
	some finding in findings
	finding.message == "CREATE ROLE app makes it SUPERUSER: a superuser that can log in bypasses every permission check and can run programs on the server as its OS user"
	finding.location == sfx.at(11)
	fx.severity(finding) == "critical"
}

test_create_user_superuser_is_critical if {
	findings := policy.deny with input as sfx.facts([sfx.create_user(3, "app", {"superuser": true})])
	some finding in findings
	startswith(finding.message, "CREATE USER app makes it SUPERUSER")
	fx.severity(finding) == "critical"
}

test_nologin_superuser_is_high if {
	findings := policy.deny with input as sfx.facts([sfx.create_role(2, "admins", {"superuser": true, "login": false})])
	count(findings) == 1
	some finding in findings
	fx.severity(finding) == "default"
}

test_alter_role_superuser_of_a_login_role_created_earlier_is_critical if {
	statements := [sfx.create_user(1, "app", {}), sfx.alter_role(8, "app", {"superuser": true})]
	findings := policy.deny with input as sfx.facts(statements)
	count(findings) == 1
	some finding in findings
	finding.location.line == 8
	startswith(finding.message, "ALTER ROLE app makes it SUPERUSER")
	fx.severity(finding) == "critical"
}

test_superuser_in_a_do_block_says_so if {
	findings := policy.deny with input as sfx.facts([sfx.in_do_block(sfx.create_role(30, "app", {"superuser": true, "login": true}))])
	some finding in findings
	startswith(finding.message, "CREATE ROLE app inside a DO block makes it SUPERUSER")
}

test_attributes_are_listed_and_the_worst_decides if {
	findings := policy.deny with input as sfx.facts([sfx.create_role(4, "ops", {"bypassrls": true, "replication": true, "login": true})])
	count(findings) == 1
	some finding in findings
	finding.message == "CREATE ROLE ops makes it BYPASSRLS, REPLICATION: BYPASSRLS ignores every row-level security policy"
	fx.severity(finding) == "default"
}

test_replication_alone_is_medium if {
	findings := policy.deny with input as sfx.facts([sfx.create_role(4, "replicator", {"replication": true, "login": true})])
	some finding in findings
	fx.severity(finding) == "medium"
}

test_createdb_alone_is_low if {
	findings := policy.deny with input as sfx.facts([sfx.alter_role(4, "app", {"createdb": true})])
	some finding in findings
	fx.severity(finding) == "low"
}

test_known_superusers_are_not_reported if {
	statements := [sfx.alter_role(4, "postgres", {"superuser": true}), sfx.create_role(5, "dba", {"superuser": true, "login": true})]
	count(policy.deny) == 0 with input as sfx.facts(statements)
		with data.config as {"thresholds": {"superusers": ["postgres", "dba"]}}
}

test_server_program_role_is_critical_per_role if {
	findings := policy.deny with input as sfx.facts([sfx.grant_role(16, ["pg_read_server_files", "pg_execute_server_program"], ["ops"])])
	count(findings) == 2
	some finding in findings
	finding.message == "GRANT pg_execute_server_program TO ops lets ops run shell commands on the database server as its OS user"
	finding.location.line == 16
	fx.severity(finding) == "critical"
}

test_signal_backend_is_medium if {
	findings := policy.deny with input as sfx.facts([sfx.grant_role(2, ["pg_signal_backend"], ["app"])])
	some finding in findings
	fx.severity(finding) == "medium"
}

test_grant_of_a_superuser_role_is_critical if {
	statements := [sfx.create_role(1, "admins", {"superuser": true, "login": false}), sfx.grant_role(2, ["admins"], ["app"])]
	findings := policy.deny with input as sfx.facts(statements)
	some finding in findings
	finding.message == "GRANT admins TO app lets app act as a superuser through SET ROLE"
	fx.severity(finding) == "critical"
}

test_membership_without_inherit_or_set_is_quiet if {
	grant := object.union(sfx.grant_role(2, ["pg_read_server_files"], ["app"]), {"inherit": false, "set": false})
	count(policy.deny) == 0 with input as sfx.facts([grant])
}

test_in_role_of_a_server_file_role_is_critical if {
	role := object.union(sfx.create_role(3, "loader", {"login": true}), {"in_roles": ["pg_write_server_files"]})
	findings := policy.deny with input as sfx.facts([role])
	some finding in findings
	finding.message == "CREATE ROLE loader IN ROLE pg_write_server_files lets loader write any file the database server's OS user can write"
	fx.severity(finding) == "critical"
}

test_copy_program_is_high if {
	findings := policy.deny with input as sfx.facts([sfx.copy_program(20, "audit_import", "curl")])
	count(findings) == 1
	some finding in findings
	finding.message == "COPY audit_import FROM PROGRAM runs curl on the database server as its OS user, which takes superuser or pg_execute_server_program"
	fx.severity(finding) == "default"
}

test_least_privilege_roles_are_quiet if {
	statements := [
		sfx.create_role(1, "app_rw", {"login": false}),
		sfx.create_user(2, "app_user", {"superuser": false, "createrole": false, "bypassrls": false}),
		sfx.grant_role(3, ["app_rw", "pg_monitor"], ["app_user"]),
	]
	count(policy.deny) == 0 with input as sfx.facts(statements)
}

test_sql_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({}) with data.defaults as fx.defaults
}
