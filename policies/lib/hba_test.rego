package pg_hardening.lib.hba_test

import data.pg_hardening.lib.fixtures_test as fx
import data.pg_hardening.lib.hba

_live(rules) := orders if {
	orders := {rule.order | some rule in rules; hba.live(rule)} with input as fx.hba_facts(rules)
}

test_rule_after_wider_reject_is_not_live if {
	rules := [fx.rule(1, "host", "all", "all", "0.0.0.0/0", "reject"), fx.rule(2, "hostssl", "app", "app", "10.0.0.0/8", "md5")]
	_live(rules) == {1}
}

test_rule_behind_accepting_rule_stays_live if {
	rules := [fx.rule(1, "host", "all", "all", "all", "trust"), fx.rule(2, "host", "all", "all", "10.0.0.0/8", "md5")]
	_live(rules) == {1, 2}
}

test_rule_after_narrower_reject_is_live if {
	rules := [fx.rule(1, "host", "all", "all", "10.1.0.0/16", "reject"), fx.rule(2, "host", "all", "all", "10.0.0.0/8", "md5")]
	_live(rules) == {1, 2}
}

test_hostssl_reject_does_not_cover_host if {
	rules := [fx.rule(1, "hostssl", "all", "all", "all", "reject"), fx.rule(2, "host", "all", "all", "10.0.0.0/8", "md5")]
	_live(rules) == {1, 2}
}

test_local_reject_covers_only_local if {
	rules := [
		fx.rule(1, "local", "all", "all", "", "reject"),
		fx.rule(2, "local", "all", "all", "", "peer"),
		fx.rule(3, "host", "all", "all", "127.0.0.1/32", "md5"),
	]
	_live(rules) == {1, 3}
}

test_all_databases_do_not_cover_replication if {
	rules := [fx.rule(1, "host", "all", "all", "all", "reject"), fx.rule(2, "host", "replication", "all", "10.0.0.0/8", "md5")]
	_live(rules) == {1, 2}
}

test_ipv4_range_does_not_cover_ipv6_or_all if {
	rules := [
		fx.rule(1, "host", "all", "all", "0.0.0.0/0", "reject"),
		fx.rule(2, "host", "all", "all", "::/0", "md5"),
		fx.rule(3, "host", "all", "all", "all", "md5"),
	]
	_live(rules) == {1, 2, 3}
}

test_keyword_all_covers_both_families if {
	rules := [
		fx.rule(1, "host", "all", "all", "all", "reject"),
		fx.rule(2, "host", "all", "all", "::/0", "md5"),
		fx.rule(3, "host", "all", "all", "10.0.0.0/8", "md5"),
	]
	_live(rules) == {1}
}

test_same_keyword_address_is_covered if {
	rules := [fx.rule(1, "host", "all", "all", "samenet", "reject"), fx.rule(2, "host", "app", "all", "samenet", "md5")]
	_live(rules) == {1}
}

test_named_user_does_not_cover_group if {
	rules := [fx.rule(1, "host", "all", "dba", "all", "reject"), fx.rule(2, "host", "all", "+dba", "all", "md5")]
	_live(rules) == {1, 2}
}

test_live_for_honours_user_specific_rejects if {
	rules := [fx.rule(1, "host", "all", "postgres", "all", "reject"), fx.rule(2, "hostssl", "all", "all", "0.0.0.0/0", "scram-sha-256")]
	rule := rules[1]
	not hba.live_for(rule, "postgres") with input as fx.hba_facts(rules)
	hba.live_for(rule, "app") with input as fx.hba_facts(rules)
}

test_names_user if {
	hba.names_user([{"value": "all", "kind": "keyword"}], "postgres")
	hba.names_user([{"value": "app", "kind": "name"}, {"value": "postgres", "kind": "name"}], "postgres")
	hba.names_user([{"value": "^post", "kind": "regex"}], "postgres")
	not hba.names_user([{"value": "all", "kind": "name"}], "postgres")
	not hba.names_user([{"value": "postgres", "kind": "group"}], "postgres")
}

test_describe_writes_the_rule_back if {
	hba.describe(fx.rule(1, "host", "all", "+dba", "10.0.0.0/8", "scram-sha-256")) == "host all +dba 10.0.0.0/8 scram-sha-256"
	hba.describe(fx.rule(1, "local", "all", "postgres", "", "peer")) == "local all postgres peer"
	quoted := object.union(fx.rule(1, "host", "all", "x", "all", "md5"), {"databases": [{"value": "all", "kind": "name"}, {"value": "my db", "kind": "name"}], "users": [{"value": "^app", "kind": "regex"}]})
	hba.describe(quoted) == "host \"all\",\"my db\" /^app all md5"
}

test_describe_leaves_options_out if {
	rule := fx.rule_with(fx.rule(1, "hostssl", "all", "all", "all", "ldap"), {"ldapbindpasswd": "secret"})
	not contains(hba.describe(rule), "secret")
}
