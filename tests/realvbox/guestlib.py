"""guestlib.py - the real guest of the real-VirtualBox tier (issue 18).

The guest is built by tests/realvbox/guest/build-guest.sh (Debian's kernel,
vboxguest/vboxsf, busybox, VBoxService) and linked into the chroot as
/opt/vbw-guest/<key>/guest.vdi (run.sh names it in VBW_RV_GUEST). Its /init
logs "vbw-guest: STAGE uptime=S" lines (S: the guest kernel's clock) and, once
it has mounted the shared folder, writes them into it as vbw-guest.log, where
boinc_app adds a line per step: that is how the tests see what the guest
does and how long each boot stage took, in a VM the wrapper made (no serial
port). What the guest writes is untrusted for the wrapper; for a test it is
the guest's own report, read bounded.

Booting it takes many minutes of one core under the driverless emulator --
and far longer when builds share the two cores (the VM process then gets a
quarter to a half of a core) -- so each test boots at most once and waits
generously (VBW_RV_BOOT_WAIT, 40 minutes): no assertion here depends on how
fast the guest is. The figures are logged: per stage the wall time and the
CPU time the VM process used.
"""
import datetime
import os
import re
import shutil
import time

import rvlib

GUEST_DIR = os.environ.get("VBW_RV_GUEST", "/opt/vbw-guest")
BOOT_WAIT = float(os.environ.get("VBW_RV_BOOT_WAIT", "2400"))
_STAGE = re.compile(r"^vbw-guest: (\S+) uptime=([\d.]+)$")
_STEP = re.compile(r"^vbw-guest: boinc_app step (\d+) of \d+ uptime=([\d.]+)$")
_OPENED = re.compile(r"^(\d+):(\d\d):(\d\d\.\d+) Log opened (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)"
                     r"(\.\d+)?\d*Z", re.M)
_TICK = os.sysconf("SC_CLK_TCK")


def image():
    path = os.path.join(GUEST_DIR, "guest.vdi")
    if not os.path.exists(path):
        raise rvlib.TestFailed("no guest image at %s (run tests/realvbox/guest/build-guest.sh)"
                               % path)
    return path


def app_source():
    """The test boinc_app (the job ships it; it is not in the image)."""
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(here, "guest", "boinc_app")


def _read_log(logs_dir, log_name="VBox.log"):
    try:
        with open(os.path.join(logs_dir, log_name), errors="replace") as f:
            return f.read(8 << 20)      # bounded: the guest writes into it
    except OSError:
        return ""


