#!/usr/bin/env python3
"""Stateful fake of VirtualBox 7.0.10's VBoxManage for the e2e tests.

Put it (through a tiny shell shim) where the BOINC client and the wrapper
look for VBoxManage.  It keeps registered VMs, media and a call log in a
state directory and plays a stand-in "VM process" that acts as the guest.

State directory: $VBW_FAKE_VBOX_STATE, or "fake_vbox_state" beside this file.
  lock            flock()ed for the duration of every call (and guest update)
  calls.log       one line per call: "<start epoch s> rc=<exit> <argv...>"
                  (the harness measures reaction times from these stamps)
  vms/<name>.json one registered VM (name, uuid, basefolder, state, ...)
  media.json      registered media: path -> uuid
  guest_seconds   optional: seconds of *running* guest time before the guest
                  writes its output and the completion trigger file; it
                  overrides $VBW_FAKE_GUEST_SECONDS (default 5); "never" makes
                  a guest that runs until it is stopped.
  trigger_name    optional: the completion trigger file's name the guest
                  writes (else $VBW_FAKE_TRIGGER, else "completion_trigger")
  guest_done_at   written by the guest: when it wrote the trigger file
  fail_startvm    optional: when present, startvm fails (not used by default)

With VBW_FAKE_PASSTHROUGH=/path/to/real/VBoxManage it fakes nothing: it runs
the real one and only appends to calls.log (the e2e harness's real-VirtualBox
mode uses this to measure reaction times the same way).

Output formats (source: VirtualBox 7.0.10 VBoxManage, /work/scratch/vbox/7.0.10):
  --version            VBoxManage.cpp: "%sr%u\n" -> "7.0.10r158379"
  createvm             VBoxManageMisc.cpp:424 "Virtual machine '%ls' is created%s.\n"
                       "UUID: %s\n" "Settings file: '%ls'\n" (%s = " and registered")
  startvm              VBoxManageMisc.cpp:884/899 "Waiting for VM \"%s\" to power on...\n"
                       "VM \"%s\" has been successfully started.\n"
  showvminfo -m        VBoxManageInfo.cpp key="value" lines (name, groups, ostype,
                       UUID, CfgFile, SnapFldr, LogFldr, memory, cpuexecutioncap, cpus,
                       VMState/VMStateChangeTime/VMStateFile, storagecontroller*,
                       "<ctl>-<port>-<dev>", "<ctl>-ImageUUID-<port>-<dev>",
                       SharedFolder{Name,Path}MachineMapping<n>, SnapshotName/UUID,
                       CurrentSnapshotName/UUID/Node); state names machineStateToName(fShort).
  unknown VM           Main VirtualBoxImpl "Could not find a registered machine named '%s'",
                       glue/errorprint.cpp Details/Context lines; context text and line
                       are those of the CHECK_ERROR call site of each command (7.0.10).
  controlvm on a VM that is not running
                       VBoxManageControlVM.cpp:381 "Machine '%s' is not currently running."
  progress (poweroff, savestate, unregistervm --delete, snapshot ...)
                       VBoxManage.cpp showProgress: "0%...10%...20%...<...>100%\n" on stderr
  snapshot take        VBoxManageSnapshot.cpp:493 "Snapshot taken. UUID: %ls\n"
  VBox.log             Main/glue/VBoxLogRelCreate.cpp header ("Log opened", "Executable:",
                       "Process ID: %u"), ConsoleImpl.cpp:8405
                       "Console: Machine state changed to '%s'" with Global::stringifyMachineState
                       names (Running, Paused, PoweredOff, Saved, Stopping, Saving, Starting);
                       each line prefixed by the IPRT release-log elapsed time "HH:MM:SS.uuuuuu ".
Agreement with VirtualBox 7.2.22 (tests/e2e/test_fake_agreement.py replays
fixtures/7.2.22/fake-agreement.txt, recorded from the real one, against this
fake): per-VM UUIDs, showvminfo by name or UUID, the description
(`description="..."` after the shared folders), shared folders in the order
they were added, a snapshot turning each attached disk into a differencing
image `<SnapFldr>/{UUID}.vdi` whose parent is the disk (DVD and floppy
images stay; a multiattach disk gets no differencing image of its own at
attach time here), showhdinfo's
"In use by VMs: VM (UUID: ...) [SNAPSHOT (UUID: ...)]" and "Child UUIDs:"
lines, `guestcontrol` on a VM that is not running ('Machine "VM" is not
running (currently powered off)!', exit 1).
Simplifications (assumptions): `unregistervm --delete` removes the VM folder but
never the attached media files; options of modifyvm/storagectl/bandwidthctl/...
are accepted without checking; every call's answer is immediate; deleting or
restoring a snapshot leaves the disks' chain as it is (VirtualBox merges or
replaces differencing images); guest control on a running VM succeeds
without running anything (there are no Guest Additions to answer).
"""

import fcntl
import json
import os
import re
import shlex
import signal
import sys
import time
import uuid as uuidlib

