# METADATA
# title: PgBouncer authenticates clients strongly and keeps their traffic encrypted
# description: >-
#   PgBouncer sits in front of the server and does its own client authentication with its
#   own settings, so a pooler can let in what pg_hba.conf keeps out. auth_type trust and any
#   need no password (any even makes every console user an admin); plain sends and keeps
#   passwords in clear text; md5 (the default) is the hash PostgreSQL 18 deprecates, though
#   PgBouncer uses SCRAM for users whose stored secret is a SCRAM verifier. Client TLS is off
#   by default and server TLS is only preferred, without checking the server's certificate.
#   Passwords in [databases] connection strings and plaintext userlist entries leave secrets
#   in the repository; a superuser as auth_user logs in to look up every user's password.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/auth-password.html
#     description: PostgreSQL manual, Password Authentication
#   - ref: https://www.pgbouncer.org/config.html
#     description: PgBouncer configuration (auth_type, client_tls_sslmode, server_tls_sslmode, admin_users)
#   - ref: https://www.pgbouncer.org/config.html#authentication-file-format
#     description: PgBouncer, authentication file format
# custom:
#   id: PGH-021
#   techniques: [21, 32, 45]
#   severity: high
#   kind: automated
#   inputs: [pgbouncer]
#   cis: []
#   remediation: >-
#     Set auth_type = scram-sha-256 (or hba with an auth_hba_file of hostssl scram-sha-256 rules,
#     or cert), keep SCRAM verifiers rather than passwords in auth_file (or use auth_query with a
#     dedicated non-superuser auth_user), remove password= from [databases] entries, set
#     client_tls_sslmode = require with client_tls_key_file and client_tls_cert_file when
#     listen_addr is not loopback, server_tls_sslmode = verify-full with server_tls_ca_file for a
#     remote server, keep client_tls_protocols = secure, and list only operators in admin_users.
package pg_hardening.techniques.t21_pgbouncer_secure_auth

import data.pg_hardening.lib.config
import data.pg_hardening.lib.findings
import data.pg_hardening.lib.hba
import data.pg_hardening.lib.pgbouncer

_default := "high"

# auth_type
deny contains finding if {
	method := pgbouncer.value("auth_type")
	risk := _auth_risk(method)
	finding := findings.finding(
		concat("", ["auth_type = ", pgbouncer.shown("auth_type"), risk]),
		pgbouncer.location("auth_type"),
		_auth_severity(method),
		_default,
	)
}

# Helpers are functions rather than values: main.rego reads every package whole, so a value
# would be computed for every deployment, those without PgBouncer included.
_auth_risk("trust") := " lets clients log in as any user listed in auth_file without a password"

_auth_risk("any") := " lets clients log in without a password under any user name, and into the admin console as an admin"

_auth_risk("plain") := " has clients send their passwords in clear text and compares them with passwords kept in clear text"

_auth_risk("md5") := " authenticates with MD5 hashes, which PostgreSQL 18 deprecates; scram-sha-256 resists replay and offline guessing better"

_auth_severity(method) := "critical" if {
	method in {"trust", "any"}
	count(pgbouncer.remote_listen) > 0
} else := "high" if {
	method in {"trust", "any", "plain"}
} else := "low" if {
	_only_scram_secrets
} else := "medium"

# With md5, PgBouncer uses SCRAM for users whose secret is a SCRAM verifier.
_only_scram_secrets if {
	entries := input.pgbouncer.auth_file.entries
	count(entries) > 0
	every entry in entries {
		entry.secret == "scram"
	}
}

# password= in a [databases] connection string.
deny contains finding if {
	some database in input.pgbouncer.databases
	database.has_password
	finding := {
		"message": concat("", [
			"[databases] entry '",
			database.name,
			"' writes the server password in its connection string (password=)",
		]),
		"location": database.location,
	}
}

# A userlist line holding the password itself.
deny contains finding if {
	some entry in input.pgbouncer.auth_file.entries
	entry.secret == "plaintext"
	finding := {
		"message": concat("", [
			entry.location.file,
			" holds the password of user '",
			entry.user,
			"' in clear text",
		]),
		"location": entry.location,
	}
}

