# METADATA
# title: The database host's firewall admits only the clients that need PostgreSQL
# description: >-
#   A host firewall is the last filter before PostgreSQL and the one that still applies
#   inside a flat network, when a cloud rule is too wide or when listen_addresses = '*'.
#   Its rules (nftables, iptables, firewalld, ufw, Windows Firewall, or Kubernetes
#   NetworkPolicy for a pod) live on the host or cluster, not in PostgreSQL's configuration.
#   Docker publishes container ports through its own iptables rules, which ufw's rules do
#   not see.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-LISTEN-ADDRESSES
#     description: PostgreSQL manual, Connections and Authentication, listen_addresses
#   - ref: https://docs.docker.com/engine/network/packet-filtering-firewalls/
#     description: Docker, Packet filtering and firewalls
# custom:
#   id: PGH-041
#   techniques: [41]
#   severity: low
#   kind: manual
#   inputs: []
#   cis: []
#   remediation: >-
#     Default-deny inbound and allow TCP 5432 (6432 for PgBouncer) only from the application
#     hosts and an administration bastion, for example
#     `ufw default deny incoming && ufw allow from 10.0.1.0/24 to any port 5432 proto tcp`,
#     or `nft add rule inet filter input ip saddr 10.0.1.0/24 tcp dport 5432 accept` before
#     a final drop. For Docker put the rules in the DOCKER-USER chain or publish the port on
#     127.0.0.1 only; in Kubernetes add a NetworkPolicy that admits only the application's
#     pods to the database pods. Verify with `nft list ruleset` or `ufw status verbose`,
#     `ss -ltn` for the listening addresses, and `pg_isready -h <db host>` from a host that
#     is not allowed (it must report no response).
package pg_hardening.techniques.t41_host_firewall
