# METADATA
# title: The server writes its own rotated, private log files
# description: >-
#   The log is the record of connections, errors and audited statements. With
#   logging_collector off, stderr output survives only if whatever started the server
#   captures it, and csvlog or jsonlog output is not written as such. With the collector on,
#   a relative log_directory puts the logs inside the data directory (into base backups,
#   and on the disk whose filling stops the database), a log_filename without time escapes
#   defeats rotation, and a loose log_file_mode lets other OS users read statements and
#   the values in them.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/runtime-config-logging.html#RUNTIME-CONFIG-LOGGING-WHERE
#     description: PostgreSQL manual, Error Reporting and Logging, Where to Log
# custom:
#   id: PGH-009
#   techniques: [9, 10]
#   severity: medium
#   kind: automated
#   inputs: [conf]
#   cis: ["3.1.3", "3.1.4", "3.1.5", "3.1.6"]
#   remediation: >-
#     Set logging_collector = on, log_directory = '/var/log/postgresql' (an absolute path
#     outside the data directory, owned by postgres, mode 0700),
#     log_filename = 'postgresql-%Y-%m-%d.log' with log_rotation_age = 1d, and
#     log_file_mode = 0600. A container that sends stderr to its runtime may instead keep the
#     collector off and ship the runtime's logs.
package pg_hardening.techniques.t09_logging_enabled

import data.pg_hardening.lib.findings
import data.pg_hardening.lib.settings

_default := "medium"

deny contains finding if {
	settings.off("logging_collector")
	some destination in _destinations
	destination in {"stderr", "csvlog", "jsonlog"}
	finding := {
		"message": concat("", [
			"logging_collector = ",
			settings.shown("logging_collector"),
			", so the server log survives only if whatever started the server captures its stderr",
		]),
		"location": settings.location("logging_collector"),
	}
}

deny contains finding if {
	settings.on("logging_collector")
	directory := settings.value("log_directory")
	_inside_data_directory(directory)
	finding := findings.finding(
		concat("", [
			"log_directory = '",
			settings.shown("log_directory"),
			"' is inside the data directory, so logs go into base backups and share the database's disk",
		]),
		settings.location("log_directory"),
		"low",
		_default,
	)
}

deny contains finding if {
	settings.on("logging_collector")
	not contains(settings.value("log_filename"), "%")
	finding := findings.finding(
		concat("", [
			"log_filename = '",
			settings.shown("log_filename"),
			"' has no time escape such as %Y or %d, so rotation keeps writing to the same file",
		]),
		settings.location("log_filename"),
		"low",
		_default,
	)
}

deny contains finding if {
	settings.on("logging_collector")
	mode := settings.value("log_file_mode")
	bits.and(mode, 23) != 0 # 0o027: group write, or any access for others
	finding := {
		"message": concat("", [
			"log_file_mode = ",
			_mode_text,
			" lets OS users other than postgres read or change the log files",
		]),
		"location": settings.location("log_file_mode"),
	}
}

# An octal mode written without its leading 0 is decimal (600 is 01130), so show what it means.
_mode_text := settings.shown("log_file_mode") if {
	startswith(settings.shown("log_file_mode"), "0")
} else := concat("", [settings.shown("log_file_mode"), " (octal 0", format_int(mode, 8), ")"]) if {
	mode := settings.value("log_file_mode")
}

_destinations := {lower(destination) | some destination in settings.list("log_destination")}

_inside_data_directory(directory) if not startswith(directory, "/")

_inside_data_directory(directory) if {
	data_directory := trim_suffix(settings.value("data_directory"), "/")
	data_directory != ""
	startswith(directory, concat("", [data_directory, "/"]))
}
