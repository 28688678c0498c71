#!/usr/bin/env bash
# build-guest.sh: makes (or reuses) the real guest of the real-VirtualBox tier
# (issue 18): a tiny Linux that boots under VirtualBox 7.2's driverless
# emulator (minutes of one core: docs/testing.md), loads vboxguest/vboxsf, starts VBoxService
# and runs the job's boinc_app from the shared folder (tests/realvbox/guest/init
# says what it does; boinc_app is not in the image: the test job ships it).
#
# Made only from Debian packages fetched with `apt-get download` inside the
# sid chroot of tests/realvbox/setup.sh (nothing is installed there): the
# kernel linux-image-amd64 depends on, its vboxguest and vboxsf modules
# (ordered from each module's depends=, there is no depmod in the image),
# busybox-static, libc6/libgcc-s1/libpam* for VBoxService and zlib1g for
# VBoxControl from virtualbox-guest-utils (libgcc_s.so.1 or the first guest-control session
# crashes it), isolinux for a hybrid ISO (xorriso, run from its unpacked
# packages), converted to a VDI with `VBoxManage convertfromraw`.
#
# Cached outside the clone: $VBW_REALVBOX_ROOT/guest/<key>/ (default
# /var/cache/vbw-realvbox/guest), <key> a hash of this folder's files and the
# package versions the chroot's apt offers, so a new kernel or a changed
# /init makes a new image and an unchanged one is reused in a second. The
# image is then linked into the chroot as /opt/vbw-guest/<key>/guest.vdi (and
# guest.iso) where the tests read it (and as /opt/vbw-guest/guest.vdi); tests
# COPY it before attaching it (`unregistervm --delete` deletes an attached
# disk). No image is committed.
#
# Usage: build-guest.sh [--print-key]. Exit 77 where it cannot run, as
# setup.sh (not root, no chroot), except under CI=true.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=${VBW_REALVBOX_ROOT:-/var/cache/vbw-realvbox}
chroot_dir=$root/sid
cache=$root/guest

say() { printf 'realvbox guest: %s\n' "$*" >&2; }
skip() {
    say "SKIP: $*"
    if [ "${CI:-}" = true ]; then say "CI=true: the real guest must be built"; exit 1; fi
    exit 77
}
[ "$(id -u)" = 0 ] || skip "needs root (chroot)"
[ -e "$chroot_dir/.vbw-stamp-packages" ] || skip "no chroot at $chroot_dir (run tests/realvbox/setup.sh)"
"$here/../mounts.sh" mount "$chroot_dir"
in_chroot() { chroot "$chroot_dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

# The kernel command line (facts measured under the emulator, issue 18):
# rodata=off saves ~300 s of boot, mitigations=off ~15 s; blacklisting the
# built-in certificate load saves ~42 s and makes each module load ~2 s
# instead of ~35 s (the modules' signatures then find no key; the kernel does
# not enforce them, it only marks itself tainted). With initcall_debug the
# slowest initcalls left were the crypto self-tests (the encrypted-keys and
# KDF108 initcalls, ~80 s together: cryptomgr.notests, and neither feature is
# used) and ACPI's table interpreter (needed: poweroff); synchronize_rcu
# waits are expedited (rcupdate.rcu_expedited), one UART is probed instead
# of four, no KASLR relocation, no TSC re-calibration, no audit. quiet,
# console on COM1. VBW_GUEST_CMDLINE replaces it (a separate image: the key
# hashes it), to measure another with tests/realvbox/bench_guest_boot.py.
CMDLINE=${VBW_GUEST_CMDLINE:-console=ttyS0,115200 rodata=off mitigations=off quiet initcall_blacklist=load_system_certificate_list,init_encrypted,crypto_kdf108_init cryptomgr.notests rcupdate.rcu_expedited=1 8250.nr_uarts=1 nokaslr tsc=reliable audit=0 panic=5}

# Packages whose files go into the guest, and the ones only the build runs.
GUEST_PKGS="busybox-static isolinux syslinux-common virtualbox-guest-utils libc6 libgcc-s1
  libpam0g libpam-modules libaudit1 libcap-ng0 zlib1g"
TOOL_PKGS="xorriso libisoburn1t64 libburn4t64 libisofs6t64 libjte2"

# linux-image-amd64 -> linux-image-VERSION -> (on sid) linux-binary-VERSION +
# linux-modules-VERSION. Whatever the image package depends on whose name
# starts linux-binary-/linux-modules- is taken; an older release ships it all
# in linux-image-VERSION itself.
image_pkg=$(in_chroot apt-cache depends linux-image-amd64 | sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1)
[ -n "$image_pkg" ] || { say "FAIL: linux-image-amd64 names no kernel package"; exit 1; }
kernel_pkgs="$image_pkg $(in_chroot apt-cache depends "$image_pkg" |
    sed -n 's/^ *Depends: \(linux-\(binary\|modules\)-[0-9][^ ]*\)$/\1/p' | tr '\n' ' ')"
