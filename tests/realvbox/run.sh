#!/usr/bin/env bash
# run.sh TEST.py: runs one real-VirtualBox test inside the chroot that
# setup.sh made (the test scripts are copied in fresh; vbw as setup.sh last
# built it). Exit 77 (skip) where the chroot cannot be had, as setup.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
root=${VBW_REALVBOX_ROOT:-/var/cache/vbw-realvbox}
chroot_dir=$root/sid
tree_id=$(printf %s "$top" | md5sum | cut -c1-10)   # as setup.sh
opt=/opt/vbw/$tree_id
if [ ! -e "$chroot_dir/.vbw-stamp-standin" ] || [ ! -x "$chroot_dir$opt/build/bin/vboxwrapper" ]; then
    echo "realvbox: the chroot is not set up (run tests/realvbox/setup.sh)" >&2
    [ "${CI:-}" = true ] && exit 1
    exit 77
fi
"$here/mounts.sh" mount "$chroot_dir"
mkdir -p "$chroot_dir$opt/src/tests/realvbox" "$chroot_dir$opt/src/bench"
cp "$here"/*.py "$chroot_dir$opt/src/tests/realvbox/"
# rvclient.py lays out the real client's data directory with the e2e tier's
# lib.sh (one definition).
mkdir -p "$chroot_dir$opt/src/tests/e2e"
cp "$top/tests/e2e/lib.sh" "$chroot_dir$opt/src/tests/e2e/"
cp "$top/bench/bench.py" "$chroot_dir$opt/src/bench/"
test=$1; shift
guest=
case $test in
test_guest_*)
    # A real guest boots for many minutes of CPU: CI (CI=true) and whoever
    # asks (VBW_RV_GUEST_TESTS=1) run it, a developer's `ctest -LE e2e` not.
    if [ "${CI:-}" != true ] && [ "${VBW_RV_GUEST_TESTS:-}" != 1 ]; then
        echo "realvbox: $test boots a real guest: skipped (VBW_RV_GUEST_TESTS=1 runs it)" >&2
        exit 77
    fi
    # The image this tree's builder makes (other trees may publish theirs).
    guest="/opt/vbw-guest/$("$here/guest/build-guest.sh" --print-key)" ;;
esac
# A mount namespace of its own, private: a test may bind files over
# VirtualBox's (test_start_no_driver.py) without the host or another test
# seeing it.
exec unshare --mount --propagation private chroot "$chroot_dir" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    LANG=C.UTF-8 VBW_RV_BIN="$opt/build/bin" VBW_RV_WORK="/tmp/vbw-rv-$tree_id" \
    VBW_RV_SRC="$opt/src" ${VBW_RV_WAIT:+VBW_RV_WAIT=$VBW_RV_WAIT} \
    ${guest:+VBW_RV_GUEST=$guest} ${VBW_RV_BOOT_WAIT:+VBW_RV_BOOT_WAIT=$VBW_RV_BOOT_WAIT} \
    python3 -u "$opt/src/tests/realvbox/$test" "$@"
