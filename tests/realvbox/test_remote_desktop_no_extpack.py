"""<enable_remotedesktop/> where VirtualBox has no extension pack (issue
16.11; Debian's VirtualBox 7.2.22 in the chroot has only its VNC pack, whose
VRDE module is VBoxVNC, not Oracle's VBoxVRDP that upstream asks for). As upstream (is_extpack_installed()), the VM is
made without VRDE, the wrapper says "Required extension pack not installed,
remote desktop not enabled.", writes no vbox_remote_desktop.xml, advertises
no console to the client, and the task runs to its end."""
import os
import sys

import rvlib
from rvlib import check

JOB = """<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>256</memory_size_mb>
  <enable_shared_directory/>
  <enable_remotedesktop/>
  <completion_trigger_file>boinc_finish_called</completion_trigger_file>
</vbox_job>
"""


def test(boinc, slots):
    out = boinc.vbox.must("list", "extpacks")
    check("VBoxVRDP" not in out and "Oracle" not in out,
          "this VirtualBox has no Oracle extension pack (VRDP)")
    slot = boinc.disk_slot(slots, 0, JOB)
    slot.start()
    slot.wait_running()
    info = slot.vbox.vminfo(slot.vm)
    check(info.get("vrde") == "off", "VRDE is off in the VM (vrde=%s)" % info.get("vrde"))
    check("Required extension pack not installed, remote desktop not enabled." in
          slot.stderr_txt(), "stderr.txt says why")
    check("Remote Desktop Enabled" not in slot.stderr_txt(), "no console advertised")
    check(not os.path.exists(os.path.join(slot.dir, "vbox_remote_desktop.xml")),
          "no vbox_remote_desktop.xml")
    slot.complete_and_wait(0)
    rvlib.nothing_left(slot.vbox)


sys.exit(rvlib.run(test))
