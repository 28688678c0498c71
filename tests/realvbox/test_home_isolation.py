"""Two tests' VirtualBox homes are really apart (rvlib.VBox).

VBoxManage reaches VBoxSVC through an IPC socket named after the user, not
after VBOX_USER_HOME: two tests running at once (two work trees, or CI beside
a developer) would otherwise both talk to the VBoxSVC started first, see each
other's VMs in `list vms`, and one test's clean-up (which powers off and
unregisters every VM of "its" home) would stop the other test's VMs -- as it
did to a real guest booting beside test_plain_disk. A VM registered in home A
must not be listed in home B while A's VBoxSVC runs."""
import os
import sys

import rvlib
from rvlib import check


def test(boinc, slots):
    a = boinc.vbox
    b = rvlib.VBox(os.path.join(boinc.top, "vbox-home-b"))
    try:
        a.must("createvm", "--name", "vbw-rv-isolation-a", "--ostype", "Linux26_64",
               "--register", "--basefolder", boinc.top)
        check("vbw-rv-isolation-a" in a.names("vms"), "home A lists its own VM")
        check(a.svc_pids(), "home A's VBoxSVC runs (%s)" % a.svc_pids())
        listed_b = b.names("vms")
        check("vbw-rv-isolation-a" not in listed_b,
              "home B does not list home A's VM (%s)" % listed_b)
        check(b.svc_pids() and set(b.svc_pids()) != set(a.svc_pids()),
              "home B has a VBoxSVC of its own (%s, A's %s)" % (b.svc_pids(), a.svc_pids()))
    finally:
        b.forget_everything()


sys.exit(rvlib.run(test))