VERSION = "7.0.10r158379"
HERE = os.path.dirname(os.path.abspath(__file__))
STATE = os.environ.get("VBW_FAKE_VBOX_STATE") or os.path.join(HERE, "fake_vbox_state")
PROGRESS = "0%...10%...20%...30%...40%...50%...60%...70%...80%...90%...100%\n"

# CHECK_ERROR call sites of FindMachine per command in 7.0.10: (file, line, expression)
FIND_SITES = {
    "showvminfo": ("VBoxManageInfo.cpp", 3138,
                   "FindMachine(Bstr(VMNameOrUuid).raw(), machine.asOutParam())"),
    "controlvm": ("VBoxManageControlVM.cpp", 365,
                  "FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())"),
    "startvm": ("VBoxManageMisc.cpp", 867,
                "FindMachine(Bstr(pszVM).raw(), machine.asOutParam())"),
    "unregistervm": ("VBoxManageMisc.cpp", 229,
                     "FindMachine(Bstr(VMName).raw(), machine.asOutParam())"),
    "modifyvm": ("VBoxManageModifyVM.cpp", 632,
                 "FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())"),
    "snapshot": ("VBoxManageSnapshot.cpp", 344,
                 "FindMachine(bstrMachine.raw(), pMachine.asOutParam())"),
    "storageattach": ("VBoxManageStorageController.cpp", 343,
                      "FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())"),
    "storagectl": ("VBoxManageStorageController.cpp", 1053,
                   "FindMachine(Bstr(a->argv[0]).raw(), machine.asOutParam())"),
}


class Exit(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


def err(msg):
    sys.stderr.write("VBoxManage: error: %s\n" % msg)


def now_iso():
    t = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t)) + ".%09dZ" % int((t % 1) * 1e9)


# ---------------------------------------------------------------- state files

def vm_path(name):
    return os.path.join(STATE, "vms", name + ".json")


def load_vm(name):
    p = vm_path(name)
    if os.path.exists(p):
        with open(p) as f:
            return json.load(f)
    # lookup by UUID
    d = os.path.join(STATE, "vms")
    for fn in os.listdir(d) if os.path.isdir(d) else []:
        with open(os.path.join(d, fn)) as f:
            vm = json.load(f)
        if vm.get("uuid") == name:
            return vm
    return None


def save_vm(vm):
    os.makedirs(os.path.join(STATE, "vms"), exist_ok=True)
    tmp = vm_path(vm["name"]) + ".tmp"
    with open(tmp, "w") as f:
        json.dump(vm, f, indent=1)
    os.replace(tmp, vm_path(vm["name"]))


def all_vms():
    d = os.path.join(STATE, "vms")
    out = []
    for fn in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        if fn.endswith(".json"):
            with open(os.path.join(d, fn)) as f:
                out.append(json.load(f))
    return out


def load_media():
    p = os.path.join(STATE, "media.json")
    if os.path.exists(p):
        with open(p) as f:
            return json.load(f)
    return {}


def save_media(media):
    p = os.path.join(STATE, "media.json")
    with open(p + ".tmp", "w") as f:
        json.dump(media, f, indent=1)
    os.replace(p + ".tmp", p)


def need_vm(cmd, name):
    vm = load_vm(name)
    if vm is None:
        fname, line, expr = FIND_SITES.get(cmd, FIND_SITES["controlvm"])
        err("Could not find a registered machine named '%s'" % name)
        err("Details: code VBOX_E_OBJECT_NOT_FOUND (0x80bb0001), component VirtualBoxWrap, "
            "interface IVirtualBox, callee nsISupports")
        err('Context: "%s" at line %d of file %s' % (expr, line, fname))
        raise Exit(1)
    notice_dead_vm_process(vm)
    return vm


def notice_dead_vm_process(vm):
    """VBoxSVC watches the VM process: when it dies (kill -9, the OOM
    killer) the machine becomes 'aborted' (seen on 7.2.22, realvbox
    test_vm_killed)."""
    pid = vm.get("pid") or 0
    if vm.get("state") not in ("running", "paused") or pid <= 0:
        return
    try:
        os.kill(pid, 0)
        return
    except ProcessLookupError:
        pass
    except PermissionError:
        return
    set_state(vm, "aborted", "Aborted")
    vm["pid"] = 0
    save_vm(vm)


# ---------------------------------------------------------------- VBox.log

def log_dir(vm):
    return os.path.join(vm["basefolder"], vm["name"], "Logs")


def log_line(vm, text):
    """Append one release-log line with the elapsed-time prefix."""
    start = vm.get("log_start") or time.time()
    el = max(0.0, time.time() - start)
    h, rem = divmod(el, 3600)
    m, s = divmod(rem, 60)
    prefix = "%02d:%02d:%09.6f " % (h, m, s)
    with open(os.path.join(log_dir(vm), "VBox.log"), "a") as f:
        f.write(prefix + text + "\n")


