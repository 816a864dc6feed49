package pg_hardening.techniques.t21_pgbouncer_secure_auth_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.lib.source_fixtures_test as src
import data.pg_hardening.techniques.t21_pgbouncer_secure_auth as policy

_local_db := src.pgb_db("app", {"host": "/var/run/postgresql", "dbname": "app"}, 2)

_remote_db := src.pgb_db("app", {"host": "10.0.1.5", "dbname": "app"}, 2)

# Every check satisfied: SCRAM, TLS both ways, a separate operator.
_hardened := {
	"listen_addr": src.pgb_list("*", ["*"], 5),
	"auth_type": src.pgb_set("scram-sha-256", "scram-sha-256", 6),
	"client_tls_sslmode": src.pgb_set("require", "require", 7),
	"server_tls_sslmode": src.pgb_set("verify-full", "verify-full", 8),
	"admin_users": src.pgb_list("pgbouncer_admin", ["pgbouncer_admin"], 9),
	"unix_socket_mode": src.pgb_set("0700", 448, 10),
}

_with(settings) := src.pgbouncer_facts(object.union(_hardened, settings), [_remote_db])

test_hardened_pgbouncer_is_quiet if {
	count(policy.deny) == 0 with input as _with({})
}

test_no_pgbouncer_is_silent if {
	count(policy.deny) == 0 with input as fx.conf_facts({})
}

test_trust_on_a_network_listener_is_critical if {
	findings := policy.deny with input as _with({"auth_type": src.pgb_set("trust", "trust", 6)})
	count(findings) == 1
	some finding in findings
	finding.message == "auth_type = trust lets clients log in as any user listed in auth_file without a password"
	finding.location == fx.at(src.ini, 6)
	finding.severity == "critical"
}

test_any_on_the_socket_only_is_high if {
	facts := src.pgbouncer_facts({"auth_type": src.pgb_set("any", "any", 3)}, [_local_db])
	findings := policy.deny with input as facts
	count(findings) == 1
	some finding in findings
	fx.severity(finding) == "default"
	contains(finding.message, "admin console")
}

test_plain_is_high if {
	findings := policy.deny with input as _with({"auth_type": src.pgb_set("plain", "plain", 6)})
	count(findings) == 1
	some finding in findings
	fx.severity(finding) == "default"
}

test_default_md5_is_medium_at_the_top_of_the_file if {
	facts := src.pgbouncer_facts(object.remove(_hardened, ["auth_type"]), [_remote_db])
	findings := policy.deny with input as facts
	count(findings) == 1
	some finding in findings
	startswith(finding.message, "auth_type = md5 (the default) authenticates with MD5")
	finding.location == fx.at(src.ini, 1)
	finding.severity == "medium"
}

test_md5_with_only_scram_secrets_is_low if {
	facts := src.with_userlist(
		_with({"auth_type": src.pgb_set("md5", "md5", 6)}),
		[src.userlist_entry("app", "scram", 1)],
	)
	findings := policy.deny with input as facts
	count(findings) == 1
	some finding in findings
	finding.severity == "low"
}

test_password_in_databases_entry_is_high_at_its_line if {
	database := object.union(_remote_db, {"has_password": true})
	findings := policy.deny with input as src.pgbouncer_facts(_hardened, [database])
	count(findings) == 1
	some finding in findings
	finding.message == "[databases] entry 'app' writes the server password in its connection string (password=)"
	finding.location == fx.at(src.ini, 2)
	fx.severity(finding) == "default"
}

test_plaintext_userlist_entries_are_high_without_the_secret if {
	entries := [
		src.userlist_entry("app", "plaintext", 1),
		src.userlist_entry("svc", "scram", 2),
		src.userlist_entry("old", "md5", 3),
	]
	findings := policy.deny with input as src.with_userlist(_with({}), entries)
	count(findings) == 1
	some finding in findings
	finding.message == "userlist.txt holds the password of user 'app' in clear text"
	finding.location == fx.at("userlist.txt", 1)
}

test_wide_listener_without_client_tls_is_high if {
	facts := _with({"client_tls_sslmode": src.pgb_set("disable", "disable", 7)})
	findings := policy.deny with input as facts
	count(findings) == 1
	some finding in findings
	finding.message == "PgBouncer listens on * with client_tls_sslmode = disable: clients' passwords and queries cross the network unencrypted"
	finding.location == fx.at(src.ini, 7)
	fx.severity(finding) == "default"
}

test_default_client_tls_points_at_listen_addr if {
	facts := src.pgbouncer_facts(object.remove(_hardened, ["client_tls_sslmode"]), [_remote_db])
	findings := policy.deny with input as facts
	count(findings) == 1
	some finding in findings
	contains(finding.message, "client_tls_sslmode = disable (the default)")
	finding.location == fx.at(src.ini, 5)
}

test_private_listener_with_prefer_is_medium if {
	facts := _with({
		"listen_addr": src.pgb_list("10.0.0.5", ["10.0.0.5"], 5),
		"client_tls_sslmode": src.pgb_set("prefer", "prefer", 7),
	})
	findings := policy.deny with input as facts
	count(findings) == 1
	some finding in findings
	finding.severity == "medium"
}

test_loopback_listener_needs_no_tls if {
	facts := _with({
		"listen_addr": src.pgb_list("127.0.0.1", ["127.0.0.1"], 5),
		"client_tls_sslmode": src.pgb_set("disable", "disable", 7),
	})
	count(policy.deny) == 0 with input as facts
}

