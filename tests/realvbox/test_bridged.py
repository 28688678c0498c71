"""<network_bridged_mode/>: NIC 1 bridged to the host's first interface of
`VBoxManage list bridgedifs` (upstream's get_default_network_interface()),
a virtio NIC for a Linux guest. VirtualBox must accept that configuration
(checked on the VM --register_only leaves). The bench's driverless VM
process cannot attach a bridged NIC (VERR_SUP_DRIVERLESS: bridging needs
the kernel driver), so the started task must fail as upstream's does on a
VM that will not power on -- boinc_finish with the start error, the error
in stderr.txt, nothing left in VirtualBox -- never hang."""
import sys
import rvlib
from rvlib import check

JOB = """<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>512</memory_size_mb>
  <enable_network/>
  <enable_shared_directory/>
  <network_bridged_mode/>
  <completion_trigger_file>boinc_finish_called</completion_trigger_file>
</vbox_job>
"""


def first_bridged_interface(vbox):
    out = vbox.must("list", "bridgedifs")
    for line in out.splitlines():
        if line.startswith("Name:"):
            return line.split(":", 1)[1].strip()
    return None


def test(boinc, slots):
    want = first_bridged_interface(boinc.vbox)
    check(want, "the host has an interface to bridge to (%s)" % want)

    slot = boinc.disk_slot(slots, 13, JOB)
    slot.start("--register_only")
    check(slot.wait_exit() == 0, "--register_only exits 0")
    info = slot.vbox.vminfo(slot.vm)
    check(info.get("nic1") == "bridged", "NIC 1 is bridged (%s)" % info.get("nic1"))
    check(info.get("bridgeadapter1") == want,
          "bridged to %s (VirtualBox: %s)" % (want, info.get("bridgeadapter1")))
    check(info.get("nictype1") == "virtio", "virtio NIC for Linux (%s)" % info.get("nictype1"))
    check(info.get("cableconnected1") == "on", "cable connected (%s)" % info.get("cableconnected1"))
    text = slot.stderr_txt()
    check("Setting Bridged Interface. (%s)" % want in text, "stderr.txt names the interface")
    check("Setting Bridged Interface. ()" not in text, "and never an empty one")
    slot.vbox.must("unregistervm", slot.vm)

    slot = boinc.disk_slot(slots, 14, JOB, result="vbw_rv_bridged_run_0")
    slot.start()
    rc = slot.wait_exit()
    text = slot.stderr_txt()
    check("VERR_SUP_DRIVERLESS" in text, "the start error reached stderr.txt")
    check(slot.finish_status() not in (None, 0) and rc == slot.finish_status(),
          "boinc_finish(%s) for the start failure, exit %s, no hang" % (slot.finish_status(), rc))
    rvlib.nothing_left(slot.vbox)


sys.exit(rvlib.run(test))
