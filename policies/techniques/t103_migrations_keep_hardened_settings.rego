# METADATA
# title: Migrations do not weaken hardened settings
# description: >-
#   ALTER SYSTEM writes postgresql.auto.conf, which PostgreSQL reads after postgresql.conf,
#   and ALTER ROLE or ALTER DATABASE ... SET overrides the files for every session of that
#   role or database. A migration can thus turn off TLS, auditing or durability that the
#   configuration carefully sets, out of sight of whoever reviews the configuration files:
#   ALTER ROLE app SET pgaudit.log = 'none' is the classic way to take one role out of the
#   audit trail. A value is reported when it is weaker than the one the deployment's
#   configuration gives the parameter, or weak on its own when the deployment has no
#   configuration file; weaker but not weak on its own is low. Session SET commands, such
#   as those at the top of dump files, last one session and are left alone.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-altersystem.html
#     description: PostgreSQL manual, ALTER SYSTEM
#   - ref: https://www.postgresql.org/docs/current/sql-alterrole.html
#     description: PostgreSQL manual, ALTER ROLE
#   - ref: https://www.postgresql.org/docs/current/config-setting.html
#     description: PostgreSQL manual, Setting Parameters
# custom:
#   id: PGH-103
#   techniques: [9, 8, 22, 6, 2]
#   severity: medium
#   kind: automated
#   inputs: [sql, conf]
#   cis: ["3.1.20", "3.1.21", "3.1.25", "3.2", "6.5", "6.6", "6.8", "6.9"]
#   remediation: >-
#     Set server parameters in postgresql.conf under review rather than with ALTER SYSTEM
#     (PostgreSQL 17 can forbid it with allow_alter_system = off); drop per-role and
#     per-database overrides that loosen logging, auditing, TLS or timeouts, or raise them to
#     at least the postgresql.conf value (ALTER ROLE app RESET pgaudit.log).
package pg_hardening.techniques.t103_migrations_keep_hardened_settings

import data.pg_hardening.lib.config
import data.pg_hardening.lib.findings
import data.pg_hardening.lib.settings
import data.pg_hardening.lib.sql

_default := "medium"

# The parameters checked: bool ones with the value that weakens the server, enum ones ranked
# from weakest, durations in ms (0 is no limit; above the threshold `maximum` is no real
# limit either), and pgaudit.log by the required classes it keeps.
_checks := {
	"ssl": {"type": "bool", "weak": false, "severity": "high", "effect": "turns TLS off, so passwords and data cross the network in clear text"},
	"fsync": {"type": "bool", "weak": false, "severity": "high", "effect": "turns fsync off, so a crash of the host can corrupt the database"},
	"full_page_writes": {"type": "bool", "weak": false, "severity": "high", "effect": "turns full_page_writes off, so a crash can leave torn pages that recovery cannot repair"},
	"log_connections": {"type": "bool", "weak": false, "severity": "medium", "effect": "stops logging connections"},
	"log_disconnections": {"type": "bool", "weak": false, "severity": "medium", "effect": "stops logging the end of sessions"},
	"lo_compat_privileges": {"type": "bool", "weak": true, "severity": "high", "effect": "lets every role read and change every large object"},
	"allow_system_table_mods": {"type": "bool", "weak": true, "severity": "high", "effect": "allows changes to the structure of the system catalogs"},
	"zero_damaged_pages": {"type": "bool", "weak": true, "severity": "medium", "effect": "makes the server zero damaged pages, destroying their rows without a trace"},
	"ignore_checksum_failure": {"type": "bool", "weak": true, "severity": "medium", "effect": "makes the server read pages whose checksum fails"},
	"password_encryption": {
		"type": "enum",
		"ranks": {"md5": 0, "on": 0, "true": 0, "scram-sha-256": 1},
		"minimum": 1,
		"severity": "high",
		"effect": "stores new passwords as MD5 hashes instead of SCRAM-SHA-256 verifiers",
	},
	"log_statement": {
		"type": "enum",
		"ranks": {"none": 0, "ddl": 1, "mod": 2, "all": 3},
		"minimum": 1,
		"severity": "medium",
		"effect": "logs fewer kinds of statements",
		"weak_effect": "stops logging DDL, so schema and role changes leave no trace in the server log",
	},
	"ssl_min_protocol_version": {
		"type": "enum",
		"ranks": {"tlsv1": 0, "tlsv1.1": 1, "tlsv1.2": 2, "tlsv1.3": 3},
		"severity": "high",
		"effect": "lets clients negotiate older TLS versions",
	},
	"session_replication_role": {
		"type": "enum",
		"ranks": {"replica": 0, "local": 1, "origin": 1},
		"minimum": 1,
		"severity": "high",
		"effect": "stops ordinary triggers from firing, audit triggers and foreign key checks included",
	},
	"statement_timeout": {
		"type": "duration",
		"maximum": "statement_timeout_max_ms",
		"severity": "low",
		"effect": "relaxes the limit on how long one statement may run",
	},
	"idle_in_transaction_session_timeout": {
		"type": "duration",
		"maximum": "idle_in_transaction_session_timeout_max_ms",
		"severity": "low",
		"effect": "relaxes the limit on how long an idle session may keep a transaction, and its locks, open",
	},
	"pgaudit.log": {"type": "pgaudit", "severity": "medium"},
}

