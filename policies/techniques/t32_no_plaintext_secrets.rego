# METADATA
# title: Passwords are not written in plain text in the repository
# description: >-
#   A password written in a migration is readable by everyone with access to the repository,
#   its history, its forks and every CI log that prints the file, and changing it means
#   rewriting history. The statement also reaches the server log whenever log_statement is
#   ddl or all, and pg_stat_statements. A SCRAM-SHA-256 verifier, computed beforehand, can be
#   written instead: PostgreSQL stores it as is, and it does not reveal the password. User
#   mappings and foreign servers keep the remote password in the catalog, readable by the
#   mapping's user and the server's owner.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-createrole.html
#     description: PostgreSQL manual, CREATE ROLE, PASSWORD
#   - ref: https://www.postgresql.org/docs/current/sql-createusermapping.html
#     description: PostgreSQL manual, CREATE USER MAPPING
#   - ref: https://www.postgresql.org/docs/current/libpq-pgpass.html
#     description: PostgreSQL manual, The Password File
# custom:
#   id: PGH-032
#   techniques: [32, 2]
#   severity: high
#   kind: automated
#   inputs: [sql]
#   cis: []
#   remediation: >-
#     Treat the password as leaked and change it. In migrations, write a SCRAM-SHA-256 verifier
#     instead (set the password once with psql's \password, which sends only a verifier, and
#     copy rolpassword from pg_authid), or set the password at deploy time from a secret store,
#     outside the repository. For foreign servers, authenticate with certificates (sslcert and
#     sslkey in the user mapping) or create the mapping at deploy time from a secret.
package pg_hardening.techniques.t32_no_plaintext_secrets

import data.pg_hardening.lib.sql

# CREATE / ALTER ROLE ... PASSWORD 'plaintext'.
deny contains finding if {
	some statement in input.sql.statements
	statement.kind in {"create_role", "alter_role"}
	statement.password.kind == "plaintext"
	finding := {
		"message": concat("", [
			sql.role_statement(statement),
			sql.inside(statement),
			" writes the role's password in plain text, so everyone who can read the repository knows it",
		]),
		"location": statement.location,
	}
}

# CREATE / ALTER USER MAPPING ... OPTIONS (password '...').
deny contains finding if {
	some statement in input.sql.statements
	statement.kind in {"create_user_mapping", "alter_user_mapping"}
	statement.has_password
	finding := {
		"message": concat("", [
			_verb[statement.kind],
			" USER MAPPING FOR ",
			sql.role(statement.user),
			" SERVER ",
			statement.server,
			sql.inside(statement),
			" writes the remote password in plain text in the repository",
		]),
		"location": statement.location,
	}
}

# CREATE / ALTER SERVER ... OPTIONS (password '...').
deny contains finding if {
	some statement in input.sql.statements
	statement.kind in {"create_server", "alter_server"}
	statement.has_password
	finding := {
		"message": concat("", [
			_verb[statement.kind],
			" SERVER ",
			statement.server,
			sql.inside(statement),
			" writes a password in plain text in the repository",
		]),
		"location": statement.location,
	}
}

_verb := {
	"create_user_mapping": "CREATE",
	"alter_user_mapping": "ALTER",
	"create_server": "CREATE",
	"alter_server": "ALTER",
}
