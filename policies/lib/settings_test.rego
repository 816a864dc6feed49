package pg_hardening.lib.settings_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.lib.settings

test_effective_is_the_file_setting_when_set if {
	setting := settings.effective("ssl") with input as fx.conf_facts({"ssl": fx.set(true, 7)})
		with data.defaults as fx.defaults
	setting.origin == "file"
	setting.location == fx.at("postgresql.conf", 7)
}

test_effective_is_the_default_at_main_file_when_unset if {
	setting := settings.effective("ssl") with input as fx.conf_facts({}) with data.defaults as fx.defaults
	setting.value == false
	setting.origin == "default"
	setting.is_default == true
	setting.location == fx.at("postgresql.conf", 1)
}

test_effective_uses_the_target_major if {
	facts := object.union(fx.conf_facts({}), {"target": fx.target(13)})
	setting := settings.effective("password_encryption") with input as facts
		with data.defaults as {"13": {"password_encryption": {"value": "md5", "type": "enum"}}}
	setting.value == "md5"
}

test_extension_parameter_has_its_own_default if {
	settings.value("pgaudit.log") == "none" with input as fx.conf_facts({}) with data.defaults as fx.defaults
}

test_nothing_is_effective_without_postgresql_conf if {
	not settings.effective("ssl") with input as fx.hba_facts([]) with data.defaults as fx.defaults
	not settings.known("ssl") with input as fx.hba_facts([]) with data.defaults as fx.defaults
	not settings.location("ssl") with input as fx.hba_facts([]) with data.defaults as fx.defaults
}

test_unknown_setting_is_not_known_and_has_no_value if {
	facts := fx.conf_facts({"ssl": fx.unknown(7)})
	not settings.known("ssl") with input as facts with data.defaults as fx.defaults
	not settings.value("ssl") with input as facts with data.defaults as fx.defaults
	not settings.on("ssl") with input as facts with data.defaults as fx.defaults
	not settings.off("ssl") with input as facts with data.defaults as fx.defaults
	not settings.shown("ssl") with input as facts with data.defaults as fx.defaults
	settings.location("ssl") == fx.at("postgresql.conf", 7) with input as facts with data.defaults as fx.defaults
}

test_parameter_without_default_is_not_known if {
	not settings.known("made_up") with input as fx.conf_facts({}) with data.defaults as fx.defaults
}

test_shown_is_raw_text_or_the_default_as_postgresql_prints_it if {
	settings.shown("work_mem") == "64MB" with input as fx.conf_facts({"work_mem": object.union(fx.set(65536, 3), {"raw": "64MB"})})
		with data.defaults as fx.defaults
	settings.shown("ssl") == "off" with input as fx.conf_facts({}) with data.defaults as fx.defaults
	settings.shown("port") == "5432" with input as fx.conf_facts({}) with data.defaults as fx.defaults
	settings.shown("log_line_prefix") == "%m [%p] " with input as fx.conf_facts({}) with data.defaults as fx.defaults
}

_save(raw) := fx.conf_facts({"pg_stat_statements.save": fx.set(raw, 5)})

test_extension_booleans_written_as_text_are_typed if {
	settings.on("pg_stat_statements.save") with input as _save("on") with data.defaults as fx.defaults
	settings.on("pg_stat_statements.save") with input as _save("Tr") with data.defaults as fx.defaults
	settings.off("pg_stat_statements.save") with input as _save("of") with data.defaults as fx.defaults
	settings.off("pg_stat_statements.save") with input as _save("0") with data.defaults as fx.defaults
	settings.value("pg_stat_statements.save") == "o" with input as _save("o") with data.defaults as fx.defaults
	settings.value("pg_stat_statements.max") == 10000 with input as fx.conf_facts({"pg_stat_statements.max": fx.set("10000", 6)})
		with data.defaults as fx.defaults
}

test_list_comes_from_items_defaults_or_the_value if {
	settings.list("listen_addresses") == ["a", "b"] with input as fx.conf_facts({"listen_addresses": fx.set_list("a,b", ["a", "b"], 3)})
		with data.defaults as fx.defaults
	settings.list("listen_addresses") == ["localhost"] with input as fx.conf_facts({}) with data.defaults as fx.defaults
	settings.list("pgaudit.log") == ["ddl", "write"] with input as fx.conf_facts({"pgaudit.log": fx.set(" ddl , write,", 3)})
		with data.defaults as fx.defaults
}

test_preloaded_accepts_libdir_paths_and_suffixes if {
	facts := fx.conf_facts({"shared_preload_libraries": fx.set_list(
		"$libdir/pgaudit.so,/usr/lib/postgresql/15/lib/pg_stat_statements",
		["$libdir/pgaudit.so", "/usr/lib/postgresql/15/lib/pg_stat_statements"],
		3,
	)})
	settings.preloaded("pgaudit") with input as facts with data.defaults as fx.defaults
	settings.preloaded("pg_stat_statements") with input as facts with data.defaults as fx.defaults
	not settings.preloaded("passwordcheck") with input as facts with data.defaults as fx.defaults
}

test_listening_on_loopback_only if {
	facts := fx.conf_facts({"listen_addresses": fx.set_list("localhost,127.0.0.1,::1", ["localhost", "127.0.0.1", "::1"], 3)})
	settings.loopback_only with input as facts with data.defaults as fx.defaults
	not settings.listens_remotely with input as facts with data.defaults as fx.defaults
	settings.loopback_only with input as fx.conf_facts({}) with data.defaults as fx.defaults
	settings.loopback_only with input as fx.conf_facts({"listen_addresses": fx.set_list("", [], 3)}) with data.defaults as fx.defaults
}

test_listening_on_other_addresses_is_remote if {
	facts := fx.conf_facts({"listen_addresses": fx.set_list("localhost,db.internal", ["localhost", "db.internal"], 3)})
	settings.listens_remotely with input as facts with data.defaults as fx.defaults
	not settings.loopback_only with input as facts with data.defaults as fx.defaults
}

test_unknown_listen_addresses_is_neither if {
	facts := fx.conf_facts({"listen_addresses": fx.unknown(3)})
	not settings.listens_remotely with input as facts with data.defaults as fx.defaults
	not settings.loopback_only with input as facts with data.defaults as fx.defaults
}

test_parse_bool_reads_postgresql_spellings if {
	settings.parse_bool(" OFF ") == false
	settings.parse_bool("tr") == true
	settings.parse_bool("1") == true
	not settings.parse_bool("o")
}
