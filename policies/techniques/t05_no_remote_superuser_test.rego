package pg_hardening.techniques.t05_no_remote_superuser_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.techniques.t05_no_remote_superuser as policy

test_all_users_from_any_address_is_high_at_its_line if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(1, "hostssl", "all", "all", "0.0.0.0/0", "scram-sha-256")])
	count(findings) == 1
	some finding in findings
	finding.message == "pg_hba.conf rule 'hostssl all all 0.0.0.0/0 scram-sha-256' lets superuser postgres connect from other hosts"
	finding.location == fx.at("pg_hba.conf", 81)
	fx.severity(finding) == "default"
}

test_postgres_from_private_network_is_medium if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(1, "hostssl", "all", "postgres", "10.0.0.0/8", "scram-sha-256")])
	count(findings) == 1
	some finding in findings
	fx.severity(finding) == "medium"
}

test_trust_for_postgres_from_network_is_critical if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(1, "host", "all", "postgres", "samenet", "trust")])
	some finding in findings
	fx.severity(finding) == "critical"
}

test_replication_as_postgres_is_denied if {
	count(policy.deny) == 1 with input as fx.hba_facts([fx.rule(1, "hostssl", "replication", "postgres", "10.0.0.0/8", "scram-sha-256")])
}

test_regex_matching_postgres_is_denied if {
	rule := object.union(fx.rule(1, "hostssl", "all", "x", "10.0.0.0/8", "scram-sha-256"), {"users": [{"value": "^post", "kind": "regex"}]})
	count(policy.deny) == 1 with input as fx.hba_facts([rule])
}

test_group_is_low if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(1, "hostssl", "all", "+dba", "10.0.0.0/8", "scram-sha-256")])
	count(findings) == 1
	some finding in findings
	contains(finding.message, "members of +dba")
	finding.location == fx.at("pg_hba.conf", 81)
	fx.severity(finding) == "low"
}

test_configured_superuser_is_denied if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(1, "hostssl", "all", "admin", "10.0.0.0/8", "scram-sha-256")])
		with data.config as {"thresholds": {"superusers": ["postgres", "admin"]}}
	count(findings) == 1
}

test_server_listening_on_loopback_only_is_low if {
	facts := fx.facts({"listen_addresses": fx.set_list("localhost", ["localhost"], 59)}, [fx.rule(1, "host", "all", "all", "all", "scram-sha-256")])
	findings := policy.deny with input as facts with data.defaults as fx.defaults
	some finding in findings
	fx.severity(finding) == "low"
}

test_reject_for_postgres_before_broad_rule_is_allowed if {
	rules := [
		fx.rule(1, "local", "all", "postgres", "", "peer"),
		fx.rule(2, "host", "all", "postgres", "all", "reject"),
		fx.rule(3, "hostssl", "all", "all", "0.0.0.0/0", "scram-sha-256"),
	]
	count(policy.deny) == 0 with input as fx.hba_facts(rules)
}

test_reject_for_postgres_on_ipv4_only_leaves_ipv6_rule if {
	rules := [
		fx.rule(1, "host", "all", "postgres", "0.0.0.0/0", "reject"),
		fx.rule(2, "hostssl", "all", "all", "::/0", "scram-sha-256"),
	]
	findings := policy.deny with input as fx.hba_facts(rules)
	count(findings) == 1
	some finding in findings
	finding.location.line == 82
}

test_rule_behind_an_accepting_rule_is_still_denied if {
	rules := [
		fx.rule(1, "hostssl", "all", "postgres", "10.0.0.0/8", "scram-sha-256"),
		fx.rule(2, "hostssl", "all", "all", "10.1.0.0/16", "scram-sha-256"),
	]
	findings := policy.deny with input as fx.hba_facts(rules)
	{finding.location.line | some finding in findings} == {81, 82}
}

test_local_peer_and_loopback_are_allowed if {
	rules := [
		fx.rule(1, "local", "all", "postgres", "", "peer"),
		fx.rule(2, "host", "all", "all", "127.0.0.1/32", "scram-sha-256"),
		fx.rule(3, "host", "all", "all", "::1/128", "scram-sha-256"),
		fx.rule(4, "hostssl", "app", "app", "10.0.0.0/8", "scram-sha-256"),
	]
	count(policy.deny) == 0 with input as fx.hba_facts(rules)
}

test_hba_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({}) with data.defaults as fx.defaults
}
