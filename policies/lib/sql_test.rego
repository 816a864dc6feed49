package pg_hardening.lib.sql_test

import data.pg_hardening.lib.sql
import data.pg_hardening.lib.sql_fixtures_test as sfx

test_inside_names_the_body if {
	sql.inside(sfx.in_do_block(sfx.create_extension(1, "lo"))) == " inside a DO block"
	sql.inside(sfx.in_function_body(sfx.create_extension(1, "lo"))) == " inside a function body"
	sql.inside(sfx.create_extension(1, "lo")) == ""
}

test_roles_write_public_as_the_keyword if {
	sql.roles(["app", "public"]) == "app, PUBLIC"
}

test_role_statement_keeps_the_verb_as_written if {
	sql.role_statement(sfx.create_user(1, "app", {})) == "CREATE USER app"
	sql.role_statement(sfx.create_role(1, "app", {})) == "CREATE ROLE app"
	sql.role_statement(sfx.alter_role(1, "app", {})) == "ALTER ROLE app"
}

test_same_object_matches_a_qualified_and_a_bare_name if {
	sql.same_object("accounts", "public.accounts")
	sql.same_object("public.accounts", "accounts")
	sql.same_object("app.f", "app.f")
	not sql.same_object("app.accounts", "public.accounts")
	not sql.same_object("accounts", "public.user_accounts")
}

test_login_follows_the_last_statement_that_writes_it if {
	statements := [sfx.create_user(1, "app", {}), sfx.alter_role(2, "app", {"login": false}), sfx.alter_role(3, "app", {"createdb": true})]
	not sql.login("app") with input as sfx.facts(statements)
	sql.login("app") with input as sfx.facts([sfx.create_user(1, "app", {}), sfx.alter_role(3, "app", {"createdb": true})])
	not sql.login("other") with input as sfx.facts(statements)
}

test_unqualified_drops_the_schema if {
	sql.unqualified("app.refresh_totals") == "refresh_totals"
	sql.unqualified("refresh_totals") == "refresh_totals"
}
