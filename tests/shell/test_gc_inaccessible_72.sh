#!/bin/sh
# vbw gc over a real VirtualBox 7.2.22 session (issue 22.8, BOINC #5424): an
# inaccessible wrapper VM whose slot was deleted while VBoxSVC was down, a
# wrapper VM whose slot is gone, a disk registered on its own whose file is
# gone; kept: the wrapper VM whose slot exists and its DVD (file gone, in
# use), a user's inaccessible VM (not the wrapper's). Dry run, --yes, again.
. "$(dirname "$0")/lib.sh"

B="$WORK/boinc"
mkdir -p "$B/slots/9" || exit 1   # slot 9 still exists; 7, 8 and 10 do not
use_transcript gc-inaccessible-72.txt "BOINC=$B;SLOT=$B/slots/9;VBOXHOME=$WORK/home"
A=boinc_95e6a88773b7a523
C=boinc_b227df3e9e6890b2

vbw gc
expect_code 0 "gc"
expect_out "$C: slot directory $B/slots/10 is gone (poweroff): would remove (run with --yes)
$A: inaccessible, its folder $B/slots/7/$A is gone: would remove (run with --yes)
disk $B/slots/8/vm_image.vdi: file is gone, used by no VM: would release (run with --yes)
disk $B/slots/10/vm_image.vdi: file is gone, used only by VMs gc removes: would release (run with --yes)
"
expect_err ""

vbw --json gc --yes
expect_code 0 "gc --yes"
expect_out_has "{\"vm\":\"$C\",\"uuid\":\"00000000-0000-4000-8000-000000000003\",\"accessible\":true,\"state\":\"poweroff\",\"settings_file\":\"$B/slots/10/$C/$C.vbox\",\"slot_dir\":\"$B/slots/10\",\"verdict\":\"removed\"}"
expect_out_has "{\"vm\":\"$A\",\"uuid\":\"00000000-0000-4000-8000-000000000001\",\"accessible\":false,\"state\":null,\"settings_file\":\"$B/slots/7/$A/$A.vbox\",\"slot_dir\":\"$B/slots/7\",\"verdict\":\"removed\"}"
expect_out_has "{\"vm\":null,\"uuid\":\"00000000-0000-4000-8000-000000000005\",\"accessible\":false,\"state\":null,\"settings_file\":\"$B/user-vms/bob/bob.vbox\",\"slot_dir\":null,\"verdict\":\"kept-not-ours\"}"
expect_out_has "\"verdict\":\"kept-slot-exists\""
expect_out_has "{\"kind\":\"disk\",\"uuid\":\"00000000-0000-4000-8000-00000000000a\",\"location\":\"$B/slots/8/vm_image.vdi\",\"verdict\":\"removed\"}"
expect_out_has "{\"kind\":\"dvd\",\"uuid\":\"00000000-0000-4000-8000-000000000006\",\"location\":\"$B/slots/9/gone.iso\",\"verdict\":\"kept-in-use\"}"
expect_out_has '"orphans":2,"orphan_media":1}'

vbw gc
expect_code 0 "gc after"
expect_out "nothing left behind
"
expect_transcript_done
finish
