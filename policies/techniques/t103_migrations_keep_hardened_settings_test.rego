package pg_hardening.techniques.t103_migrations_keep_hardened_settings_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.lib.sql_fixtures_test as sfx
import data.pg_hardening.techniques.t103_migrations_keep_hardened_settings as policy

test_alter_system_ssl_off_is_high_at_its_line if {
	findings := policy.deny with input as sfx.facts([sfx.alter_system(10, "ssl", "off")])
	count(findings) == 1
	some finding in findings
	finding.message == "ALTER SYSTEM SET ssl = 'off' turns TLS off, so passwords and data cross the network in clear text"
	finding.location == sfx.at(10)
	fx.severity(finding) == "high"
}

test_alter_system_overriding_the_config_file_says_so if {
	facts := sfx.with_conf({"ssl": fx.set(true, 21)}, [sfx.alter_system(10, "ssl", "0")])
	findings := policy.deny with input as facts with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "ALTER SYSTEM SET ssl = '0' turns TLS off, so passwords and data cross the network in clear text, overriding ssl = on from postgresql.conf"
	fx.severity(finding) == "high"
}

test_setting_already_weak_in_the_config_file_is_left_to_its_rule if {
	facts := sfx.with_conf({}, [sfx.alter_system(10, "ssl", "off")])
	count(policy.deny) == 0 with input as facts with data.defaults as fx.defaults
}

test_pgaudit_none_for_a_role_is_medium if {
	findings := policy.deny with input as sfx.facts([sfx.alter_role_set(13, "app_user", "pgaudit.log", "none")])
	count(findings) == 1
	some finding in findings
	finding.message == "ALTER ROLE app_user SET pgaudit.log = 'none' stops pgAudit from logging the ddl, write classes"
	fx.severity(finding) == "default"
}

test_pgaudit_dropping_a_class_the_config_file_logs_is_reported if {
	facts := sfx.with_conf(
		{"pgaudit.log": fx.set_list("ddl, write, role", ["ddl", "write", "role"], 30)},
		[sfx.alter_role_set(13, "etl", "pgaudit.log", "all, -write")],
	)
	findings := policy.deny with input as facts with data.defaults as fx.defaults
	some finding in findings
	finding.message == "ALTER ROLE etl SET pgaudit.log = 'all, -write' stops pgAudit from logging the write class, overriding pgaudit.log = ddl, write, role from postgresql.conf"
	fx.severity(finding) == "default"
}

test_pgaudit_keeping_the_required_classes_is_quiet if {
	count(policy.deny) == 0 with input as sfx.facts([sfx.alter_role_set(13, "app_user", "pgaudit.log", "ddl, write, read")])
}

test_statement_timeout_zero_for_a_role_is_low if {
	findings := policy.deny with input as sfx.facts([sfx.alter_role_set(4, "app", "statement_timeout", "0")])
	some finding in findings
	finding.message == "ALTER ROLE app SET statement_timeout = '0' relaxes the limit on how long one statement may run"
	fx.severity(finding) == "low"
}

test_timeout_longer_than_the_config_file_is_low if {
	facts := sfx.with_conf({"idle_in_transaction_session_timeout": fx.set(300000, 40)}, [sfx.alter_database_set(5, "orders", "idle_in_transaction_session_timeout", "1h")])
	findings := policy.deny with input as facts with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "ALTER DATABASE orders SET idle_in_transaction_session_timeout = '1h' relaxes the limit on how long an idle session may keep a transaction, and its locks, open, overriding idle_in_transaction_session_timeout = 300000 from postgresql.conf"
	fx.severity(finding) == "low"
}

test_shorter_timeouts_are_quiet if {
	facts := sfx.with_conf({"statement_timeout": fx.set(300000, 40)}, [
		sfx.alter_role_set(4, "app", "statement_timeout", "30s"),
		sfx.alter_role_set(5, "api", "statement_timeout", "250ms"),
	])
	count(policy.deny) == 0 with input as facts with data.defaults as fx.defaults
}

test_log_statement_below_the_config_file_but_not_none_is_low if {
	facts := sfx.with_conf({"log_statement": fx.set("mod", 12)}, [sfx.alter_role_set(6, "etl", "log_statement", "ddl")])
	findings := policy.deny with input as facts with data.defaults as fx.defaults
	some finding in findings
	finding.message == "ALTER ROLE etl SET log_statement = 'ddl' logs fewer kinds of statements, overriding log_statement = mod from postgresql.conf"
	fx.severity(finding) == "low"
}

test_password_encryption_md5_for_all_roles_is_high if {
	all_roles := sfx.statement(3, "alter_role_set", {"action": "set", "name": "password_encryption", "value": "md5"})
	findings := policy.deny with input as sfx.facts([all_roles])
	count(findings) == 1
	some finding in findings
	finding.message == "ALTER ROLE ALL SET password_encryption = 'md5' stores new passwords as MD5 hashes instead of SCRAM-SHA-256 verifiers"
	fx.severity(finding) == "high"
}

test_tls_below_the_threshold_is_high if {
	findings := policy.deny with input as sfx.facts([sfx.alter_system(8, "ssl_min_protocol_version", "TLSv1.1")])
	some finding in findings
	fx.severity(finding) == "high"
}

test_replica_session_role_in_a_do_block_says_so if {
	findings := policy.deny with input as sfx.facts([sfx.in_do_block(sfx.alter_role_set(8, "loader", "session_replication_role", "replica"))])
	some finding in findings
	startswith(finding.message, "ALTER ROLE loader SET session_replication_role = 'replica' inside a DO block stops ordinary triggers")
	fx.severity(finding) == "high"
}

test_session_set_and_reset_are_quiet if {
	statements := [
		sfx.session_set(1, "statement_timeout", "0"),
		sfx.session_set(2, "row_security", "off"),
		object.union(sfx.alter_system(3, "ssl", "off"), {"action": "reset"}),
	]
	count(policy.deny) == 0 with input as sfx.facts(statements)
}

test_hardening_settings_are_quiet if {
	statements := [
		sfx.alter_system(1, "ssl", "on"),
		sfx.alter_system(2, "password_encryption", "scram-sha-256"),
		sfx.alter_role_set(3, "app", "log_statement", "ddl"),
		sfx.alter_role_set(4, "app", "statement_timeout", "30s"),
		sfx.alter_database_set(5, "orders", "lo_compat_privileges", "off"),
	]
	count(policy.deny) == 0 with input as sfx.facts(statements)
}

test_sql_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({"ssl": fx.set(false, 2)}) with data.defaults as fx.defaults
}
