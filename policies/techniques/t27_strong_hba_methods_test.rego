package pg_hardening.techniques.t27_strong_hba_methods_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.techniques.t27_strong_hba_methods as policy

test_password_over_unencrypted_remote_rule_is_high_at_its_line if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(2, "host", "app", "app", "10.0.0.0/8", "password")])
	count(findings) == 1
	some finding in findings
	finding.message == "pg_hba.conf rule 'host app app 10.0.0.0/8 password' uses password authentication, which sends the password in clear text"
	finding.location == fx.at("pg_hba.conf", 82)
	fx.severity(finding) == "default"
}

test_password_over_hostssl_is_medium if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(1, "hostssl", "app", "app", "10.0.0.0/8", "password")])
	count(findings) == 1
	some finding in findings
	fx.severity(finding) == "medium"
}

test_password_on_local_socket_is_medium if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(1, "local", "all", "all", "", "password")])
	some finding in findings
	fx.severity(finding) == "medium"
}

test_pam_over_host_rule_is_high if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(1, "host", "all", "all", "10.0.0.0/8", "pam")])
	count(findings) == 1
	some finding in findings
	contains(finding.message, "for pam authentication")
	finding.location == fx.at("pg_hba.conf", 81)
	fx.severity(finding) == "default"
}

test_pam_over_hostssl_is_allowed if {
	count(policy.deny) == 0 with input as fx.hba_facts([fx.rule(1, "hostssl", "all", "all", "10.0.0.0/8", "pam")])
}

test_ldap_without_tls_over_host_rule_is_two_findings if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(4, "host", "all", "all", "10.0.0.0/8", "ldap")])
	count(findings) == 2
	some tls in findings
	tls.message == "pg_hba.conf rule 'host all all 10.0.0.0/8 ldap' forwards passwords to the LDAP server without TLS"
	tls.location == fx.at("pg_hba.conf", 84)
	fx.severity(tls) == "default"
}

test_ldap_with_starttls_over_hostssl_is_allowed if {
	rule := fx.rule_with(fx.rule(1, "hostssl", "all", "all", "10.0.0.0/8", "ldap"), {"ldapserver": "ldap.example.com", "ldaptls": "1"})
	count(policy.deny) == 0 with input as fx.hba_facts([rule])
}

test_ldaps_url_over_hostssl_is_allowed if {
	rule := fx.rule_with(fx.rule(1, "hostssl", "all", "all", "10.0.0.0/8", "ldap"), {"ldapurl": "LDAPS://ldap.example.com/dc=example"})
	count(policy.deny) == 0 with input as fx.hba_facts([rule])
}

test_ident_over_tcp_is_high if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(1, "host", "all", "all", "10.0.0.0/8", "ident")])
	count(findings) == 1
	some finding in findings
	contains(finding.message, "ident over TCP")
	finding.location == fx.at("pg_hba.conf", 81)
	fx.severity(finding) == "default"
}

test_ident_on_local_socket_or_loopback_is_allowed if {
	rules := [fx.rule(1, "local", "all", "all", "", "ident"), fx.rule(2, "host", "all", "all", "127.0.0.1/32", "ident")]
	count(policy.deny) == 0 with input as fx.hba_facts(rules)
}

test_md5_is_medium if {
	findings := policy.deny with input as fx.hba_facts([fx.rule(1, "hostssl", "all", "all", "10.0.0.0/8", "md5")])
	count(findings) == 1
	some finding in findings
	finding.message == "pg_hba.conf rule 'hostssl all all 10.0.0.0/8 md5' uses md5 authentication; scram-sha-256 is stronger"
	fx.severity(finding) == "medium"
}

test_md5_on_18_says_deprecated if {
	facts := object.union(fx.hba_facts([fx.rule(1, "local", "all", "all", "", "md5")]), {"target": fx.target(18)})
	findings := policy.deny with input as facts
	some finding in findings
	contains(finding.message, "deprecated since PostgreSQL 18")
}

test_rule_after_reject_is_silent if {
	rules := [fx.rule(1, "host", "all", "all", "all", "reject"), fx.rule(2, "host", "all", "all", "10.0.0.0/8", "password")]
	count(policy.deny) == 0 with input as fx.hba_facts(rules)
}

test_strong_methods_are_allowed if {
	rules := [
		fx.rule(1, "local", "all", "postgres", "", "peer"),
		fx.rule(2, "hostssl", "all", "all", "10.0.0.0/8", "scram-sha-256"),
		fx.rule(3, "hostssl", "all", "all", "10.1.0.0/16", "cert"),
		fx.rule(4, "hostgssenc", "all", "all", "samenet", "gss"),
		fx.rule(5, "host", "all", "all", "all", "reject"),
		fx.rule(6, "host", "all", "all", "0.0.0.0/0", "trust"),
	]
	count(policy.deny) == 0 with input as fx.hba_facts(rules)
}

test_hba_not_collected_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({}) with data.defaults as fx.defaults
}
