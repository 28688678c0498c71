#!/usr/bin/env bash
# issue 17.10: BOINC APIs before 8.2.14 read a heartbeat tag the client never sends
# ("suspend_network" for the client's <network_suspended/>), so a wrapper linked with one never
# sees the volunteer's network suspension and the VM's link stays up. Such a build must say so
# when a job asks for the network; a build with 8.2.14 or later (the release builds: 8.2.15) must
# not. The expectation comes from the BOINC headers this build used (BOINC_VERSION_H, set by
# CMake), the answer from the wrapper's stderr.txt. The realvbox test test_network_suspend.py
# checks the link itself on a real VM (8.2.15 in the chroot).
. "$(dirname "$0")/lib.sh"

: "${BOINC_VERSION_H:?}"
api=$(sed -n 's/^#define BOINC_VERSION_STRING "\(.*\)"$/\1/p' "$BOINC_VERSION_H")
[ -n "$api" ] || { echo "SKIP: no BOINC_VERSION_STRING in $BOINC_VERSION_H"; exit 77; }
IFS=. read -r major minor release <<<"$api"
old=no
if [ "$major" -lt 8 ] || { [ "$major" = 8 ] && [ "$minor" -lt 2 ]; } ||
   { [ "$major" = 8 ] && [ "$minor" = 2 ] && [ "$release" -lt 14 ]; }; then
    old=yes
fi
echo "linked BOINC API $api (before 8.2.14: $old)"

slot=$(make_slot net)
sed -i 's|<enable_shared_directory/>|<enable_shared_directory/>\n  <enable_network/>|' "$slot/vbox_job.xml"
run_wrapper "$slot"
said=no
grep -q "does not see the client's network suspension" "$slot/stderr.txt" && said=yes
[ "$said" = "$old" ] || { fail "warning printed: $said, want $old"; show "$slot"; }

# No network asked for: nothing to say.
slot2=$(make_slot nonet)
run_wrapper "$slot2"
if grep -q "does not see the client's network suspension" "$slot2/stderr.txt"; then
    fail "the warning without <enable_network/>"
fi
finish
