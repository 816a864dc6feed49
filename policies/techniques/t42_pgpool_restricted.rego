# METADATA
# title: pgpool-II, where it runs, checks clients and encrypts their connections
# description: >-
#   pgpool-II connects to the backends on its clients' behalf, so the backends' pg_hba.conf
#   sees pgpool's address, not the client's: address rules then have to be in pool_hba.conf,
#   which pgpool reads only when enable_pool_hba is on (off by default). Client TLS is off by
#   default too, and pgpool listening on other interfaces without it carries passwords and
#   queries in clear text. allow_clear_text_frontend_auth makes pgpool ask clients for their
#   password in clear text when pool_passwd has no entry for them. The contents of
#   pool_passwd (md5, AES or text entries) are not read, so plaintext entries there are not
#   reported. A pgpool.conf that is not used by any deployment is best removed.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.pgpool.net/docs/latest/en/html/auth-pool-hba-conf.html
#     description: pgpool-II, the pool_hba.conf file
#   - ref: https://www.pgpool.net/docs/latest/en/html/runtime-ssl.html
#     description: pgpool-II, secure sockets layer (SSL)
#   - ref: https://www.postgresql.org/docs/current/auth-pg-hba-conf.html
#     description: PostgreSQL manual, The pg_hba.conf File
# custom:
#   id: PGH-042
#   techniques: [42, 4, 45]
#   severity: medium
#   kind: automated
#   inputs: [pgpool]
#   cis: []
#   remediation: >-
#     Set enable_pool_hba = on with a pool_hba.conf that lists the client networks (hostssl
#     ... scram-sha-256), turn ssl on with ssl_cert and ssl_key when listen_addresses is not
#     localhost, set allow_clear_text_frontend_auth = off, and keep pool_passwd entries as
#     AES or SCRAM rather than text. Remove pgpool.conf if pgpool is not used.
package pg_hardening.techniques.t42_pgpool_restricted

import data.pg_hardening.lib.findings
import data.pg_hardening.lib.network

_default := "medium"

_start := {"file": input.pgpool.file, "line": 1, "column": 1}

# pgpool's defaults: listen_addresses 'localhost', enable_pool_hba and ssl off.
_listen := input.pgpool.listen_addresses.value if {
	input.pgpool.listen_addresses
} else := ["localhost"] if input.pgpool

# Values here are computed for every deployment (main.rego reads packages whole): each needs
# a pgpool.conf.
_remote := [item | some item in _listen; network.scope(item) != "loopback"] if input.pgpool

_wide if {
	some item in _remote
	network.scope(item) in {"any", "public"}
}

_on(field) if input.pgpool[field].value == true

_shown(field) := input.pgpool.settings[field].value

_shown(field) := "off (the default)" if {
	input.pgpool
	not input.pgpool.settings[field]
}

_location(field) := input.pgpool.settings[field].location

_location(field) := _start if {
	input.pgpool
	not input.pgpool.settings[field]
}

deny contains finding if {
	input.pgpool
	not _on("enable_pool_hba")
	finding := findings.finding(
		concat("", [
			"enable_pool_hba = ",
			_shown("enable_pool_hba"),
			": pgpool does not check clients' addresses, and the backends see only pgpool's, so their pg_hba.conf address rules no longer tell clients apart",
		]),
		_location("enable_pool_hba"),
		_pool_hba_severity,
		_default,
	)
}

_pool_hba_severity := "medium" if count(_remote) > 0

else := "low"

deny contains finding if {
	count(_remote) > 0
	not _on("ssl")
	finding := findings.finding(
		concat("", [
			"pgpool listens on ",
			concat(", ", _remote),
			" with ssl = ",
			_shown("ssl"),
			": clients' passwords and queries cross the network unencrypted",
		]),
		_ssl_location,
		_ssl_severity,
		_default,
	)
}

_ssl_location := _location("ssl") if {
	input.pgpool.settings.ssl
} else := _location("listen_addresses")

_ssl_severity := "high" if _wide

else := "medium"

deny contains finding if {
	setting := input.pgpool.settings.allow_clear_text_frontend_auth
	lower(setting.value) in {"on", "true", "yes", "1"}
	finding := {
		"message": concat("", [
			"allow_clear_text_frontend_auth = ",
			setting.value,
			" makes pgpool ask clients for their password in clear text when pool_passwd has no entry for them",
		]),
		"location": setting.location,
	}
}
