#!/usr/bin/env python3
"""coverage.py - line and branch coverage of the C sources by make check's
tests (make coverage; needs Debian's lcov).

    python3 scripts/coverage.py             run the tests, write the report
    python3 scripts/coverage.py --no-run    the report from the counts there are

make coverage builds the coverage flavour first (gcc --coverage, -O0, in
build/cov/), and this runs every suite the plain build runs in make check
against it (tests/run_tests.py --build cov; time limits five times as
long, DAX_TIMEOUT_SCALE; the oom suite counted but not judged, UNJUDGED),
then:

  build/coverage/html/index.html   lcov's report, line by line (genhtml)
  build/coverage/coverage.info     the counts (lcov's tracefile)
  results/coverage.md              the summary: lines and branches run, per
                                   directory and per file; and every line of
                                   model/ and of the engine (checker-src/
                                   explore.c, visited.c, budget.c) that no
                                   test runs, each with why it need not or
                                   cannot be run

Why a line is not run is said once, in tests/coverage-notes.txt, by its
file and its text; a line there that the tests now run is reported, and
an unexplained line of model/ or the engine makes this exit 1, as does a
failing test or a suite that did not finish.  Each unexplained line is
printed as file:line, and build/coverage/missing-notes.txt holds a note
for each, its `why` left to write, to paste into the notes file; each
note no longer needed is printed with its line in the notes file.  The
summary records every suite's counts and time in the run it reports, so
that a run cut short says so itself.  Counts vary a little from run to
run (what an interrupt or the progress line reaches depends on timing).
Exit 2 if lcov is missing.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join("build", "coverage")
NOTES = os.path.join("tests", "coverage-notes.txt")
SUITES = os.path.join(OUT, "suites.txt")        # the run's suite lines, for --no-run
MISSING = os.path.join(OUT, "missing-notes.txt")
SUMMARY = os.path.join("results", "coverage.md")
DIRS = ["model/", "model/prims/", "checker-src/"]
# The engine: the search (explore.c, and any explore_*.c it is split into),
# the visited set and the memory budget.
ENGINE = re.compile(r"checker-src/(explore(_\w+)?|visited|budget)\.c$")
RC = ["--rc", "lcov_branch_coverage=1"]
# The suites whose lines are counted but whose verdict is not taken: the
# out-of-memory suite fails allocations up to the program's exit, where
# gcov's runtime allocates too (to write its counts) and crashes without
# checking.  make check runs it against the plain and sanitizer builds.
UNJUDGED = ["oom"]


def must_explain(path):
    """Every line of model/ and the engine is run by a test, or explained."""
    return path.startswith("model/") or bool(ENGINE.match(path))


def run(cmd):
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"coverage: {' '.join(cmd)}: exit {p.returncode}\n{p.stderr[-2000:]}")
    return p.stdout


def parse_info(path):
    """lcov's tracefile: {file: (lines {n: count}, branches {(n, block, branch): taken})}."""
    files, cur = {}, None
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("SF:"):
            name = os.path.relpath(line[3:], ROOT)
            cur = files.setdefault(name, ({}, {}))
        elif line.startswith("DA:") and cur is not None:
            n, count = line[3:].split(",")[:2]
            cur[0][int(n)] = cur[0].get(int(n), 0) + int(count)
        elif line.startswith("BRDA:") and cur is not None:
            n, block, branch, taken = line[5:].split(",")
            key = (int(n), block, branch)
            cur[1][key] = cur[1].get(key, 0) + (0 if taken == "-" else int(taken))
        elif line == "end_of_record":
            cur = None
    return files


def parse_notes(path):
    """tests/coverage-notes.txt: [(file, line text, why, line number)]."""
    notes, cur = [], None
    for n, raw in enumerate(open(path), 1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0] in " \t":
            if not cur or "why" not in cur:
                sys.exit(f"coverage: {path}:{n}: a continuation line belongs after why")
            cur["why"] += " " + line.strip()
            continue
        key, _, rest = line.partition(" ")
        rest = rest.strip()
        if key == "file":
            cur = {"file": rest, "at": n}
            notes.append(cur)
        elif key in ("line", "why") and cur is not None and key not in cur:
            cur[key] = rest
            if key == "line":
                cur["line_at"] = n
        else:
            sys.exit(f"coverage: {path}:{n}: expected file, line or why: {line!r}")
    for c in notes:
        if "line" not in c or "why" not in c:
            sys.exit(f"coverage: {path}:{c['at']}: a note needs file, line and why")
    return notes


def pct(hit, total):
    return f"{100 * hit / total:.1f}% ({hit} of {total})" if total else "-"


