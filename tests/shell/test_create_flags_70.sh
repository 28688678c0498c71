#!/bin/sh
# vbw create from flags (issue 22.1), VirtualBox 7.0.10 answers: a VM in VirtualBox's machine
# folder with memory, CPUs, the user's disk (attached as it is, not copied), a shared folder and
# NAT port forwards; what can be checked on the host is checked before VirtualBox is asked (a
# missing image, --disk with --iso, a bad rule make no call); a name already registered is
# refused naming the VM that holds it.
. "$(dirname "$0")/lib.sh"

mkdir -p "$WORK/shared"
head -c 4096 /dev/zero > "$WORK/disk.vdi"
use_transcript create-flags-70.txt "DIR=$WORK"
vbw create webvm --ostype Ubuntu_64 --disk "$WORK/missing.vdi"
expect_code 1 "missing disk image"
expect_out_empty
expect_err "vbw: webvm: disk image '$WORK/missing.vdi': No such file or directory
"
vbw create webvm --ostype Ubuntu_64 --disk "$WORK/disk.vdi" --iso "$WORK/disk.vdi"
expect_code 2 "--disk and --iso"
expect_err_has "vbw: create: --disk or --iso, not both"
vbw create webvm --ostype Ubuntu_64 --nat-pf 8080
expect_code 2 "bad --nat-pf"
expect_err_has "vbw: create: --nat-pf wants HOSTPORT:GUESTPORT, not '8080'"
vbw create webvm --ostype Ubuntu_64 --nat-pf 8080:70000
expect_code 2 "guest port out of range"
vbw create webvm --ostype Ubuntu_64 --shared "$WORK/disk.vdi"
expect_code 1 "shared folder is a file"
expect_err_has "is not a folder"
vbw create webvm --job "$DATA/create-job.xml" --ostype Ubuntu_64
expect_code 2 "--job and flags"
(cd "$WORK" && "$VBW" --vboxmanage "$WORK/VBoxManage" create webvm --ostype Ubuntu_64 \
    --memory 1024 --cpus 2 --disk disk.vdi --shared ./shared --nat-pf 8080:80 --nat-pf 2222:22 \
    > "$WORK/out" 2> "$WORK/err")
CODE=$?
expect_code 0 "create from flags (relative paths made absolute)"
expect_out "webvm: created
"
expect_err ""
vbw --json create boinc_a --ostype Ubuntu_64
expect_code 1 "name taken"
expect_out_has '"vm":"boinc_a","ok":false,"error":"a VM named '"'"'boinc_a'"'"' is already registered (UUID a0000000-0000-4000-8000-000000000001)"'
expect_transcript_done
finish
