#!/usr/bin/env python3
"""check_task_neutral.py DIR... | --self-test DATA_DIR

Fails when a file of the task layer (src/task/) names VirtualBox things:
HRESULTs (VBW_HR_*, "HRESULT"), IPRT statuses (VERR_*), VirtualBox's log
and program names (VBox.log, VBoxSVC, VBoxManage, any case), or the
VirtualBox error trailer's fields (.vbox. / has_vbox). The task sees the
hypervisor only through include/vbw/vbw_hv.h: error classes, log tails and
the names upstream's lines need come from the backend, so a second backend
needs no change to the task. Comments count too: a comment naming them is
the first sign of code that knows them.
With --self-test, DATA_DIR/task_neutral_bad.c must be reported (each line
marked BAD) and DATA_DIR/task_neutral_good.c must not.
"""
import os
import re
import sys

from lintlib import self_test_marked, sources

# HRESULT names and IPRT statuses as written; program, log and field names
# in any case ("VboxManage" is upstream's spelling in one of its lines).
CASED = re.compile(r"VBW_HR_\w*|HRESULT|hresult|VERR_")
# A word boundary before the program names: upstream's source files
# (vbox_vboxmanage.cpp) may be cited.
ANY_CASE = re.compile(r"vbox\.log|\bvboxsvc|\bvboxmanage|(?:\.|->)vbox\.|\bhas_vbox\b",
                      re.IGNORECASE)


def findings(path):
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            if CASED.search(line) or ANY_CASE.search(line):
                out.append((n, line.rstrip()))
    return out


def main(argv):
    if len(argv) == 3 and argv[1] == "--self-test":
        return self_test_marked(findings, os.path.join(argv[2], "task_neutral_bad.c"),
                                os.path.join(argv[2], "task_neutral_good.c"))
    bad = 0
    for path in sources(argv[1:], (".c", ".h", ".cpp", ".txt")):
        for n, line in findings(path):
            print("%s:%d: names VirtualBox in the task layer: %s" % (path, n, line.strip()))
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
