# METADATA
# title: Administrators are trained in PostgreSQL security
# description: >-
#   Most PostgreSQL compromises come from configuration a person chose: a trust line added
#   to get a deployment working, a superuser handed to an application, a password pasted into
#   a connection string, a patch release left for months. People who change database
#   configuration need to know PostgreSQL's own semantics (pg_hba.conf first-match order,
#   host versus hostssl, role attributes and predefined roles) and the team's procedures.
#   No file can show that they do.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/user-manag.html
#     description: PostgreSQL manual, Database Roles
#   - ref: https://www.postgresql.org/support/security/
#     description: PostgreSQL security information and advisories
# custom:
#   id: PGH-047
#   techniques: [47]
#   severity: info
#   kind: manual
#   inputs: []
#   cis: []
#   remediation: >-
#     Give everyone with superuser, CREATEROLE or server access a security briefing when they
#     start and once a year: pg_hba.conf order and methods (scram-sha-256, never trust),
#     TLS with hostssl, least privilege with roles and predefined roles, SECURITY DEFINER
#     functions with a fixed search_path, secrets kept out of connection strings, psql
#     history and logs, and the patching and incident procedures. Subscribe the team to the
#     pgsql-announce list and the PostgreSQL security page, and keep a record of who was
#     trained and when.
package pg_hardening.techniques.t47_administrators_trained
