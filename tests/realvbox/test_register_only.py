"""--register_only: the wrapper creates and registers the VM as the job asks
and exits without starting it; the VM stays registered for the project's own
tools (upstream deletes it again on the way out: docs/compatibility.md)."""
import sys
import rvlib
from rvlib import check

JOB = """<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>768</memory_size_mb>
  <enable_shared_directory/>
  <completion_trigger_file>boinc_finish_called</completion_trigger_file>
</vbox_job>
"""


def test(boinc, slots):
    slot = boinc.disk_slot(slots, 2, JOB)
    slot.start("--register_only")
    rc = slot.wait_exit()
    check(rc == 0, "vboxwrapper --register_only exits 0 (%s)" % rc)
    info = slot.vbox.vminfo(slot.vm)
    check(info is not None, "the VM is registered in VirtualBox")
    check(info["VMState"] == "poweroff", "and was never started (%s)" % info["VMState"])
    check(info["memory"] == "768", "configured as the job asks (memory %s)" % info["memory"])
    check(any(v.endswith("/vm_image.vdi") for v in info.values()), "with the slot's disk")
    check(slot.vbox.vm_pid(slot.vm, slot.logs_dir) is None, "no VM process ever ran")


sys.exit(rvlib.run(test))
