#!/usr/bin/env bash
# Configures, builds and runs every test, as README.md and .ci/run do:
#   1. a RelWithDebInfo build: all tests (unit, scenario, shell, reliability,
#      fuzz-smoke and the BOINC-client end-to-end tests);
#   1b. the e2e and reliability labels again with every core saturated by
#      busy loops (bounded in time): a starved volunteer host
#      (VBW_STARVED_STAGE=0 skips it);
#   2. a Debug build under AddressSanitizer + UndefinedBehaviorSanitizer:
#      every test except the slow e2e label;
#   3. a clang build of the libFuzzer targets, each run for VBW_FUZZ_SECONDS
#      (default 60) from the fixture seeds: any crash, leak or sanitizer
#      report fails. VBW_FUZZ_SECONDS=0 skips this stage;
#   4. release builds: the static Linux binaries built in a Debian 11 root
#      (/var/cache/vbw-release/bullseye; the first run ~25 min, then ~20 s),
#      checked with readelf (only libc, no symbol newer than glibc 2.31) and
#      run there, vbw and a standalone vboxwrapper task
#      (scripts/release/build-linux.sh --check), then vbw cross-built for
#      Windows with mingw-w64, its unit, scenario and fault-matrix tests and
#      a whole vboxwrapper.exe task under wine (build-windows.sh --test);
#      static libraries from Debian's source packages, cached in
#      /var/cache/vbw-deps (docs/testing.md: when no BOINC source can be
#      had). VBW_RELEASE_STAGE=0 skips it;
#   5. the real-VirtualBox tier (label realvbox, tests/realvbox/): Debian
#      sid's VirtualBox 7.2 in a chroot cached in /var/cache/vbw-realvbox,
#      real VMs. It skips without root; under CI=true it must run.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)
fuzz_seconds=${VBW_FUZZ_SECONDS:-60}

configure_and_build() {
    local dir=$1; shift
    cmake -S "$top" -B "$dir" "$@" >/dev/null
    cmake --build "$dir" -j"$jobs"
}

stage() { printf '\n==== %s (%s)\n' "$1" "$(date -u +%H:%M:%S)"; }

stage "build and test: RelWithDebInfo"
configure_and_build "$top/build/ci" -DCMAKE_BUILD_TYPE=RelWithDebInfo
(cd "$top/build/ci" && ctest --output-on-failure -j"$jobs" --timeout 900 -LE 'realvbox')

# Volunteer hosts run every core at 100% for days (issue 20.23): the e2e and
# reliability labels again, with one busy loop per core at the same time.
# The loops are bounded (timeout) and stopped when the stage ends.
if [ "${VBW_STARVED_STAGE:-1}" != 0 ]; then
    stage "starved host: e2e + reliability with ${jobs} busy loops"
    busy_pids=()
    for _ in $(seq 1 "$jobs"); do
        timeout 1800 sh -c 'while :; do :; done' &
        busy_pids+=($!)
    done
    stop_busy() { for p in "${busy_pids[@]}"; do kill "$p" 2>/dev/null; done; }
    trap stop_busy EXIT
    starved_start=$(date +%s)
    set +e
    # The wrapper's own e2e and reliability tests; left out here (they ran in
    # stage 1): the e2e harness self-tests (stand-in apps, not the wrapper)
    # and the crash-consistency kill loop (no deadline to starve), which
    # together doubled this stage to ~9 minutes.
    (cd "$top/build/ci" && ctest --output-on-failure -j"$jobs" --timeout 900 -L 'e2e|reliability' \
        -E 'e2e_harness_|reliability_crash_consistency')
    starved_rc=$?
    set -e
    stop_busy
    trap - EXIT
    printf 'starved host: %d s, load average %s, exit %d\n' "$(( $(date +%s) - starved_start ))" \
        "$(cut -d' ' -f1-3 /proc/loadavg)" "$starved_rc"
    [ "$starved_rc" = 0 ] || exit "$starved_rc"
fi

stage "build and test: ASan + UBSan"
configure_and_build "$top/build/ci-asan" -DCMAKE_BUILD_TYPE=Debug -DVBW_SANITIZE=ON
(cd "$top/build/ci-asan" && ctest --output-on-failure -j"$jobs" --timeout 900 -LE 'e2e|realvbox')

if [ "$fuzz_seconds" != 0 ] && command -v clang >/dev/null; then
    stage "fuzz: libFuzzer, ${fuzz_seconds} s per target"
    CC=clang CXX=clang++ configure_and_build "$top/build/ci-fuzz" -DCMAKE_BUILD_TYPE=Debug \
        -DVBW_FUZZ=ON -DVBW_BUILD_TESTS=OFF -DVBW_WERROR=OFF -DVBW_FUZZ_SECONDS="$fuzz_seconds"
    # -V: each target prints its executions and peak RSS (docs/reliability.md).
    fuzz_log="$top/build/ci-fuzz/fuzz.log"
    set +e
    (cd "$top/build/ci-fuzz" && ctest -V -j"$jobs" -L fuzz) >"$fuzz_log" 2>&1
    fuzz_rc=$?
    set -e
    grep -E '^[0-9]+: fuzz_[a-z_]+: |tests passed' "$fuzz_log" || true
    if [ "$fuzz_rc" != 0 ]; then
        tail -n 150 "$fuzz_log"
        exit "$fuzz_rc"
    fi
fi
if [ "${VBW_RELEASE_STAGE:-1}" != 0 ]; then
    stage "release builds: static Linux, Windows (mingw-w64) with its tests under wine"
    release_start=$(date +%s)
    bash "$top/scripts/release/build-linux.sh" --check
    printf 'release stage, Linux (Debian 11 root): %d s\n' "$(( $(date +%s) - release_start ))"
    bash "$top/scripts/release/build-windows.sh" --test
    printf 'release stage: %d s\n' "$(( $(date +%s) - release_start ))"
fi

stage "real VirtualBox tier"
(cd "$top/build/ci" && ctest --output-on-failure -L realvbox)

stage "all tests passed"
