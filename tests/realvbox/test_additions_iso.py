"""The host's Guest Additions ISO (issue 16.12). Upstream (vbox_vboxmanage.cpp
create_vm, BOINC HEAD) asks `list systemproperties` for "Default Guest
Additions ISO" and, when that file exists, attaches it as a DVD to every VM
it creates: with <enable_isocontextualization> on port 2 of the disk
controller (port 0: the contextualization ISO, port 1: the cache disk),
otherwise on port 1 after the disk. It never closes or deletes it; VirtualBox
7.2.22 keeps it registered after `unregistervm --delete`, so vbw closes it
(never deleting it) unless another VM still has it attached.

Debian's virtualbox package ships no ISO (that is the separate
virtualbox-guest-additions-iso package, not in this chroot), so a stand-in
ISO 9660 image is put where VirtualBox itself looks first
(/usr/share/virtualbox/VBoxGuestAdditions.iso: RTPathAppPrivateNoArch on
Debian), on a copy of that folder bound over it in this test's own mount
namespace (run.sh), so no other test sees it. VirtualBox must name it as its
default, accept both configurations, and after the task the VM and the
contextualization media are gone while the ISO file is untouched; a VM of
another task keeps it. Configuration only: the VMs start (the BIOS idles) or
are only registered (--register_only)."""
import os
import shutil
import subprocess
import sys
import tempfile
import rvlib
from rvlib import check

DATA = "/usr/share/virtualbox"
ISO = DATA + "/VBoxGuestAdditions.iso"

ISO_JOB = """<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>512</memory_size_mb>
  <enable_isocontextualization/>
  <enable_cache_disk/>
  <enable_shared_directory/>
  <completion_trigger_file>boinc_finish_called</completion_trigger_file>
</vbox_job>
"""

DISK_JOB = """<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>512</memory_size_mb>
  <enable_shared_directory/>
  <completion_trigger_file>boinc_finish_called</completion_trigger_file>
</vbox_job>
"""


def stand_in_iso(boinc):
    """A copy of VirtualBox's data folder with a stand-in ISO, bound over
    the folder (private mount namespace: gone when the test ends)."""
    copy = tempfile.mkdtemp(prefix="vbw-rv-vboxdata-")
    for name in os.listdir(DATA):
        src = os.path.join(DATA, name)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(copy, name), symlinks=True)
        else:
            shutil.copy2(src, os.path.join(copy, name))
    shutil.copyfile(boinc.blank_iso("VBoxGuestAdditions_standin.iso"),
                    os.path.join(copy, "VBoxGuestAdditions.iso"))
    subprocess.run(["mount", "--bind", copy, DATA], check=True)
    with open(ISO, "rb") as f:
        return f.read()


def test(boinc, slots):
    check(not os.path.exists(ISO), "Debian's package has no %s (a stand-in is used)" % ISO)
    iso_bytes = stand_in_iso(boinc)
    props = boinc.vbox.must("list", "systemproperties")
    default = [l.split(":", 1)[1].strip() for l in props.splitlines()
               if l.startswith("Default Guest Additions ISO:")]
    check(default == [ISO], "VirtualBox names the stand-in as its default ISO (%s)" % default)

    # ISO contextualization: the additions on port 2, a whole task.
    boinc.blank_iso("vm_isocontext_2.0.iso")
    boinc.blank_vdi("vm_cache_2.0.vdi", size_mb=16)
    slot = boinc.slot(5)
    slots.append(slot)
    slot.job(ISO_JOB)
    slot.copy("vm_isocontext.iso", "vm_isocontext_2.0.iso")
    slot.copy("vm_cache.vdi", "vm_cache_2.0.vdi")
    slot.start()
    slot.wait_running()
    info = slot.vbox.vminfo(slot.vm)
    ctl = "Hard Disk Controller"
    check(info.get(ctl + "-0-0", "").endswith("/vm_isocontext.iso"),
          "port 0: the contextualization ISO (%s)" % info.get(ctl + "-0-0"))
    check(info.get(ctl + "-1-0", "").endswith("/vm_cache.vdi"),
          "port 1: the cache disk (%s)" % info.get(ctl + "-1-0"))
    check(info.get(ctl + "-2-0") == ISO, "port 2: the Guest Additions ISO (%s)"
          % info.get(ctl + "-2-0"))
    err = slot.stderr_txt()
    check("Adding VirtualBox Guest Additions to VM." in err, "stderr.txt says so, as upstream")
    slot.complete(exit_code=0)
    rc = slot.wait_exit()
    check(rc == 0 and slot.finish_status() == 0, "completion: exit 0, boinc_finish(0)")
    check(slot.vbox.names("vms") == [], "the VM is unregistered")
    left = slot.vbox.names("dvds") + slot.vbox.names("hdds")
    check(not any(m.startswith(slot.dir) for m in left),
          "no medium of the slot stays registered (%s)" % left)
    with open(ISO, "rb") as f:
        check(f.read() == iso_bytes, "the Guest Additions ISO is untouched (never deleted)")
    rvlib.nothing_left(slot.vbox)   # the ISO closed too: VirtualBox as before

    # A plain disk: the additions on port 1, configuration only; this VM
    # stays registered with the ISO attached, as another task's would.
    plain = boinc.disk_slot(slots, 6, DISK_JOB, result="vbw_rv_task_1")
    plain.start("--register_only")
    rc = plain.wait_exit()
    check(rc == 0, "vboxwrapper --register_only exits 0 (%s)" % rc)
    info = plain.vbox.vminfo(plain.vm)
    check(info.get(ctl + "-0-0", "").endswith("/vm_image.vdi"), "port 0: the disk")
    check(info.get(ctl + "-1-0") == ISO, "port 1: the Guest Additions ISO (%s)"
          % info.get(ctl + "-1-0"))

    # A whole task beside it: its clean-up must not take the ISO from the
    # other VM (VirtualBox refuses to close a medium in use).
    other = boinc.disk_slot(slots, 7, DISK_JOB, result="vbw_rv_task_2")
    other.start()
    other.wait_running()
    info = other.vbox.vminfo(other.vm)
    check(info.get(ctl + "-1-0") == ISO, "the second VM has it on port 1 too")
    other.complete(exit_code=0)
    rc = other.wait_exit()
    check(rc == 0 and other.finish_status() == 0, "completion: exit 0, boinc_finish(0)")
    check(other.vbox.names("vms") == [plain.vm], "only the registered-only VM is left")
    info = plain.vbox.vminfo(plain.vm)
    check(info.get(ctl + "-1-0") == ISO, "which still has the ISO attached")
    check(ISO in plain.vbox.names("dvds"), "so the ISO stays registered")
    check("WARNING" not in other.stderr_txt(), "and the refused close is no warning")
    with open(ISO, "rb") as f:
        check(f.read() == iso_bytes, "the ISO file is untouched")


sys.exit(rvlib.run(test))
