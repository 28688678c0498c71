#!/usr/bin/env bash
# mounts.sh mount|umount CHROOT: the kernel file systems VirtualBox needs in
# the real-VirtualBox chroot. Idempotent both ways. The chroot must never be
# deleted while /dev is bound into it: umount first.
set -euo pipefail
action=$1 dir=$2
points="proc sys dev dev/pts dev/shm"
case $action in
mount)
    for p in $points; do
        mkdir -p "$dir/$p"
        mountpoint -q "$dir/$p" && continue
        case $p in
        proc) mount -t proc proc "$dir/proc" ;;
        sys) mount -t sysfs sysfs "$dir/sys" ;;
        dev/pts) mount -t devpts -o newinstance,ptmxmode=0666 devpts "$dir/dev/pts" ;;
        dev/shm) mount -t tmpfs -o mode=1777 tmpfs "$dir/dev/shm" ;;
        *) mount --bind "/$p" "$dir/$p" ;;
        esac
    done ;;
umount)
    for p in dev/shm dev/pts dev sys proc; do
        mountpoint -q "$dir/$p" 2>/dev/null && umount -l "$dir/$p"
    done
    true ;;
*) echo "usage: $0 mount|umount CHROOT" >&2; exit 2 ;;
esac
