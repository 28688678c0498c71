#!/usr/bin/env python3
"""bench.py - runs the real vboxwrapper through a task's life and prints what
it costs (issue 9). Benchmarks, not tests: every figure is printed, none is
asserted.

Two passes:
  1. record: the wrapper runs over tests/e2e/fake_vboxmanage.py (stateful
     fake VirtualBox 7.0.10 that writes VBox.log and runs a stand-in VM
     process) with VBW_RECORD_TRANSCRIPT set, one transcript per phase.
     Skipped with --transcripts DIR (A.txt, B.txt, C.txt already there).
  2. replay, at 0 ms and at --delay-ms per call: the wrapper runs over
     bin/vbw-vboxmanage-replay answering from those transcripts (runs of
     identical steps widened to `repeat 1..N`, so a poll loop may go round
     a different number of times), VBW_REPLAY_LOG stamping every call. This
     script is then the BOINC client (init_data.xml, boinc_mmap_file,
     heartbeats, process control) and the guest (VBox.log lines, a stand-in
     VM process, the completion trigger file).

Phases (each a wrapper process):
  A  fresh task: start -> VM running -> steady window -> suspend -> resume
     -> quit (the wrapper stops the VM and exits: temporary exit)
  B  restart of A's task in A's slot -> VM running -> completion trigger
     file -> clean-up -> exit
  C  fresh task in a second slot -> VM running -> abort -> exit
"""
import argparse
import hashlib
import mmap
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time

MSG_CHANNEL_SIZE = 1024  # app_ipc.h
# struct SHARED_MEM (app_ipc.h): eight MSG_CHANNELs in this order.
CHANNELS = ["process_control_request", "process_control_reply", "graphics_request",
            "graphics_reply", "heartbeat", "app_status", "trickle_up", "trickle_down"]
SHM_SIZE = MSG_CHANNEL_SIZE * len(CHANNELS)
RESULT_NAME = "vbw_bench_task_0"
TRIGGER = "boinc_finish_called"
CLK_TCK = os.sysconf("SC_CLK_TCK")

JOB_XML = """<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>512</memory_size_mb>
  <enable_shared_directory/>
  <completion_trigger_file>%s</completion_trigger_file>
  <temporary_exit_trigger_file>boinc_temporary_exit</temporary_exit_trigger_file>
  <minimum_checkpoint_interval>86400</minimum_checkpoint_interval>
</vbox_job>
""" % TRIGGER

# Fields as the client writes them (lib/app_ipc.cpp write_init_data_file).
# checkpoint_period 1 day: no checkpoint inside the benchmark's windows.
INIT_DATA_XML = """<app_init_data>
<major_version>7</major_version>
<minor_version>20</minor_version>
<release>2</release>
<app_version>100</app_version>
<userid>1</userid>
<teamid>0</teamid>
<hostid>1</hostid>
<app_name>vbw_bench</app_name>
<project_dir>{project}</project_dir>
<boinc_dir>{boinc}</boinc_dir>
<authenticator>0</authenticator>
<wu_name>vbw_bench_wu</wu_name>
<result_name>{result}</result_name>
<shm_key>-1</shm_key>
<slot>{slotno}</slot>
<client_pid>{client_pid}</client_pid>
<wu_cpu_time>0.000000</wu_cpu_time>
<starting_elapsed_time>0.000000</starting_elapsed_time>
<using_sandbox>0</using_sandbox>
<vm_extensions_disabled>0</vm_extensions_disabled>
<checkpoint_period>86400.000000</checkpoint_period>
<fraction_done_start>0.000000</fraction_done_start>
<fraction_done_end>1.000000</fraction_done_end>
<ncpus>1.000000</ncpus>
<rsc_fpops_est>1000000000000.000000</rsc_fpops_est>
<rsc_fpops_bound>10000000000000.000000</rsc_fpops_bound>
<rsc_memory_bound>600000000.000000</rsc_memory_bound>
<rsc_disk_bound>2000000000.000000</rsc_disk_bound>
<computation_deadline>{deadline}</computation_deadline>
<vbox_window>0</vbox_window>
<host_info>
<p_ncpus>{ncpus}</p_ncpus>
<p_features>fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov sse sse2 vmx</p_features>
<m_nbytes>8000000000.000000</m_nbytes>
</host_info>
</app_init_data>
"""


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


