# METADATA
# title: Configurable thresholds
# description: >-
#   Limits the policies compare settings against. A user overrides any of them under
#   config.thresholds (for example {"thresholds": {"max_connections": 200}}); the rest keep
#   the defaults below. Memory is in kB and times in PostgreSQL's base unit of the setting
#   they bound (ms for the timeouts, s for authentication_timeout).
# scope: package
package pg_hardening.lib.config

defaults := {
	# Above this, connection slots rather than a pooler absorb load (PGH-025).
	"max_connections": 500,
	# work_mem x max_connections may not exceed this many kB: 16 GiB (PGH-011).
	"work_mem_budget_kb": 16777216,
	# statement_timeout above this many ms is no real limit: 1 hour (PGH-022).
	"statement_timeout_max_ms": 3600000,
	# An open idle transaction holds locks and snapshots: 10 minutes (PGH-022).
	"idle_in_transaction_session_timeout_max_ms": 600000,
	# idle_session_timeout above this many ms is no real limit: 1 hour (PGH-044).
	"idle_session_timeout_max_ms": 3600000,
	# Seconds an unauthenticated client may hold a connection slot (PGH-044).
	"authentication_timeout_max_s": 60,
	# Lowest TLS version clients may negotiate; CIS PostgreSQL 17 asks for TLSv1.3 (PGH-006).
	"ssl_min_protocol_version": "TLSv1.2",
	# pgAudit classes that must be logged; the STIG profile adds role and read (PGH-008).
	"pgaudit_required_classes": ["ddl", "write"],
	# Statements pg_stat_statements may keep the text of (PGH-037).
	"pg_stat_statements_max": 10000,
	# Roles known to be superusers; pg_hba rules naming them or all are checked (PGH-005), and
	# migrations may make them superusers (PGH-034).
	"superusers": ["postgres"],
	# Extensions whose CREATE EXTENSION in a migration is reported (PGH-026): they reach other
	# hosts (dblink, postgres_fdw), read server files (file_fdw), write them (adminpack), or
	# unlink large objects from a trigger (lo).
	"risky_extensions": ["dblink", "postgres_fdw", "file_fdw", "adminpack", "lo"],
	# Fewest characters of a plaintext password a migration may set (PGH-102).
	"min_password_length": 12,
}

# The configured value of a threshold, or its default.
threshold(name) := value if {
	value := data.config.thresholds[name]
} else := defaults[name]
