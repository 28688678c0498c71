#!/bin/sh
# Help that matches the code (issue 22.10): every option a command's --help lists is accepted
# by that command, short forms included, and the man page documents each of them; --json is
# listed everywhere; exec has no -t (docker users read it as "terminal"); typos get a "did you
# mean"; a global option without its value is one "vbw: " line, not "vbw: vbw: ". No call is made.
. "$(dirname "$0")/lib.sh"

MAN="$DATA/../../../docs/vbw.1"
[ -s "$MAN" ] || { echo "no docs/vbw.1 next to the tests: skipped"; exit 77; }
use_transcript doctor-70.txt

vbw --vboxmanage
expect_code 2 "global option without value"
expect_err "vbw: option '--vboxmanage' needs a value
Try 'vbw --help'.
"
vbw strat boinc_a
expect_code 2 "command typo"
expect_err "vbw: unknown command 'strat'; did you mean 'start'?
Try 'vbw --help'.
"
vbw list --runing
expect_code 2 "option typo"
expect_err "vbw: list: unknown option '--runing'; did you mean '--running'?
Try 'vbw list --help'.
"
vbw exec boinc_a -t 5 -- /bin/true
expect_code 2 "exec -t"
expect_err_has "unknown option '-t'"

for cmd in list info create destroy start pause resume stop poweroff savestate restart reset snapshot \
           exec cp wait record replay doctor gc job; do
    "$VBW" "$cmd" --help > "$WORK/help" 2>&1 || fail "$cmd --help"
    grep -q -- '--json' "$WORK/help" || fail "$cmd --help does not show --json"
    # "  -x, --name VALUE  text" or "      --name  text"
    sed -n '/^Options:/,$p' "$WORK/help" | sed -n 's/^  \(-.\)\{0,1\},\{0,1\} *--\([a-z-]*\)\( [A-Z=]*\)\{0,1\} .*/\1 \2 \3/p' \
        > "$WORK/opts"
    [ -s "$WORK/opts" ] || fail "$cmd --help lists no options"
    while read -r a b c; do
        case "$a" in -?) short=$a; long=$b; value=$c ;; *) short=; long=$a; value=$b ;; esac
        case "$long" in help|json|verbose) continue ;; esac
        if [ -n "$value" ]; then
            "$VBW" "$cmd" "--$long=x" --help > /dev/null 2>&1 || fail "$cmd does not take --$long VALUE"
            [ -z "$short" ] || "$VBW" "$cmd" "$short" x --help > /dev/null 2>&1 ||
                fail "$cmd does not take $short VALUE"
        else
            "$VBW" "$cmd" "--$long" --help > /dev/null 2>&1 || fail "$cmd does not take --$long"
            [ -z "$short" ] || "$VBW" "$cmd" "$short" --help > /dev/null 2>&1 ||
                fail "$cmd does not take $short"
        fi
        long_man=$(printf '%s' "$long" | sed 's/-/\\\\-/g')
        grep -q -- "\\\\-\\\\-$long_man" "$MAN" || fail "vbw.1 does not document --$long ($cmd)"
        if [ -n "$short" ]; then
            grep -q -- "\\\\$short\\>" "$MAN" || fail "vbw.1 does not document $short ($cmd)"
        fi
    done < "$WORK/opts"
done
"$WORK/VBoxManage" --vbw-replay-check > /dev/null 2>&1 && fail "a VBoxManage call was made"
finish