# ------------------------------------------------------------- fake client
class FakeClient:
    """The BOINC client's end of one slot's shared memory (boinc_mmap_file,
    the struct SHARED_MEM layout of app_ipc.h): heartbeats once a second,
    process control messages on request, app_status drained as the client
    does. A channel's first byte is the 'message pending' flag, set last by
    the sender and cleared by the receiver; the text follows, NUL-ended."""

    def __init__(self, slot):
        path = os.path.join(slot, "boinc_mmap_file")
        with open(path, "wb") as f:
            f.write(b"\0" * SHM_SIZE)
        self.fd = os.open(path, os.O_RDWR)
        self.mm = mmap.mmap(self.fd, SHM_SIZE)
        self.heartbeats = True
        self.network_suspended = False
        self.sporadic_ca = 0    # the client's SPORADIC_CA_STATE, sent when not 0 (CA_NONE)
        self.app_status = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._tick, daemon=True)
        self._thread.start()

    def _off(self, channel):
        return CHANNELS.index(channel) * MSG_CHANNEL_SIZE

    def try_send(self, channel, msg):
        off = self._off(channel)
        if self.mm[off]:
            return None
        data = msg.encode() + b"\0"
        self.mm[off + 1:off + 1 + len(data)] = data
        self.mm[off] = 1
        return time.time()

    def send(self, channel, msg, timeout=5.0):
        """Waits for the channel to be free (as the client's msg_queue does)
        and returns the wall time the message became visible."""
        deadline = time.time() + timeout
        while True:
            t = self.try_send(channel, msg)
            if t is not None:
                return t
            if time.time() > deadline:
                raise RuntimeError("channel %s stays full" % channel)
            time.sleep(0.001)

    def receive(self, channel):
        off = self._off(channel)
        if not self.mm[off]:
            return None
        msg = bytes(self.mm[off + 1:off + MSG_CHANNEL_SIZE]).split(b"\0")[0]
        self.mm[off] = 0
        return msg.decode(errors="replace")

    def _tick(self):
        while not self._stop.wait(1.0):
            if self.heartbeats:
                # As the client's send_heartbeats(): <network_suspended/>
                # while the volunteer has suspended network activity.
                self.try_send("heartbeat", "<heartbeat/>" + (
                    "<network_suspended/>" if self.network_suspended else "") + (
                    "<sporadic_ca>%d</sporadic_ca>" % self.sporadic_ca
                    if self.sporadic_ca else ""))
            s = self.receive("app_status")
            if s is not None:
                self.app_status = s

    def close(self):
        self._stop.set()
        self._thread.join()
        self.mm.close()
        os.close(self.fd)


# ------------------------------------------------------- replay call log
CALL_RE = re.compile(r"^(\d+\.\d+) call (\d+):(.*) -> (-?\d+)$")


class CallLog:
    """VBW_REPLAY_LOG (the replay program's lines "<time> call N: args ->
    exit", stamped when the call starts) or the fake's calls.log
    ("<start> rc=<exit> argv...")."""

    def __init__(self, path, fmt="replay"):
        self.path = path
        self.fmt = fmt
        self.skip = 0
        self.skip = len(self.calls())  # a log kept across phases: this phase's calls only

    def calls(self):
        out = []
        try:
            with open(self.path) as f:
                for line in f:
                    line = line.rstrip("\n")
                    if self.fmt == "replay":
                        m = CALL_RE.match(line)
                        if m:
                            out.append((float(m.group(1)), m.group(3).strip(), int(m.group(4))))
                    else:
                        parts = line.split(" ", 2)
                        if len(parts) == 3 and parts[1].startswith("rc="):
                            out.append((float(parts[0]), parts[2], int(parts[1][3:])))
        except FileNotFoundError:
            pass
        return out[self.skip:]

    def wait_for(self, pattern, after, timeout):
        """The first call at or after `after` whose arguments match
        `pattern`: (time, args), or None after `timeout` seconds."""
        rx = re.compile(pattern)
        deadline = time.time() + timeout
        while True:
            for t, args, _ in self.calls():
                if t >= after - 0.0005 and rx.search(args):
                    return t, args
            if time.time() > deadline:
                return None
            time.sleep(0.005)


