package pg_hardening.techniques.t111_container_secrets_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.lib.source_fixtures_test as src
import data.pg_hardening.techniques.t111_container_secrets as policy

_with_password(connection, secret) := object.union(connection, {"password": secret})

test_weak_literal_postgres_password_is_high_and_says_weak if {
	facts := src.compose_facts([src.service("db", 3, {"password": src.weak_literal(8)})], [])
	findings := policy.deny with input as facts
	count(findings) == 1
	some finding in findings
	finding.message == "POSTGRES_PASSWORD of service 'db' is written in docker-compose.yml, and it is weak: short, the user name or a well-known default"
	finding.location == src.at_compose(8)
	fx.severity(finding) == "default"
}

test_strong_literal_is_still_reported if {
	strong := object.union(src.secret("literal", 8), {"weak": false})
	findings := policy.deny with input as src.compose_facts([src.service("db", 3, {"password": strong})], [])
	some finding in findings
	finding.message == "POSTGRES_PASSWORD of service 'db' is written in docker-compose.yml"
}

test_superuser_password_in_a_url_is_high_and_an_app_password_medium if {
	connections := [
		_with_password(src.connection("api", "DATABASE_URL", "postgres", true, 26), src.weak_literal(26)),
		_with_password(src.connection("api", "READONLY_URL", "reader", false, 27), object.union(src.secret("literal", 27), {"weak": false})),
	]
	findings := policy.deny with input as src.compose_facts([], connections)
	count(findings) == 2
	some superuser in findings
	superuser.location == src.at_compose(26)
	superuser.message == "the password of the superuser postgres that service 'api' connects with (DATABASE_URL) is written in docker-compose.yml, and it is weak: short, the user name or a well-known default"
	fx.severity(superuser) == "default"
	some reader in findings
	reader.location == src.at_compose(27)
	reader.severity == "medium"
}

test_files_secrets_and_variables_are_quiet if {
	services := [
		src.service("db", 3, {"password": src.secret("file", 8)}),
		src.service("replica", 13, {"password": src.secret("variable", 18)}),
	]
	connections := [_with_password(src.connection("api", "DATABASE_URL", "app", false, 26), src.secret("variable", 26))]
	count(policy.deny) == 0 with input as src.compose_facts(services, connections)
}

test_no_containers_is_silent if {
	count(policy.deny) == 0 with input as fx.empty_facts
}
