package pg_hardening.lib.config_test

import data.pg_hardening.lib.config

test_default_applies_without_config if {
	config.threshold("max_connections") == 500
}

test_configured_value_wins if {
	config.threshold("max_connections") == 100 with data.config as {"thresholds": {"max_connections": 100}}
}

test_other_thresholds_keep_their_defaults if {
	config.threshold("superusers") == ["postgres"] with data.config as {"thresholds": {"max_connections": 100}}
}

test_unknown_threshold_is_undefined if {
	not config.threshold("no_such_threshold")
}
