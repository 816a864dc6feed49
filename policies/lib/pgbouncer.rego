# METADATA
# title: Effective PgBouncer settings
# description: >-
#   What PgBouncer uses for a [pgbouncer] parameter: PgBouncer's reading of the value a file
#   sets, or its compiled-in default when no file sets it (the facts list only what the files
#   set). A value PgBouncer would reject is undefined, so the rules about it stay silent.
#   Defined only when a pgbouncer.ini was collected.
# scope: package
package pg_hardening.lib.pgbouncer

import data.pg_hardening.lib.network

# PgBouncer's defaults (src/main.c) for the parameters the policies read: numbers for int
# parameters, lower-case keywords for enums and the text of strings.
_defaults := {
	"auth_type": "md5",
	"client_tls_sslmode": "disable",
	"server_tls_sslmode": "prefer",
	"client_tls_protocols": "secure",
	"server_tls_protocols": "secure",
	"client_tls_ciphers": "default",
	"server_tls_ciphers": "default",
	"default_pool_size": 20,
	"reserve_pool_size": 0,
	"max_db_connections": 0,
	"max_client_conn": 100,
	"pool_mode": "session",
	"unix_socket_mode": 511,
}

# Parameters PgBouncer reads as numbers or keywords: their value is the parsed one.
_parsed := {
	"auth_type",
	"client_tls_sslmode",
	"server_tls_sslmode",
	"default_pool_size",
	"reserve_pool_size",
	"max_db_connections",
	"max_client_conn",
	"pool_mode",
	"unix_socket_mode",
}

_start := {"file": input.pgbouncer.file, "line": 1, "column": 1}

# The value PgBouncer uses: parsed for numbers and keywords, lower-cased text for strings.
value(name) := input.pgbouncer.settings[name].parsed if name in _parsed

value(name) := lower(input.pgbouncer.settings[name].value) if not name in _parsed

value(name) := _defaults[name] if {
	input.pgbouncer
	not input.pgbouncer.settings[name]
}

# The parameter is written in a file rather than left at its default.
assigned(name) if input.pgbouncer.settings[name]

# The value as written, or the default with a note that it is one.
shown(name) := input.pgbouncer.settings[name].value

shown(name) := concat("", [_text(_defaults[name]), " (the default)"]) if {
	input.pgbouncer
	not input.pgbouncer.settings[name]
}

_text(value) := value if is_string(value)

_text(value) := format_int(value, 10) if is_number(value)

# Where a finding about the parameter points: its assignment, or the top of pgbouncer.ini.
location(name) := input.pgbouncer.settings[name].location

location(name) := _start if {
	input.pgbouncer
	not input.pgbouncer.settings[name]
}

# The entries of a list parameter (listen_addr, admin_users); empty when it is not set.
items(name) := object.get(input.pgbouncer.settings, [name, "items"], [])

# listen_addr entries other hosts can reach (PgBouncer listens on the Unix socket only when
# listen_addr is empty).
remote_listen := [item |
	some item in items("listen_addr")
	network.scope(item) != "loopback"
]

# PgBouncer listens on every interface, or on a public address.
listens_widely if {
	some item in remote_listen
	network.scope(item) in {"any", "public"}
}

# The [databases] entry reaches its server over the network: a host other than the loopback
# interface (no host, or a path, is the Unix socket).
remote_server(database) if {
	some host in split(database.params.host, ",")
	not startswith(trim_space(host), "/")
	network.scope(trim_space(host)) != "loopback"
}
