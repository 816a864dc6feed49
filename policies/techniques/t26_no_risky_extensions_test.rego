package pg_hardening.techniques.t26_no_risky_extensions_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.lib.sql_fixtures_test as sfx
import data.pg_hardening.techniques.t26_no_risky_extensions as policy

test_dblink_is_medium_at_its_line if {
	findings := policy.deny with input as sfx.facts([sfx.create_extension(4, "dblink")])
	count(findings) == 1
	some finding in findings
	finding.message == "CREATE EXTENSION dblink installs an extension that opens connections from the database host to any address a user names"
	finding.location == sfx.at(4)
	fx.severity(finding) == "default"
}

test_each_default_risky_extension_is_reported if {
	statements := [sfx.create_extension(i, name) |
		some i, name in ["dblink", "postgres_fdw", "file_fdw", "adminpack", "lo"]
	]
	count(policy.deny) == 5 with input as sfx.facts(statements)
}

test_extension_in_a_do_block_says_so if {
	findings := policy.deny with input as sfx.facts([sfx.in_do_block(sfx.create_extension(8, "file_fdw"))])
	some finding in findings
	startswith(finding.message, "CREATE EXTENSION file_fdw inside a DO block installs")
}

test_configured_list_replaces_the_default if {
	statements := [sfx.create_extension(1, "dblink"), sfx.create_extension(2, "pg_cron")]
	findings := policy.deny with input as sfx.facts(statements)
		with data.config as {"thresholds": {"risky_extensions": ["pg_cron"]}}
	count(findings) == 1
	some finding in findings
	finding.message == "CREATE EXTENSION pg_cron installs an extension that is on the list of risky extensions (config.thresholds.risky_extensions)"
}

test_untrusted_language_is_high if {
	findings := policy.deny with input as sfx.facts([sfx.create_language(7, "plperlu", false)])
	count(findings) == 1
	some finding in findings
	finding.message == "CREATE LANGUAGE plperlu installs an untrusted language, whose functions run with the rights of the server's OS user"
	fx.severity(finding) == "high"
}

test_untrusted_language_as_extension_is_high if {
	findings := policy.deny with input as sfx.facts([sfx.create_extension(7, "plpython3u")])
	count(findings) == 1
	some finding in findings
	startswith(finding.message, "CREATE EXTENSION plpython3u installs an untrusted language")
	fx.severity(finding) == "high"
}

test_untrusted_handler_declared_trusted_is_critical if {
	language := object.union(sfx.create_language(9, "py", true), {"handler": "plpython3_call_handler"})
	findings := policy.deny with input as sfx.facts([language])
	count(findings) == 1
	some finding in findings
	finding.message == "CREATE TRUSTED LANGUAGE py HANDLER plpython3_call_handler lets every role with USAGE on it write functions that run with the rights of the server's OS user"
	fx.severity(finding) == "critical"
}

test_everyday_extensions_and_trusted_languages_are_quiet if {
	statements := [
		sfx.create_extension(1, "pgcrypto"),
		sfx.create_extension(2, "pgaudit"),
		sfx.create_extension(3, "plperl"),
		sfx.create_language(4, "plpgsql", false),
		object.union(sfx.create_language(5, "plperl_custom", true), {"handler": "plperl_call_handler"}),
	]
	count(policy.deny) == 0 with input as sfx.facts(statements)
}

test_sql_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({}) with data.defaults as fx.defaults
}
