# METADATA
# title: Migrations install no risky extensions or untrusted languages
# description: >-
#   Every extension adds code that runs inside the server. dblink and postgres_fdw open
#   connections from the database host to any address a user names, which reaches internal
#   services the database can see; file_fdw reads files on the server; adminpack writes them
#   (and is gone in PostgreSQL 17). An untrusted procedural language (plpython3u, plperlu,
#   pltclu) runs functions with the full rights of the server's OS user: whoever may create
#   such a function owns the host. CREATE LANGUAGE without HANDLER installs the extension of
#   that name; declaring an untrusted language TRUSTED hands that power to every user
#   allowed to use it. The list of extensions reported is config.thresholds.risky_extensions.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-createextension.html
#     description: PostgreSQL manual, CREATE EXTENSION
#   - ref: https://www.postgresql.org/docs/current/plpython.html
#     description: PostgreSQL manual, PL/Python (an untrusted language)
#   - ref: https://www.postgresql.org/docs/current/dblink.html
#     description: PostgreSQL manual, dblink
# custom:
#   id: PGH-026
#   techniques: [26]
#   severity: medium
#   kind: automated
#   inputs: [sql]
#   cis: ["1.2"]
#   remediation: >-
#     Drop the CREATE EXTENSION unless the application needs it, and then install it in a
#     schema of its own with EXECUTE on its functions revoked from PUBLIC and granted to the
#     one role that uses it; write procedural code in plpgsql or sql, and keep untrusted
#     languages out of application databases. When the extension is wanted, remove it from
#     config.thresholds.risky_extensions.
package pg_hardening.techniques.t26_no_risky_extensions

import data.pg_hardening.lib.config
import data.pg_hardening.lib.findings
import data.pg_hardening.lib.sql

_default := "medium"

# Untrusted languages of the PostgreSQL distribution and of common packages (PL/R, PL/sh).
_untrusted_languages := {"plperlu", "plpythonu", "plpython2u", "plpython3u", "pltclu", "plr", "plsh"}

# The call handlers of those languages: a TRUSTED language built on one of them is untrusted
# code that every user may write.
_untrusted_handlers := {
	"plperlu_call_handler",
	"plpython_call_handler",
	"plpython2_call_handler",
	"plpython3_call_handler",
	"pltclu_call_handler",
	"plr_call_handler",
	"plsh_handler",
}

_reach := {
	"dblink": "opens connections from the database host to any address a user names",
	"postgres_fdw": "opens connections from the database host to other servers",
	"file_fdw": "reads files on the database server",
	"adminpack": "writes files on the database server (and is removed in PostgreSQL 17)",
	"lo": "unlinks large objects from a trigger whenever a referencing row changes",
}

deny contains finding if {
	some statement in input.sql.statements
	statement.kind == "create_extension"
	not statement.name in _untrusted_languages
	statement.name in config.threshold("risky_extensions")
	finding := {
		"message": concat("", [
			"CREATE EXTENSION ",
			statement.name,
			sql.inside(statement),
			" installs an extension that ",
			_what(statement.name),
		]),
		"location": statement.location,
	}
}

deny contains finding if {
	some statement in input.sql.statements
	statement.kind in {"create_extension", "create_language"}
	_untrusted(statement)
	finding := findings.finding(
		concat("", [
			_language_statement(statement),
			sql.inside(statement),
			" installs an untrusted language, whose functions run with the rights of the server's OS user",
		]),
		statement.location,
		"high",
		_default,
	)
}

deny contains finding if {
	some statement in input.sql.statements
	statement.kind == "create_language"
	statement.trusted
	statement.handler in _untrusted_handlers
	finding := findings.finding(
		concat("", [
			"CREATE TRUSTED LANGUAGE ",
			statement.name,
			" HANDLER ",
			statement.handler,
			sql.inside(statement),
			" lets every role with USAGE on it write functions that run with the rights of the server's OS user",
		]),
		statement.location,
		"critical",
		_default,
	)
}

_what(name) := reach if {
	reach := _reach[name]
} else := "is on the list of risky extensions (config.thresholds.risky_extensions)"

_untrusted(statement) if {
	statement.kind == "create_extension"
	statement.name in _untrusted_languages
}

# Without HANDLER, PostgreSQL creates the extension of that name.
_untrusted(statement) if {
	statement.kind == "create_language"
	not statement.handler
	statement.name in _untrusted_languages
}

_untrusted(statement) if {
	statement.kind == "create_language"
	statement.handler in _untrusted_handlers
	not statement.trusted
}

_language_statement(statement) := concat("", ["CREATE EXTENSION ", statement.name]) if {
	statement.kind == "create_extension"
} else := concat("", ["CREATE LANGUAGE ", statement.name])
