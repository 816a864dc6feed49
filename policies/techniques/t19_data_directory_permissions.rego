# METADATA
# title: The data directory and its tablespaces are private to the postgres user
# description: >-
#   The data directory holds every table, the password verifiers in pg_authid and often the
#   TLS key; an OS user who can read it reads the database without any PostgreSQL
#   privilege. PostgreSQL refuses to start when the data directory is more open than 0750,
#   but it does not check the directories of tablespaces, a relocated log directory or the
#   Unix socket directory, and a container or volume mount set to 0777 is common. These are
#   properties of the server's file system, not of configuration files.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/creating-cluster.html
#     description: PostgreSQL manual, Creating a Database Cluster
#   - ref: https://www.postgresql.org/docs/current/app-initdb.html
#     description: PostgreSQL manual, initdb (--allow-group-access)
# custom:
#   id: PGH-019
#   techniques: [19]
#   severity: medium
#   kind: manual
#   inputs: []
#   cis: ["1.4", "2.1"]
#   remediation: >-
#     On each server run `chown -R postgres:postgres "$PGDATA"` and `chmod 0700 "$PGDATA"`
#     (0750 only if initdb ran with --allow-group-access for a trusted backup group), and
#     check that `SHOW data_directory_mode` says 0700. Apply the same to each path from
#     `SELECT pg_tablespace_location(oid) FROM pg_tablespace` and to log_directory when it is
#     outside the data directory; give the postgres user umask 0077. Check with
#     `find "$PGDATA" ! -type l -perm /o=rwx` (no output). In containers never `chmod 777` the volume:
#     set the pod's fsGroup (999 for the Debian image, 70 for Alpine) and point PGDATA at a
#     subdirectory of the mount.
package pg_hardening.techniques.t19_data_directory_permissions
