package pg_hardening.techniques.t35_latest_minor_release_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.lib.source_fixtures_test as src
import data.pg_hardening.techniques.t35_latest_minor_release as policy

_deny(image) := findings if {
	facts := src.compose_facts([src.service("db", 3, {"image": image})], [])
	findings := policy.deny with input as facts with data.versions as src.versions
}

test_old_minor_is_reported_at_the_image_line if {
	findings := _deny(src.image("postgres:17.4-bookworm", "17.4-bookworm", "17.4", 17, 4))
	count(findings) == 1
	some finding in findings
	finding.message == "image postgres:17.4-bookworm runs PostgreSQL 17.4; 17.10 is the latest minor release (as of 2026-11-24) and has the security fixes released since"
	finding.location == src.at_compose(4)
	fx.severity(finding) == "default"
}

test_three_part_versions_compare_their_minor if {
	count(_deny(src.image("bitnami/postgresql:15.4.0", "15.4.0", "15.4.0", 15, 4))) == 1
}

test_latest_minor_is_quiet if {
	count(_deny(src.image("postgres:17.10", "17.10", "17.10", 17, 4))) == 0
}

test_major_only_tag_is_quiet if {
	count(_deny(src.image("postgres:17", "17", "17", 17, 4))) == 0
}

test_ended_major_is_left_to_pgh_001 if {
	count(_deny(src.image("postgres:13.2", "13.2", "13.2", 13, 4))) == 0
}

test_no_containers_is_silent if {
	count(policy.deny) == 0 with input as fx.empty_facts with data.versions as src.versions
}
