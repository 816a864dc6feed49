# METADATA
# title: Passwords are stored as SCRAM-SHA-256 verifiers
# description: >-
#   password_encryption decides how CREATE ROLE and ALTER ROLE ... PASSWORD store a new
#   password. An MD5 hash is password-equivalent for md5 authentication (knowing it is enough
#   to log in), it is salted only with the role name, and PostgreSQL 18 deprecates it.
#   SCRAM-SHA-256 verifiers resist replay and offline attacks. PostgreSQL 13 and older
#   default to md5.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-PASSWORD-ENCRYPTION
#     description: PostgreSQL manual, Connections and Authentication, password_encryption
#   - ref: https://www.postgresql.org/docs/current/auth-password.html
#     description: PostgreSQL manual, Password Authentication
# custom:
#   id: PGH-002
#   techniques: [2, 46]
#   severity: high
#   kind: automated
#   inputs: [conf]
#   cis: []
#   remediation: >-
#     Set password_encryption = 'scram-sha-256' in postgresql.conf and reload, then have every
#     role set its password again (\password in psql) so that its stored MD5 hash is replaced;
#     after that, change md5 lines in pg_hba.conf to scram-sha-256.
package pg_hardening.techniques.t02_scram_password_encryption

import data.pg_hardening.lib.settings

deny contains finding if {
	method := lower(settings.value("password_encryption"))
	method != "scram-sha-256"
	finding := {
		"message": concat("", [
			"password_encryption = ",
			settings.shown("password_encryption"),
			" stores new passwords as MD5 hashes instead of SCRAM-SHA-256 verifiers",
		]),
		"location": settings.location("password_encryption"),
	}
}
