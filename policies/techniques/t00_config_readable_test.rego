package pg_hardening.techniques.t00_config_readable_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.techniques.t00_config_readable as policy

_with_diagnostics(diagnostics) := object.union(fx.empty_facts, {"diagnostics": diagnostics})

test_error_diagnostic_is_high_at_its_line if {
	findings := policy.deny with input as _with_diagnostics([{
		"code": "UNKNOWN_PARAMETER",
		"level": "error",
		"message": "unrecognized configuration parameter \"wal_keep_segments\"",
		"location": fx.at("postgresql.conf", 12),
	}])
	count(findings) == 1
	some finding in findings
	finding.location == fx.at("postgresql.conf", 12)
	finding.message == "unrecognized configuration parameter \"wal_keep_segments\" (UNKNOWN_PARAMETER)"
	fx.severity(finding) == "default"
}

test_warning_diagnostic_is_low if {
	findings := policy.deny with input as _with_diagnostics([{
		"code": "OUTSIDE_ROOT",
		"level": "warning",
		"message": "include /etc/postgresql/common.conf is outside the scanned folder",
		"location": fx.at("postgresql.conf", 3),
	}])
	count(findings) == 1
	some finding in findings
	fx.severity(finding) == "low"
	finding.location.line == 3
}

test_diagnostic_without_location_points_at_main_file if {
	facts := object.union(fx.conf_facts({}), {"diagnostics": [{
		"code": "HBA_FILE_MISSING",
		"level": "error",
		"message": "hba_file = 'pg_hba.conf' does not exist",
	}]})
	findings := policy.deny with input as facts
	count(findings) == 1
	some finding in findings
	finding.location == fx.at("postgresql.conf", 1)
}

test_diagnostic_without_location_points_at_hba_file if {
	facts := object.union(fx.hba_facts([]), {"diagnostics": [{
		"code": "HBA_INCLUDE_DEPTH",
		"level": "error",
		"message": "includes nested too deeply",
	}]})
	findings := policy.deny with input as facts
	some finding in findings
	finding.location == fx.at("pg_hba.conf", 1)
}

test_diagnostic_without_any_file_is_silent if {
	count(policy.deny) == 0 with input as _with_diagnostics([{
		"code": "HBA_FILE_MISSING",
		"level": "error",
		"message": "no file",
	}])
}

test_notice_is_silent if {
	count(policy.deny) == 0 with input as _with_diagnostics([{
		"code": "ASSUMED_MAJOR",
		"level": "notice",
		"message": "assuming PostgreSQL 17",
	}])
}

test_clean_files_are_silent if {
	count(policy.deny) == 0 with input as fx.facts({}, [])
}

test_nothing_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.empty_facts
}
