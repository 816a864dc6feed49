# METADATA
# title: Durations as PostgreSQL writes them
# description: >-
#   Turns a number of milliseconds into the largest PostgreSQL time unit that divides it
#   (10min rather than 600000), so that messages show limits the way a config file would.
# scope: package
package pg_hardening.lib.units

_units := [
	{"ms": 86400000, "suffix": "d"},
	{"ms": 3600000, "suffix": "h"},
	{"ms": 60000, "suffix": "min"},
	{"ms": 1000, "suffix": "s"},
]

duration(ms) := concat("", [format_int(ms / unit.ms, 10), unit.suffix]) if {
	ms != 0
	fitting := [unit | some unit in _units; ms % unit.ms == 0]
	unit := fitting[0]
} else := concat("", [format_int(ms, 10), "ms"])
