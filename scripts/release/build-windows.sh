#!/usr/bin/env bash
# scripts/release/build-windows.sh [--test] - the Windows release binaries,
# cross-built on Debian with mingw-w64, fully static (no DLL but Windows'
# own): build/release/vboxwrapper_<ver>_windows_x86_64.exe and
# vbw_<ver>_windows_x86_64.exe.
#
# --test also runs the unit, scenario and reliability-matrix tests under
# wine (CMAKE_CROSSCOMPILING_EMULATOR) and a whole vboxwrapper.exe task over
# a replay transcript (tests/windows/task_under_wine.sh).
#
# Without a BOINC source (see build-deps.sh), --test still builds and runs
# every test that needs no BOINC API (VBW_WITH_BOINC=OFF) and says loudly
# what it left out; without --test it fails: a release needs BOINC.
#
# Needs: gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 (and wine64 for --test),
# the static libraries of scripts/release/build-deps.sh (built on first use,
# cached in VBW_DEPS_CACHE, default /var/cache/vbw-deps).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
jobs=${VBW_JOBS:-$(nproc 2>/dev/null || echo 2)}
cache=${VBW_DEPS_CACHE:-/var/cache/vbw-deps}
run_tests=0
[ "${1:-}" = --test ] && run_tests=1

if [ "$run_tests" = 1 ]; then
    deps=$(VBW_DEPS_BOINC=optional bash "$here/build-deps.sh" windows-x86_64)
else
    deps=$(bash "$here/build-deps.sh" windows-x86_64)
fi
with_boinc=ON
[ -f "$deps/boinc/lib/libboinc_api.a" ] || with_boinc=OFF
build=$top/build/windows
export VBW_DEPS_PREFIX=$deps
if [ "$run_tests" = 1 ]; then
    # One persistent wineserver for the whole run: each test then starts in
    # ~0.05 s instead of ~1 s. Its own prefix, kept in the cache.
    export WINEPREFIX=${WINEPREFIX:-$cache/wine} WINEDEBUG=${WINEDEBUG:--all}
    export VBW_WINE=${VBW_WINE:-$(command -v wine64 || command -v wine)}
    [ -x /usr/lib/wine/wine64 ] && VBW_WINE=/usr/lib/wine/wine64
fi
cmake -S "$top" -B "$build" -DCMAKE_TOOLCHAIN_FILE="$top/cmake/toolchains/mingw-w64-x86_64.cmake" \
    -DCMAKE_BUILD_TYPE=Release -DBOINC_ROOT="$deps/boinc" -DVBW_WITH_BOINC=$with_boinc \
    -DVBW_BUILD_TESTS=$([ "$run_tests" = 1 ] && echo ON || echo OFF) >/dev/null
[ "$with_boinc" = ON ] || rm -f "$build/bin/vboxwrapper.exe"
cmake --build "$build" -j"$jobs"

version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
mkdir -p "$top/build/release"
for prog in vboxwrapper vbw; do
    [ -f "$build/bin/$prog.exe" ] || continue
    out=$top/build/release/${prog}_${version}_windows_x86_64.exe
    x86_64-w64-mingw32-strip -o "$out" "$build/bin/$prog.exe"
    # Fully static: only DLLs every Windows has may be imported.
    bad=$(x86_64-w64-mingw32-objdump -p "$out" | sed -n 's/^\s*DLL Name: //p' |
          grep -viE '^(kernel32|advapi32|ws2_32|msvcrt|user32|shell32|ole32|bcrypt|psapi|iphlpapi|userenv|wsock32|ntdll|gdi32|api-ms-win-.*)\.dll$' || true)
    if [ -n "$bad" ]; then
        echo "build-windows: $out imports $bad" >&2
        exit 1
    fi
    # The UTF-8 application manifest (src/tools/win32/vbw_utf8.rc) is in.
    if ! grep -q activeCodePage "$out"; then
        echo "build-windows: $out has no UTF-8 manifest" >&2
        exit 1
    fi
    echo "$out ($(stat -c %s "$out") bytes)"
done

if [ "$run_tests" = 1 ]; then
    wineserver -p 2>/dev/null || true   # already running: that one serves
    trap 'wineserver -k 2>/dev/null || true' EXIT
    wine64 cmd /c exit >/dev/null 2>&1 || "$VBW_WINE" cmd /c exit >/dev/null 2>&1 || true # prefix ready
    # The transcripts were recorded on Linux hosts, whose hardware clock
    # keeps UTC (modifyvm --rtcuseutc on); a Windows host says so with
    # RealTimeIsUniversal = 1, and this prefix is such a host. The
    # local-time case is util_test_host_win32's and vbm_test_args'.
    "$VBW_WINE" reg add 'HKLM\SYSTEM\CurrentControlSet\Control\TimeZoneInformation' \
        /v RealTimeIsUniversal /t REG_DWORD /d 1 /f >/dev/null
    # Unit, scenario and reliability-matrix tests; the shell, e2e and fuzz
    # tests drive POSIX programs (bash, python, the BOINC client) and stay
    # on the Linux build.
    (cd "$build" && ctest -j"$jobs" --output-on-failure --timeout 600 -LE 'e2e|shell|fuzz' \
        -E 'reliability_crash_consistency|reliability_load_16_tasks|^build_')
    if [ "$with_boinc" = ON ]; then
        bash "$top/tests/windows/task_under_wine.sh" "$build/bin/vboxwrapper.exe" "$build/bin"
    else
        echo "build-windows: NOT TESTED: vboxwrapper.exe (no BOINC source on this machine;" \
             "set VBW_BOINC_SRC to a BOINC 8.2.15 tree): its whole task under wine did not run" >&2
    fi
fi
