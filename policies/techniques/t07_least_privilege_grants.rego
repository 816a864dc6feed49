# METADATA
# title: Migrations grant only the privileges roles need
# description: >-
#   PUBLIC is every role, including roles created later, so a grant to PUBLIC reaches every
#   login the cluster will ever have; CREATE on a schema lets them plant tables and functions
#   that shadow the ones other roles find through search_path (PostgreSQL 15 stopped granting
#   CREATE on schema public to PUBLIC, but upgraded databases and old migrations still do).
#   ALL hands over TRUNCATE, TRIGGER and REFERENCES with the privileges a role uses, and WITH
#   GRANT OPTION lets the grantee pass privileges on without the owner's say.
#   ALTER DEFAULT PRIVILEGES does the same for every object created later. PostgreSQL has no
#   MySQL-style user@host grants: where a role may connect from is pg_hba.conf's job.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/ddl-priv.html
#     description: PostgreSQL manual, Privileges
#   - ref: https://www.postgresql.org/docs/current/ddl-schemas.html#DDL-SCHEMAS-PATTERNS
#     description: PostgreSQL manual, Schemas, Usage Patterns
#   - ref: https://www.postgresql.org/docs/current/sql-alterdefaultprivileges.html
#     description: PostgreSQL manual, ALTER DEFAULT PRIVILEGES
# custom:
#   id: PGH-007
#   techniques: [7, 23]
#   severity: medium
#   kind: automated
#   inputs: [sql]
#   cis: ["4.6"]
#   remediation: >-
#     Grant named privileges to NOLOGIN group roles and make login roles their members
#     (GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA app TO app_rw; GRANT app_rw
#     TO app_user), never to PUBLIC; run REVOKE CREATE ON SCHEMA public FROM PUBLIC and REVOKE
#     ALL ON DATABASE app FROM PUBLIC; drop WITH GRANT OPTION; and write ALTER DEFAULT
#     PRIVILEGES for the group roles only.
package pg_hardening.techniques.t07_least_privilege_grants

import data.pg_hardening.lib.findings
import data.pg_hardening.lib.sql

_default := "medium"

# GRANT ... TO PUBLIC.
deny contains finding if {
	some statement in input.sql.statements
	statement.kind == "grant"
	"public" in statement.grantees
	finding := findings.finding(
		concat("", [_grant_text(statement), sql.inside(statement), " ", _public_effect(statement)]),
		statement.location,
		_public_severity(statement),
		_default,
	)
}

# GRANT ALL ... TO a role.
deny contains finding if {
	some statement in input.sql.statements
	statement.kind == "grant"
	"ALL" in statement.privileges
	roles := [grantee | some grantee in statement.grantees; grantee != "public"]
	count(roles) > 0
	finding := {
		"message": concat("", [
			_grant_text(statement),
			sql.inside(statement),
			" hands over every privilege, not only the ones ",
			sql.roles(roles),
			_use(roles),
		]),
		"location": statement.location,
	}
}

# WITH GRANT OPTION; PostgreSQL refuses it for PUBLIC when the statement runs.
deny contains finding if {
	some statement in input.sql.statements
	statement.kind == "grant"
	statement.with_grant_option
	roles := [grantee | some grantee in statement.grantees; grantee != "public"]
	count(roles) > 0
	finding := {
		"message": concat("", [
			_grant_text(statement),
			" WITH GRANT OPTION",
			sql.inside(statement),
			" lets ",
			sql.roles(roles),
			" pass the privileges on to any other role",
		]),
		"location": statement.location,
	}
}

# ALTER DEFAULT PRIVILEGES ... GRANT ... TO PUBLIC.
deny contains finding if {
	some statement in input.sql.statements
	statement.kind == "alter_default_privileges"
	statement.action.kind == "grant"
	"public" in statement.action.grantees
	finding := findings.finding(
		concat("", [
			_default_privileges_text(statement),
			sql.inside(statement),
			" gives every role these privileges on every ",
			_singular_of(statement.action.object_type),
			" created later",
		]),
		statement.location,
		_public_privilege_severity(statement.action),
		_default,
	)
}

# ALTER DEFAULT PRIVILEGES ... GRANT ALL or WITH GRANT OPTION to a role.
deny contains finding if {
	some statement in input.sql.statements
	statement.kind == "alter_default_privileges"
	statement.action.kind == "grant"
	roles := [grantee | some grantee in statement.action.grantees; grantee != "public"]
	count(roles) > 0
	some problem in _default_privileges_problems(statement.action)
	finding := {
		"message": concat("", [
			_default_privileges_text(statement),
			sql.inside(statement),
			" gives ",
			sql.roles(roles),
			" ",
			problem,
			" on every ",
			_singular_of(statement.action.object_type),
			" created later",
		]),
		"location": statement.location,
	}
}

_default_privileges_problems(action) := [problem |
	some problem, applies in {
		"every privilege": "ALL" in action.privileges,
		"the right to grant the privileges": action.with_grant_option,
	}
	applies == true
]

