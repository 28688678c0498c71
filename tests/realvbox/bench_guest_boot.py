"""bench_guest_boot.py - how long the real guest takes to boot, per stage, in
wall time and in CPU time of the VM process (issue 18). Prints figures and
asserts nothing (speed is not a test; ctest does not run it). As root:

    bash tests/realvbox/setup.sh
    VBW_GUEST_CMDLINE="..." bash tests/realvbox/guest/build-guest.sh  # names its key
    bash tests/realvbox/run.sh bench_guest_boot.py /opt/vbw-guest/KEY

It makes a VM of its own (no wrapper, no shared folder: /init then starts
VBoxService, finds no boinc_app and idles), the guest console on the first
serial port into a file, starts it, and polls the console and the VM
process's CPU time until /init reports VBoxService started, then powers it
off and forgets it. The CPU time is what an idle machine's wall time would
be, nearly: the emulator keeps one core busy. The kernel's start is placed
by the guest's uptime at its /init line. One guest at a time: do not run it
beside the guest tests.
"""
import os
import re
import shutil
import subprocess
import sys
import time

import guestlib
import rvlib


def main():
    image_dir = sys.argv[1] if len(sys.argv) > 1 else guestlib.GUEST_DIR
    work = os.path.join(rvlib.WORK, "boot_bench")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    vbox = rvlib.VBox(os.path.join(work, "home"))
    disk = os.path.join(work, "disk.vdi")
    shutil.copyfile(os.path.join(image_dir, "guest.vdi"), disk)
    console = os.path.join(work, "console.log")
    vm = "vbw-boot-bench"
    try:
        vbox.must("createvm", "--name", vm, "--ostype", "Linux26_64", "--register",
                  "--basefolder", work)
        vbox.must("modifyvm", vm, "--memory", "256", "--cpus", "1", "--uart1", "0x3F8", "4",
                  "--uartmode1", "file", console)
        vbox.must("storagectl", vm, "--name", "sata", "--add", "sata", "--portcount", "1")
        vbox.must("storageattach", vm, "--storagectl", "sata", "--port", "0", "--type", "hdd",
                  "--medium", disk)
        t0 = time.time()
        vbox.must("startvm", vm, "--type", "headless")
        logs = os.path.join(work, vm, "Logs")
        pid = None
        samples = [(t0, 0.0)]
        seen = {}           # stage -> (wall when first seen, guest uptime)
        end = t0 + guestlib.BOOT_WAIT
        while "vboxservice" not in seen and time.time() < end:
            time.sleep(0.5)
            if pid is None:
                pid = vbox.vm_pid(vm, logs)
                continue
            cpu = guestlib.process_cpu(pid)
            now = time.time()
            if cpu is not None:
                samples.append((now, cpu))
            try:
                with open(console, errors="replace") as f:
                    text = f.read(1 << 20)
            except OSError:
                continue
            for stage, up in re.findall(r"vbw-guest: (\S+) uptime=([\d.]+)", text):
                seen.setdefault(stage, (now, float(up)))
        watch = guestlib.BootWatch(vbox, vm, logs, work)
        watch.samples = samples
        if "init" not in seen:
            print("no init line on the console after %.0f s" % (time.time() - t0))
            return 1
        kstart = seen["init"][0] - seen["init"][1]
        bounds = [("VM process start", t0), ("BIOS+isolinux+kernel decompress", kstart)]
        for s in ("init", "modules", "vboxservice"):
            if s in seen:
                bounds.append((s, kstart + seen[s][1]))
        cmdline = ""
        try:
            with open(os.path.join(image_dir, "manifest.txt")) as f:
                cmdline = f.readline().strip()
        except OSError:
            pass
        print("guest boot, %s" % cmdline)
        for (_, w0), (name, w1) in zip(bounds, bounds[1:]):
            print("  %-34s %7.1f s wall %7.1f s CPU"
                  % (name, w1 - w0, watch.cpu_at(w1) - watch.cpu_at(w0)))
        print("  %-34s %7.1f s wall %7.1f s CPU" % ("total", bounds[-1][1] - t0,
                                                   watch.cpu_at(bounds[-1][1])))
        print("  load average at the end: %s" % open("/proc/loadavg").read().strip())
        return 0
    finally:
        vbox.forget_everything()
        subprocess.run(["sleep", "1"])


sys.exit(main())
