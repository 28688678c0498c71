#!/bin/sh
# doctor tells the truth (issue 22.9): on a host without /sbin/vboxconfig (Debian's packages)
# the module hints name virtualbox-dkms and modprobe, not vboxconfig; no vmx/svm is a FAIL
# (VirtualBox 6.1 and later run no guest without it); with /proc/modules unreadable, or
# /dev/kvm present with no kvm module listed, "no other hypervisor" is not asserted.
. "$(dirname "$0")/lib.sh"

use_transcript doctor-70.txt
mkdir -p "$WORK/root/proc" "$WORK/root/dev" "$WORK/home"
printf 'flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep sse2\n' > "$WORK/root/proc/cpuinfo"
: > "$WORK/root/dev/kvm"
printf 'ext4 1 0 - Live 0x0\n' > "$WORK/root/proc/modules"
VBW_DOCTOR_ROOT="$WORK/root" VBOX_USER_HOME="$WORK/home" vbw doctor --need-gib 0
expect_code 1 "FAIL checks"
expect_out_has "FAIL vboxdrv          /dev/vboxdrv is missing (hint: the VirtualBox kernel module is not loaded: 'sudo modprobe vboxdrv'"
grep -q vboxconfig "$WORK/out" && fail "a vboxconfig hint on a host without /sbin/vboxconfig"
expect_out_has "FAIL hw-virt          no vmx/svm flag in /proc/cpuinfo"
expect_out_has "WARN other-hypervisor /dev/kvm is present but no kvm module is listed"
expect_transcript_done

use_transcript doctor-70.txt
rm "$WORK/root/proc/modules" "$WORK/root/dev/kvm"
mkdir -p "$WORK/root/sbin"
printf '#!/bin/sh\n' > "$WORK/root/sbin/vboxconfig"
chmod +x "$WORK/root/sbin/vboxconfig"
VBW_DOCTOR_ROOT="$WORK/root" VBOX_USER_HOME="$WORK/home" vbw doctor --need-gib 0
expect_out_has "WARN other-hypervisor cannot read /proc/modules"
expect_out_has "(hint: the VirtualBox kernel module is not loaded: run 'sudo /sbin/vboxconfig'"
expect_transcript_done
finish
