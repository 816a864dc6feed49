# METADATA
# title: Statements and idle transactions are timed out
# description: >-
#   A session left idle inside a transaction keeps its locks and its snapshot, which blocks
#   DDL and stops VACUUM from removing dead rows, so tables bloat until the session ends; a
#   runaway statement holds a connection, memory and locks. idle_in_transaction_session_timeout
#   and statement_timeout end them. Both are 0 (no limit) by default. A global
#   statement_timeout also cuts off maintenance such as pg_dump, so it is often set per role
#   instead (ALTER ROLE ... SET), which the configuration files do not show; that case is
#   reported as info.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-STATEMENT-TIMEOUT
#     description: PostgreSQL manual, Client Connection Defaults, statement_timeout
#   - ref: https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-IDLE-IN-TRANSACTION-SESSION-TIMEOUT
#     description: PostgreSQL manual, Client Connection Defaults, idle_in_transaction_session_timeout
# custom:
#   id: PGH-022
#   techniques: [22, 44]
#   severity: low
#   kind: automated
#   inputs: [conf]
#   cis: []
#   remediation: >-
#     Set idle_in_transaction_session_timeout = '10min' in postgresql.conf, and
#     statement_timeout for application roles (ALTER ROLE app SET statement_timeout = '30s')
#     or globally (statement_timeout = '1h'); the maxima are
#     config.thresholds.idle_in_transaction_session_timeout_max_ms (10 minutes) and
#     statement_timeout_max_ms (1 hour).
package pg_hardening.techniques.t22_statement_timeouts

import data.pg_hardening.lib.config
import data.pg_hardening.lib.findings
import data.pg_hardening.lib.settings
import data.pg_hardening.lib.units

_default := "low"

# Disabling each timeout, and how much that matters when it is only the global default.
_disabled := {
	"idle_in_transaction_session_timeout": {
		"effect": "sessions idle in a transaction keep their locks and snapshot indefinitely",
		"severity": "low",
	},
	"statement_timeout": {
		"effect": "statements run without a time limit unless a role or database sets one",
		"severity": "info",
	},
}

deny contains finding if {
	some name, disabled in _disabled
	settings.value(name) == 0
	finding := findings.finding(
		concat("", [name, " = ", settings.shown(name), ", so ", disabled.effect]),
		settings.location(name),
		disabled.severity,
		_default,
	)
}

deny contains finding if {
	some name, _ in _disabled
	timeout := settings.value(name)
	maximum := config.threshold(concat("", [name, "_max_ms"]))
	timeout > maximum
	finding := {
		"message": concat("", [
			name,
			" = ",
			settings.shown(name),
			" is longer than the maximum of ",
			units.duration(maximum),
		]),
		"location": settings.location(name),
	}
}