def set_state(vm, state, console_name):
    vm["state"] = state
    vm["state_time"] = now_iso()
    if console_name and os.path.isdir(log_dir(vm)):
        log_line(vm, "Console: Machine state changed to '%s'" % console_name)


def open_new_log(vm, pid):
    d = log_dir(vm)
    os.makedirs(d, exist_ok=True)
    logf = os.path.join(d, "VBox.log")
    # VirtualBox rotates VBox.log -> VBox.log.1 ... on every start
    for i in (2, 1):
        src = logf + ("" if i == 1 else ".%d" % (i - 1))
        if os.path.exists(src):
            os.replace(src, logf + ".%d" % i)
    vm["log_start"] = time.time()
    with open(logf, "w"):
        pass
    log_line(vm, "VirtualBox VM 7.0.10 r158379 linux.amd64 (Jul 12 2023 16:56:19) release log")
    log_line(vm, "Log opened %s" % now_iso())
    log_line(vm, "Build Type: release")
    log_line(vm, "OS Product: Linux")
    log_line(vm, "Executable: /usr/lib/virtualbox/VBoxHeadless")
    log_line(vm, "Process ID: %d" % pid)
    log_line(vm, "Package type: LINUX_64BITS_GENERIC")


def kill_vm_process(vm):
    pid = vm.get("pid") or 0
    if pid > 0:
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    vm["pid"] = 0


# ---------------------------------------------------------------- the stand-in VM

def read_setting(fname, env, default):
    """A setting from the state directory (the harness may change it while
    a scenario runs), else from the environment, else the default."""
    p = os.path.join(STATE, fname)
    if os.path.exists(p):
        with open(p) as f:
            val = f.read().strip()
        if val:
            return val
    return os.environ.get(env) or default


def guest_seconds():
    val = read_setting("guest_seconds", "VBW_FAKE_GUEST_SECONDS", "5")
    if val == "never":
        return None
    return float(val)


def run_vm_process(name):
    """The stand-in VM process (own session).  Counts guest time only while
    the VM is running; when enough has passed it writes shared/output.txt
    and the completion trigger file into the shared folder, then shuts the
    guest down after a short grace (as a guest's `poweroff` would)."""
    lock = open(os.path.join(STATE, "lock"), "a")
    elapsed_file = vm_path(name) + ".guest"
    elapsed = 0.0
    if os.path.exists(elapsed_file):
        with open(elapsed_file) as f:
            elapsed = float(f.read().strip() or 0)
    done_at = None
    adopted = False
    tick = 0.2
    while True:
        time.sleep(tick)
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            vm = load_vm(name)
            if vm is None:
                return
            if vm.get("pid") == 0 and vm["state"] == "running" and not adopted:
                # startvm stopped waiting for this process's pid before it
                # came (seen on CI's starved-host stage): the VM runs with no
                # process of record; this one is it, as VBoxSVC's would be.
                vm["pid"] = os.getpid()
                save_vm(vm)
                try:
                    os.unlink(vm_path(name) + ".pid")
                except OSError:
                    pass
            if vm.get("pid") != os.getpid():
                return
            adopted = True
            if vm["state"] == "running":
                if elapsed == 0.0 and not os.path.exists(elapsed_file):
                    # What a guest's vboxmonitor/VBoxService line looks like
                    # in VBox.log (the wrapper copies it to stderr.txt).
                    log_line(vm, "VMMDev: Guest Log: vbw-e2e guest: computing")
                elapsed += tick
                with open(elapsed_file, "w") as f:
                    f.write("%.1f" % elapsed)
            need = guest_seconds()
            if done_at is None and need is not None and elapsed >= need:
                shared = vm.get("sharedfolders", {}).get("shared")
                trig = read_setting("trigger_name", "VBW_FAKE_TRIGGER", "completion_trigger")
                if shared and os.path.isdir(shared):
                    with open(os.path.join(shared, "output.txt"), "w") as f:
                        f.write("fake guest output after %.1f s\n" % elapsed)
                    with open(os.path.join(shared, trig), "w") as f:
                        f.write("done\n")
                    with open(os.path.join(STATE, "guest_done_at"), "w") as f:
                        f.write("%.3f\n" % time.time())
                done_at = time.time()
            if done_at is not None and time.time() - done_at > 3 and vm["state"] == "running":
                set_state(vm, "poweroff", "Stopping")
                set_state(vm, "poweroff", "PoweredOff")
                vm["pid"] = 0
                save_vm(vm)
                return
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def spawn_vm_process(name, uuid):
    pid = os.fork()
    if pid == 0:
        os.setsid()
        if os.fork() != 0:
            os._exit(0)
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.closerange(3, 1024)
        try:
            # "--comment NAME --startvm UUID" as VBoxSVC starts VBoxHeadless
            # (7.2.22: "VBoxHeadless --comment NAME --startvm UUID --vrde
            # config"): the wrapper takes a VM pid only from a process whose
            # command line says so (issue 20.4). The state dir last in argv
            # lets a harness find its own VM processes.
            os.execv(sys.executable, [sys.executable, os.path.abspath(__file__),
                                      "--comment", name, "--startvm", uuid,
                                      "--fake-vm-process", name, STATE])
        finally:
            os._exit(127)
    os.waitpid(pid, 0)


