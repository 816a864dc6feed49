package pg_hardening.techniques.t22_statement_timeouts_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.techniques.t22_statement_timeouts as policy

_hardened := {
	"statement_timeout": object.union(fx.set(60000, 90), {"raw": "1min"}),
	"idle_in_transaction_session_timeout": object.union(fx.set(300000, 91), {"raw": "5min"}),
}

test_defaults_are_low_and_info_at_main_file if {
	findings := policy.deny with input as fx.conf_facts({}) with data.defaults as fx.defaults
	count(findings) == 2
	some idle in findings
	idle.message == "idle_in_transaction_session_timeout = 0, so sessions idle in a transaction keep their locks and snapshot indefinitely"
	idle.location == fx.at("postgresql.conf", 1)
	fx.severity(idle) == "default"
	some statement in findings
	startswith(statement.message, "statement_timeout = 0")
	fx.severity(statement) == "info"
}

test_long_idle_timeout_is_denied_at_its_line if {
	settings := object.union(_hardened, {"idle_in_transaction_session_timeout": object.union(fx.set(3600000, 91), {"raw": "1h"})})
	findings := policy.deny with input as fx.conf_facts(settings) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "idle_in_transaction_session_timeout = 1h is longer than the maximum of 10min"
	finding.location == fx.at("postgresql.conf", 91)
	fx.severity(finding) == "default"
}

test_explicit_zero_statement_timeout_is_info_at_its_line if {
	settings := object.union(_hardened, {"statement_timeout": fx.set(0, 90)})
	findings := policy.deny with input as fx.conf_facts(settings) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.location.line == 90
	fx.severity(finding) == "info"
}

test_configured_maximum_applies if {
	findings := policy.deny with input as fx.conf_facts(_hardened) with data.defaults as fx.defaults
		with data.config as {"thresholds": {"statement_timeout_max_ms": 30000}}
	count(findings) == 1
	some finding in findings
	finding.message == "statement_timeout = 1min is longer than the maximum of 30s"
}

test_hardened_timeouts_are_allowed if {
	count(policy.deny) == 0 with input as fx.conf_facts(_hardened) with data.defaults as fx.defaults
}

test_unknown_timeouts_are_silent if {
	settings := {"statement_timeout": fx.unknown(90), "idle_in_transaction_session_timeout": fx.unknown(91)}
	count(policy.deny) == 0 with input as fx.conf_facts(settings) with data.defaults as fx.defaults
}

test_conf_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.hba_facts([]) with data.defaults as fx.defaults
}
