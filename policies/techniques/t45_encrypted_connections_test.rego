package pg_hardening.techniques.t45_encrypted_connections_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.techniques.t45_encrypted_connections as policy

test_host_rule_for_any_address_is_high_at_its_line if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(1, "host", "all", "all", "0.0.0.0/0", "scram-sha-256")])
	count(findings) == 1
	some finding in findings
	finding.message == "pg_hba.conf rule 'host all all 0.0.0.0/0 scram-sha-256' accepts clients from other hosts without requiring TLS"
	finding.location == fx.at("pg_hba.conf", 81)
	fx.severity(finding) == "default"
}

test_host_rule_for_private_network_is_medium if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(1, "host", "app", "app", "10.0.0.0/8", "scram-sha-256")])
	count(findings) == 1
	some finding in findings
	fx.severity(finding) == "medium"
}

test_hostnossl_rule_is_high if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(1, "hostnossl", "app", "app", "10.0.0.0/8", "scram-sha-256")])
	count(findings) == 1
	some finding in findings
	contains(finding.message, "only when they do not use TLS")
	finding.location == fx.at("pg_hba.conf", 81)
	fx.severity(finding) == "default"
}

test_hostnogssenc_rule_is_denied if {
	count(policy.deny) == 1 with input as fx.hba_facts([fx.rule(1, "hostnogssenc", "app", "app", "samenet", "scram-sha-256")])
}

test_host_rule_on_loopback_only_server_is_low if {
	facts := fx.facts({"listen_addresses": fx.set_list("localhost", ["localhost"], 59)}, [fx.rule(1, "host", "app", "app", "10.0.0.0/8", "md5")])
	findings := policy.deny with input as facts with data.defaults as fx.defaults
	some finding in findings
	fx.severity(finding) == "low"
}

test_host_rule_after_reject_is_silent if {
	rules := [
		fx.rule(1, "hostnossl", "all", "all", "all", "reject"),
		fx.rule(2, "hostnossl", "all", "all", "10.0.0.0/8", "md5"),
	]
	count(policy.deny) == 0 with input as fx.hba_facts(rules)
}

test_hostssl_remote_and_host_loopback_are_allowed if {
	rules := [
		fx.rule(1, "local", "all", "all", "", "peer"),
		fx.rule(2, "host", "all", "all", "127.0.0.1/32", "scram-sha-256"),
		fx.rule(3, "host", "all", "all", "samehost", "scram-sha-256"),
		fx.rule(4, "hostssl", "all", "all", "10.0.0.0/8", "scram-sha-256"),
		fx.rule(5, "hostgssenc", "all", "all", "10.0.0.0/8", "gss"),
		fx.rule(6, "host", "all", "all", "all", "reject"),
	]
	count(policy.deny) == 0 with input as fx.hba_facts(rules)
}

test_hba_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({}) with data.defaults as fx.defaults
}