# ---------------------------------------------------------------- commands

def opt(args, *names, default=None):
    for i, a in enumerate(args):
        for n in names:
            if a == n and i + 1 < len(args):
                return args[i + 1]
            if a.startswith(n + "="):
                return a[len(n) + 1:]
    return default


def cmd_createvm(args):
    name = opt(args, "--name")
    base = opt(args, "--basefolder") or os.path.join(os.environ.get("HOME", "/root"), "VirtualBox VMs")
    if not name:
        err("Parameter --name is required")
        raise Exit(2)
    if load_vm(name):
        cfg = os.path.join(base, name, name + ".vbox")
        err("Machine settings file '%s' already exists" % cfg)
        err("Details: code VBOX_E_FILE_ERROR (0x80bb0004), component MachineWrap, "
            "interface IMachine, callee nsISupports")
        err('Context: "CreateMachine(bstrSettingsFile.raw(), bstrName.raw(), '
            'ComSafeArrayAsInParam(groups), bstrOsTypeId.raw(), createFlags.raw(), '
            'bstrCipher.raw(), bstrPasswordId.raw(), Bstr(strPassword).raw(), '
            'machine.asOutParam())" at line 391 of file VBoxManageMisc.cpp')
        raise Exit(1)
    vm = {"name": name, "uuid": str(uuidlib.uuid4()), "basefolder": base,
          "ostype": opt(args, "--ostype", default="Other"), "memory": 128, "cpus": 1,
          "cpuexecutioncap": 100, "state": "poweroff", "state_time": now_iso(), "pid": 0,
          "sharedfolders": {}, "storagectl": [], "attach": {}, "snapshots": [],
          "extradata": {}, "registered": "--register" in args}
    os.makedirs(os.path.join(base, name), exist_ok=True)
    with open(os.path.join(base, name, name + ".vbox"), "w") as f:
        f.write('<?xml version="1.0"?>\n<VirtualBox version="1.19-linux"/>\n')
    save_vm(vm)
    print("Virtual machine '%s' is created%s." % (name, " and registered" if vm["registered"] else ""))
    print("UUID: %s" % vm["uuid"])
    print("Settings file: '%s'" % os.path.join(base, name, name + ".vbox"))


def cmd_showvminfo(args):
    if not args:
        err("VM name or UUID required")
        raise Exit(2)
    vm = need_vm("showvminfo", args[0])
    if "--machinereadable" not in args:
        print("Name:                        %s" % vm["name"])
        print("UUID:                        %s" % vm["uuid"])
        print("State:                       %s" % vm["state"])
        return
    d = os.path.join(vm["basefolder"], vm["name"])
    p = print
    p('name="%s"' % vm["name"])
    p('Encryption="disabled"')
    p('groups="/"')
    p('ostype="%s"' % vm["ostype"])
    p('UUID="%s"' % vm["uuid"])
    p('CfgFile="%s"' % os.path.join(d, vm["name"] + ".vbox"))
    p('SnapFldr="%s"' % os.path.join(d, "Snapshots"))
    p('LogFldr="%s"' % os.path.join(d, "Logs"))
    p('memory=%d' % int(vm["memory"]))
    p('cpuexecutioncap=%d' % int(vm["cpuexecutioncap"]))
    p('cpus=%d' % int(vm["cpus"]))
    p('VMState="%s"' % vm["state"])
    p('VMStateChangeTime="%s"' % vm["state_time"])
    if vm["state"] == "saved":
        p('VMStateFile="%s"' % os.path.join(d, "Snapshots", "saved.sav"))
    for i, c in enumerate(vm["storagectl"]):
        p('storagecontrollername%d="%s"' % (i, c["name"]))
        p('storagecontrollertype%d="%s"' % (i, c.get("type", "IntelAhci")))
        p('storagecontrollerinstance%d="0"' % i)
        p('storagecontrollermaxportcount%d="30"' % i)
        p('storagecontrollerportcount%d="%d"' % (i, c.get("ports", 1)))
        p('storagecontrollerbootable%d="on"' % i)
    for key, medium in sorted(vm["attach"].items()):
        ctl, port, dev = key.split("|")
        p('"%s-%s-%s"="%s"' % (ctl, port, dev, medium["path"]))
        p('"%s-ImageUUID-%s-%s"="%s"' % (ctl, port, dev, medium["uuid"]))
    # In the order they were added (a JSON object keeps its keys' order).
    for i, (n, path) in enumerate(vm["sharedfolders"].items(), 1):
        p('SharedFolderNameMachineMapping%d="%s"' % (i, n))
        p('SharedFolderPathMachineMapping%d="%s"' % (i, path))
    if vm.get("description"):
        p('description="%s"' % vm["description"])
    print_snapshots_machinereadable(vm)


