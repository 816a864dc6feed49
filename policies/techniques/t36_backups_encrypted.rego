# METADATA
# title: Backups are encrypted and stored where only the backup system can reach them
# description: >-
#   A backup is a full copy of the database outside its access controls: pg_hba.conf, roles
#   and row-level security do not apply to a dump file or a base backup in a bucket. Public or
#   widely readable buckets, dumps left in home directories or committed to Git, and
#   unencrypted off-site copies are a common source of breaches, and backups an attacker can
#   delete do not help against ransomware.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/backup.html
#     description: PostgreSQL manual, Backup and Restore
#   - ref: https://pgbackrest.org/configuration.html
#     description: pgBackRest configuration reference (repo-cipher-type, repo-cipher-pass)
# custom:
#   id: PGH-036
#   techniques: [36]
#   severity: medium
#   kind: manual
#   inputs: []
#   cis: ["7.3"]
#   remediation: >-
#     Encrypt every backup before it leaves the host: pgBackRest repo1-cipher-type =
#     aes-256-cbc with repo1-cipher-pass supplied from a secret store (for example through
#     the PGBACKREST_REPO1_CIPHER_PASS environment variable), WAL-G with WALG_LIBSODIUM_KEY
#     or WALG_PGP_KEY, or `pg_dump -Fc db | age -r <recipient> > db.dump.age`. Keep backups in
#     a private bucket or host with server-side encryption, versioning and object lock,
#     writable only by the backup role; keep local dump files at 0600 and never commit them.
#     Verify with `pgbackrest info` (cipher: aes-256-cbc) and the storage's encryption and
#     public-access settings, and check that the decryption key is available to the
#     restore test.
package pg_hardening.techniques.t36_backups_encrypted
