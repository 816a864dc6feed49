package pg_hardening.techniques.t18_pg_stat_statements_disabled_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.techniques.t18_pg_stat_statements_disabled as policy

test_loaded_is_reported_at_its_line if {
	settings := {"shared_preload_libraries": fx.set_list("pgaudit,pg_stat_statements", ["pgaudit", "pg_stat_statements"], 20)}
	findings := policy.deny with input as fx.conf_facts(settings) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.location == fx.at("postgresql.conf", 20)
	fx.severity(finding) == "default"
}

test_not_loaded_is_allowed if {
	settings := {"shared_preload_libraries": fx.set_list("pgaudit", ["pgaudit"], 20)}
	count(policy.deny) == 0 with input as fx.conf_facts(settings) with data.defaults as fx.defaults
}

test_default_is_allowed if {
	count(policy.deny) == 0 with input as fx.conf_facts({}) with data.defaults as fx.defaults
}

test_unknown_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({"shared_preload_libraries": fx.unknown(20)})
		with data.defaults as fx.defaults
}

test_conf_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.hba_facts([]) with data.defaults as fx.defaults
}
