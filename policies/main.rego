# METADATA
# title: pg-hardening aggregate entrypoint
# description: >-
#   Collects the findings of every technique package in one evaluation, so a target's
#   facts are parsed by the WebAssembly module once rather than once per rule.
# scope: package
# entrypoint: true
package pg_hardening.main

# Each finding names its package; TypeScript joins it to the rule catalogue (id, title,
# severity, remediation) built from the packages' METADATA at build time.
findings contains finding if {
	some name, pkg in data.pg_hardening.techniques
	some raw in pkg.deny
	finding := object.union(raw, {"package": name})
}
