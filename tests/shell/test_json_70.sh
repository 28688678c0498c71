#!/bin/sh
# Machine-readable everywhere (issue 22.7): --json prints one JSON object on stdout for every
# outcome -- a missing VBoxManage, a usage error (even with --json after the bad option), an
# unknown command, a VM that is not found -- with the usual error members and the exit status;
# `list` has a header line, -q (names only: a name with spaces stays whole) and --format.
. "$(dirname "$0")/lib.sh"

vbw --json --vboxmanage "$WORK/no-such-VBoxManage" list
expect_code 1 "VBoxManage missing"
expect_out "{\"command\":\"list\",\"ok\":false,\"exit_code\":1,\"error\":\"VBoxManage given as $WORK/no-such-VBoxManage is not an executable file\",\"error_code\":\"not-found\"}
"
expect_err_lines 1
vbw list --frob --json
expect_code 2 "usage error"
expect_out '{"command":"list","ok":false,"exit_code":2,"error":"unknown option '"'"'--frob'"'"'","error_code":"invalid"}
'
vbw --json lsit
expect_code 2 "unknown command"
expect_out '{"command":"lsit","ok":false,"exit_code":2,"error":"unknown command '"'"'lsit'"'"'","error_code":"invalid"}
'

use_transcript vm-list-info-70.txt
vbw list -q
expect_code 0 "list -q"
expect_out "boinc_8a1c2e3f4d5b6a79
My VM (copy)
"
expect_err ""
vbw info boinc_8a1c2e3f4d5b6a79
expect_code 0 "info"
vbw --json info nosuchvm
expect_code 1 "info of a missing VM"
expect_out '{"command":"info","ok":false,"exit_code":1,"error":"VBoxManage showvminfo: Could not find a registered machine named '"'"'nosuchvm'"'"' (VBOX_E_OBJECT_NOT_FOUND 0x80bb0001)","error_code":"not-found","vbox_error":"VBOX_E_OBJECT_NOT_FOUND","hresult":"0x80bb0001"}
'
expect_err_lines 1
expect_transcript_done

use_transcript vm-list-info-70.txt
vbw list --format '{name}\t{state}\t{vbw}'
expect_code 0 "list --format"
expect_out "$(printf 'boinc_8a1c2e3f4d5b6a79\trunning\tyes\nMy VM (copy)\tpoweroff\tno')
"
finish
