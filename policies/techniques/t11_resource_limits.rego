# METADATA
# title: Memory and temporary-file use per session is bounded
# description: >-
#   Every sort or hash step of every query may use work_mem, so work_mem times
#   max_connections is a floor on what a connection storm can ask for; past the machine's
#   memory the kernel kills the server. temp_file_limit = -1 (the default) lets one session
#   write temporary files until the disk is full, which stops the database when temporary
#   files share its volume (temp_tablespaces unset).
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/runtime-config-resource.html
#     description: PostgreSQL manual, Resource Consumption
# custom:
#   id: PGH-011
#   techniques: [11, 25]
#   severity: low
#   kind: automated
#   inputs: [conf]
#   cis: ["8.1"]
#   remediation: >-
#     Keep work_mem x max_connections within the memory left after shared_buffers (the
#     budget is config.thresholds.work_mem_budget_kb, 16 GiB by default), raising work_mem
#     per role (ALTER ROLE reporting SET work_mem = '256MB') instead of globally; set
#     temp_file_limit = '20GB' (well below the free space of the data volume) or put
#     temp_tablespaces on a volume of their own.
package pg_hardening.techniques.t11_resource_limits

import data.pg_hardening.lib.config
import data.pg_hardening.lib.findings
import data.pg_hardening.lib.settings

_default := "low"

deny contains finding if {
	work_mem := settings.value("work_mem")
	connections := settings.value("max_connections")
	budget := config.threshold("work_mem_budget_kb")
	work_mem * connections > budget
	finding := {
		"message": concat("", [
			"work_mem = ",
			settings.shown("work_mem"),
			" x max_connections = ",
			settings.shown("max_connections"),
			" lets sessions claim ",
			format_int(floor((work_mem * connections) / 1024), 10),
			" MB for sorts and hashes, more than the budget of ",
			format_int(floor(budget / 1024), 10),
			" MB",
		]),
		"location": _memory_location,
	}
}

deny contains finding if {
	settings.value("temp_file_limit") == -1
	count(settings.list("temp_tablespaces")) == 0
	finding := findings.finding(
		concat("", [
			"temp_file_limit = ",
			settings.shown("temp_file_limit"),
			" lets one session fill the data volume with temporary files",
		]),
		settings.location("temp_file_limit"),
		"medium",
		_default,
	)
}

# Point at the setting that a file raised; work_mem is the usual culprit.
_memory_location := settings.location("work_mem") if {
	settings.assigned("work_mem")
} else := settings.location("max_connections")