def guest_log(shared_dir):
    """The lines of the guest's shared/vbw-guest.log (bounded, no link
    followed: the guest writes it)."""
    try:
        fd = os.open(os.path.join(shared_dir, "vbw-guest.log"), os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return []
    with os.fdopen(fd, "rb") as f:
        data = f.read(1 << 20)
    return [line for line in data.decode("utf-8", "replace").splitlines()
            if line.startswith("vbw-guest: ")]


def stage_uptimes(lines):
    """{stage: guest uptime} of the first line of each stage."""
    up = {}
    for line in lines:
        m = _STAGE.match(line)
        if m and m.group(1) not in up:
            up[m.group(1)] = float(m.group(2))
    return up


def steps(lines):
    """The step numbers of boinc_app's lines, in order."""
    return [int(m.group(1)) for m in map(_STEP.match, lines) if m]


def log_opened(logs_dir):
    """(VBox.log time, host wall clock) of its 'Log opened' line, or None."""
    m = _OPENED.search(_read_log(logs_dir))
    if not m:
        return None
    t = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    wall = datetime.datetime.strptime(m.group(4), "%Y-%m-%dT%H:%M:%S").replace(
        tzinfo=datetime.timezone.utc).timestamp() + float(m.group(5) or 0)
    return t, wall


def keep_logs(logs_dir, dest):
    """A copy of the VM's logs (unregistervm --delete removes them)."""
    try:
        shutil.copytree(logs_dir, dest, dirs_exist_ok=True)
    except OSError:
        pass


def process_cpu(pid):
    """CPU seconds (user + system) process PID has used, or None."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / _TICK
    except (OSError, IndexError, ValueError):
        return None


class BootWatch:
    """Watches the guest boot: call sample() from a wait loop. It samples
    the VM process's CPU time against the host clock, and notes when each
    line of the guest's vbw-guest.log is first seen: a line written once the
    shared folder is mounted ties the guest's clock (uptime) to the host's;
    VBox.log's 'Log opened' line gives the VM process's start."""

    def __init__(self, vbox, vm, logs_dir, shared_dir):
        self.vbox, self.vm, self.logs_dir, self.shared_dir = vbox, vm, logs_dir, shared_dir
        self.pid = None
        self.samples = []       # (host time, CPU seconds)
        self.seen = {}          # line -> host time first seen
        self.start = None       # the VM process's start (VBox.log), host time

    def sample(self):
        now = time.time()
        for line in guest_log(self.shared_dir):
            self.seen.setdefault(line, now)
        if self.pid is None:
            self.pid = self.vbox.vm_pid(self.vm, self.logs_dir)
        cpu = process_cpu(self.pid) if self.pid else None
        if cpu is not None:
            self.samples.append((now, cpu))

    def cpu_at(self, wall):
        """The VM process's CPU seconds at host time WALL (interpolated;
        before the first sample, from none at the process's start)."""
        pts = ([(self.start, 0.0)] if self.start else []) + self.samples
        if not pts:
            return None
        if wall <= pts[0][0]:
            return pts[0][1]
        for (w0, c0), (w1, c1) in zip(pts, pts[1:]):
            if w0 <= wall <= w1:
                return c0 + (c1 - c0) * (wall - w0) / (w1 - w0 or 1)
        return pts[-1][1]

    def stages(self):
        """[(stage, wall seconds, CPU seconds or None)], from the VM
        process's start to boinc_app's start. The kernel's start is placed
        by the guest's uptime at the 'shared' line (the first one written
        straight into shared/, so seen when written)."""
        lines = guest_log(self.shared_dir)
        up = stage_uptimes(lines)
        opened = log_opened(self.logs_dir)
        anchor = next((l for l in lines if l.startswith("vbw-guest: shared uptime=")), None)
        if not opened or anchor not in self.seen:
            return []
        self.start = opened[1]
        kstart = self.seen[anchor] - up["shared"]
        bounds = [("vm start", self.start), ("kernel running", kstart)]
        for s in ("init", "modules", "vboxservice", "shared", "app-start"):
            if s in up:
                bounds.append((s, kstart + up[s]))
        names = {"kernel running": "BIOS+isolinux+kernel decompress",
                 "init": "kernel start-up to /init", "modules": "vboxguest+vboxsf loaded",
                 "vboxservice": "VBoxService started", "shared": "shared/ mounted (vboxsf)",
                 "app-start": "boinc_app starting"}
        out = []
        for (_, t0), (name, t1) in zip(bounds, bounds[1:]):
            c0, c1 = self.cpu_at(t0), self.cpu_at(t1)
            out.append((names[name], t1 - t0,
                        c1 - c0 if c0 is not None and c1 is not None else None))
        return out

    def report(self, what="boot"):
        total_wall = total_cpu = 0.0
        for name, wall, cpu in self.stages():
            total_wall += wall
            total_cpu += cpu or 0.0
            rvlib.log("%s: %-34s %7.1f s wall %7s s CPU" % (
                what, name, wall, "%.1f" % cpu if cpu is not None else "?"))
        rvlib.log("%s: %-34s %7.1f s wall %7.1f s CPU" % (what, "total", total_wall, total_cpu))
        # The guest's clock against the host's over boinc_app's steps (each
        # seen within a second of its writing): how far the figures placed by
        # the guest's clock can be trusted.
        pts = [(self.seen[l], float(m.group(2))) for l in self.seen
               for m in [_STEP.match(l)] if m]
        if len(pts) >= 2:
            pts.sort()
            host, guest = pts[-1][0] - pts[0][0], pts[-1][1] - pts[0][1]
            if host > 0:
                rvlib.log("%s: guest clock / host clock over %d steps: %.3f (%.1f s / %.1f s)"
                          % (what, len(pts), guest / host, guest, host))
