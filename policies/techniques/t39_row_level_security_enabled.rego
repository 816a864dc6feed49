# METADATA
# title: Row-level security policies are in force
# description: >-
#   CREATE POLICY does nothing until ALTER TABLE ... ENABLE ROW LEVEL SECURITY: without it
#   every role with a table privilege sees and changes every row, however carefully the
#   policies were written, and nothing warns about it. DISABLE ROW LEVEL SECURITY switches the
#   policies off for everyone; a migration that does so to load data leaves them off if it
#   fails before enabling them again. A permissive policy whose USING clause is always true
#   for PUBLIC makes every row visible to every role, since permissive policies are combined
#   with OR.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/ddl-rowsecurity.html
#     description: PostgreSQL manual, Row Security Policies
#   - ref: https://www.postgresql.org/docs/current/sql-createpolicy.html
#     description: PostgreSQL manual, CREATE POLICY
# custom:
#   id: PGH-039
#   techniques: [39]
#   severity: high
#   kind: automated
#   inputs: [sql]
#   cis: ["4.7"]
#   remediation: >-
#     Write ALTER TABLE t ENABLE ROW LEVEL SECURITY (and FORCE ROW LEVEL SECURITY when the
#     application connects as the table's owner) in the migration that creates the policies;
#     load data as a role with BYPASSRLS instead of disabling row-level security; restrict
#     always-true policies to the roles that must see every row (TO admin).
package pg_hardening.techniques.t39_row_level_security_enabled

import data.pg_hardening.lib.findings
import data.pg_hardening.lib.sql

_default := "high"

# CREATE POLICY and ALTER TABLE ... ROW LEVEL SECURITY statements with their position among
# all statements, so that each check walks only these.
_policies := [[i, statement] | some i, statement in input.sql.statements; statement.kind == "create_policy"]

_rls := [[i, statement] | some i, statement in input.sql.statements; statement.kind == "alter_table_rls"]

# The first CREATE POLICY of a table that the migrations never enable row-level security on.
deny contains finding if {
	some [i, statement] in _policies
	not _earlier_policy(i, statement.table)
	not _enabled_anywhere(statement.table)
	finding := {
		"message": concat("", [
			"CREATE POLICY ",
			statement.name,
			" ON ",
			statement.table,
			sql.inside(statement),
			" has no effect: no migration runs ALTER TABLE ",
			statement.table,
			" ENABLE ROW LEVEL SECURITY",
		]),
		"location": statement.location,
	}
}

deny contains finding if {
	some [i, statement] in _rls
	statement.action == "disable"
	finding := findings.finding(
		concat("", [
			"ALTER TABLE ",
			statement.table,
			" DISABLE ROW LEVEL SECURITY",
			sql.inside(statement),
			_disable_effect(i, statement.table),
		]),
		statement.location,
		_disable_severity(i, statement.table),
		_default,
	)
}

deny contains finding if {
	some [_, statement] in _policies
	statement.permissive
	statement.command != "insert"
	statement.using_always_true
	"public" in statement.roles
	finding := findings.finding(
		concat("", [
			"CREATE POLICY ",
			statement.name,
			" ON ",
			statement.table,
			sql.inside(statement),
			" is permissive and always true for PUBLIC, so every role sees every row",
		]),
		statement.location,
		"medium",
		_default,
	)
}

_earlier_policy(i, table) if {
	some [j, statement] in _policies
	j < i
	sql.same_object(statement.table, table)
}

_enabled_anywhere(table) if {
	some [_, statement] in _rls
	statement.action == "enable"
	sql.same_object(statement.table, table)
}

_enabled_after(i, table) if {
	some [j, statement] in _rls
	j > i
	statement.action == "enable"
	sql.same_object(statement.table, table)
}

_has_policies(table) if {
	some [_, statement] in _policies
	sql.same_object(statement.table, table)
}

_disable_effect(i, table) := " leaves the table's policies switched off" if {
	not _enabled_after(i, table)
	_has_policies(table)
} else := " switches its policies off until a later migration enables them again" if {
	_enabled_after(i, table)
} else := " switches off any policy the table has"

_disable_severity(i, table) := "high" if {
	not _enabled_after(i, table)
	_has_policies(table)
} else := "low" if {
	_enabled_after(i, table)
} else := "medium"
