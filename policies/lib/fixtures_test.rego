# Builders for the facts documents the policy tests evaluate. The file name keeps it out of
# the WebAssembly build, like the tests that use it.
package pg_hardening.lib.fixtures_test

conf := "postgresql.conf"

hba_file := "pg_hba.conf"

target(major) := {"name": "test", "source": "repository", "major": major, "major_source": "config"}

# A facts document with postgresql.conf setting `settings` and no pg_hba.conf.
conf_facts(settings) := {
	"schema_version": 1,
	"target": target(15),
	"postgresql": {"config_file": conf, "files": [conf], "settings": settings},
	"diagnostics": [],
}

# A facts document with pg_hba.conf holding `rules` and no postgresql.conf.
hba_facts(rules) := {
	"schema_version": 1,
	"target": target(15),
	"hba": {"file": hba_file, "files": [hba_file], "rules": rules},
	"diagnostics": [],
}

# Both files.
facts(settings, rules) := object.union(conf_facts(settings), {"hba": {"file": hba_file, "files": [hba_file], "rules": rules}})

# Neither file: what a scan of a folder without PostgreSQL configuration produces.
empty_facts := {"schema_version": 1, "target": target(15), "diagnostics": []}

at(file, line) := {"file": file, "line": line, "column": 1}

# One postgresql.conf assignment on `line`; `value` already in the parameter's base unit.
set(value, line) := {
	"value": value,
	"raw": _raw(value),
	"type": _type(value),
	"origin": "file",
	"is_default": false,
	"location": at(conf, line),
}

# A list setting (listen_addresses, shared_preload_libraries) written as `raw`.
set_list(raw, items, line) := object.union(set(raw, line), {"items": items})

# A setting an unreadable include may change.
unknown(line) := object.union(set("", line), {"origin": "unknown"})

_raw(value) := "on" if value == true

else := "off" if value == false

else := sprintf("%v", [value])

_type(value) := "bool" if is_boolean(value)

else := "integer" if is_number(value)

else := "string"

# A pg_hba.conf rule on line `order` + 80; `address` is a key of `addresses` or absent for local.
rule(order, type, database, user, address, method) := object.union(_rule_base(order, type, database, user, method), {"address": addresses[address]}) if {
	type != "local"
}

rule(order, "local", database, user, _, method) := _rule_base(order, "local", database, user, method)

rule_with(base, options) := object.union(base, {"options": options})

_rule_base(order, type, database, user, method) := {
	"order": order,
	"type": type,
	"databases": [_name(database)],
	"users": [_name(user)],
	"method": method,
	"options": {},
	"location": at(hba_file, order + 80),
}

_keywords := {"all", "sameuser", "samerole", "replication"}

_name(value) := {"value": value, "kind": "keyword"} if {
	value in _keywords
} else := {"value": trim_prefix(value, "+"), "kind": "group"} if {
	startswith(value, "+")
} else := {"value": value, "kind": "name"}

addresses := {
	"all": {"raw": "all", "scope": "any", "remote": true},
	"0.0.0.0/0": {"raw": "0.0.0.0/0", "cidr": "0.0.0.0/0", "family": "ipv4", "prefix": 0, "scope": "any", "remote": true},
	"::/0": {"raw": "::/0", "cidr": "::/0", "family": "ipv6", "prefix": 0, "scope": "any", "remote": true},
	"127.0.0.1/32": {"raw": "127.0.0.1/32", "cidr": "127.0.0.1/32", "family": "ipv4", "prefix": 32, "scope": "loopback", "remote": false},
	"::1/128": {"raw": "::1/128", "cidr": "::1/128", "family": "ipv6", "prefix": 128, "scope": "loopback", "remote": false},
	"10.0.0.0/8": {"raw": "10.0.0.0/8", "cidr": "10.0.0.0/8", "family": "ipv4", "prefix": 8, "scope": "private", "remote": true},
	"10.1.0.0/16": {"raw": "10.1.0.0/16", "cidr": "10.1.0.0/16", "family": "ipv4", "prefix": 16, "scope": "private", "remote": true},
	"203.0.113.0/24": {"raw": "203.0.113.0/24", "cidr": "203.0.113.0/24", "family": "ipv4", "prefix": 24, "scope": "public", "remote": true},
	"samehost": {"raw": "samehost", "scope": "samehost", "remote": false},
	"samenet": {"raw": "samenet", "scope": "samenet", "remote": true},
	".example.com": {"raw": ".example.com", "scope": "hostname", "remote": true},
}

# PostgreSQL 15's defaults for the parameters the policies read, shaped like data.defaults.
defaults := {"15": {
	"archive_command": {"value": "", "type": "string"},
	"archive_library": {"value": "", "type": "string"},
	"archive_mode": {"value": "off", "type": "enum"},
	"authentication_timeout": {"value": 60, "type": "integer", "unit": "s"},
	"fsync": {"value": true, "type": "bool"},
	"full_page_writes": {"value": true, "type": "bool"},
	"idle_in_transaction_session_timeout": {"value": 0, "type": "integer", "unit": "ms"},
	"idle_session_timeout": {"value": 0, "type": "integer", "unit": "ms"},
	"ignore_checksum_failure": {"value": false, "type": "bool"},
	"listen_addresses": {"value": "localhost", "type": "string", "items": ["localhost"]},
	"log_destination": {"value": "stderr", "type": "string", "items": ["stderr"]},
	"log_directory": {"value": "log", "type": "string"},
	"log_file_mode": {"value": 384, "type": "integer"},
	"log_filename": {"value": "postgresql-%Y-%m-%d_%H%M%S.log", "type": "string"},
	"log_line_prefix": {"value": "%m [%p] ", "type": "string"},
	"logging_collector": {"value": false, "type": "bool"},
	"max_connections": {"value": 100, "type": "integer"},
	"password_encryption": {"value": "scram-sha-256", "type": "enum"},
	"port": {"value": 5432, "type": "integer"},
	"shared_preload_libraries": {"value": "", "type": "string", "items": []},
	"ssl": {"value": false, "type": "bool"},
	"ssl_min_protocol_version": {"value": "TLSv1.2", "type": "enum"},
	"statement_timeout": {"value": 0, "type": "integer", "unit": "ms"},
	"superuser_reserved_connections": {"value": 3, "type": "integer"},
	"temp_file_limit": {"value": -1, "type": "integer", "unit": "kB"},
	"temp_tablespaces": {"value": "", "type": "string", "items": []},
	"wal_level": {"value": "replica", "type": "enum"},
	"work_mem": {"value": 4096, "type": "integer", "unit": "kB"},
	"zero_damaged_pages": {"value": false, "type": "bool"},
}}

# A finding's own severity, or "default" when it has the package's.
severity(finding) := object.get(finding, "severity", "default")
