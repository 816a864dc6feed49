package pg_hardening.techniques.t44_connection_timeouts_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.techniques.t44_connection_timeouts as policy

_hardened := {
	"authentication_timeout": object.union(fx.set(30, 60), {"raw": "30s"}),
	"idle_session_timeout": object.union(fx.set(3600000, 61), {"raw": "1h"}),
}

test_long_authentication_timeout_is_denied_at_its_line if {
	settings := object.union(_hardened, {"authentication_timeout": object.union(fx.set(300, 60), {"raw": "5min"})})
	findings := policy.deny with input as fx.conf_facts(settings) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "authentication_timeout = 5min lets a client that has not logged in hold a connection slot for longer than 1min"
	finding.location == fx.at("postgresql.conf", 60)
	fx.severity(finding) == "default"
}

test_default_idle_session_timeout_is_info_at_main_file if {
	findings := policy.deny with input as fx.conf_facts({}) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.location == fx.at("postgresql.conf", 1)
	fx.severity(finding) == "info"
}

test_idle_session_timeout_before_14_is_silent if {
	facts := object.union(fx.conf_facts({}), {"target": fx.target(13)})
	count(policy.deny) == 0 with input as facts with data.defaults as {"13": object.remove(fx.defaults["15"], ["idle_session_timeout"])}
}

test_long_idle_session_timeout_is_denied if {
	settings := object.union(_hardened, {"idle_session_timeout": object.union(fx.set(86400000, 61), {"raw": "1d"})})
	findings := policy.deny with input as fx.conf_facts(settings) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "idle_session_timeout = 1d is longer than the maximum of 1h"
	finding.location.line == 61
}

test_no_reserved_superuser_slots_is_denied if {
	settings := object.union(_hardened, {"superuser_reserved_connections": fx.set(0, 62)})
	findings := policy.deny with input as fx.conf_facts(settings) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.location.line == 62
}

test_hardened_settings_are_allowed if {
	count(policy.deny) == 0 with input as fx.conf_facts(_hardened) with data.defaults as fx.defaults
}

test_unknown_settings_are_silent if {
	settings := {"authentication_timeout": fx.unknown(60), "idle_session_timeout": fx.unknown(61), "superuser_reserved_connections": fx.unknown(62)}
	count(policy.deny) == 0 with input as fx.conf_facts(settings) with data.defaults as fx.defaults
}

test_conf_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.hba_facts([]) with data.defaults as fx.defaults
}
