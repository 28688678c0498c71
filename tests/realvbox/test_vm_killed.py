"""Issue 17.2: the VM process dies without a word in its log (SIGKILL here,
the host's OOM killer on a volunteer's machine). VirtualBox marks the VM
Aborted; the wrapper must notice it itself (upstream waits until the
client's deadline), report the premature shutdown (boinc_finish 194) and
leave nothing registered."""
import os
import signal
import sys
import rvlib
from rvlib import check

JOB = """<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>640</memory_size_mb>
  <enable_shared_directory/>
  <completion_trigger_file>boinc_finish_called</completion_trigger_file>
</vbox_job>
"""


def test(boinc, slots):
    slot = boinc.disk_slot(slots, 0, JOB)
    slot.start()
    slot.wait_running()
    pid = slot.vbox.vm_pid(slot.vm, slot.logs_dir)
    check(pid and os.path.exists("/proc/%d" % pid), "the VM process %s runs" % pid)

    slot.keep_vm_log()
    os.kill(pid, signal.SIGKILL)
    rvlib.log("VM process %d killed with SIGKILL" % pid)
    rc = slot.wait_exit()
    check(rc == 194, "vboxwrapper exit status 194 (%s)" % rc)
    check(slot.finish_status() == 194, "boinc_finish(194) (%s)" % slot.finish_status())
    err = slot.stderr_txt()
    check("Status Report: virtualbox/vboxheadless is no longer running." in err,
          "stderr.txt: the VM process is no longer running")
    check("VM state change detected. (old = 'running', new = 'aborted')" in err,
          "stderr.txt: VirtualBox says the VM aborted")
    check("VM Premature Shutdown Detected." in err, "stderr.txt: premature shutdown")
    rvlib.nothing_left(slot.vbox)


sys.exit(rvlib.run(test))