def print_snapshots_machinereadable(vm):
    """showSnapshots() (VBoxManageInfo.cpp) in machine-readable form: each
    snapshot is the only child of the one before; the current (last) one's
    Current* lines follow its own."""
    snaps = vm["snapshots"]
    for i, s in enumerate(snaps):
        prefix = "-".join([""] + ["1"] * i)
        print('SnapshotName%s="%s"' % (prefix, s["name"]))
        print('SnapshotUUID%s="%s"' % (prefix, s["uuid"]))
        if i == len(snaps) - 1:
            print('CurrentSnapshotName="%s"' % s["name"])
            print('CurrentSnapshotUUID="%s"' % s["uuid"])
            print('CurrentSnapshotNode="SnapshotName%s"' % prefix)


def cmd_startvm(args):
    if not args:
        err("VM name or UUID required")
        raise Exit(2)
    vm = need_vm("startvm", args[0])
    if os.path.exists(os.path.join(STATE, "fail_startvm")):
        err("The virtual machine '%s' has terminated unexpectedly during startup "
            "with exit code 1 (0x1)" % vm["name"])
        err("Details: code NS_ERROR_FAILURE (0x80004005), component MachineWrap, "
            "interface IMachine")
        raise Exit(1)
    if vm["state"] in ("running", "paused"):
        err("The machine '%s' is already locked for a session (or being unlocked)" % vm["name"])
        err("Details: code VBOX_E_INVALID_OBJECT_STATE (0x80bb0007), component MachineWrap, "
            "interface IMachine, callee nsISupports")
        err('Context: "LaunchVMProcess(a->session, sessionType.raw(), '
            'ComSafeArrayAsInParam(aBstrEnv), progress.asOutParam())" at line 881 of file '
            'VBoxManageMisc.cpp')
        raise Exit(1)
    print('Waiting for VM "%s" to power on...' % args[0])
    was_saved = vm["state"] == "saved"
    if not was_saved:
        # a fresh boot: the guest starts its work over
        try:
            os.unlink(vm_path(vm["name"]) + ".guest")
        except OSError:
            pass
    save_vm(vm)
    spawn_vm_process(vm["name"], vm["uuid"])
    # the VM process looks itself up by pid: wait for it to announce it. A
    # starved host (CI's busy loops, 16 tasks starting python under one
    # lock) took over 2 s to start it: a VM process that finds no pid of its
    # own ends at once, leaving a "running" VM with no guest and the task
    # waiting for a completion that never comes. So a generous deadline.
    pidfile = vm_path(vm["name"]) + ".pid"
    vm["pid"] = 0
    for _ in range(3000):
        if os.path.exists(pidfile):
            with open(pidfile) as f:
                vm["pid"] = int(f.read().strip() or 0)
            os.unlink(pidfile)
            break
        time.sleep(0.02)
    open_new_log(vm, vm["pid"])
    if was_saved:
        set_state(vm, "restoring", "Restoring")
    else:
        set_state(vm, "starting", "Starting")
    set_state(vm, "running", "Running")
    save_vm(vm)
    print('VM "%s" has been successfully started.' % args[0])


def cmd_controlvm(args):
    if len(args) < 2:
        err("Not enough parameters")
        raise Exit(2)
    vm = need_vm("controlvm", args[0])
    action = args[1]
    if vm["state"] not in ("running", "paused"):
        err("Machine '%s' is not currently running." % args[0])
        raise Exit(1)
    if action == "pause":
        set_state(vm, "paused", "Paused")
    elif action == "resume":
        set_state(vm, "running", "Running")
    elif action in ("poweroff", "acpipowerbutton"):
        set_state(vm, "stopping", "Stopping")
        kill_vm_process(vm)
        set_state(vm, "poweroff", "PoweredOff")
        sys.stderr.write(PROGRESS)
    elif action == "savestate":
        set_state(vm, "saving", "Saving")
        kill_vm_process(vm)
        set_state(vm, "saved", "Saved")
        sys.stderr.write(PROGRESS)
    elif action == "cpuexecutioncap" and len(args) > 2:
        vm["cpuexecutioncap"] = int(args[2])
    save_vm(vm)


def cmd_modifyvm(args):
    vm = need_vm("modifyvm", args[0])
    for key in ("--memory", "--cpus", "--ostype", "--cpuexecutioncap"):
        v = opt(args[1:], key)
        if v is not None:
            vm[key[2:]] = int(v) if key != "--ostype" else v
    description = opt(args[1:], "--description")
    if description is not None:
        vm["description"] = description
    save_vm(vm)


def cmd_storagectl(args):
    vm = need_vm("storagectl", args[0])
    name = opt(args, "--name")
    if "--remove" in args:
        vm["storagectl"] = [c for c in vm["storagectl"] if c["name"] != name]
    else:
        vm["storagectl"].append({"name": name, "type": opt(args, "--controller", default="IntelAhci"),
                                 "ports": int(opt(args, "--portcount", default="1"))})
    save_vm(vm)


