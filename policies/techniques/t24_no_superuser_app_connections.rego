# METADATA
# title: Applications do not connect as a superuser
# description: >-
#   A superuser bypasses every permission check: an application connected as one turns a
#   SQL injection or a stolen connection string into full control of every database and of
#   the server's operating-system account (COPY ... TO PROGRAM runs shell commands). The
#   official image makes POSTGRES_USER a superuser whatever its name, and it is often reused
#   in the application's DATABASE_URL. A PgBouncer [databases] entry whose user= is a
#   superuser makes every client of that entry one. Tools that need more than an application
#   role have predefined roles: pg_monitor for monitoring, pg_read_all_data or REPLICATION
#   for backups.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/role-attributes.html
#     description: PostgreSQL manual, Role Attributes (superuser status)
#   - ref: https://www.postgresql.org/docs/current/predefined-roles.html
#     description: PostgreSQL manual, Predefined Roles
#   - ref: https://hub.docker.com/_/postgres
#     description: The official postgres image, POSTGRES_USER
# custom:
#   id: PGH-024
#   techniques: [24, 34]
#   severity: high
#   kind: automated
#   inputs: [containers]
#   cis: ["4.3"]
#   remediation: >-
#     Create a role for the application that owns only its schema (CREATE ROLE app LOGIN;
#     CREATE SCHEMA app AUTHORIZATION app) in an init script under
#     /docker-entrypoint-initdb.d or a migration, and put that role in the application's
#     connection settings (or PgBouncer's [databases] entry); keep the superuser for
#     administration over the local socket.
package pg_hardening.techniques.t24_no_superuser_app_connections

import data.pg_hardening.lib.config

deny contains finding if {
	some connection in input.containers.connections
	connection.superuser
	finding := {
		"message": concat("", [
			"service '",
			connection.service,
			"' connects as ",
			connection.user,
			" (",
			connection.variable,
			"), ",
			_who(connection.user),
		]),
		"location": connection.location,
	}
}

# Several services may set the same POSTGRES_USER: the first by name stands for them.
_who(user) := concat("", ["the superuser the image of service '", names[0], "' creates from POSTGRES_USER"]) if {
	names := sort([service.name |
		some service in input.containers.services
		service.superuser.location
		service.superuser.name == user
	])
	count(names) > 0
} else := "the built-in superuser"

# Every client of the entry works on the server as a superuser.
deny contains finding if {
	some database in input.pgbouncer.databases
	database.params.user in _superusers
	finding := {
		"message": concat("", [
			"PgBouncer's [databases] entry '",
			database.name,
			"' connects every client to the server as ",
			database.params.user,
			", a superuser",
		]),
		"location": database.location,
	}
}

_superusers contains name if {
	input.pgbouncer
	some name in config.threshold("superusers")
}

_superusers contains service.superuser.name if {
	some service in input.containers.services
}
