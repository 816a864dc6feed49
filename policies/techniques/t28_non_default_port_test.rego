package pg_hardening.techniques.t28_non_default_port_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.techniques.t28_non_default_port as policy

test_explicit_5432_is_reported_at_its_line if {
	findings := policy.deny with input as fx.conf_facts({"port": fx.set(5432, 63)}) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "port = 5432 is PostgreSQL's well-known default, the first port scanners try"
	finding.location == fx.at("postgresql.conf", 63)
	fx.severity(finding) == "default"
}

test_default_port_is_reported_at_main_file if {
	findings := policy.deny with input as fx.conf_facts({}) with data.defaults as fx.defaults
	some finding in findings
	finding.location == fx.at("postgresql.conf", 1)
}

test_other_port_is_allowed if {
	count(policy.deny) == 0 with input as fx.conf_facts({"port": fx.set(5433, 63)}) with data.defaults as fx.defaults
}

test_unknown_port_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({"port": fx.unknown(63)}) with data.defaults as fx.defaults
}

test_conf_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.hba_facts([]) with data.defaults as fx.defaults
}
