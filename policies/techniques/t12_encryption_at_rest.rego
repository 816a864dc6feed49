# METADATA
# title: Data files, WAL and temporary files are encrypted at rest
# description: >-
#   A stolen disk, a decommissioned drive, a copied VM image or a leaked volume snapshot
#   holds every table in readable form, passwords' verifiers and the WAL included.
#   Community PostgreSQL has no built-in transparent data encryption, so protection at rest
#   comes from the storage layer (LUKS, an encrypted cloud volume) or a TDE distribution, none
#   of which shows in postgresql.conf.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/encryption-options.html
#     description: PostgreSQL manual, Encryption Options
# custom:
#   id: PGH-012
#   techniques: [12]
#   severity: medium
#   kind: manual
#   inputs: []
#   cis: ["6.11"]
#   remediation: >-
#     Put the data directory, pg_wal, every tablespace, the temporary and log directories and
#     swap on encrypted storage: LUKS (`cryptsetup luksFormat`) on your own hosts, or
#     encrypted volumes with a customer-managed key in the cloud (AWS RDS
#     storage_encrypted = true with a KMS key, GCP CMEK, Azure customer-managed keys), or a
#     TDE build such as Percona's pg_tde. Verify with `findmnt -T "$PGDATA"` and
#     `lsblk -o NAME,TYPE,MOUNTPOINT` (the device chain shows type crypt), or with the cloud
#     console or API, and keep the keys out of the database host's backups.
package pg_hardening.techniques.t12_encryption_at_rest
