"""A task's life driven through the BOINC client's shared memory: a periodic
checkpoint (a real snapshot of the running VM), suspend (VM paused) and
resume, quit, then the restart restores the checkpoint snapshot and runs on;
the completion file ends it; no VM, disk or snapshot is left.

The checkpoint interval is the client's checkpoint_period (10 s here) and the
job's minimum; VBW_CHECKPOINT_OFFSET=0 replaces upstream's random 0-600 s
interleave so the first checkpoint comes within seconds."""
import sys
import rvlib
from rvlib import check

JOB = """<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>512</memory_size_mb>
  <enable_shared_directory/>
  <minimum_checkpoint_interval>10</minimum_checkpoint_interval>
  <completion_trigger_file>boinc_finish_called</completion_trigger_file>
</vbox_job>
"""
FAST = {"VBW_CHECKPOINT_OFFSET": "0"}


def test(boinc, slots):
    slot = boinc.disk_slot(slots, 1, JOB, checkpoint_period=10.0)

    slot.start(env_extra=FAST)
    slot.wait_running()
    slot.wait_line(r"Checkpoint completed\.")
    check(len(slot.snapshots()) == 1, "one checkpoint snapshot in VirtualBox (%s)"
          % slot.snapshots())
    slot.wait_state("running")

    slot.send("suspend")
    slot.wait_state("paused")
    check(True, "suspend paused the VM")
    slot.send("resume")
    slot.wait_state("running")
    check(True, "resume ran it again")

    slot.send("quit")
    rc = slot.wait_exit()
    check(rc == 0, "quit: the wrapper exits 0 (%s)" % rc)
    before = slot.stderr_txt()

    slot.start(env_extra=FAST)
    slot.wait_running()
    again = slot.stderr_txt()[len(before):]
    check("Restore from previously saved snapshot." in again and "Restore completed." in again,
          "the restart restores the checkpoint snapshot")
    slot.complete_and_wait(0)
    rvlib.nothing_left(slot.vbox)


sys.exit(rvlib.run(test))
