#!/usr/bin/env bash
# Configures, builds and runs every test, as README.md and .ci/run do:
#   1. a RelWithDebInfo build: all tests (unit, scenario, shell, reliability,
#      the BOINC-client end-to-end tests and the bounded fuzz run);
#   2. a Debug build under AddressSanitizer + UndefinedBehaviorSanitizer:
#      every test except the slow e2e and fuzz labels (the fuzz run has its
#      own sanitizers, the e2e tests exercise the same code as the scenarios).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)

configure_and_build() {
    local dir=$1; shift
    cmake -S "$top" -B "$dir" "$@" >/dev/null
    cmake --build "$dir" -j"$jobs"
}

configure_and_build "$top/build/ci" -DCMAKE_BUILD_TYPE=RelWithDebInfo
(cd "$top/build/ci" && ctest --output-on-failure -j"$jobs" --timeout 900)

configure_and_build "$top/build/ci-asan" -DCMAKE_BUILD_TYPE=Debug -DVBW_SANITIZE=ON
(cd "$top/build/ci-asan" && ctest --output-on-failure -j"$jobs" --timeout 900 -LE 'e2e|fuzz')
