# METADATA
# title: SQL migration statements
# description: >-
#   Helpers shared by the policies over input.sql: how a statement is named in a message, and
#   how names written in different statements are matched. Names are as PostgreSQL stores
#   them (unquoted identifiers folded to lower case); role specifications are role names or
#   the keyword public.
# scope: package
package pg_hardening.lib.sql

# A statement written inside a PL/pgSQL body runs when the migration runs the block (or calls
# the function), so it counts like one of the file; the message says where it is.
inside(statement) := " inside a DO block" if {
	statement.context == "do_block"
} else := " inside a function body" if {
	statement.context == "function_body"
} else := ""

# A role specification as SQL writes it: PUBLIC for the keyword, the name otherwise.
role(spec) := "PUBLIC" if spec == "public"

else := spec

roles(specs) := concat(", ", [role(spec) | some spec in specs])

# CREATE ROLE, CREATE USER or CREATE GROUP as written, or ALTER ROLE, followed by the role.
role_statement(statement) := concat(" ", [_role_verb(statement), statement.role])

_role_verb(statement) := concat(" ", ["CREATE", upper(statement.role_type)]) if {
	statement.kind == "create_role"
} else := "ALTER ROLE"

# A name without its schema.
unqualified(name) := parts[count(parts) - 1] if parts := split(name, ".")

# Two names of the same table or function, one of them possibly schema-qualified: a migration
# often writes accounts in one statement and public.accounts in the next. Overloaded functions
# share their name.
same_object(a, b) if a == b

same_object(a, b) if {
	not contains(a, ".")
	endswith(b, concat("", [".", a]))
}

same_object(a, b) if {
	not contains(b, ".")
	endswith(a, concat("", [".", b]))
}

# The role can log in after the migrations: the last statement that writes LOGIN or NOLOGIN
# for it (CREATE USER implies LOGIN) says so.
login(name) if {
	writes := [statement.attributes.login |
		some statement in input.sql.statements
		statement.kind in {"create_role", "alter_role"}
		statement.role == name
		is_boolean(statement.attributes.login)
	]
	writes[count(writes) - 1] == true
}
