# METADATA
# title: Migrations set strong passwords, stored as SCRAM-SHA-256 verifiers
# description: >-
#   A short password, or one equal to the role name, falls to the first guesses of anyone who
#   can reach the server, and PostgreSQL checks neither unless passwordcheck or credcheck is
#   loaded. A password written as an MD5 hash ('md5' followed by 32 hex digits) is stored as
#   that hash: for md5 authentication the hash is as good as the password, it is salted only
#   with the role name, and PostgreSQL 18 deprecates MD5 passwords. That a password is in the
#   repository at all is PGH-032's finding; this rule judges the password itself.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/auth-password.html
#     description: PostgreSQL manual, Password Authentication
#   - ref: https://www.postgresql.org/docs/current/passwordcheck.html
#     description: PostgreSQL manual, passwordcheck
# custom:
#   id: PGH-102
#   techniques: [2, 32]
#   severity: high
#   kind: automated
#   inputs: [sql]
#   cis: ["5.6"]
#   remediation: >-
#     Give every login role a long random password (at least
#     config.thresholds.min_password_length characters, 12 by default; a generated 24-character
#     one is better) set outside the repository, or a SCRAM-SHA-256 verifier; replace MD5
#     hashes by having each role set its password again with password_encryption =
#     'scram-sha-256'.
package pg_hardening.techniques.t102_strong_migration_passwords

import data.pg_hardening.lib.config
import data.pg_hardening.lib.findings
import data.pg_hardening.lib.sql

_default := "high"

# A plaintext password equal to the role name or shorter than the minimum.
deny contains finding if {
	some statement in input.sql.statements
	statement.kind in {"create_role", "alter_role"}
	statement.password.kind == "plaintext"
	weakness := _weakness(statement.password)
	finding := {
		"message": concat("", [
			sql.role_statement(statement),
			sql.inside(statement),
			" sets a password ",
			weakness,
		]),
		"location": statement.location,
	}
}

# An MD5 hash.
deny contains finding if {
	some statement in input.sql.statements
	statement.kind in {"create_role", "alter_role"}
	statement.password.kind == "md5"
	finding := findings.finding(
		concat("", [
			sql.role_statement(statement),
			sql.inside(statement),
			" sets the password as an MD5 hash, which is as good as the password for md5 authentication and deprecated since PostgreSQL 18",
		]),
		statement.location,
		"medium",
		_default,
	)
}

_weakness(password) := "equal to the role name" if {
	password.same_as_role == true
} else := concat("", ["shorter than ", format_int(minimum, 10), " characters"]) if {
	minimum := config.threshold("min_password_length")
	password.length < minimum
}
