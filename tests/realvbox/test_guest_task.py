"""A whole BOINC task with a real guest OS and the real BOINC client
(issue 18 a, b and c; ONE boot).

Debian's boinc-client (rvclient.py: the e2e tier's data directory and job,
no project server) runs our vboxwrapper on a job whose VM image is the real
guest of tests/realvbox/guest/ (Debian's kernel, vboxsf, VBoxService; built
by build-guest.sh). The guest boots (many minutes of one core under the
driverless emulator: docs/testing.md), mounts the slot's shared/ with vboxsf,
runs the boinc_app the job copies there (<copy_to_shared>): it computes step
by step writing progress.txt and the fraction-done file, sends one trickle,
writes its output file and then the completion file, and powers itself off.
The test's shared/steps keeps it computing until the test lets it finish.

On the way, while the guest computes:
  c. the shell tool against the live guest (VBoxService in it): `vbw wait
     --alive`, `vbw list --alive`, `vbw exec` (exit code, stdout and stderr
     apart, --json, --timeout 124 with the guest program gone), `vbw cp`
     both ways, `vbw exec -i` (vbw's stdin is the guest program's);
  a. the client suspends the task: the VM pauses (the guest's progress
     stands still) and resumes with it; the fraction done and the trickle
     reach the client; the guest's Guest Log lines reach stderr.txt;
     `vbw wait --alive --follow`, started here, follows the guest through
     all that comes (issue 22 row 26): stopped (paused), alive again,
     stopped at the quit, alive again after the restore, stopped at its
     power-off, gone when the wrapper unregisters the VM -- and then ends by
     itself, exit 0;
  b. a checkpoint is a live snapshot (taken while the guest's app holds,
     out of shared/: see there); the client quits, starts again,
     vboxwrapper restores the snapshot and the guest carries on from the
     step it was at -- no second boot -- and finishes its work.
The client collects the output, the result ends exit_status 0, and
VirtualBox holds nothing of it. The boot stages are logged from the guest's
own log in shared/ (guestlib.py).

VBW_CHECKPOINT_OFFSET=0 replaces upstream's random 0-600 s checkpoint
interleave so the checkpoint interval (90 s) is all there is."""
import hashlib
import json
import os
import re
import subprocess
import sys
import threading
import time

import guestlib
import rvclient
import rvlib
from rvlib import check

JOB = """<vbox_job>
  <os_name>Linux26_64</os_name>
  <memory_size_mb>256</memory_size_mb>
  <enable_shared_directory/>
  <copy_to_shared>boinc_app</copy_to_shared>
  <fraction_done_filename>fraction_done</fraction_done_filename>
  <trickle_trigger_file>trickle_up</trickle_trigger_file>
  <completion_trigger_file>boinc_finish_called</completion_trigger_file>
  <minimum_checkpoint_interval>90</minimum_checkpoint_interval>
</vbox_job>
"""
FAST = {"VBW_CHECKPOINT_OFFSET": "0"}


def progress(slot_dir):
    try:
        with open(os.path.join(slot_dir, "shared", "progress.txt")) as f:
            return int(f.read(32).strip() or 0)
    except (OSError, ValueError):
        return 0


class ProgressWatch(threading.Thread):
    """Every value progress.txt takes, in order: polled ten times a second
    (the guest makes at most a step a second). The guest replaces the file
    whole (rename), so no value is half-written."""

    def __init__(self, slot_dir):
        super().__init__(daemon=True)
        self.slot_dir, self.values, self.done = slot_dir, [], False

    def run(self):
        while not self.done:
            v = progress(self.slot_dir)
            if not self.values or self.values[-1] != v:
                self.values.append(v)
            time.sleep(0.1)


def fraction(client):
    """The task's fraction done as the client shows it (boinccmd
    --get_tasks; each guest step is 0.01)."""
    try:
        return float(client.tasks().get("fraction done", "0"))
    except ValueError:
        return 0.0


