# METADATA
# title: Superusers can connect only from the database host
# description: >-
#   A superuser can read every table, change any role and run programs on the server
#   (COPY ... FROM PROGRAM), which is how intrusions such as PG_MEM turn a guessed password
#   into a compromised host. pg_hba.conf rules whose user column is all, a superuser's name
#   or a regular expression matching it, and whose address is not the loopback interface,
#   let that power in from the network. Rules for a group are reported at low severity,
#   because the files cannot show whether a superuser is a member. A rule is not reported
#   for a superuser that an earlier reject rule (such as host all postgres all reject)
#   always turns away first.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/auth-pg-hba-conf.html
#     description: PostgreSQL manual, The pg_hba.conf File
#   - ref: https://www.postgresql.org/docs/current/role-attributes.html
#     description: PostgreSQL manual, Role Attributes
# custom:
#   id: PGH-005
#   techniques: [5, 24, 34]
#   severity: high
#   kind: automated
#   inputs: [conf, hba]
#   cis: ["5.4"]
#   remediation: >-
#     Let superusers in only over the local socket (local all postgres peer) and put
#     host all postgres all reject before the broader host rules; administer remotely
#     through an SSH session on the host, or through a non-superuser role with the
#     predefined roles it needs (pg_monitor, pg_maintain). If other superusers exist, list
#     them in config.thresholds.superusers.
package pg_hardening.techniques.t05_no_remote_superuser

import data.pg_hardening.lib.config
import data.pg_hardening.lib.findings
import data.pg_hardening.lib.hba
import data.pg_hardening.lib.settings

_default := "high"

deny contains finding if {
	some rule in input.hba.rules
	_from_network(rule)
	names := _superusers_reached(rule)
	count(names) > 0
	finding := findings.finding(
		concat("", [
			"pg_hba.conf rule '",
			hba.describe(rule),
			"' lets superuser ",
			concat(", ", names),
			" connect from other hosts",
		]),
		rule.location,
		_severity(rule),
		_default,
	)
}

deny contains finding if {
	some rule in input.hba.rules
	_from_network(rule)
	hba.live(rule)
	count(_superusers_reached(rule)) == 0
	some entry in rule.users
	entry.kind == "group"
	finding := findings.finding(
		concat("", [
			"pg_hba.conf rule '",
			hba.describe(rule),
			"' lets members of +",
			entry.value,
			" connect from other hosts, and superusers may be members",
		]),
		rule.location,
		"low",
		_default,
	)
}

_from_network(rule) if {
	not hba.reject(rule)
	hba.remote(rule)
}

_superusers_reached(rule) := [name |
	some name in config.threshold("superusers")
	hba.names_user(rule.users, name)
	hba.live_for(rule, name)
]

# Methods that admit a client without a secret it must prove: none, or its own host's word.
_no_secret := {"trust", "ident"}

_severity(rule) := "low" if {
	settings.loopback_only
} else := "critical" if {
	rule.method in _no_secret
} else := "high" if {
	hba.world_open(rule)
} else := "medium"
