package pg_hardening.techniques.t31_informative_log_line_prefix_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.techniques.t31_informative_log_line_prefix as policy

_prefix(value) := {"log_line_prefix": fx.set(value, 77)}

test_default_prefix_is_denied_at_main_file if {
	findings := policy.deny with input as fx.conf_facts({}) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "log_line_prefix = '%m [%p] ' does not record the user (%u), database (%d), client (%h or %r)"
	finding.location == fx.at("postgresql.conf", 1)
	fx.severity(finding) == "default"
}

test_prefix_without_client_is_denied_at_its_line if {
	findings := policy.deny with input as fx.conf_facts(_prefix("%t [%p] %u@%d ")) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "log_line_prefix = '%t [%p] %u@%d ' does not record the client (%h or %r)"
	finding.location == fx.at("postgresql.conf", 77)
}

test_escaped_percent_does_not_count if {
	findings := policy.deny with input as fx.conf_facts(_prefix("%m [%p] %%u %d %h ")) with data.defaults as fx.defaults
	some finding in findings
	contains(finding.message, "the user (%u)")
}

test_padded_escapes_count if {
	count(policy.deny) == 0 with input as fx.conf_facts(_prefix("%m [%-10p] %10u@%-8d %r ")) with data.defaults as fx.defaults
}

test_complete_prefix_is_allowed if {
	count(policy.deny) == 0 with input as fx.conf_facts(_prefix("%m [%p] %q%u@%d from %r app=%a ")) with data.defaults as fx.defaults
}

test_syslog_needs_no_time_or_process if {
	settings := object.union(_prefix("user=%u,db=%d,client=%h "), {"log_destination": fx.set_list("syslog", ["syslog"], 76)})
	count(policy.deny) == 0 with input as fx.conf_facts(settings) with data.defaults as fx.defaults
}

test_csvlog_only_is_silent if {
	settings := {"log_destination": fx.set_list("csvlog", ["csvlog"], 76)}
	count(policy.deny) == 0 with input as fx.conf_facts(settings) with data.defaults as fx.defaults
}

test_unknown_prefix_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({"log_line_prefix": fx.unknown(77)}) with data.defaults as fx.defaults
}

test_conf_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.hba_facts([]) with data.defaults as fx.defaults
}