# Other hosts reach PgBouncer without TLS.
deny contains finding if {
	count(pgbouncer.remote_listen) > 0
	mode := pgbouncer.value("client_tls_sslmode")
	mode in {"disable", "allow", "prefer"}
	pgbouncer.value("auth_type") != "cert"
	finding := findings.finding(
		concat("", [
			"PgBouncer listens on ",
			concat(", ", pgbouncer.remote_listen),
			" with client_tls_sslmode = ",
			pgbouncer.shown("client_tls_sslmode"),
			_client_tls_risk(mode),
		]),
		_client_tls_location,
		_listen_severity,
		_default,
	)
}

_client_tls_risk("disable") := ": clients' passwords and queries cross the network unencrypted"

_client_tls_risk(mode) := ": clients may connect without TLS, and their passwords and queries then cross the network unencrypted" if {
	mode in {"allow", "prefer"}
}

_client_tls_location := pgbouncer.location("client_tls_sslmode") if {
	pgbouncer.assigned("client_tls_sslmode")
} else := pgbouncer.location("listen_addr")

_listen_severity := "high" if pgbouncer.listens_widely

else := "medium"

# PgBouncer reaches a server on another host without requiring TLS.
deny contains finding if {
	mode := pgbouncer.value("server_tls_sslmode")
	mode in {"disable", "allow", "prefer"}
	remote := [database | some database in input.pgbouncer.databases; pgbouncer.remote_server(database)]
	count(remote) > 0
	finding := findings.finding(
		concat("", [
			"server_tls_sslmode = ",
			pgbouncer.shown("server_tls_sslmode"),
			" lets PgBouncer connect to ",
			remote[0].params.host,
			" without TLS, so passwords and data between them can be read or changed on the way",
		]),
		_server_tls_location(remote[0]),
		"medium",
		_default,
	)
}

_server_tls_location(database) := pgbouncer.location("server_tls_sslmode") if {
	pgbouncer.assigned("server_tls_sslmode")
} else := database.location

# TLS 1.0 and 1.1 allowed on a side where TLS is in use.
deny contains finding if {
	some side in ["client", "server"]
	pgbouncer.value(concat("", [side, "_tls_sslmode"])) != "disable"
	name := concat("", [side, "_tls_protocols"])
	weak := _weak_protocols(pgbouncer.value(name))
	count(weak) > 0
	finding := findings.finding(
		concat("", [
			name,
			" = ",
			pgbouncer.shown(name),
			" allows ",
			concat(" and ", sort(weak)),
			", which are broken and retired (RFC 8996)",
		]),
		pgbouncer.location(name),
		_side_severity(side),
		_default,
	)
}

_side_severity("client") := "high"

_side_severity("server") := "medium"

# libtls protocol names; "!" or "-" before a name removes it.
_protocol_set(name) := {"TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"} if name in {"all", "legacy", "tlsv1"}

_protocol_set(name) := {"TLSv1.2", "TLSv1.3"} if name in {"secure", "default"}

_protocol_set(name) := {"TLSv1.0"} if name == "tlsv1.0"

_protocol_set(name) := {"TLSv1.1"} if name == "tlsv1.1"

_protocol_set(name) := {"TLSv1.2"} if name == "tlsv1.2"

_protocol_set(name) := {"TLSv1.3"} if name == "tlsv1.3"

_weak_protocols(text) := [protocol |
	tokens := [trim_space(token) | some token in split(replace(text, ":", ","), ",")]
	enabled := union({_protocol_set(token) | some token in tokens})
	removed := union({_protocol_set(trim_left(token, "!-")) |
		some token in tokens
		_negated(token)
	})
	some protocol in (enabled - removed)
	protocol in {"TLSv1.0", "TLSv1.1"}
]

_negated(token) if startswith(token, "!")

_negated(token) if startswith(token, "-")

