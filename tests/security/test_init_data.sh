#!/usr/bin/env bash
# issue 20.2: an init_data.xml that libxml2 rejects but the BOINC client
# writes (&nbsp; in project preferences, a raw '&' in a path, a file over
# 8 MiB) is read as BOINC's own reader reads it: the task runs as its
# result (boinc_<md5>), never as the shared boinc_standalone VM. One that
# cannot be read at all (no start tag) fails the task clearly (206) before
# any VM is created.
. "$(dirname "$0")/lib.sh"

a=$(make_slot lenient)
cat >"$a/init_data.xml" <<'INIT'
<app_init_data>
<project_preferences>
<motd>Welcome&nbsp;back, R&D team <b>now</b></motd>
</project_preferences>
<project_dir>/var/lib/boinc/projects/example.org_R&D</project_dir>
<result_name>lenient_task_0</result_name>
<slot>1</slot>
<checkpoint_period>3600</checkpoint_period>
</app_init_data>
INIT
# Over 8 MiB of project preferences before the result name.
b=$(make_slot big)
{
    echo '<app_init_data>'
    echo '<project_preferences>'
    head -c $((9 * 1024 * 1024)) /dev/zero | tr '\0' 'x' | fold -w 200
    echo '</project_preferences>'
    echo '<result_name>big_task_0</result_name>'
    echo '<checkpoint_period>3600</checkpoint_period>'
    echo '</app_init_data>'
} >"$b/init_data.xml"
# Both at once: before the fix the second powered off the first's VM.
start_wrapper "$a"; pa=$PID
start_wrapper "$b"; pb=$PID
wait "$pa"; ra=$?
wait "$pb"; rb=$?
for s in "$a:$ra" "$b:$rb"; do
    slot=${s%:*} rc=${s##*:}
    [ "$rc" = 0 ] || { fail "$(basename "$slot"): exit $rc"; show "$slot"; }
    if grep -q boinc_standalone "$slot/calls.log"; then
        fail "$(basename "$slot"): ran as boinc_standalone"; show "$slot"
    fi
    grep -q 'createvm --name boinc_[0-9a-f]\{16\}' "$slot/calls.log" ||
        { fail "$(basename "$slot"): no VM of its own created"; show "$slot"; }
done
[ "$(registered_vms)" = 0 ] || fail "VMs left registered: $(ls "$STATE/vms")"

c=$(make_slot unreadable -)
printf '<app_init\n<result_name>x</result_name>\n' >"$c/init_data.xml"
run_wrapper "$c"
[ "$RC" = 206 ] || { fail "unreadable init_data.xml: exit $RC, want 206"; show "$c"; }
grep -q 'init_data.xml' "$c/stderr.txt" || { fail "no error naming init_data.xml"; show "$c"; }
if grep -Eq 'createvm|registervm|startvm' "$c/calls.log"; then
    fail "a VM was created for an unreadable init_data.xml"; show "$c"
fi
finish
