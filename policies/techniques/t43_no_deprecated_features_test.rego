package pg_hardening.techniques.t43_no_deprecated_features_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.lib.source_fixtures_test as src
import data.pg_hardening.techniques.t43_no_deprecated_features as policy

# A deployment whose paths say it runs `major`.
_on(major, facts) := object.union(facts, {"target": {"major": major, "major_source": "config"}})

_deny(facts) := findings if {
	findings := policy.deny with input as facts with data.defaults as fx.defaults
}

test_removed_parameter_in_postgresql_conf_is_high_at_its_line if {
	facts := _on(16, fx.conf_facts({"promote_trigger_file": fx.set("/tmp/promote", 9)}))
	findings := _deny(facts)
	count(findings) == 1
	some finding in findings
	finding.message == "promote_trigger_file was removed in PostgreSQL 16 (use pg_ctl promote or pg_promote()): PostgreSQL 16 refuses to start with it"
	finding.location == fx.at(fx.conf, 9)
	fx.severity(finding) == "default"
}

test_parameter_before_its_removal_is_quiet if {
	count(_deny(_on(15, fx.conf_facts({"promote_trigger_file": fx.set("/tmp/promote", 9)})))) == 0
}

test_line_pgh_000_reports_is_not_repeated if {
	facts := object.union(
		_on(16, fx.conf_facts({"promote_trigger_file": fx.set("/tmp/promote", 9)})),
		{"diagnostics": [{"code": "CONF_UNKNOWN", "level": "error", "message": "unrecognized parameter", "location": fx.at(fx.conf, 9)}]},
	)
	count(_deny(facts)) == 0
}

test_removed_parameter_on_a_container_command_line_uses_the_image_major if {
	service := src.service("db", 3, {
		"image": src.image("postgres:13", "13", "13", 13, 4),
		"settings": [src.command_setting("wal_keep_segments", "64", 5), src.command_setting("ssl", "on", 5)],
	})
	findings := _deny(src.compose_facts([service], []))
	count(findings) == 1
	some finding in findings
	finding.message == "wal_keep_segments was removed in PostgreSQL 13 (use wal_keep_size): PostgreSQL 13 refuses to start with it"
	finding.location == src.at_compose(5)
}

test_md5_on_18_is_one_low_finding_at_password_encryption if {
	facts := _on(18, fx.facts(
		{"password_encryption": fx.set("md5", 12)},
		[fx.rule(1, "host", "all", "all", "10.0.0.0/8", "md5"), fx.rule(2, "host", "all", "all", "::/0", "md5")],
	))
	findings := _deny(facts)
	count(findings) == 1
	some finding in findings
	finding.message == "MD5 password authentication is deprecated since PostgreSQL 18 and is to be removed (password_encryption = md5 and 2 pg_hba.conf rules use md5): every role's password must be set again as SCRAM-SHA-256 before that upgrade"
	finding.location == fx.at(fx.conf, 12)
	finding.severity == "low"
}

test_md5_rules_alone_point_at_the_first_one if {
	facts := _on(18, fx.hba_facts([fx.rule(1, "local", "all", "postgres", "", "peer"), fx.rule(2, "host", "all", "all", "10.0.0.0/8", "md5")]))
	findings := _deny(facts)
	count(findings) == 1
	some finding in findings
	contains(finding.message, "(1 pg_hba.conf rule uses md5)")
	finding.location == fx.at(fx.hba_file, 82)
}

test_md5_before_18_is_quiet if {
	facts := _on(17, fx.hba_facts([fx.rule(1, "host", "all", "all", "10.0.0.0/8", "md5")]))
	count(_deny(facts)) == 0
}

test_md5_on_an_assumed_major_is_quiet if {
	facts := object.union(fx.hba_facts([fx.rule(1, "host", "all", "all", "10.0.0.0/8", "md5")]), {"target": {"major": 18, "major_source": "assumed"}})
	count(_deny(facts)) == 0
}

test_image_major_stands_in_for_an_assumed_one if {
	compose := src.compose_facts([src.service("db", 3, {"image": src.image("postgres:18", "18", "18", 18, 4)})], [])
	facts := object.union(
		fx.hba_facts([fx.rule(1, "host", "all", "all", "10.0.0.0/8", "md5")]),
		{"containers": compose.containers, "target": {"major": 15, "major_source": "assumed"}},
	)
	count(_deny(facts)) == 1
}

test_radius_on_19_is_high if {
	facts := _on(19, fx.hba_facts([fx.rule(1, "hostssl", "all", "all", "10.0.0.0/8", "radius")]))
	findings := _deny(facts)
	count(findings) == 1
	some finding in findings
	finding.message == "pg_hba.conf rule 'hostssl all all 10.0.0.0/8 radius' uses radius, which PostgreSQL 19 removed: the server does not load this pg_hba.conf"
	fx.severity(finding) == "default"
}

test_radius_on_18_is_quiet if {
	count(_deny(_on(18, fx.hba_facts([fx.rule(1, "hostssl", "all", "all", "10.0.0.0/8", "radius")])))) == 0
}

test_nothing_collected_is_silent if {
	count(_deny(fx.empty_facts)) == 0
}
