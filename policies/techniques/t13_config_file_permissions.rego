# METADATA
# title: Configuration files on the server are readable only by postgres
# description: >-
#   Whoever can write pg_hba.conf or postgresql.conf can let themselves in with trust, or run
#   their own commands as the postgres OS user through archive_command at the next reload;
#   whoever can read them learns the
#   network layout, and sometimes replication passwords in primary_conninfo or credentials in
#   archive_command. Git records only 644 or 755, so a repository cannot show the modes the
#   files get on the server, and Debian installs postgresql.conf world-readable (0644).
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/runtime-config-file-locations.html
#     description: PostgreSQL manual, File Locations
#   - ref: https://www.postgresql.org/docs/current/ssl-tcp.html
#     description: PostgreSQL manual, Secure TCP/IP Connections with SSL (key file permissions)
# custom:
#   id: PGH-013
#   techniques: [13]
#   severity: medium
#   kind: manual
#   inputs: []
#   cis: []
#   remediation: >-
#     On each server, find the files with `SHOW config_file`, `SHOW hba_file`,
#     `SHOW ident_file` (plus postgresql.auto.conf, included files and ssl_key_file), then
#     `chown postgres:postgres` and `chmod 0600` them (0640 if a monitoring group must read
#     them) and keep their directory at 0700. The TLS key must be 0600 owned by postgres or
#     0640 owned by root, or the server refuses it. Check each with
#     `stat -c '%a %U:%G %n' FILE` (600 or 640, postgres:postgres). In Kubernetes set
#     defaultMode: 0440 on ConfigMap and Secret volumes (the default is 0644) with fsGroup
#     set to the postgres group.
package pg_hardening.techniques.t13_config_file_permissions
