package pg_hardening.techniques.t17_full_page_writes_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.techniques.t17_full_page_writes as policy

test_full_page_writes_off_is_denied_at_its_line if {
	findings := policy.deny with input as fx.conf_facts({"full_page_writes": fx.set(false, 12)}) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "full_page_writes = off, so a page torn by a crash cannot be repaired from WAL"
	finding.location == fx.at("postgresql.conf", 12)
	fx.severity(finding) == "default"
}

test_fsync_off_is_denied if {
	findings := policy.deny with input as fx.conf_facts({"fsync": fx.set(false, 11)}) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.location.line == 11
}

test_zero_damaged_pages_is_medium if {
	findings := policy.deny with input as fx.conf_facts({"zero_damaged_pages": fx.set(true, 13)}) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.message == "zero_damaged_pages = on, so damaged pages are silently zeroed, losing their rows"
	finding.location == fx.at("postgresql.conf", 13)
	fx.severity(finding) == "medium"
}

test_ignore_checksum_failure_is_medium if {
	findings := policy.deny with input as fx.conf_facts({"ignore_checksum_failure": fx.set(true, 14)}) with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.location.line == 14
	fx.severity(finding) == "medium"
}

test_defaults_are_allowed if {
	count(policy.deny) == 0 with input as fx.conf_facts({}) with data.defaults as fx.defaults
}

test_explicit_on_is_allowed if {
	count(policy.deny) == 0 with input as fx.conf_facts({"full_page_writes": fx.set(true, 12), "fsync": fx.set(true, 11)})
		with data.defaults as fx.defaults
}

test_unknown_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({"full_page_writes": fx.unknown(12)}) with data.defaults as fx.defaults
}

test_conf_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.hba_facts([]) with data.defaults as fx.defaults
}
