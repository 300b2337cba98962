#!/usr/bin/env python3
"""mutate.py - the mutation suite (make mutate): put each single-point bug of
tests/mutants.txt into a copy of the tree, run the tests against it, and
print the mutation score.

    python3 tests/mutate.py                  every mutant; writes results/mutation.md
    python3 tests/mutate.py --mutant NAME    only these (repeatable); their rows of
                                             results/mutation.md are replaced
    python3 tests/mutate.py --plain-only     stage 1 alone (below): quicker, for a test
                                             being written; a survivor is not judged,
                                             and results/mutation.md is not written
    python3 tests/mutate.py --check          every rule still applies: exit 1 if not
    python3 tests/mutate.py --list           the mutants

A mutant is a rule of tests/mutants.txt: a file, an exact text that occurs
once in it, its replacement, and why the change is a bug (or, for an
equivalent mutant, why it is none).  The tree is copied to
build/mutate/tree (the sources, tests, scripts, scenarios and results, with
their times), so the working tree is never touched and a run cut short
leaves nothing behind; each mutant is written into the copy, built with
its Makefile (only the objects that depend on the file are rebuilt), judged
and undone.

When a mutant counts as killed: when `make check` would fail on it.  Running
make check whole for every mutant takes hours, so the judgement is in two
stages, the second of which is make check itself:

  1. the plain build's tests, one at a time, the quick ones first, then
     those written against the mutant's area (AREA_FIRST; STEPS: each a
     `tests/run_tests.py --build plain --suite S` run, a C unit test alone
     as unit:test_NAME), stopping at the first that fails.  make check runs
     every one of these against the same plain build (and the fuzz targets'
     replayers, which the plain bad-input suite runs), so a failure here is
     a failure of make check.  A step that runs past its time limit (ten
     times what it took unmutated, and at least two minutes) counts as
     failed: make check would hang there until the suite's own ten-minute
     limit per command failed it;
  2. for a mutant no plain step kills, `make check` in the copy, both
     builds (the sanitizers may see what the plain build does not).  Its
     exit status decides.

Before the mutants, the unmutated copy must pass every step (and make
check, before the first mutant that reaches stage 2): a test that fails
anyway would kill every mutant.  (The steps' times are kept in build/mutate/baseline
with a digest of the tree, and reused while the tree is unchanged.)  A plain step whose processes take more
than 6 GiB of memory between them is stopped and counts as failed, so
that a mutant that breaks the visited set or the limits cannot take the
shared machine's memory with it: unstopped, its search would run on to
the default --max-memory and end incomplete, failing the test that ran it
(no test's search comes near 6 GiB unmutated, as the baseline shows).

A mutant that survives is a gap in the tests, unless its rule says it is
equivalent (`equivalent REASON`): no test can tell it from the real code,
for the reason given.  The score is killed / (mutants - equivalent).  An
equivalent mutant that is killed after all is reported: its reason is wrong.

Exit 0 when every mutant not marked equivalent is killed and every
equivalent one survives, 1 if not, 2 on a malformed rules file or a tree
whose tests fail unmutated.
"""
import argparse
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES = os.path.join("tests", "mutants.txt")
RESULT = os.path.join("results", "mutation.md")
WORK = os.path.join("build", "mutate")
# What the copy holds: everything make check reads.
COPY = ["Makefile", "README.md", "checker-src", "model", "scenarios", "scripts", "tests",
        "results", ".ci"]
AREAS = ["engine", "visited", "pack", "footprint", "future", "ample", "property", "primitive",
         "limits"]
# The plain build's tests, quickest first (as measured on the 2-core machine
# this was written on; the order only saves time, it decides nothing).  A
# suite or unit test missing here runs after these, so none is left out.
STEPS = ["unit:test_state", "unit:test_visited", "unit:test_exec", "unit:test_property",
         "unit:test_replay", "unit:test_batch", "unit:test_interrupt", "unit:test_twins", "unit:test_coverage",
         "limits", "cli", "promela", "twins", "coverage", "catalogue", "json", "determinism",
         "mutants", "matrix", "unit:test_footprint", "bench", "unit:test_pack", "symmetry",
         "workers", "bad-input", "files", "interrupt", "oom", "results", "unit:test_ample",
         "valgrind", "unit:test_differential", "reduction"]
