"""Issue 17.8: <enable_screenshots_on_error/> as upstream: when the task fails
with the VM running (here the guest never writes its heartbeat file), the
wrapper saves the VM's screen (controlvm keyboardputscancode 39, then
screenshotpng into the slot) and prints it in stderr.txt, base64 with its MD5,
before the VM is removed. The picture must be a real PNG from VirtualBox."""
import base64
import hashlib
import re
import sys
import rvlib
from rvlib import check

JOB = """<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>640</memory_size_mb>
  <enable_shared_directory/>
  <enable_screenshots_on_error/>
  <heartbeat_filename>heartbeat</heartbeat_filename>
  <minimum_heartbeat_interval>30</minimum_heartbeat_interval>
  <completion_trigger_file>boinc_finish_called</completion_trigger_file>
</vbox_job>
"""


def test(boinc, slots):
    slot = boinc.disk_slot(slots, 0, JOB)
    slot.start()
    slot.wait_running()
    rc = slot.wait_exit()
    check(slot.finish_status() == -163, "boinc_finish(ERR_FILE_MISSING) (%s)" % slot.finish_status())
    err = slot.stderr_txt()
    check("Capturing screenshot." in err and "Screenshot completed." in err,
          "stderr.txt: the screenshot was taken")
    m = re.search(r"Screen Shot Information \(Base64 Encoded PNG\):\nMD5 Signature: ([0-9a-f]{32})\n"
                  r"Data: ([A-Za-z0-9+/=]+)\n", err)
    check(m, "stderr.txt: the picture, base64, with its MD5")
    png = base64.b64decode(m.group(2))
    check(png.startswith(b"\x89PNG\r\n\x1a\n"), "it is a PNG (%d bytes)" % len(png))
    check(hashlib.md5(png).hexdigest() == m.group(1), "its MD5 is the one printed")
    rvlib.log("vboxwrapper exit status %s" % rc)
    rvlib.nothing_left(slot.vbox)


sys.exit(rvlib.run(test))