def cmd_storageattach(args):
    vm = need_vm("storageattach", args[0])
    key = "%s|%s|%s" % (opt(args, "--storagectl"), opt(args, "--port", default="0"),
                        opt(args, "--device", default="0"))
    medium = opt(args, "--medium", default="none")
    media = load_media()
    if medium in ("none", "emptydrive"):
        vm["attach"].pop(key, None)
    else:
        path = os.path.abspath(medium)
        if not os.path.exists(path):
            err("Could not find file for the medium '%s' (VERR_FILE_NOT_FOUND)" % path)
            raise Exit(1)
        media.setdefault(path, str(uuidlib.uuid4()))
        vm["attach"][key] = {"path": path, "uuid": media[path],
                             "type": opt(args, "--type", default="hdd")}
        save_media(media)
    save_vm(vm)


def cmd_sharedfolder(args):
    if len(args) < 2:
        err("Not enough parameters")
        raise Exit(2)
    vm = need_vm("sharedfolder", args[1])
    name = opt(args, "--name")
    if args[0] == "add":
        vm["sharedfolders"][name] = opt(args, "--hostpath")
    elif args[0] == "remove":
        vm["sharedfolders"].pop(name, None)
    save_vm(vm)


def cmd_snapshot(args):
    vm = need_vm("snapshot", args[0])
    sub = args[1] if len(args) > 1 else "list"
    if sub == "take":
        s = {"name": args[2], "uuid": str(uuidlib.uuid4()), "attach": dict(vm["attach"])}
        vm["snapshots"].append(s)
        take_differencing_disks(vm)
        sys.stderr.write(PROGRESS)
        print("Snapshot taken. UUID: %s" % s["uuid"])
    elif sub == "delete":
        vm["snapshots"] = [s for s in vm["snapshots"] if args[2] not in (s["name"], s["uuid"])]
        sys.stderr.write(PROGRESS)
    elif sub == "restorecurrent":
        if vm["state"] in ("running", "paused"):
            err("Cannot restore the current snapshot while the machine is running")
            raise Exit(1)
        if vm["snapshots"]:
            print("Restoring snapshot '%s' (%s)" % (vm["snapshots"][-1]["name"],
                                                     vm["snapshots"][-1]["uuid"]))
        sys.stderr.write(PROGRESS)
    elif sub == "restore":
        if not any(args[2] in (s["name"], s["uuid"]) for s in vm["snapshots"]):
            err("Could not find a snapshot named '%s'" % args[2])
            raise Exit(1)
        sys.stderr.write(PROGRESS)
    elif sub == "list":
        if not vm["snapshots"]:
            print("This machine does not have any snapshots")
            raise Exit(1)
        if "--machinereadable" in args:
            print_snapshots_machinereadable(vm)
        else:
            for i, s in enumerate(vm["snapshots"]):
                print("   %sName: %s (UUID: %s)%s" % ("   " * i, s["name"], s["uuid"],
                                                     " *" if i == len(vm["snapshots"]) - 1 else ""))
    save_vm(vm)


def take_differencing_disks(vm):
    """A snapshot freezes each attached disk: the VM goes on writing to a
    new differencing image in its snapshot folder, a child of the disk."""
    media = load_media()
    parents = load_parents()
    snapfldr = os.path.join(vm["basefolder"], vm["name"], "Snapshots")
    for key, medium in sorted(vm["attach"].items()):
        if medium.get("type", "hdd") != "hdd":
            continue  # a DVD or floppy image is never written to
        child = str(uuidlib.uuid4())
        path = os.path.join(snapfldr, "{%s}.vdi" % child)
        media[path] = child
        parents[child] = medium["uuid"]
        vm["attach"][key] = {"path": path, "uuid": child, "type": "hdd"}
    save_media(media)
    save_parents(parents)


def load_parents():
    """Differencing images: child UUID -> parent UUID."""
    p = os.path.join(STATE, "parents.json")
    if os.path.exists(p):
        with open(p) as f:
            return json.load(f)
    return {}


def save_parents(parents):
    p = os.path.join(STATE, "parents.json")
    with open(p + ".tmp", "w") as f:
        json.dump(parents, f, indent=1)
    os.replace(p + ".tmp", p)


def medium_users(medium_uuid):
    """showhdinfo's "In use by VMs" entries: each VM with the medium in its
    current state or in a snapshot's, the snapshots in brackets."""
    out = []
    for vm in all_vms():
        current = any(m["uuid"] == medium_uuid for m in vm["attach"].values())
        snaps = [s for s in vm["snapshots"]
                 if any(m["uuid"] == medium_uuid for m in s.get("attach", {}).values())]
        if not current and not snaps:
            continue
        text = "%s (UUID: %s)" % (vm["name"], vm["uuid"])
        if snaps:
            text += " [%s]" % ", ".join("%s (UUID: %s)" % (s["name"], s["uuid"]) for s in snaps)
        out.append(text)
    return out


