package pg_hardening.techniques.t11_resource_limits_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.techniques.t11_resource_limits as policy

_temp_limited := {"temp_file_limit": fx.set(20971520, 50)}

test_large_work_mem_is_denied_at_its_line if {
	settings := object.union(_temp_limited, {"work_mem": object.union(fx.set(262144, 40), {"raw": "256MB"}), "max_connections": fx.set(200, 41)})
	findings := policy.deny with input as fx.conf_facts(settings) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "work_mem = 256MB x max_connections = 200 lets sessions claim 51200 MB for sorts and hashes, more than the budget of 16384 MB"
	finding.location == fx.at("postgresql.conf", 40)
	fx.severity(finding) == "default"
}

test_many_connections_with_default_work_mem_point_at_max_connections if {
	settings := object.union(_temp_limited, {"max_connections": fx.set(5000, 41)})
	findings := policy.deny with input as fx.conf_facts(settings) with data.defaults as fx.defaults
		with data.config as {"thresholds": {"work_mem_budget_kb": 4194304}}
	count(findings) == 1
	some finding in findings
	finding.location.line == 41
}

test_unlimited_temp_files_are_medium_at_main_file if {
	findings := policy.deny with input as fx.conf_facts({}) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "temp_file_limit = -1 lets one session fill the data volume with temporary files"
	finding.location == fx.at("postgresql.conf", 1)
	fx.severity(finding) == "medium"
}

test_unlimited_temp_files_on_own_tablespace_are_allowed if {
	settings := {"temp_tablespaces": fx.set_list("scratch", ["scratch"], 51)}
	count(policy.deny) == 0 with input as fx.conf_facts(settings) with data.defaults as fx.defaults
}

test_bounded_memory_is_allowed if {
	settings := object.union(_temp_limited, {"work_mem": fx.set(16384, 40), "max_connections": fx.set(200, 41)})
	count(policy.deny) == 0 with input as fx.conf_facts(settings) with data.defaults as fx.defaults
}

test_unknown_work_mem_is_silent if {
	settings := object.union(_temp_limited, {"work_mem": fx.unknown(40), "max_connections": fx.set(100000, 41)})
	count(policy.deny) == 0 with input as fx.conf_facts(settings) with data.defaults as fx.defaults
}

test_conf_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.hba_facts([]) with data.defaults as fx.defaults
}
