#!/usr/bin/env bash
# Configures, builds and runs every test: once in a normal build, once under
# AddressSanitizer + UndefinedBehaviorSanitizer. Used by README and .ci/run.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)

run_build() {
    local dir=$1; shift
    cmake -S "$top" -B "$dir" "$@" >/dev/null
    cmake --build "$dir" -j"$jobs"
    (cd "$dir" && ctest --output-on-failure -j"$jobs" --timeout 600)
}

run_build "$top/build/ci" -DCMAKE_BUILD_TYPE=RelWithDebInfo
run_build "$top/build/ci-asan" -DCMAKE_BUILD_TYPE=Debug -DVBW_SANITIZE=ON
