#!/bin/sh
# Issue 20.20: vbw list and vbw info printed a VM name, a description and the guest-reported
# guest additions version as they were: terminal control sequences (set the title, clear the
# screen, colours), DEL, C1 controls and bytes that are not UTF-8 went to the user's terminal.
# Text output carries none of them; the rest of the text is kept.
. "$(dirname "$0")/lib.sh"

# clean FILE: valid UTF-8 without control characters but newline and tab.
clean() {
    iconv -f UTF-8 -t UTF-8 "$1" >/dev/null 2>&1 || return 1
    ! LC_ALL=C grep -qP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]' "$1"
}

use_transcript list-info-escapes-70.txt
vbw list
expect_code 0 "list"
clean "$WORK/out" || fail "list printed control characters"
expect_out_has "evil]0;pwned[2Jvm"
vbw info 0f6d8a3c-1b2e-4c5d-9e8f-7a6b5c4d3e2f
expect_code 0 "info"
clean "$WORK/out" || fail "info printed control characters"
expect_out_has "name: evil]0;pwned[2Jvm"
expect_out_has "guest_additions_version: 7.0.10[31m r158379"
expect_out_has "description: del here 31m and ?"
vbw --json info 0f6d8a3c-1b2e-4c5d-9e8f-7a6b5c4d3e2f
expect_code 0 "info --json"
clean "$WORK/out" || fail "info --json printed control characters"
expect_out_has '"name":"evil\u001b]0;pwned\u0007\u001b[2Jvm"'
expect_transcript_done
finish
