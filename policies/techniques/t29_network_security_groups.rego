# METADATA
# title: Cloud network rules admit only the clients that need the database
# description: >-
#   Databases reachable from the internet are scanned within minutes and brute-forced or
#   exploited at scale. pg-hardening checks what PostgreSQL itself accepts (listen_addresses
#   and pg_hba.conf); the security groups, network security groups or firewall rules in
#   front of it live in the cloud account and decide whether a stranger can reach the port
#   at all. They are the layer that still holds when pg_hba.conf is misconfigured.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/runtime-config-connection.html
#     description: PostgreSQL manual, Connections and Authentication
#   - ref: https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.RDSSecurityGroups.html
#     description: Amazon RDS, Controlling access with security groups
# custom:
#   id: PGH-029
#   techniques: [29]
#   severity: medium
#   kind: manual
#   inputs: []
#   cis: []
#   remediation: >-
#     Allow inbound TCP 5432 (and 6432 for PgBouncer) only from the application's subnets or
#     security groups and an administration bastion; never from 0.0.0.0/0 or ::/0. On AWS
#     `aws ec2 describe-security-groups --filters Name=ip-permission.cidr,Values=0.0.0.0/0`
#     must list no group attached to the database, on Google Cloud review `gcloud compute firewall-rules list` and Cloud SQL
#     authorized networks, on Azure `az postgres flexible-server firewall-rule list` (no
#     0.0.0.0-255.255.255.255 rule, and the allow-Azure-services rule 0.0.0.0-0.0.0.0 off, or
#     private access). Confirm from an outside network that
#     `pg_isready -h <public address>` reports no response, and scan your Terraform with Checkov or
#     Trivy.
package pg_hardening.techniques.t29_network_security_groups
