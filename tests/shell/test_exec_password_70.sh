#!/bin/sh
# The guest password need not be on vbw's command line (issue 22.2): --password-file (first
# line, newline dropped) or VBW_GUEST_PASSWORD; a missing file fails before any call. Nor is it on
# VBoxManage's (issue 20): it goes in a private temporary file (--passwordfile), removed after.
. "$(dirname "$0")/lib.sh"

use_transcript exec-password-70.txt
# Before the stand-in: what VBoxManage would see. The password must come as --passwordfile, in a
# file only its owner can read, and never in argv; the file must be gone when vbw has exited.
mv "$WORK/VBoxManage" "$WORK/VBoxManage.replay"
cat > "$WORK/VBoxManage" <<EOS
#!/bin/sh
case " \$* " in *"s3cret"*) echo "password in argv: \$*" >> "$WORK/seen" ;; esac
prev=
for a in "\$@"; do
    if [ "\$prev" = --passwordfile ]; then
        echo "\$a" >> "$WORK/pwfiles"
        printf '%s %s\n' "\$(stat -c %a "\$a")" "\$(cat "\$a")" >> "$WORK/seen"
    fi
    prev=\$a
done
exec "$WORK/VBoxManage.replay" "\$@"
EOS
chmod +x "$WORK/VBoxManage"
printf 's3cret word\n' > "$WORK/pw"
vbw exec boinc_a --user boinc --password-file "$WORK/pw" -- /bin/true
expect_code 0 "password from a file"
expect_err ""
VBW_GUEST_PASSWORD='s3cret word' vbw exec boinc_a --user boinc -- /bin/true
expect_code 0 "password from the environment"
vbw exec boinc_a --user boinc --password-file "$WORK/no-such-file" -- /bin/true
expect_code 125 "missing password file"
expect_err_has "vbw: exec: --password-file: "
expect_transcript_done
printf '600 s3cret word\n600 s3cret word\n' > "$WORK/want"
cmp -s "$WORK/want" "$WORK/seen" || { fail "VBoxManage saw: $(cat "$WORK/seen" 2>/dev/null)"; }
while read -r f; do [ ! -e "$f" ] || fail "password file $f left behind"; done < "$WORK/pwfiles"
finish
