package pg_hardening.techniques.t46_no_trust_auth_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.techniques.t46_no_trust_auth as policy

test_trust_for_any_address_is_critical_at_its_line if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(1, "host", "all", "all", "0.0.0.0/0", "trust")])
	count(findings) == 1
	some finding in findings
	finding.message == "pg_hba.conf rule 'host all all 0.0.0.0/0 trust' lets any client from another host log in without a password"
	finding.location == fx.at("pg_hba.conf", 81)
	fx.severity(finding) == "default"
}

test_trust_for_private_network_is_critical if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(3, "hostssl", "app", "app", "10.0.0.0/8", "trust")])
	some finding in findings
	finding.location.line == 83
	fx.severity(finding) == "default"
}

test_trust_on_local_socket_is_high if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(1, "local", "all", "all", "", "trust")])
	count(findings) == 1
	some finding in findings
	finding.message == "pg_hba.conf rule 'local all all trust' lets every local OS user log in without a password"
	fx.severity(finding) == "high"
}

test_trust_on_loopback_is_high if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(1, "host", "all", "all", "127.0.0.1/32", "trust")])
	count(findings) == 1
	some finding in findings
	contains(finding.message, "every process on the database host")
	fx.severity(finding) == "high"
}

test_trust_from_network_on_loopback_only_server_is_high if {
	facts := fx.facts({"listen_addresses": fx.set_list("localhost", ["localhost"], 59)}, [fx.rule(1, "host", "all", "all", "all", "trust")])
	findings := policy.deny with input as facts with data.defaults as fx.defaults
	some finding in findings
	fx.severity(finding) == "high"
}

test_trust_after_reject_is_silent if {
	rules := [fx.rule(1, "host", "all", "all", "all", "reject"), fx.rule(2, "host", "all", "all", "0.0.0.0/0", "trust")]
	count(policy.deny) == 0 with input as fx.hba_facts(rules)
}

test_scram_and_peer_are_allowed if {
	rules := [fx.rule(1, "local", "all", "postgres", "", "peer"), fx.rule(2, "hostssl", "all", "all", "10.0.0.0/8", "scram-sha-256")]
	count(policy.deny) == 0 with input as fx.hba_facts(rules)
}

test_hba_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({}) with data.defaults as fx.defaults
}
