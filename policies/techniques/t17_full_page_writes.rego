# METADATA
# title: WAL protects pages against torn writes and crashes
# description: >-
#   With full_page_writes off, a page half-written when power fails cannot be repaired from
#   WAL and the database is silently corrupted; with fsync off, a crash of the operating
#   system can lose committed transactions and corrupt the cluster. zero_damaged_pages and
#   ignore_checksum_failure hide corruption instead of reporting it, destroying the evidence
#   and the rows involved.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/runtime-config-wal.html#GUC-FULL-PAGE-WRITES
#     description: PostgreSQL manual, Write Ahead Log, full_page_writes and fsync
#   - ref: https://www.postgresql.org/docs/current/runtime-config-developer.html
#     description: PostgreSQL manual, Developer Options, zero_damaged_pages and ignore_checksum_failure
# custom:
#   id: PGH-017
#   techniques: [17]
#   severity: high
#   kind: automated
#   inputs: [conf]
#   cis: ["6.4", "6.5"]
#   remediation: >-
#     Set full_page_writes = on and fsync = on (turn full_page_writes off only on storage
#     that guarantees atomic 8 kB writes, such as ZFS); leave zero_damaged_pages and
#     ignore_checksum_failure off outside a supervised recovery.
package pg_hardening.techniques.t17_full_page_writes

import data.pg_hardening.lib.findings
import data.pg_hardening.lib.settings

_default := "high"

_consequence := {
	"full_page_writes": "a page torn by a crash cannot be repaired from WAL",
	"fsync": "an operating-system crash can lose committed transactions and corrupt the cluster",
}

_masking := {
	"zero_damaged_pages": "damaged pages are silently zeroed, losing their rows",
	"ignore_checksum_failure": "pages failing their checksum are read as if intact",
}

deny contains finding if {
	some name, consequence in _consequence
	settings.off(name)
	finding := {
		"message": concat("", [name, " = ", settings.shown(name), ", so ", consequence]),
		"location": settings.location(name),
	}
}

deny contains finding if {
	some name, consequence in _masking
	settings.on(name)
	finding := findings.finding(
		concat("", [name, " = ", settings.shown(name), ", so ", consequence]),
		settings.location(name),
		"medium",
		_default,
	)
}
