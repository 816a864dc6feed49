# METADATA
# title: pgAudit logs DDL and data changes
# description: >-
#   PostgreSQL's own statement logging (log_statement) records what a client sent, not what
#   ran: statements built dynamically inside functions or DO blocks escape it, and it cannot
#   select by object or class. The pgAudit extension writes a session and object audit trail
#   in the server log, which investigations and most compliance regimes (CIS, DISA STIG)
#   require. It works only when preloaded, and pgaudit.log defaults to none.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-SHARED-PRELOAD-LIBRARIES
#     description: PostgreSQL manual, Client Connection Defaults, shared_preload_libraries
#   - ref: https://github.com/pgaudit/pgaudit/blob/main/README.md
#     description: pgAudit README, settings and log classes
# custom:
#   id: PGH-008
#   techniques: [8, 10]
#   severity: medium
#   kind: automated
#   inputs: [conf]
#   cis: ["3.2"]
#   remediation: >-
#     Install the pgaudit package for your major version, set
#     shared_preload_libraries = 'pgaudit' (keeping the libraries already listed) and
#     pgaudit.log = 'ddl, write' (add role and read for DISA STIG), restart the server and run
#     CREATE EXTENSION pgaudit. Check that no ALTER ROLE ... SET pgaudit.log = 'none'
#     switches it off for a role.
package pg_hardening.techniques.t08_pgaudit_enabled

import data.pg_hardening.lib.config
import data.pg_hardening.lib.settings

deny contains finding if {
	settings.known("shared_preload_libraries")
	not settings.preloaded("pgaudit")
	finding := {
		"message": concat("", [
			"shared_preload_libraries = '",
			settings.shown("shared_preload_libraries"),
			"' does not load pgaudit, so no audit trail of statements is written",
		]),
		"location": settings.location("shared_preload_libraries"),
	}
}

deny contains finding if {
	settings.preloaded("pgaudit")
	settings.known("pgaudit.log")
	missing := [class |
		some required in config.threshold("pgaudit_required_classes")
		class := lower(required)
		not _logged(class)
	]
	count(missing) > 0
	finding := {
		"message": concat("", [
			"pgaudit.log = '",
			settings.shown("pgaudit.log"),
			"' does not log the ",
			concat(", ", missing),
			" class",
			_plural(missing),
		]),
		"location": settings.location("pgaudit.log"),
	}
}

_tokens := [lower(token) | some token in settings.list("pgaudit.log")]

# pgAudit applies the entries left to right; a leading - removes a class, all stands for
# every class, so the last entry naming the class (or all) decides.
_logged(class) if {
	deciding := [i |
		some i, token in _tokens
		trim_prefix(token, "-") in {class, "all"}
	]
	count(deciding) > 0
	not startswith(_tokens[max(deciding)], "-")
}

_plural(items) := "es" if count(items) > 1

else := ""
