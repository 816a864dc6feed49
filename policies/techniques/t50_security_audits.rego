# METADATA
# title: Security audits of the running servers happen on a schedule
# description: >-
#   pg-hardening reads configuration as it is written in files. The running servers can
#   differ: settings changed with ALTER SYSTEM or ALTER ROLE ... SET, roles and grants
#   created by hand, extensions installed later, a minor release that fell behind. A regular
#   audit of the live servers, and an outside view of the network, finds the drift and the
#   items no file shows.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/view-pg-settings.html
#     description: PostgreSQL manual, pg_settings
#   - ref: https://www.postgresql.org/docs/current/view-pg-hba-file-rules.html
#     description: PostgreSQL manual, pg_hba_file_rules
#   - ref: https://github.com/HexaCluster/pgdsat
#     description: pgdsat, PostgreSQL Database Security Assessment Tool (CIS-based)
# custom:
#   id: PGH-050
#   techniques: [50]
#   severity: info
#   kind: manual
#   inputs: []
#   cis: []
#   remediation: >-
#     Run pg-hardening on every change and on a weekly schedule (a GitHub Actions
#     on: schedule trigger). Every quarter audit each live server: pgdsat or CIS-CAT against
#     the CIS PostgreSQL Benchmark, `SELECT name, setting, source, sourcefile FROM
#     pg_settings WHERE source NOT IN ('default', 'override')`, `SELECT * FROM
#     pg_hba_file_rules`, `\du+` and `\dp` for roles and grants, `\dx` in every database,
#     and `SHOW server_version` against the current minor release. Once a year add an external
#     vulnerability scan or penetration test. Record findings with owners and due dates, and
#     go through this checklist of manual checks at each audit.
package pg_hardening.techniques.t50_security_audits
