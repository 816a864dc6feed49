package pg_hardening.techniques.t20_published_ports_restricted_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.lib.source_fixtures_test as src
import data.pg_hardening.techniques.t20_published_ports_restricted as policy

_facts(extra) := src.compose_facts([src.service("db", 3, extra)], [])

test_port_on_every_interface_is_medium_at_its_line if {
	findings := policy.deny with input as _facts({"ports": [src.port("5432:5432", "all", 9)]})
	count(findings) == 1
	some finding in findings
	finding.message == "service 'db' publishes PostgreSQL's port on every interface of the host (5432:5432), past host firewalls such as ufw"
	finding.location == src.at_compose(9)
	fx.severity(finding) == "default"
}

test_host_network_is_medium if {
	findings := policy.deny with input as _facts({"host_network": {"value": true, "location": src.at_compose(5)}})
	count(findings) == 1
	some finding in findings
	finding.location == src.at_compose(5)
}

test_loopback_and_addressed_ports_are_quiet if {
	ports := [src.port("127.0.0.1:5432:5432", "loopback", 9), src.port("10.0.0.5:5432:5432", "address", 10), src.port("${PORT}:5432", "unknown", 11)]
	count(policy.deny) == 0 with input as _facts({"ports": ports})
}

test_other_ports_are_not_postgresql if {
	metrics := object.union(src.port("9187:9187", "all", 9), {"container_port": "9187", "postgres": false})
	count(policy.deny) == 0 with input as _facts({"ports": [metrics]})
}

test_no_containers_is_silent if {
	count(policy.deny) == 0 with input as fx.empty_facts
}
