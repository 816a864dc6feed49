# METADATA
# title: The server listens on a port other than 5432
# description: >-
#   Internet-wide scanners and worms probe 5432 first, so a different port removes the
#   server from the cheapest sweeps and from log noise. It is obscurity, not access control:
#   a targeted scan finds any port, so this is informational.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-PORT
#     description: PostgreSQL manual, Connections and Authentication, port
# custom:
#   id: PGH-028
#   techniques: [28]
#   severity: info
#   kind: automated
#   inputs: [conf]
#   cis: []
#   remediation: >-
#     Optionally set port = 5433 (or another free port your firewall and clients use), and
#     rely on listen_addresses, pg_hba.conf and the firewall for access control.
package pg_hardening.techniques.t28_non_default_port

import data.pg_hardening.lib.settings

deny contains finding if {
	settings.value("port") == 5432
	finding := {
		"message": concat("", [
			"port = ",
			settings.shown("port"),
			" is PostgreSQL's well-known default, the first port scanners try",
		]),
		"location": settings.location("port"),
	}
}
