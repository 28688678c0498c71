"""Multiattach, the mode LHC@home uses: the VM image is one parent in the
project directory (<multiattach_vdi_file>), never copied into the slots;
two tasks started at once on one host share it, each VM on its own
differencing child. A real VirtualBox 7.2 decides what it accepts: both VMs
must run, the parent must be of type MultiAttach and left where it was, and
after both tasks end only the parent may stay registered (the next task of
the project reuses it, as upstream's does)."""
import os
import re
import sys
import rvlib
from rvlib import check

JOB = """<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>512</memory_size_mb>
  <multiattach_vdi_file>lhc_image_1.00.vdi</multiattach_vdi_file>
  <enable_shared_directory/>
  <completion_trigger_file>boinc_finish_called</completion_trigger_file>
</vbox_job>
"""


def test(boinc, slots):
    parent = boinc.blank_vdi("lhc_image_1.00.vdi", size_mb=16)
    a = boinc.slot(5, result="lhc_task_a_0")
    b = boinc.slot(6, result="lhc_task_b_0")
    slots.extend([a, b])
    for s in (a, b):
        s.job(JOB)
        check(not os.path.exists(os.path.join(s.dir, "lhc_image_1.00.vdi")),
              "slot %d holds no copy of the parent" % s.number)
    a.start()
    b.start()            # at once: both register against one parent
    a.wait_running()
    b.wait_running()
    out = a.vbox.must("showmediuminfo", "disk", parent)
    check(re.search(r"^Type:\s+multiattach", out, re.M) is not None,
          "the parent is MultiAttach in VirtualBox")
    children = re.findall(r"^Child UUIDs:\s+(\S+)|^\s+(\S{36})$", out, re.M)
    check(len([c for c in children if any(c)]) == 2,
          "two differencing children, one per VM (%s)" % children)
    for s in (a, b):
        info = s.vbox.vminfo(s.vm)
        check(info["VMState"] == "running", "VM of slot %d runs" % s.number)
    for s in (a, b):
        s.complete(exit_code=0)
    for s in (a, b):
        rc = s.wait_exit()
        check(rc == 0 and s.finish_status() == 0, "slot %d: exit 0, boinc_finish(0)" % s.number)
    check(os.path.exists(parent), "the parent file is still in the project directory")
    rvlib.nothing_left(a.vbox, keep=(parent,))


sys.exit(rvlib.run(test))