# The steps each area's mutants meet first, after the quick ones (under ten
# seconds unmutated): the tests written against that part.  Again the order
# only saves time: every step still runs until one fails.
AREA_FIRST = {
    "engine": ["unit:test_batch", "reduction", "unit:test_differential"],
    "visited": ["reduction"],
    "pack": ["symmetry", "unit:test_differential", "reduction"],
    "footprint": ["unit:test_ample", "unit:test_differential", "reduction"],
    "future": ["unit:test_ample", "unit:test_differential", "reduction"],
    "ample": ["unit:test_ample", "unit:test_differential", "reduction"],
    "property": ["results", "reduction"],
    "primitive": ["results", "unit:test_ample", "reduction"],
    "limits": ["oom", "reduction"],
}
QUICK = 10.0
MEMORY_LIMIT = 6 << 30


class RulesError(Exception):
    pass


def unescape(text):
    """A rule's text: \\n a newline, \\t a tab, \\\\ a backslash."""
    return re.sub(r"\\([nt\\])", lambda m: {"n": "\n", "t": "\t", "\\": "\\"}[m.group(1)],
                  text)


def parse_rules(path):
    """The mutants of a rules file: dicts with name, area, file, replace,
    with, why, equivalent (None or the reason) and line."""
    rules, cur, key = [], None, None
    keys = ("area", "file", "replace", "with", "why", "equivalent")
    with open(path) as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                key = None if not line.strip() else key
                continue
            if line[0] in " \t":
                if cur is None or key not in ("why", "equivalent"):
                    raise RulesError(f"{path}:{n}: a continuation line belongs after why or "
                                     "equivalent")
                cur[key] += " " + line.strip()
                continue
            word, _, rest = line.partition(" ")
            rest = rest.strip()
            if word == "mutant":
                if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", rest):
                    raise RulesError(f"{path}:{n}: a mutant's name is lower case, digits and "
                                     f"dashes: {rest!r}")
                cur = {"name": rest, "line": n}
                rules.append(cur)
            elif word in keys and cur is not None:
                if word in cur:
                    raise RulesError(f"{path}:{n}: {word} given twice for mutant {cur['name']}")
                cur[word] = rest
            else:
                raise RulesError(f"{path}:{n}: expected mutant, {', '.join(keys)}: {line!r}")
            key = word
    names = set()
    for r in rules:
        for k in ("replace", "with"):
            if k in r:
                r[k] = unescape(r[k])
        where = f"{path}:{r['line']}: mutant {r['name']}"
        for k in ("area", "file", "replace", "with", "why"):
            if k not in r:
                raise RulesError(f"{where}: no {k}")
        if r["area"] not in AREAS:
            raise RulesError(f"{where}: area {r['area']!r}; valid areas: {', '.join(AREAS)}")
        if r["name"] in names:
            raise RulesError(f"{where}: the name is taken")
        if not r["replace"] or r["replace"] == r["with"]:
            raise RulesError(f"{where}: the replacement must change the text")
        names.add(r["name"])
        r.setdefault("equivalent", None)
    return rules


def check_rules(rules, root, applied=None):
    """The rules that no longer apply to the tree at root, as messages: the
    text must occur exactly once in its file (for the mutant `applied`, in
    the copy make mutate runs make check in, its replacement must be
    there)."""
    bad = []
    for r in rules:
        path = os.path.join(root, r["file"])
        try:
            text = open(path).read()
        except OSError as e:
            bad.append(f"{RULES}:{r['line']}: mutant {r['name']}: {r['file']}: {e.strerror}")
            continue
        if r["name"] == applied:
            if r["with"] not in text:
                bad.append(f"{RULES}:{r['line']}: mutant {r['name']}: applied, but its "
                           f"replacement is not in {r['file']}")
            continue
        n = text.count(r["replace"])
        if n != 1:
            bad.append(f"{RULES}:{r['line']}: mutant {r['name']}: {r['replace']!r} occurs {n} "
                       f"times in {r['file']}, not once")
    return bad


