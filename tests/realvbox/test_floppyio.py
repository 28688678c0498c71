"""<enable_floppyio/> (CernVM's contextualization channel): the wrapper
writes vm_floppy_<slot>.img as upstream's FloppyIO (28672 bytes, the text in
the first half: here init_data.xml) and attaches it; a real VirtualBox must
accept the image and run the VM, and no floppy may stay registered after."""
import os
import sys
import rvlib
from rvlib import check

JOB = """<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>512</memory_size_mb>
  <enable_floppyio/>
  <enable_shared_directory/>
  <completion_trigger_file>boinc_finish_called</completion_trigger_file>
</vbox_job>
"""


def test(boinc, slots):
    slot = boinc.disk_slot(slots, 7, JOB)
    slot.start()
    slot.wait_running()
    img = os.path.join(slot.dir, "vm_floppy_7.img")
    check(os.path.getsize(img) == 28672, "vm_floppy_7.img is a FloppyIO image (28672 bytes)")
    with open(img, "rb") as f:
        head = f.read(14336)
    check(b"<app_init_data>" in head, "its first half carries init_data.xml")
    info = slot.vbox.vminfo(slot.vm)
    check(any(v == img for v in info.values()), "the floppy image is attached")
    slot.complete_and_wait(0)
    rvlib.nothing_left(slot.vbox)


sys.exit(rvlib.run(test))
