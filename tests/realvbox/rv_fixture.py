#!/usr/bin/env python3
"""rv_fixture.py - turns recordings of the real-VirtualBox tier into
fixtures (fixtures/7.2.22/) that the ordinary tier replays.

    rv_fixture.py WORKDIR TEST RUN NAME

WORKDIR is the chroot's /tmp/vbw-rv-<tree> folder (as seen from the host),
TEST the test's name (its folder there), RUN the recording's stem
(record-slotN-runK). Writes fixtures/7.2.22/NAME.txt (the transcript: the
recorder already made the slot, VM name, project and VirtualBox home into
{SLOT} {VM} {PROJECT} {VBOXHOME} and every UUID into {UUIDn}) and, when the
run kept one, fixtures/7.2.22/NAME.VBox.log (the VM process's real log, the
same four values made placeholders), each with a header naming its source.
The transcript's `duration` lines are kept: they are the real call costs.
"""
import datetime
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
VERSION = "7.2.22"




def main():
    workdir, test, run, name = sys.argv[1:5]
    base = os.path.join(workdir, test)
    raw = open(os.path.join(base, run + ".txt")).read()
    today = datetime.date.today().isoformat()
    head = ("# source: recorded from Debian's VirtualBox %s package (virtualbox 7.2.22-dfsg-2, sid),\n"
            "#   driverless (tests/realvbox: chroot, VBoxHeadless stand-in, instruction emulator),\n"
            "#   by tests/realvbox/%s.py (%s) on %s with VBW_RECORD_TRANSCRIPT; regenerate with\n"
            "#   tests/realvbox/rv_fixture.py. The launcher's WARNING block about /dev/vboxdrv is\n"
            "#   real: Debian's VBoxManage is the VBox.sh launcher and the bench has no driver.\n"
            % (VERSION, test, run, today))
    # The recorder's own first lines name when it ran; keep them after ours.
    out_dir = os.path.join(TOP, "fixtures", VERSION)
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, name + ".txt"), "w") as f:
        f.write(head + raw)
    log = os.path.join(base, run + ".VBox.log")
    if os.path.exists(log):
        slot = None
        m = re.search(r"^# Placeholders", raw, re.M)
        text = open(log, errors="replace").read()
        # The values the recorder replaced, from the slot layout rvlib makes.
        slots = os.path.join(base, "boinc", "slots")
        chroot_prefix = workdir.split("/tmp/", 1)[0] if "/tmp/" in workdir else ""
        inner = workdir[len(chroot_prefix):]
        for n in os.listdir(slots):
            slot = os.path.join(inner, test, "boinc", "slots", n)
            text = text.replace(slot, "{SLOT}")
        text = text.replace(os.path.join(inner, test, "boinc", "projects"), "{PROJECTS}")
        text = text.replace(os.path.join(inner, test, "vbox-home"), "{VBOXHOME}")
        text = re.sub(r"boinc_[0-9a-f]{16}", "{VM}", text)
        with open(os.path.join(out_dir, name + ".VBox.log"), "w") as f:
            f.write(text)
    print("wrote fixtures/%s/%s.txt%s" % (VERSION, name,
                                            " and .VBox.log" if os.path.exists(log) else ""))


if __name__ == "__main__":
    main()
