"""Issue 20.4: with <share_slot_dir> the guest can write the VM's folder in
the slot, VBox.log included; a "Process ID:" line it adds must not become
the pid the wrapper reports to the client (the client SIGKILLs that pid when
it clears the task away). The wrapper reports only a pid that is
VirtualBox's VM process for this VM.

The guest is played by the test: it replaces the running VM's VBox.log with
a copy whose "Process ID:" line names another process of the host (a sleeper
the test starts)."""
import os
import re
import subprocess
import sys
import rvlib
from rvlib import check

JOB = """<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>640</memory_size_mb>
  <share_slot_dir/>
  <completion_trigger_file>boinc_finish_called</completion_trigger_file>
</vbox_job>
"""


def reported_pid(slot):
    s = slot.client.app_status if slot.client else None
    m = re.search(r"<other_pid>(\d+)</other_pid>", s or "")
    return int(m.group(1)) if m else None


def test(boinc, slots):
    slot = boinc.disk_slot(slots, 0, JOB)
    slot.start()
    slot.wait_running()
    real = slot.vbox.vm_pid(slot.vm, slot.logs_dir)
    check(real and os.path.exists("/proc/%d" % real), "the VM process %s runs" % real)
    with open("/proc/%d/cmdline" % real, "rb") as f:
        rvlib.log("VM process command line: %s" % f.read().replace(b"\0", b" ").decode())
    rvlib.wait_for("the client told the VM's pid", lambda: reported_pid(slot) == real)

    victim = subprocess.Popen(["sleep", "600"])
    try:
        # A new VBox.log in place of the old one (as VirtualBox's own rotation
        # looks to a reader), its "Process ID:" line naming the victim.
        log = os.path.join(slot.logs_dir, "VBox.log")
        with open(log, errors="replace") as f:
            text = f.read()
        forged = re.sub(r"(?m)^(\S+ Process ID: )\d+$", r"\g<1>%d" % victim.pid, text)
        check(forged != text, "the log had a Process ID line to forge")
        with open(log + ".guest", "w") as f:
            f.write(forged)
        os.replace(log + ".guest", log)
        rvlib.log("guest: VBox.log replaced, it names process %d" % victim.pid)

        def decided():
            if reported_pid(slot) == victim.pid:
                return "reported"
            if "names process %d, which is not this VM's process" % victim.pid in slot.stderr_txt():
                return "refused"
            return None
        what = rvlib.wait_for("the wrapper read the forged line", decided)
        check(what == "refused", "the forged pid is refused (%s)" % what)
        check(reported_pid(slot) == real, "the client still has the VM's pid (%s)"
              % reported_pid(slot))
        # <share_slot_dir>: the guest's files are in the slot itself.
        with open(os.path.join(slot.dir, "boinc_finish_called.tmp"), "w") as f:
            f.write("0\n0\nvbw rv: work done\n")
        os.replace(os.path.join(slot.dir, "boinc_finish_called.tmp"),
                   os.path.join(slot.dir, "boinc_finish_called"))
        rc = slot.wait_exit()
        check(rc == 0, "vboxwrapper exit status 0 (%s)" % rc)
        check(victim.poll() is None, "the other process lives")
    finally:
        victim.kill()
        victim.wait()
    rvlib.nothing_left(slot.vbox)


sys.exit(rvlib.run(test))