test_default_server_tls_to_a_remote_server_is_medium_at_the_entry if {
	facts := src.pgbouncer_facts(object.remove(_hardened, ["server_tls_sslmode"]), [_remote_db])
	findings := policy.deny with input as facts
	count(findings) == 1
	some finding in findings
	finding.message == "server_tls_sslmode = prefer (the default) lets PgBouncer connect to 10.0.1.5 without TLS, so passwords and data between them can be read or changed on the way"
	finding.location == fx.at(src.ini, 2)
	finding.severity == "medium"
}

test_server_tls_over_the_socket_is_not_needed if {
	facts := src.pgbouncer_facts(object.remove(_hardened, ["server_tls_sslmode"]), [_local_db, src.pgb_db("b", {"host": "localhost"}, 3)])
	count(policy.deny) == 0 with input as facts
}

test_legacy_client_protocols_are_high if {
	facts := _with({"client_tls_protocols": src.pgb_set("tlsv1.1, tlsv1.2", null, 11)})
	findings := policy.deny with input as facts
	count(findings) == 1
	some finding in findings
	finding.message == "client_tls_protocols = tlsv1.1, tlsv1.2 allows TLSv1.1, which are broken and retired (RFC 8996)"
	finding.location == fx.at(src.ini, 11)
}

test_all_protocols_minus_the_old_ones_are_fine if {
	facts := _with({"client_tls_protocols": src.pgb_set("all,!tlsv1.0,!tlsv1.1", null, 11)})
	count(policy.deny) == 0 with input as facts
}

test_server_protocols_all_are_medium if {
	facts := _with({"server_tls_protocols": src.pgb_set("all", null, 12)})
	findings := policy.deny with input as facts
	count(findings) == 1
	some finding in findings
	finding.severity == "medium"
	contains(finding.message, "TLSv1.0 and TLSv1.1")
}

test_weak_ciphers_are_medium if {
	facts := _with({"client_tls_ciphers": src.pgb_set("all", null, 13)})
	findings := policy.deny with input as facts
	count(findings) == 1
	some finding in findings
	finding.severity == "medium"
}

test_app_user_in_admin_users_is_medium if {
	database := src.pgb_db("app", {"host": "10.0.1.5", "user": "app"}, 2)
	settings := object.union(_hardened, {"admin_users": src.pgb_list("app, ops", ["app", "ops"], 9)})
	findings := policy.deny with input as src.pgbouncer_facts(settings, [database])
	count(findings) == 1
	some finding in findings
	startswith(finding.message, "admin_users includes app, a user applications connect as")
	finding.location == fx.at(src.ini, 9)
	finding.severity == "medium"
}

test_superuser_in_admin_users_is_the_administrator if {
	database := src.pgb_db("app", {"host": "10.0.1.5", "user": "postgres"}, 2)
	settings := object.union(_hardened, {"admin_users": src.pgb_list("postgres", ["postgres"], 9)})
	count(policy.deny) == 0 with input as src.pgbouncer_facts(settings, [database])
}

test_compose_app_user_in_stats_users_is_low if {
	facts := object.union(
		_with({"stats_users": src.pgb_list("web", ["web"], 14)}),
		{"containers": {"files": ["docker-compose.yml"], "services": [], "connections": [src.connection("api", "PGUSER", "web", false, 3)]}},
	)
	findings := policy.deny with input as facts
	count(findings) == 1
	some finding in findings
	finding.severity == "low"
}

test_superuser_auth_user_is_medium if {
	findings := policy.deny with input as _with({"auth_user": src.pgb_set("postgres", null, 15)})
	count(findings) == 1
	some finding in findings
	startswith(finding.message, "auth_user = postgres, a superuser")
	finding.location == fx.at(src.ini, 15)
	finding.severity == "medium"
}

test_world_writable_socket_is_low if {
	findings := policy.deny with input as _with({"unix_socket_mode": src.pgb_set("0777", 511, 10)})
	count(findings) == 1
	some finding in findings
	finding.message == "unix_socket_mode = 0777 lets every local OS user connect to PgBouncer's socket"
	finding.severity == "low"
}

test_auth_hba_trust_from_the_network_is_critical if {
	facts := src.with_auth_hba(
		_with({"auth_type": src.pgb_set("hba", "hba", 6)}),
		[
			fx.rule(1, "hostssl", "all", "all", "10.0.0.0/8", "scram-sha-256"),
			fx.rule(2, "host", "all", "all", "0.0.0.0/0", "trust"),
			fx.rule(3, "host", "all", "all", "10.1.0.0/16", "password"),
		],
	)
	findings := policy.deny with input as facts
	count(findings) == 2
	{[f.location.line, fx.severity(f)] | some f in findings} == {[82, "critical"], [83, "default"]}
}

test_auth_hba_after_a_reject_is_silent if {
	facts := src.with_auth_hba(
		_with({"auth_type": src.pgb_set("hba", "hba", 6)}),
		[fx.rule(1, "host", "all", "all", "all", "reject"), fx.rule(2, "host", "all", "all", "0.0.0.0/0", "trust")],
	)
	count(policy.deny) == 0 with input as facts
}

test_auth_hba_is_ignored_unless_auth_type_is_hba if {
	facts := src.with_auth_hba(_with({}), [fx.rule(1, "host", "all", "all", "0.0.0.0/0", "trust")])
	count(policy.deny) == 0 with input as facts
}
