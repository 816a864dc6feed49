# METADATA
# title: The postgres image is not told to trust its clients
# description: >-
#   POSTGRES_HOST_AUTH_METHOD sets the method of the one line the official image adds to
#   pg_hba.conf on first start, host all all all <method>: with trust anyone who reaches the
#   port logs in as any role, the superuser included, and the password in POSTGRES_PASSWORD is
#   never asked for; with password the password crosses the network in clear text; md5 is
#   the hash PostgreSQL 18 deprecates. The image's default is the server's password_encryption
#   (scram-sha-256 since PostgreSQL 14). POSTGRES_INITDB_ARGS --auth, --auth-host and
#   --auth-local set the methods of initdb's own rules for the socket and the loopback
#   interface, where trust lets every process in the container in.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/auth-trust.html
#     description: PostgreSQL manual, Trust Authentication
#   - ref: https://www.postgresql.org/docs/current/app-initdb.html
#     description: PostgreSQL manual, initdb (--auth, --auth-host, --auth-local)
#   - ref: https://hub.docker.com/_/postgres
#     description: The official postgres image, POSTGRES_HOST_AUTH_METHOD and POSTGRES_INITDB_ARGS
# custom:
#   id: PGH-110
#   techniques: [46, 27]
#   severity: critical
#   kind: automated
#   inputs: [containers]
#   cis: ["5.3", "5.4"]
#   remediation: >-
#     Remove POSTGRES_HOST_AUTH_METHOD (or set it to scram-sha-256) and give the superuser a
#     password through POSTGRES_PASSWORD_FILE and a Compose secret; remove --auth*=trust from
#     POSTGRES_INITDB_ARGS. The image writes pg_hba.conf only when the data directory is
#     empty: for an existing volume, change the line in its pg_hba.conf and reload.
package pg_hardening.techniques.t110_container_trust_auth

import data.pg_hardening.lib.findings

_default := "critical"

deny contains finding if {
	some service in input.containers.services
	method := lower(service.host_auth_method.value)
	risk := _host_risk(method)
	not contains(method, "$")
	finding := findings.finding(
		concat("", [
			"POSTGRES_HOST_AUTH_METHOD=",
			service.host_auth_method.value,
			" of service '",
			service.name,
			"' makes the image write 'host all all all ",
			method,
			"' to pg_hba.conf",
			risk,
			_unused_note(service),
		]),
		service.host_auth_method.location,
		_host_severity(service, method),
		_default,
	)
}

# Helpers are functions rather than values: main.rego reads every package whole, so a value
# would be computed for every deployment, those without containers included.
_host_risk("trust") := ": anyone who reaches the port logs in as any role, the superuser included, without a password"

_host_risk("password") := ": passwords cross the network in clear text"

_host_risk("md5") := ": MD5 authentication, deprecated since PostgreSQL 18, where scram-sha-256 is the image's default"

_host_severities("trust") := "critical"

_host_severities("password") := "high"

_host_severities("md5") := "medium"

# A server that reads another pg_hba.conf never uses the line the image writes.
_host_severity(service, method) := "low" if {
	_own_hba(service)
} else := _host_severities(method)

_unused_note(service) := " (unused while hba_file names another file, until that changes)" if {
	_own_hba(service)
} else := ""

_own_hba(service) if {
	some file in service.config_files
	file.role == "pg_hba.conf"
	file.via == "flag"
}

_own_hba(_) if input.postgresql.settings.hba_file

deny contains finding if {
	some service in input.containers.services
	some auth in service.initdb_auth
	lower(auth.method) == "trust"
	finding := findings.finding(
		concat("", [
			"POSTGRES_INITDB_ARGS of service '",
			service.name,
			"' passes ",
			auth.option,
			"=trust: initdb writes trust rules for ",
			_initdb_scope(auth.option),
			", so every process in the container logs in as any role without a password",
		]),
		auth.location,
		"high",
		_default,
	)
}

_initdb_scope("--auth") := "the Unix socket and the loopback interface"

_initdb_scope("--auth-host") := "the loopback interface (127.0.0.1 and ::1)"

_initdb_scope("--auth-local") := "the Unix socket"
