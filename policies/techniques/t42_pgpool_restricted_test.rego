package pg_hardening.techniques.t42_pgpool_restricted_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.lib.source_fixtures_test as src
import data.pg_hardening.techniques.t42_pgpool_restricted as policy

_at(line) := fx.at("pgpool.conf", line)

# pgpool.conf with listen_addresses, enable_pool_hba and ssl written as given.
_facts(listen, pool_hba, ssl) := src.pgpool_facts(
	{
		"listen_addresses": src.pool_set(listen, 6),
		"enable_pool_hba": src.pool_set(pool_hba, 13),
		"ssl": src.pool_set(ssl, 17),
	},
	{
		"listen_addresses": src.located([listen], 6),
		"enable_pool_hba": src.located(pool_hba == "on", 13),
		"ssl": src.located(ssl == "on", 17),
	},
)

test_hardened_pgpool_is_quiet if {
	count(policy.deny) == 0 with input as _facts("*", "on", "on")
}

test_wide_listener_without_ssl_is_high_at_ssl if {
	findings := policy.deny with input as _facts("*", "on", "off")
	count(findings) == 1
	some finding in findings
	finding.message == "pgpool listens on * with ssl = off: clients' passwords and queries cross the network unencrypted"
	finding.location == _at(17)
	finding.severity == "high"
}

test_private_listener_without_ssl_is_medium if {
	findings := policy.deny with input as _facts("10.0.0.5", "on", "off")
	count(findings) == 1
	some finding in findings
	fx.severity(finding) == "default"
}

test_pool_hba_off_is_medium_when_listening_remotely if {
	findings := policy.deny with input as _facts("*", "off", "on")
	count(findings) == 1
	some finding in findings
	startswith(finding.message, "enable_pool_hba = off: pgpool does not check clients' addresses")
	finding.location == _at(13)
	fx.severity(finding) == "default"
}

test_defaults_listen_on_localhost_only if {
	findings := policy.deny with input as src.pgpool_facts({}, {})
	count(findings) == 1
	some finding in findings
	startswith(finding.message, "enable_pool_hba = off (the default)")
	finding.location == _at(1)
	finding.severity == "low"
}

test_clear_text_frontend_auth_is_medium if {
	facts := object.union(_facts("localhost", "on", "off"), {"pgpool": {"settings": {"allow_clear_text_frontend_auth": src.pool_set("on", 15)}}})
	findings := policy.deny with input as facts
	count(findings) == 1
	some finding in findings
	finding.location == _at(15)
	fx.severity(finding) == "default"
}

test_no_pgpool_is_silent if {
	count(policy.deny) == 0 with input as fx.empty_facts
}
