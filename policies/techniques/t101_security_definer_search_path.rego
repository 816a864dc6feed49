# METADATA
# title: SECURITY DEFINER functions fix their search_path
# description: >-
#   A SECURITY DEFINER function runs with its owner's privileges, often a superuser's or the
#   schema owner's, but resolves unqualified names through the caller's search_path. A caller
#   who can create objects in any schema on that path (public, before PostgreSQL 15, or their
#   own) can put a function or operator there that the definer function then calls with the
#   owner's rights. SET search_path on the function fixes the path; pg_temp must come last,
#   because PostgreSQL searches the caller's temporary schema first for tables when the path
#   does not name it. The state checked is the one the migrations leave: CREATE OR REPLACE
#   resets a function's settings, and ALTER FUNCTION changes them.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/sql-createfunction.html#SQL-CREATEFUNCTION-SECURITY
#     description: PostgreSQL manual, CREATE FUNCTION, Writing SECURITY DEFINER Functions Safely
#   - ref: https://www.postgresql.org/docs/current/ddl-schemas.html#DDL-SCHEMAS-PATH
#     description: PostgreSQL manual, The Schema Search Path
# custom:
#   id: PGH-101
#   techniques: [34, 7]
#   severity: high
#   kind: automated
#   inputs: [sql]
#   cis: ["4.5"]
#   remediation: >-
#     Add SET search_path = pg_catalog, pg_temp (or the function's own schema before pg_temp)
#     to the function, or run ALTER FUNCTION f(args) SET search_path = app, pg_temp; qualify
#     the names it uses; revoke EXECUTE on it from PUBLIC and grant it to the roles that call
#     it.
package pg_hardening.techniques.t101_security_definer_search_path

import data.pg_hardening.lib.findings
import data.pg_hardening.lib.sql

_default := "high"

_routine_kinds := {"create_function", "alter_function"}

# The CREATE FUNCTION and ALTER FUNCTION statements, in file order, of the functions some
# statement makes SECURITY DEFINER: the others never are, and comparing the statements of
# every pair of functions would cost the square of their number.
_routines := [statement |
	some statement in input.sql.statements
	statement.kind in _routine_kinds
	sql.unqualified(statement.name) in _security_definer_names
]

_security_definer_names contains sql.unqualified(statement.name) if {
	some statement in input.sql.statements
	statement.kind in _routine_kinds
	statement.security_definer == true
}

# Their names without schema, compared before the names themselves: a cheap test that rules
# out most pairs.
_unqualified := [sql.unqualified(statement.name) | some statement in _routines]

# The last statement about a routine, and the ones since its latest CREATE: they decide
# whether the function the migrations leave is SECURITY DEFINER and with which search_path.
_final contains [statement, since] if {
	some i, statement in _routines
	not _changed_later(i)
	history := [earlier |
		some j, earlier in _routines
		j <= i
		_same_routine(i, j)
	]
	since := array.slice(history, _latest_create(history), count(history))
}

deny contains finding if {
	some [statement, since] in _final
	_security_definer(since)
	not _sets_search_path(since)
	finding := {
		"message": concat("", [
			_statement_text(statement),
			sql.inside(statement),
			" leaves a SECURITY DEFINER ",
			_routine(statement),
			" without SET search_path: whoever can create objects in a schema on the caller's search_path can make it run their code with its owner's privileges",
		]),
		"location": statement.location,
	}
}

deny contains finding if {
	some [_, since] in _final
	_security_definer(since)
	_sets_search_path(since)
	setters := [setter | some setter in since; setter.sets_search_path == true]
	setter := setters[count(setters) - 1]
	path := setter.search_path
	trim_space(path) != ""
	entries := split(path, ",")
	lower(trim_space(entries[count(entries) - 1])) != "pg_temp"
	finding := findings.finding(
		concat("", [
			_statement_text(setter),
			sql.inside(setter),
			" sets search_path = ",
			path,
			" for a SECURITY DEFINER ",
			_routine(setter),
			" without pg_temp last, so tables a caller creates as temporary can take the place of the ones it uses",
		]),
		setter.location,
		"medium",
		_default,
	)
}

_changed_later(i) if {
	some j, _ in _routines
	j > i
	_same_routine(i, j)
}

_same_routine(i, j) if {
	_unqualified[i] == _unqualified[j]
	sql.same_object(_routines[i].name, _routines[j].name)
}

_latest_create(history) := max(creates) if {
	creates := [k | some k, statement in history; statement.kind == "create_function"]
	count(creates) > 0
} else := 0

# The last SECURITY DEFINER or SECURITY INVOKER written decides (CREATE writes one always).
_security_definer(since) if {
	decisions := [statement.security_definer | some statement in since; is_boolean(statement.security_definer)]
	decisions[count(decisions) - 1] == true
}

_sets_search_path(since) if {
	decisions := [decision | some statement in since; decision := _search_path_decision(statement)]
	decisions[count(decisions) - 1] == true
}

_search_path_decision(statement) := statement.sets_search_path if {
	statement.kind == "create_function"
} else if {
	statement.sets_search_path == true
} else := false if {
	statement.resets_search_path == true
}

_statement_text(statement) := concat("", [_verb[statement.kind], " ", upper(statement.routine), " ", statement.name])

_verb := {"create_function": "CREATE", "alter_function": "ALTER"}

_routine(statement) := "procedure" if statement.routine == "procedure"

else := "function"
