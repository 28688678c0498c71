"""Issues 17.4, 17.5: startvm fails because the kernel driver is missing.

This bench has no /dev/vboxdrv; the driverless VBoxHeadless stand-in hides
that from every other test. Here the packaged, hardened VBoxHeadless is bound
back over the stand-in, in a mount namespace of this test alone (run.sh gives
each test a private one; VBoxSVC and the VM processes it starts inherit it),
so startvm fails exactly as on a volunteer's host whose driver is not loaded:
the VM process dies at once, before it writes any VM log, and VBoxManage says
only "terminated unexpectedly during startup".

The wrapper must print VirtualBox's own answer as upstream prints a failed
call ("Error in start VM for VM: N", Command:, Output:), VBoxSVC's lines about
this VM only (another VM fails in the same VirtualBox home first), diagnose
the missing driver and take a temporary exit, not fail the task."""
import os
import subprocess
import sys
import rvlib
from rvlib import check

HEADLESS = "/usr/lib/virtualbox/VBoxHeadless"

JOB = """<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>640</memory_size_mb>
  <enable_shared_directory/>
  <completion_trigger_file>boinc_finish_called</completion_trigger_file>
</vbox_job>
"""


def real_headless():
    """The packaged stub over the stand-in, for this process and its
    children only (VBoxSVC is not started yet: rvlib.run starts it). A copy
    of private mounts is private: nothing reaches the host."""
    os.unshare(os.CLONE_NEWNS)
    subprocess.run(["mount", "--bind", HEADLESS + ".hardened", HEADLESS], check=True)
    check(not os.path.exists("/dev/vboxdrv"), "no /dev/vboxdrv on this bench")


def test(boinc, slots):
    # Another VM of the same VirtualBox home fails first: its lines are in
    # VBoxSVC.log too and are not this task's.
    other = os.path.join(boinc.top, "other")
    boinc.vbox.must("createvm", "--name", "vbw_rv_other_vm", "--basefolder", other, "--register")
    rc, _, err = boinc.vbox.run("startvm", "vbw_rv_other_vm", "--type", "headless")
    check(rc != 0 and "terminated unexpectedly" in err,
          "the packaged VBoxHeadless cannot start a VM here (%s)" % err.strip()[:200])

    slot = boinc.disk_slot(slots, 0, JOB)
    slot.start()
    rc = slot.wait_exit()
    err = slot.stderr_txt()
    check(rc == 0, "vboxwrapper exit status 0 after boinc_temporary_exit (%s)" % rc)
    check(slot.temporary_exit(), "a temporary exit, not a failed task")
    check(slot.finish_status() is None, "no boinc_finish (%s)" % slot.finish_status())
    with open(os.path.join(slot.dir, "boinc_temporary_exit")) as f:
        te = f.read()
    check("Please update/recompile VirtualBox kernel drivers." in te,
          "the temporary exit says why (%s)" % te.strip())

    check("Error in start VM for VM: " in err, "stderr.txt: upstream's 'Error in start VM' line")
    check("\nCommand:\n" in err and "startvm %s --type headless" % slot.vm in err,
          "stderr.txt: the failed command")
    check("\nOutput:\n" in err and
          "VBoxManage: error: The virtual machine '%s' has terminated unexpectedly during "
          "startup" % slot.vm in err, "stderr.txt: VirtualBox's own error")
    check("Details: code NS_ERROR_FAILURE (0x80004005)" in err, "stderr.txt: its error code")
    check("WARNING: The VirtualBox kernel modules are not loaded." in err,
          "stderr.txt: the missing driver diagnosed")
    check("Hypervisor System Log" in err and "Launched VM:" in err and
          "aText={The virtual machine '%s' has terminated" % slot.vm in err,
          "stderr.txt: VBoxSVC's lines about this VM, the failure included")
    check("vbw_rv_other_vm" not in err, "stderr.txt: nothing about the other VM")
    check(slot.vm in slot.vbox.names("vms"), "the VM stays registered for the restart")
    slot.vbox.run("unregistervm", "vbw_rv_other_vm", "--delete")


real_headless()
sys.exit(rvlib.run(test))
