# METADATA
# title: Finding records
# description: >-
#   The shape of a deny entry. A finding carries its own severity only when it differs from
#   the package's default in METADATA, which the catalogue supplies.
# scope: package
package pg_hardening.lib.findings

finding(message, location, severity, package_severity) := {"message": message, "location": location} if {
	severity == package_severity
} else := {"message": message, "location": location, "severity": severity}
