package pg_hardening.techniques.t24_no_superuser_app_connections_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.lib.source_fixtures_test as src
import data.pg_hardening.techniques.t24_no_superuser_app_connections as policy

_db := src.service("db", 3, {"superuser": {"name": "orders", "location": src.at_compose(7)}})

test_postgres_in_a_database_url_is_high_at_its_line if {
	facts := src.compose_facts([_db], [src.connection("api", "DATABASE_URL", "postgres", true, 26)])
	findings := policy.deny with input as facts
	count(findings) == 1
	some finding in findings
	finding.message == "service 'api' connects as postgres (DATABASE_URL), the built-in superuser"
	finding.location == src.at_compose(26)
	fx.severity(finding) == "default"
}

test_postgres_user_of_the_image_is_named if {
	facts := src.compose_facts([_db], [src.connection("worker", "PGUSER", "orders", true, 35)])
	findings := policy.deny with input as facts
	some finding in findings
	finding.message == "service 'worker' connects as orders (PGUSER), the superuser the image of service 'db' creates from POSTGRES_USER"
}

test_services_sharing_a_superuser_name_give_one_message if {
	api := src.service("api-db", 12, {"superuser": {"name": "orders", "location": src.at_compose(14)}})
	facts := src.compose_facts([_db, api], [src.connection("worker", "PGUSER", "orders", true, 35)])
	findings := policy.deny with input as facts
	count(findings) == 1
	some finding in findings
	endswith(finding.message, "the superuser the image of service 'api-db' creates from POSTGRES_USER")
}

test_application_role_is_quiet if {
	facts := src.compose_facts([_db], [src.connection("api", "DATABASE_URL", "app", false, 26)])
	count(policy.deny) == 0 with input as facts
}

test_superuser_forced_by_a_pgbouncer_entry_is_high if {
	databases := [
		src.pgb_db("app", {"host": "db", "user": "postgres"}, 2),
		src.pgb_db("shop", {"host": "db", "user": "shop"}, 3),
	]
	findings := policy.deny with input as src.pgbouncer_facts({}, databases)
	count(findings) == 1
	some finding in findings
	finding.message == "PgBouncer's [databases] entry 'app' connects every client to the server as postgres, a superuser"
	finding.location == fx.at(src.ini, 2)
	fx.severity(finding) == "default"
}

test_no_containers_or_pgbouncer_is_silent if {
	count(policy.deny) == 0 with input as fx.empty_facts
}
