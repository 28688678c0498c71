#!/usr/bin/env bash
# Configures, builds and runs every test, as README.md and .ci/run do:
#   1. a RelWithDebInfo build: all tests (unit, scenario, shell, reliability,
#      fuzz-smoke and the BOINC-client end-to-end tests);
#   2. a Debug build under AddressSanitizer + UndefinedBehaviorSanitizer:
#      every test except the slow e2e label;
#   3. a clang build of the libFuzzer targets, each run for VBW_FUZZ_SECONDS
#      (default 60) from the fixture seeds: any crash, leak or sanitizer
#      report fails. VBW_FUZZ_SECONDS=0 skips this stage;
#   4. the real-VirtualBox tier (label realvbox, tests/realvbox/): Debian
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
stage "real VirtualBox tier"
(cd "$top/build/ci" && ctest --output-on-failure -L realvbox)

stage "all tests passed"
