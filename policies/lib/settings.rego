# METADATA
# title: Effective PostgreSQL settings
# description: >-
#   The value PostgreSQL would use for a parameter: the one a file sets, or PostgreSQL's
#   default for the target's major version when no file sets it. Defined only when
#   postgresql.conf was collected. A setting whose value could not be resolved (origin
#   unknown) is not known, and every helper that reads a value is then undefined, so the
#   rules that need it stay silent instead of guessing.
# scope: package
package pg_hardening.lib.settings

import data.pg_hardening.lib.network

# Defaults of the parameters that extensions define; the core defaults come from a server
# without extensions and do not list them.
_extension_defaults := {
	"pgaudit.log": {"value": "none", "type": "string"},
	"pg_stat_statements.max": {"value": 5000, "type": "integer"},
	"pg_stat_statements.save": {"value": true, "type": "bool"},
	"pg_stat_statements.track": {"value": "top", "type": "enum"},
	"pg_stat_statements.track_utility": {"value": true, "type": "bool"},
}

# Findings about a setting that no file sets point at the main configuration file, where
# the fix is written.
main_file_location := {"file": input.postgresql.config_file, "line": 1, "column": 1}

_major_defaults := data.defaults[format_int(input.target.major, 10)]

# PostgreSQL's default for a parameter no file sets. The helpers below read the input and
# this record directly instead of going through effective(): policies call them many times
# per evaluation and the WebAssembly evaluator does not memoize function calls.
_default(name) := setting if {
	input.postgresql
	not input.postgresql.settings[name]
	setting := _major_defaults[name]
} else := setting if {
	input.postgresql
	not input.postgresql.settings[name]
	setting := _extension_defaults[name]
}

# The setting as a file sets it, or a default record shaped like one.
effective(name) := input.postgresql.settings[name]

effective(name) := object.union(_default(name), {
	"origin": "default",
	"is_default": true,
	"location": main_file_location,
})

known(name) if input.postgresql.settings[name].origin != "unknown"

known(name) if _default(name)

value(name) := typed if {
	setting := input.postgresql.settings[name]
	setting.origin != "unknown"
	typed := _typed(name, setting.value)
} else := _default(name).value

# The facts type the parameters PostgreSQL itself knows. An extension's parameters are
# placeholders there, kept as the text written, so the ones the policies compare are typed
# here the way the extension reads them.
_typed(name, text) := parsed if {
	_extension_defaults[name].type == "bool"
	is_string(text)
	parsed := _bool(lower(trim_space(text)))
} else := parsed if {
	_extension_defaults[name].type == "integer"
	is_string(text)
	parsed := to_number(trim_space(text))
} else := text

# A boolean written as text (an ALTER SYSTEM or ALTER ROLE ... SET value), the way PostgreSQL
# reads it; undefined for anything else.
parse_bool(text) := _bool(lower(trim_space(text)))

# PostgreSQL's boolean spellings: on, off, 1, 0 and any prefix of true, false, yes or no.
_bool(text) if {
	text in {"on", "1"}
} else if {
	text != ""
	_prefix_of(text, {"true", "yes"})
} else := false if {
	text in {"of", "off", "0"}
} else := false if {
	text != ""
	_prefix_of(text, {"false", "no"})
}

_prefix_of(text, words) if {
	some word in words
	startswith(word, text)
}

on(name) if value(name) == true

off(name) if value(name) == false

# The value as the user wrote it, or as PostgreSQL would show the default.
shown(name) := setting.raw if {
	setting := input.postgresql.settings[name]
	setting.origin != "unknown"
} else := "on" if {
	_default(name).value == true
} else := "off" if {
	_default(name).value == false
} else := text if {
	text := _default(name).value
	is_string(text)
} else := text if {
	number := _default(name).value
	number == floor(number)
	text := format_int(number, 10)
} else := sprintf("%v", [_default(name).value])

# Where a finding about the setting points: its assignment, or the main file.
location(name) := setting.location if {
	setting := input.postgresql.settings[name]
} else := main_file_location

# The setting is assigned in a file (or by the server), not left at its default.
assigned(name) if input.postgresql.settings[name]

# The entries of a comma-separated list setting (listen_addresses, shared_preload_libraries).
list(name) := setting.items if {
	setting := input.postgresql.settings[name]
	setting.origin != "unknown"
} else := items if {
	items := _default(name).items
} else := [trim_space(item) |
	some item in split(value(name), ",")
	trim_space(item) != ""
]

# A library named in shared_preload_libraries, written bare, as $libdir/name, as a path or
# with its .so suffix.
preloaded(library) if {
	some item in list("shared_preload_libraries")
	_library_name(item) == library
}

_library_name(item) := trim_suffix(base, ".so") if {
	parts := split(trim(item, "\" "), "/")
	base := parts[count(parts) - 1]
}

# listen_addresses names an address other than the loopback interface, so TCP clients on
# other hosts can reach the server (hostnames count: they cannot be resolved here).
listens_remotely if {
	some item in list("listen_addresses")
	network.scope(item) != "loopback"
}

# listen_addresses keeps TCP clients on other hosts out, whatever pg_hba.conf allows.
loopback_only if {
	known("listen_addresses")
	not listens_remotely
}
