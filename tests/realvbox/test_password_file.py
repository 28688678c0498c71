"""The guest password goes to VBoxManage as --passwordfile, never --password
in argv (issue 20): vbw exec/cp write it into a private temporary file and
remove it after the call. Real VirtualBox 7.2 decides whether that option is
one it knows for `guestcontrol run`, `copyto` and `copyfrom` and whether it
reads the file: against a registered VM that is not running (no guest needed),
VBoxManage reads its options first -- a missing password file is its own
error, an unknown option would be a syntax error -- and then says the VM is
not running. vbw must get that last answer, and leave no file behind."""
import glob
import os
import subprocess
import sys

import rvlib
from rvlib import check, log

VM = "vbw-rv-password-file"


def test(boinc, slots):
    vbox = boinc.vbox
    vbox.must("createvm", "--name", VM, "--ostype", "Linux26_64", "--register",
              "--basefolder", boinc.top)
    # VBoxManage itself: the option is known and the file is read at parse time.
    for verb in (["run", "--exe", "/bin/true"], ["copyto", "/etc/hostname", "/tmp/x"],
                 ["copyfrom", "/etc/hostname", "/tmp/x"]):
        rc, out, err = vbox.run("guestcontrol", VM, *verb[:1], "--username", "root",
                                "--passwordfile", "/nonexistent/vbw-password", *verb[1:])
        log("VBoxManage guestcontrol %s --passwordfile /nonexistent: %d %s" %
            (verb[0], rc, err.strip()[-300:]))
        check(rc != 0 and "nonexistent/vbw-password" in err,
              "%s: VBoxManage reads --passwordfile (it names the missing file)" % verb[0])
        check("Unknown option" not in err and "syntax" not in err.lower(),
              "%s: --passwordfile is an option VBoxManage 7.2 knows" % verb[0])
    tmp = os.path.join(boinc.top, "tmp")
    os.makedirs(tmp)
    pw = os.path.join(boinc.top, "pw")
    with open(pw, "w") as f:
        f.write("s3cret word\n")
    env = dict(vbox.env, TMPDIR=tmp)
    for args in (["exec", VM, "--user", "root", "--password-file", pw, "--", "/bin/true"],
                 ["cp", "--user", "root", "--password-file", pw, "/etc/hostname",
                  VM + ":/tmp/hostname"]):
        p = subprocess.run([os.path.join(rvlib.BIN, "vbw")] + args, env=env,
                           capture_output=True, text=True, timeout=300)
        log("vbw %s -> %d %s" % (args[0], p.returncode, p.stderr.strip()[-300:]))
        check(p.returncode != 0 and "not running" in p.stderr,
              "vbw %s: VirtualBox took the password file and said the VM is not running"
              % args[0])
        check("s3cret" not in p.stderr, "vbw %s: the password is not echoed" % args[0])
        left = glob.glob(os.path.join(tmp, "*"))
        check(not left, "vbw %s: no password file left behind (%s)" % (args[0], left))
    vbox.run("unregistervm", VM, "--delete")


sys.exit(rvlib.run(test))
