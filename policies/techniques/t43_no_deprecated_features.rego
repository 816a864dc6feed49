# METADATA
# title: The configuration uses no feature its PostgreSQL version removed or deprecates
# description: >-
#   A parameter a major version removed makes that version refuse to start, whether it is
#   written in postgresql.conf or passed on a container's command line, so the upgrade fails
#   on the day it is attempted. PostgreSQL 19 removed RADIUS authentication, and a pg_hba.conf
#   that still uses it is not loaded. PostgreSQL 18 deprecates MD5 passwords: it warns when one
#   is set, and a later major removes them, so a server still on md5 needs every password reset
#   before that upgrade. The major comes from the deployment's paths or its container image;
#   when nothing names it, this rule stays silent. Parameters the target's own catalogue does
#   not know are PGH-000's findings and are not repeated here.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/release/
#     description: PostgreSQL release notes, with the incompatibilities of each major
#   - ref: https://www.postgresql.org/docs/current/auth-password.html
#     description: PostgreSQL manual, Password Authentication (MD5 deprecation)
# custom:
#   id: PGH-043
#   techniques: [43, 1]
#   severity: high
#   kind: automated
#   inputs: [conf, hba]
#   cis: []
#   remediation: >-
#     Replace each removed parameter with its successor before upgrading (for example
#     wal_keep_size for wal_keep_segments, debug_parallel_query for force_parallel_mode), move
#     RADIUS logins to LDAP, PAM or certificates, and for MD5 set password_encryption =
#     'scram-sha-256', have every role set its password again, then change md5 rules to
#     scram-sha-256.
package pg_hardening.techniques.t43_no_deprecated_features

import data.pg_hardening.lib.findings
import data.pg_hardening.lib.hba
import data.pg_hardening.lib.settings
import data.pg_hardening.lib.versions

_default := "high"

# A removed parameter in postgresql.conf (or on a container's command line, joined into it).
deny contains finding if {
	major := versions.major
	some name, setting in input.postgresql.settings
	finding := _removed_finding(name, major, setting.location)
}

# A removed parameter on the command line of a container whose settings stand on their own.
deny contains finding if {
	some service in input.containers.services
	some setting in service.settings
	not input.postgresql.settings[setting.name].location == setting.location
	finding := _removed_finding(setting.name, _service_major(service), setting.location)
}

_service_major(service) := major if {
	major := service.image.major
} else := versions.major

# PGH-000 already reports a line PostgreSQL refuses for the catalogue's major.
_removed_finding(name, major, location) := {
	"message": concat("", [
		name,
		" was removed in PostgreSQL ",
		removal.release,
		_instead(removal.use),
		": PostgreSQL ",
		format_int(major, 10),
		" refuses to start with it",
	]),
	"location": location,
} if {
	removal := versions.removed_parameters[name]
	major >= removal.since
	not _diagnosed(location)
}

_diagnosed(location) if {
	some diagnostic in input.diagnostics
	diagnostic.location.line == location.line
	diagnostic.location.file == location.file
}

_instead("") := ""

_instead(use) := concat("", [" (use ", use, ")"]) if use != ""

# RADIUS authentication, removed in PostgreSQL 19.
deny contains finding if {
	versions.major >= 19
	some rule in input.hba.rules
	rule.method == "radius"
	hba.live(rule)
	finding := {
		"message": concat("", [
			"pg_hba.conf rule '",
			hba.describe(rule),
			"' uses radius, which PostgreSQL 19 removed: the server does not load this pg_hba.conf",
		]),
		"location": rule.location,
	}
}

# MD5 passwords, deprecated in PostgreSQL 18: one finding, at the place to start.
deny contains finding if {
	versions.major >= 18
	orders := [rule.order | some rule in input.hba.rules; rule.method == "md5"; hba.live(rule)]
	uses := array.concat(_md5_encryption, _md5_rules(count(orders)))
	count(uses) > 0
	finding := findings.finding(
		concat("", [
			"MD5 password authentication is deprecated since PostgreSQL 18 and is to be removed (",
			concat(" and ", uses),
			"): every role's password must be set again as SCRAM-SHA-256 before that upgrade",
		]),
		_md5_location(orders),
		"low",
		_default,
	)
}

# Values here are computed for every deployment (main.rego reads packages whole): this one
# first asks for a major that deprecates MD5.
_md5_encryption := ["password_encryption = md5"] if {
	versions.major >= 18
	settings.assigned("password_encryption")
	lower(settings.value("password_encryption")) == "md5"
} else := []

_md5_rules(0) := []

_md5_rules(1) := ["1 pg_hba.conf rule uses md5"]

_md5_rules(n) := [concat("", [format_int(n, 10), " pg_hba.conf rules use md5"])] if n > 1

_md5_location(orders) := settings.location("password_encryption") if {
	count(_md5_encryption) > 0
} else := rule.location if {
	some rule in input.hba.rules
	rule.order == min(orders)
}
