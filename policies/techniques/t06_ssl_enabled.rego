# METADATA
# title: TLS is on for remote clients, with TLS 1.2 or newer
# description: >-
#   Without TLS, passwords sent with the password, ldap, pam or radius methods, md5
#   challenge responses, and every query and result cross the network in clear text and can
#   be altered in transit. ssl is off by default. TLS 1.0 and 1.1 have known weaknesses and
#   are disabled by current clients; PostgreSQL 12 still accepted them by default.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/ssl-tcp.html
#     description: PostgreSQL manual, Secure TCP/IP Connections with SSL
#   - ref: https://www.postgresql.org/docs/current/runtime-config-connection.html#RUNTIME-CONFIG-CONNECTION-SSL
#     description: PostgreSQL manual, Connections and Authentication, SSL
# custom:
#   id: PGH-006
#   techniques: [6]
#   severity: high
#   kind: automated
#   inputs: [conf, hba]
#   cis: ["6.8", "6.9"]
#   remediation: >-
#     Install a certificate and key readable only by the postgres user and set ssl = on,
#     ssl_cert_file = 'server.crt', ssl_key_file = 'server.key' and
#     ssl_min_protocol_version = 'TLSv1.2' (or 'TLSv1.3' when every client supports it), then
#     make pg_hba.conf require it with hostssl rules (see PGH-045).
package pg_hardening.techniques.t06_ssl_enabled

import data.pg_hardening.lib.config
import data.pg_hardening.lib.findings
import data.pg_hardening.lib.hba
import data.pg_hardening.lib.settings

_default := "high"

deny contains finding if {
	settings.off("ssl")
	_remote_access_possible
	finding := {
		"message": concat("", [
			"ssl = ",
			settings.shown("ssl"),
			" while the server accepts TCP clients from other hosts, so their connections are not encrypted",
		]),
		"location": settings.location("ssl"),
	}
}

deny contains finding if {
	settings.on("ssl")
	version := lower(settings.value("ssl_min_protocol_version"))
	_rank[version] < _rank[lower(config.threshold("ssl_min_protocol_version"))]
	finding := findings.finding(
		concat("", [
			"ssl_min_protocol_version = ",
			settings.shown("ssl_min_protocol_version"),
			" lets clients negotiate a protocol older than ",
			config.threshold("ssl_min_protocol_version"),
		]),
		settings.location("ssl_min_protocol_version"),
		_version_severity(version),
		_default,
	)
}

_rank := {"tlsv1": 10, "tlsv1.1": 11, "tlsv1.2": 12, "tlsv1.3": 13}

# TLS 1.0 and 1.1 are broken; 1.2 below a stricter policy (CIS 17 asks for 1.3) is not.
_version_severity(version) := "high" if {
	_rank[version] < _rank["tlsv1.2"]
} else := "low"

# listen_addresses lets other hosts connect and, when pg_hba.conf was read, a rule admits them.
_remote_access_possible if {
	settings.listens_remotely
	not input.hba
}

_remote_access_possible if {
	settings.listens_remotely
	some rule in input.hba.rules
	not hba.reject(rule)
	hba.remote(rule)
	hba.live(rule)
}
