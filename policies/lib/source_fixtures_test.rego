# Builders for facts documents with PgBouncer, pgpool and Compose sections, and the release
# data the version rules read. The file name keeps it out of the WebAssembly build.
package pg_hardening.lib.source_fixtures_test

import data.pg_hardening.lib.fixtures_test as fx

ini := "pgbouncer.ini"

compose := "docker-compose.yml"

# Release data shaped like data/postgresql-versions.json.
versions := {
	"as_of": "2026-11-24",
	"majors": {
		"10": {"released": "2017-10-05", "eol": "2022-11-10", "latest_minor": "10.23"},
		"13": {"released": "2020-09-24", "eol": "2025-11-13", "latest_minor": "13.23"},
		"14": {"released": "2021-09-30", "eol": "2026-11-12", "latest_minor": "14.25"},
		"15": {"released": "2022-10-13", "eol": "2027-11-11", "latest_minor": "15.18"},
		"17": {"released": "2024-09-26", "eol": "2029-11-08", "latest_minor": "17.10"},
		"18": {"released": "2025-09-25", "eol": "2030-11-14", "latest_minor": "18.6"},
	},
}

# --- PgBouncer ---------------------------------------------------------------------------

# A facts document with a pgbouncer.ini setting `settings` and routing `databases`.
pgbouncer_facts(settings, databases) := object.union(fx.empty_facts, {"pgbouncer": {
	"file": ini,
	"files": [ini],
	"settings": settings,
	"databases": databases,
	"users": [],
	"peers": [],
	"includes": [],
}})

# The same with an auth_file holding `entries`.
with_userlist(facts, entries) := object.union(facts, {"pgbouncer": {"auth_file": {
	"path": "userlist.txt",
	"file": "userlist.txt",
	"entries": entries,
}}})

# The same with an auth_hba_file holding `rules` (fx.rule builds them).
with_auth_hba(facts, rules) := object.union(facts, {"pgbouncer": {"auth_hba": {
	"file": "pgbouncer_hba.conf",
	"files": ["pgbouncer_hba.conf"],
	"rules": rules,
}}})

# A [pgbouncer] parameter on `line`: `parsed` is PgBouncer's reading (null for strings).
pgb_set(value, parsed, line) := {"value": value, "location": fx.at(ini, line)} if {
	parsed == null
} else := {"value": value, "parsed": parsed, "location": fx.at(ini, line)}

pgb_list(value, items, line) := {"value": value, "items": items, "location": fx.at(ini, line)}

# A [databases] entry on `line`.
pgb_db(name, params, line) := {
	"name": name,
	"params": params,
	"has_password": false,
	"location": fx.at(ini, line),
}

userlist_entry(user, secret, line) := {"user": user, "secret": secret, "location": fx.at("userlist.txt", line)}

# --- pgpool ------------------------------------------------------------------------------

# A facts document with a pgpool.conf; `typed` holds enable_pool_hba, ssl, listen_addresses.
pgpool_facts(settings, typed) := object.union(fx.empty_facts, {"pgpool": object.union(
	{"file": "pgpool.conf", "settings": settings, "hba_file": "pool_hba.conf"},
	typed,
)})

pool_set(value, line) := {"value": value, "location": fx.at("pgpool.conf", line)}

located(value, line) := {"value": value, "location": fx.at("pgpool.conf", line)}

# --- Compose -----------------------------------------------------------------------------

# A facts document with Compose `services` and application `connections`.
compose_facts(services, connections) := object.union(fx.empty_facts, {"containers": {
	"files": [compose],
	"services": services,
	"connections": connections,
}})

# A PostgreSQL service on `line` running `image` (already parsed by image()), with `extra`
# fields (password, host_auth_method, ports, ...).
service(name, line, extra) := object.union(
	{
		"name": name,
		"detected_by": "image",
		"location": fx.at(compose, line),
		"superuser": {"name": "postgres"},
		"initdb_auth": [],
		"settings": [],
		"config_files": [],
		"ports": [],
	},
	extra,
)

# An image reference on `line`; major and version as the Compose reader derives them.
image(raw, tag, version, major, line) := object.union(
	{"raw": raw, "repository": "postgres", "tag": tag, "floating": false, "location": fx.at(compose, line)},
	{"version": version, "major": major},
) if {
	major != null
} else := {"raw": raw, "repository": "postgres", "tag": tag, "floating": true, "location": fx.at(compose, line)} if {
	tag != null
} else := {"raw": raw, "repository": "postgres", "floating": true, "location": fx.at(compose, line)}

at_compose(line) := fx.at(compose, line)

secret(kind, line) := {"kind": kind, "location": fx.at(compose, line)}

weak_literal(line) := {"kind": "literal", "weak": true, "location": fx.at(compose, line)}

port(raw, bind, line) := {
	"raw": raw,
	"container_port": "5432",
	"bind": bind,
	"postgres": true,
	"location": fx.at(compose, line),
}

connection(service, variable, user, superuser, line) := {
	"service": service,
	"variable": variable,
	"user": user,
	"superuser": superuser,
	"location": fx.at(compose, line),
}

command_setting(name, value, line) := {"name": name, "value": value, "option": "-c", "location": fx.at(compose, line)}
