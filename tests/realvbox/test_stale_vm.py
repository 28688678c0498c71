"""A stale VM holds the slot's disk image (issue 16.15): an older VM of the
same VirtualBox home -- a task that ended with the client or VirtualBox
crashing, so nobody unregistered it -- has the slot's vm_image.vdi attached
(with the fresh UUID a wrapper gives a copy, `--setuuid ""`), and the
client has since put a new copy of the project's image at that path. As
upstream (vbox_common.cpp run(): is_disk_image_registered(),
deregister_stale_vm()), the wrapper finds the stale VM through VirtualBox
(the medium's "In use by VMs") and deregisters it, keeping the slot's image
file (upstream's `unregistervm --delete` would delete it: we detach it
first), so its own VM gets the disk, runs, and at the end VirtualBox holds
nothing: neither VM, nor the image."""
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

STALE = "boinc_0123456789abcdef"


def test(boinc, slots):
    slot = boinc.disk_slot(slots, 0, JOB)
    image = os.path.join(slot.dir, "vm_image.vdi")
    vbox = slot.vbox
    # The stale VM as a wrapper left it: in the slot, the image attached as
    # a copy with a fresh UUID.
    vbox.must("createvm", "--name", STALE, "--ostype", "Linux26_64", "--register",
              "--basefolder", slot.dir)
    vbox.must("storagectl", STALE, "--name", "Hard Disk Controller", "--add", "sata",
              "--controller", "IntelAHCI")
    vbox.must("storageattach", STALE, "--storagectl", "Hard Disk Controller", "--port", "0",
              "--device", "0", "--type", "hdd", "--medium", image, "--setuuid", "")
    check(image in vbox.names("hdds"), "the stale VM holds the slot's image")
    # The client lays out the slot anew: a fresh copy of the project's image.
    slot.copy("vm_image.vdi", "vm_image_1.00.vdi")

    slot.start()
    slot.wait_running()
    check(STALE not in vbox.names("vms"), "the stale VM was deregistered (%s)"
          % vbox.names("vms"))
    check(not os.path.exists(os.path.join(slot.dir, STALE)), "and its folder deleted")
    info = vbox.vminfo(slot.vm)
    disks = [v for k, v in info.items() if v == image]
    check(disks, "the slot's image is attached to the task's VM")
    check(os.path.exists(image), "the image file is kept")

    slot.complete_and_wait(0)
    rvlib.nothing_left(vbox)


sys.exit(rvlib.run(test))
