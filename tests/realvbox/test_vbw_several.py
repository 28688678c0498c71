"""Several guests at once on a real VirtualBox 7.2 (issue 22.3), configuration
verbs only (no VM boots): two VMs made by `vbw create` from flags, a snapshot
taken on both through one glob, `info` of both as one JSON array, and both
destroyed by the glob. Each step is checked against VirtualBox itself
(showvminfo, list vms); the calls of the two VMs run at once, each VM on a
VBoxManage of its own, which the real VBoxSVC must take."""
import json
import os
import subprocess
import sys

import rvlib
from rvlib import check, log

VMS = ["boinc_rvsev_a", "boinc_rvsev_b"]


def test(boinc, slots):
    vbox = boinc.vbox

    def vbw(*args):
        p = subprocess.run([os.path.join(rvlib.BIN, "vbw"), "--json"] + list(args),
                           env=vbox.env, capture_output=True, text=True, timeout=600)
        log("vbw %s -> %d %s %s" % (" ".join(args), p.returncode, p.stdout.strip(),
                                    p.stderr.strip()[-300:]))
        return p.returncode, json.loads(p.stdout.splitlines()[-1])

    for vm in VMS:
        rc, doc = vbw("create", vm, "--ostype", "Linux26_64", "--memory", "64")
        check(rc == 0 and doc["ok"], "create %s" % vm)
    rc, doc = vbw("snapshot", "take", "boinc_rvsev_*", "both")
    check(rc == 0 and [d["vm"] for d in doc] == VMS and all(d["ok"] for d in doc),
          "snapshot take by glob: one result per VM, in order (%s)" % doc)
    for vm in VMS:
        check(vbox.vminfo(vm).get("CurrentSnapshotName") == "both",
              "VirtualBox has snapshot 'both' on %s" % vm)
    rc, doc = vbw("info", *VMS)
    check(rc == 0 and [d["name"] for d in doc] == VMS and
          [d["uuid"] for d in doc] == [vbox.vminfo(vm)["UUID"] for vm in VMS],
          "info of both: one array, UUIDs as VirtualBox has them")
    rc, doc = vbw("destroy", "boinc_rvsev_*")
    check(rc == 0 and all(d["ok"] for d in doc) and len(doc) == 2, "destroy by glob: both ok")
    names = vbox.names("vms")
    check(not any(vm in names for vm in VMS), "neither VM is registered any more (%s)" % names)
    rc, doc = vbw("destroy", "boinc_rvsev_*")
    check(rc == 1 and "no registered VM matches" in doc.get("error", ""),
          "a glob that matches nothing fails (%d %s)" % (rc, doc))


sys.exit(rvlib.run(test))
