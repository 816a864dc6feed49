# METADATA
# title: Remote clients must connect over TLS or GSSAPI encryption
# description: >-
#   ssl = on only offers TLS: a host rule also matches a client that connects without it,
#   and a client using sslmode=prefer (libpq's default) silently falls back to clear text
#   when an attacker in the path strips TLS. Only hostssl (or hostgssenc) rules, with host,
#   hostnossl and hostnogssenc rules for other hosts rejected, make the server refuse
#   unencrypted connections.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/auth-pg-hba-conf.html
#     description: PostgreSQL manual, The pg_hba.conf File
#   - ref: https://www.postgresql.org/docs/current/ssl-tcp.html
#     description: PostgreSQL manual, Secure TCP/IP Connections with SSL
# custom:
#   id: PGH-045
#   techniques: [45, 6]
#   severity: high
#   kind: automated
#   inputs: [conf, hba]
#   cis: ["5.4"]
#   remediation: >-
#     Turn ssl on (PGH-006) and write remote rules as hostssl, for example
#     hostssl app_db app_user 10.0.1.0/24 scram-sha-256; keep host only for 127.0.0.1/32 and
#     ::1/128, and end the file with host all all all reject (and hostnossl all all all reject).
package pg_hardening.techniques.t45_encrypted_connections

import data.pg_hardening.lib.findings
import data.pg_hardening.lib.hba
import data.pg_hardening.lib.settings

_default := "high"

deny contains finding if {
	some rule in input.hba.rules
	not hba.reject(rule)
	hba.unencrypted(rule)
	hba.remote(rule)
	hba.live(rule)
	finding := findings.finding(
		concat("", ["pg_hba.conf rule '", hba.describe(rule), "' ", _what[rule.type]]),
		rule.location,
		_severity(rule),
		_default,
	)
}

_what := {
	"host": "accepts clients from other hosts without requiring TLS",
	"hostnogssenc": "accepts clients from other hosts without requiring TLS",
	"hostnossl": "accepts clients from other hosts only when they do not use TLS",
}

_severity(rule) := "low" if {
	settings.loopback_only
} else := "high" if {
	rule.type == "hostnossl"
} else := "high" if {
	hba.world_open(rule)
} else := "medium"
