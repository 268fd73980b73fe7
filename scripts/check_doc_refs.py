#!/usr/bin/env python3
"""Checks that every reference to a Markdown file in the repository resolves.

Scans the repository's text files (`git ls-files`: tracked files plus new files that
.gitignore does not exclude, so a reference is caught before it is committed) for tokens
such as `docs/ARCHITECTURE.md` or `DESIGN.md` -- in prose, Markdown links and code comments
alike -- and reports each one that names no file in the repository.

A reference resolves when the path exists, inside the repository,
  1. relative to the directory of the file that makes it, or
  2. relative to the repository root, or
  3. for a bare file name (no slash), as docs/<name>.
Web addresses and the labels of Markdown links ([label](target)) are ignored. A reference
to the folder beside the repository that held the project's outside brief is an error
wherever it appears: the repository must stand on its own.

Usage: scripts/check_doc_refs.py [REPO_ROOT]   (default: the repository holding this script)
Exit status: 0 when every reference resolves, 1 otherwise; each problem is printed as
`file:line: reference: what is wrong`, then a one-line summary.
Standard library only; run by CTest as `docs.references`.
"""

import os
import re
import subprocess
import sys

# A Markdown file name, with an optional path: letters, digits, _ . / - before ".md",
# not followed by more name characters (so "x.mdx" or "notes.md5" do not count).
MD_REF = re.compile(r"(?<![\w./-])[\w./-]*[\w-]\.md(?![\w-])")
# The label of a Markdown link, [label](target): display text, not a reference (the target is checked).
LINK_LABEL = re.compile(r"\[([^\]]*)\]\(")
# Web addresses (their .md parts are someone else's files).
URL = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*://[^\s)>\]\"'`]+")
# The outside folder: written in two parts so that this file does not name it itself.
OUTSIDE = re.compile(r"(?:\.\./|/work/)" + "shared" + r"(?![\w-])")

# Files not scanned: (path prefix, suffix, reason).
SKIPPED = [
    ("docs/investigations/", ".patch",
     "patches of investigations quote old code verbatim; they are records, not references"),
    ("scripts/check_doc_refs.py", "",
     "this checker: its examples and its list of exceptions name files on purpose"),
]

# References that name no file of the repository on purpose:
# (referring file, reference, reason). Each must still occur; an unused one is reported.
EXCEPTIONS = [
    ("tests/core/world/UserDataTest.cpp", "notes.md",
     "the test writes a non-image file of that name into a temporary folder"),
    ("tests/widgets/ExportDialogTest.cpp", "/README.md",
     "the model card that an export writes into its output folder"),
    ("scripts/gpu-check.sh", "report.md", "the report the GPU check writes into its output folder"),
    ("docs/GPU.md", "report.md", "the report the GPU check writes into its output folder"),
    ("scripts/soak.sh", "summary.md", "the summary the kill-anywhere soak writes into its output folder"),
    ("scripts/soak.py", "summary.md", "the summary the kill-anywhere soak writes into its output folder"),
    ("docs/RELIABILITY.md", "summary.md", "the summary the kill-anywhere soak writes into its output folder"),
    ("scripts/fuzz.sh", "OUT/coverage-summary.md", "the coverage summary scripts/fuzz.sh writes into its output folder"),
    ("scripts/fuzz.sh", "out/coverage-summary.md", "the coverage summary scripts/fuzz.sh writes into its output folder"),
    ("scripts/fuzz.sh", "out/fuzz-summary.md", "the summary scripts/fuzz.sh writes into its output folder"),
]

BINARY_SNIFF = 8192


def repo_root(argv):
    if len(argv) > 1:
        return os.path.abspath(argv[1])
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        out = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=here,
                             capture_output=True, text=True, check=True).stdout.strip()
        if out:
            return out
    except (OSError, subprocess.CalledProcessError):
        pass
    return os.path.dirname(here)


def list_files(root):
    """Tracked and new (not ignored) files; a plain walk where git is unavailable."""
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                             cwd=root, capture_output=True, check=True).stdout
        names = sorted({n.decode("utf-8", "surrogateescape") for n in out.split(b"\0") if n})
        return [n for n in names if os.path.isfile(os.path.join(root, n))]
    except (OSError, subprocess.CalledProcessError):
        pass
    names = []
    for d, dirs, files in os.walk(root):
        rel = os.path.relpath(d, root)
        dirs[:] = [x for x in dirs if not x.startswith(".") and not (rel == "." and x in ("build", "out"))]
        for f in files:
            names.append(os.path.normpath(os.path.join(rel, f)).replace(os.sep, "/"))
    return sorted(names)


def skipped(path):
    return any(path.startswith(prefix) and path.endswith(suffix) for prefix, suffix, _ in SKIPPED)


def read_text(path):
    """The file's lines, or None for a binary file."""
    with open(path, "rb") as f:
        data = f.read()
    if b"\0" in data[:BINARY_SNIFF]:
        return None
    try:
        return data.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return None


def inside(root, path):
    root = os.path.realpath(root)
    path = os.path.realpath(path)
    return path == root or path.startswith(root + os.sep)


def resolves(root, referrer, ref):
    target = ref.split("#", 1)[0]
    candidates = [os.path.join(root, os.path.dirname(referrer), target)]
    if not target.startswith("/"):
        candidates.append(os.path.join(root, target))
    if "/" not in target:
        candidates.append(os.path.join(root, "docs", target))
    return any(os.path.isfile(c) and inside(root, c) for c in candidates)


def main(argv):
    root = repo_root(argv)
    files = list_files(root)
    problems = []
    used_exceptions = set()
    scanned = refs = 0
    for rel in files:
        if skipped(rel):
            continue
        lines = read_text(os.path.join(root, rel))
        if lines is None:
            continue
        scanned += 1
        for number, line in enumerate(lines, 1):
            for m in OUTSIDE.finditer(line):
                problems.append(f"{rel}:{number}: {m.group(0)}: points outside the repository")
            ignored = [u.span() for u in URL.finditer(line)]
            ignored += [lab.span(1) for lab in LINK_LABEL.finditer(line)]
            for m in MD_REF.finditer(line):
                if any(a <= m.start() < b for a, b in ignored):
                    continue
                ref = m.group(0)
                refs += 1
                exception = next((e for e in EXCEPTIONS if e[0] == rel and e[1] == ref), None)
                if exception:
                    used_exceptions.add((exception[0], exception[1]))
                    continue
                if OUTSIDE.search(ref):
                    continue  # already reported above
                if not resolves(root, rel, ref):
                    problems.append(f"{rel}:{number}: {ref}: not found")
    for path, ref, _ in EXCEPTIONS:
        if (path, ref) not in used_exceptions:
            problems.append(f"scripts/check_doc_refs.py: the exception for {ref} in {path} is no longer used; "
                            "remove it")
    for p in problems:
        print(p)
    if problems:
        print(f"check_doc_refs: {len(problems)} problem(s) in {refs} Markdown references of {scanned} text files")
        return 1
    print(f"check_doc_refs: all {refs} Markdown references of {scanned} text files resolve")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
