"""rvlib.py - the real-VirtualBox tier's test library (tests/realvbox/).

Runs INSIDE the sid chroot that setup.sh makes (python3 there), as root,
against Debian's VirtualBox 7.2 with the driverless VBoxHeadless stand-in.
Each test gets its own VirtualBox home (so its own VBoxSVC) and its own BOINC
data directory laid out as the BOINC client lays it out:

    <top>/boinc/projects/<project>/    the project's files, real names
    <top>/boinc/slots/<N>/             init_data.xml, <soft_link> files for
                                       what is not copied, copies of what is,
                                       shared/, boinc_mmap_file

and drives vboxwrapper as the client would, through the client end of the
shared memory (bench/bench.py's FakeClient: heartbeats, process control).
The slot's VM and media are checked against VirtualBox itself
(`showvminfo --machinereadable`, `list vms/hdds/dvds/floppies`).

Nothing here decides a test's outcome by time: every wait polls a condition
with a generous deadline (a starved 2-core machine runs the emulator too).
"""
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP, "bench"))
from bench import FakeClient  # noqa: E402  (one definition of the client's end)

BIN = os.environ.get("VBW_RV_BIN", "/opt/vbw/build/bin")
WORK = os.environ.get("VBW_RV_WORK", "/tmp/vbw-rv")
PROJECT_URL_DIR = "vbw.example_rv"
DEFAULT_WAIT = float(os.environ.get("VBW_RV_WAIT", "180"))


class TestFailed(Exception):
    pass


def log(msg):
    print("[rv %s] %s" % (time.strftime("%H:%M:%S"), msg), flush=True)


def check(cond, what):
    if not cond:
        raise TestFailed(what)
    log("ok: " + what)


def wait_for(what, pred, timeout=DEFAULT_WAIT, interval=0.2):
    end = time.time() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.time() > end:
            raise TestFailed("timed out after %.0f s waiting for: %s" % (timeout, what))
        time.sleep(interval)


def read_text(path):
    """A file the wrapper or the client writes, as text ("" while it is not
    there)."""
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def socket_id(home):
    """The VBOX_IPC_SOCKETID a VirtualBox home gets here (see VBox)."""
    return "vbw-rv-" + hashlib.md5(home.encode()).hexdigest()[:12]


