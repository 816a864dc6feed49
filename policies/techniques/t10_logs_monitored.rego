# METADATA
# title: Someone watches the server log and is alerted to attacks
# description: >-
#   Logging settings (checked by PGH-008, PGH-009 and PGH-031) only produce evidence; an
#   attack is stopped only when someone reads it in time. Password guessing, connections
#   refused by pg_hba.conf, new superusers and unexpected DDL all appear in the server log
#   long before data leaves, but only a process outside PostgreSQL (log shipping, alert
#   rules and a person on call) turns them into a response.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/logfile-maintenance.html
#     description: PostgreSQL manual, Log File Maintenance
#   - ref: https://www.postgresql.org/docs/current/runtime-config-logging.html
#     description: PostgreSQL manual, Error Reporting and Logging
# custom:
#   id: PGH-010
#   techniques: [10]
#   severity: low
#   kind: manual
#   inputs: []
#   cis: []
#   remediation: >-
#     Ship the log off the host as it is written (log_destination = 'syslog' or 'jsonlog'
#     read by rsyslog, Fluent Bit or Vector into your SIEM), so an intruder on the host
#     cannot erase it. Alert on bursts of "password authentication failed", on "no pg_hba.conf
#     entry", on FATAL and PANIC, and on pgAudit ROLE and DDL records outside change windows;
#     name who receives the alerts. Review a weekly pgBadger report for new client addresses,
#     users and error spikes, and test each alert once a quarter by triggering it.
package pg_hardening.techniques.t10_logs_monitored
