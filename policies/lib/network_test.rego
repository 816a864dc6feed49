package pg_hardening.lib.network_test

import data.pg_hardening.lib.network

test_wildcards_are_any if {
	network.scope("*") == "any"
	network.scope("0.0.0.0") == "any"
	network.scope("::") == "any"
}

test_loopback_addresses if {
	network.scope("localhost") == "loopback"
	network.scope("127.0.0.1") == "loopback"
	network.scope("127.0.1.1") == "loopback"
	network.scope("::1") == "loopback"
}

test_private_addresses if {
	network.scope("10.1.2.3") == "private"
	network.scope("172.20.0.5") == "private"
	network.scope("192.168.1.10") == "private"
	network.scope("100.64.0.1") == "private"
	network.scope("fd12::1") == "private"
	network.scope("fe80::1") == "private"
}

test_public_addresses if {
	network.scope("203.0.113.5") == "public"
	network.scope("172.32.0.1") == "public"
	network.scope("2001:db8::5") == "public"
}

test_names_are_hostnames if {
	network.scope("db.internal") == "hostname"
	network.scope("999.1.1.1") == "hostname"
	network.scope("fe80::1%eth0") == "hostname"
}
