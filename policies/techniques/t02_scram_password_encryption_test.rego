package pg_hardening.techniques.t02_scram_password_encryption_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.techniques.t02_scram_password_encryption as policy

test_md5_is_denied_at_its_line if {
	findings := policy.deny with input as fx.conf_facts({"password_encryption": fx.set("md5", 88)})
		with data.defaults as fx.defaults
	count(findings) == 1
	some finding in findings
	finding.location == fx.at("postgresql.conf", 88)
	contains(finding.message, "password_encryption = md5")
	fx.severity(finding) == "default"
}

test_on_before_14_means_md5_and_is_denied if {
	findings := policy.deny with input as fx.conf_facts({"password_encryption": fx.set("on", 4)})
		with data.defaults as fx.defaults
	count(findings) == 1
}

test_md5_default_of_old_major_is_denied_at_main_file if {
	facts := object.union(fx.conf_facts({}), {"target": fx.target(13)})
	findings := policy.deny with input as facts
		with data.defaults as {"13": {"password_encryption": {"value": "md5", "type": "enum"}}}
	count(findings) == 1
	some finding in findings
	finding.location == fx.at("postgresql.conf", 1)
}

test_scram_is_allowed if {
	count(policy.deny) == 0 with input as fx.conf_facts({"password_encryption": fx.set("scram-sha-256", 88)})
		with data.defaults as fx.defaults
}

test_default_of_current_major_is_allowed if {
	count(policy.deny) == 0 with input as fx.conf_facts({}) with data.defaults as fx.defaults
}

test_unknown_value_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({"password_encryption": fx.unknown(88)})
		with data.defaults as fx.defaults
}

test_conf_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.hba_facts([]) with data.defaults as fx.defaults
}