def cmd_unregistervm(args):
    vm = need_vm("unregistervm", args[0])
    if vm["state"] in ("running", "paused"):
        err("Cannot unregister the machine '%s' while it is locked" % vm["name"])
        err("Details: code VBOX_E_INVALID_OBJECT_STATE (0x80bb0007), component MachineWrap, "
            "interface IMachine, callee nsISupports")
        err('Context: "Unregister(CleanupMode_DetachAllReturnHardDisksOnly, '
            'ComSafeArrayAsOutParam(aMedia))" at line 258 of file VBoxManageMisc.cpp')
        raise Exit(1)
    kill_vm_process(vm)
    os.unlink(vm_path(vm["name"]))
    for suffix in (".guest", ".pid"):
        try:
            os.unlink(vm_path(vm["name"]) + suffix)
        except OSError:
            pass
    if "--delete" in args or "--delete-all" in args:
        import shutil
        shutil.rmtree(os.path.join(vm["basefolder"], vm["name"]), ignore_errors=True)
        sys.stderr.write(PROGRESS)


def cmd_closemedium(args):
    paths = [a for a in args if a not in ("disk", "dvd", "floppy", "--delete")]
    media = load_media()
    for p in paths:
        media.pop(os.path.abspath(p), None)
    save_media(media)


def cmd_discardstate(args):
    vm = need_vm("discardstate", args[0])
    if vm["state"] == "saved":
        vm["state"] = "poweroff"
        vm["state_time"] = now_iso()
    save_vm(vm)


def cmd_list(args):
    what = args[0] if args else ""
    if what == "vms":
        for vm in all_vms():
            print('"%s" {%s}' % (vm["name"], vm["uuid"]))
    elif what == "runningvms":
        for vm in all_vms():
            if vm["state"] in ("running", "paused"):
                print('"%s" {%s}' % (vm["name"], vm["uuid"]))
    elif what == "hdds":
        for path, u in sorted(load_media().items()):
            print("UUID:           %s" % u)
            print("Parent UUID:    base")
            print("State:          created")
            print("Type:           normal (base)")
            print("Location:       %s" % path)
            print("Storage format: VDI")
            print("Capacity:       1 MBytes")
            print("Encryption:     disabled")
            print("")
    elif what == "hostinfo":
        # listHostInfo() (VBoxManageList.cpp 7.0.10); HW virtualization as this CPU has it
        n = os.cpu_count() or 1
        with open("/proc/cpuinfo") as f:
            cpuinfo = f.read()
        flags = set(re.findall(r"^flags\s*:(.*)$", cpuinfo, re.M)[0].split()) if "flags" in cpuinfo else set()
        models = re.findall(r"^model name\s*:\s*(.*)$", cpuinfo, re.M) or ["unknown"]
        hw = "yes" if flags & {"vmx", "svm"} else "no"
        print("Host Information:")
        print("")
        print("Host time: %s" % now_iso())
        print("Processor online count: %d" % n)
        print("Processor count: %d" % n)
        print("Processor online core count: %d" % n)
        print("Processor core count: %d" % n)
        for feat, val in (("HW virtualization", hw), ("PAE", "yes" if "pae" in flags else "no"),
                          ("long mode", "yes" if "lm" in flags else "no"),
                          ("nested paging", hw), ("unrestricted guest", hw),
                          ("nested HW virtualization", "no"), ("virt. vmsave/vmload", "no")):
            print("Processor supports %s: %s" % (feat, val))
        for i in range(n):
            print("Processor#%d speed: unknown" % i)
            print("Processor#%d description: %s" % (i, models[min(i, len(models) - 1)]))
        print("Memory size: 2048 MByte")
        print("Memory available: 1024 MByte")
        print("Operating system: Linux")
        print("Operating system version: 6.1.0-13-amd64")
    elif what == "systemproperties":
        print("API version:                     7_0")
        print("Minimum guest RAM size:          4 Megabytes")
        print("Maximum guest RAM size:          2097152 Megabytes")
        print("Default machine folder:          /root/VirtualBox VMs")
        print("Default Guest Additions ISO:     /usr/share/virtualbox/VBoxGuestAdditions.iso")
    elif what == "extpacks":
        print("Extension Packs: 0")
    # bridgedifs, ostypes, ...: nothing to list on this fake host


def cmd_showhdinfo(args):
    # showmediuminfo [disk|dvd|floppy] <file>, showhdinfo <file>
    args = [a for a in args if a not in ("disk", "dvd", "floppy")]
    path = os.path.abspath(args[0]) if args else ""
    media = load_media()
    if path not in media:
        if not os.path.exists(path):
            err("Could not find file for the medium '%s' (VERR_FILE_NOT_FOUND)" % path)
            raise Exit(1)
        media[path] = str(uuidlib.uuid4())
        save_media(media)
    u = media[path]
    parents = load_parents()
    print("UUID:           %s" % u)
    print("Parent UUID:    %s" % parents.get(u, "base"))
    print("State:          created")
    print("Type:           normal (%s)" % ("differencing" if u in parents else "base"))
    print("Location:       %s" % path)
    print("Storage format: VDI")
    print("Format variant: dynamic default")
    print("Capacity:       1 MBytes")
    print("Size on disk:   1 MBytes")
    print("Encryption:     disabled")
    for i, user in enumerate(medium_users(u)):
        print("%s%s" % ("In use by VMs:  " if i == 0 else " " * 16, user))
    for i, child in enumerate(c for c, parent in sorted(parents.items()) if parent == u):
        print("%s%s" % ("Child UUIDs:    " if i == 0 else " " * 16, child))


