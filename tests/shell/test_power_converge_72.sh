#!/bin/sh
# Power verbs converge (issue 22.5), on answers recorded from VirtualBox 7.2.22: start of a
# running VM, pause of a paused one, resume of a running one, stop/poweroff of a powered-off one
# succeed and say "already" (as docker, multipass and vagrant do); stop --timeout cuts the power
# when the guest ignores the ACPI button; reset; restart of a powered-off VM only starts it.
. "$(dirname "$0")/lib.sh"

use_transcript power-converge-72.txt
vbw start cli_t1
expect_code 0 "start of a running VM"
expect_out "cli_t1: start: already running
"
expect_err ""
vbw pause cli_t1
expect_code 0 "pause"
expect_out "cli_t1: pause
"
vbw --json pause cli_t1
expect_code 0 "pause of a paused VM"
expect_out '{"action":"pause","results":[{"vm":"cli_t1","ok":true,"state":"paused","already":true}]}
'
expect_err ""
vbw resume cli_t1
expect_code 0 "resume"
vbw resume cli_t1
expect_code 0 "resume of a running VM"
expect_out "cli_t1: resume: already running
"
vbw reset cli_t1
expect_code 0 "reset"
expect_out "cli_t1: reset
"
vbw stop cli_t1 --timeout 0
expect_code 0 "stop --timeout 0 falls back to poweroff"
expect_out "cli_t1: stop: poweroff (forced)
"
expect_err "vbw: cli_t1: the guest did not shut down within 0 s: powering off
"
vbw stop cli_t1
expect_code 0 "stop of a powered-off VM"
expect_out "cli_t1: stop: already poweroff
"
expect_err ""
vbw --json poweroff cli_t1
expect_code 0 "poweroff of a powered-off VM"
expect_out '{"action":"poweroff","results":[{"vm":"cli_t1","ok":true,"state":"poweroff","already":true}]}
'
vbw reset cli_t1
expect_code 1 "reset of a powered-off VM is an error (nothing to converge to)"
expect_err "vbw: cli_t1: VBoxManage reset: Machine 'cli_t1' is not currently running.
"
vbw restart cli_t1 --wait
expect_code 0 "restart of a powered-off VM"
expect_out "cli_t1: restart: running
"
expect_transcript_done
finish
