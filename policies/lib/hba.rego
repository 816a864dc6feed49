# METADATA
# title: pg_hba.conf rules in first-match order
# description: >-
#   PostgreSQL uses the first rule whose connection type, database, user and address match
#   a connection, and never falls through to a later rule when authentication fails. A rule
#   that an earlier reject rule matches in every case is switched off on purpose, so it is
#   not reported. A rule hidden behind an earlier accepting rule still is: fixing that rule
#   would expose it. Coverage is decided conservatively: when it cannot be proved (group
#   membership, regular expressions, hostnames), the later rule counts as live.
# scope: package
package pg_hardening.lib.hba

# Types that also accept connections without transport encryption.
_unencrypted_types := {"host", "hostnossl", "hostnogssenc"}

remote(rule) if rule.address.remote == true

reject(rule) if rule.method == "reject"

# Any address on the internet can match the rule.
world_open(rule) if rule.address.scope in {"any", "public"}

unencrypted(rule) if rule.type in _unencrypted_types

_rejects := [rule | some rule in input.hba.rules; reject(rule)]

# Orders of rules that an earlier reject rule always matches first. Only reject rules are
# compared, which keeps this linear in the number of rules for files without many of them.
_rejected contains rule.order if {
	some rule in input.hba.rules
	some earlier in _rejects
	earlier.order < rule.order
	_type_covers(earlier.type, rule.type)
	_address_covers(earlier, rule)
	_users_cover(earlier.users, rule.users)
	_databases_cover(earlier.databases, rule.databases)
}

# The rule decides some connections: no earlier reject rule takes all of them.
live(rule) if not rule.order in _rejected

# The rule decides some connections of `user`: no earlier reject rule for that user takes
# all of the ones the rule matches.
live_for(rule, user) if {
	live(rule)
	not _rejected_for(rule, user)
}

# The rule decides some connections among `rules`, another file read with pg_hba.conf's
# syntax (PgBouncer's auth_hba_file). Each call compares the rule with every earlier one, which
# suits the few rules such files hold.
live_among(rules, rule) if not _rejected_among(rules, rule)

_rejected_among(rules, rule) if {
	some earlier in rules
	reject(earlier)
	earlier.order < rule.order
	_type_covers(earlier.type, rule.type)
	_address_covers(earlier, rule)
	_users_cover(earlier.users, rule.users)
	_databases_cover(earlier.databases, rule.databases)
}

_rejected_for(rule, user) if {
	some earlier in _rejects
	earlier.order < rule.order
	names_user(earlier.users, user)
	_type_covers(earlier.type, rule.type)
	_address_covers(earlier, rule)
	_databases_cover(earlier.databases, rule.databases)
}

# The user column certainly matches `user` (group membership cannot be known here).
names_user(users, _) if _has_keyword(users, "all")

names_user(users, user) if {
	some entry in users
	entry.kind == "name"
	entry.value == user
}

names_user(users, user) if {
	some entry in users
	entry.kind == "regex"
	regex.match(entry.value, user)
}

_has_keyword(names, keyword) if {
	some entry in names
	entry.kind == "keyword"
	entry.value == keyword
}

_type_covers(type, type)

_type_covers("host", type) if type != "local"

# all matches every database except replication connections.
_databases_cover(earlier, later) if {
	_has_keyword(earlier, "all")
	not _has_keyword(later, "replication")
}

_databases_cover(earlier, later) if _subset(later, earlier)

_users_cover(earlier, _) if _has_keyword(earlier, "all")

_users_cover(earlier, later) if _subset(later, earlier)

_subset(small, large) if {
	every entry in small {
		entry in large
	}
}

_address_covers(earlier, _) if earlier.type == "local"

# The keyword all: every IPv4 and IPv6 address.
_address_covers(earlier, later) if {
	earlier.address.scope == "any"
	not earlier.address.family
	later.address
}

_address_covers(earlier, later) if {
	earlier.address.family == later.address.family
	net.cidr_contains(earlier.address.cidr, later.address.cidr)
}

_address_covers(earlier, later) if earlier.address.raw == later.address.raw

# The rule as pg_hba.conf would show it, without options (they may hold an LDAP password).
describe(rule) := concat(" ", array.concat(
	[rule.type, _names(rule.databases), _names(rule.users)],
	_address_and_method(rule),
))

_address_and_method(rule) := [rule.address.raw, rule.method] if {
	rule.address
} else := [rule.method]

_names(entries) := concat(",", [_name(entry) | some entry in entries])

_name(entry) := concat("", ["+", entry.value]) if {
	entry.kind == "group"
} else := concat("", ["@", entry.value]) if {
	entry.kind == "file"
} else := concat("", ["/", entry.value]) if {
	entry.kind == "regex"
} else := concat("", ["\"", entry.value, "\""]) if {
	entry.kind == "name"
	_needs_quotes(entry.value)
} else := entry.value

_keywords := {"all", "sameuser", "samerole", "samegroup", "replication"}

_needs_quotes(value) if value in _keywords

_needs_quotes(value) if {
	some character in [" ", "\t", ",", "\""]
	contains(value, character)
}