# Cipher lists that include ciphers without forward secrecy or with broken primitives.
deny contains finding if {
	some side in ["client", "server"]
	pgbouncer.value(concat("", [side, "_tls_sslmode"])) != "disable"
	name := concat("", [side, "_tls_ciphers"])
	pgbouncer.value(name) in {"all", "legacy", "insecure", "compat"}
	finding := findings.finding(
		concat("", [name, " = ", pgbouncer.shown(name), " allows weak ciphers such as 3DES and RC4"]),
		pgbouncer.location(name),
		"medium",
		_default,
	)
}

# Application users with console rights.
deny contains finding if {
	some list in ["admin_users", "stats_users"]
	some user in pgbouncer.items(list)
	user in _app_users
	not user in _superusers
	finding := findings.finding(
		concat("", [list, " includes ", user, ", a user applications connect as", _console_risk(list)]),
		pgbouncer.location(list),
		_console_severity(list),
		_default,
	)
}

_console_risk("admin_users") := ": whoever has the application's password can also pause, reconfigure or shut down PgBouncer"

_console_risk("stats_users") := ": whoever has the application's password can also list every client's address and user"

_console_severity("admin_users") := "medium"

_console_severity("stats_users") := "low"

# Roles application sessions run as; a superuser among them is PGH-024's finding, and in
# admin_users it is the administrator's own login.
_app_users contains user if {
	some database in input.pgbouncer.databases
	user := database.params.user
}

_app_users contains user.name if {
	some user in input.pgbouncer.users
}

_app_users contains connection.user if {
	some connection in input.containers.connections
}

_superusers contains name if {
	input.pgbouncer
	some name in config.threshold("superusers")
}

_superusers contains service.superuser.name if {
	some service in input.containers.services
}

# auth_user looks up the passwords of other users.
deny contains finding if {
	user := input.pgbouncer.settings.auth_user.value
	user in _superusers
	finding := findings.finding(
		concat("", ["auth_user = ", user, _auth_user_risk]),
		input.pgbouncer.settings.auth_user.location,
		"medium",
		_default,
	)
}

deny contains finding if {
	some database in input.pgbouncer.databases
	database.params.auth_user in _superusers
	finding := findings.finding(
		concat("", [
			"[databases] entry '",
			database.name,
			"' sets auth_user = ",
			database.params.auth_user,
			_auth_user_risk,
		]),
		database.location,
		"medium",
		_default,
	)
}

_auth_user_risk := ", a superuser: PgBouncer logs in with it to look up passwords, which a role that may only run a SECURITY DEFINER lookup function can do"

# Every local OS user may connect to the socket.
deny contains finding if {
	pgbouncer.assigned("unix_socket_mode")
	bits.and(pgbouncer.value("unix_socket_mode"), 2) != 0
	finding := findings.finding(
		concat("", [
			"unix_socket_mode = ",
			pgbouncer.shown("unix_socket_mode"),
			" lets every local OS user connect to PgBouncer's socket",
		]),
		pgbouncer.location("unix_socket_mode"),
		"low",
		_default,
	)
}

# auth_type = hba: the rules of auth_hba_file, judged like pg_hba.conf.
deny contains finding if {
	pgbouncer.value("auth_type") == "hba"
	rules := input.pgbouncer.auth_hba.rules
	some rule in rules
	risk := _hba_risk(rule)
	hba.live_among(rules, rule)
	finding := findings.finding(
		concat("", ["PgBouncer's auth_hba_file rule '", hba.describe(rule), "' ", risk]),
		rule.location,
		_hba_severity(rule),
		_default,
	)
}

_hba_risk(rule) := "lets any client from another host log in without a password" if {
	rule.method == "trust"
	_hba_remote(rule)
} else := "lets every local client log in without a password" if {
	rule.method == "trust"
} else := "accepts passwords in clear text from other hosts over connections that need not be encrypted" if {
	rule.method == "password"
	_hba_remote(rule)
	hba.unencrypted(rule)
}

_hba_remote(rule) if {
	hba.remote(rule)
	count(pgbouncer.remote_listen) > 0
}

_hba_severity(rule) := "critical" if {
	rule.method == "trust"
	_hba_remote(rule)
} else := "high"
