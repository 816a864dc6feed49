# METADATA
# title: A pinned image runs the latest minor release of its major
# description: >-
#   Security fixes ship in minor releases, several times a year for every supported major,
#   and a minor release never needs a dump, restore or pg_upgrade: replacing the binaries and
#   restarting is enough. An image tag that pins a minor release (postgres:17.4) keeps the
#   server on that release, with every vulnerability fixed since, until someone edits the
#   tag. The latest minor of each major comes from the release data shipped with
#   pg-hardening, at its as-of date.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/support/versioning/
#     description: PostgreSQL versioning policy (minor releases)
#   - ref: https://www.postgresql.org/support/security/
#     description: PostgreSQL security information and the vulnerabilities each release fixes
# custom:
#   id: PGH-035
#   techniques: [35, 1]
#   severity: medium
#   kind: automated
#   inputs: [containers]
#   cis: ["1.5"]
#   remediation: >-
#     Move the tag to the latest minor release of the same major (for example postgres:17.10)
#     and restart the container; a minor update keeps the data directory as it is. Let a
#     dependency updater (Dependabot, Renovate) propose the next ones.
package pg_hardening.techniques.t35_latest_minor_release

import data.pg_hardening.lib.versions

deny contains finding if {
	some service in input.containers.services
	image := service.image
	not versions.past_eol(image.major)
	versions.minor(image.version) < versions.latest_minor(image.major)
	finding := {
		"message": concat("", [
			"image ",
			image.raw,
			" runs PostgreSQL ",
			image.version,
			"; ",
			versions.release(image.major).latest_minor,
			" is the latest minor release (as of ",
			versions.as_of,
			") and has the security fixes released since",
		]),
		"location": image.location,
	}
}