class VBox:
    """VBoxManage with this test's own VirtualBox home."""

    def __init__(self, home):
        self.home = home
        os.makedirs(home, exist_ok=True)
        # VBoxManage finds its VBoxSVC through an IPC socket named after the
        # user (/tmp/.vbox-root-ipc), not after VBOX_USER_HOME: without a
        # socket of its own, a test talks to whichever VBoxSVC started first
        # -- another test's home, whose clean-up then powers off this test's
        # VMs. VBOX_IPC_SOCKETID names the socket (/tmp/.vbox-ID-ipc).
        self.env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root",
                    "LANG": "C.UTF-8", "VBOX_USER_HOME": home,
                    "VBOX_IPC_SOCKETID": socket_id(home)}
        # The driverless bench: without hardware virtualisation VMs run on
        # the instruction emulator only when the home allows the fallback.
        self.must("setextradata", "global", "VBoxInternal/HM/FallbackToIEM", "1")

    def run(self, *args, timeout=300):
        p = subprocess.run(["VBoxManage"] + list(args), env=self.env, capture_output=True,
                           text=True, timeout=timeout)
        return p.returncode, p.stdout, p.stderr

    def must(self, *args):
        rc, out, err = self.run(*args)
        if rc != 0:
            raise TestFailed("VBoxManage %s: exit %d: %s" % (" ".join(args), rc, err.strip()))
        return out

    def names(self, what):
        """`list vms|hdds|dvds|floppies`: the names / locations listed."""
        out = self.must("list", what)
        if what == "vms":
            return re.findall(r'^"(.*)" \{', out, re.M)
        return re.findall(r"^Location:\s+(.*)$", out, re.M)

    def vminfo(self, vm):
        rc, out, err = self.run("showvminfo", vm, "--machinereadable")
        if rc != 0:
            return None
        info = {}
        for line in out.splitlines():
            m = re.match(r'^"?([^"=]+)"?="?(.*?)"?$', line)
            if m:
                info[m.group(1)] = m.group(2)
        return info

    def state(self, vm):
        info = self.vminfo(vm)
        return info.get("VMState") if info else None

    def vm_pid(self, vm, logs_dir):
        """The VM process's pid as VBox.log's header gives it."""
        try:
            with open(os.path.join(logs_dir, "VBox.log"), errors="replace") as f:
                m = re.search(r"^\S+ Process ID: (\d+)$", f.read(65536), re.M)
                return int(m.group(1)) if m else None
        except OSError:
            return None

    def forget_everything(self):
        """Test clean-up after the assertions: whatever is left in this home
        is powered off and unregistered (media closed) so no VM outlives
        its test, then this home's VBoxSVC is asked to go."""
        for vm in self.names("vms"):
            self.run("controlvm", vm, "poweroff")
            self.run("unregistervm", vm)
        for kind, what in (("hdds", "disk"), ("dvds", "dvd"), ("floppies", "floppy")):
            for loc in self.names(kind):
                self.run("closemedium", what, loc)
        for pid in self.svc_pids():
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass

    def svc_pids(self):
        """The VBoxSVC serving this home (its environment names the home)."""
        pids = []
        want = ("VBOX_USER_HOME=" + self.home).encode()
        for d in os.listdir("/proc"):
            if not d.isdigit():
                continue
            try:
                with open("/proc/%s/comm" % d) as f:
                    if f.read().strip() != "VBoxSVC":
                        continue
                with open("/proc/%s/environ" % d, "rb") as f:
                    if want in f.read().split(b"\0"):
                        pids.append(int(d))
            except OSError:
                pass
        return pids


def vm_name_for(result_name):
    """Upstream's VM name: "boinc_" + the first 16 hex digits of md5(result)."""
    return "boinc_" + hashlib.md5(result_name.encode()).hexdigest()[:16]


INIT_DATA = """<app_init_data>
<major_version>8</major_version>
<minor_version>2</minor_version>
<release>15</release>
<app_version>100</app_version>
<userid>1</userid>
<teamid>0</teamid>
<hostid>1</hostid>
<app_name>vbw_rv</app_name>
<project_preferences>
</project_preferences>
<project_dir>{project_dir}</project_dir>
<boinc_dir>{boinc_dir}</boinc_dir>
<authenticator>0</authenticator>
<wu_name>{wu}</wu_name>
<result_name>{result}</result_name>
<shm_key>-1</shm_key>
<slot>{slot}</slot>
<client_pid>{client_pid}</client_pid>
<wu_cpu_time>0.000000</wu_cpu_time>
<starting_elapsed_time>0.000000</starting_elapsed_time>
<using_sandbox>0</using_sandbox>
<vm_extensions_disabled>0</vm_extensions_disabled>
<checkpoint_period>{checkpoint_period:.6f}</checkpoint_period>
<fraction_done_start>0.000000</fraction_done_start>
<fraction_done_end>1.000000</fraction_done_end>
<ncpus>{ncpus:.6f}</ncpus>
<rsc_fpops_est>1000000000000.000000</rsc_fpops_est>
<rsc_fpops_bound>10000000000000.000000</rsc_fpops_bound>
<rsc_memory_bound>600000000.000000</rsc_memory_bound>
<rsc_disk_bound>2000000000.000000</rsc_disk_bound>
<computation_deadline>{deadline:.6f}</computation_deadline>
<vbox_window>0</vbox_window>
<host_info>
<p_ncpus>{host_ncpus}</p_ncpus>
<p_vendor>AuthenticAMD</p_vendor>
<p_model>test bench</p_model>
<p_features>fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov sse sse2 svm</p_features>
<m_nbytes>8000000000.000000</m_nbytes>
<os_name>Linux</os_name>
</host_info>
</app_init_data>
"""


