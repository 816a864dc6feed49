# METADATA
# title: Read-only workloads use a standby or a read-only role, not default_transaction_read_only
# description: >-
#   default_transaction_read_only = on is only the default of a user-settable parameter: any
#   client can run SET default_transaction_read_only = off or BEGIN READ WRITE and write,
#   so it prevents accidents, not attacks. What actually keeps reporting and analytics
#   clients from writing is a physical standby (hot_standby, which refuses every write while
#   in recovery) and roles that hold only SELECT. Whether clients are routed to a standby,
#   and with which role, is decided by the running servers and the applications, not by the
#   configuration files pg-hardening reads.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/hot-standby.html
#     description: PostgreSQL manual, Hot Standby
#   - ref: https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-DEFAULT-TRANSACTION-READ-ONLY
#     description: PostgreSQL manual, Client Connection Defaults, default_transaction_read_only
#   - ref: https://www.postgresql.org/docs/current/predefined-roles.html
#     description: PostgreSQL manual, Predefined Roles (pg_read_all_data)
# custom:
#   id: PGH-033
#   techniques: [33]
#   severity: info
#   kind: manual
#   inputs: []
#   cis: ["7.1", "7.5"]
#   remediation: >-
#     Serve read-only clients from a streaming standby with hot_standby = on (check that
#     `SELECT pg_is_in_recovery()` returns true there) and connect them with
#     target_session_attrs=standby or prefer-standby (PostgreSQL 14 and later). Give those
#     clients a role with only SELECT, or membership in pg_read_all_data, so that they cannot
#     write on the primary either. Replicate with a dedicated role that has REPLICATION and
#     not SUPERUSER, allowed by a hostssl replication line with scram-sha-256, and put
#     sslmode=verify-full in primary_conninfo with the password in the standby's .pgpass.
#     Do not rely on default_transaction_read_only as a control.
package pg_hardening.techniques.t33_read_only_replicas
