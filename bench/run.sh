#!/bin/sh
# bench/run.sh - the one command for the benchmarks (issue 9): builds what it
# needs if it is not built, runs the real vboxwrapper over the VBoxManage
# replay program, and prints every figure with its unit. Prints; asserts
# nothing. See bench/README.md for how to read the figures.
#
#   bench/run.sh [--quick] [--build-dir DIR] [--steady S] [--delay-ms MS]
#                [--workdir DIR] [--self-test]
#     --quick       steady window 10 s instead of 60 s (smoke use)
#     --build-dir   CMake build directory (default: <repo>/build-bench;
#                   configured RelWithDebInfo when it has no CMakeCache.txt)
#     --steady      steady-state window in seconds (default 60)
#     --delay-ms    the slow VBoxManage's cost per call (default 200)
#     --workdir     where slots, transcripts and logs go (default: a new
#                   directory under ${TMPDIR:-/tmp}, kept and named at the end)
#     --self-test   prove the harness with bench/standin_wrapper.py instead
#                   of vboxwrapper (needs only the replay program)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")
build="$repo/build-bench"
steady=60
delay=200
workdir=
selftest=0
while [ $# -gt 0 ]; do
    case $1 in
    --quick) steady=10 ;;
    --build-dir) build=$2; shift ;;
    --steady) steady=$2; shift ;;
    --delay-ms) delay=$2; shift ;;
    --workdir) workdir=$2; shift ;;
    --self-test) selftest=1 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done
say() { echo "run.sh: $*" >&2; }

# ---- build (each target on its own: one that does not build costs only
# its own figures)
if [ ! -f "$build/CMakeCache.txt" ]; then
    say "configuring $build (RelWithDebInfo)"
    cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
jobs=$(nproc 2>/dev/null || echo 2)
[ "$jobs" -le 2 ] || jobs=2
build_target() {
    if cmake --build "$build" --target "$1" -j"$jobs" >"$build/bench-build-$1.log" 2>&1; then
        return 0
    fi
    say "target $1 does not build (see $build/bench-build-$1.log)"
    return 1
}
build_target vbw-vboxmanage-replay || exit 1
wrapper="$build/bin/vboxwrapper"
if [ $selftest = 1 ]; then
    wrapper="$here/standin_wrapper.py"
else
    build_target vboxwrapper || exit 1
fi
have_parse=0
build_target vbw-bench-parse && have_parse=1

[ -n "$workdir" ] || workdir=$(mktemp -d "${TMPDIR:-/tmp}/vbw-bench.XXXXXX")
mkdir -p "$workdir"

# ---- the machine
echo "== machine =="
echo "cores (nproc): $(nproc)"
echo "CPU: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)"
if [ -r /etc/debian_version ]; then
    echo "OS: $(. /etc/os-release 2>/dev/null; echo "${PRETTY_NAME:-?}") (debian_version $(cat /etc/debian_version))"
else
    echo "OS: $(. /etc/os-release 2>/dev/null; echo "${PRETTY_NAME:-?}")"
fi
echo "kernel: $(uname -r)"
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ $selftest = 1 ]; then
    echo "wrapper: bench/standin_wrapper.py (SELF-TEST: these figures are the stand-in's, not vbw's)"
else
    echo "wrapper: $("$wrapper" --version 2>/dev/null | head -n1) ($wrapper)"
fi

# ---- parser throughput
parse_out="$workdir/parse.txt"
: >"$parse_out"
if [ $have_parse = 1 ]; then
    fixture="$repo/fixtures/7.0/showvminfo-running.txt"   # a whole BOINC VM (116 lines)
    [ -f "$fixture" ] || fixture=$(ls "$repo"/fixtures/7.0/showvminfo*.txt 2>/dev/null | head -n1 || true)
    [ -n "$fixture" ] || fixture=$(ls "$repo"/fixtures/*/showvminfo*.txt 2>/dev/null | tail -n1 || true)
    if [ -n "$fixture" ]; then
        t=1
        [ "$steady" -ge 60 ] 2>/dev/null && t=3
        "$build/bin/vbw-bench-parse" -t "$t" "$fixture" >"$parse_out" 2>&1 ||
            say "vbw-bench-parse failed"
    else
        echo "parser throughput: n/a (no fixtures/*/showvminfo*.txt)" >"$parse_out"
    fi
else
    echo "parser throughput: n/a (vbw-bench-parse does not build)" >"$parse_out"
fi

# ---- the wrapper's life
if [ $selftest = 1 ]; then
    python3 "$here/standin_wrapper.py" --write-transcripts "$workdir/standin-transcripts"
    set -- --transcripts "$workdir/standin-transcripts"
else
    set -- --fake "$repo/tests/e2e/fake_vboxmanage.py"
fi
python3 "$here/bench.py" --wrapper "$wrapper" --replay "$build/bin/vbw-vboxmanage-replay" \
    --workdir "$workdir" --steady "$steady" --delay-ms "$delay" --parse-output "$parse_out" "$@"
echo "(slots, transcripts, call logs and the wrapper's output: $workdir)"
