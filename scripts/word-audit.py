#!/usr/bin/env python3
"""Count the word-like string literals left in the workspace's Rust source.

Issue "Every language the story is told in" asks for no word lists in Rust
source outside tests: the words a rule tests belong in a language's data
files. This audit finds the string literals a rule compares words with --
`match` arms, `matches!(...)`, `==`/`!=`, `eq_ignore_ascii_case(...)` and
inline `&str` arrays -- outside `#[cfg(test)]` modules and `tests/`, and keeps
those with two letters or more (or a non-ASCII word character). Many of them
are not words of a language: data-file keys, annotation kinds, unit ids,
HTML element names, JSON fields, CLI names and table headings. Read the
list (`-v`) to tell which.

    scripts/word-audit.py [-v]        # counts per file, then the total
"""
import glob
import os
import re
import sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
verbose = "-v" in sys.argv[1:]
lit = re.compile(r'"((?:[^"\\]|\\.)*)"')


def wordy(w):
    return bool(re.search(r"[A-Za-z]{2,}", w) or re.search(r"[^\x00-\x7f]", w) and re.search(r"\w", w))


total_lines = total = 0
per = {}
for f in sorted(glob.glob(root + "/crates/*/src/**/*.rs", recursive=True)):
    if "/tests/" in f or f.endswith("/tests.rs"):
        continue
    in_macro = in_array = False
    depth = 0
    rel = os.path.relpath(f, root)
    for i, line in enumerate(open(f, encoding="utf-8").read().split("\n")):
        if re.match(r"\s*#\[cfg\(test\)\]", line):
            break
        code = line.split("//")[0] if not re.search(r'"[^"]*//', line) else line
        bare = lit.sub('""', code)  # brackets inside strings do not count
        s = code.strip()
        ctx = "cont" if in_macro or in_array else None
        if "matches!(" in code:
            ctx = "matches!"
        if re.match(r'^\|?\s*"', s) and ("=>" in s or s.startswith("|") or s.endswith("|") or re.match(r'^"[^"]*"\s*(\||=>|if)', s)):
            ctx = ctx or "arm"
        if re.search(r'(==|!=)\s*"|"\s*(==|!=)|eq_ignore_ascii_case\("', code):
            ctx = ctx or "eq"
        if re.search(r'&\[\s*"|:\s*\[&str;|:\s*&\[&str\]\s*=', code):
            ctx = ctx or "array"
        if "matches!(" in bare:
            rest = bare[bare.index("matches!("):]
            depth = rest.count("(") - rest.count(")")
            in_macro = depth > 0
        elif in_macro:
            depth += bare.count("(") - bare.count(")")
            in_macro = depth > 0
        if re.search(r"(:\s*\[&str;[^=]*|:\s*&\[&str\]\s*)=\s*&?\[\s*$", code):
            in_array = True
        elif in_array and re.search(r"\];", code):
            in_array = False
        if not ctx:
            continue
        words = [w for w in lit.findall(code) if wordy(w)]
        if not words:
            continue
        total_lines += 1
        total += len(words)
        per[rel] = per.get(rel, 0) + len(words)
        if verbose:
            print(f"{len(words)}\t{rel}:{i + 1}\t{s[:140]}")
for k, v in sorted(per.items(), key=lambda x: -x[1]):
    print(v, k)
print("total: lines", total_lines, "word literals", total)
