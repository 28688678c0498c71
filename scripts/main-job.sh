#!/usr/bin/env bash
# scripts/main-job.sh - the main job on a fresh machine: install what is
# missing, build, and run a whole BOINC VM task through vbw's real job
# parser, lifecycle core and VBoxManage backend, VBoxManage answered from the
# bundled transcripts (VirtualBox 7.0.10, then 6.1.40), the BOINC client
# played by the scenario runner's fake client (suspend, resume, the guest
# writing its output and completion file). Prints the lifecycle as it goes.
#
#   bash scripts/main-job.sh [--build-dir DIR] [--client] [--real]
#     --build-dir DIR  CMake build directory (default: build/)
#     --client         also run vboxwrapper under the real BOINC client
#                      (tests/e2e "complete" scenario; needs boinc-client and
#                      namespace privileges, see docs/testing.md)
#     --real           instead, the whole task on a REAL VirtualBox with a
#                      real guest OS and the real BOINC client (issue 18):
#                      the real-VirtualBox tier's chroot
#                      (tests/realvbox/setup.sh: Debian sid's VirtualBox 7.2
#                      and boinc-client), the guest image built from Debian
#                      packages (tests/realvbox/guest/build-guest.sh), then
#                      tests/realvbox/test_guest_task.py: the client runs
#                      vboxwrapper, the guest boots, computes, answers vbw
#                      exec/cp, is suspended, checkpointed, restored after a
#                      client restart, and finishes. Needs root and a
#                      package registry; the emulator boots the guest in
#                      many minutes without VT-x (docs/testing.md).
#
# Without --real VirtualBox itself is never needed: the transcripts stand in
# for it. See "With a real VirtualBox" in docs/testing.md.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build="$repo/build"
client=0
real=0
while [ $# -gt 0 ]; do
    case $1 in
    --build-dir) build=$2; shift ;;
    --client) client=1 ;;
    --real) real=1 ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) echo "main-job.sh: unknown option '$1' (try --help)" >&2; exit 2 ;;
    esac
    shift
done

if [ "$real" = 1 ]; then
    # The real tier builds vbw inside its own chroot; nothing here is needed.
    [ "$(id -u)" = 0 ] || { echo "main-job.sh --real: needs root (chroot, mounts)" >&2; exit 1; }
    echo "== the real-VirtualBox tier: chroot with Debian sid's VirtualBox, vbw built in it"
    CI=true bash "$repo/tests/realvbox/setup.sh"
    echo "== the real guest: built from Debian packages, or reused from the cache"
    CI=true bash "$repo/tests/realvbox/guest/build-guest.sh"
    echo "== the whole BOINC task with the real guest (boots once: minutes, not seconds)"
    CI=true bash "$repo/tests/realvbox/run.sh" test_guest_task.py
    echo
    echo "main job (real): done"
    exit 0
fi

# Install the dependencies only when one is missing (apt needs root/sudo).
missing=0
while read -r pkg; do
    [ -n "$pkg" ] || continue
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing=1
done < "$repo/.ci/packages.txt"
if [ "$missing" = 1 ]; then
    echo "== installing build dependencies (scripts/setup.sh)"
    bash "$repo/scripts/setup.sh"
fi

echo "== building in $build"
if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" -j"$(nproc)" --target vbw-scenario vboxwrapper vbw >/dev/null

run_task() {
    local scenario=$1 verbose=$2
    echo
    echo "== $(basename "$scenario")"
    if [ "$verbose" = 1 ]; then
        "$build/bin/vbw-scenario" -v "$scenario"
    else
        "$build/bin/vbw-scenario" "$scenario"
    fi
}

# The whole task, step by step: every VBoxManage call, what the wrapper
# writes to stderr.txt, and the checks on the result (exit code, calls made,
# transcript replayed to its end, VM removed).
run_task "$repo/tests/scenarios/data/0003-full-task-vbox70.txt" 1
# The same task against VirtualBox 6.1's output, summarised.
run_task "$repo/tests/scenarios/data/0002-full-task-vbox61.txt" 0

if [ "$client" = 1 ]; then
    echo
    echo "== vboxwrapper under the real BOINC client (tests/e2e, scenario complete)"
    bash "$repo/tests/e2e/run_scenario.sh" complete "$build/bin/vboxwrapper"
fi
echo
echo "main job: done"
