# METADATA
# title: A database-aware firewall or proxy restricts what clients may run where the risk warrants it
# description: >-
#   Community PostgreSQL filters connections (listen_addresses and pg_hba.conf, which other
#   rules check) but has no built-in filter for statements: once connected, a client may run
#   anything its privileges allow, including statements an attacker injects through the
#   application. A proxy or firewall that understands the PostgreSQL protocol can refuse
#   statement shapes the application never sends. Whether one is deployed is not visible in
#   PostgreSQL's configuration files.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/auth-pg-hba-conf.html
#     description: PostgreSQL manual, The pg_hba.conf File
#   - ref: https://www.pgbouncer.org/config.html
#     description: PgBouncer configuration (disable_pqexec)
# custom:
#   id: PGH-040
#   techniques: [40]
#   severity: info
#   kind: manual
#   inputs: []
#   cis: []
#   remediation: >-
#     Keep pg_hba.conf an allowlist that ends with an explicit reject line
#     (`host all all all reject`). Where the application uses the extended query protocol
#     (most drivers with bind parameters), put PgBouncer in front with disable_pqexec = 1,
#     which refuses the simple query protocol and with it stacked statements in one
#     injected string. For regulated data, add an SQL firewall or database activity
#     monitoring proxy that allows only the application's statement patterns, and verify by
#     sending a statement outside them from the application network and seeing it refused
#     and logged.
package pg_hardening.techniques.t40_database_firewall
