# METADATA
# title: The server runs a supported PostgreSQL major version, named explicitly
# description: >-
#   Each PostgreSQL major version gets fixes for five years; after its final minor release,
#   vulnerabilities found later stay open in it for good. A container image whose tag names
#   no version (postgres, postgres:latest, postgres:alpine) runs whichever major is current
#   when it is pulled: a new major cannot open the old data directory without pg_upgrade, and
#   which version runs cannot be known from the repository. End-of-life dates come from the
#   release data shipped with pg-hardening and are judged at its as-of date.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/support/versioning/
#     description: PostgreSQL versioning policy and supported releases
#   - ref: https://www.postgresql.org/docs/current/upgrading.html
#     description: PostgreSQL manual, Upgrading a PostgreSQL Cluster
# custom:
#   id: PGH-001
#   techniques: [1, 35]
#   severity: high
#   kind: automated
#   inputs: [containers]
#   cis: ["1.5"]
#   remediation: >-
#     Upgrade to a supported major version (pg_upgrade, or dump and restore) and pin it in the
#     image tag with its minor release, for example postgres:17.10, or at least the major
#     (postgres:17); let a dependency updater propose new minors.
package pg_hardening.techniques.t01_supported_major_version

import data.pg_hardening.lib.findings
import data.pg_hardening.lib.versions

_default := "high"

# A container image of an ended major.
deny contains finding if {
	some service in input.containers.services
	image := service.image
	versions.past_eol(image.major)
	finding := findings.finding(
		concat("", [
			"image ",
			image.raw,
			" runs PostgreSQL ",
			versions.release_name(image.major, image.version),
			", ",
			_ended(image.major),
		]),
		image.location,
		_eol_severity(image.major),
		_default,
	)
}

# A configuration written for an ended major (its paths name the version).
deny contains finding if {
	input.target.major_source in {"config", "server"}
	major := input.target.major
	versions.past_eol(major)
	finding := findings.finding(
		concat("", [_source(input.target.major_source), format_int(major, 10), ", ", _ended(major)]),
		_target_location(major),
		_eol_severity(major),
		_default,
	)
}

# Helpers are functions rather than values: main.rego reads every package whole, so a value
# would be computed for every deployment, PostgreSQL ones without containers included.
_source("config") := "the configuration names the paths of PostgreSQL "

_source("server") := "the server runs PostgreSQL "

_ended(major) := concat("", [
	"which reached end of life on ",
	versions.release(major).eol,
	" and gets no more security fixes",
]) if {
	versions.release(major)
} else := "which reached end of life years ago and gets no security fixes"

_eol_severity(major) := "critical" if versions.long_past_eol(major)

else := "high"

# The setting whose path names the version, or the main file.
_target_location(major) := input.postgresql.settings[name].location if {
	pattern := concat("", [`/(postgresql|pgsql|postgres)[-/]`, format_int(major, 10), `(\.[0-9]+)?(/|$)`])
	names := [name |
		some name, setting in input.postgresql.settings
		is_string(setting.value)
		regex.match(pattern, setting.value)
	]
	name := sort(names)[0]
} else := {"file": input.postgresql.config_file, "line": 1, "column": 1}

# An image tag that names no version.
deny contains finding if {
	some service in input.containers.services
	image := service.image
	image.floating
	not image.digest
	not contains(image.raw, "$")
	not _versioned_tag(image)
	finding := findings.finding(
		concat("", [
			"image ",
			image.raw,
			" names no PostgreSQL version: the next pull may bring a new major, which cannot open the existing data directory, and which version runs is not known",
		]),
		image.location,
		"medium",
		_default,
	)
}

# A tag with digits names some version, even one this scan cannot read (spilo-15:3.0-p1).
_versioned_tag(image) if regex.match(`[0-9]`, image.tag)

# A major released after the data's as-of date.
deny contains finding if {
	some service in input.containers.services
	image := service.image
	versions.newer_than_data(image.major)
	finding := findings.finding(
		concat("", [
			"image ",
			image.raw,
			" runs PostgreSQL ",
			format_int(image.major, 10),
			", newer than the release data pg-hardening has (as of ",
			versions.as_of,
			"): its support status is not checked",
		]),
		image.location,
		"info",
		_default,
	)
}
