# METADATA
# title: Client authentication never uses trust
# description: >-
#   A trust rule lets whoever matches it log in as any role it names, superusers included,
#   without a password or any proof of identity. From other hosts that is anyone who can
#   reach the port; on the local socket or the loopback interface it is every OS user and
#   every process on the host, including a compromised web application. initdb writes local
#   and loopback trust rules when run without -A, and the official Docker image writes
#   host all all all trust when POSTGRES_HOST_AUTH_METHOD=trust.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/auth-trust.html
#     description: PostgreSQL manual, Trust Authentication
#   - ref: https://www.postgresql.org/docs/current/auth-pg-hba-conf.html
#     description: PostgreSQL manual, The pg_hba.conf File
# custom:
#   id: PGH-046
#   techniques: [46, 27]
#   severity: critical
#   kind: automated
#   inputs: [conf, hba]
#   cis: ["5.3", "5.4"]
#   remediation: >-
#     Replace trust with scram-sha-256 (after setting the roles' passwords), or with peer on
#     local lines used only by the matching OS user, for example local all postgres peer;
#     then reload the server (SELECT pg_reload_conf()).
package pg_hardening.techniques.t46_no_trust_auth

import data.pg_hardening.lib.findings
import data.pg_hardening.lib.hba
import data.pg_hardening.lib.settings

_default := "critical"

deny contains finding if {
	some rule in input.hba.rules
	rule.method == "trust"
	hba.live(rule)
	finding := findings.finding(
		concat("", [
			"pg_hba.conf rule '",
			hba.describe(rule),
			"' lets ",
			_who(rule),
			" log in without a password",
		]),
		rule.location,
		_severity(rule),
		_default,
	)
}

_who(rule) := "any client from another host" if {
	_from_network(rule)
} else := "every local OS user" if {
	rule.type == "local"
} else := "every process on the database host"

_from_network(rule) if {
	hba.remote(rule)
	not settings.loopback_only
}

_severity(rule) := "critical" if {
	_from_network(rule)
} else := "high"
