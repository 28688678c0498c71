#!/bin/sh
# vbw exec -i (issue 22 row 30): vbw's stdin, read to its end, reaches the guest program as its
# stdin: copied into the guest under a private name and opened there by /bin/sh, which then
# becomes the program (its status is the program's). The copy is what vbw read, byte for byte:
# the stand-in below keeps the file VBoxManage was asked to copy. A failed copy runs nothing.
. "$(dirname "$0")/lib.sh"

use_transcript exec-stdin-70.txt
# Keep a copy of what vbw asks VBoxManage to copy (copyto ... HOST GUEST).
mv "$WORK/VBoxManage" "$WORK/replay"
cat > "$WORK/VBoxManage" <<EOS
#!/bin/sh
if [ "\$3" = copyto ]; then
    for a in "\$@"; do prev=\$host; host=\$a; done
    cp "\$prev" '$WORK/copied'
fi
exec '$WORK/replay' "\$@"
EOS
chmod +x "$WORK/VBoxManage"

printf 'line 1\nline 2\n' > "$WORK/in"
vbw exec -i boinc_a /usr/bin/wc -l < "$WORK/in"
expect_code 0 "exec -i"
expect_out "2
"
expect_err ""
cmp -s "$WORK/in" "$WORK/copied" || fail "the copy is not vbw's stdin: $(od -c "$WORK/copied")"

printf 'abc\n' > "$WORK/in"
vbw --json exec -i boinc_a --user boinc /bin/sh -c 'cat; exit 3' < "$WORK/in"
expect_code 3 "exec -i, the guest program's status"
expect_out_has '{"vm":"boinc_a","cmd":"/bin/sh","args":["-c","cat; exit 3"],"out":"abc\n","err":"","finished":true,"exit_code_or_signal":3,'
cmp -s "$WORK/in" "$WORK/copied" || fail "the copy is not vbw's stdin (2)"

rm -f "$WORK/copied"
vbw exec -i boinc_off /bin/cat < /dev/null
expect_code 125 "the copy failed: nothing run"
expect_out_empty
expect_err_lines 1
expect_err_has 'Machine "boinc_off" is not running (currently powered off)!'
[ -f "$WORK/copied" ] && [ ! -s "$WORK/copied" ] || fail "an empty stdin is an empty file"
# vbw's private copy on the host is gone.
ls -d "${TMPDIR:-/tmp}"/vbw-*/stdin 2> /dev/null | grep -q . && fail "a host copy of stdin left"
expect_transcript_done
finish
