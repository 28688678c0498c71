#!/usr/bin/env bash
# scripts/release/oldroot.sh - makes (or reuses) the build root the Linux
# release binaries are built in: a Debian 11 (bullseye) chroot with its
# compilers, the oldest Debian the package registry here serves (buster is
# not served). A binary needs the glibc it was built against or newer, so
# building here gives binaries that run on glibc 2.31 and up (Debian 11,
# Ubuntu 20.04, RHEL 8's 2.28 is still too old) instead of the build
# machine's (Debian 12: 2.36, whose binaries needed 2.34).
#
# Prints the root's path on stdout. Idempotent: each step leaves a stamp in
# the root and is skipped when its stamp is there, so a second run takes a
# fraction of a second. The root lives in $VBW_RELEASE_ROOT (default
# /var/cache/vbw-release), outside any clone, so CI runs share it. Nothing is
# mounted into it here: the build needs no /proc or /dev binds (debootstrap
# makes the device nodes), and the caller that mounts /proc unmounts it.
#
# Exit 77 (skip) where it cannot be made -- not root, no debootstrap, no
# package registry -- except under CI=true, where that is a failure.
set -euo pipefail
suite=bullseye
base=${VBW_RELEASE_ROOT:-/var/cache/vbw-release}
root=$base/$suite
# What build-deps.sh (autotools for BOINC's own build, cmake for libxml2 and
# PCRE2) and the project's build need. Changing the list reinstalls.
packages="gcc g++ make cmake pkg-config autoconf automake libtool m4 file"

say() { printf 'oldroot: %s\n' "$*" >&2; }
skip() {
    say "SKIP: $*"
    if [ "${CI:-}" = true ]; then say "CI=true: the release must be built in the $suite root"; exit 1; fi
    exit 77
}

[ "$(id -u)" = 0 ] || skip "needs root (debootstrap, chroot)"
if ! command -v debootstrap >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap >/dev/null 2>&1 ||
        skip "debootstrap is not installed and cannot be"
fi
mkdir -p "$base"
exec 9>"$base/.lock"
flock 9

# A root with anything mounted in it is never deleted (a bound /dev would go
# with it): a killed caller may have left /proc mounted.
unmount_all() {
    local d=$1 p
    for p in proc dev/pts dev sys; do
        mountpoint -q "$d/$p" 2>/dev/null && umount -l "$d/$p"
    done
    ! grep -q " $d/" /proc/mounts
}

if [ ! -e "$root/.vbw-stamp-debootstrap" ]; then
    say "debootstrap $suite into $root (one time, 2-6 minutes)"
    # A half-made root from a killed run is thrown away, never reused.
    if [ -d "$root.partial" ]; then
        unmount_all "$root.partial" || { say "FAIL: something is mounted in $root.partial"; exit 1; }
        rm -rf --one-file-system "$root.partial"
    fi
    # No mirror argument: debootstrap's default is the registry this machine
    # reaches.
    debootstrap --variant=minbase "$suite" "$root.partial" >"$base/debootstrap.log" 2>&1 ||
        { tail -n 20 "$base/debootstrap.log" >&2; skip "debootstrap $suite failed (no registry?)"; }
    if [ -d "$root" ]; then
        unmount_all "$root" || { say "FAIL: something is mounted in $root"; exit 1; }
        rm -rf --one-file-system "$root"
    fi
    mv "$root.partial" "$root"
    touch "$root/.vbw-stamp-debootstrap"
fi

if [ "$(cat "$root/.vbw-stamp-packages" 2>/dev/null)" != "$packages" ]; then
    say "installing the build tools in the $suite root (one time, 1-3 minutes)"
    in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
        HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
    # shellcheck disable=SC2086
    { in_root apt-get update && in_root apt-get install -y --no-install-recommends $packages; } \
        >"$base/apt.log" 2>&1 ||
        { tail -n 20 "$base/apt.log" >&2; skip "installing the build tools in the $suite root failed"; }
    in_root apt-get clean
    echo "$packages" >"$root/.vbw-stamp-packages"
fi
echo "$root"
