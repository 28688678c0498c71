"""Issue 17.10: the client's network suspension reaches the running VM.

The BOINC client puts <network_suspended/> in its heartbeat while the
volunteer has suspended network activity (client/app_control.cpp
send_heartbeats); the BOINC API the wrapper links (8.2.15 here; 7.20.5 read
another tag) hands it on in BOINC_STATUS. The wrapper must take NIC 1's link
down on the running VM (controlvm setlinkstate1 off: modifyvm needs the
session lock a running VM holds) and up again when the suspension ends.
VirtualBox itself is asked whether the cable is connected."""
import sys
import rvlib
from rvlib import check

JOB = """<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>640</memory_size_mb>
  <enable_network/>
  <enable_shared_directory/>
  <completion_trigger_file>boinc_finish_called</completion_trigger_file>
</vbox_job>
"""


def cable(slot):
    info = slot.vbox.vminfo(slot.vm) or {}
    return info.get("cableconnected1")


def test(boinc, slots):
    slot = boinc.disk_slot(slots, 0, JOB)
    slot.start()
    slot.wait_running()
    check(cable(slot) == "on", "the link is up while the network is allowed (%s)" % cable(slot))

    slot.client.network_suspended = True
    rvlib.log("client -> network suspended")
    slot.wait_line(r"Disabling network access for VM\.")
    rvlib.wait_for("VirtualBox says the cable is off", lambda: cable(slot) == "off")
    check(slot.vbox.state(slot.vm) == "running", "the VM kept running")

    slot.client.network_suspended = False
    rvlib.log("client -> network resumed")
    slot.wait_line(r"Enabling network access for VM\.")
    rvlib.wait_for("VirtualBox says the cable is on again", lambda: cable(slot) == "on")

    slot.complete_and_wait(0)
    check("ERROR" not in slot.stderr_txt().split("Enabling network access")[0].split(
        "Disabling network access")[-1], "no error between the two link changes")
    rvlib.nothing_left(slot.vbox)


sys.exit(rvlib.run(test))
