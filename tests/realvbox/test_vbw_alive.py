"""Which guests are alive, on a real VirtualBox 7.2 (issue 22.4). A running
VM whose guest has no guest additions (a blank disk: the BIOS idles) and a
powered-off VM: `vbw list --alive` asks VirtualBox for the guest property of
the running VM only and says "no" for it ("No value set!") and "-" (JSON
null) for the other; `vbw wait A B --alive` watches both together: the
powered-off VM fails at once and the running one is still watched until its
own time limit. One VM runs at a time (the bench's rule), powered off at the
end. A guest that really reports alive needs the booted guest image
(tests/realvbox/guest), minutes of emulation: not here."""
import json
import os
import subprocess
import sys

import rvlib
from rvlib import check, log

RUN, OFF = "vbw-rv-alive-run", "vbw-rv-alive-off"


def test(boinc, slots):
    vbox = boinc.vbox
    env = vbox.env

    def vbw(*args):
        p = subprocess.run([os.path.join(rvlib.BIN, "vbw")] + list(args), env=env,
                           capture_output=True, text=True, timeout=600)
        log("vbw %s -> %d %s %s" % (" ".join(args), p.returncode, p.stdout.strip()[-600:],
                                    p.stderr.strip()[-600:]))
        return p

    for vm in (RUN, OFF):
        disk = boinc.blank_vdi(vm + ".vdi")
        p = vbw("create", vm, "--ostype", "Linux26_64", "--memory", "64", "--disk", disk,
                "--basefolder", boinc.top)
        check(p.returncode == 0, "created %s" % vm)
    p = vbw("start", RUN, "--wait", "--timeout", "300")
    check(vbox.state(RUN) == "running", "%s runs" % RUN)
    try:
        p = vbw("--json", "list", "--alive")
        vms = {v["name"]: v for v in json.loads(p.stdout)["vms"]}
        check(p.returncode == 0, "list --alive exits 0")
        check(vms[RUN]["alive"] is False, "running without guest additions: alive false")
        check(vms[OFF]["alive"] is None, "powered off: alive null")
        p = vbw("list", "--alive")
        lines = {l.split()[0]: l.split() for l in p.stdout.splitlines()[1:]}
        check(lines[RUN][2] == "no" and lines[OFF][2] == "-", "text ALIVE column: no / -")
        p = vbw("--json", "wait", RUN, OFF, "--alive", "--timeout", "5", "--interval", "1")
        events = [json.loads(l) for l in p.stdout.splitlines() if l.strip()]
        check(p.returncode == 1, "wait fails (exit %d)" % p.returncode)
        by_vm = {e["vm"]: e for e in events}
        check(by_vm.get(OFF, {}).get("event") == "error" and "not running" in by_vm[OFF]["error"],
              "the powered-off VM fails at once (%s)" % by_vm.get(OFF))
        check(by_vm.get(RUN, {}).get("event") == "error" and
              "not alive after 5 s" in by_vm[RUN]["error"] and
              by_vm[RUN]["after_ms"] >= by_vm[OFF]["after_ms"],
              "the running one is still watched to its time limit (%s)" % by_vm.get(RUN))
    finally:
        vbw("poweroff", RUN, "--wait")
    for vm in (RUN, OFF):
        vbw("destroy", vm)
    rvlib.nothing_left(vbox)


sys.exit(rvlib.run(test))
