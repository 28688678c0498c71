#!/usr/bin/env bash
# issue 20.17: on a full slot the temporary-exit file cannot be written. BOINC's own
# boinc_temporary_exit() ignores its failed write, so the wrapper exited 0 leaving an empty
# boinc_temporary_exit (the client reads no reason in it: a premature exit, restarted at once).
# The wrapper must not end as if the temporary exit had been recorded: it fails with ERR_FWRITE
# (-105, exit status 151) and leaves no empty file. The slot here is a 256 KiB tmpfs filled to
# the last block, in a private mount namespace (root and unshare needed, else skipped); the
# temporary exit is the one for a missing VBoxManage.
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] && command -v unshare >/dev/null || { echo "SKIP: needs root and unshare"; exit 77; }
slot=$(make_slot full)
cp "$slot/vbox_job.xml" "$WORK/job.xml"
cat >"$WORK/inner.sh" <<INNER
set -e
mount -t tmpfs -o size=256k tmpfs "$slot"
cp "$WORK/job.xml" "$slot/vbox_job.xml"
dd if=/dev/zero of="$slot/filler" bs=4k 2>/dev/null || true
set +e
cd "$slot"
VBW_VBOXMANAGE=/nonexistent/VBoxManage timeout -s KILL 120 "$WRAPPER" >"$WORK/wrapper.out" 2>&1
echo \$? >"$WORK/rc"
[ -e boinc_temporary_exit ] && wc -c <boinc_temporary_exit >"$WORK/tempexit_size"
ls -la >"$WORK/ls"
exit 0
INNER
unshare -m --propagation private bash "$WORK/inner.sh" || { echo "SKIP: cannot mount a tmpfs"; exit 77; }
rc=$(cat "$WORK/rc")
echo "exit status $rc"
[ "$rc" = 151 ] || { fail "exit $rc, want 151 (ERR_FWRITE)"; cat "$WORK/ls" "$WORK/wrapper.out"; }
if [ -e "$WORK/tempexit_size" ]; then
    fail "a boinc_temporary_exit of $(cat "$WORK/tempexit_size") bytes was left"
fi
finish
