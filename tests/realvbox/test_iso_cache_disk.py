"""ISO contextualization with a cache disk (the CernVM shape): the boot ISO
vm_isocontext.iso as a DVD and vm_cache.vdi as a disk, both copied into the
slot by the client. VirtualBox must accept the configuration and run the VM,
and after the completion file neither the VM nor the DVD nor the cache disk
stays registered (upstream closes both media after unregistering the VM)."""
import sys
import rvlib
from rvlib import check

JOB = """<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>512</memory_size_mb>
  <enable_isocontextualization/>
  <enable_cache_disk/>
  <enable_network/>
  <enable_shared_directory/>
  <completion_trigger_file>boinc_finish_called</completion_trigger_file>
</vbox_job>
"""


def test(boinc, slots):
    boinc.blank_iso("vm_isocontext_2.0.iso")
    boinc.blank_vdi("vm_cache_2.0.vdi", size_mb=16)
    slot = boinc.slot(4)
    slots.append(slot)
    slot.job(JOB)
    slot.copy("vm_isocontext.iso", "vm_isocontext_2.0.iso")
    slot.copy("vm_cache.vdi", "vm_cache_2.0.vdi")
    slot.start()
    slot.wait_running()
    info = slot.vbox.vminfo(slot.vm)
    media = [v for v in info.values() if v.startswith(slot.dir)]
    check(any(m.endswith("/vm_isocontext.iso") for m in media),
          "the contextualization ISO is attached as a DVD (%s)" % media)
    check(any(m.endswith("/vm_cache.vdi") for m in media), "the cache disk is attached")
    slot.complete_and_wait(0)
    rvlib.nothing_left(slot.vbox)


sys.exit(rvlib.run(test))
