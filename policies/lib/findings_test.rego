package pg_hardening.lib.findings_test

import data.pg_hardening.lib.findings

_location := {"file": "pg_hba.conf", "line": 3, "column": 1}

test_package_severity_is_left_out if {
	findings.finding("m", _location, "high", "high") == {"message": "m", "location": _location}
}

test_other_severity_is_kept if {
	findings.finding("m", _location, "low", "high") == {"message": "m", "location": _location, "severity": "low"}
}