class Boinc:
    """One BOINC data directory with one project, as the client lays it out."""

    def __init__(self, name):
        self.top = os.path.join(WORK, name)
        if os.path.exists(self.top):
            shutil.rmtree(self.top)
        self.boinc_dir = os.path.join(self.top, "boinc")
        self.project_dir = os.path.join(self.boinc_dir, "projects", PROJECT_URL_DIR)
        os.makedirs(self.project_dir)
        os.makedirs(os.path.join(self.boinc_dir, "slots"))
        self.vbox = VBox(os.path.join(self.top, "vbox-home"))

    def project_file(self, name, content=None, source=None):
        path = os.path.join(self.project_dir, name)
        if source:
            shutil.copyfile(source, path)
        else:
            with open(path, "w" if isinstance(content, str) else "wb") as f:
                f.write(content)
        return path

    def blank_vdi(self, name, size_mb=8):
        """A VM image as projects ship one: a VDI file, not registered
        anywhere (made here, then forgotten again by VirtualBox)."""
        path = os.path.join(self.project_dir, name)
        self.vbox.must("createmedium", "disk", "--filename", path, "--size", str(size_mb),
                       "--format", "VDI")
        self.vbox.must("closemedium", "disk", path)
        return path

    def blank_iso(self, name):
        """A small ISO 9660 image (an empty file system made by hand: the
        primary volume descriptor and terminator at 32 KiB)."""
        path = os.path.join(self.project_dir, name)
        sector = 2048
        data = bytearray(sector * 20)
        pvd = bytearray(sector)
        pvd[0] = 1
        pvd[1:6] = b"CD001"
        pvd[6] = 1
        pvd[40:72] = b"VBW_RV".ljust(32)
        total = 20
        pvd[80:84] = total.to_bytes(4, "little")
        pvd[84:88] = total.to_bytes(4, "big")
        pvd[120:122] = (1).to_bytes(2, "little")
        pvd[122:124] = (1).to_bytes(2, "big")
        pvd[124:126] = (1).to_bytes(2, "little")
        pvd[126:128] = (1).to_bytes(2, "big")
        pvd[128:130] = sector.to_bytes(2, "little")
        pvd[130:132] = sector.to_bytes(2, "big")
        # root directory record: extent 18, one sector
        root = bytearray(34)
        root[0] = 34
        root[2:6] = (18).to_bytes(4, "little")
        root[6:10] = (18).to_bytes(4, "big")
        root[10:14] = sector.to_bytes(4, "little")
        root[14:18] = sector.to_bytes(4, "big")
        root[25] = 2
        root[28:30] = (1).to_bytes(2, "little")
        root[30:32] = (1).to_bytes(2, "big")
        root[32] = 1
        pvd[156:190] = root
        pvd[881] = 1
        data[16 * sector:17 * sector] = pvd
        term = bytearray(sector)
        term[0] = 255
        term[1:6] = b"CD001"
        term[6] = 1
        data[17 * sector:18 * sector] = term
        d = bytearray(sector)
        for i, ident in enumerate((b"\0", b"\1")):
            rec = bytearray(root)
            rec[33] = ident[0]
            d[i * 34:(i + 1) * 34] = rec
        data[18 * sector:19 * sector] = d
        with open(path, "wb") as f:
            f.write(bytes(data))
        return path

    def slot(self, number, result="vbw_rv_task_0", **kw):
        return Slot(self, number, result, **kw)

    def disk_slot(self, slots, number, job, **kw):
        """The common shape: the project ships a VM image (vm_image_1.00.vdi,
        a blank VDI made once), the client copies it into slot N as
        vm_image.vdi and links the job file. The slot joins slots (so run()
        releases it) and is returned."""
        image = "vm_image_1.00.vdi"
        if not os.path.exists(os.path.join(self.project_dir, image)):
            self.blank_vdi(image)
        slot = self.slot(number, **kw)
        slots.append(slot)
        slot.job(job)
        slot.copy("vm_image.vdi", image)
        return slot


