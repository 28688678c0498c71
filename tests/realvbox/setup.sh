#!/usr/bin/env bash
# Makes (or reuses) the real-VirtualBox test bench: a Debian sid chroot with
# Debian's own `virtualbox` package, vbw built inside it with the project's
# default options, and the driverless VBoxHeadless stand-in (docs/testing.md).
#
# Idempotent: every step leaves a stamp in the chroot and is skipped when its
# stamp is there, so a second run only mounts and rebuilds vbw. The chroot is
# kept between runs in $VBW_REALVBOX_ROOT (default /var/cache/vbw-realvbox),
# outside any clone of the project, so CI runs on one machine share it.
#
# Exit 77 (skip) where it cannot run -- not root, no debootstrap, no package
# registry -- except under CI=true, where every failure is a failure.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
root=${VBW_REALVBOX_ROOT:-/var/cache/vbw-realvbox}
chroot_dir=$root/sid
# Each work tree builds into its own folder of the chroot, so two clones
# (two developers, or CI beside a developer) never test each other's build.
tree_id=$(printf %s "$top" | md5sum | cut -c1-10)

say() { printf 'realvbox setup: %s\n' "$*" >&2; }
skip() {
    say "SKIP: $*"
    if [ "${CI:-}" = true ]; then say "CI=true: the real-VirtualBox tier must run"; exit 1; fi
    exit 77
}

[ "$(id -u)" = 0 ] || skip "needs root (debootstrap, chroot, mounts)"
if ! command -v debootstrap >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap >/dev/null ||
        skip "debootstrap is not installed and cannot be"
fi
mkdir -p "$root"

# --- one setup at a time (ctest may start several tests at once) -----------
exec 9>"$root/.lock"
flock 9

# --- the chroot itself ------------------------------------------------------
if [ ! -e "$chroot_dir/.vbw-stamp-debootstrap" ]; then
    say "debootstrap sid into $chroot_dir (one time, 1-3 minutes)"
    # A half-made chroot from a killed run is thrown away, never reused.
    "$here/mounts.sh" umount "$chroot_dir" 2>/dev/null || true
    rm -rf --one-file-system "$chroot_dir.partial"
    # No mirror argument: debootstrap's default is the registry this machine
    # reaches.
    debootstrap --variant=minbase sid "$chroot_dir.partial" >"$root/debootstrap.log" 2>&1 ||
        { tail -n 20 "$root/debootstrap.log" >&2; skip "debootstrap failed (no registry?)"; }
    rm -rf --one-file-system "$chroot_dir"
    mv "$chroot_dir.partial" "$chroot_dir"
    touch "$chroot_dir/.vbw-stamp-debootstrap"
fi

"$here/mounts.sh" mount "$chroot_dir"

in_chroot() { chroot "$chroot_dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

if [ ! -e "$chroot_dir/.vbw-stamp-packages" ]; then
    say "installing virtualbox and the build tools in the chroot (one time, 1-3 minutes)"
    # VirtualBox is in contrib. The sid snapshot the registry serves has an
    # expired Release file, so its validity date is not checked.
    sed -i -E '/^deb /{/ contrib/! s/ main$/ main contrib/}' "$chroot_dir/etc/apt/sources.list"
    echo 'Acquire::Check-Valid-Until "false";' >"$chroot_dir/etc/apt/apt.conf.d/99vbw-no-valid-until"
    echo 'APT::Install-Recommends "false";' >"$chroot_dir/etc/apt/apt.conf.d/99vbw-no-recommends"
    # The virtualbox package's maintainer scripts try to start services and
    # build kernel modules; neither is wanted (or possible) in the chroot.
    printf '#!/bin/sh\nexit 101\n' >"$chroot_dir/usr/sbin/policy-rc.d"
    chmod 755 "$chroot_dir/usr/sbin/policy-rc.d"
    in_chroot apt-get update >"$root/apt.log" 2>&1 ||
        { tail -n 20 "$root/apt.log" >&2; skip "apt-get update in the chroot failed"; }
    in_chroot apt-get install -y virtualbox gcc g++ make cmake pkg-config \
        libxml2-dev libpcre2-dev libcmocka-dev libboinc-app-dev procps python3 \
        >>"$root/apt.log" 2>&1 ||
        { tail -n 30 "$root/apt.log" >&2; skip "installing virtualbox in the chroot failed"; }
    touch "$chroot_dir/.vbw-stamp-packages"
fi

# The real BOINC client for the real-guest task (rvclient.py; issue 18): sid's
# boinc-client, added to a chroot made before it was needed.
if [ ! -e "$chroot_dir/.vbw-stamp-client" ]; then
    say "installing boinc-client in the chroot (one time)"
    in_chroot apt-get install -y boinc-client >>"$root/apt.log" 2>&1 ||
        { tail -n 30 "$root/apt.log" >&2; skip "installing boinc-client in the chroot failed"; }
    touch "$chroot_dir/.vbw-stamp-client"
fi

# --- the driverless VBoxHeadless stand-in (test bench only) ------------------
standin_src=$here/vbw_driverless_headless.c
standin_sum=$(sha256sum "$standin_src" | cut -d' ' -f1)
if [ "$(cat "$chroot_dir/.vbw-stamp-standin" 2>/dev/null)" != "$standin_sum" ]; then
    say "installing the driverless VBoxHeadless stand-in"
    mkdir -p "$chroot_dir/opt/vbw-bench"
    cp "$standin_src" "$chroot_dir/opt/vbw-bench/"
    in_chroot gcc -O2 -Wall -o /opt/vbw-bench/VBoxHeadless \
        /opt/vbw-bench/vbw_driverless_headless.c -ldl
    if ! in_chroot dpkg-divert --list /usr/lib/virtualbox/VBoxHeadless | grep -q divert; then
        in_chroot dpkg-divert --local --rename --divert /usr/lib/virtualbox/VBoxHeadless.hardened \
            --add /usr/lib/virtualbox/VBoxHeadless
    fi
    install -m 0755 "$chroot_dir/opt/vbw-bench/VBoxHeadless" \
        "$chroot_dir/usr/lib/virtualbox/VBoxHeadless"
    echo "$standin_sum" >"$chroot_dir/.vbw-stamp-standin"
fi

# --- vbw, built inside the chroot with the default options -------------------
# The source is copied (not bind-mounted) so the chroot never holds a mount of
# the work tree; the build folder is kept so a rebuild is incremental.
opt=/opt/vbw/$tree_id
say "building vbw inside the chroot (sid toolchain) in $opt"
rm -rf "$chroot_dir$opt/src"
mkdir -p "$chroot_dir$opt/src"
tar -C "$top" --exclude=./build --exclude=./.git -cf - . | tar -C "$chroot_dir$opt/src" -xf -
echo "$top" >"$chroot_dir$opt/tree"
log=$root/build-$tree_id.log
in_chroot cmake -S "$opt/src" -B "$opt/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DVBW_BUILD_TESTS=OFF >"$log" 2>&1 &&
    in_chroot cmake --build "$opt/build" -j"$(nproc)" >>"$log" 2>&1 ||
    { tail -n 40 "$log" >&2; say "FAIL: vbw does not build on sid"; exit 1; }
say "ready: $chroot_dir ($(in_chroot VBoxManage --version 2>/dev/null | tail -n 1))"