_use(roles) := " uses" if count(roles) == 1

else := " use"

# Privileges that let PUBLIC change data or the database's structure, by object type.
_writes := {
	"table": {"ALL", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "TRIGGER"},
	"schema": {"ALL", "CREATE"},
	"database": {"ALL", "CREATE"},
	"large_object": {"ALL", "UPDATE"},
	"parameter": {"ALL", "SET", "ALTER SYSTEM"},
	"tablespace": {"ALL", "CREATE"},
}

# What PostgreSQL already grants PUBLIC: such a grant restates a default that a hardened
# database revokes.
_public_defaults := {
	"function": {"EXECUTE"},
	"procedure": {"EXECUTE"},
	"routine": {"EXECUTE"},
	"language": {"USAGE"},
	"type": {"USAGE"},
	"domain": {"USAGE"},
	"database": {"CONNECT", "TEMPORARY", "TEMP"},
}

_routines := {"function", "procedure", "routine"}

_public_severity(statement) := "high" if {
	_runs_security_definer(statement)
} else := _public_privilege_severity(statement)

_public_privilege_severity(privileges) := "high" if {
	some privilege in privileges.privileges
	privilege in _writes[privileges.object_type]
} else := "low" if {
	every privilege in privileges.privileges {
		privilege in _public_defaults[privileges.object_type]
	}
} else := "medium"

_public_effect(statement) := "lets every role run a SECURITY DEFINER function with its owner's privileges" if {
	_runs_security_definer(statement)
} else := "lets every role, including ones created later, create objects there that shadow what other roles find through search_path" if {
	statement.object_type == "schema"
	some privilege in statement.privileges
	privilege in _writes.schema
} else := "lets every role, including ones created later, change or delete the data" if {
	statement.object_type == "table"
	some privilege in statement.privileges
	privilege in _writes.table
} else := "restates a PostgreSQL default that a hardened database revokes from PUBLIC" if {
	every privilege in statement.privileges {
		privilege in _public_defaults[statement.object_type]
	}
} else := "gives these privileges to every role, including ones created later"

# The grant reaches a function the migrations make SECURITY DEFINER.
_runs_security_definer(statement) if {
	statement.object_type in _routines
	some name in _security_definer_functions
	some object in statement.objects
	_names(statement, object, name)
}

_security_definer_functions contains statement.name if {
	some statement in input.sql.statements
	statement.kind in {"create_function", "alter_function"}
	statement.security_definer == true
}

_names(statement, schema, name) if {
	statement.all_in_schema
	startswith(name, concat("", [schema, "."]))
}

_names(statement, object, name) if {
	not statement.all_in_schema
	sql.same_object(object, name)
}

_grant_text(statement) := concat("", [
	"GRANT ",
	_privileges(statement),
	" ON ",
	_target(statement),
	" TO ",
	sql.roles(statement.grantees),
])

_default_privileges_text(statement) := concat("", [
	"ALTER DEFAULT PRIVILEGES",
	_clause(" FOR ROLE ", statement.for_roles),
	_clause(" IN SCHEMA ", statement.schemas),
	" GRANT ",
	_privileges(statement.action),
	" ON ",
	_plural[statement.action.object_type],
	" TO ",
	sql.roles(statement.action.grantees),
])

_clause(_, []) := ""

_clause(keyword, names) := concat("", [keyword, concat(", ", names)]) if count(names) > 0

_privileges(privileges) := concat("", [concat(", ", privileges.privileges), " (", concat(", ", privileges.columns), ")"]) if {
	privileges.columns
} else := concat(", ", privileges.privileges)

_target(statement) := concat("", ["ALL ", _plural[statement.object_type], " IN SCHEMA ", concat(", ", statement.objects)]) if {
	statement.all_in_schema
} else := concat("", [_keyword[statement.object_type], " ", concat(", ", statement.objects)]) if {
	_keyword[statement.object_type]
} else := concat(", ", statement.objects)

_singular_of(object_type) := lower(_keyword[object_type])

_keyword := {
	"table": "TABLE",
	"sequence": "SEQUENCE",
	"function": "FUNCTION",
	"procedure": "PROCEDURE",
	"routine": "ROUTINE",
	"schema": "SCHEMA",
	"database": "DATABASE",
	"language": "LANGUAGE",
	"large_object": "LARGE OBJECT",
	"foreign_data_wrapper": "FOREIGN DATA WRAPPER",
	"foreign_server": "FOREIGN SERVER",
	"domain": "DOMAIN",
	"type": "TYPE",
	"tablespace": "TABLESPACE",
	"parameter": "PARAMETER",
}

_plural := {
	"table": "TABLES",
	"sequence": "SEQUENCES",
	"function": "FUNCTIONS",
	"procedure": "PROCEDURES",
	"routine": "ROUTINES",
	"schema": "SCHEMAS",
	"type": "TYPES",
	"large_object": "LARGE OBJECTS",
}
