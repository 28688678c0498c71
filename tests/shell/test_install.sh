#!/bin/sh
# cmake --install puts both programs, the replay and record stand-ins vbw
# runs from its own directory, and both man pages in place; the installed vbw
# works (vbw replay finds its stand-in next to it). Skipped (77) without cmake.
. "$(dirname "$0")/lib.sh"

command -v cmake > /dev/null 2>&1 || { echo "cmake not found: skipped"; exit 77; }
BUILD=$(cd "$(dirname "$VBW")/.." && pwd)
[ -f "$BUILD/cmake_install.cmake" ] || { echo "no cmake_install.cmake in $BUILD: skipped"; exit 77; }
cmake --install "$BUILD" --prefix "$WORK/prefix" > "$WORK/install.log" 2>&1 ||
    { cat "$WORK/install.log" >&2; fail "cmake --install failed"; finish; }
for f in bin/vbw bin/vboxwrapper bin/vbw-vboxmanage-replay bin/vbw-vboxmanage-record; do
    [ -x "$WORK/prefix/$f" ] || fail "$f not installed"
done
# bash completion (issue 22.10): installed, and it completes commands and a
# command's options from vbw's own --help.
COMPLETION="$WORK/prefix/share/bash-completion/completions/vbw"
if [ ! -s "$COMPLETION" ]; then
    fail "bash completion not installed"
elif command -v bash > /dev/null 2>&1; then
    bash -c '. "$1"; COMP_WORDS=("$2" sta); COMP_CWORD=1; _vbw; echo "${COMPREPLY[*]}"
             COMP_WORDS=("$2" exec boinc_a --ti); COMP_CWORD=3; _vbw; echo "${COMPREPLY[*]}"' \
        sh "$COMPLETION" "$WORK/prefix/bin/vbw" > "$WORK/out" 2> "$WORK/err"
    expect_out "start
--timeout
"
fi
for f in share/man/man1/vbw.1 share/man/man1/vboxwrapper.1; do
    [ -s "$WORK/prefix/$f" ] || fail "$f not installed"
    head -5 "$WORK/prefix/$f" | grep -q '^\.TH ' || fail "$f is not a man page"
done
"$WORK/prefix/bin/vboxwrapper" --version > "$WORK/out" 2> "$WORK/err"
CODE=$?
expect_code 0 "vboxwrapper --version"
grep -qE '^vboxwrapper \(vbw\) [0-9.]+$' "$WORK/out" || fail "vboxwrapper --version"
"$WORK/prefix/bin/vbw" replay "$DATA/vm-list-info-70.txt" -- sh -c \
    '"$0" list > /dev/null && "$0" info boinc_8a1c2e3f4d5b6a79 > /dev/null && "$0" info nosuchvm' \
    "$WORK/prefix/bin/vbw" > "$WORK/out" 2> "$WORK/err"
CODE=$?
expect_code 1 "installed vbw replay (the script's own status)"
expect_err_has "vbw: nosuchvm: "
grep -q "did not make every recorded call" "$WORK/err" && fail "installed replay did not use the transcript up"
finish
