package pg_hardening.techniques.t09_logging_enabled_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.techniques.t09_logging_enabled as policy

_collector := {
	"logging_collector": fx.set(true, 30),
	"log_directory": fx.set("/var/log/postgresql", 31),
	"log_filename": fx.set("postgresql-%a.log", 32),
	"log_file_mode": object.union(fx.set(384, 33), {"raw": "0600"}),
}

test_collector_off_is_denied_at_its_line if {
	findings := policy.deny with input as fx.conf_facts({"logging_collector": fx.set(false, 30)})
		with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "logging_collector = off, so the server log survives only if whatever started the server captures its stderr"
	finding.location == fx.at("postgresql.conf", 30)
	fx.severity(finding) == "default"
}

test_collector_default_is_denied_at_main_file if {
	findings := policy.deny with input as fx.conf_facts({}) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.location == fx.at("postgresql.conf", 1)
}

test_collector_off_with_syslog_only_is_allowed if {
	count(policy.deny) == 0 with input as fx.conf_facts({"log_destination": fx.set_list("syslog", ["syslog"], 29)})
		with data.defaults as fx.defaults
}

test_default_relative_log_directory_is_low if {
	settings := object.remove(_collector, ["log_directory"])
	findings := policy.deny with input as fx.conf_facts(settings) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "log_directory = 'log' is inside the data directory, so logs go into base backups and share the database's disk"
	finding.location.line == 1
	fx.severity(finding) == "low"
}

test_absolute_log_directory_under_data_directory_is_low if {
	settings := object.union(_collector, {
		"data_directory": fx.set("/var/lib/postgresql/15/main", 2),
		"log_directory": fx.set("/var/lib/postgresql/15/main/log", 31),
	})
	findings := policy.deny with input as fx.conf_facts(settings) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.location.line == 31
}

test_log_filename_without_escape_is_low if {
	settings := object.union(_collector, {"log_filename": fx.set("postgresql.log", 32)})
	findings := policy.deny with input as fx.conf_facts(settings) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "log_filename = 'postgresql.log' has no time escape such as %Y or %d, so rotation keeps writing to the same file"
	finding.location.line == 32
	fx.severity(finding) == "low"
}

test_world_readable_log_file_mode_is_denied if {
	settings := object.union(_collector, {"log_file_mode": object.union(fx.set(420, 33), {"raw": "0644"})})
	findings := policy.deny with input as fx.conf_facts(settings) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "log_file_mode = 0644 lets OS users other than postgres read or change the log files"
	finding.location.line == 33
}

test_decimal_600_log_file_mode_is_denied if {
	settings := object.union(_collector, {"log_file_mode": fx.set(600, 33)})
	findings := policy.deny with input as fx.conf_facts(settings) with data.defaults as fx.defaults
	some finding in findings
	finding.message == "log_file_mode = 600 (octal 01130) lets OS users other than postgres read or change the log files"
}

test_group_readable_log_file_mode_is_allowed if {
	settings := object.union(_collector, {"log_file_mode": fx.set(416, 33)})
	count(policy.deny) == 0 with input as fx.conf_facts(settings) with data.defaults as fx.defaults
}

test_hardened_collector_is_allowed if {
	count(policy.deny) == 0 with input as fx.conf_facts(_collector) with data.defaults as fx.defaults
}

test_unknown_collector_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({"logging_collector": fx.unknown(30)})
		with data.defaults as fx.defaults
}

test_conf_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.hba_facts([]) with data.defaults as fx.defaults
}
