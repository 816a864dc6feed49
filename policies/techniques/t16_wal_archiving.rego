# METADATA
# title: WAL is archived for point-in-time recovery
# description: >-
#   A dump or base backup alone restores the database only as of the moment it was taken.
#   Continuous WAL archiving lets a base backup be rolled forward to any moment, which is
#   what recovers from a dropped table, ransomware or a bad migration. Archiving that is on
#   but has nothing to run keeps every WAL file in pg_wal until the disk is full, and a
#   command that only reports success discards WAL while looking configured.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/continuous-archiving.html
#     description: PostgreSQL manual, Continuous Archiving and Point-in-Time Recovery
#   - ref: https://www.postgresql.org/docs/current/runtime-config-wal.html#RUNTIME-CONFIG-WAL-ARCHIVING
#     description: PostgreSQL manual, Write Ahead Log, Archiving
# custom:
#   id: PGH-016
#   techniques: [16, 15, 36]
#   severity: medium
#   kind: automated
#   inputs: [conf]
#   cis: ["7.4"]
#   remediation: >-
#     Set wal_level = replica, archive_mode = on and either archive_command (for example
#     archive_command = 'pgbackrest --stanza=main archive-push %p', or WAL-G, Barman) or
#     archive_library, never both; restart, then watch pg_stat_archiver for failures.
package pg_hardening.techniques.t16_wal_archiving

import data.pg_hardening.lib.findings
import data.pg_hardening.lib.settings

_default := "medium"

deny contains finding if {
	_mode == "off"
	finding := {
		"message": concat("", [
			"archive_mode = ",
			settings.shown("archive_mode"),
			", so WAL is not archived and the database cannot be restored to a point in time",
		]),
		"location": settings.location("archive_mode"),
	}
}

deny contains finding if {
	_archiving
	_command == ""
	_library == ""
	finding := findings.finding(
		concat("", [
			"archive_mode = ",
			settings.shown("archive_mode"),
			" but neither archive_command nor archive_library is set, so WAL files pile up in pg_wal until the disk is full",
		]),
		settings.location("archive_mode"),
		"high",
		_default,
	)
}

deny contains finding if {
	_archiving
	_command in _no_ops
	_library == ""
	finding := {
		"message": concat("", [
			"archive_command = '",
			settings.shown("archive_command"),
			"' reports success without copying WAL anywhere",
		]),
		"location": settings.location("archive_command"),
	}
}

deny contains finding if {
	_archiving
	input.target.major >= 16
	_command != ""
	_library != ""
	finding := findings.finding(
		"archive_command and archive_library are both set, so the archiver fails and WAL files pile up in pg_wal",
		settings.location("archive_library"),
		"high",
		_default,
	)
}

deny contains finding if {
	_archiving
	lower(settings.value("wal_level")) == "minimal"
	finding := findings.finding(
		"wal_level = minimal with archive_mode on stops the server from starting",
		settings.location("wal_level"),
		"high",
		_default,
	)
}

# The facts spell enum values the way PostgreSQL shows them (true as on).
_mode := lower(settings.value("archive_mode"))

_archiving if _mode in {"on", "always"}

_command := trim_space(settings.value("archive_command"))

# archive_library exists from PostgreSQL 15 on.
_library := trim_space(settings.value("archive_library")) if {
	settings.known("archive_library")
} else := ""

_no_ops := {"true", "/bin/true", "/usr/bin/true", "exit 0", ":", "(disabled)"}