deny contains finding if {
	some statement in input.sql.statements
	statement.kind in {"alter_system", "alter_role_set", "alter_database_set"}
	statement.action == "set"
	check := _checks[statement.name]
	value := _sql_value(check, statement.value)
	strength := _strength(check, value)
	severity := _severity(statement.name, check, strength)
	finding := findings.finding(
		concat("", [
			_statement_text(statement),
			sql.inside(statement),
			" ",
			_effect(check, value, strength),
			_overriding(statement.name, check, strength),
		]),
		statement.location,
		severity,
		_default,
	)
}

# Weak on its own and weaker than the deployment's files (when they set it or leave the
# default), or only weaker than the files.
_severity(name, check, strength) := severity if {
	strength < _baseline(name, check)
	severity := _weak_or_weaker(check, strength)
} else := check.severity if {
	not _baseline(name, check)
	strength < _minimum(check)
}

_weak_or_weaker(check, strength) := check.severity if strength < _minimum(check)

else := "low"

_overriding(name, check, strength) := concat("", [
	", overriding ",
	name,
	" = ",
	settings.shown(name),
	" from ",
	settings.location(name).file,
]) if {
	strength < _baseline(name, check)
} else := ""

# The strength of the value the configuration files give the parameter.
_baseline(name, check) := _strength(check, _conf_value(check, name)) if {
	input.postgresql
	settings.known(name)
}

_sql_value(check, text) := settings.parse_bool(text) if {
	check.type == "bool"
} else := lower(trim_space(text)) if {
	check.type == "enum"
} else := _ms(text) if {
	check.type == "duration"
} else := [lower(trim_space(entry)) | some entry in split(text, ","); trim_space(entry) != ""] if {
	check.type == "pgaudit"
}

_conf_value(check, name) := lower(settings.value(name)) if {
	check.type == "enum"
} else := [lower(entry) | some entry in settings.list(name)] if {
	check.type == "pgaudit"
} else := settings.value(name)

_strength(check, value) := 0 if {
	check.type == "bool"
	value == check.weak
} else := 1 if {
	check.type == "bool"
	is_boolean(value)
} else := check.ranks[value] if {
	check.type == "enum"
} else := -1e18 if {
	check.type == "duration"
	value == 0
} else := 0 - value if {
	check.type == "duration"
	value > 0
} else := count([class | some class in _required; _logs(value, class)]) if {
	check.type == "pgaudit"
}

_minimum(check) := check.ranks[lower(config.threshold("ssl_min_protocol_version"))] if {
	check.type == "enum"
	not check.minimum
} else := check.minimum if {
	check.type == "enum"
} else := 1 if {
	check.type == "bool"
} else := 0 - config.threshold(check.maximum) if {
	check.type == "duration"
} else := count(_required) if {
	check.type == "pgaudit"
}

_required := [lower(class) | some class in config.threshold("pgaudit_required_classes")]

# pgAudit applies the entries left to right; a leading - removes a class and all stands for
# every class, so the last entry naming the class (or all) decides.
_logs(entries, class) if {
	deciding := [i | some i, entry in entries; trim_prefix(entry, "-") in {class, "all"}]
	count(deciding) > 0
	not startswith(entries[max(deciding)], "-")
}

_effect(check, value, strength) := concat("", [
	"stops pgAudit from logging the ",
	concat(", ", missing),
	" class",
	_plural(missing),
]) if {
	check.type == "pgaudit"
	missing := [class | some class in _required; not _logs(value, class)]
	count(missing) > 0
} else := "logs fewer statement classes with pgAudit" if {
	check.type == "pgaudit"
} else := check.weak_effect if {
	strength < _minimum(check)
} else := check.effect

_plural(items) := "es" if count(items) > 1

else := ""

# A duration as PostgreSQL reads one for a parameter whose base unit is ms.
_ms(text) := ms if {
	parts := regex.find_all_string_submatch_n(`^(-?[0-9]+(?:\.[0-9]+)?) *(us|ms|s|min|h|d)?$`, trim_space(text), 1)
	ms := to_number(parts[0][1]) * _unit_ms[parts[0][2]]
	ms >= 0
}

_unit_ms := {"": 1, "us": 0.001, "ms": 1, "s": 1000, "min": 60000, "h": 3600000, "d": 86400000}

_statement_text(statement) := concat("", ["ALTER SYSTEM", _set_text(statement)]) if {
	statement.kind == "alter_system"
} else := concat("", ["ALTER DATABASE ", statement.database, _set_text(statement)]) if {
	statement.kind == "alter_database_set"
} else := concat("", ["ALTER ROLE ", _role(statement), _in_database(statement), _set_text(statement)])

_set_text(statement) := concat("", [" SET ", statement.name, " = '", statement.value, "'"])

_role(statement) := role if {
	role := statement.role
} else := "ALL"

_in_database(statement) := concat("", [" IN DATABASE ", statement.database]) if {
	statement.database
} else := ""
