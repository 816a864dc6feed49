# METADATA
# title: Login roles nobody uses are locked or dropped
# description: >-
#   Every role that can log in is a password to guess, phish or leak, and a forgotten one
#   (a former employee, a retired service, a vendor's test account) is one nobody notices
#   being used. PostgreSQL records no last-login time, so which roles are unused can only be
#   found from the live server's role list and its connection logs, not from configuration
#   files.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/role-removal.html
#     description: PostgreSQL manual, Dropping Roles
#   - ref: https://www.postgresql.org/docs/current/sql-alterrole.html
#     description: PostgreSQL manual, ALTER ROLE
# custom:
#   id: PGH-003
#   techniques: [3]
#   severity: low
#   kind: manual
#   inputs: []
#   cis: ["4.4"]
#   remediation: >-
#     List the login roles with `SELECT rolname, rolvaliduntil FROM pg_roles WHERE rolcanlogin
#     AND rolname !~ '^pg_' ORDER BY 1` and compare them with the users found in the
#     log_connections lines ("connection authorized: user=...") of the last 90 days. Lock each
#     unused role first with `ALTER ROLE name NOLOGIN`; once nothing breaks, run
#     `REASSIGN OWNED BY name TO owner_role; DROP OWNED BY name;` in every database and then
#     `DROP ROLE name`. Give temporary accounts `VALID UNTIL '...'`, and repeat the review
#     every quarter.
package pg_hardening.techniques.t03_unused_accounts_removed
