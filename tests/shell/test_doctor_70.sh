#!/bin/sh
# vbw doctor on a made-up host (VBW_DOCTOR_ROOT): VirtualBox 7.0.10, no
# /dev/vboxdrv (FAIL), VT-x, KVM loaded but idle.
. "$(dirname "$0")/lib.sh"

use_transcript doctor-70.txt
mkdir -p "$WORK/root/proc" "$WORK/root/dev" "$WORK/home"
printf 'flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep vmx sse2\n' > "$WORK/root/proc/cpuinfo"
printf 'kvm_intel 380928 0 - Live 0x0\n' > "$WORK/root/proc/modules"
VBW_DOCTOR_ROOT="$WORK/root" VBOX_USER_HOME="$WORK/home" vbw doctor --need-gib 0
expect_code 1 "a FAIL check"
expect_out_has "OK   vboxmanage       $WORK/VBoxManage"
expect_out_has "OK   version          VirtualBox 7.0.10r158379 (plan-class number 70010;"
expect_out_has "FAIL vboxdrv          /dev/vboxdrv is missing (hint: "
expect_out_has "OK   hw-virt          VT-x available"
expect_out_has "OK   other-hypervisor KVM loaded but idle"
expect_out_has "OK   vbox-user-home   $WORK/home writable"
[ "$(wc -l < "$WORK/out")" -eq 9 ] || fail "expected one line per check (9)"
expect_transcript_done
finish
