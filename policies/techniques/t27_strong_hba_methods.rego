# METADATA
# title: pg_hba.conf uses authentication methods that protect the password
# description: >-
#   The password method sends the password in clear text; pam, ldap, radius and bsd do too,
#   and need an encrypted connection to keep it off the wire. ldap also forwards it to the
#   directory, which needs TLS of its own. ident over TCP from another host believes
#   whatever user name an ident server on that host reports, so anyone controlling it can
#   claim any name. md5 is weaker than scram-sha-256: the stored hash is enough to log in, and
#   PostgreSQL 18 deprecates it. trust is PGH-046.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/auth-methods.html
#     description: PostgreSQL manual, Authentication Methods
#   - ref: https://www.postgresql.org/docs/current/auth-pg-hba-conf.html
#     description: PostgreSQL manual, The pg_hba.conf File
# custom:
#   id: PGH-027
#   techniques: [27, 2, 46]
#   severity: high
#   kind: automated
#   inputs: [hba]
#   cis: ["5.3", "5.4"]
#   remediation: >-
#     Use scram-sha-256 for password logins (set password_encryption = 'scram-sha-256' and
#     reset the passwords first), peer for local lines, cert or gss where clients have
#     certificates or Kerberos. Put pam, ldap, radius and bsd on hostssl rules only, and give
#     ldap rules ldaptls=1 or ldapscheme=ldaps.
package pg_hardening.techniques.t27_strong_hba_methods

import data.pg_hardening.lib.findings
import data.pg_hardening.lib.hba

_default := "high"

# Methods that receive the password itself from the client.
_cleartext := {"password", "pam", "ldap", "radius", "bsd"}

deny contains finding if {
	some rule in _live
	rule.method == "password"
	finding := findings.finding(
		concat("", [
			"pg_hba.conf rule '",
			hba.describe(rule),
			"' uses password authentication, which sends the password in clear text",
		]),
		rule.location,
		_password_severity(rule),
		_default,
	)
}

deny contains finding if {
	some rule in _live
	rule.method in _cleartext
	rule.method != "password"
	_exposed(rule)
	finding := {
		"message": concat("", [
			"pg_hba.conf rule '",
			hba.describe(rule),
			"' receives passwords for ",
			rule.method,
			" authentication from other hosts over connections that need not be encrypted",
		]),
		"location": rule.location,
	}
}

deny contains finding if {
	some rule in _live
	rule.method == "ldap"
	not _ldap_tls(rule)
	finding := {
		"message": concat("", [
			"pg_hba.conf rule '",
			hba.describe(rule),
			"' forwards passwords to the LDAP server without TLS",
		]),
		"location": rule.location,
	}
}

deny contains finding if {
	some rule in _live
	rule.method == "ident"
	hba.remote(rule)
	finding := {
		"message": concat("", [
			"pg_hba.conf rule '",
			hba.describe(rule),
			"' uses ident over TCP, which trusts the user name the client's host reports",
		]),
		"location": rule.location,
	}
}

deny contains finding if {
	some rule in _live
	rule.method == "md5"
	finding := findings.finding(
		concat("", [
			"pg_hba.conf rule '",
			hba.describe(rule),
			"' uses md5 authentication",
			_md5_note,
			"; scram-sha-256 is stronger",
		]),
		rule.location,
		"medium",
		_default,
	)
}

_live := [rule | some rule in input.hba.rules; hba.live(rule)]

# A rule for other hosts that also matches unencrypted connections.
_exposed(rule) if {
	hba.unencrypted(rule)
	hba.remote(rule)
}

_password_severity(rule) := "high" if {
	_exposed(rule)
} else := "medium"

_ldap_tls(rule) if rule.options.ldaptls == "1"

_ldap_tls(rule) if lower(rule.options.ldapscheme) == "ldaps"

_ldap_tls(rule) if startswith(lower(rule.options.ldapurl), "ldaps://")

_md5_note := ", deprecated since PostgreSQL 18" if input.target.major >= 18

else := ""
