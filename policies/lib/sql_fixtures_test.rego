# Builders for facts documents of SQL migrations, shaped like src/facts/sql-types.ts. The file
# name keeps it out of the WebAssembly build, like the tests that use it.
package pg_hardening.lib.sql_fixtures_test

import data.pg_hardening.lib.fixtures_test as fx

file := "migrations/V1__init.sql"

at(line) := fx.at(file, line)

# A facts document with migrations holding `statements` and no configuration file.
facts(statements) := {
	"schema_version": 1,
	"target": fx.target(15),
	"sql": {"files": [file], "statements": statements},
	"diagnostics": [],
}

# Migrations beside a postgresql.conf setting `settings`.
with_conf(settings, statements) := object.union(fx.conf_facts(settings), {"sql": {"files": [file], "statements": statements}})

statement(line, kind, fields) := object.union({"location": at(line), "kind": kind}, fields)

in_do_block(statement) := object.union(statement, {"context": "do_block"})

in_function_body(statement) := object.union(statement, {"context": "function_body"})

create_role(line, role, attributes) := statement(line, "create_role", {"role": role, "role_type": "role", "attributes": attributes})

create_user(line, role, attributes) := statement(line, "create_role", {
	"role": role,
	"role_type": "user",
	"attributes": object.union({"login": true}, attributes),
})

alter_role(line, role, attributes) := statement(line, "alter_role", {"role": role, "attributes": attributes})

with_password(statement, password) := object.union(statement, {"password": password})

plaintext(length, same_as_role) := {"kind": "plaintext", "length": length, "same_as_role": same_as_role}

md5 := {"kind": "md5"}

scram := {"kind": "scram"}

grant(line, privileges, object_type, objects, grantees) := statement(line, "grant", {
	"privileges": privileges,
	"object_type": object_type,
	"grantees": grantees,
	"with_grant_option": false,
	"objects": objects,
	"all_in_schema": false,
})

# GRANT ... ON ALL <object_type>S IN SCHEMA <schema>.
grant_all_in(line, privileges, object_type, schema, grantees) := object.union(
	grant(line, privileges, object_type, [schema], grantees),
	{"all_in_schema": true},
)

revoke(line, privileges, object_type, objects, grantees) := statement(line, "revoke", {
	"privileges": privileges,
	"object_type": object_type,
	"grantees": grantees,
	"grant_option_for": false,
	"cascade": false,
	"objects": objects,
	"all_in_schema": false,
})

default_privileges(line, schemas, privileges, object_type, grantees) := statement(line, "alter_default_privileges", {
	"schemas": schemas,
	"for_roles": [],
	"action": {
		"kind": "grant",
		"privileges": privileges,
		"object_type": object_type,
		"grantees": grantees,
		"with_grant_option": false,
	},
})

grant_role(line, roles, grantees) := statement(line, "grant_role", {"roles": roles, "grantees": grantees, "admin_option": false})

create_extension(line, name) := statement(line, "create_extension", {"name": name, "cascade": false})

create_language(line, name, trusted) := statement(line, "create_language", {"name": name, "trusted": trusted})

create_function(line, name, security_definer, search_path) := statement(line, "create_function", {
	"name": name,
	"routine": "function",
	"language": "plpgsql",
	"security_definer": security_definer,
	"sets_search_path": true,
	"search_path": search_path,
}) if {
	is_string(search_path)
} else := statement(line, "create_function", {
	"name": name,
	"routine": "function",
	"language": "plpgsql",
	"security_definer": security_definer,
	"sets_search_path": false,
})

alter_function(line, name, fields) := statement(line, "alter_function", object.union({"name": name, "routine": "function"}, fields))

alter_system(line, name, value) := statement(line, "alter_system", {"action": "set", "name": name, "value": value})

alter_role_set(line, role, name, value) := statement(line, "alter_role_set", {"role": role, "action": "set", "name": name, "value": value})

alter_database_set(line, database, name, value) := statement(line, "alter_database_set", {"database": database, "action": "set", "name": name, "value": value})

session_set(line, name, value) := statement(line, "set", {"local": false, "action": "set", "name": name, "value": value})

copy_program(line, table, program) := statement(line, "copy_program", {"direction": "from", "table": table, "program": program})

user_mapping(line, user, server, has_password) := statement(line, "create_user_mapping", {
	"user": user,
	"server": server,
	"option_keys": _password_keys(has_password),
	"has_password": has_password,
})

server(line, name, has_password) := statement(line, "create_server", {
	"server": name,
	"fdw": "postgres_fdw",
	"option_keys": _password_keys(has_password),
	"has_password": has_password,
})

_password_keys(true) := ["user", "password"]

_password_keys(false) := ["user"]

create_policy(line, name, table, roles, using_always_true) := statement(line, "create_policy", {
	"name": name,
	"table": table,
	"command": "all",
	"permissive": true,
	"roles": roles,
	"using_always_true": using_always_true,
	"check_always_true": false,
})

rls(line, table, action) := statement(line, "alter_table_rls", {"table": table, "action": action})
