# METADATA
# title: The server listens and accepts clients only where it must
# description: >-
#   A server that listens on every interface and has pg_hba.conf rules for any address
#   can be reached, and its passwords guessed, from anywhere its port is routed; hundreds
#   of thousands of PostgreSQL servers are exposed this way and are brute-forced in
#   campaigns such as PG_MEM. listen_addresses and pg_hba.conf together decide who can try
#   to log in. The rule's weight follows its authentication method, and a rule is not
#   reported when an earlier reject rule for the same or wider addresses always matches
#   first.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-LISTEN-ADDRESSES
#     description: PostgreSQL manual, Connections and Authentication, listen_addresses
#   - ref: https://www.postgresql.org/docs/current/auth-pg-hba-conf.html
#     description: PostgreSQL manual, The pg_hba.conf File
# custom:
#   id: PGH-004
#   techniques: [4, 20, 30]
#   severity: high
#   kind: automated
#   inputs: [conf, hba]
#   cis: ["5.2", "5.4"]
#   remediation: >-
#     Bind only the interfaces clients use, for example listen_addresses = 'localhost,
#     10.0.1.5' (a container that publishes its port needs '*' and a firewall instead), and
#     give pg_hba.conf rules the narrowest client networks, for example
#     hostssl app_db app_user 10.0.1.0/24 scram-sha-256, instead of 0.0.0.0/0, ::/0 or all.
package pg_hardening.techniques.t04_restricted_remote_access

import data.pg_hardening.lib.findings
import data.pg_hardening.lib.hba
import data.pg_hardening.lib.network
import data.pg_hardening.lib.settings

_default := "high"

deny contains finding if {
	some item in settings.list("listen_addresses")
	network.scope(item) == "any"
	finding := findings.finding(
		concat("", [
			"listen_addresses = '",
			settings.shown("listen_addresses"),
			"' makes the server listen on every network interface",
		]),
		settings.location("listen_addresses"),
		_listen_severity,
		_default,
	)
}

deny contains finding if {
	public := [item | some item in settings.list("listen_addresses"); network.scope(item) == "public"]
	count(public) > 0
	finding := findings.finding(
		concat("", [
			"listen_addresses = '",
			settings.shown("listen_addresses"),
			"' binds the public address ",
			concat(", ", public),
		]),
		settings.location("listen_addresses"),
		_listen_severity,
		_default,
	)
}

deny contains finding if {
	some rule in input.hba.rules
	_open(rule)
	finding := findings.finding(
		concat("", [
			"pg_hba.conf rule '",
			hba.describe(rule),
			"' accepts connections from ",
			_clients[rule.address.scope],
		]),
		rule.location,
		_rule_severity(rule),
		_default,
	)
}

_clients := {"any": "any address", "public": "public internet addresses"}

_open(rule) if {
	not hba.reject(rule)
	hba.world_open(rule)
	hba.live(rule)
}

_remote(rule) if {
	not hba.reject(rule)
	hba.remote(rule)
	hba.live(rule)
}

# Listening widely matters as much as pg_hba.conf lets remote clients in.
_listen_severity := "high" if {
	some rule in input.hba.rules
	_open(rule)
} else := "low" if {
	input.hba
	not _any_remote
} else := "medium"

_any_remote if {
	some rule in input.hba.rules
	_remote(rule)
}

# Methods that need no password an attacker could guess or replay.
_keyless := {"cert", "gss", "sspi"}

# Methods that leave the login to the client: no secret (trust), a secret sent in clear text
# (password), or the word of an ident server on the client's own host.
_open_door := {"trust", "password", "ident"}

_rule_severity(rule) := "low" if {
	settings.loopback_only
} else := "critical" if {
	rule.method in _open_door
} else := "medium" if {
	rule.method in _keyless
} else := "high" if {
	rule.address.scope == "any"
} else := "medium"
