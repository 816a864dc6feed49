package pg_hardening.techniques.t110_container_trust_auth_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.lib.source_fixtures_test as src
import data.pg_hardening.techniques.t110_container_trust_auth as policy

_method(value) := {"host_auth_method": {"value": value, "location": src.at_compose(9)}}

_deny(extra) := findings if {
	findings := policy.deny with input as src.compose_facts([src.service("db", 3, extra)], [])
}

test_host_auth_method_trust_is_critical_at_its_line if {
	findings := _deny(_method("trust"))
	count(findings) == 1
	some finding in findings
	finding.message == "POSTGRES_HOST_AUTH_METHOD=trust of service 'db' makes the image write 'host all all all trust' to pg_hba.conf: anyone who reaches the port logs in as any role, the superuser included, without a password"
	finding.location == src.at_compose(9)
	fx.severity(finding) == "default"
}

test_password_is_high_and_md5_medium if {
	some password in _deny(_method("password"))
	password.severity == "high"
	some md5 in _deny(_method("MD5"))
	md5.severity == "medium"
	contains(md5.message, "'host all all all md5'")
}

test_scram_and_unresolved_variables_are_quiet if {
	count(_deny(_method("scram-sha-256"))) == 0
	count(_deny(_method("${AUTH_METHOD}"))) == 0
}

test_trust_is_low_while_the_server_reads_its_own_hba_file if {
	hba_flag := {"role": "pg_hba.conf", "container_path": "/etc/postgresql/pg_hba.conf", "source": "./pg_hba.conf", "file": "pg_hba.conf", "via": "flag", "location": src.at_compose(5)}
	findings := _deny(object.union(_method("trust"), {"config_files": [hba_flag]}))
	count(findings) == 1
	some finding in findings
	finding.severity == "low"
	endswith(finding.message, "(unused while hba_file names another file, until that changes)")
}

test_initdb_trust_is_high if {
	auth := [
		{"option": "--auth-local", "method": "trust", "location": fx.at(src.compose, 10)},
		{"option": "--auth-host", "method": "scram-sha-256", "location": fx.at(src.compose, 10)},
	]
	findings := _deny({"initdb_auth": auth})
	count(findings) == 1
	some finding in findings
	finding.message == "POSTGRES_INITDB_ARGS of service 'db' passes --auth-local=trust: initdb writes trust rules for the Unix socket, so every process in the container logs in as any role without a password"
	finding.severity == "high"
}

test_no_containers_is_silent if {
	count(policy.deny) == 0 with input as fx.empty_facts
}
