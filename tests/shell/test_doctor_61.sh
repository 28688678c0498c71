#!/bin/sh
# vbw doctor --json on a made-up host (VBW_DOCTOR_ROOT) with VirtualBox 6.1.36
# whose launcher warns that /dev/vboxdrv is missing (FAIL), AMD-V held by a
# busy KVM (WARN), the extension pack installed next to VBoxManage (OK).
. "$(dirname "$0")/lib.sh"

use_transcript doctor-61.txt
mkdir -p "$WORK/root/proc" "$WORK/root/dev" "$WORK/home" \
    "$WORK/ExtensionPacks/Oracle_VM_VirtualBox_Extension_Pack"
: > "$WORK/ExtensionPacks/Oracle_VM_VirtualBox_Extension_Pack/ExtPack.xml"
: > "$WORK/root/dev/vboxdrv"
printf 'flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep svm sse2\n' > "$WORK/root/proc/cpuinfo"
printf 'kvm_amd 155648 2 - Live 0x0\nkvm 1142784 1 kvm_amd, Live 0x0\n' > "$WORK/root/proc/modules"
VBW_DOCTOR_ROOT="$WORK/root" VBOX_USER_HOME="$WORK/home" vbw doctor --json --need-gib 0
expect_code 1 "a FAIL check"
expect_out_has '{"checks":[{"check":"vboxmanage","status":"OK","detail":"'"$WORK"'/VBoxManage","hint":null},'
expect_out_has '{"check":"version","status":"OK","detail":"VirtualBox 6.1.36r152435 (plan-class number 60136;'
expect_out_has '{"check":"kernel-module","status":"FAIL","detail":"WARNING: The character device /dev/vboxdrv does not exist. Try sudo /sbin/vboxconfig and if that is not successful, try to re-install the package. You will not be able to start VMs until this problem is fixed.","hint":"rebuild the module'
expect_out_has '{"check":"extension-pack","status":"OK","detail":"installed","hint":null}'
expect_out_has '{"check":"vboxdrv","status":"OK","detail":"/dev/vboxdrv present and accessible","hint":null}'
expect_out_has '{"check":"hw-virt","status":"OK","detail":"AMD-V available","hint":null}'
expect_out_has '{"check":"other-hypervisor","status":"WARN","detail":"KVM is loaded and in use","hint":"stop the KVM/QEMU VMs'
expect_out_has '"fail":1,"warn":1,"ok":false}'
[ "$(wc -l < "$WORK/out")" -eq 1 ] || fail "one JSON document expected"
expect_err ""
expect_transcript_done
finish
