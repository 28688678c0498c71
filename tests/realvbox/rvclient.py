"""rvclient.py - the real BOINC client in the real-VirtualBox tier (issue 18).

Debian's boinc-client (sid's, installed in the chroot by setup.sh) runs one
VM job with no project server, the way the e2e tier runs Debian 12's client
against the fake VBoxManage: the data directory, the preferences and the job
(app, app version, workunit, result in state "downloaded") are laid out by
tests/e2e/lib.sh -- one definition of how, called here through bash. The
client then finds the chroot's real VBoxManage itself and runs our
vboxwrapper, which talks to the real VirtualBox.

Hardware virtualisation: the client reports the host's CPU flags from
/proc/cpuinfo to the app (init_data.xml, p_features), and vboxwrapper -- as
upstream -- refuses a 64-bit guest where they name neither vmx nor svm (the
e2e scenario `needs64` pins that). This bench has no VT-x, yet VirtualBox's
driverless emulator runs 64-bit guests all the same; so, only in this test's
own mount namespace (run.sh gives each test one), /proc/cpuinfo is replaced
by a copy whose flags also name the vendor's extension: the client and the
wrapper then see the host a volunteer with VT-x has (as rvlib's own client
end does with its init_data.xml). VirtualBox does not read the file.

Nothing here decides an outcome by time: waits poll with generous deadlines.
"""
import os
import re
import subprocess
import time

import rvlib

LIB = os.path.join(rvlib.TOP, "tests", "e2e", "lib.sh")
PROJECT_URL = "http://127.0.0.1/vbw_e2e/"
RESULT = "vbw_e2e_wu_0"
OUT_FILE = "vbw_e2e_wu_0_r0"
PROJDIR_NAME = "127.0.0.1_vbw_e2e"


def claim_hw_virt(scratch):
    """Bind a copy of /proc/cpuinfo whose flags add vmx (Intel) or svm
    (otherwise) over it, in this process's mount namespace only."""
    with open("/proc/cpuinfo") as f:
        text = f.read()
    ext = "vmx" if "GenuineIntel" in text else "svm"
    if re.search(r"^flags\s*:.*\b(vmx|svm)\b", text, re.M):
        return
    fake = os.path.join(scratch, "cpuinfo")
    with open(fake, "w") as f:
        f.write(re.sub(r"^(flags\s*:.*)$", r"\1 " + ext, text, flags=re.M))
    subprocess.run(["mount", "--bind", fake, "/proc/cpuinfo"], check=True)
    rvlib.log("bench: /proc/cpuinfo claims %s for the client (this test's namespace only)" % ext)


class RealClient:
    """boinc-client with one job in <top>/client: start(), task(op),
    tasks(), quit(), result_field(name)."""

    number = 0  # its slot, for rvlib.run's failure report

    def __init__(self, boinc, job_xml, image, files=(), disk_interval=60, env_extra=None):
        self.top = os.path.join(boinc.top, "client")
        self.data = os.path.join(self.top, "data")
        os.makedirs(self.top, exist_ok=True)
        self.port = 40000 + os.getpid() % 20000
        self.password = "vbw-rv-%d" % os.getpid()
        self.env = dict(boinc.vbox.env)
        self.env.update(env_extra or {})
        self.env.update({"E2E_PORT": str(self.port), "E2E_PW": self.password,
                         "E2E_DATA": self.data})
        self.pid = None
        self.project_dir = os.path.join(self.data, "projects", PROJDIR_NAME)
        self.slot_dir = os.path.join(self.data, "slots", "0")
        job = os.path.join(self.top, "vbox_job.xml")
        with open(job, "w") as f:
            f.write(job_xml)
        app = os.path.join(rvlib.BIN, "vboxwrapper")
        extra = " ".join('"%s=%s"' % (name, src) for name, src in files)
        self._lib('e2e_write_data_dir "$E2E_DATA" "$E2E_PORT" "$E2E_PW" && '
                  'e2e_write_prefs "$E2E_DATA" 1 %d && E2E_PIDS=() && '
                  'e2e_bootstrap_state "$E2E_DATA" && '
                  'e2e_job_xml "$E2E_DATA" "%s" "%s" "%s" %s >"%s/job_block.xml" && '
                  'e2e_inject_job "$E2E_DATA" "%s/job_block.xml"'
                  % (disk_interval, app, job, image, extra, self.top, self.top))
        claim_hw_virt(self.top)

    def _lib(self, script, timeout=300):
        p = subprocess.run(["bash", "-c", '. "%s" && %s' % (LIB, script)], env=self.env,
                           capture_output=True, text=True, timeout=timeout)
        if p.returncode != 0:
            raise rvlib.TestFailed("tests/e2e/lib.sh: %s: exit %d: %s %s"
                                   % (script[:60], p.returncode, p.stdout[-2000:],
                                      p.stderr[-2000:]))
        return p.stdout

    def start(self):
        out = self._lib('E2E_PIDS=() && e2e_start_client "$E2E_DATA" "$E2E_PORT" && '
                        'echo "$CLIENT_PID"')
        self.pid = int(out.split()[-1])
        rvlib.log("boinc client started (pid %d, GUI RPC port %d)" % (self.pid, self.port))
        rvlib.wait_for("the client's GUI RPC", lambda: self.cmd("--get_cc_status")[0] == 0, 120,
                       interval=0.5)

    def alive(self):
        try:
            with open("/proc/%d/status" % self.pid) as f:
                return not re.search(r"^State:\s+Z", f.read(), re.M)
        except OSError:
            return False

    def cmd(self, *args):
        p = subprocess.run(["boinccmd", "--host", "127.0.0.1:%d" % self.port, "--passwd",
                            self.password] + list(args), capture_output=True, text=True,
                           timeout=120)
        return p.returncode, p.stdout

    def task(self, op):
        """boinccmd --task URL RESULT OP (suspend, resume, abort)."""
        rc, out = self.cmd("--task", PROJECT_URL, RESULT, op)
        rvlib.check(rc == 0, "boinccmd --task %s" % op)

    def tasks(self):
        """The result's fields as boinccmd --get_tasks prints them."""
        rc, out = self.cmd("--get_tasks")
        fields = {}
        for line in out.splitlines():
            m = re.match(r"^\s+([a-zA-Z_ ]+):\s*(.*)$", line)
            if m and m.group(1) not in fields:
                fields[m.group(1)] = m.group(2).strip()
        return fields

    def quit(self, timeout=600):
        self.cmd("--quit")
        rvlib.wait_for("the client to exit", lambda: not self.alive(), timeout, interval=0.5)

    def ended(self):
        """The task has ended (the client then moves its outputs into the
        project dir): its state is past "downloaded"."""
        return self.tasks().get("state") not in (None, "", "new", "downloading", "downloaded")

    def result_field(self, name):
        return self._lib('result_field "%s"' % name).strip()

    def kill(self):
        if self.pid and self.alive():
            subprocess.run(["kill", "-KILL", "--", "-%d" % self.pid], capture_output=True)
            subprocess.run(["kill", "-KILL", str(self.pid)], capture_output=True)
            time.sleep(0.5)

    def stderr_txt(self):
        return rvlib.read_text(os.path.join(self.slot_dir, "stderr.txt"))
