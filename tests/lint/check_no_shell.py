#!/usr/bin/env python3
"""check_no_shell.py DIR... | --self-test DATA_DIR

Fails when a C or C++ file calls system() or popen(): vbw runs programs
only as argv vectors (VBoxManage, and in the tests too: under wine a shell
is cmd.exe, which left every test's temporary slot behind). Comment lines
(starting with /*, * or //) may name the functions.
With --self-test, DATA_DIR/no_shell_bad.c must be reported (each line
marked BAD) and DATA_DIR/no_shell_good.c must not.
"""
import os
import re
import sys

CALL = re.compile(r"(?<![\w.>])(system|popen|_popen|_wsystem)\s*\(")


def findings(path):
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            s = line.strip()
            if s.startswith(("/*", "*", "//")):
                continue
            code = line.split("//", 1)[0]
            code = re.sub(r'"(\\.|[^"\\])*"', '""', code)
            if CALL.search(code):
                out.append((n, line.rstrip()))
    return out


def sources(dirs):
    for d in dirs:
        for root, _, files in os.walk(d):
            for name in files:
                if name.endswith((".c", ".h", ".cpp")):
                    yield os.path.join(root, name)


def main(argv):
    if len(argv) == 3 and argv[1] == "--self-test":
        bad = os.path.join(argv[2], "no_shell_bad.c")
        good = os.path.join(argv[2], "no_shell_good.c")
        want = [n for n, l in enumerate(open(bad), 1) if "BAD" in l]
        got = [n for n, _ in findings(bad)]
        ok = got == want and not findings(good)
        print("self-test:", "passed" if ok else "FAILED (want %s got %s, good %s)" % (want, got, findings(good)))
        return 0 if ok else 1
    bad = 0
    for path in sources(argv[1:]):
        if os.sep + "lint" + os.sep + "data" + os.sep in path:
            continue
        for n, line in findings(path):
            print("%s:%d: shell call: %s" % (path, n, line.strip()))
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