def check_recorded(rules, root):
    """results/mutation.md must have a row for each mutant, and no other."""
    bad = []
    rows = read_results(os.path.join(root, RESULT))
    names = [r["name"] for r in rules]
    for n in names:
        if n not in rows:
            bad.append(f"{RESULT}: no row for mutant {n} (run make mutate MUTANT={n})")
    for n in sorted(set(rows) - set(names)):
        bad.append(f"{RESULT}: mutant {n} is not in {RULES} (run make mutate)")
    return bad


def copy_tree(dst):
    """A fresh copy of the tree at dst, file times kept (so that make
    rebuilds only what a mutant touches)."""
    if os.path.exists(dst):
        shutil.rmtree(dst)
    os.makedirs(dst)
    for name in COPY:
        src = os.path.join(ROOT, name)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dst, name), symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__"))
        elif os.path.exists(src):
            shutil.copy2(src, os.path.join(dst, name))


def default_signals():
    """In a step's process: SIGINT and SIGTERM as a terminal delivers them,
    even when make mutate runs as a background job that ignores them (the
    interrupt tests need them)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def group_memory(pgid):
    """The resident memory of the processes of group pgid, in bytes."""
    total = 0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:          # pgrp; rss is in pages
            total += int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    return total


def run(cmd, cwd, timeout, log, applied=None, watch_memory=False):
    """Run cmd in its own process group, its output appended to log, with
    the mutant `applied` named in the environment (the mutants suite then
    expects its rule applied).  Returns (exit status, seconds, output,
    why it was stopped): the status is None, and the whole group killed,
    if it ran past timeout seconds or (watch_memory) its processes past
    MEMORY_LIMIT of memory."""
    t0 = time.time()
    env = dict(os.environ)
    env.pop("MUTATE_APPLIED", None)
    if applied:
        env["MUTATE_APPLIED"] = applied
    why = None
    with tempfile.TemporaryFile("w+", errors="replace") as out:
        p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                             start_new_session=True, env=env, preexec_fn=default_signals)
        while True:
            try:
                rc = p.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                pass
            if timeout and time.time() - t0 > timeout:
                why = "timed out"
            elif watch_memory and group_memory(p.pid) > MEMORY_LIMIT:
                why = f"past {MEMORY_LIMIT >> 30} GiB of memory"
            if why:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
                rc = None
                break
        out.seek(0)
        text = out.read()
    log.write(f"$ {' '.join(cmd)}\n{text}[exit {rc}{', ' + why if why else ''}]\n")
    log.flush()
    return rc, time.time() - t0, text, why


def build_targets(tree):
    """What the plain build's tests run: make check's prerequisites but the
    sanitizer build's checker and unit tests (the fuzz targets' replayers,
    built with the sanitizers, are run by the plain bad-input suite)."""
    units = sorted(f[:-2] for f in os.listdir(os.path.join(tree, "tests", "unit"))
                   if re.fullmatch(r"test_\w+\.c", f))
    fuzz = sorted(f[5:-2] for f in os.listdir(os.path.join(tree, "tests", "fuzz"))
                  if re.fullmatch(r"fuzz_\w+\.c", f))
    return ["checker", "build/failalloc.so"] + ["build/unit/" + u for u in units] + \
        ["build/fuzz/replay_" + f for f in fuzz]


def all_steps(tree):
    """STEPS, then any plain suite or unit test they do not name."""
    with open(os.devnull, "w") as null:
        rc, _, out, _ = run([sys.executable, "tests/run_tests.py", "--list"], tree, 60, null)
    suites = [l.split()[0] for l in out.splitlines() if l.strip()]
    units = sorted("unit:" + f[:-2] for f in os.listdir(os.path.join(tree, "tests", "unit"))
                   if re.fullmatch(r"test_\w+\.c", f))
    known = [s for s in STEPS if s in suites or s in units]
    extra = [u for u in units if u not in known] + \
            [s for s in suites if s != "unit" and s not in known]
    return known + extra


def area_order(steps, times, area):
    """The steps for a mutant of area: the quick ones, then those its area
    names, then the rest, each group in the order of steps."""
    quick = [s for s in steps if times.get(s, 0) < QUICK]
    first = [s for s in AREA_FIRST.get(area, []) if s in steps and s not in quick]
    return quick + first + [s for s in steps if s not in quick and s not in first]


def tree_digest(tree):
    """A digest of the copy's files (not its build, nor the record of
    scores, which make mutate writes): the baseline's times are reused
    while it is unchanged."""
    h = hashlib.sha256()
    for top in COPY:
        for root, dirs, files in os.walk(os.path.join(tree, top)):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                path = os.path.join(root, name)
                rel = os.path.relpath(path, tree)
                if rel == RESULT or not os.path.isfile(path):
                    continue
                h.update(rel.encode() + b"\0")
                with open(path, "rb") as f:
                    h.update(f.read())
    return h.hexdigest()


def stage1(tree, steps, limits, log, applied=None):
    """The plain steps in order, to the first that fails.  Returns (the
    step that failed or None, why it was stopped if it was, seconds per
    step)."""
    times = {}
    for step in steps:
        rc, secs, out, why = run([sys.executable, "tests/run_tests.py", "--build", "plain",
                                  "--suite", step], tree, limits.get(step), log, applied=applied,
                                 watch_memory=True)
        times[step] = secs
        if rc != 0:
            return step, why, times
    return None, None, times


def stage2(tree, log, applied=None):
    """make check in the copy.  Returns None if it passed, else what failed."""
    rc, secs, out, why = run(["make", "-j2", "check"], tree, 3 * 3600, log, applied=applied)
    if rc == 0:
        return None
    if rc is None:
        return f"make check ({why})"
    for line in out.splitlines():
        m = re.match(r"(plain|asan)\s+(\S+)\s+\d+ passed, ([1-9]\d*) failed", line)
        if m:
            return f"make check: {m.group(1)} {m.group(2)}"
    return "make check (exit %d)" % rc


def apply(tree, r):
    path = os.path.join(tree, r["file"])
    text = open(path).read()
    with open(path, "w") as f:
        f.write(text.replace(r["replace"], r["with"], 1))
    return text


def restore(tree, r, text):
    with open(os.path.join(tree, r["file"]), "w") as f:
        f.write(text)


def read_results(path):
    """The rows of results/mutation.md: name -> (result, killed by, judged)."""
    rows = {}
    try:
        for line in open(path):
            m = re.match(r"\| `([a-z0-9-]+)` \|.*\| ((?:equivalent, )?(?:killed|survived the "
                         r"plain build|survived|does not build)|not run) \| ([^|]*) \| "
                         r"([^|]*) \|$", line.strip())
            if m:
                rows[m.group(1)] = (m.group(2), m.group(3).strip(), m.group(4).strip())
    except OSError:
        pass
    return rows


def md_cell(s):
    return s.replace("|", "\\|")


def write_results(path, rules, rows):
    killed = sum(1 for r in rules if rows.get(r["name"], ("",))[0] == "killed")
    counted = sum(1 for r in rules if not r["equivalent"])
    equiv = [r for r in rules if r["equivalent"]]
    lines = [
        "# Mutation score",
        "",
        "Generated by `make mutate` (tests/mutate.py) from the rules of `tests/mutants.txt`; "
        "do not edit.  Each mutant is one single-point bug put into a copy of the tree; it is "
        "killed when `make check` fails on it (the plain build's suites first, quickest first, "
        "then, if none fails, `make check` whole).  A mutant killed by a plain-build suite is "
        "killed by `make check`, which runs every one of those suites against the same plain "
        "build.  An equivalent mutant is one no test can tell from the real code, for the reason "
        "its rule gives.  A mutant that \"survived the plain build\" was judged by the plain "
        "build's suites alone (`tests/mutate.py --no-make-check`), not by `make check` whole: "
        "the sanitizer build or a suite the plain build does not run may still kill it.  The "
        "last column says how and when (UTC) each row was judged: \"plain suites\" (stage 1 "
        "alone, which is all a killed mutant needs) or \"make check whole\" (stage 2 too).",
        "",
        f"**Mutation score: {killed} of {counted} mutants killed"
        f"{' (%d%%)' % round(100 * killed / counted) if counted else ''}; "
        f"{len(equiv)} equivalent.**",
        "",
        "| mutant | area | file | the bug | result | killed by | judged |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rules:
        res, by, when = rows.get(r["name"], ("not run", "", ""))
        what = r["why"] if not r["equivalent"] else r["why"] + " Equivalent: " + r["equivalent"]
        lines.append(f"| `{r['name']}` | {r['area']} | `{r['file']}` | {md_cell(what)} | "
                     f"{res} | {md_cell(by)} | {md_cell(when)} |")
    by_area = []
    for a in AREAS:
        mine = [r for r in rules if r["area"] == a]
        if mine:
            k = sum(1 for r in mine if rows.get(r["name"], ("",))[0] == "killed")
            by_area.append(f"{a} {k}/{sum(1 for r in mine if not r['equivalent'])}")
    lines += ["", "Killed per area: " + ", ".join(by_area) + ".", ""]
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(lines))
    os.replace(tmp, path)
    return killed, counted


def main(argv):
    ap = argparse.ArgumentParser(description="The mutation suite: tests/mutants.txt against "
                                 "make check.")
    ap.add_argument("--mutant", action="append", metavar="NAME",
                    help="run only this mutant (repeatable)")
    ap.add_argument("--check", action="store_true",
                    help="check that every rule applies to the tree, and run nothing")
    ap.add_argument("--list", action="store_true", help="list the mutants")
    ap.add_argument("--plain-only", action="store_true",
                    help="the plain build's steps only; write no results")
    ap.add_argument("--no-make-check", action="store_true",
                    help="judge by the plain build's steps only, and record a mutant that "
                         "survives them as such, not as surviving make check")
    ap.add_argument("--jobs", type=int, default=1, metavar="N",
                    help="judge N mutants at once, each in its own copy of the tree")
    ap.add_argument("--applied", metavar="NAME", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    os.chdir(ROOT)
    try:
        rules = parse_rules(RULES)
    except (RulesError, OSError) as e:
        print(f"mutate: {e}", file=sys.stderr)
        return 2
    if a.list:
        for r in rules:
            print(f"{r['name']:<28} {r['area']:<10} {r['file']:<28} "
                  f"{'(equivalent) ' if r['equivalent'] else ''}{r['why']}")
        return 0
    bad = check_rules(rules, ROOT, a.applied)
    if a.check:
        bad += check_recorded(rules, ROOT)
    if a.check or bad:
        for b in bad:
            print(b, file=sys.stderr)
        if not bad:
            print(f"{len(rules)} mutants, each applies once")
        return 1 if bad else 0
    if a.mutant:
        unknown = set(a.mutant) - {r["name"] for r in rules}
        if unknown:
            print(f"mutate: unknown mutant {', '.join(sorted(unknown))} (--list names them)",
                  file=sys.stderr)
            return 2
    todo = [r for r in rules if not a.mutant or r["name"] in a.mutant]

    t_start = time.time()
    trees = [os.path.join(ROOT, WORK, "tree" if n == 0 else f"tree{n}") for n in range(a.jobs)]
    os.makedirs(os.path.join(ROOT, WORK), exist_ok=True)
    log = open(os.path.join(ROOT, WORK, "log"), "w")
    print(f"mutate: {len(todo)} of {len(rules)} mutants; the cop{'y is' if a.jobs == 1 else 'ies are'} "
          f"{', '.join(os.path.relpath(x, ROOT) for x in trees)}, every command's output "
          f"{WORK}/log{'*' if a.jobs > 1 else ''}", flush=True)
    # The copy's record has a row for every mutant, as make check there
    # (the mutants suite) requires, whether or not one was ever run.
    rows = read_results(RESULT)
    for tree in trees:
        copy_tree(tree)
        write_results(os.path.join(tree, RESULT), rules, rows)
    targets = build_targets(trees[0])
    for tree in trees:
        rc, secs, out, _ = run(["make", "-j2", "-s"] + targets, tree, 3600, log)
        if rc != 0:
            print(f"mutate: the unmutated copy does not build:\n{out[-2000:]}", file=sys.stderr)
            return 2
    tree = trees[0]
    steps = all_steps(tree)
    # The baseline: every step passes unmutated, in how long.  A run of
    # an unchanged tree that passed reuses it (build/mutate/baseline).
    digest, cache = tree_digest(tree), os.path.join(ROOT, WORK, "baseline")
    times = None
    try:
        with open(cache) as f:
            lines = f.read().split("\n")
        if lines[0] == digest:
            times = {s: float(x) for s, x in (l.split() for l in lines[1:] if l)}
            if set(times) != set(steps):
                times = None
    except (OSError, ValueError):
        times = None
    if times is None:
        failed, _, times = stage1(tree, steps, {}, log)
        if failed:
            print(f"mutate: the unmutated copy fails {failed} (see {WORK}/log): make check "
                  "must pass before its mutants mean anything", file=sys.stderr)
            return 2
        with open(cache, "w") as f:
            f.write(digest + "\n" + "".join(f"{s} {x:.1f}\n" for s, x in times.items()))
        what = "pass in"
    else:
        what = "passed (an unchanged tree; build/mutate/baseline) in"
    limits = {s: max(120.0, 10 * t) for s, t in times.items()}
    print(f"baseline: built in {secs:.0f} s; {len(steps)} plain steps {what} "
          f"{sum(times.values()):.0f} s", flush=True)

    lock = threading.Lock()
    queue = list(todo)
    done = [0]
    stage2_ok = {}          # tree -> make check passed unmutated there
    failure = []

    def judge(tree, log, r):
        """(result, killed by, how) of mutant r, judged in the copy at tree:
        how is the stage that decided, "plain suites" or "make check whole"."""
        text = apply(tree, r)
        try:
            rc, _, out, _ = run(["make", "-j2", "-s"] + targets, tree, 3600, log)
            if rc != 0:
                return ("does not build",
                        out.strip().splitlines()[-1][:200] if out.strip() else "", "build")
            step, why, _ = stage1(tree, area_order(steps, times, r["area"]), limits, log,
                                  r["name"])
            if step:
                return "killed", f"plain {step}" + (f" ({why})" if why else ""), "plain suites"
            if a.plain_only or a.no_make_check:
                return "survived the plain build", "", "plain suites"
            if tree not in stage2_ok:
                restore(tree, r, text)
                stage2_ok[tree] = not stage2(tree, log)
                apply(tree, r)
            if not stage2_ok[tree]:
                failure.append(f"make check fails on the unmutated copy {tree}")
                return None, None, None
            what = stage2(tree, log, r["name"])
            return ("killed" if what else "survived"), what or "", "make check whole"
        finally:
            restore(tree, r, text)

    def worker(n):
        tree = trees[n]
        wlog = log if n == 0 else open(os.path.join(ROOT, WORK, f"log{n}"), "w")
        while True:
            with lock:
                if not queue or failure:
                    return
                r = queue.pop(0)
            t0 = time.time()
            res, by, how = judge(tree, wlog, r)
            if res is None:
                return
            if r["equivalent"]:
                res = "equivalent, " + res
            with lock:
                rows[r["name"]] = (res, by, f"{how}, "
                                   f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())}")
                done[0] += 1
                print(f"{done[0]:3}/{len(todo)} {r['name']:<28} {res:<22} {by:<34} "
                      f"{time.time() - t0:6.0f} s", flush=True)
                # The record as it stands, so that a run cut short keeps what
                # it judged.
                if not a.plain_only:
                    write_results(os.path.join(ROOT, RESULT), rules, rows)
        # Leave the copy's build unmutated.
        run(["make", "-j2", "-s"] + targets, tree, 3600, wlog)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(a.jobs)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    if failure:
        print(f"mutate: {failure[0]} (see {WORK}/log*)", file=sys.stderr)
        return 2
    if a.plain_only:
        left = [n for n, (res, _, _) in rows.items() if res.endswith("the plain build")]
        print(f"plain build: {len(todo) - len(left)} of {len(todo)} killed "
              f"({time.time() - t_start:.0f} s); not judged: {' '.join(left) or 'none'}")
        return 1 if left else 0
    killed, counted = write_results(os.path.join(ROOT, RESULT), rules, rows)
    wrong = [r["name"] for r in rules if rows.get(r["name"], ("",))[0] in
             ("survived", "survived the plain build", "does not build", "equivalent, killed",
              "equivalent, does not build")]
    print(f"mutation score: {killed} of {counted} mutants killed"
          f"{' (%.0f%%)' % (100 * killed / counted) if counted else ''}, "
          f"{sum(1 for r in rules if r['equivalent'])} equivalent "
          f"({RESULT}; {time.time() - t_start:.0f} s)")
    for name in wrong:
        print(f"  {name}: {rows[name][0]}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
