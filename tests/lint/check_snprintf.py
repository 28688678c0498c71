#!/usr/bin/env python3
"""check_snprintf.py - finds snprintf's return value used as a length.

snprintf returns the length the output WOULD have had, not what fitted: a
value that does not fit (a 300-digit double from a guest-written file) makes
`write(buf, n)` read past the buffer. The rule (../shared/style.md): the
return value of snprintf/vsnprintf is either ignored, or the next statement
that mentions the variable compares it against the buffer size (`n < 0 ||
(size_t)n >= sizeof buf`). Flagged:
  - `x = snprintf(...)` whose next use of x is not such a comparison;
  - snprintf's value used inside an expression (`p += snprintf`, an argument,
    `return snprintf`);
`snprintf(NULL, 0, ...)` (a length query) is allowed.
Usage: check_snprintf.py DIR_OR_FILE...   exit 1 and one line per finding.
       check_snprintf.py --self-test DATA_DIR   (bad_*.c must be flagged,
       good_*.c must not).
"""
import os
import re
import sys

from lintlib import sources, strip_comments_and_strings

CALL = re.compile(r'\b(v?snprintf)\s*\(')
ASSIGN = re.compile(r'(?:\b[\w\s\*]*?\b)?(\w+)\s*=\s*$')
COMPARE_OP = r'(?:<=|>=|<|>)'


def call_end(code, open_paren):
    depth = 0
    for k in range(open_paren, len(code)):
        if code[k] == '(':
            depth += 1
        elif code[k] == ')':
            depth -= 1
            if depth == 0:
                return k
    return len(code) - 1


def checked_by(statement, var):
    """True when the statement compares var with something that is not 0."""
    v = r'(?:\(\s*size_t\s*\)\s*)?\b' + re.escape(var) + r'\b'
    for m in re.finditer(v + r'\s*' + COMPARE_OP + r'\s*([^\s)&|;]+)', statement):
        if m.group(1) != '0':
            return True
    for m in re.finditer(r'([^\s(&|]+)\s*' + COMPARE_OP + r'\s*' + v, statement):
        if m.group(1) != '0':
            return True
    return False


def statement_start(prefix):
    """True when what precedes the call on its statement is only control
    flow (`if (...)`, `else`, a label): the call is a statement of its own."""
    while True:
        prefix = prefix.strip()
        if prefix in ('', '(void)'):
            return True
        m = re.match(r'(?:else\b|do\b|(?:case\s+[^:]+|default|\w+)\s*:(?!:))', prefix)
        if m:
            prefix = prefix[m.end():]
            continue
        m = re.match(r'(?:if|while|for|switch)\s*\(', prefix)
        if m:
            end = call_end(prefix, m.end() - 1)
            if end >= len(prefix) - 1 and prefix[end] != ')':
                return False
            prefix = prefix[end + 1:]
            continue
        return False


def check_file(path):
    with open(path, encoding='utf-8', errors='replace') as f:
        code = strip_comments_and_strings(f.read())
    findings = []
    for m in CALL.finditer(code):
        line = code.count('\n', 0, m.start()) + 1
        open_paren = m.end() - 1
        args = code[open_paren + 1:open_paren + 40]
        if re.match(r'\s*NULL\s*,\s*0\s*,', args):
            continue
        before = code[:m.start()]
        last = max(before.rfind(';'), before.rfind('{'), before.rfind('}'))
        prefix = before[last + 1:].strip()
        end = call_end(code, open_paren)
        if statement_start(prefix):
            continue  # statement of its own: value ignored
        am = re.fullmatch(r'(?:[\w\s\*]+\s)?(\w+)\s*=', prefix)
        if not am:
            findings.append((path, line, 'value of %s used in an expression' % m.group(1)))
            continue
        var = am.group(1)
        rest = code[end + 1:]
        use = re.search(r'\b' + re.escape(var) + r'\b', rest)
        if not use:
            continue  # assigned and never used
        s = rest.rfind(';', 0, use.start()) + 1
        e = rest.find(';', use.end())
        brace = rest.find('{', use.end())
        if brace >= 0 and (e < 0 or brace < e):
            e = brace
        statement = rest[s:e if e >= 0 else len(rest)]
        if not checked_by(statement, var):
            findings.append((path, line, '%s = %s(...) used without a check against the buffer size'
                             % (var, m.group(1))))
    return findings


def main(argv):
    if len(argv) == 3 and argv[1] == '--self-test':
        bad = ok = 0
        for name in sorted(os.listdir(argv[2])):
            path = os.path.join(argv[2], name)
            found = check_file(path)
            if name.startswith('bad_') and not found:
                print('self-test: %s not flagged' % name)
                bad += 1
            elif name.startswith('good_') and found:
                print('self-test: %s flagged: %s' % (name, found))
                bad += 1
            else:
                ok += 1
        print('self-test: %d files as expected, %d not' % (ok, bad))
        return 1 if bad or not ok else 0
    findings = []
    for path in sources(argv[1:]):
        findings.extend(check_file(path))
    for path, line, what in findings:
        print('%s:%d: %s' % (path, line, what))
    return 1 if findings else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
