package pg_hardening.techniques.t01_supported_major_version_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.lib.source_fixtures_test as src
import data.pg_hardening.techniques.t01_supported_major_version as policy

_facts(image) := src.compose_facts([src.service("db", 3, {"image": image})], [])

_deny(facts) := findings if {
	findings := policy.deny with input as facts with data.versions as src.versions
}

test_major_a_year_past_eol_is_critical_at_the_image_line if {
	findings := _deny(_facts(src.image("postgres:13", "13", "13", 13, 4)))
	count(findings) == 1
	some finding in findings
	finding.message == "image postgres:13 runs PostgreSQL 13, which reached end of life on 2025-11-13 and gets no more security fixes"
	finding.location == src.at_compose(4)
	finding.severity == "critical"
}

test_major_just_past_eol_is_high if {
	findings := _deny(_facts(src.image("postgres:14.25", "14.25", "14.25", 14, 4)))
	count(findings) == 1
	some finding in findings
	fx.severity(finding) == "default"
}

test_major_older_than_the_data_is_critical if {
	findings := _deny(_facts(src.image("postgres:9.6", "9.6", "9.6", 9, 4)))
	count(findings) == 1
	some finding in findings
	finding.message == "image postgres:9.6 runs PostgreSQL 9.6, which reached end of life years ago and gets no security fixes"
	finding.severity == "critical"
}

test_floating_tag_is_medium if {
	findings := _deny(_facts(src.image("postgres:latest", "latest", null, null, 4)))
	count(findings) == 1
	some finding in findings
	startswith(finding.message, "image postgres:latest names no PostgreSQL version")
	finding.severity == "medium"
}

test_image_without_tag_is_floating if {
	count(_deny(_facts(src.image("postgres", null, null, null, 4)))) == 1
}

test_digest_or_unreadable_version_is_not_floating if {
	pinned := object.union(src.image("postgres", null, null, null, 4), {"digest": "sha256:0123"})
	count(_deny(_facts(pinned))) == 0
	spilo := object.union(src.image("ghcr.io/zalando/spilo-15:3.0-p1", "3.0-p1", null, null, 4), {"repository": "ghcr.io/zalando/spilo-15"})
	count(_deny(_facts(spilo))) == 0
	variable := src.image("${PG_IMAGE}", null, null, null, 4)
	count(_deny(_facts(variable))) == 0
}

test_major_newer_than_the_data_is_info if {
	findings := _deny(_facts(src.image("postgres:19", "19", "19", 19, 4)))
	count(findings) == 1
	some finding in findings
	finding.message == "image postgres:19 runs PostgreSQL 19, newer than the release data pg-hardening has (as of 2026-11-24): its support status is not checked"
	finding.severity == "info"
}

test_supported_pinned_image_is_quiet if {
	count(_deny(_facts(src.image("postgres:17.10", "17.10", "17.10", 17, 4)))) == 0
	count(_deny(_facts(src.image("postgres:18-alpine", "18-alpine", "18", 18, 4)))) == 0
}

test_config_paths_of_an_ended_major_point_at_the_setting if {
	facts := object.union(
		fx.conf_facts({
			"port": fx.set(5432, 3),
			"data_directory": fx.set("/var/lib/postgresql/13/main", 7),
		}),
		{"target": {"major": 13, "major_source": "config"}},
	)
	findings := _deny(facts)
	count(findings) == 1
	some finding in findings
	finding.message == "the configuration names the paths of PostgreSQL 13, which reached end of life on 2025-11-13 and gets no more security fixes"
	finding.location == fx.at(fx.conf, 7)
}

test_assumed_major_is_not_judged if {
	facts := object.union(fx.conf_facts({}), {"target": {"major": 13, "major_source": "assumed"}})
	count(_deny(facts)) == 0
}

test_no_containers_is_silent if {
	count(_deny(fx.empty_facts)) == 0
}
