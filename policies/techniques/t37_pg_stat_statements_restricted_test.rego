package pg_hardening.techniques.t37_pg_stat_statements_restricted_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.techniques.t37_pg_stat_statements_restricted as policy

_loaded := {"shared_preload_libraries": fx.set_list("pg_stat_statements", ["pg_stat_statements"], 20)}

_restricted := object.union(_loaded, {
	"pg_stat_statements.track_utility": fx.set(false, 21),
	"pg_stat_statements.save": fx.set(false, 22),
})

test_defaults_when_loaded_report_track_utility_and_save if {
	findings := policy.deny with input as fx.conf_facts(_loaded) with data.defaults as fx.defaults
	count(findings) == 2
	some utility in findings
	utility.message == "pg_stat_statements.track_utility = on records the text of utility statements, which can include passwords given to CREATE ROLE and ALTER ROLE"
	utility.location == fx.at("postgresql.conf", 1)
	fx.severity(utility) == "default"
	some save in findings
	contains(save.message, "pg_stat_statements.save = on")
	fx.severity(save) == "info"
}

test_track_utility_on_is_denied_at_its_line if {
	settings := object.union(_restricted, {"pg_stat_statements.track_utility": fx.set(true, 21)})
	findings := policy.deny with input as fx.conf_facts(settings) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.location.line == 21
}

test_track_all_is_denied if {
	settings := object.union(_restricted, {"pg_stat_statements.track": fx.set("all", 23)})
	findings := policy.deny with input as fx.conf_facts(settings) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.location.line == 23
	fx.severity(finding) == "default"
}

test_large_max_is_info if {
	settings := object.union(_restricted, {"pg_stat_statements.max": fx.set(50000, 24)})
	findings := policy.deny with input as fx.conf_facts(settings) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "pg_stat_statements.max = 50000 keeps the text of more than 10000 statements"
	fx.severity(finding) == "info"
}

test_restricted_settings_are_allowed if {
	count(policy.deny) == 0 with input as fx.conf_facts(_restricted) with data.defaults as fx.defaults
}

test_settings_without_the_library_are_silent if {
	settings := {"pg_stat_statements.track": fx.set("all", 23)}
	count(policy.deny) == 0 with input as fx.conf_facts(settings) with data.defaults as fx.defaults
}

test_conf_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.hba_facts([]) with data.defaults as fx.defaults
}

test_placeholder_text_values_are_read_as_the_extension_reads_them if {
	settings := object.union(_loaded, {
		"pg_stat_statements.track_utility": fx.set("off", 21),
		"pg_stat_statements.save": fx.set("on", 22),
		"pg_stat_statements.max": fx.set("20000", 24),
	})
	findings := policy.deny with input as fx.conf_facts(settings) with data.defaults as fx.defaults
	count(findings) == 2
	{finding.location.line | some finding in findings} == {22, 24}
}