all_pkgs=$(echo $kernel_pkgs $GUEST_PKGS $TOOL_PKGS)   # one line

versions=$(for p in $all_pkgs; do
    printf '%s=%s\n' "$p" "$(in_chroot apt-cache policy "$p" | sed -n 's/^ *Candidate: //p')"
done)
key=$( { printf '%s\n' "$CMDLINE" "$versions"; cat "$here"/build-guest.sh "$here"/init; } |
    sha256sum | cut -c1-16)
[ "${1:-}" = --print-key ] && { echo "$key"; exit 0; }

publish() {
    # Hard links: the chroot lives under the same root, so this costs nothing.
    # /opt/vbw-guest/<key>/ is this image for good (run.sh points the guest
    # tests there: several work trees with different builders share the
    # chroot); /opt/vbw-guest/guest.vdi is the last one published, for hands.
    local d
    for d in "$chroot_dir/opt/vbw-guest/$key" "$chroot_dir/opt/vbw-guest"; do
        mkdir -p "$d"
        for f in guest.vdi guest.iso manifest.txt; do
            [ "$cache/$key/$f" -ef "$d/$f" ] && continue
            ln -f "$cache/$key/$f" "$d/$f.new"
            mv -f "$d/$f.new" "$d/$f"
        done
    done
    # A key whose cached image is gone goes from the chroot too.
    for d in "$chroot_dir"/opt/vbw-guest/????????????????; do
        [ -d "$cache/$(basename "$d")" ] || rm -rf --one-file-system "$d"
    done
    echo "$key" >"$chroot_dir/opt/vbw-guest/key"
    say "ready: /opt/vbw-guest/$key/guest.vdi in the chroot"
}

mkdir -p "$cache"
exec 8>"$cache/.lock"
flock 8
# Images no run has used for two weeks (older kernels, older builders) go.
find "$cache" -mindepth 1 -maxdepth 1 -type d -name '????????????????' -mtime +14 \
    -exec rm -rf --one-file-system {} + 2>/dev/null || true
if [ -e "$cache/$key/guest.vdi" ]; then
    touch "$cache/$key"
    publish
    exit 0
fi

say "building the guest image $key (one time, about a minute)"
work=/var/tmp/vbw-guest-build
rm -rf --one-file-system "$chroot_dir$work"
mkdir -p "$chroot_dir$work/debs"
cp "$here/init" "$chroot_dir$work/"
log=$cache/build-$key.log
# apt-get download as root into a folder _apt cannot read warns only.
in_chroot sh -c "cd $work/debs && apt-get download $all_pkgs" >"$log" 2>&1 ||
    { tail -n 20 "$log" >&2; skip "apt-get download failed (no package registry?)"; }

