# METADATA
# title: Sensitive columns are encrypted by the application with keys kept outside the database
# description: >-
#   Disk encryption and TLS do not protect data from anyone who can query it: a stolen
#   application password, an SQL injection, a superuser or a logical dump reads every
#   column in clear. Encrypting the most sensitive fields (identity numbers, card data,
#   tokens, health data) in the application, with keys in a key management service, keeps
#   them unreadable to all of these. Encrypting inside SQL with pgcrypto instead sends the
#   key to the server, where it can appear in the log, pg_stat_activity and
#   pg_stat_statements.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/encryption-options.html
#     description: PostgreSQL manual, Encryption Options (column and client-side encryption)
#   - ref: https://www.postgresql.org/docs/current/pgcrypto.html
#     description: PostgreSQL manual, pgcrypto
# custom:
#   id: PGH-014
#   techniques: [14]
#   severity: low
#   kind: manual
#   inputs: []
#   cis: ["6.11"]
#   remediation: >-
#     Inventory sensitive columns (for example
#     `SELECT table_schema, table_name, column_name FROM information_schema.columns WHERE
#     column_name ~* '(ssn|card|iban|token|secret|birth)'`) and encrypt them in the
#     application with an AEAD cipher (AES-256-GCM, for example through a library's envelope
#     encryption) whose data keys are wrapped by AWS KMS, Google Cloud KMS, Azure Key Vault or
#     HashiCorp Vault; store the ciphertext as bytea, add an HMAC column where lookups are
#     needed, and plan key rotation. Hash user passwords with Argon2id, scrypt or bcrypt, never
#     md5 or sha1. Verify by reading a row as the application role: the columns must not be
#     readable text.
package pg_hardening.techniques.t14_application_encryption
