# METADATA
# title: PostgreSQL releases and the major version a deployment runs
# description: >-
#   Supported majors with their end-of-life dates and latest minor releases
#   (data/postgresql-versions.json, loaded as data.versions), and the major version the
#   deployment's server runs when its files say. The WebAssembly runtime has no clock, so
#   dates are compared with the data's as_of date; ISO dates compare correctly as strings.
# scope: package
package pg_hardening.lib.versions

as_of := data.versions.as_of

release(major) := data.versions.majors[format_int(major, 10)]

_majors := [to_number(key) | some key, _ in data.versions.majors]

# Majors older than every one the data lists ended long before its oldest end of life.
older_than_data(major) if major < min(_majors)

newer_than_data(major) if major > max(_majors)

past_eol(major) if release(major).eol < as_of

past_eol(major) if older_than_data(major)

# More than a year past end of life: a year of published vulnerabilities left unfixed.
long_past_eol(major) if _year_after(release(major).eol) < as_of

long_past_eol(major) if older_than_data(major)

_year_after(date) := concat("", [format_int(to_number(substring(date, 0, 4)) + 1, 10), substring(date, 4, -1)])

# The minor number of a version ("15.4" and "15.4.0" are 4); undefined for a bare major.
minor(version) := to_number(parts[1]) if {
	parts := split(version, ".")
	count(parts) > 1
}

latest_minor(major) := minor(release(major).latest_minor)

# The PostgreSQL major the deployment's server runs, when something says which: the target's
# unless it was only assumed, else the one major the images of its containers name.
major := input.target.major if {
	input.target.major_source != "assumed"
} else := known if {
	majors := {service.image.major | some service in input.containers.services}
	count(majors) == 1
	some known in majors
}

# A major as PostgreSQL numbers it: 13, or 9.6 before version 10.
release_name(major, _) := format_int(major, 10) if major >= 10

release_name(major, version) := concat(".", array.slice(split(version, "."), 0, 2)) if major < 10

# Parameters a major removed: the first major without them (a 9.x removal counts from 10,
# the first major numbered alone), the release that removed them, and what replaces them.
removed_parameters := {
	"checkpoint_segments": {"since": 10, "release": "9.5", "use": "max_wal_size and min_wal_size"},
	"min_parallel_relation_size": {"since": 10, "release": "10", "use": "min_parallel_table_scan_size"},
	"sql_inheritance": {"since": 10, "release": "10", "use": ""},
	"replacement_sort_tuples": {"since": 11, "release": "11", "use": ""},
	"standby_mode": {"since": 12, "release": "12", "use": "a standby.signal file in the data directory"},
	"trigger_file": {"since": 12, "release": "12", "use": "pg_ctl promote or pg_promote()"},
	"wal_keep_segments": {"since": 13, "release": "13", "use": "wal_keep_size"},
	"operator_precedence_warning": {"since": 14, "release": "14", "use": ""},
	"vacuum_cleanup_index_scale_factor": {"since": 14, "release": "14", "use": ""},
	"stats_temp_directory": {"since": 15, "release": "15", "use": ""},
	"vacuum_defer_cleanup_age": {"since": 16, "release": "16", "use": "hot_standby_feedback or a replication slot"},
	"promote_trigger_file": {"since": 16, "release": "16", "use": "pg_ctl promote or pg_promote()"},
	"force_parallel_mode": {"since": 16, "release": "16", "use": "debug_parallel_query"},
	"old_snapshot_threshold": {"since": 17, "release": "17", "use": ""},
	"db_user_namespace": {"since": 17, "release": "17", "use": ""},
	"trace_recovery_messages": {"since": 17, "release": "17", "use": ""},
}
