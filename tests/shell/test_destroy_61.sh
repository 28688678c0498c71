#!/bin/sh
# vbw destroy against VirtualBox 6.1.36: a VM made by `vbw create` (any
# name, known by its description) is removed; another VM is refused, then
# removed with --force; an unknown VM.
. "$(dirname "$0")/lib.sh"

use_transcript destroy-61.txt
vbw destroy analysis
expect_code 0 "made by vbw create"
expect_out "analysis: destroyed
"
expect_err ""
vbw --json destroy alice
expect_code 1 "not vbw's"
expect_out '{"vm":"alice","ok":false,"error":"not created by vbw or the wrapper; use --force","error_code":"unsafe"}
'
expect_err "vbw: alice: not created by vbw or the wrapper; use --force
"
vbw destroy alice --force
expect_code 0 "--force"
expect_out "alice: destroyed
"
vbw destroy nosuchvm
expect_code 1 "VM not found"
expect_out_empty
expect_err_lines 1
expect_err_has "vbw: nosuchvm: "
expect_err_has "(VBOX_E_OBJECT_NOT_FOUND 0x80bb0001)"
expect_transcript_done
finish