# The rest runs inside the chroot: its dpkg-deb, ldd, VBoxManage.
cat >"$chroot_dir$work/make.sh" <<'MAKE'
set -eu
work=$1 cmdline=$2
cd "$work"
x=$work/x r=$work/r iso=$work/iso
mkdir -p "$x" "$r" "$iso/isolinux" "$iso/boot"
for d in debs/*.deb; do
    case $d in *linux-modules-*) continue ;; esac   # 100 MB: only two modules are taken
    dpkg-deb -x "$d" "$x"
done
bb=$x/usr/bin/busybox

# --- the kernel modules, dependencies first ---------------------------------
modules_deb=$(ls debs/*linux-modules-*.deb 2>/dev/null || ls debs/linux-image-[0-9]*.deb)
mdir=$(dirname "$(ls "$x"/usr/lib/modules/*/vmlinuz "$x"/boot/vmlinuz-* 2>/dev/null | head -n 1)")
mkdir -p "$r/lib/modules"
: >"$r/lib/modules/order"
take() {   # take MODULE: its dependencies, then itself, each once
    grep -qx "$1" "$r/lib/modules/order" && return 0
    dpkg-deb --fsys-tarfile "$modules_deb" | tar -x -C "$x" --wildcards "*/$1.ko*"
    f=$(find "$x" -name "$1.ko*" | head -n 1)
    [ -n "$f" ] || { echo "module $1 not in $modules_deb" >&2; exit 1; }
    case $f in
    *.xz) "$bb" xz -dc "$f" >"$r/lib/modules/$1.ko" ;;
    *.zst) zstd -qdc "$f" >"$r/lib/modules/$1.ko" ;;
    *) cp "$f" "$r/lib/modules/$1.ko" ;;
    esac
    for dep in $("$bb" strings "$r/lib/modules/$1.ko" | sed -n 's/^depends=//p' | tr ',' ' '); do
        take "$dep"
    done
    echo "$1" >>"$r/lib/modules/order"
}
take vboxguest
take vboxsf

# --- busybox, VBoxService and what it loads ---------------------------------
mkdir -p "$r/bin" "$r/sbin" "$r/usr/bin" "$r/usr/sbin" "$r/etc/pam.d" "$r/root" \
    "$r/lib64" "$r/lib/x86_64-linux-gnu/security" "$r/proc" "$r/sys" "$r/dev" "$r/tmp" "$r/run"
cp "$bb" "$r/bin/busybox"
for a in $("$bb" --list); do
    [ -e "$r/bin/$a" ] || ln -s busybox "$r/bin/$a"
done
cp "$x/usr/sbin/VBoxService" "$x/usr/sbin/VBoxControl" "$x/usr/sbin/mount.vboxsf" "$r/usr/sbin/"
lib=$x/usr/lib/x86_64-linux-gnu
# VBoxService links libc only; it dlopens libpam (guest control log-in) and
# libgcc_s (thread cancellation) at run time. VBoxControl links libz too:
# without it every `VBoxControl writelog` of /init and boinc_app failed
# unseen and no "vbw-guest:" line ever reached VBox.log.
for so in libc.so.6 libgcc_s.so.1 libpam.so.0 libaudit.so.1 libcap-ng.so.0 libz.so.1; do
    cp -L "$lib/$so" "$r/lib/x86_64-linux-gnu/"
done
cp -L "$lib/security/pam_permit.so" "$r/lib/x86_64-linux-gnu/security/"
cp -L "$x/usr/lib64/ld-linux-x86-64.so.2" "$r/lib64/" 2>/dev/null ||
    cp -L "$lib/ld-linux-x86-64.so.2" "$r/lib64/"
# /usr/lib is /lib, as on a merged-/usr system: libpam loads its modules
# from /usr/lib/x86_64-linux-gnu/security. (A link to "lib" pointed at
# itself: every PAM module failed to load, so every guest-control log-in.)
ln -s ../lib "$r/usr/lib"
[ -e "$r/usr/lib/x86_64-linux-gnu/security/pam_permit.so" ] ||
    { echo "pam_permit.so is not where libpam looks for it" >&2; exit 1; }
