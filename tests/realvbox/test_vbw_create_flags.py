"""vbw create from flags on a real VirtualBox 7.2 (issue 22.1): no job file,
the VM in VirtualBox's own machine folder, with the memory, CPUs, OS type,
the user's disk (attached as it is), a shared folder and two NAT port
forwards asked for -- each checked against showvminfo, not against what vbw
says -- and the VM starts. A name already taken and a missing image are
refused before VirtualBox is asked (nothing new registered). destroy then
removes the VM and its files but keeps the user's disk."""
import json
import os
import re
import shutil
import subprocess
import sys

import rvlib
from rvlib import check, log

VM = "vbw-rv-flags"


def test(boinc, slots):
    vbox = boinc.vbox
    disk = os.path.join(boinc.top, "user-disk.vdi")
    shutil.copy(boinc.blank_vdi("blank.vdi"), disk)
    shared = os.path.join(boinc.top, "share-me")
    os.makedirs(shared)

    def vbw(*args):
        p = subprocess.run([os.path.join(rvlib.BIN, "vbw"), "--json"] + list(args),
                           env=vbox.env, capture_output=True, text=True, timeout=600)
        log("vbw %s -> %d %s %s" % (" ".join(args), p.returncode, p.stdout.strip(),
                                    p.stderr.strip()[-300:]))
        return p.returncode, json.loads(p.stdout.splitlines()[-1])

    rc, doc = vbw("create", VM, "--ostype", "Linux26_64", "--memory", "96", "--cpus", "2",
                  "--disk", disk, "--shared", shared, "--nat-pf", "18080:80",
                  "--nat-pf", "12222:22")
    check(rc == 0 and doc["ok"], "create from flags exits 0")
    info = vbox.vminfo(VM)
    check(info is not None, "VirtualBox knows the VM")
    props = vbox.must("list", "systemproperties")
    folder = re.search(r"^Default machine folder:\s+(.*)$", props, re.M).group(1).strip()
    check(info["CfgFile"].startswith(folder + "/"),
          "in VirtualBox's machine folder (%s under %s)" % (info["CfgFile"], folder))
    check(info["memory"] == "96" and info["cpus"] == "2" and info["ostype"].startswith("Linux"),
          "memory 96, 2 CPUs, a Linux type (%s, %s, %s)" % (info["memory"], info["cpus"],
                                                           info["ostype"]))
    attached = [v for k, v in info.items() if re.match(r"^Hard Disk Controller-0-0$", k)]
    check(attached == [disk], "the user's disk on port 0 (%s)" % attached)
    check(os.path.exists(disk), "the disk stays where the user keeps it")
    check(info.get("SharedFolderNameMachineMapping1") == "shared" and
          info.get("SharedFolderPathMachineMapping1") == shared, "shared folder 'shared'")
    rules = sorted(v for k, v in info.items() if k.startswith("Forwarding("))
    check(rules == ["vbw_12222_22,tcp,127.0.0.1,12222,,22", "vbw_18080_80,tcp,127.0.0.1,18080,,80"],
          "both NAT rules (%s)" % rules)
    rc, doc = vbw("start", VM, "--wait", "--timeout", "300")
    check(rc == 0 and vbox.state(VM) == "running", "it starts (%s)" % vbox.state(VM))
    rc, doc = vbw("poweroff", VM, "--wait")
    check(vbox.state(VM) == "poweroff", "powered off")
    before = vbox.names("vms")
    rc, doc = vbw("create", VM, "--ostype", "Linux26_64")
    check(rc == 1 and "already registered" in doc.get("error", ""), "a taken name is refused")
    rc, doc = vbw("create", "vbw-rv-flags-2", "--ostype", "Linux26_64", "--disk",
                  os.path.join(boinc.top, "no-such.vdi"))
    check(rc == 1 and "no-such.vdi" in doc.get("error", ""), "a missing disk is refused")
    check(vbox.names("vms") == before, "nothing new registered (%s)" % vbox.names("vms"))
    # destroy (issue 22.8): VirtualBox's unregistervm --delete would delete
    # the user's disk with the VM; vbw detaches and keeps it.
    rc, doc = vbw("destroy", VM)
    check(rc == 0 and doc["ok"], "destroy exits 0")
    check(os.path.exists(disk), "the user's disk survives destroy")
    check(not os.path.exists(info["CfgFile"]), "the VM's own files are gone")
    rvlib.nothing_left(vbox)


sys.exit(rvlib.run(test))
