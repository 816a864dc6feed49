# METADATA
# title: Configuration files are readable and valid for PostgreSQL
# description: >-
#   A line PostgreSQL rejects stops the server from starting or makes it keep the previous
#   pg_hba.conf, often because the line uses a parameter or keyword a newer major version
#   removed. A file the scan could not read (an include outside the scanned folder, a
#   binary file) leaves settings unknown, and rules about them stay silent, so the
#   other findings may be incomplete.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/config-setting.html
#     description: PostgreSQL manual, Setting Parameters
#   - ref: https://www.postgresql.org/docs/current/auth-pg-hba-conf.html
#     description: PostgreSQL manual, The pg_hba.conf File
# custom:
#   id: PGH-000
#   techniques: [43]
#   severity: high
#   kind: automated
#   inputs: [conf, hba]
#   cis: []
#   remediation: >-
#     Fix or remove the line the finding points at (for a removed parameter, use its
#     replacement for your major version, for example wal_keep_size instead of
#     wal_keep_segments), then check it with `postgres -C <parameter> -D <datadir>` or
#     `SELECT * FROM pg_hba_file_rules WHERE error IS NOT NULL` before reloading. For an
#     include outside the scanned folder, scan the folder that holds it too.
package pg_hardening.techniques.t00_config_readable

import data.pg_hardening.lib.findings

_default := "high"

# error: PostgreSQL refuses the file; warning: the scan could not read all of it.
_severity := {"error": "high", "warning": "low"}

deny contains finding if {
	some diagnostic in input.diagnostics
	severity := _severity[diagnostic.level]
	finding := findings.finding(
		concat("", [diagnostic.message, " (", diagnostic.code, ")"]),
		_location(diagnostic),
		severity,
		_default,
	)
}

# A problem with no line of its own (a file that is missing altogether) points at the
# deployment's main file.
_location(diagnostic) := location if {
	location := diagnostic.location
} else := location if {
	location := {"file": input.postgresql.config_file, "line": 1, "column": 1}
} else := {"file": input.hba.file, "line": 1, "column": 1}
