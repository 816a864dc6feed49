# METADATA
# title: pg_stat_statements keeps no more query text than it needs
# description: >-
#   When pg_stat_statements is loaded, track_utility (on by default) records the text of
#   utility statements such as CREATE ROLE ... PASSWORD; track = all also records every
#   statement run inside functions; save (on by default) writes all collected text to disk
#   at shutdown; and a large max keeps more of it. Each widens what a member of
#   pg_read_all_stats, or anyone with the data directory or a base backup, can read.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/pgstatstatements.html#PGSTATSTATEMENTS-CONFIG-PARAMS
#     description: PostgreSQL manual, pg_stat_statements, Configuration Parameters
# custom:
#   id: PGH-037
#   techniques: [37, 18, 32]
#   severity: low
#   kind: automated
#   inputs: [conf]
#   cis: []
#   remediation: >-
#     Set pg_stat_statements.track_utility = off, pg_stat_statements.track = top,
#     pg_stat_statements.save = off where statistics need not survive a restart, and keep
#     pg_stat_statements.max at the default 5000 (the limit is
#     config.thresholds.pg_stat_statements_max, 10000 by default); grant pg_read_all_stats
#     only to monitoring roles.
package pg_hardening.techniques.t37_pg_stat_statements_restricted

import data.pg_hardening.lib.config
import data.pg_hardening.lib.findings
import data.pg_hardening.lib.settings

_default := "low"

deny contains finding if {
	settings.preloaded("pg_stat_statements")
	settings.on("pg_stat_statements.track_utility")
	finding := {
		"message": concat("", [
			"pg_stat_statements.track_utility = ",
			settings.shown("pg_stat_statements.track_utility"),
			" records the text of utility statements, which can include passwords given to CREATE ROLE and ALTER ROLE",
		]),
		"location": settings.location("pg_stat_statements.track_utility"),
	}
}

deny contains finding if {
	settings.preloaded("pg_stat_statements")
	lower(settings.value("pg_stat_statements.track")) == "all"
	finding := {
		"message": "pg_stat_statements.track = all also records the statements run inside functions",
		"location": settings.location("pg_stat_statements.track"),
	}
}

deny contains finding if {
	settings.preloaded("pg_stat_statements")
	settings.on("pg_stat_statements.save")
	finding := findings.finding(
		concat("", [
			"pg_stat_statements.save = ",
			settings.shown("pg_stat_statements.save"),
			" writes the collected statement text to the data directory at shutdown",
		]),
		settings.location("pg_stat_statements.save"),
		"info",
		_default,
	)
}

deny contains finding if {
	settings.preloaded("pg_stat_statements")
	settings.value("pg_stat_statements.max") > config.threshold("pg_stat_statements_max")
	finding := findings.finding(
		concat("", [
			"pg_stat_statements.max = ",
			settings.shown("pg_stat_statements.max"),
			" keeps the text of more than ",
			format_int(config.threshold("pg_stat_statements_max"), 10),
			" statements",
		]),
		settings.location("pg_stat_statements.max"),
		"info",
		_default,
	)
}
