package pg_hardening.lib.units_test

import data.pg_hardening.lib.units

test_whole_units_use_the_largest if {
	units.duration(600000) == "10min"
	units.duration(3600000) == "1h"
	units.duration(172800000) == "2d"
	units.duration(30000) == "30s"
}

test_other_values_stay_in_milliseconds if {
	units.duration(1500) == "1500ms"
	units.duration(0) == "0ms"
}