def vbw(boinc, *args, timeout=900, tries=4, again=(125,), pause=60.0, stdin=b"", limit=None):
    """vbw ARGS. A guest-control call that could not reach the guest program
    (exit 125: vbw could not run it) is tried again after a pause: under the
    emulator the guest's VBoxService can need longer to start a session
    process than VBoxManage's fixed 30 s wait ("Error starting guest session
    (current status is: starting)"), and a new session asked for at once
    while the guest still starts the old one fails too (VERR_DUPLICATE,
    measured here under load). What the guest program does once it runs --
    its exit code and output -- is asserted unchanged. `vbw cp` fails with 1
    for the same reason (again=(1,)): what it copied is compared byte for
    byte. STDIN: what vbw reads on its stdin.

    LIMIT: a guest-control call still running after LIMIT seconds is
    cancelled as a user would (SIGTERM: vbw passes it on to VBoxManage) and
    tried again. The wrapper takes its live checkpoint snapshots on its own
    clock, and a session that the snapshot's pause falls into is never
    reported finished by VirtualBox 7.2 (VBox.log: the session's process
    started, the VM 'OnlineSnapshotting', nothing after): VBoxManage waits
    on. Seen here once in three runs."""
    for attempt in range(tries):
        if attempt:
            time.sleep(pause)
        proc = subprocess.Popen([os.path.join(rvlib.BIN, "vbw")] + list(args),
                                env=boinc.vbox.env, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        wedged = False
        try:
            out, err = proc.communicate(stdin, timeout=limit or timeout)
        except subprocess.TimeoutExpired:
            if not limit:
                proc.kill()
                raise
            wedged = True
            proc.terminate()
            try:
                out, err = proc.communicate(timeout=120)
            except subprocess.TimeoutExpired:
                proc.kill()
                out, err = proc.communicate()
        p = subprocess.CompletedProcess(proc.args, proc.returncode,
                                        out.decode("utf-8", "replace"),
                                        err.decode("utf-8", "replace"))
        rvlib.log("vbw %s -> %d%s%s" % (" ".join(args), p.returncode,
                                        " (%s)" % p.stderr.strip()[-300:] if p.returncode else "",
                                        " after %d s: cancelled, again" % limit if wedged else ""))
        if not wedged and p.returncode not in again:
            break
    return p


class Follow:
    """`vbw --json wait VM --alive --follow` running beside the task: its
    events, one JSON object a line, as they come."""

    def __init__(self, boinc, vm):
        self.path = os.path.join(boinc.top, "follow.jsonl")
        self.out = open(self.path, "w")
        self.proc = subprocess.Popen(
            [os.path.join(rvlib.BIN, "vbw"), "--json", "wait", vm, "--alive", "--follow",
             "--interval", "3"], env=boinc.vbox.env, stdout=self.out, stderr=subprocess.PIPE,
            text=True)

    def events(self):
        with open(self.path) as f:
            return [json.loads(line) for line in f if line.endswith("\n")]

    def wait_event(self, what, pred, after, deadline):
        """The first event from index AFTER on that PRED accepts (polled)."""
        found = []

        def seen():
            found[:] = [e for e in self.events()[after:] if pred(e)]
            return bool(found)
        rvlib.wait_for("vbw wait --follow reporting %s" % what, seen, deadline, interval=1.0)
        return self.events().index(found[0])


def guest_count(boinc, vm, pattern):
    """How many guest processes match PATTERN (busybox ps in the guest)."""
    p = vbw(boinc, "exec", vm, "--", "/bin/sh", "-c", "ps | grep -c '%s'" % pattern,
            limit=150)
    try:
        return int(p.stdout.strip())
    except ValueError:
        return -1


def shell_tool(boinc, vm):
    """c. vbw against the wrapper's live VM, as a volunteer's shell would."""
    p = vbw(boinc, "wait", vm, "--alive", "--timeout", "600")
    check(p.returncode == 0 and "alive" in p.stdout,
          "vbw wait --alive: the guest additions report the guest alive (%r %r)"
          % (p.stdout.strip(), p.stderr.strip()))
    p = vbw(boinc, "--json", "list", "--alive")
    rows = [r for r in json.loads(p.stdout)["vms"] if r.get("name") == vm] \
        if p.returncode == 0 else []
    check(len(rows) == 1 and rows[0].get("alive") is True,
          "vbw list --alive: the guest is alive (%r)" % rows)
    # Guest control can come up a moment after the guest properties.
    check(vbw(boinc, "exec", vm, "--", "/bin/true", limit=150).returncode == 0,
          "vbw exec: guest control answers")
    p = vbw(boinc, "exec", vm, "--", "/bin/sh", "-c", "echo out; echo err >&2; exit 3",
            limit=150)
    check(p.returncode == 3, "vbw exec: the guest program's exit code (%d)" % p.returncode)
    check(p.stdout == "out\n" and p.stderr == "err\n",
          "vbw exec: stdout and stderr apart (%r, %r)" % (p.stdout, p.stderr))
    p = vbw(boinc, "--json", "exec", vm, "--", "/bin/uname", "-r", limit=150)
    doc = json.loads(p.stdout)
    check(p.returncode == 0 and doc["finished"] and doc["exit_code_or_signal"] == 0 and
          doc["out"].strip() and doc["err"] == "",
          "vbw --json exec: the guest kernel's release (%r)" % doc["out"].strip())
    p = vbw(boinc, "exec", vm, "--timeout", "5", "--", "/bin/sleep", "600", limit=150)
    check(p.returncode == 124, "vbw exec --timeout: 124 (%d, %r)"
          % (p.returncode, p.stderr.strip()))
    rvlib.wait_for("the timed-out guest program gone",
                   lambda: guest_count(boinc, vm, "[s]leep 600") == 0, 120, interval=2.0)
    check(True, "the timed-out guest program no longer runs in the guest")

    payload = bytes(range(256)) * 64 + b"vbw rv cp\n"
    data = os.path.join(boinc.top, "to-guest.bin")
    with open(data, "wb") as f:
        f.write(payload)
    p = vbw(boinc, "cp", data, vm + ":/tmp/from-host.bin", again=(1, 125), limit=150)
    check(p.returncode == 0, "vbw cp host -> guest (%r)" % p.stderr.strip())
    p = vbw(boinc, "exec", vm, "--", "/bin/sh", "-c", "wc -c </tmp/from-host.bin", limit=150)
    check(p.stdout.strip() == str(len(payload)), "the file is in the guest, whole (%s bytes)"
          % p.stdout.strip())
    back = os.path.join(boinc.top, "from-guest.bin")
    p = vbw(boinc, "cp", vm + ":/tmp/from-host.bin", back, again=(1, 125), limit=150)
    got = open(back, "rb").read() if os.path.exists(back) else b""
    check(p.returncode == 0 and got == payload, "vbw cp guest -> host: the same bytes")

    # -i: vbw's stdin becomes the guest program's (copied into the guest,
    # opened there by /bin/sh, which removes the copy and becomes the program).
    data = os.urandom(65536) + b"end\n"
    p = vbw(boinc, "exec", "-i", vm, "--", "/bin/sh", "-c",
            "md5sum; ls /tmp | grep -c vbw-stdin; exit 0", stdin=data, limit=150)
    words = p.stdout.split()
    check(p.returncode == 0 and words[:1] == [hashlib.md5(data).hexdigest()] and
          words[-1:] == ["0"],
          "vbw exec -i: the guest program read vbw's stdin byte for byte (md5 %s), and its copy "
          "in the guest was gone once it ran (%r)" % (hashlib.md5(data).hexdigest(), p.stdout))


def snapshots(vbox, vm):
    info = vbox.vminfo(vm) or {}
    return [v for k, v in info.items() if k.startswith("SnapshotName")]


def wrapper_running():
    return subprocess.run(["pgrep", "-f", "vboxwrapper_e2e_"], capture_output=True).returncode == 0


def test(boinc, slots):
    client = rvclient.RealClient(boinc, JOB, guestlib.image(),
                                 files=[("boinc_app", guestlib.app_source())],
                                 disk_interval=60, env_extra=FAST)
    slots.append(client)
    vbox, vm, slot_dir = boinc.vbox, rvlib.vm_name_for(rvclient.RESULT), client.slot_dir
    shared = os.path.join(slot_dir, "shared")
    steps = os.path.join(shared, "steps")
    logs_dir = os.path.join(slot_dir, vm, "Logs")
    logs_keep = os.path.join(boinc.top, "vm-logs")

    t0 = time.time()
    client.start()
    rvlib.wait_for("the client's vboxwrapper starting the VM",
                   lambda: vbox.state(vm) == "running", 900, interval=1.0)
    with open(steps, "w") as f:
        f.write("100000\n")    # computing until the test lets it finish
    check(os.path.exists(os.path.join(shared, "boinc_app")),
          "the client ran vboxwrapper, whose <copy_to_shared> put boinc_app in shared/")

    # --- the guest boots and its boinc_app computes -----------------------
    watch = guestlib.BootWatch(vbox, vm, logs_dir, shared)

    def computing():
        watch.sample()
        return progress(slot_dir) >= 2
    rvlib.wait_for("the guest's boinc_app computing (progress.txt >= 2)", computing,
                   guestlib.BOOT_WAIT, interval=1.0)
    rvlib.log("guest computing %.0f s after the client started" % (time.time() - t0))
    watch.report("boot")
    lines = guestlib.guest_log(shared)
    check(any(line.startswith("vbw-guest: shared uptime=") for line in lines),
          "the guest mounted shared/ with vboxsf and logs into it (%d lines)" % len(lines))
    # What the guest writes to the VMM device's log port (VBoxService's own
    # release log, in the guest) reaches stderr.txt as "Guest Log:" lines.
    rvlib.wait_for("the guest's Guest Log lines in stderr.txt",
                   lambda: re.search(r"^\S+ \S+ \(\d+\): Guest Log: .*VBoxService",
                                     client.stderr_txt(), re.M), 300, interval=1.0)
    check(True, "the guest's Guest Log lines (VBoxService's) reach stderr.txt")

    # --- c. the shell tool against the live guest ---------------------------
    # boinc_app waits while shared/hold exists: each guest-control session
    # starts a process in the guest, and under the emulator the guest's one
    # CPU must not be busy starting boinc_app's.
    hold = os.path.join(shared, "hold")
    open(hold, "w").close()
    shell_tool(boinc, vm)
    os.unlink(hold)

    # --- a. the client suspends and resumes the task ------------------------
    follow = Follow(boinc, vm)
    at = follow.wait_event("the live guest alive", lambda e: e["event"] == "alive", 0, 300)
    client.task("suspend")
    rvlib.wait_for("the VM paused", lambda: vbox.state(vm) == "paused", 300)
    p1 = progress(slot_dir)
    time.sleep(5)   # five seconds in which a running guest makes ~5 steps
    p2 = progress(slot_dir)
    check(p2 == p1, "suspended: the VM is paused, the guest's progress stands still (%d -> %d)"
          % (p1, p2))
    # The task stays suspended until the follow has seen it (it looks every 3 s).
    at = follow.wait_event("the paused guest stopped",
                           lambda e: e["event"] == "stopped" and e.get("state") == "paused",
                           at + 1, 300)
    client.task("resume")
    rvlib.wait_for("the VM running again", lambda: vbox.state(vm) == "running", 300)
    rvlib.wait_for("progress after resume", lambda: progress(slot_dir) > p2, 600, interval=0.5)
    check(True, "resumed: the guest computes on (%d -> %d)" % (p2, progress(slot_dir)))
    at = follow.wait_event("the resumed guest alive again", lambda e: e["event"] == "alive",
                           at + 1, 300)
    rvlib.wait_for("the guest's fraction done reaching the client",
                   lambda: fraction(client) >= 0.01, 300, interval=2.0)
    check(True, "the guest's fraction done reaches the client (%s)" % fraction(client))

    # --- b. a checkpoint while the guest runs, quit, restart, restore ------
    # boinc_app holds across the checkpoint and the quit (the guest runs; its
    # app looks at shared/ once in five seconds instead of ~15 shared-folder
    # requests a step). In 1 run of 6 on record (stop 28's CI) the restored
    # guest never took another step: the checkpoint was taken while boinc_app was in the
    # middle of a step (the live guest finished it in the second after the
    # snapshot), and after the restore the guest wrote nothing more to
    # shared/ for 10 minutes while VirtualBox reported it alive. A
    # shared-folder request in flight at the snapshot that the restore does
    # not complete is the likely cause -- a VirtualBox matter (upstream
    # pauses and snapshots the same way); what this test checks is that the
    # wrapper restores the snapshot and the guest carries on from it.
    open(hold, "w").close()
    held = [progress(slot_dir), time.time()]

    def holding():
        now = progress(slot_dir)
        if now != held[0]:
            held[:] = [now, time.time()]
        return time.time() - held[1] >= 4.0
    rvlib.wait_for("boinc_app holding (no step for 4 s)", holding, 300, interval=0.5)
    done_before = client.stderr_txt().count("Checkpoint completed.")
    rvlib.wait_for("a checkpoint while the guest runs (its app holding)",
                   lambda: client.stderr_txt().count("Checkpoint completed.") > done_before,
                   900, interval=0.5)
    at_ckpt = progress(slot_dir)
    check(len(snapshots(vbox, vm)) == 1 and vbox.state(vm) == "running",
          "one live checkpoint snapshot, the guest still running (step %d)" % at_ckpt)
    client.quit()
    rvlib.wait_for("vboxwrapper gone after the client quit", lambda: not wrapper_running(), 300)
    at_quit = progress(slot_dir)
    check(vm in vbox.names("vms") and vbox.state(vm) != "running",
          "quit: the VM is kept for the restart, not running (%s) at guest step %d"
          % (vbox.state(vm), at_quit))
    at = follow.wait_event("the guest stopped at the quit",
                           lambda e: e["event"] == "stopped" and e.get("state") != "running",
                           at + 1, 300)
    guestlib.keep_logs(logs_dir, logs_keep + "-run1")
    before = client.stderr_txt()
    watch_steps = ProgressWatch(slot_dir)
    watch_steps.start()

    client.start()
    rvlib.wait_for("the restarted task's VM running", lambda: vbox.state(vm) == "running", 900,
                   interval=1.0)
    rvlib.wait_for("the restart's restore lines", lambda: "Restore completed." in
                   client.stderr_txt()[len(before):], 300, interval=1.0)
    again = client.stderr_txt()[len(before):]
    check("Restore from previously saved snapshot." in again,
          "the restarted task restores the checkpoint snapshot")
    os.unlink(hold)
    rvlib.wait_for("the restored guest computing",
                   lambda: any(v != at_quit for v in watch_steps.values), 900, interval=1.0)
    watch_steps.done = True
    at = follow.wait_event("the restored guest alive again", lambda e: e["event"] == "alive",
                           at + 1, 300)
    first = next(v for v in watch_steps.values if v != at_quit)
    # A fresh boot would start again at step 1; the restored guest carries on
    # from the step of its checkpoint (at most the one it was at on quit).
    check(2 <= first <= at_quit + 1,
          "the restored guest carries on from its checkpoint (its first step %d; %d at the quit)"
          % (first, at_quit))

    # The guest's log as it stands (the client cleans the slot, shared/
    # with it, once the task has ended).
    guest = guestlib.guest_log(shared)

    # --- completion -----------------------------------------------------------
    with open(steps + ".tmp", "w") as f:
        f.write("%d\n" % (progress(slot_dir) + 3))
    os.replace(steps + ".tmp", steps)
    rvlib.wait_for("the task to end", client.ended, 900, interval=2.0)
    rvlib.log("task state: %s" % client.tasks().get("state"))
    client.quit()
    # What the client keeps of the slot's stderr.txt for the server (the
    # slot itself is cleaned once the task has ended).
    err = client.result_field("stderr_out")
    status = client.result_field("exit_status")
    check(status == "0", "the guest's completion file ends the task: the client's result has "
          "exit_status %r" % status)
    out = os.path.join(client.project_dir, rvclient.OUT_FILE)
    with open(out) as f:
        result = f.read(4096)
    check(result.startswith("vbw rv guest result: "),
          "the client collected the guest's output file (%r)" % result.strip())
    check("Reporting a trickle. (trickle_up)" in err, "the guest's trickle was reported")
    trickles = [f for f in os.listdir(client.project_dir) if f.startswith("trickle_up_")]
    check(len(trickles) == 1, "the client holds the guest's trickle for the server (%s)"
          % trickles)
    inits = [line for line in guest if line.startswith("vbw-guest: init ")]
    check(len(inits) == 1, "one boot in all: the guest's log has one init stage (%s)" % inits)
    rvlib.nothing_left(vbox)
    # The follow saw the VM unregistered (gone) and, with nothing left to
    # watch, ended by itself.
    try:
        follow.proc.wait(timeout=300)
    except subprocess.TimeoutExpired:
        follow.proc.kill()
        follow.proc.wait()
    err_follow = follow.proc.stderr.read()
    events = follow.events()
    rvlib.log("vbw wait --follow: %s; stderr %r" % (
        [(e["event"], e.get("state")) for e in events], err_follow[-300:]))
    kinds = [e["event"] for e in events]
    check(follow.proc.returncode == 0 and kinds[-1:] == ["gone"] and "error" not in kinds,
          "vbw wait --follow ended by itself (exit %s) once the VM was gone, no error"
          % follow.proc.returncode)
    changes = kinds[:-1]
    check(all(k == ("alive", "stopped")[i % 2] for i, k in enumerate(changes)) and
          changes.count("alive") >= 3,
          "vbw wait --follow: the guest alive and stopped in turn, alive %d times in all (the "
          "start, after the resume, after the restore)" % changes.count("alive"))
    rvlib.log("whole task with a real guest and the real client: %.0f s" % (time.time() - t0))


sys.exit(rvlib.run(test))