# --------------------------------------------------------------- the guest
class Guest:
    """The VM side during replay (the replay program only answers): follows
    the call log and writes what VirtualBox would write to VBox.log
    (rotated on each start; header with "Process ID:", then "Console:
    Machine state changed to '...'"), runs a stand-in VM process from
    startvm until poweroff/savestate."""

    ACTIONS = [
        (re.compile(r"^startvm "), "start"),
        (re.compile(r"^controlvm \S+ pause\b"), "Paused"),
        (re.compile(r"^controlvm \S+ resume\b"), "Running"),
        (re.compile(r"^controlvm \S+ savestate\b"), "Saved"),
        (re.compile(r"^controlvm \S+ (poweroff|acpipowerbutton)\b"), "PoweredOff"),
    ]

    def __init__(self, calllog, log_folder, delay_s):
        self.calllog = calllog
        self.log_folder = log_folder
        self.delay_s = delay_s
        self.vm_proc = None
        self.t0 = time.time()
        self.seen = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _stamp(self):
        e = time.time() - self.t0
        return "%02d:%02d:%09.6f" % (e // 3600, (e // 60) % 60, e % 60)

    def _write(self, lines, fresh=False):
        os.makedirs(self.log_folder, exist_ok=True)
        path = os.path.join(self.log_folder, "VBox.log")
        if fresh and os.path.exists(path):
            for i in (2, 1):
                if os.path.exists(path + ".%d" % i):
                    os.replace(path + ".%d" % i, path + ".%d" % (i + 1))
            os.replace(path, path + ".1")
        with open(path, "a") as f:
            for line in lines:
                f.write("%s %s\n" % (self._stamp(), line))

    def _stop_vm(self):
        if self.vm_proc and self.vm_proc.poll() is None:
            try:
                os.killpg(self.vm_proc.pid, signal.SIGKILL)   # the shell and its sleep
            except OSError:
                self.vm_proc.kill()
            self.vm_proc.wait()
        self.vm_proc = None

    def _act(self, what):
        if what == "start":
            self._stop_vm()
            # A command line as VBoxSVC gives VBoxHeadless ("--comment NAME
            # --startvm ..."): the wrapper reports only such a pid (issue
            # 20.4). The shell loops, so it never becomes sleep itself.
            self.vm_proc = subprocess.Popen(["/bin/sh", "-c", "while :; do sleep 3600; done",
                                             "VBoxHeadless", "--comment", vm_name(),
                                             "--startvm", vm_name()],
                                            start_new_session=True)
            self.t0 = time.time()
            self._write(["VirtualBox VM 7.0.10 r158379 linux.amd64 (Jul 12 2023 16:08:42) "
                         "release log",
                         "Log opened 2026-01-01T00:00:00.000000000Z",
                         "Executable: /usr/lib/virtualbox/VBoxHeadless",
                         "Process ID: %d" % self.vm_proc.pid,
                         "Package type: LINUX_64BITS_GENERIC",
                         "Console: Machine state changed to 'Starting'"], fresh=True)
            time.sleep(self.delay_s)  # the call returns after VirtualBox's cost
            self._write(["Changing the VM state from 'POWERING_ON' to 'RUNNING'",
                         "Console: Machine state changed to 'Running'"])
        else:
            time.sleep(self.delay_s)
            self._write(["Console: Machine state changed to '%s'" % what])
            if what in ("Saved", "PoweredOff"):
                self._stop_vm()

    def _run(self):
        while not self._stop.wait(0.005):
            calls = self.calllog.calls()
            for _, args, rc in calls[self.seen:]:
                if rc != 0:
                    continue
                for rx, what in self.ACTIONS:
                    if rx.search(args):
                        self._act(what)
            self.seen = len(calls)

    def close(self):
        self._stop.set()
        self._thread.join()
        self._stop_vm()


# ---------------------------------------------------------- the wrapper run
class Wrapper:
    """One vboxwrapper process in a slot; its stderr and stdout lines are
    stamped as they arrive and copied to <slot>/bench_wrapper_<tag>.txt."""

    def __init__(self, exe, slot, env, tag):
        self.lines = []
        self.out = open(os.path.join(slot, "bench_wrapper_%s.txt" % tag), "w")
        self._lock = threading.Lock()
        # Under the BOINC API the wrapper's stderr goes to <slot>/stderr.txt
        # (boinc_init_diagnostics), so that file is followed as it grows;
        # what is left on the pipe (before the redirect) is read too.
        self._stderr_txt = os.path.join(slot, "stderr.txt")
        self._stderr_pos = os.path.getsize(self._stderr_txt) if os.path.exists(self._stderr_txt) else 0
        self.t_start = time.time()
        self.proc = subprocess.Popen([exe], cwd=slot, env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.t_exit = None
        self._pipe_done = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._tailer = threading.Thread(target=self._tail, daemon=True)
        self._tailer.start()

    def _add(self, line):
        now = time.time()
        with self._lock:
            self.lines.append((now, line))
            self.out.write("%.3f %s\n" % (now, line))
            self.out.flush()

    def _read(self):
        for raw in self.proc.stdout:
            self._add(raw.decode(errors="replace").rstrip("\n"))
        self.proc.wait()
        self._exit_time = time.time()
        self._pipe_done.set()

    def _drain_stderr_txt(self, partial):
        try:
            with open(self._stderr_txt, "rb") as f:
                f.seek(self._stderr_pos)
                data = f.read()
        except OSError:
            return partial
        self._stderr_pos += len(data)
        text = partial + data.decode(errors="replace")
        *done, rest = text.split("\n")
        for line in done:
            self._add(line)
        return rest

    def _tail(self):
        partial = ""
        while not self._pipe_done.is_set():
            partial = self._drain_stderr_txt(partial)
            time.sleep(0.005)
        partial = self._drain_stderr_txt(partial)
        if partial:
            self._add(partial)
        self.t_exit = self._exit_time

    def wait_line(self, needle, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for t, line in list(self.lines):
                if needle in line:
                    return t
            if self.t_exit is not None:
                time.sleep(0.05)
                for t, line in list(self.lines):
                    if needle in line:
                        return t
                return None
            time.sleep(0.005)
        return None

    def line_time(self, needle):
        for t, line in list(self.lines):
            if needle in line:
                return t
        return None

    def wait_exit(self, timeout):
        self._reader.join(timeout)
        if not self._pipe_done.is_set():
            self.proc.kill()
            self._reader.join()
            self._tailer.join()
            return None
        self._tailer.join()
        return self.t_exit

    def stat_cpu(self):
        """utime + stime of the wrapper process itself (all its threads, not
        its children), seconds; None when it is gone."""
        try:
            with open("/proc/%d/stat" % self.proc.pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / CLK_TCK
        except (OSError, IndexError):
            return None

    def sched_cpu(self):
        """Time on CPU of the wrapper's live threads, from
        /proc/PID/task/*/schedstat (nanoseconds, so short windows resolve);
        None when it is gone."""
        total = 0
        try:
            for tid in os.listdir("/proc/%d/task" % self.proc.pid):
                with open("/proc/%d/task/%s/schedstat" % (self.proc.pid, tid)) as f:
                    total += int(f.read().split()[0])
        except (OSError, IndexError, ValueError):
            return None
        return total / 1e9

    def memory(self):
        """(VmHWM kB, VmRSS kB, Private_Dirty kB)."""
        hwm = rss = pd = None
        try:
            with open("/proc/%d/status" % self.proc.pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        hwm = int(line.split()[1])
                    elif line.startswith("VmRSS:"):
                        rss = int(line.split()[1])
            with open("/proc/%d/smaps_rollup" % self.proc.pid) as f:
                for line in f:
                    if line.startswith("Private_Dirty:"):
                        pd = int(line.split()[1])
        except OSError:
            pass
        return hwm, rss, pd

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self._reader.join(5)
        self.out.close()


# ------------------------------------------------------------------- slots
def vm_name():
    # upstream: "boinc_" + md5(result_name)[:16]
    return "boinc_" + hashlib.md5(RESULT_NAME.encode()).hexdigest()[:16]


def make_slot(path, slotno, fresh=True):
    if fresh and os.path.exists(path):
        shutil.rmtree(path)
    os.makedirs(os.path.join(path, "shared"), exist_ok=True)
    base = os.path.dirname(path)
    os.makedirs(os.path.join(base, "project"), exist_ok=True)
    with open(os.path.join(path, "vbox_job.xml"), "w") as f:
        f.write(JOB_XML)
    with open(os.path.join(path, "init_data.xml"), "w") as f:
        f.write(INIT_DATA_XML.format(project=os.path.join(base, "project"), boinc=base,
                                     result=RESULT_NAME, slotno=slotno, client_pid=os.getpid(),
                                     deadline=time.time() + 86400 * 7, ncpus=os.cpu_count()))
    img = os.path.join(path, "vm_image.vdi")
    if not os.path.exists(img):
        with open(img, "wb") as f:
            f.write(b"\0" * 4096)
    for stale in ("boinc_finish_called", "boinc_temporary_exit", "shared/" + TRIGGER):
        try:
            os.unlink(os.path.join(path, stale))
        except FileNotFoundError:
            pass


def write_completion(slot):
    """The guest's completion file, written whole (temp + rename): line 1
    exit code, line 2 notice flag, then the message."""
    path = os.path.join(slot, "shared", TRIGGER)
    with open(path + ".tmp", "w") as f:
        f.write("0\n0\nvbw bench: work done\n")
    os.replace(path + ".tmp", path)
    return time.time()


# ----------------------------------------------------------- transcripts
def widen_repeats(src, dst):
    """Copies a recorded transcript, turning each run of N identical steps
    (same call, same answer) into one step with `repeat 1..4N+8`: a poll
    loop may go round a different number of times in the replay."""
    steps, head, cur, tag = [], [], None, None
    with open(src) as f:
        for line in f:
            if tag is not None:
                cur.append(line)
                if line.rstrip("\r\n") == tag:
                    tag = None
                continue
            if line.startswith("call "):
                cur = [line]
                steps.append(cur)
                continue
            m = re.match(r"^(stdout|stderr) <<(\S+)", line)
            if m and cur is not None:
                tag = m.group(2)
            (cur if cur is not None else head).append(line)

    def key(step):
        return "".join(l for l in step if not l.startswith("duration ") and l.strip())

    out = list(head)
    i = 0
    while i < len(steps):
        j = i
        while j + 1 < len(steps) and key(steps[j + 1]) == key(steps[i]) \
                and not any(l.startswith("repeat ") for l in steps[i]):
            j += 1
        step = [l for l in steps[i] if not l.startswith("duration ")]
        if j > i:
            n = j - i + 1
            step.insert(1, "repeat 1..%d\n" % (4 * n + 8))
        out.extend(step)
        if not step[-1].endswith("\n"):
            out.append("\n")
        i = j + 1
    with open(dst, "w") as f:
        f.writelines(out)


def log_folder_from(transcript, slot):
    with open(transcript) as f:
        m = re.search(r'^LogFldr="([^"]*)"', f.read(), re.M)
    if m:
        return m.group(1).replace("{SLOT}", slot).replace("{VM}", vm_name())
    return os.path.join(slot, vm_name(), "Logs")


# ------------------------------------------------------------------ phases
class Run:
    """One pass over phases A, B, C with one VBoxManage and one delay."""

    def __init__(self, args, workdir, mode, delay_ms=0, steady_s=3.0, transcripts=None):
        self.args = args
        self.workdir = workdir
        self.mode = mode  # "record" or "replay"
        self.delay_ms = delay_ms
        self.steady_s = steady_s
        self.transcripts = transcripts
        self.fig = {}
        os.makedirs(workdir, exist_ok=True)
        self.slot_a = os.path.join(workdir, "slots", "0")
        self.slot_c = os.path.join(workdir, "slots", "1")
        self.fake_state = os.path.join(workdir, "fake_vbox_state")

    # VBoxManage for one phase: a shim script, since the wrapper itself
    # would replay in-process if VBW_REPLAY_TRANSCRIPT were in its env.
    def _vboxmanage(self, phase, slot):
        shim = os.path.join(self.workdir, "VBoxManage-%s" % phase)
        calllog = os.path.join(self.workdir, "calls-%s.log" % phase)
        if os.path.exists(calllog):
            os.unlink(calllog)
        if self.mode == "record":
            os.makedirs(self.fake_state, exist_ok=True)
            with open(os.path.join(self.fake_state, "guest_seconds"), "w") as f:
                f.write("never\n")
            with open(os.path.join(self.fake_state, "trigger_name"), "w") as f:
                f.write(TRIGGER + "\n")
            body = ("VBW_FAKE_VBOX_STATE=%s; export VBW_FAKE_VBOX_STATE\n"
                    "exec %s %s \"$@\"\n") % (shlex.quote(self.fake_state),
                                              shlex.quote(sys.executable),
                                              shlex.quote(self.args.fake))
            cl = CallLog(os.path.join(self.fake_state, "calls.log"), "fake")
        else:
            t = os.path.join(self.transcripts, "%s.txt" % phase)
            state = os.path.join(self.workdir, "replay-%s.state" % phase)
            if os.path.exists(state):
                os.unlink(state)
            body = ("VBW_REPLAY_TRANSCRIPT=%s VBW_REPLAY_STATE=%s VBW_REPLAY_LOG=%s "
                    "VBW_REPLAY_DELAY_MS=%d\n"
                    "export VBW_REPLAY_TRANSCRIPT VBW_REPLAY_STATE VBW_REPLAY_LOG "
                    "VBW_REPLAY_DELAY_MS\nexec %s \"$@\"\n") % (
                        shlex.quote(t), shlex.quote(state), shlex.quote(calllog),
                        self.delay_ms, shlex.quote(self.args.replay))
            cl = CallLog(calllog, "replay")
        with open(shim, "w") as f:
            f.write("#!/bin/sh\n" + body)
        os.chmod(shim, 0o755)
        return shim, cl

    def _start(self, phase, slot):
        shim, cl = self._vboxmanage(phase, slot)
        env = dict(os.environ)
        for k in list(env):
            if k.startswith("VBW_REPLAY_") or k.startswith("VBW_RECORD_"):
                del env[k]
        env["VBW_VBOXMANAGE"] = shim
        env["VBW_TRANSCRIPT_VARS"] = "VM=%s;SLOT=%s" % (vm_name(), slot)
        if self.mode == "record":
            rec = os.path.join(self.workdir, "rec-%s.txt" % phase)
            if os.path.exists(rec):
                os.unlink(rec)
            env["VBW_RECORD_TRANSCRIPT"] = rec
        guest = None
        if self.mode == "replay":
            t = os.path.join(self.transcripts, "%s.txt" % phase)
            guest = Guest(cl, log_folder_from(t, slot), self.delay_ms / 1000.0)
        client = FakeClient(slot)
        w = Wrapper(self.args.wrapper, slot, env, "%s-%s" % (self.mode, phase))
        return w, cl, client, guest

    def _until_running(self, phase, w, cl):
        t_run = w.wait_line("Successfully started VM", self.args.timeout)
        calls = cl.calls()
        n_start = next((i + 1 for i, c in enumerate(calls) if c[1].startswith("startvm ")), None)
        f = self.fig
        f[phase + ".calls_through_startvm"] = n_start
        if t_run is not None:
            f[phase + ".start_to_running_s"] = t_run - w.t_start
            f[phase + ".calls_until_running"] = sum(1 for c in calls if c[0] <= t_run)
        else:
            log("%s: the wrapper did not report the VM running (see %s)" % (phase, w.out.name))
        return t_run

    def _react(self, phase, what, client, msg, cl, pattern, timeout=15.0):
        t0 = client.send("process_control_request", msg)
        hit = cl.wait_for(pattern, t0, timeout)
        if hit:
            self.fig["%s.react_%s_s" % (phase, what)] = hit[0] - t0
        else:
            log("%s: no call matching /%s/ within %.0f s after %s" % (phase, pattern, timeout, msg))
        return t0

    def _end(self, w, cl, client, guest):
        w.close()
        client.close()
        if guest:
            guest.close()

    def phase_a(self):
        make_slot(self.slot_a, 0)
        if self.mode == "record" and os.path.exists(self.fake_state):
            shutil.rmtree(self.fake_state)
        w, cl, client, guest = self._start("A", self.slot_a)
        try:
            if self._until_running("A", w, cl) is None:
                return False
            time.sleep(2.0)  # past the start-up's tail: into the steady state
            n0, c0, s0, t0 = len(cl.calls()), w.stat_cpu(), w.sched_cpu(), time.time()
            time.sleep(self.steady_s)
            n1, c1, s1, t1 = len(cl.calls()), w.stat_cpu(), w.sched_cpu(), time.time()
            hwm, rss, pd = w.memory()
            f = self.fig
            f["A.steady_window_s"] = t1 - t0
            f["A.steady_calls"] = n1 - n0
            f["A.steady_calls_per_hour"] = (n1 - n0) * 3600.0 / (t1 - t0)
            if c0 is not None and c1 is not None:
                f["A.steady_cpu_s"] = c1 - c0
                f["A.steady_cpu_s_per_hour"] = (c1 - c0) * 3600.0 / (t1 - t0)
            if s0 is not None and s1 is not None:
                f["A.steady_sched_s_per_hour"] = (s1 - s0) * 3600.0 / (t1 - t0)
            f["A.vmhwm_kb"], f["A.vmrss_kb"], f["A.private_dirty_kb"] = hwm, rss, pd
            self._react("A", "suspend", client, "<suspend/>", cl, r"^controlvm \S+ pause\b")
            time.sleep(1.5)
            self._react("A", "resume", client, "<resume/>", cl, r"^controlvm \S+ resume\b")
            time.sleep(1.5)
            tq = self._react("A", "quit", client, "<quit/>", cl,
                             r"^controlvm \S+ (savestate|poweroff|acpipowerbutton)\b")
            t_exit = w.wait_exit(self.args.timeout)
            if t_exit:
                f["A.quit_to_exit_s"] = t_exit - tq
            f["A.calls_total"] = len(cl.calls())
            f["A.exit_status"] = w.proc.returncode
            return True
        finally:
            self._end(w, cl, client, guest)

    def phase_b(self):
        make_slot(self.slot_a, 0, fresh=False)
        w, cl, client, guest = self._start("B", self.slot_a)
        try:
            if self._until_running("B", w, cl) is None:
                return False
            time.sleep(2.0)
            n0 = len(cl.calls())
            tc = write_completion(self.slot_a)
            t_exit = w.wait_exit(self.args.timeout)
            calls = cl.calls()
            f = self.fig
            f["B.cleanup_calls"] = len(calls) - n0
            f["B.calls_total"] = len(calls)
            f["B.exit_status"] = w.proc.returncode
            if t_exit:
                f["B.completion_to_exit_s"] = t_exit - tc
                tf = w.line_time("called boinc_finish")
                if tf is not None:
                    f["B.completion_to_boinc_finish_s"] = tf - tc
                    f["B.boinc_finish_to_exit_s"] = t_exit - tf
                if len(calls) > n0:
                    # the log stamps a call's start; it ends delay_ms later
                    f["B.last_call_end_to_exit_s"] = t_exit - (calls[-1][0] + self.delay_ms / 1000.0)
            return True
        finally:
            self._end(w, cl, client, guest)

    def phase_c(self):
        make_slot(self.slot_c, 1)
        w, cl, client, guest = self._start("C", self.slot_c)
        try:
            if self._until_running("C", w, cl) is None:
                return False
            time.sleep(2.0)
            n0 = len(cl.calls())
            ta = self._react("C", "abort", client, "<abort/>", cl,
                             r"^controlvm \S+ poweroff\b")
            t_exit = w.wait_exit(self.args.timeout)
            if t_exit:
                self.fig["C.abort_to_exit_s"] = t_exit - ta
            self.fig["C.abort_calls"] = len(cl.calls()) - n0
            self.fig["C.calls_total"] = len(cl.calls())
            self.fig["C.exit_status"] = w.proc.returncode
            return True
        finally:
            self._end(w, cl, client, guest)

    def all(self):
        try:
            ok = self.phase_a()
            ok = ok and self.phase_b()
            ok_c = self.phase_c()
        finally:
            if self.mode == "record":
                self._kill_fake_vms()
        return ok and ok_c

    def _kill_fake_vms(self):
        """The fake's stand-in VM processes of a phase that failed midway."""
        import json
        vms = os.path.join(self.fake_state, "vms")
        for name in os.listdir(vms) if os.path.isdir(vms) else []:
            try:
                with open(os.path.join(vms, name)) as f:
                    pid = json.load(f).get("pid") or 0
                if pid > 0:
                    os.kill(pid, signal.SIGKILL)
            except (OSError, ValueError, AttributeError):
                pass


# ----------------------------------------------------------------- figures
def fmt(v, unit, scale=1.0, digits=3):
    if v is None:
        return "n/a"
    if isinstance(v, int) and scale == 1.0:
        return "%d %s" % (v, unit)
    return ("%." + str(digits) + "f %s") % (v * scale, unit)


def print_figures(runs, delay_ms, parse_out):
    z = runs.get(0, {})
    d = runs.get(delay_ms, {})
    g = lambda r, k: r.get(k)
    rows = [
        ("VBoxManage calls through startvm, fresh task", fmt(g(z, "A.calls_through_startvm"), "calls")),
        ("VBoxManage calls until the wrapper saw the VM running, fresh", fmt(g(z, "A.calls_until_running"), "calls")),
        ("VBoxManage calls, whole fresh task (start .. quit)", fmt(g(z, "A.calls_total"), "calls")),
        ("VBoxManage calls through startvm, restarted task", fmt(g(z, "B.calls_through_startvm"), "calls")),
        ("VBoxManage calls until the wrapper saw the VM running, restart", fmt(g(z, "B.calls_until_running"), "calls")),
        ("VBoxManage calls, whole restarted task (start .. completion exit)", fmt(g(z, "B.calls_total"), "calls")),
        ("VBoxManage calls in the steady state", "%s in %s" % (fmt(g(z, "A.steady_calls"), "calls"), fmt(g(z, "A.steady_window_s"), "s", digits=1))),
        ("VBoxManage calls per hour, steady state (scaled)", fmt(g(z, "A.steady_calls_per_hour"), "calls/h", digits=1)),
        ("VBoxManage calls at clean-up (completion file -> exit)", fmt(g(z, "B.cleanup_calls"), "calls")),
        ("VBoxManage calls at abort (abort -> exit)", fmt(g(z, "C.abort_calls"), "calls")),
        ("Start -> VM running, fresh, 0 ms/call", fmt(g(z, "A.start_to_running_s"), "s")),
        ("Start -> VM running, fresh, %d ms/call" % delay_ms, fmt(g(d, "A.start_to_running_s"), "s")),
        ("Start -> VM running, restart, 0 ms/call", fmt(g(z, "B.start_to_running_s"), "s")),
        ("Start -> VM running, restart, %d ms/call" % delay_ms, fmt(g(d, "B.start_to_running_s"), "s")),
    ]
    for what in ("suspend", "resume", "quit"):
        for r, ms in ((z, 0), (d, delay_ms)):
            rows.append(("Reaction <%s/> -> controlvm call starts, %d ms/call" % (what, ms),
                         fmt(g(r, "A.react_%s_s" % what), "s")))
    for r, ms in ((z, 0), (d, delay_ms)):
        rows.append(("Reaction <abort/> -> controlvm poweroff starts, %d ms/call" % ms,
                     fmt(g(r, "C.react_abort_s"), "s")))
    rows += [
        ("Wrapper CPU (user+sys, own threads, no children), steady", "%s over %s" % (fmt(g(z, "A.steady_cpu_s"), "s", digits=2), fmt(g(z, "A.steady_window_s"), "s", digits=1))),
        ("Wrapper CPU per hour of steady state (scaled)", fmt(g(z, "A.steady_cpu_s_per_hour"), "s/h", digits=2)),
        ("  the same from schedstat (ns resolution, live threads)", fmt(g(z, "A.steady_sched_s_per_hour"), "s/h", digits=2)),
        ("Wrapper peak RSS (VmHWM)", fmt(g(z, "A.vmhwm_kb"), "kB")),
        ("Wrapper RSS in the steady state (VmRSS)", fmt(g(z, "A.vmrss_kb"), "kB")),
        ("Wrapper Private_Dirty (smaps_rollup)", fmt(g(z, "A.private_dirty_kb"), "kB")),
    ]
    for r, ms in ((z, 0), (d, delay_ms)):
        rows += [
            ("Completion file -> wrapper exit, %d ms/call" % ms, fmt(g(r, "B.completion_to_exit_s"), "s")),
            ("  of which completion file -> 'called boinc_finish', %d ms/call" % ms, fmt(g(r, "B.completion_to_boinc_finish_s"), "s")),
            ("  of which boinc_finish -> exit (BOINC API's own 2 s sleep), %d ms/call" % ms, fmt(g(r, "B.boinc_finish_to_exit_s"), "s")),
            ("  last clean-up call's end -> exit, %d ms/call" % ms, fmt(g(r, "B.last_call_end_to_exit_s"), "s")),
        ]
    rows += [
        ("<quit/> -> wrapper exit, 0 ms/call", fmt(g(z, "A.quit_to_exit_s"), "s")),
        ("<abort/> -> wrapper exit, 0 ms/call", fmt(g(z, "C.abort_to_exit_s"), "s")),
        ("Exit status: fresh+quit / restart+completion / abort", "%s / %s / %s" % (g(z, "A.exit_status"), g(z, "B.exit_status"), g(z, "C.exit_status"))),
    ]
    width = max(len(r[0]) for r in rows)
    print("== vbw benchmark figures ==")
    for name, val in rows:
        print("%-*s  %s" % (width, name, val))
    for line in parse_out:
        print(line)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wrapper", required=True)
    ap.add_argument("--replay", required=True, help="bin/vbw-vboxmanage-replay")
    ap.add_argument("--fake", help="tests/e2e/fake_vboxmanage.py (record pass)")
    ap.add_argument("--transcripts", help="use A.txt B.txt C.txt from here instead of recording")
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--steady", type=float, default=60.0, help="steady window, seconds")
    ap.add_argument("--delay-ms", type=int, default=200)
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--parse-output", help="file holding vbw-bench-parse's output lines")
    args = ap.parse_args()

    work = os.path.abspath(args.workdir)
    os.makedirs(work, exist_ok=True)
    tdir = os.path.join(work, "transcripts")
    os.makedirs(tdir, exist_ok=True)
    if args.transcripts:
        for p in "ABC":
            shutil.copy(os.path.join(args.transcripts, p + ".txt"), os.path.join(tdir, p + ".txt"))
    else:
        if not args.fake:
            sys.exit("bench.py: --fake or --transcripts needed")
        log("record pass over %s" % args.fake)
        rec = Run(args, os.path.join(work, "record"), "record")
        ok = rec.all()
        for p in "ABC":
            src = os.path.join(rec.workdir, "rec-%s.txt" % p)
            if os.path.exists(src):
                widen_repeats(src, os.path.join(tdir, p + ".txt"))
        if not ok:
            log("record pass incomplete: figures from it may be missing")
    runs = {}
    for ms, steady in ((0, args.steady), (args.delay_ms, 3.0)):
        log("replay pass, %d ms per call, steady window %.0f s" % (ms, steady))
        r = Run(args, os.path.join(work, "replay-%dms" % ms), "replay", ms, steady, tdir)
        r.all()
        runs[ms] = r.fig
    parse_out = []
    if args.parse_output and os.path.exists(args.parse_output):
        with open(args.parse_output) as f:
            parse_out = [l.rstrip("\n") for l in f if l.strip()]
    print_figures(runs, args.delay_ms, parse_out)


if __name__ == "__main__":
    main()