def counts(entries):
    """(lines run, lines, branches taken, branches) of [(lines, branches)]."""
    lh = sum(1 for lines, _ in entries for c in lines.values() if c)
    lf = sum(len(lines) for lines, _ in entries)
    bh = sum(1 for _, br in entries for c in br.values() if c)
    bf = sum(len(br) for _, br in entries)
    return lh, lf, bh, bf


def function_of(src, n):
    """The name of the C function line n (1-based) of src is in, or "?"."""
    for i in range(n - 1, -1, -1):
        m = re.match(r"^[a-z_].*?\b(\w+)\(", src[i])
        if m and not src[i].startswith(("return", "if", "for", "while", "switch")):
            return m.group(1)
    return "?"


def suites_table(lines, expected):
    """The markdown of the run's suites (lines: run_tests.py's output), and
    the names of those expected that did not finish or failed."""
    seen, out, bad = {}, ["| suite | passed | failed | seconds |", "|---|---|---|---|"], []
    for line in lines:
        m = re.match(r"cov\s+(\S+)\s+(\d+) passed, (\d+) failed\s+([\d.]+) s$", line.strip())
        if m:
            seen[m.group(1)] = (int(m.group(2)), int(m.group(3)), float(m.group(4)))
    for name in expected:
        if name in seen:
            p, f, t = seen[name]
            note = " (counted, not judged)" if name in UNJUDGED else ""
            out.append(f"| {name}{note} | {p} | {f} | {t:.0f} |")
            if f and name not in UNJUDGED:
                bad.append(f"{name} ({f} failed)")
        elif name in UNJUDGED:
            out.append(f"| {name} (counted, not judged) | - | - | no line of counts |")
        else:
            out.append(f"| {name} | - | - | did not finish |")
            bad.append(f"{name} (did not finish)")
    return out, bad


def summary(files, notes, suite_lines, expected, when):
    """The text of results/coverage.md, the unexplained lines (file, line,
    text, function) and the notes not used."""
    table, bad = suites_table(suite_lines, expected)
    out = [
        "# Coverage",
        "",
        "Generated by `make coverage` (scripts/coverage.py, with Debian's lcov); do not edit.  "
        "Every suite the plain build runs in `make check` ran against a build with `gcc "
        "--coverage -O0`; lcov's line-by-line report is in `build/coverage/html/`.  A branch is "
        "one outcome of a condition as gcc counts them (an `assert` is two).  Counts vary by "
        "a line or two from run to run: what an interrupt or the progress line reaches "
        "depends on timing.",
        "",
        f"The run, {when}: " + ("every suite judged ran to its end and passed." if not bad else
                                 "**not every suite passed or ran to its end: " +
                                 ", ".join(bad) + "; the counts are of an incomplete run.**"),
        "",
    ] + table + [
        "",
        "| directory | lines run | branches taken |",
        "|---|---|---|",
    ]
    for d in DIRS:
        mine = [v for f, v in files.items() if os.path.dirname(f) + "/" == d]
        lh, lf, bh, bf = counts(mine)
        out.append(f"| `{d}` | {pct(lh, lf)} | {pct(bh, bf)} |")
    lh, lf, bh, bf = counts(list(files.values()))
    out += [f"| all | {pct(lh, lf)} | {pct(bh, bf)} |", "",
            "| file | lines run | branches taken |", "|---|---|---|"]
    for f in sorted(files):
        lh, lf, bh, bf = counts([files[f]])
        out.append(f"| `{f}` | {pct(lh, lf)} | {pct(bh, bf)} |")
    out += ["", "## Lines of model/ and the engine no test runs", "",
            "Each with why it need not or cannot be run (tests/coverage-notes.txt).", ""]
    unexplained, used = [], set()
    for f in sorted(x for x in files if must_explain(x)):
        src = open(os.path.join(ROOT, f)).read().splitlines()
        missed = sorted(n for n, c in files[f][0].items() if not c)
        if not missed:
            continue
        out.append(f"### `{f}`")
        out.append("")
        for n in missed:
            text = src[n - 1].strip() if n <= len(src) else ""
            why = None
            for i, note in enumerate(notes):
                if note["file"] == f and note["line"] == text:
                    why = note["why"]
                    used.add(i)
                    break
            if why is None:
                unexplained.append((f, n, text, function_of(src, n)))
                why = "**not explained**"
            out.append(f"- line {n}, `{text}`: {why}")
        out.append("")
    stale = [n for i, n in enumerate(notes) if i not in used]
    if stale:
        out += ["Notes of tests/coverage-notes.txt whose lines the tests ran this time "
                "(or that no longer exist):", ""] + [f"- `{n['file']}: {n['line']}`"
                                                    for n in stale] + [""]
    if unexplained:
        out += [f"**{len(unexplained)} lines not run and not explained.**", ""]
    return "\n".join(out), unexplained, stale, bad


