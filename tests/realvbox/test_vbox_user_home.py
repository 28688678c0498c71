"""VBOX_USER_HOME as upstream's vboxwrapper (BOINC HEAD, vbox_vboxmanage.cpp
initialize()) settles it on Linux when the client's environment has none
(issue 16.14): /home/$USER/.config/VirtualBox when /home/$USER/.config is a
folder, else <boinc_dir>/projects/VirtualBox, exported before the first
VBoxManage so the VM is registered there -- the home an upstream-wrapped
task of the same host uses. (Kept when set: every other test of this tier
sets it.) Each run registers the VM with --register_only and the test asks
the VirtualBox of the expected home whether it holds it. A wrapper that
leaves VirtualBox its own default registers the VM in root's passwd home
(VirtualBox takes root's home from the passwd entry, not $HOME): such a home
made by the run is emptied and removed again."""
import os
import shutil
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


def register_in(boinc, slots, homes, number, user, expected):
    """Runs vboxwrapper --register_only without VBOX_USER_HOME as USER and
    checks that the VM landed in the VirtualBox home `expected`."""
    default_home = "/root/.config/VirtualBox"
    default_existed = os.path.exists(default_home)
    slot = boinc.disk_slot(slots, number, JOB, result="vbw_rv_home_%d_0" % number)
    # The wrapper's VBoxSVC is reached through the socket of the home it
    # should pick (the wrong home would start its own VBoxSVC on it: the
    # test's query of `expected` then finds no VM, as it should).
    slot.start("--register_only", env_drop=("VBOX_USER_HOME",),
               env_extra={"USER": user, "VBOX_IPC_SOCKETID": rvlib.socket_id(expected)})
    rc = slot.wait_exit()
    if not default_existed and os.path.exists(default_home):
        stray = rvlib.VBox(default_home)
        stray.env["VBOX_IPC_SOCKETID"] = rvlib.socket_id(expected)
        stray.forget_everything()
        shutil.rmtree(default_home, ignore_errors=True)
        try:
            os.rmdir(os.path.dirname(default_home))
        except OSError:
            pass
        raise rvlib.TestFailed("the VM went to VirtualBox's own default home " + default_home)
    check(rc == 0, "vboxwrapper --register_only exits 0 (%s)" % rc)
    check(os.path.isdir(expected), "the VirtualBox home %s exists" % expected)
    vbox = rvlib.VBox(expected)
    homes.append(vbox)
    vms = vbox.names("vms")
    check(slot.vm in vms, "the VM is registered in %s (list vms: %s)" % (expected, vms))
    check(slot.vm not in boinc.vbox.names("vms"), "and not in the test's own home")


def test(boinc, slots):
    homes = []
    user = "vbwrv%d" % os.getpid()
    user_dir = os.path.join("/home", user)
    try:
        # BOINC as a service: no /home/$USER/.config.
        check(not os.path.exists(user_dir), "no %s on this host" % user_dir)
        register_in(boinc, slots, homes, 1, user,
                    os.path.join(boinc.boinc_dir, "projects", "VirtualBox"))
        # A user's client: /home/$USER/.config exists.
        os.makedirs(os.path.join(user_dir, ".config"))
        register_in(boinc, slots, homes, 2, user,
                    os.path.join(user_dir, ".config", "VirtualBox"))
    finally:
        for vbox in homes:
            vbox.forget_everything()
        shutil.rmtree(user_dir, ignore_errors=True)


sys.exit(rvlib.run(test))
