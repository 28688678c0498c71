"""lintlib.py - what the checkers of tests/lint share: the C comment and
string stripper, the walk over the source folders, and the self-test over a
pair of data files whose bad lines are marked BAD."""
import os
import re


def strip_comments_and_strings(text):
    """Blanks comments and string/char literals, keeping offsets and lines."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j]))
            i = j
        elif text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i))
            i = j
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            j = min(j + 1, n)
            out.append(c + re.sub(r'[^\n]', ' ', text[i + 1:j - 1]) + (c if j - 1 > i else ''))
            i = j
        else:
            out.append(c)
            i += 1
    return ''.join(out)


def sources(paths, endings=('.c', '.h', '.cpp')):
    """The files under paths (a file stands for itself) with those endings,
    in a stable order; build folders, .git and the checkers' own bad examples
    (tests/lint/data) are passed over."""
    data = os.sep + 'lint' + os.sep + 'data'
    for p in paths:
        if os.path.isfile(p):
            yield p
            continue
        for root, dirs, files in os.walk(p):
            dirs[:] = sorted(d for d in dirs if not d.startswith('build') and d != '.git'
                             and not os.path.join(root, d).endswith(data))
            for name in sorted(files):
                if name.endswith(endings):
                    yield os.path.join(root, name)


def self_test_marked(findings, bad, good):
    """The checker's self-test: findings(bad) must report exactly the lines
    of bad marked BAD, and findings(good) nothing. Returns the exit code."""
    with open(bad, encoding='utf-8') as f:
        want = [n for n, line in enumerate(f, 1) if 'BAD' in line]
    got = [n for n, _ in findings(bad)]
    extra = findings(good)
    ok = got == want and not extra
    print('self-test:', 'passed' if ok else 'FAILED (want %s got %s, good %s)' % (want, got, extra))
    return 0 if ok else 1
