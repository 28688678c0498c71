"""Quit, then restart in the same slot (the client exits or the volunteer
stops BOINC): the wrapper saves the VM's state and exits with the slot kept;
the restarted wrapper reuses the registered VM (no second createvm) and
VirtualBox really runs it again from where it was; the completion file then
ends the task and nothing is left."""
import os
import sys
import rvlib
from rvlib import check

JOB = """<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>512</memory_size_mb>
  <enable_shared_directory/>
  <completion_trigger_file>boinc_finish_called</completion_trigger_file>
</vbox_job>
"""


def test(boinc, slots):
    slot = boinc.disk_slot(slots, 3, JOB)

    slot.start()
    slot.wait_running()
    uuid = slot.vbox.vminfo(slot.vm)["UUID"]
    slot.send("quit")
    rc = slot.wait_exit()
    check(rc == 0, "the quitting wrapper exits 0 (%s)" % rc)
    check(slot.finish_status() is None, "no boinc_finish on quit")
    state = slot.vbox.state(slot.vm)
    check(state in ("saved", "poweroff"), "the VM is kept, stopped (%s)" % state)
    check(os.path.exists(os.path.join(slot.dir, "vbox_checkpoint.xml")),
          "vbox_checkpoint.xml written")
    first = slot.stderr_txt()

    slot.start()
    slot.wait_running()
    again = slot.stderr_txt()[len(first):]
    check("Create VM." not in again, "the restart creates no VM")
    check(slot.vbox.vminfo(slot.vm)["UUID"] == uuid, "the same VM runs again")
    slot.complete_and_wait(0)
    rvlib.nothing_left(slot.vbox)


sys.exit(rvlib.run(test))
