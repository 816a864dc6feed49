# METADATA
# title: Connection slots are freed from idle and unauthenticated clients
# description: >-
#   Every connection holds a slot of max_connections. authentication_timeout bounds how
#   long a client that has not finished logging in keeps one, so a long value helps a slow
#   connection flood exhaust them. idle_session_timeout (PostgreSQL 14+) ends sessions left
#   open and idle; 0 disables it, which suits pooled connections, so that case is info.
#   superuser_reserved_connections keeps slots that ordinary roles cannot take, so an
#   administrator can still connect to end a flood.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-AUTHENTICATION-TIMEOUT
#     description: PostgreSQL manual, Connections and Authentication, authentication_timeout
#   - ref: https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-IDLE-SESSION-TIMEOUT
#     description: PostgreSQL manual, Client Connection Defaults, idle_session_timeout
# custom:
#   id: PGH-044
#   techniques: [44, 11, 25]
#   severity: low
#   kind: automated
#   inputs: [conf]
#   cis: []
#   remediation: >-
#     Keep authentication_timeout = '1min' or shorter (config.thresholds.authentication_timeout_max_s,
#     60 by default), set idle_session_timeout = '1h' for servers without a pooler (not
#     above config.thresholds.idle_session_timeout_max_ms), and keep
#     superuser_reserved_connections = 3.
package pg_hardening.techniques.t44_connection_timeouts

import data.pg_hardening.lib.config
import data.pg_hardening.lib.findings
import data.pg_hardening.lib.settings
import data.pg_hardening.lib.units

_default := "low"

deny contains finding if {
	timeout := settings.value("authentication_timeout")
	maximum := config.threshold("authentication_timeout_max_s")
	timeout > maximum
	finding := {
		"message": concat("", [
			"authentication_timeout = ",
			settings.shown("authentication_timeout"),
			" lets a client that has not logged in hold a connection slot for longer than ",
			units.duration(maximum * 1000),
		]),
		"location": settings.location("authentication_timeout"),
	}
}

deny contains finding if {
	input.target.major >= 14
	settings.value("idle_session_timeout") == 0
	finding := findings.finding(
		concat("", [
			"idle_session_timeout = ",
			settings.shown("idle_session_timeout"),
			", so idle sessions keep their connection slots indefinitely",
		]),
		settings.location("idle_session_timeout"),
		"info",
		_default,
	)
}

deny contains finding if {
	timeout := settings.value("idle_session_timeout")
	maximum := config.threshold("idle_session_timeout_max_ms")
	timeout > maximum
	finding := {
		"message": concat("", [
			"idle_session_timeout = ",
			settings.shown("idle_session_timeout"),
			" is longer than the maximum of ",
			units.duration(maximum),
		]),
		"location": settings.location("idle_session_timeout"),
	}
}

deny contains finding if {
	settings.value("superuser_reserved_connections") == 0
	finding := {
		"message": "superuser_reserved_connections = 0, so ordinary roles can take every connection slot and lock administrators out",
		"location": settings.location("superuser_reserved_connections"),
	}
}
