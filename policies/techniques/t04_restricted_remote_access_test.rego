package pg_hardening.techniques.t04_restricted_remote_access_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.techniques.t04_restricted_remote_access as policy

_listen(raw, items) := {"listen_addresses": fx.set_list(raw, items, 59)}

_local_only := [fx.rule(1, "local", "all", "all", "", "peer")]

test_star_without_hba_is_medium_at_its_line if {
	findings := policy.deny with input as fx.conf_facts(_listen("*", ["*"])) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "listen_addresses = '*' makes the server listen on every network interface"
	finding.location == fx.at("postgresql.conf", 59)
	fx.severity(finding) == "medium"
}

test_star_with_world_open_rule_is_high if {
	rules := [fx.rule(1, "hostssl", "all", "all", "0.0.0.0/0", "scram-sha-256")]
	findings := policy.deny with input as fx.facts(_listen("*", ["*"]), rules) with data.defaults as fx.defaults
	count(findings) == 2
	some finding in findings
	finding.location.line == 59
	fx.severity(finding) == "default"
}

test_star_with_only_local_rules_is_low if {
	findings := policy.deny with input as fx.facts(_listen("*", ["*"]), _local_only) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	fx.severity(finding) == "low"
}

test_ipv4_and_ipv6_wildcards_are_one_finding if {
	findings := policy.deny with input as fx.conf_facts(_listen("0.0.0.0,::", ["0.0.0.0", "::"]))
		with data.defaults as fx.defaults
	count(findings) == 1
}

test_public_listen_address_is_denied if {
	findings := policy.deny with input as fx.conf_facts(_listen("localhost,203.0.113.5", ["localhost", "203.0.113.5"]))
		with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	contains(finding.message, "binds the public address 203.0.113.5")
}

test_private_and_loopback_listen_addresses_are_allowed if {
	settings := _listen("localhost,127.0.0.1,::1,10.0.1.5,fd00::5,db.internal", ["localhost", "127.0.0.1", "::1", "10.0.1.5", "fd00::5", "db.internal"])
	count(policy.deny) == 0 with input as fx.conf_facts(settings) with data.defaults as fx.defaults
}

test_world_open_scram_rule_is_high_at_its_line if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(1, "hostssl", "all", "all", "0.0.0.0/0", "scram-sha-256")])
	count(findings) == 1
	some finding in findings
	finding.message == "pg_hba.conf rule 'hostssl all all 0.0.0.0/0 scram-sha-256' accepts connections from any address"
	finding.location == fx.at("pg_hba.conf", 81)
	fx.severity(finding) == "default"
}

test_world_open_trust_rule_is_critical if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(1, "host", "all", "all", "all", "trust")])
	count(findings) == 1
	some finding in findings
	fx.severity(finding) == "critical"
}

test_public_range_with_scram_is_medium if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(1, "hostssl", "app", "app", "203.0.113.0/24", "scram-sha-256")])
	count(findings) == 1
	some finding in findings
	contains(finding.message, "public internet addresses")
	fx.severity(finding) == "medium"
}

test_world_open_cert_rule_is_medium if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(1, "hostssl", "all", "all", "::/0", "cert")])
	some finding in findings
	fx.severity(finding) == "medium"
}

test_world_open_rule_on_loopback_only_server_is_low if {
	settings := _listen("localhost", ["localhost"])
	rules := [fx.rule(1, "host", "all", "all", "0.0.0.0/0", "md5")]
	findings := policy.deny with input as fx.facts(settings, rules) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	fx.severity(finding) == "low"
}

test_rule_after_reject_for_all_addresses_is_silent if {
	rules := [
		fx.rule(1, "host", "all", "all", "0.0.0.0/0", "reject"),
		fx.rule(2, "hostssl", "all", "all", "0.0.0.0/0", "scram-sha-256"),
	]
	count(policy.deny) == 0 with input as fx.hba_facts(rules)
}

test_rule_after_reject_for_ipv4_only_is_still_denied_for_ipv6 if {
	rules := [
		fx.rule(1, "host", "all", "all", "0.0.0.0/0", "reject"),
		fx.rule(2, "host", "all", "all", "all", "scram-sha-256"),
	]
	findings := policy.deny with input as fx.hba_facts(rules)
	count(findings) == 1
	some finding in findings
	finding.location.line == 82
}

test_reject_for_one_database_does_not_shadow_all if {
	rules := [
		fx.rule(1, "host", "postgres", "all", "all", "reject"),
		fx.rule(2, "host", "all", "all", "all", "scram-sha-256"),
	]
	count(policy.deny) == 1 with input as fx.hba_facts(rules)
}

test_reject_rule_itself_is_silent if {
	count(policy.deny) == 0 with input as fx.hba_facts([fx.rule(1, "host", "all", "all", "0.0.0.0/0", "reject")])
}

test_hardened_setup_is_silent if {
	settings := _listen("localhost,10.0.1.5", ["localhost", "10.0.1.5"])
	rules := [
		fx.rule(1, "local", "all", "postgres", "", "peer"),
		fx.rule(2, "hostssl", "app", "app", "10.1.0.0/16", "scram-sha-256"),
		fx.rule(3, "host", "all", "all", "0.0.0.0/0", "reject"),
	]
	count(policy.deny) == 0 with input as fx.facts(settings, rules) with data.defaults as fx.defaults
}

test_unset_listen_addresses_is_localhost_and_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({}) with data.defaults as fx.defaults
}

test_unknown_listen_addresses_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({"listen_addresses": fx.unknown(59)})
		with data.defaults as fx.defaults
}

test_nothing_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.empty_facts with data.defaults as fx.defaults
}