def still_there(note):
    """Returns 1 if the note's file still has a line with its text."""
    try:
        return any(l.strip() == note["line"] for l in open(os.path.join(ROOT, note["file"])))
    except OSError:
        return 0


def write_missing(unexplained):
    """build/coverage/missing-notes.txt: a note for each unexplained line, to
    finish (its why) and paste into tests/coverage-notes.txt."""
    done, out = set(), ["# Notes to write for lines no test runs (make coverage); paste each, "
                        "with its why,", f"# into {NOTES}.  One note explains every line of "
                        "its file with that text.", ""]
    for f, n, text, fn in unexplained:
        if (f, text) in done:
            continue
        done.add((f, text))
        out += [f"# {f}:{n}, in {fn}()", f"file   {f}", f"line   {text}", "why    TODO", ""]
    with open(MISSING, "w") as fh:
        fh.write("\n".join(out))


def main(argv):
    ap = argparse.ArgumentParser(description="Coverage of the C sources by make check's tests.")
    ap.add_argument("--no-run", action="store_true",
                    help="write the report from the counts left by the last run")
    a = ap.parse_args(argv)
    os.chdir(ROOT)
    for tool in ("lcov", "genhtml"):
        if not shutil.which(tool):
            print(f"coverage: {tool} not found (Debian: apt-get install lcov)", file=sys.stderr)
            return 2
    os.makedirs(OUT, exist_ok=True)
    suites = [l.split()[0] for l in run([sys.executable, "tests/run_tests.py", "--list"])
              .splitlines() if l.strip()]
    if not a.no_run:
        run(["lcov", "-q", "--zerocounters", "--directory", "build/cov"])
        env = dict(os.environ, DAX_TIMEOUT_SCALE="5")
        lines = [f"run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"]
        # Each suite's line as it finishes, here and in build/coverage/suites.txt.
        for group in ([s for s in suites if s not in UNJUDGED], UNJUDGED):
            p = subprocess.Popen([sys.executable, "tests/run_tests.py", "--build", "cov"] +
                                 [x for s in group for x in ("--suite", s)], cwd=ROOT, env=env,
                                 stdout=subprocess.PIPE, text=True)
            for line in p.stdout:
                if re.match(r"cov\s", line):
                    print(line, end="", flush=True)
                    lines.append(line.rstrip("\n"))
                elif group is not UNJUDGED:     # FAIL lines; UNJUDGED says why not these
                    print(line, end="", flush=True)
            p.wait()
        with open(SUITES, "w") as f:
            f.write("\n".join(lines) + "\n")
    try:
        suite_lines = open(SUITES).read().splitlines()
    except OSError:
        suite_lines = ["run (no record of it)"]
    when = suite_lines[0][4:] if suite_lines and suite_lines[0].startswith("run ") else "?"
    info = os.path.join(OUT, "coverage.info")
    run(["lcov", "-q", "--capture", "--directory", "build/cov", "--base-directory", ROOT,
         "--output-file", os.path.join(OUT, "all.info")] + RC)
    run(["lcov", "-q", "--extract", os.path.join(OUT, "all.info"),
         os.path.join(ROOT, "model", "*"), os.path.join(ROOT, "checker-src", "*"),
         "--output-file", info] + RC)
    run(["genhtml", "-q", "--branch-coverage", "--prefix", ROOT, "--title", "make check",
         "--output-directory", os.path.join(OUT, "html"), info] + RC)
    files = parse_info(info)
    text, unexplained, stale, bad = summary(files, parse_notes(NOTES), suite_lines[1:], suites,
                                            when)
    tmp = SUMMARY + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, SUMMARY)
    lh, lf, bh, bf = counts(list(files.values()))
    print(f"coverage: lines {pct(lh, lf)}, branches {pct(bh, bf)}; {SUMMARY}, "
          f"{OUT}/html/index.html")
    for f, n, text, fn in unexplained:
        print(f"coverage: {f}:{n}: not run and no note ({fn}): {text}")
    if unexplained:
        write_missing(unexplained)
        print(f"coverage: {len(unexplained)} lines need a note or a test; {MISSING} has a note "
              f"for each, its why to write")
    for n in stale:
        print(f"coverage: {NOTES}:{n['line_at']}: no longer needed: {n['file']}: "
              f"{n['line']!r} " + ("ran this time" if still_there(n) else "is no longer in it"))
    if bad:
        print(f"coverage: not every suite passed or finished ({', '.join(bad)}): the counts are "
              "of an incomplete run")
    return 1 if unexplained or bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
