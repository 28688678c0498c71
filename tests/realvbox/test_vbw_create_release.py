"""A `vbw create` that fails after it attached media leaves nothing
registered (issue 22.8; vm_create is all or nothing). The job is the CernVM
shape: the contextualization ISO is attached as a DVD, then the cache disk
-- here a file that is no disk image -- is refused by VirtualBox. The
half-made VM is unregistered with --delete, which on VirtualBox 7.2.22
leaves the DVD registered: vbw must release it (closemedium, never
deleting it), so afterwards no VM, disk or DVD is registered and the ISO
file is still in the slot."""
import json
import os
import subprocess
import sys

import rvlib
from rvlib import check, log

JOB = """<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>256</memory_size_mb>
  <enable_isocontextualization/>
  <enable_cache_disk/>
  <enable_shared_directory/>
</vbox_job>
"""


def test(boinc, slots):
    vbox = boinc.vbox
    boinc.blank_iso("vm_isocontext_2.0.iso")
    slot = boinc.slot(3)
    slot.job(JOB)
    slot.copy("vm_isocontext.iso", "vm_isocontext_2.0.iso")
    cache = os.path.join(slot.dir, "vm_cache.vdi")
    with open(cache, "w") as f:
        f.write("this is not a disk image\n")
    env = dict(vbox.env)
    env["VBW_RECORD_TRANSCRIPT"] = os.path.join(boinc.top, "record-create-fails.txt")
    env["VBW_TRANSCRIPT_VARS"] = "SLOT=%s;VM=%s;VBOXHOME=%s" % (slot.dir, slot.vm, vbox.home)
    p = subprocess.run([os.path.join(rvlib.BIN, "vbw"), "--json", "create", slot.vm, "--job",
                        os.path.join(boinc.project_dir, "vbox_job_1.00.xml"), "--slot", slot.dir],
                       env=env, cwd=slot.dir, capture_output=True, text=True, timeout=600)
    log("vbw create -> %d %s %s" % (p.returncode, p.stdout.strip(), p.stderr.strip()[-400:]))
    doc = json.loads(p.stdout.splitlines()[-1])
    check(p.returncode == 1 and not doc["ok"] and "storageattach" in doc.get("error", ""),
          "create fails at the cache disk's storageattach")
    check(os.path.exists(os.path.join(slot.dir, "vm_isocontext.iso")),
          "the contextualization ISO is still in the slot (never deleted)")
    check(not os.path.exists(os.path.join(slot.dir, slot.vm)), "the VM's own folder is gone")
    rvlib.nothing_left(vbox)


sys.exit(rvlib.run(test))
