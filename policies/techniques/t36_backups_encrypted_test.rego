package pg_hardening.techniques.t36_backups_encrypted_test

import data.pg_hardening.techniques.t36_backups_encrypted as policy

# A manual check is a checklist item: without a deny rule it can never report a finding,
# and the reports never count it as passed. A deny rule that never fires still fails here.
test_manual_check_defines_no_deny_rule if {
	not policy.deny
}
