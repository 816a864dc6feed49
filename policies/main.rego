# METADATA
# title: pg-hardening aggregate entrypoint
# description: >-
#   Collects the findings of every technique package in one evaluation, so a target's
#   facts are parsed by the WebAssembly module once rather than once per rule.
# scope: package
# entrypoint: true
package pg_hardening.main

# Keyed by package: TypeScript joins each key to the rule catalogue (id, title, severity,
# remediation) built from the packages' METADATA. Arrays rather than one set of findings
# tagged with their package: building and hashing those objects costs a third of an
# evaluation (npm run bench).
findings[name] := [finding | some finding in pkg.deny] if {
	some name, pkg in data.pg_hardening.techniques
}
