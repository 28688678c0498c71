#!/usr/bin/env python3
"""check_no_shell.py DIR... | --self-test DATA_DIR

Fails when a C or C++ file calls system() or popen(): vbw runs programs
only as argv vectors (VBoxManage, and in the tests too: under wine a shell
is cmd.exe, which left every test's temporary slot behind). Comments and
strings may name the functions.
With --self-test, DATA_DIR/no_shell_bad.c must be reported (each line
marked BAD) and DATA_DIR/no_shell_good.c must not.
"""
import os
import re
import sys

from lintlib import self_test_marked, sources, strip_comments_and_strings

CALL = re.compile(r"(?<![\w.>])(system|popen|_popen|_wsystem)\s*\(")


def findings(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    code = strip_comments_and_strings(text).split("\n")
    return [(n, line) for n, line in enumerate(text.split("\n"), 1) if CALL.search(code[n - 1])]


def main(argv):
    if len(argv) == 3 and argv[1] == "--self-test":
        return self_test_marked(findings, os.path.join(argv[2], "no_shell_bad.c"),
                                os.path.join(argv[2], "no_shell_good.c"))
    bad = 0
    for path in sources(argv[1:]):
        for n, line in findings(path):
            print("%s:%d: shell call: %s" % (path, n, line.strip()))
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
