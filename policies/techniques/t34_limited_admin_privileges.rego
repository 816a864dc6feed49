# METADATA
# title: Migrations give no role administrator powers
# description: >-
#   A superuser bypasses every permission check and can run programs and read or write files
#   on the database server as its OS user, so one leaked application password becomes a
#   compromised host. CREATEROLE manages other roles (before PostgreSQL 16 it could grant
#   itself any role, which made it nearly a superuser), BYPASSRLS ignores row-level security,
#   REPLICATION streams a copy of every database, and membership in pg_execute_server_program,
#   pg_read_server_files or pg_write_server_files reaches the server's OS account.
#   COPY ... PROGRAM in a migration runs a shell command there, and needs one of those powers
#   to do so. Roles listed in config.thresholds.superusers are the cluster's known
#   administrators and are not reported.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/role-attributes.html
#     description: PostgreSQL manual, Role Attributes
#   - ref: https://www.postgresql.org/docs/current/predefined-roles.html
#     description: PostgreSQL manual, Predefined Roles
#   - ref: https://www.postgresql.org/docs/current/sql-copy.html
#     description: PostgreSQL manual, COPY
# custom:
#   id: PGH-034
#   techniques: [34, 23, 24]
#   severity: high
#   kind: automated
#   inputs: [sql]
#   cis: ["4.3", "4.7", "4.9"]
#   remediation: >-
#     Create application roles with NOSUPERUSER NOCREATEROLE NOCREATEDB NOREPLICATION
#     NOBYPASSRLS and give them privileges through NOLOGIN group roles; use predefined roles
#     such as pg_monitor or pg_read_all_data instead of superuser; keep administrator roles
#     out of migrations (or list them in config.thresholds.superusers); load files with
#     COPY ... FROM STDIN (psql's \copy) instead of COPY ... PROGRAM.
package pg_hardening.techniques.t34_limited_admin_privileges

import data.pg_hardening.lib.config
import data.pg_hardening.lib.findings
import data.pg_hardening.lib.sql

_default := "high"

# Role attributes, most dangerous first; the first one a statement writes decides severity.
_attributes := [
	{"name": "superuser", "severity": "high", "why": "a superuser bypasses every permission check, and every role that can SET ROLE to it gets that power"},
	{"name": "createrole", "severity": "high", "why": "CREATEROLE creates roles and changes their attributes and passwords (before PostgreSQL 16 it can also grant itself any role)"},
	{"name": "bypassrls", "severity": "high", "why": "BYPASSRLS ignores every row-level security policy"},
	{"name": "replication", "severity": "medium", "why": "REPLICATION can stream a copy of every database in the cluster"},
	{"name": "createdb", "severity": "low", "why": "CREATEDB creates databases the role owns, and trusted extensions in them"},
]

_login_superuser := "a superuser that can log in bypasses every permission check and can run programs on the server as its OS user"

# Predefined and managed-service roles whose members reach beyond the database.
_powerful_roles := {
	"pg_execute_server_program": {"severity": "critical", "power": "run shell commands on the database server as its OS user"},
	"pg_read_server_files": {"severity": "critical", "power": "read any file the database server's OS user can read"},
	"pg_write_server_files": {"severity": "critical", "power": "write any file the database server's OS user can write"},
	"pg_signal_backend": {"severity": "medium", "power": "cancel the queries of other roles and terminate their sessions"},
	"pg_checkpoint": {"severity": "medium", "power": "force checkpoints at will, which stalls I/O under load"},
	"rds_superuser": {"severity": "high", "power": "administer the managed database service"},
	"cloudsqlsuperuser": {"severity": "high", "power": "administer the managed database service"},
	"azure_pg_admin": {"severity": "high", "power": "administer the managed database service"},
}

_superuser_power := {"severity": "critical", "power": "act as a superuser through SET ROLE"}

_known_superusers := {name | some name in config.threshold("superusers")}

# CREATE ROLE / ALTER ROLE with SUPERUSER, CREATEROLE, BYPASSRLS, REPLICATION or CREATEDB.
deny contains finding if {
	some statement in input.sql.statements
	statement.kind in {"create_role", "alter_role"}
	not statement.role in _known_superusers
	granted := [attribute | some attribute in _attributes; statement.attributes[attribute.name] == true]
	count(granted) > 0
	worst := granted[0]
	finding := findings.finding(
		concat("", [
			sql.role_statement(statement),
			sql.inside(statement),
			" makes it ",
			concat(", ", [upper(attribute.name) | some attribute in granted]),
			": ",
			_why(statement, worst),
		]),
		statement.location,
		_severity(statement, worst),
		_default,
	)
}

# GRANT of a predefined role reaching the OS, or of a superuser role.
deny contains finding if {
	some statement in input.sql.statements
	statement.kind == "grant_role"
	not _without_privileges(statement)
	some role in statement.roles
	power := _power(role)
	finding := findings.finding(
		concat("", [
			"GRANT ",
			role,
			" TO ",
			sql.roles(statement.grantees),
			sql.inside(statement),
			" lets ",
			sql.roles(statement.grantees),
			" ",
			power.power,
		]),
		statement.location,
		power.severity,
		_default,
	)
}

# CREATE ROLE ... IN ROLE of such a role.
deny contains finding if {
	some statement in input.sql.statements
	statement.kind == "create_role"
	some role in statement.in_roles
	power := _power(role)
	finding := findings.finding(
		concat("", [
			sql.role_statement(statement),
			" IN ROLE ",
			role,
			sql.inside(statement),
			" lets ",
			statement.role,
			" ",
			power.power,
		]),
		statement.location,
		power.severity,
		_default,
	)
}

# COPY ... FROM/TO PROGRAM.
deny contains finding if {
	some statement in input.sql.statements
	statement.kind == "copy_program"
	finding := {
		"message": concat("", [
			"COPY ",
			_copied(statement),
			" ",
			upper(statement.direction),
			" PROGRAM",
			sql.inside(statement),
			" runs ",
			statement.program,
			" on the database server as its OS user, which takes superuser or pg_execute_server_program",
		]),
		"location": statement.location,
	}
}

_copied(statement) := table if {
	table := statement.table
} else := "(query)"

_why(statement, attribute) := _login_superuser if {
	attribute.name == "superuser"
	_can_log_in(statement)
} else := attribute.why

_severity(statement, attribute) := "critical" if {
	attribute.name == "superuser"
	_can_log_in(statement)
} else := attribute.severity

_can_log_in(statement) if statement.attributes.login == true

_can_log_in(statement) if {
	object.get(statement.attributes, "login", null) == null
	sql.login(statement.role)
}

_power(role) := power if {
	power := _powerful_roles[role]
} else := _superuser_power if _superuser(role)

_superuser(role) if role in _known_superusers

_superuser(role) if role in _superusers_created

_superusers_created contains statement.role if {
	some statement in input.sql.statements
	statement.kind in {"create_role", "alter_role"}
	statement.attributes.superuser == true
}

# PostgreSQL 16's WITH INHERIT FALSE, SET FALSE gives the grantee none of the role's
# privileges (only what ADMIN OPTION allows, if written).
_without_privileges(statement) if {
	statement.inherit == false
	statement.set == false
	not statement.admin_option
}
