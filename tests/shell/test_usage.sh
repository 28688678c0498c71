#!/bin/sh
# Usage errors exit 2 with a hint; --help exits 0 on stdout for vbw and for
# every command, with no VBoxManage call; vbw help CMD is CMD --help.
. "$(dirname "$0")/lib.sh"

use_transcript doctor-70.txt
vbw
expect_code 2 "no command"
expect_err_has "Usage: vbw"
vbw frobnicate
expect_code 2 "unknown command"
expect_err "vbw: unknown command 'frobnicate'
Try 'vbw --help'.
"
vbw --frob list
expect_code 2 "unknown global option"
expect_err "vbw: unknown option '--frob'
Try 'vbw --help'.
"
vbw exec boinc_a
expect_code 2 "exec without a command"
expect_err "vbw: exec: expects CMD (an absolute guest path) after the VM
Try 'vbw exec --help'.
"
vbw pause
expect_code 2 "pause without VMs"
expect_err_has "vbw: pause: which VM? (give names, a glob or --all)"
vbw list --frob
expect_code 2 "unknown command option"
expect_err "vbw: list: unknown option '--frob'
Try 'vbw list --help'.
"
vbw start boinc_a --timeout soon
expect_code 2 "bad number"
expect_err_has "vbw: start: --timeout: 'soon' is not a number of seconds"
vbw --help
expect_code 0 "--help"
expect_out_has "Exit status: 0 ok, 1 an operation failed, 2 usage error"
expect_err ""
for cmd in list info create destroy start pause resume stop poweroff savestate snapshot \
           exec cp wait record replay doctor gc job; do
    grep -q "^  $cmd " "$WORK/out" || fail "vbw --help does not list $cmd"
done
for cmd in list info create destroy start pause resume stop poweroff savestate snapshot \
           exec cp wait record replay doctor gc job; do
    vbw "$cmd" --help
    expect_code 0 "$cmd --help"
    expect_out_has "Usage: vbw $cmd"
    expect_err ""
    cp "$WORK/out" "$WORK/help.$cmd"
    vbw help "$cmd"
    expect_code 0 "help $cmd"
    cmp -s "$WORK/out" "$WORK/help.$cmd" || fail "vbw help $cmd differs from vbw $cmd --help"
done
vbw snapshot -h
expect_code 0 "snapshot -h"
expect_out_has "Usage: vbw snapshot take VM... NAME"
vbw --version
expect_code 0 "--version"
grep -qE '^vbw [0-9]+\.[0-9]+\.[0-9]+$' "$WORK/out" || fail "no version line"
# None of this may have asked VirtualBox anything.
"$WORK/VBoxManage" --vbw-replay-check > /dev/null 2>&1 && fail "a VBoxManage call was made"
finish
