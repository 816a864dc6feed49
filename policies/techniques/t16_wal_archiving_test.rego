package pg_hardening.techniques.t16_wal_archiving_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.techniques.t16_wal_archiving as policy

_on := {"archive_mode": fx.set("on", 70)}

test_archive_mode_off_is_denied_at_main_file if {
	findings := policy.deny with input as fx.conf_facts({}) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "archive_mode = off, so WAL is not archived and the database cannot be restored to a point in time"
	finding.location == fx.at("postgresql.conf", 1)
	fx.severity(finding) == "default"
}

test_archive_mode_on_without_command_is_high if {
	findings := policy.deny with input as fx.conf_facts(_on) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.location == fx.at("postgresql.conf", 70)
	contains(finding.message, "pile up in pg_wal")
	fx.severity(finding) == "high"
}

test_no_op_command_is_denied_at_its_line if {
	settings := object.union(_on, {"archive_command": fx.set("/bin/true", 71)})
	findings := policy.deny with input as fx.conf_facts(settings) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "archive_command = '/bin/true' reports success without copying WAL anywhere"
	finding.location.line == 71
}

test_command_and_library_on_16_are_high if {
	settings := object.union(_on, {"archive_command": fx.set("cp %p /archive/%f", 71), "archive_library": fx.set("basic_archive", 72)})
	facts := object.union(fx.conf_facts(settings), {"target": fx.target(16)})
	findings := policy.deny with input as facts with data.defaults as {"16": fx.defaults["15"]}
	count(findings) == 1
	some finding in findings
	finding.location.line == 72
	fx.severity(finding) == "high"
}

test_minimal_wal_level_with_archiving_is_high if {
	settings := object.union(_on, {"archive_command": fx.set("cp %p /archive/%f", 71), "wal_level": fx.set("minimal", 73)})
	findings := policy.deny with input as fx.conf_facts(settings) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.location.line == 73
}

test_archive_command_is_allowed if {
	settings := object.union(_on, {"archive_command": fx.set("pgbackrest --stanza=main archive-push %p", 71)})
	count(policy.deny) == 0 with input as fx.conf_facts(settings) with data.defaults as fx.defaults
}

test_archive_library_on_old_major_without_setting_is_allowed if {
	settings := object.union(_on, {"archive_command": fx.set("wal-g wal-push %p", 71)})
	facts := object.union(fx.conf_facts(settings), {"target": fx.target(14)})
	count(policy.deny) == 0 with input as facts with data.defaults as {"14": object.remove(fx.defaults["15"], ["archive_library"])}
}

test_always_with_library_is_allowed if {
	settings := {"archive_mode": fx.set("always", 70), "archive_library": fx.set("basic_archive", 72)}
	count(policy.deny) == 0 with input as fx.conf_facts(settings) with data.defaults as fx.defaults
}

test_unknown_archive_mode_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({"archive_mode": fx.unknown(70)}) with data.defaults as fx.defaults
}

test_conf_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.hba_facts([]) with data.defaults as fx.defaults
}
