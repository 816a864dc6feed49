# METADATA
# title: Who can reach an address listen_addresses names
# description: >-
#   Classifies one entry of listen_addresses the way the facts classify pg_hba.conf
#   addresses: any (every interface), loopback, private (RFC 1918, shared, link-local,
#   IPv6 unique-local and link-local), public, or hostname when it is not an IP literal and
#   cannot be resolved here.
# scope: package
package pg_hardening.lib.network

_wildcards := {"*", "0.0.0.0", "::"}

_loopback_ranges := ["127.0.0.0/8", "::1/128"]

_private_ranges := [
	"10.0.0.0/8",
	"172.16.0.0/12",
	"192.168.0.0/16",
	"100.64.0.0/10",
	"169.254.0.0/16",
	"fc00::/7",
	"fe80::/10",
]

# An IP literal, not a hostname (net.cidr_contains is undefined for anything else).
_ip(address) if net.cidr_contains("0.0.0.0/0", address)

_ip(address) if net.cidr_contains("::/0", address)

_within(address, ranges) if {
	_ip(address)
	some range in ranges
	net.cidr_contains(range, address)
}

scope(address) := "any" if {
	address in _wildcards
} else := "loopback" if {
	address == "localhost"
} else := "loopback" if {
	_within(address, _loopback_ranges)
} else := "private" if {
	_within(address, _private_ranges)
} else := "public" if {
	_ip(address)
} else := "hostname"
