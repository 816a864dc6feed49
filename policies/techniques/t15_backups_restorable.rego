# METADATA
# title: Backups run on a schedule and a restore is tested regularly
# description: >-
#   Ransomware, a mistaken DROP, a bad migration or a lost disk is survived only with a
#   recent backup that restores. A backup job that fails silently, keeps too few copies,
#   leaves them on the database host, or was never restored is found out when it is needed.
#   pg_dump alone is a per-database logical snapshot without roles (pg_dumpall --globals-only
#   has those) and without point-in-time recovery, which needs base backups and the WAL
#   archive that PGH-016 checks.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/backup.html
#     description: PostgreSQL manual, Backup and Restore
#   - ref: https://www.postgresql.org/docs/current/app-pgverifybackup.html
#     description: PostgreSQL manual, pg_verifybackup
# custom:
#   id: PGH-015
#   techniques: [15]
#   severity: medium
#   kind: manual
#   inputs: []
#   cis: ["7.3", "8.2"]
#   remediation: >-
#     Schedule physical backups with a maintained tool (pgBackRest, Barman or WAL-G: a weekly
#     full and daily incremental or differential backup plus WAL archiving), or at least a daily
#     `pg_dump -Fc` of each database and `pg_dumpall --globals-only` from a cron job or
#     systemd timer; keep copies off the host in another account or region, and alert when a
#     run fails (`pgbackrest info`, `barman check`). Every month restore the latest backup
#     into a scratch server (`pgbackrest --stanza=main restore`, or
#     `pg_restore --exit-on-error -d scratch db.dump`), run `pg_amcheck` and a few known
#     queries on it, and record how long it took against your recovery time objective.
package pg_hardening.techniques.t15_backups_restorable
