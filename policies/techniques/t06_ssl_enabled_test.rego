package pg_hardening.techniques.t06_ssl_enabled_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.techniques.t06_ssl_enabled as policy

_listen_all := {"listen_addresses": fx.set_list("*", ["*"], 59)}

_remote_rule := fx.rule(1, "host", "app", "app", "10.0.0.0/8", "scram-sha-256")

test_ssl_off_with_remote_clients_is_denied_at_its_line if {
	settings := object.union(_listen_all, {"ssl": fx.set(false, 100)})
	findings := policy.deny with input as fx.facts(settings, [_remote_rule]) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "ssl = off while the server accepts TCP clients from other hosts, so their connections are not encrypted"
	finding.location == fx.at("postgresql.conf", 100)
	fx.severity(finding) == "default"
}

test_ssl_unset_with_wide_listen_and_no_hba_is_denied_at_main_file if {
	findings := policy.deny with input as fx.conf_facts(_listen_all) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.location == fx.at("postgresql.conf", 1)
}

test_ssl_off_with_only_local_rules_is_silent if {
	rules := [fx.rule(1, "local", "all", "all", "", "peer"), fx.rule(2, "host", "all", "all", "127.0.0.1/32", "scram-sha-256")]
	count(policy.deny) == 0 with input as fx.facts(_listen_all, rules) with data.defaults as fx.defaults
}

test_ssl_off_on_loopback_only_server_is_silent if {
	count(policy.deny) == 0 with input as fx.facts({}, [_remote_rule]) with data.defaults as fx.defaults
}

test_tls_1_0_is_high if {
	settings := object.union(_listen_all, {"ssl": fx.set(true, 100), "ssl_min_protocol_version": fx.set("TLSv1", 101)})
	findings := policy.deny with input as fx.conf_facts(settings) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.location.line == 101
	contains(finding.message, "older than TLSv1.2")
	fx.severity(finding) == "default"
}

test_tls_1_2_below_stricter_policy_is_low if {
	settings := object.union(_listen_all, {"ssl": fx.set(true, 100)})
	findings := policy.deny with input as fx.conf_facts(settings) with data.defaults as fx.defaults
		with data.config as {"thresholds": {"ssl_min_protocol_version": "TLSv1.3"}}
	count(findings) == 1
	some finding in findings
	finding.location.line == 1
	fx.severity(finding) == "low"
}

test_ssl_on_with_tls_1_2_is_allowed if {
	settings := object.union(_listen_all, {"ssl": fx.set(true, 100), "ssl_min_protocol_version": fx.set("tlsv1.2", 101)})
	count(policy.deny) == 0 with input as fx.facts(settings, [_remote_rule]) with data.defaults as fx.defaults
}

test_unknown_ssl_is_silent if {
	settings := object.union(_listen_all, {"ssl": fx.unknown(100)})
	count(policy.deny) == 0 with input as fx.conf_facts(settings) with data.defaults as fx.defaults
}

test_conf_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.hba_facts([_remote_rule]) with data.defaults as fx.defaults
}
