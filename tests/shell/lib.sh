# tests/shell/lib.sh - helpers for the shell tests of bin/vbw. Each test runs
# vbw as a user would, with VBoxManage answered by bin/vbw-vboxmanage-replay
# from a transcript in tests/shell/data, and checks stdout, stderr and the
# exit status. Environment (set by CMake): VBW, REPLAY, DATA.
set -u

: "${VBW:?}" "${REPLAY:?}" "${DATA:?}"
# vbw must drive VBoxManage through the stand-in, never replay in-process.
unset VBW_REPLAY_TRANSCRIPT VBW_RECORD_TRANSCRIPT VBW_REPLAY_FAULTS VBW_VBOXMANAGE
export VBW_POLL_INTERVAL=0.01

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vbw-shell.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
FAILURES=0
CODE=0

fail() {
    echo "FAIL: $*" >&2
    echo "--- stdout:" >&2; cat "$WORK/out" >&2
    echo "--- stderr:" >&2; cat "$WORK/err" >&2
    FAILURES=$((FAILURES + 1))
}

# use_transcript FILE [VARS]: a fresh VBoxManage stand-in answering from
# DATA/FILE (VARS: "NAME=value;..." placeholders).
use_transcript() {
    STATE="$WORK/state.$1"
    rm -f "$STATE"
    cat > "$WORK/VBoxManage" <<EOS
#!/bin/sh
VBW_REPLAY_TRANSCRIPT='$DATA/$1' VBW_REPLAY_STATE='$STATE' VBW_TRANSCRIPT_VARS='${2:-}' exec '$REPLAY' "\$@"
EOS
    chmod +x "$WORK/VBoxManage"
}

# vbw ARGS...: runs bin/vbw against the stand-in; sets CODE.
vbw() {
    "$VBW" --vboxmanage "$WORK/VBoxManage" "$@" > "$WORK/out" 2> "$WORK/err"
    CODE=$?
}

expect_code() { [ "$CODE" -eq "$1" ] || fail "exit status $CODE, expected $1 (${2:-})"; }
expect_out() {
    printf '%s' "$1" > "$WORK/expected"
    cmp -s "$WORK/expected" "$WORK/out" || fail "stdout differs from: $1"
}
expect_err() {
    printf '%s' "$1" > "$WORK/expected"
    cmp -s "$WORK/expected" "$WORK/err" || fail "stderr differs from: $1"
}
expect_out_has() { grep -qF -- "$1" "$WORK/out" || fail "stdout lacks: $1"; }
expect_err_has() { grep -qF -- "$1" "$WORK/err" || fail "stderr lacks: $1"; }
expect_out_empty() { [ ! -s "$WORK/out" ] || fail "stdout not empty"; }
expect_err_lines() {
    n=$(wc -l < "$WORK/err")
    [ "$n" -eq "$1" ] || fail "stderr has $n lines, expected $1"
}
# Every recorded call was made, no more, no fewer.
expect_transcript_done() {
    "$WORK/VBoxManage" --vbw-replay-check > "$WORK/check" 2>&1 ||
        { cat "$WORK/check" >&2; FAILURES=$((FAILURES + 1)); echo "FAIL: transcript not used up" >&2; }
}
# poll_for DESCRIPTION COMMAND...: true once COMMAND succeeds, within 60 s
# (polled, for tests that signal a running vbw).
poll_for() {
    what=$1
    shift
    tries=0
    until "$@"; do
        tries=$((tries + 1))
        [ "$tries" -lt 600 ] || { fail "gave up waiting for: $what"; return 1; }
        sleep 0.1
    done
}
alive() { kill -0 "$1" 2> /dev/null; }
gone() { ! kill -0 "$1" 2> /dev/null; }
finish() {
    [ "$FAILURES" -eq 0 ] || { echo "$FAILURES check(s) failed" >&2; exit 1; }
    echo "all checks passed"
    exit 0
}