class Slot:
    def __init__(self, boinc, number, result, checkpoint_period=3600.0, ncpus=1.0):
        self.boinc = boinc
        self.number = number
        self.result = result
        self.dir = os.path.join(boinc.boinc_dir, "slots", str(number))
        os.makedirs(os.path.join(self.dir, "shared"), exist_ok=True)
        self.vm = vm_name_for(result)
        self.vbox = boinc.vbox
        self.proc = None
        self.client = None
        self.stderr_seen = 0
        self.runs = 0
        self.recording = None
        with open(os.path.join(self.dir, "init_data.xml"), "w") as f:
            f.write(INIT_DATA.format(project_dir=boinc.project_dir, boinc_dir=boinc.boinc_dir,
                                     wu=result.rsplit("_", 1)[0], result=result, slot=number,
                                     client_pid=os.getpid(),
                                     checkpoint_period=checkpoint_period,
                                     ncpus=ncpus, deadline=time.time() + 7 * 86400,
                                     host_ncpus=os.cpu_count()))

    def link(self, logical, physical_name):
        """A file the client does not copy: a <soft_link> file in the slot,
        relative to the slot as the client writes it."""
        with open(os.path.join(self.dir, logical), "w") as f:
            f.write("<soft_link>../../projects/%s/%s</soft_link>\n" % (PROJECT_URL_DIR,
                                                                   physical_name))

    def copy(self, logical, physical_name):
        """A file with <copy_file/>: the client copies it into the slot."""
        shutil.copyfile(os.path.join(self.boinc.project_dir, physical_name),
                        os.path.join(self.dir, logical))

    def job(self, xml, physical_name="vbox_job_1.00.xml"):
        self.boinc.project_file(physical_name, xml)
        self.link("vbox_job.xml", physical_name)

    @property
    def logs_dir(self):
        return os.path.join(self.dir, self.vm, "Logs")

    # ---------------------------------------------------------- running
    def start(self, *args, client=True, record=None, env_extra=None, env_drop=()):
        env = dict(self.vbox.env)
        env.update(env_extra or {})
        for name in env_drop:
            env.pop(name, None)
        # Every run is recorded (tools/rv_fixture.py makes fixtures of them):
        # the run's own values become placeholders.
        self.runs += 1
        self.recording = record or os.path.join(self.boinc.top, "record-slot%d-run%d.txt"
                                                % (self.number, self.runs))
        env["VBW_RECORD_TRANSCRIPT"] = self.recording
        env["VBW_TRANSCRIPT_VARS"] = ";".join([
            "SLOT=" + self.dir, "VM=" + self.vm, "PROJECT=" + self.boinc.project_dir,
            "VBOXHOME=" + self.vbox.home])
        if client:
            self.client = FakeClient(self.dir)
        self.stderr_seen = 0
        self.proc = subprocess.Popen([os.path.join(BIN, "vboxwrapper")] + list(args),
                                     cwd=self.dir, env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        log("vboxwrapper %s started in slot %d (pid %d)" % (" ".join(args), self.number,
                                                             self.proc.pid))
        return self.proc

    def stderr_txt(self):
        return read_text(os.path.join(self.dir, "stderr.txt"))

    def wait_line(self, pattern, timeout=DEFAULT_WAIT):
        rx = re.compile(pattern, re.M)

        def seen():
            if self.proc and self.proc.poll() is not None:
                m = rx.search(self.stderr_txt())
                if not m:
                    raise TestFailed("vboxwrapper exited %s before printing /%s/"
                                     % (self.proc.returncode, pattern))
                return m
            return rx.search(self.stderr_txt())
        return wait_for("stderr.txt line /%s/" % pattern, seen, timeout)

    def wait_state(self, state, timeout=DEFAULT_WAIT):
        wait_for("VM %s %s in VirtualBox" % (self.vm, state),
                 lambda: self.vbox.state(self.vm) == state, timeout)

    def snapshots(self):
        """The VM's snapshot names as VirtualBox lists them."""
        info = self.vbox.vminfo(self.vm) or {}
        return [v for k, v in info.items() if k.startswith("SnapshotName")]

    def wait_running(self, timeout=DEFAULT_WAIT):
        self.wait_line(r"Successfully started VM", timeout)
        wait_for("VM %s running in VirtualBox" % self.vm,
                 lambda: self.vbox.state(self.vm) == "running", timeout)

    def send(self, what):
        """A process-control message from the client: suspend, resume, quit,
        abort (the BOINC client's <suspend/> ... messages)."""
        self.client.send("process_control_request", "<%s/>" % what)
        log("client -> %s" % what)

    def complete(self, exit_code=0, message="vbw rv: work done", name="boinc_finish_called"):
        """What the guest writes when its work is done: the completion trigger
        file, whole (line 1 exit code, line 2 notice flag, then a message)."""
        self.keep_vm_log()
        path = os.path.join(self.dir, "shared", name)
        with open(path + ".tmp", "w") as f:
            f.write("%d\n0\n%s\n" % (exit_code, message))
        os.replace(path + ".tmp", path)

    def keep_vm_log(self):
        """A copy of the running VM's VBox.log beside this run's recording
        (unregistervm --delete removes the VM's folder at the end)."""
        if self.recording:
            try:
                shutil.copyfile(os.path.join(self.logs_dir, "VBox.log"),
                                self.recording[:-len(".txt")] + ".VBox.log")
            except OSError:
                pass

    def wait_exit(self, timeout=DEFAULT_WAIT):
        try:
            rc = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise TestFailed("vboxwrapper did not exit within %.0f s" % timeout)
        if self.client:
            self.client.close()
            self.client = None
        return rc

    def complete_and_wait(self, exit_code=0):
        """The guest's completion file with exit_code, then the wrapper must
        exit with it and have handed it to boinc_finish."""
        self.complete(exit_code=exit_code)
        rc = self.wait_exit()
        check(rc == exit_code and self.finish_status() == exit_code,
              "completion: exit %s, boinc_finish(%s) (want %d)" % (rc, self.finish_status(),
                                                                    exit_code))
        return rc

    def finish_status(self):
        """The exit status the wrapper handed to boinc_finish (the BOINC API
        writes it as the first line of boinc_finish_called in the slot)."""
        try:
            with open(os.path.join(self.dir, "boinc_finish_called")) as f:
                return int(f.readline().strip())
        except (OSError, ValueError):
            return None

    def temporary_exit(self):
        return os.path.exists(os.path.join(self.dir, "boinc_temporary_exit"))

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.client:
            self.client.close()
            self.client = None


def nothing_left(vbox, keep=()):
    """VirtualBox holds nothing of the test but the media named in keep."""
    vms = vbox.names("vms")
    check(vms == [], "no VM left registered (list vms: %s)" % vms)
    for kind in ("hdds", "dvds", "floppies"):
        left = [m for m in vbox.names(kind) if m not in keep]
        check(left == [], "no %s left registered (%s)" % (kind, left))


def run(test):
    """Runs test(boinc) with its own BOINC directory and VirtualBox home;
    whatever the outcome, every VM and medium of the home is released."""
    name = os.path.splitext(os.path.basename(sys.argv[0]))[0]
    boinc = Boinc(name)
    slots = []
    try:
        test(boinc, slots)
        log("PASS %s" % name)
        return 0
    except TestFailed as e:
        log("FAIL %s: %s" % (name, e))
        for s in slots:
            log("---- stderr.txt of slot %d" % s.number)
            sys.stdout.write(s.stderr_txt()[-6000:])
        return 1
    finally:
        for s in slots:
            s.kill()
        boinc.vbox.forget_everything()
