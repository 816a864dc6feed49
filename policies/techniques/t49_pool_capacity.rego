# METADATA
# title: PgBouncer's pools fit within the server's connection slots
# description: >-
#   PgBouncer opens up to pool_size server connections (default_pool_size, 20 by default,
#   unless an entry sets its own) plus reserve_pool_size for every pool, and a pool is kept
#   per database and user. When the pools together can ask for more connections than
#   max_connections leaves after superuser_reserved_connections, the server refuses
#   PgBouncer's logins under load with "too many clients already", the outage pooling was
#   meant to prevent. In session mode, the default, a client keeps its server connection for
#   its whole session, so clients beyond a pool's size wait rather than share it. The sum
#   is a lower bound: entries without a fixed user get a pool for every user who connects,
#   and the * fallback entry is not counted.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-MAX-CONNECTIONS
#     description: PostgreSQL manual, max_connections and superuser_reserved_connections
#   - ref: https://www.pgbouncer.org/config.html#pool-configuration
#     description: PgBouncer, pool configuration (default_pool_size, reserve_pool_size, max_db_connections)
# custom:
#   id: PGH-049
#   techniques: [49, 25, 21]
#   severity: low
#   kind: automated
#   inputs: [pgbouncer, conf]
#   cis: []
#   remediation: >-
#     Keep the sum of pool sizes and reserves below max_connections minus
#     superuser_reserved_connections: lower default_pool_size or an entry's pool_size, cap a
#     database with max_db_connections, or raise max_connections. Use pool_mode = transaction
#     when many clients share few server connections and the application does not rely on
#     session state.
package pg_hardening.techniques.t49_pool_capacity

import data.pg_hardening.lib.findings
import data.pg_hardening.lib.pgbouncer
import data.pg_hardening.lib.settings

_default := "low"

# The named [databases] entries; the * fallback makes pools for any name on demand.
# Values here are computed for every deployment (main.rego reads packages whole): each starts
# by asking for a PgBouncer.
_entries := [database | some database in input.pgbouncer.databases; database.name != "*"] if input.pgbouncer

_number(params, name, fallback) := to_number(params[name]) if {
	params[name]
} else := fallback

# Server connections one entry's pool may hold: its size and reserve, capped by
# max_db_connections when that is set.
_capacity(database) := min([size, limit]) if {
	size := _number(database.params, "pool_size", pgbouncer.value("default_pool_size")) + _reserve(database)
	limit := _number(database.params, "max_db_connections", pgbouncer.value("max_db_connections"))
	limit > 0
} else := size if {
	size := _number(database.params, "pool_size", pgbouncer.value("default_pool_size")) + _reserve(database)
}

_reserve(database) := _number(database.params, "reserve_pool", _number(database.params, "reserve_pool_size", pgbouncer.value("reserve_pool_size")))

_total := sum([_capacity(database) | some database in _entries])

# Connection slots the server leaves to ordinary roles.
_available := (settings.value("max_connections") - settings.value("superuser_reserved_connections")) - _reserved_connections if {
	input.pgbouncer
}

_reserved_connections := settings.value("reserved_connections") if {
	input.pgbouncer
	settings.known("reserved_connections")
} else := 0

deny contains finding if {
	count(_entries) > 0
	_total > _available
	finding := {
		"message": concat("", [
			"PgBouncer's pools may open at least ",
			format_int(_total, 10),
			" server connections (",
			format_int(count(_entries), 10),
			" [databases] ",
			_entries_word,
			") but max_connections = ",
			settings.shown("max_connections"),
			" leaves ",
			format_int(_available, 10),
			" to ordinary roles: under load the server refuses PgBouncer's logins",
		]),
		"location": _capacity_location,
	}
}

_entries_word := "entry" if count(_entries) == 1

else := "entries"

_capacity_location := pgbouncer.location("default_pool_size") if {
	pgbouncer.assigned("default_pool_size")
} else := _entries[0].location

# Session pooling with many more clients admitted than a pool serves at once.
deny contains finding if {
	pgbouncer.assigned("max_client_conn")
	pgbouncer.value("pool_mode") == "session"
	count(_entries) > 0
	largest := max([_capacity(database) | some database in _entries])
	pgbouncer.value("max_client_conn") > largest
	finding := findings.finding(
		concat("", [
			"max_client_conn = ",
			pgbouncer.shown("max_client_conn"),
			" with pool_mode = ",
			pgbouncer.shown("pool_mode"),
			": each client keeps its server connection for its whole session, so beyond the ",
			format_int(largest, 10),
			" connections of a pool clients wait (query_wait_timeout) instead of sharing them",
		]),
		pgbouncer.location("max_client_conn"),
		"info",
		_default,
	)
}
