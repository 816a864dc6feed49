# METADATA
# title: Compose files name database passwords without containing them
# description: >-
#   A password written in docker-compose.yml is in every clone and fork of the repository
#   and in its history for good; changing it means rewriting history or rotating the
#   password. The official image reads POSTGRES_PASSWORD_FILE from a mounted secret instead,
#   and applications can take the password from a secret file or from a variable set where
#   the stack is deployed. A short password, one equal to the user name or a well-known
#   default (postgres, password, changeme) is among the first that attackers try. The
#   finding never shows the password.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/libpq-pgpass.html
#     description: PostgreSQL manual, The Password File
#   - ref: https://docs.docker.com/compose/how-tos/use-secrets/
#     description: Docker, secrets in Compose
#   - ref: https://hub.docker.com/_/postgres
#     description: The official postgres image, Docker secrets (POSTGRES_PASSWORD_FILE)
# custom:
#   id: PGH-111
#   techniques: [32, 2]
#   severity: high
#   kind: automated
#   inputs: [containers]
#   cis: []
#   remediation: >-
#     Treat the password as leaked and change it. Use POSTGRES_PASSWORD_FILE:
#     /run/secrets/db_password with a Compose secret, and give applications the password
#     through a secret file or a variable set outside the repository (DATABASE_URL:
#     postgres://app:${APP_DB_PASSWORD}@db/app); generate passwords of 24 or more random
#     characters.
package pg_hardening.techniques.t111_container_secrets

import data.pg_hardening.lib.findings

_default := "high"

deny contains finding if {
	some service in input.containers.services
	service.password.kind == "literal"
	finding := {
		"message": concat("", [
			"POSTGRES_PASSWORD of service '",
			service.name,
			"' is written in ",
			service.password.location.file,
			_weak(service.password),
		]),
		"location": service.password.location,
	}
}

deny contains finding if {
	some connection in input.containers.connections
	connection.password.kind == "literal"
	finding := findings.finding(
		concat("", [
			"the password of ",
			_whose(connection),
			" that service '",
			connection.service,
			"' connects with (",
			connection.variable,
			") is written in ",
			connection.password.location.file,
			_weak(connection.password),
		]),
		connection.password.location,
		_connection_severity(connection),
		_default,
	)
}

_weak(secret) := ", and it is weak: short, the user name or a well-known default" if {
	secret.weak
} else := ""

_whose(connection) := concat("", ["the superuser ", connection.user]) if {
	connection.superuser
} else := connection.user

_connection_severity(connection) := "high" if {
	connection.superuser
} else := "medium"
