"""Issue 17.11: --sporadic as upstream does it with the BOINC 8 API: the
wrapper hands the guest's shared folder to boinc_sporadic_dir(), and the
API's timer thread then keeps two files there: "ca" holds the client's state
(the heartbeat's <sporadic_ca>), "ac" is read for the app's (sent back in the
status messages as <sporadic_ac>). The guest here is the test, writing "ac"
in shared/ as a guest would; the VM runs meanwhile."""
import os
import re
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

CA_COULD_COMPUTE = 2     # SPORADIC_CA_STATE (BOINC's common_defs.h)
AC_WANT_COMPUTE = 2      # SPORADIC_AC_STATE


def read(path):
    try:
        with open(path, "rb") as f:
            return f.read().split(b"\0")[0].decode(errors="replace").strip()
    except OSError:
        return None


def test(boinc, slots):
    slot = boinc.disk_slot(slots, 0, JOB)
    slot.start("--sporadic")
    slot.wait_running()
    shared = os.path.join(slot.dir, "shared")
    check(os.path.exists(os.path.join(shared, "ac")) and
          os.path.exists(os.path.join(shared, "ca")), "shared/ac and shared/ca made")

    slot.client.sporadic_ca = CA_COULD_COMPUTE
    rvlib.wait_for("shared/ca holds the client's state",
                   lambda: read(os.path.join(shared, "ca")) == str(CA_COULD_COMPUTE))

    with open(os.path.join(shared, "ac"), "w") as f:
        f.write("%d\n" % AC_WANT_COMPUTE)
    rvlib.wait_for("the app's state reaches the client",
                   lambda: re.search(r"<sporadic_ac>%d</sporadic_ac>" % AC_WANT_COMPUTE,
                                     slot.client.app_status or ""))
    check(slot.vbox.state(slot.vm) == "running", "the VM runs")

    slot.complete_and_wait(0)
    rvlib.nothing_left(slot.vbox)


sys.exit(rvlib.run(test))
