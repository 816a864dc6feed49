# METADATA
# title: max_connections stays within what the server can serve
# description: >-
#   Each connection is a server process with its own memory, and PostgreSQL's throughput
#   falls well before thousands of them are active; a very high max_connections turns a
#   connection storm or leak into memory exhaustion instead of refused connections. A
#   pooler such as PgBouncer serves many clients with few server connections.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-MAX-CONNECTIONS
#     description: PostgreSQL manual, Connections and Authentication, max_connections
# custom:
#   id: PGH-025
#   techniques: [25, 11, 49]
#   severity: low
#   kind: automated
#   inputs: [conf]
#   cis: []
#   remediation: >-
#     Lower max_connections to what the workload needs (for example max_connections = 200)
#     and put a pooler in front of applications that open many connections; raise
#     config.thresholds.max_connections (500 by default) if the server is sized for more.
package pg_hardening.techniques.t25_limited_max_connections

import data.pg_hardening.lib.config
import data.pg_hardening.lib.settings

deny contains finding if {
	settings.value("max_connections") > config.threshold("max_connections")
	finding := {
		"message": concat("", [
			"max_connections = ",
			settings.shown("max_connections"),
			" is above the limit of ",
			format_int(config.threshold("max_connections"), 10),
		]),
		"location": settings.location("max_connections"),
	}
}
