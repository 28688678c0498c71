"""A VM cut short while being created (issue 20.7): the wrapper was killed
after `createvm --register` and before the storage controller had its disk
and the VM its shared folder. The restart must not reuse that VM (it starts
without a disk and never finishes): the half-built VM is unregistered
(`unregistervm --delete` after what lies outside its folder is detached,
so the slot's image survives) and created anew; the task then runs to its
end and VirtualBox keeps nothing. Here the half-built VM is made by hand,
as the wrapper's own first calls make it."""
import os
import sys

import rvlib
from rvlib import check

JOB = """<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>256</memory_size_mb>
  <enable_shared_directory/>
  <completion_trigger_file>boinc_finish_called</completion_trigger_file>
</vbox_job>
"""


def test(boinc, slots):
    slot = boinc.disk_slot(slots, 0, JOB)
    image = os.path.join(slot.dir, "vm_image.vdi")
    vbox = slot.vbox
    vbox.must("createvm", "--name", slot.vm, "--basefolder", slot.dir, "--ostype", "Linux26_64",
              "--register")
    vbox.must("modifyvm", slot.vm, "--memory", "256")
    vbox.must("storagectl", slot.vm, "--name", "Hard Disk Controller", "--add", "sata",
              "--controller", "IntelAHCI", "--portcount", "3")
    info = vbox.vminfo(slot.vm)
    check(not [v for v in info.values() if v == image], "the half-built VM has no disk")

    slot.start()
    slot.wait_running()
    info = vbox.vminfo(slot.vm)
    check([v for v in info.values() if v == image], "the rebuilt VM has the slot's disk")
    check(info.get("SharedFolderNameMachineMapping1") == "shared",
          "and the shared folder (%s)" % info.get("SharedFolderNameMachineMapping1"))
    check(os.path.exists(image), "the slot's image file is kept")

    slot.complete_and_wait(0)
    rvlib.nothing_left(vbox)


sys.exit(rvlib.run(test))
