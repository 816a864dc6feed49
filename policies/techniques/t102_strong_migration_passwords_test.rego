package pg_hardening.techniques.t102_strong_migration_passwords_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.lib.sql_fixtures_test as sfx
import data.pg_hardening.techniques.t102_strong_migration_passwords as policy

test_short_password_is_high_at_its_line if {
	role := sfx.with_password(sfx.create_role(3, "app", {"login": true}), sfx.plaintext(8, false))
	findings := policy.deny with input as sfx.facts([role])
	count(findings) == 1
	some finding in findings
	finding.message == "CREATE ROLE app sets a password shorter than 12 characters"
	finding.location == sfx.at(3)
	fx.severity(finding) == "default"
}

test_password_equal_to_the_role_name_is_high if {
	role := sfx.with_password(sfx.alter_role(14, "legacy", {}), sfx.plaintext(6, true))
	findings := policy.deny with input as sfx.facts([role])
	count(findings) == 1
	some finding in findings
	finding.message == "ALTER ROLE legacy sets a password equal to the role name"
}

test_weak_password_inside_a_do_block_says_so if {
	role := sfx.in_do_block(sfx.with_password(sfx.create_role(30, "batch", {"login": true}), sfx.plaintext(5, false)))
	findings := policy.deny with input as sfx.facts([role])
	some finding in findings
	finding.message == "CREATE ROLE batch inside a DO block sets a password shorter than 12 characters"
}

test_minimum_length_is_configurable if {
	role := sfx.with_password(sfx.create_role(3, "app", {"login": true}), sfx.plaintext(14, false))
	findings := policy.deny with input as sfx.facts([role])
		with data.config as {"thresholds": {"min_password_length": 16}}
	some finding in findings
	contains(finding.message, "shorter than 16 characters")
}

test_md5_hash_is_medium if {
	role := sfx.with_password(sfx.create_role(10, "legacy", {"login": true}), sfx.md5)
	findings := policy.deny with input as sfx.facts([role])
	count(findings) == 1
	some finding in findings
	startswith(finding.message, "CREATE ROLE legacy sets the password as an MD5 hash")
	fx.severity(finding) == "medium"
}

test_long_passwords_and_verifiers_are_quiet if {
	statements := [
		sfx.with_password(sfx.create_user(1, "app_user", {}), sfx.plaintext(24, false)),
		sfx.with_password(sfx.create_user(2, "reporting", {}), sfx.scram),
		sfx.with_password(sfx.alter_role(3, "old_app", {}), {"kind": "null"}),
	]
	count(policy.deny) == 0 with input as sfx.facts(statements)
}

test_sql_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({}) with data.defaults as fx.defaults
}
