# METADATA
# title: pg_stat_statements is loaded only where it is used
# description: >-
#   pg_stat_statements keeps the normalized text of the statements the server ran, and
#   with track_utility the text of utility statements, which can include passwords
#   given to CREATE ROLE or ALTER ROLE. Members of pg_read_all_stats (and pg_monitor) can
#   read every user's statements. Where nobody uses the statistics, not loading it removes
#   that store of query text.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/pgstatstatements.html
#     description: PostgreSQL manual, pg_stat_statements
# custom:
#   id: PGH-018
#   techniques: [18, 26]
#   severity: info
#   kind: automated
#   inputs: [conf]
#   cis: []
#   remediation: >-
#     If no one reads the statistics, remove pg_stat_statements from shared_preload_libraries
#     and run DROP EXTENSION pg_stat_statements in each database; otherwise keep it and
#     restrict it as PGH-037 describes.
package pg_hardening.techniques.t18_pg_stat_statements_disabled

import data.pg_hardening.lib.settings

deny contains finding if {
	settings.preloaded("pg_stat_statements")
	finding := {
		"message": "shared_preload_libraries loads pg_stat_statements, which keeps the text of the statements the server runs; disable it if no one uses the statistics",
		"location": settings.location("shared_preload_libraries"),
	}
}
