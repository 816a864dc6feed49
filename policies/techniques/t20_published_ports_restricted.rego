# METADATA
# title: Containers publish PostgreSQL's port only on the interfaces clients use
# description: >-
#   A Compose port mapping without a host address (5432:5432) publishes PostgreSQL on every
#   interface of the Docker host, and Docker writes its own iptables rules for it, ahead of
#   host firewalls such as ufw or firewalld, so a firewall rule meant to keep the port private
#   does not apply. network_mode host puts the server on the host's interfaces directly, and
#   the official image listens on all of them. Servers exposed like this are found by
#   internet-wide scans within hours and their passwords guessed.
# scope: package
# schemas:
#   - input: schema.facts
# related_resources:
#   - ref: https://www.postgresql.org/docs/current/runtime-config-connection.html#GUC-LISTEN-ADDRESSES
#     description: PostgreSQL manual, listen_addresses
#   - ref: https://docs.docker.com/engine/network/packet-filtering-firewalls/
#     description: Docker, packet filtering and firewalls (published ports bypass ufw)
#   - ref: https://docs.docker.com/reference/compose-file/services/#ports
#     description: Compose file reference, ports
# custom:
#   id: PGH-020
#   techniques: [20, 4]
#   severity: medium
#   kind: automated
#   inputs: [containers]
#   cis: ["5.2"]
#   remediation: >-
#     Publish the port on the loopback interface only ("127.0.0.1:5432:5432") for local
#     tools, or not at all when only other containers connect (they reach it over the Compose
#     network); replace network_mode: host with a bridge network and a published port.
package pg_hardening.techniques.t20_published_ports_restricted

deny contains finding if {
	some service in input.containers.services
	some port in service.ports
	port.postgres
	port.bind == "all"
	finding := {
		"message": concat("", [
			"service '",
			service.name,
			"' publishes PostgreSQL's port on every interface of the host (",
			port.raw,
			"), past host firewalls such as ufw",
		]),
		"location": port.location,
	}
}

deny contains finding if {
	some service in input.containers.services
	service.host_network.value == true
	finding := {
		"message": concat("", [
			"service '",
			service.name,
			"' runs in the host's network namespace: PostgreSQL listens on the host's interfaces, every one of them with the image's listen_addresses = '*'",
		]),
		"location": service.host_network.location,
	}
}
