package pg_hardening.techniques.t08_pgaudit_enabled_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.techniques.t08_pgaudit_enabled as policy

_preload(raw, items) := {"shared_preload_libraries": fx.set_list(raw, items, 20)}

_audit(raw, items) := object.union(_preload("pgaudit", ["pgaudit"]), {"pgaudit.log": fx.set_list(raw, items, 21)})

test_pgaudit_not_preloaded_is_denied_at_its_line if {
	findings := policy.deny with input as fx.conf_facts(_preload("pg_stat_statements", ["pg_stat_statements"]))
		with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "shared_preload_libraries = 'pg_stat_statements' does not load pgaudit, so no audit trail of statements is written"
	finding.location == fx.at("postgresql.conf", 20)
}

test_default_preload_list_is_denied_at_main_file if {
	findings := policy.deny with input as fx.conf_facts({}) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.location == fx.at("postgresql.conf", 1)
}

test_pgaudit_loaded_without_log_setting_is_denied if {
	findings := policy.deny with input as fx.conf_facts(_preload("$libdir/pgaudit.so", ["$libdir/pgaudit.so"]))
		with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "pgaudit.log = 'none' does not log the ddl, write classes"
	finding.location.line == 1
}

test_missing_write_class_is_denied_at_its_line if {
	findings := policy.deny with input as fx.conf_facts(_audit("ddl, role", ["ddl", "role"])) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "pgaudit.log = 'ddl, role' does not log the write class"
	finding.location == fx.at("postgresql.conf", 21)
}

test_all_minus_write_is_denied if {
	count(policy.deny) == 1 with input as fx.conf_facts(_audit("all,-write", ["all", "-write"]))
		with data.defaults as fx.defaults
}

test_later_entry_wins_over_exclusion if {
	count(policy.deny) == 0 with input as fx.conf_facts(_audit("-ddl,all", ["-ddl", "all"]))
		with data.defaults as fx.defaults
}

test_stig_classes_can_be_required if {
	findings := policy.deny with input as fx.conf_facts(_audit("DDL,WRITE", ["DDL", "WRITE"])) with data.defaults as fx.defaults
		with data.config as {"thresholds": {"pgaudit_required_classes": ["ddl", "role", "read", "write"]}}
	some finding in findings
	contains(finding.message, "role, read classes")
}

test_ddl_and_write_are_allowed if {
	count(policy.deny) == 0 with input as fx.conf_facts(_audit("ddl, write, role", ["ddl", "write", "role"]))
		with data.defaults as fx.defaults
}

test_all_is_allowed if {
	count(policy.deny) == 0 with input as fx.conf_facts(_audit("all, -misc", ["all", "-misc"]))
		with data.defaults as fx.defaults
}

test_unknown_preload_list_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({"shared_preload_libraries": fx.unknown(20)})
		with data.defaults as fx.defaults
}

test_conf_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.hba_facts([]) with data.defaults as fx.defaults
}

test_log_setting_without_items_is_split_like_pgaudit_does if {
	settings := object.union(_preload("pgaudit", ["pgaudit"]), {"pgaudit.log": fx.set("read, DDL,-read", 21)})
	findings := policy.deny with input as fx.conf_facts(settings) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "pgaudit.log = 'read, DDL,-read' does not log the write class"
}
