"""Shared, scratch and project folders (upstream: <enable_scratch_directory>
shares <project_dir>/scratch as "scratch", made by the wrapper;
<share_project_dir> shares <project_dir> as "project"; the two exclude each
other, so two tasks). VirtualBox must hold each folder at the path the
job's VM has (src/job/vbw_job_vm.c), the VM must run, the task end on its
completion file, and VirtualBox hold nothing afterwards; the scratch
folder, which belongs to the project, stays."""
import os
import sys
import rvlib
from rvlib import check

SCRATCH_JOB = """<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>512</memory_size_mb>
  <enable_shared_directory/>
  <enable_scratch_directory/>
  <completion_trigger_file>boinc_finish_called</completion_trigger_file>
</vbox_job>
"""

PROJECT_JOB = SCRATCH_JOB.replace("<enable_scratch_directory/>", "<share_project_dir/>")


def folders(info):
    """{name: host path} of the VM's machine shared folders."""
    out = {}
    for k, v in info.items():
        if k.startswith("SharedFolderNameMachineMapping"):
            out[v] = info.get("SharedFolderPathMachineMapping" + k[len("SharedFolderNameMachineMapping"):])
    return out


def run_one(boinc, slots, number, job, result, expect):
    slot = boinc.disk_slot(slots, number, job, result=result)
    slot.start()
    slot.wait_running()
    got = folders(slot.vbox.vminfo(slot.vm))
    expect = dict(expect, shared=os.path.join(slot.dir, "shared"))
    for name, path in expect.items():
        check(got.get(name) == path, "shared folder %r at %s (VirtualBox: %s)" % (name, path, got))
    check(len(got) == len(expect), "no other shared folder (%s)" % sorted(got))
    slot.complete_and_wait(0)
    return slot


def test(boinc, slots):
    scratch = os.path.join(boinc.project_dir, "scratch")
    slot = run_one(boinc, slots, 11, SCRATCH_JOB, "vbw_rv_scratch_0",
                   {"scratch": scratch})
    check(os.path.isdir(scratch), "the wrapper made %s" % scratch)
    rvlib.nothing_left(slot.vbox)
    slot = run_one(boinc, slots, 12, PROJECT_JOB, "vbw_rv_project_0",
                   {"project": boinc.project_dir})
    rvlib.nothing_left(slot.vbox)


sys.exit(rvlib.run(test))
