# METADATA
# title: Every log line says when, which session, who, where and from where
# description: >-
#   A log line without a timestamp, process id, user, database and client address cannot
#   be tied to a session or a person during an investigation. The default '%m [%p] ' has
#   only time and process. csvlog and jsonlog output carry these fields anyway, and syslog
#   adds its own time and process id, so only the rest is asked of them.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/runtime-config-logging.html#GUC-LOG-LINE-PREFIX
#     description: PostgreSQL manual, Error Reporting and Logging, log_line_prefix
# custom:
#   id: PGH-031
#   techniques: [31, 10]
#   severity: low
#   kind: automated
#   inputs: [conf]
#   cis: ["3.1.24"]
#   remediation: >-
#     Set log_line_prefix = '%m [%p] %q%u@%d from %r app=%a ' (time, process, user,
#     database, client host and port, application).
package pg_hardening.techniques.t31_informative_log_line_prefix

import data.pg_hardening.lib.settings

# What a line must say, and the escapes that say it.
_fields := [
	{"name": "time (%m, %t or %n)", "escapes": {"m", "t", "n"}, "syslog": true},
	{"name": "process (%p or %c)", "escapes": {"p", "c"}, "syslog": true},
	{"name": "user (%u)", "escapes": {"u"}, "syslog": false},
	{"name": "database (%d)", "escapes": {"d"}, "syslog": false},
	{"name": "client (%h or %r)", "escapes": {"h", "r"}, "syslog": false},
]

deny contains finding if {
	_text_destinations
	missing := [field.name |
		some field in _fields
		_required(field)
		count(field.escapes & _escapes) == 0
	]
	count(missing) > 0
	finding := {
		"message": concat("", [
			"log_line_prefix = '",
			settings.shown("log_line_prefix"),
			"' does not record the ",
			concat(", ", missing),
		]),
		"location": settings.location("log_line_prefix"),
	}
}

_destinations := {lower(destination) | some destination in settings.list("log_destination")}

_plain_text := {"stderr", "syslog", "eventlog"}

_text_destinations if {
	some destination in _destinations
	destination in _plain_text
}

# syslog and eventlog stamp time and process themselves; stderr does not.
_required(field) if not field.syslog

_required(_) if "stderr" in _destinations

# The escape letters the prefix uses. %% is a literal percent sign, so "%%u" does not log
# the user; a padding width such as %-10u may come between % and the letter.
_escapes := {substring(trim_left(part, "-0123456789"), 0, 1) |
	some i, part in split(replace(settings.value("log_line_prefix"), "%%", ""), "%")
	i > 0
}