# Every library those need must be in the image (ldd against the image's own).
for f in "$r/usr/sbin/VBoxService" "$r/usr/sbin/VBoxControl" "$r"/lib/x86_64-linux-gnu/*.so* "$r"/lib/x86_64-linux-gnu/security/*.so; do
    LD_LIBRARY_PATH=$r/lib/x86_64-linux-gnu ldd "$f" | awk '/=>/ { print $1 }' | while read -r n; do
        [ -e "$r/lib/x86_64-linux-gnu/$n" ] || { echo "$f needs $n, not in the image" >&2; exit 1; }
    done
done

# root with no password; guest control's PAM log-in always succeeds (a test
# guest on a private NAT, reachable only through VirtualBox).
echo 'root:x:0:0:root:/root:/bin/sh' >"$r/etc/passwd"
echo 'root:x:0:' >"$r/etc/group"
echo 'root::0:0:99999:7:::' >"$r/etc/shadow"
chmod 600 "$r/etc/shadow"
printf 'passwd: files\ngroup: files\nshadow: files\n' >"$r/etc/nsswitch.conf"
for svc in vbox login other; do
    printf '%s\trequired\tpam_permit.so\n' auth account password session >"$r/etc/pam.d/$svc"
done
cp "$work/init" "$r/init"
chmod 755 "$r/init"

# --- initramfs, ISO, VDI -----------------------------------------------------
(cd "$r" && find . | sort | "$bb" cpio -o -H newc 2>/dev/null) | "$bb" gzip -9 >"$iso/boot/initrd.gz"
cp "$mdir/vmlinuz" "$iso/boot/vmlinuz" 2>/dev/null || cp "$x"/boot/vmlinuz-* "$iso/boot/vmlinuz"
cp "$x/usr/lib/ISOLINUX/isolinux.bin" "$x/usr/lib/syslinux/modules/bios/ldlinux.c32" "$iso/isolinux/"
cat >"$iso/isolinux/isolinux.cfg" <<CFG
SERIAL 0 115200
DEFAULT vbw
PROMPT 0
TIMEOUT 0
LABEL vbw
  KERNEL /boot/vmlinuz
  INITRD /boot/initrd.gz
  APPEND $cmdline
CFG
LD_LIBRARY_PATH=$lib "$x/usr/bin/xorriso" -as mkisofs -quiet -o guest.iso -V VBW_GUEST \
    -isohybrid-mbr "$x/usr/lib/ISOLINUX/isohdpfx.bin" -c isolinux/boot.cat \
    -b isolinux/isolinux.bin -no-emul-boot -boot-load-size 4 -boot-info-table "$iso"
# convertfromraw registers nothing; its own VirtualBox home all the same.
VBOX_USER_HOME=$work/vbox-home VBoxManage convertfromraw guest.iso guest.vdi --format VDI >/dev/null
{
    echo "kernel command line: $cmdline"
    echo "module order: $(tr '\n' ' ' <"$r/lib/modules/order")"
    echo "initrd.gz: $(wc -c <"$iso/boot/initrd.gz") bytes, vmlinuz: $(wc -c <"$iso/boot/vmlinuz") bytes"
} >manifest.txt
MAKE
in_chroot sh "$work/make.sh" "$work" "$CMDLINE" >>"$log" 2>&1 ||
    { tail -n 30 "$log" >&2; say "FAIL: the guest image could not be made ($log)"; exit 1; }

rm -rf --one-file-system "$cache/$key.partial"
mkdir -p "$cache/$key.partial"
mv "$chroot_dir$work/guest.vdi" "$chroot_dir$work/guest.iso" "$cache/$key.partial/"
{ cat "$chroot_dir$work/manifest.txt"; echo "packages:"; echo "$versions"; } >"$cache/$key.partial/manifest.txt"
mv "$cache/$key.partial" "$cache/$key"
rm -rf --one-file-system "$chroot_dir$work"
publish