STATE_WORDS = {"poweroff": "powered off", "saved": "saved", "aborted": "aborted"}


def cmd_guestcontrol(args):
    """Guest control needs a running VM (VBoxManageGuestCtrl.cpp): on any
    other 'Machine "VM" is not running (currently powered off)!'."""
    if not args:
        err("No VM name or UUID given")
        raise Exit(2)
    vm = need_vm("controlvm", args[0])
    if vm["state"] not in ("running", "paused"):
        err('Machine "%s" is not running (currently %s)!'
            % (vm["name"], STATE_WORDS.get(vm["state"], vm["state"])))
        raise Exit(1)


def cmd_guestproperty(args):
    if args and args[0] == "get":
        print("No value set!")


def cmd_extradata(args, setting):
    if len(args) >= 2 and args[0] != "global":
        vm = need_vm("controlvm", args[0])
        if setting and len(args) >= 3:
            vm["extradata"][args[1]] = args[2]
            save_vm(vm)
            return
        if not setting:
            v = vm["extradata"].get(args[1])
            print("Value: %s" % v if v is not None else "No value set!")
            return
    if not setting:
        print("No value set!")


def main(argv):
    if "--fake-vm-process" in argv:
        global STATE
        at = argv.index("--fake-vm-process")
        name = argv[at + 1]
        if len(argv) > at + 2:
            STATE = argv[at + 2]
        # Atomically: startvm takes the file as soon as it exists, and an
        # empty one read between open and write gave "Process ID: 0" in the
        # log (CI's starved host: the task then waited for a pid and the
        # client's quit went unanswered).
        pidfile = vm_path(name) + ".pid"
        with open(pidfile + ".tmp", "w") as f:
            f.write(str(os.getpid()))
        os.replace(pidfile + ".tmp", pidfile)
        run_vm_process(name)
        return 0
    os.makedirs(STATE, exist_ok=True)
    started = time.time()
    rc = 0
    real = os.environ.get("VBW_FAKE_PASSTHROUGH")
    if real:
        # recording mode for a real VirtualBox: run it, keep only the call log
        import subprocess
        rc = subprocess.call([real] + list(argv))
        with open(os.path.join(STATE, "calls.log"), "a") as f:
            f.write("%.3f rc=%d %s\n" % (started, rc, " ".join(shlex.quote(a) for a in argv)))
        return rc
    lock = open(os.path.join(STATE, "lock"), "a")
    # skip global options VBoxManage accepts before the command
    args = list(argv)
    while args and args[0] in ("-q", "--nologo"):
        args.pop(0)
    try:
        if not args:
            print("Oracle VM VirtualBox Command Line Management Interface Version 7.0.10")
            rc = 2
        elif args[0] in ("--version", "-v", "-version", "-V"):
            print(VERSION)
        else:
            fcntl.flock(lock, fcntl.LOCK_EX)
            cmd, rest = args[0], args[1:]
            table = {
                "createvm": cmd_createvm, "showvminfo": cmd_showvminfo, "startvm": cmd_startvm,
                "controlvm": cmd_controlvm, "modifyvm": cmd_modifyvm, "storagectl": cmd_storagectl,
                "storageattach": cmd_storageattach, "sharedfolder": cmd_sharedfolder,
                "snapshot": cmd_snapshot, "unregistervm": cmd_unregistervm,
                "closemedium": cmd_closemedium, "discardstate": cmd_discardstate,
                "list": cmd_list, "showhdinfo": cmd_showhdinfo, "showmediuminfo": cmd_showhdinfo,
                "guestproperty": cmd_guestproperty, "guestcontrol": cmd_guestcontrol,
                "setextradata": lambda a: cmd_extradata(a, True),
                "getextradata": lambda a: cmd_extradata(a, False),
            }
            fn = table.get(cmd)
            if fn is not None:
                fn(rest)
            elif cmd in ("bandwidthctl", "debugvm", "registervm", "modifyhd", "modifymedium",
                         "mediumproperty", "setproperty", "natnetwork", "hostonlyif",
                         "metrics", "usbfilter", "extpack"):
                if cmd in ("bandwidthctl", "debugvm") and rest:
                    need_vm("controlvm", rest[0])
            else:
                err("Invalid command '%s'" % cmd)
                rc = 2
    except Exit as e:
        rc = e.code
    sys.stdout.flush()
    try:
        with open(os.path.join(STATE, "calls.log"), "a") as f:
            f.write("%.3f rc=%d %s\n" % (started, rc, " ".join(shlex.quote(a) for a in argv)))
    except OSError:
        pass
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
