"""A plain-disk job (the simplest shape projects ship): the VM image copied
into the slot, NAT, shared directory, completion trigger file. The VM must
really run, be configured as the job asks, the completion file must end the
task with its exit code, and VirtualBox must hold nothing afterwards."""
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


def test(boinc, slots):
    slot = boinc.disk_slot(slots, 0, JOB)
    slot.start()
    slot.wait_running()

    info = slot.vbox.vminfo(slot.vm)
    check(info["memory"] == "640", "memory as the job asks (%s MB)" % info["memory"])
    check(info["cpus"] == "1", "one CPU (init_data ncpus 1): %s" % info["cpus"])
    check(info["nic1"] == "nat", "NIC 1 is NAT (%s)" % info["nic1"])
    check(info.get("SharedFolderNameMachineMapping1") == "shared",
          "shared folder 'shared' (%s)" % info.get("SharedFolderNameMachineMapping1"))
    disks = [v for k, v in info.items() if v.endswith("vm_image.vdi")]
    check(disks, "the slot's vm_image.vdi is attached")
    pid = slot.vbox.vm_pid(slot.vm, slot.logs_dir)
    check(pid and rvlib.os.path.exists("/proc/%d" % pid), "the VM process %s runs" % pid)

    slot.complete_and_wait(0)
    check(not rvlib.os.path.exists("/proc/%d" % pid), "the VM process is gone")
    rvlib.nothing_left(slot.vbox)


sys.exit(rvlib.run(test))
