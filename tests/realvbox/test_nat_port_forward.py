"""NAT with a port_forward and pf_guest_port (web API): the web API's host
port is chosen free by the wrapper (as upstream: concurrent tasks would
collide on a fixed one), the <port_forward> keeps the job's host port, the
rules VirtualBox holds are these two, and vbox_webapi.xml names the port the
client will show; the VM runs."""
import os
import re
import sys
import rvlib
from rvlib import check

JOB = """<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>512</memory_size_mb>
  <enable_network/>
  <enable_shared_directory/>
  <pf_guest_port>80</pf_guest_port>
  <port_forward>
    <host_port>5922</host_port>
    <guest_port>22</guest_port>
  </port_forward>
  <completion_trigger_file>boinc_finish_called</completion_trigger_file>
</vbox_job>
"""


def test(boinc, slots):
    slot = boinc.disk_slot(slots, 8, JOB)
    slot.start()
    slot.wait_running()
    info = slot.vbox.vminfo(slot.vm)
    rules = [v for k, v in info.items() if k.startswith("Forwarding(")]
    check(len(rules) == 2, "two NAT rules in VirtualBox (%s)" % rules)
    to80 = [r for r in rules if r.endswith(",80")]
    to22 = [r for r in rules if r.endswith(",22")]
    check(len(to80) == 1 and len(to22) == 1, "one rule to guest port 80, one to 22")
    port80 = int(to80[0].split(",")[3])
    check(1 <= port80 <= 65535, "guest port 80 forwarded from host port %d" % port80)
    check(to22[0].split(",")[3] == "5922", "the port_forward keeps the job's host port 5922")
    with open(os.path.join(slot.dir, "vbox_webapi.xml")) as f:
        webapi = f.read()
    check(re.search(r"<host_port>%d</host_port>" % port80, webapi) is not None,
          "vbox_webapi.xml names host port %d" % port80)
    slot.complete_and_wait(0)
    rvlib.nothing_left(slot.vbox)


sys.exit(rvlib.run(test))
