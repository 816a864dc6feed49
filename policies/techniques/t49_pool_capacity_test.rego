package pg_hardening.techniques.t49_pool_capacity_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.lib.source_fixtures_test as src
import data.pg_hardening.techniques.t49_pool_capacity as policy

_databases := [
	src.pgb_db("orders", {"host": "db", "dbname": "orders"}, 2),
	src.pgb_db("reports", {"host": "db", "dbname": "reports", "pool_size": "40"}, 3),
	src.pgb_db("*", {"host": "db"}, 4),
]

# pgbouncer.ini and a postgresql.conf with `max_connections`.
_facts(settings, max_connections) := object.union(
	src.pgbouncer_facts(settings, _databases),
	{"postgresql": fx.conf_facts({"max_connections": fx.set(max_connections, 6)}).postgresql},
)

_deny(facts) := findings if {
	findings := policy.deny with input as facts with data.defaults as fx.defaults
}

test_pools_beyond_max_connections_are_low_at_default_pool_size if {
	settings := {
		"default_pool_size": src.pgb_set("30", 30, 8),
		"reserve_pool_size": src.pgb_set("5", 5, 9),
	}

	# (30 + 5) + (40 + 5) = 80 > 80 - 3
	findings := _deny(_facts(settings, 80))
	count(findings) == 1
	some finding in findings
	finding.message == "PgBouncer's pools may open at least 80 server connections (2 [databases] entries) but max_connections = 80 leaves 77 to ordinary roles: under load the server refuses PgBouncer's logins"
	finding.location == fx.at(src.ini, 8)
	fx.severity(finding) == "default"
}

test_default_pool_sizes_point_at_the_first_entry if {
	# 20 + 40 = 60 > 50 - 3
	findings := _deny(_facts({}, 50))
	count(findings) == 1
	some finding in findings
	finding.location == fx.at(src.ini, 2)
}

test_max_db_connections_caps_a_pool if {
	settings := {"max_db_connections": src.pgb_set("10", 10, 8)}
	count(_deny(_facts(settings, 30))) == 0
}

test_pools_within_max_connections_are_quiet if {
	count(_deny(_facts({}, 100))) == 0
}

test_without_postgresql_conf_capacity_is_not_judged if {
	count(_deny(src.pgbouncer_facts({}, _databases))) == 0
}

test_session_mode_with_many_clients_is_info if {
	findings := _deny(_facts({"max_client_conn": src.pgb_set("1000", 1000, 10)}, 200))
	count(findings) == 1
	some finding in findings
	finding.message == "max_client_conn = 1000 with pool_mode = session (the default): each client keeps its server connection for its whole session, so beyond the 40 connections of a pool clients wait (query_wait_timeout) instead of sharing them"
	finding.location == fx.at(src.ini, 10)
	finding.severity == "info"
}

test_transaction_mode_shares_connections if {
	settings := {
		"max_client_conn": src.pgb_set("1000", 1000, 10),
		"pool_mode": src.pgb_set("transaction", "transaction", 11),
	}
	count(_deny(_facts(settings, 200))) == 0
}

test_no_pgbouncer_is_silent if {
	count(_deny(fx.conf_facts({"max_connections": fx.set(10, 6)}))) == 0
}
