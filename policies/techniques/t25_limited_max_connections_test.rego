package pg_hardening.techniques.t25_limited_max_connections_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.techniques.t25_limited_max_connections as policy

test_too_many_connections_are_denied_at_their_line if {
	findings := policy.deny with input as fx.conf_facts({"max_connections": fx.set(2000, 64)}) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "max_connections = 2000 is above the limit of 500"
	finding.location == fx.at("postgresql.conf", 64)
}

test_configured_limit_applies if {
	count(policy.deny) == 1 with input as fx.conf_facts({"max_connections": fx.set(300, 64)})
		with data.defaults as fx.defaults
		with data.config as {"thresholds": {"max_connections": 100}}
}

test_moderate_connections_are_allowed if {
	count(policy.deny) == 0 with input as fx.conf_facts({"max_connections": fx.set(500, 64)}) with data.defaults as fx.defaults
}

test_default_is_allowed if {
	count(policy.deny) == 0 with input as fx.conf_facts({}) with data.defaults as fx.defaults
}

test_unknown_value_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({"max_connections": fx.unknown(64)}) with data.defaults as fx.defaults
}

test_conf_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.hba_facts([]) with data.defaults as fx.defaults
}
