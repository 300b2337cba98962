#!/usr/bin/env python3
"""run_tests.py - every test `make check` runs, ending with "N passed, N failed".

Suites, each run against the normal build and again against the build with
AddressSanitizer and UndefinedBehaviorSanitizer (build/asan/):

  unit         the C unit tests of tests/unit/ (each counts its own checks)
  matrix       every scenario file against every strategy, judged against
               the file's `expect` lines; each counterexample's replay command
               must reproduce it
  cli          what a new user runs: the seed race, its fix, scaled scenarios;
               a write error on stdout exits 2
  determinism  two runs, and runs with different hash-table sizes, print
               byte-identical output apart from the one line reporting time
  bad-input    malformed scenario files and command lines exit 2 with one
               clear message on stderr and nothing on stdout
  limits       a search stopped by --max-states or --max-memory says
               INCOMPLETE and exits 3, never "no violation"
  json         --json prints one parseable object; --json=FILE writes the
               file whole, or nothing (unwritable directory, write error)
  interrupt    SIGINT (or SIGTERM) stops a long search, --json, --json=FILE
               and --matrix: statistics so far, INCOMPLETE, exit 3
  catalogue    the eight strategies and their sources; the verdicts history
               gave, pinned here as well as in the scenario files; the
               concurrency report; the verdict matrix (--matrix, which must
               fail on a wrong expectation)
  promela      --property narrows a search and its replay; --emit-promela
               writes a deterministic SPIN model, whole or not at all
               (make crosscheck runs SPIN on it)
  twins        every known-bad twin is caught with its property, in --twins
               and run alone (its counterexample replays); --twins fails
               when a twin goes uncaught or is caught as something else
  coverage     the report's unreached steps; over all scenario files, every
               step of every strategy's fault and punch paths is reached
  reduction    the partial-order reduction (sleep sets) against none, and
               hash compaction against exact storage, on every scenario
               file x strategy, every twin and scaled scenarios: the same
               verdict, property and counterexample length, the same states
               on an exhaustive search, never more transitions, and fewer
               over all; hash compaction says what it may have missed
  symmetry     --symmetry against none, on every scenario file x strategy,
               every twin and the symmetric scenarios of tests/sym/: the
               same verdict, property and counterexample length (which
               replays), fewer states where threads share a program
  results      (plain build only) the committed results/ (README.md,
               index.html, diagrams/) is what make results writes now,
               byte-identical twice; every SVG and the page parse; the
               matrix agrees with --matrix; the 2015 race is drawn with its
               victim, culprit, arrow and lock bar; diagram.py and results.py
               reject bad input with exit 2 and write nothing; headless
               Chromium renders the page and a diagram (SKIP without
               chromium, a failure if REQUIRE_CHROMIUM is set, as .ci/run sets)
  bench        results/bench.svg is what scripts/plot.py draws from the
               committed results/bench.json, byte for byte, twice; it parses;
               results/bench.md has its sections and judges every target;
               the hand models' self-test passed in that run (make bench
               wrote them all); bench.py --self-test when rumur and SPIN are
               installed (SKIP otherwise)
  workers      --workers=1, 2 and 3 print byte-identical output (time line
               aside): verdicts, counterexamples, counts, --json, --matrix,
               --twins, --concurrency, a search stopped by a limit;
               --progress; SIGTERM stops a 2-worker search; misuse of the
               new options exits 2

and against the normal build only (ASan cannot run under ulimit -v, nor
under valgrind or an LD_PRELOAD malloc):

  oom          out of memory under ulimit -v, and each allocation in turn
               failed by build/failalloc.so: INCOMPLETE and exit 3 or the
               normal verdict, never a crash, exit 2 or false "no violation"
  valgrind     memcheck finds no error and no leak in representative runs;
               says SKIP if valgrind is not installed, fails then if
               REQUIRE_VALGRIND is set (.ci/run sets it)

Run from the top of the source tree (make check does).
"""

import glob
import html
import json
import os
import re
import resource
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(ROOT)

passed = 0
failed = 0

STRATEGIES = ["dax-generic", "xfs-unwritten", "i-mmap-write", "range-lock", "fs-zero-inside",
              "xfs-mmaplock", "ext2-zero-and-new", "entry-lock"]

# What the kernel's history says (../shared/kernel-history.md), pinned here
# so that editing a scenario file's expect line cannot quietly change it.
HISTORY = {
    "seed-race.dax": {"dax-generic": "lost-store", "xfs-unwritten": "lost-store",
                      "ext2-zero-and-new": "lost-store", "i-mmap-write": "ok",
                      "range-lock": "ok", "fs-zero-inside": "ok", "xfs-mmaplock": "ok",
                      "entry-lock": "ok"},
    "punch-race.dax": {"dax-generic": "use-after-free", "fs-zero-inside": "use-after-free",
                       "xfs-mmaplock": "ok", "entry-lock": "ok"},
    "store-vs-load.dax": {"dax-generic": "stale-read", "fs-zero-inside": "ok",
                          "xfs-mmaplock": "ok", "entry-lock": "ok"},
}

# The concurrency report: (same page, different pages).
OVERLAP = {"dax-generic": ("yes", "yes"), "fs-zero-inside": ("yes", "yes"),
           "xfs-mmaplock": ("yes", "yes"), "i-mmap-write": ("no", "no"),
           "range-lock": ("no", "yes"), "entry-lock": ("no", "yes")}



def ok(name, cond, detail=""):
    """Count one test; print a line only for a failure, with its detail."""
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name}" + (f": {detail}" if detail else ""))
    return cond


def run(args, timeout=600):
    """Run a command; returns (exit status, stdout, stderr)."""
    p = subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                       errors="replace")
    return p.returncode, p.stdout, p.stderr


def default_signals():
    """In the child: SIGINT and SIGTERM as a terminal would deliver them,
    even if this script was started with them ignored (a background job)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


# A search long enough to interrupt: about 10 s and 1 GB to the end (3 s on
# a fast machine), and the signal comes after LONG_DELAY seconds.
LONG = ["--strategy=xfs-mmaplock", "--threads=9", "--pages=2", "--words=5"]
LONG_DELAY = 0.7


def interrupted(args, sig=signal.SIGINT, twice=False, cwd=None, delay=LONG_DELAY):
    """Run args, send sig after delay seconds (twice: two at once).
    Returns (exit status, stdout, stderr, whether it was still running when
    signalled); exit status None if it did not stop within a minute."""
    p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         errors="replace", cwd=cwd, preexec_fn=default_signals)
    time.sleep(delay)
    running = p.poll() is None
    p.send_signal(sig)
    if twice:
        p.send_signal(sig)
    try:
        out, err = p.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
        return None, out, err, running
    return p.returncode, out, err, running


def drop_time(text):
    """The output minus the one line that reports time (and memory)."""
    lines = [l for l in text.splitlines()
             if not l.startswith("time ") and not l.startswith('  "time": ')]
    return "\n".join(lines)


def strategies(checker):
    code, out, err = run([checker, "--list", "--json"])
    return [s["name"] for s in json.loads(out)["strategies"]]


def suite_unit(unit_dir, label):
    for exe in sorted(glob.glob(os.path.join(unit_dir, "test_*"))):
        name = os.path.basename(exe)
        code, out, err = run([exe])
        m = re.search(r"(\d+) passed, (\d+) failed\s*$", out)
        if not m:
            ok(f"{label} unit {name}", False, f"exit {code}, no summary line\n{out}{err}")
            continue
        global passed, failed
        p, f = int(m.group(1)), int(m.group(2))
        passed += p
        failed += f
        if f or code != 0:
            if not f:
                failed += 1
            print(f"FAIL {label} unit {name}: exit {code}\n{out}{err}")


def judge_matrix(checker, path, label, names):
    """Run scenario `path` against every strategy; returns failures found."""
    bad = []
    for s in names:
        code, out, err = run([checker, f"--scenario={path}", f"--strategy={s}", "--json"])
        try:
            r = json.loads(out)
        except ValueError:
            bad.append(f"{path} x {s}: exit {code}, output is not JSON: {err.strip()}")
            continue
        got = r["property"] if r["verdict"] == "violation" else r["verdict"]
        want_code = {"ok": 0, "violation": 1, "incomplete": 3}[r["verdict"]]
        if r["expected"] is None:
            bad.append(f"{path}: no expected verdict for strategy {s} "
                       f"(add a line 'expect {s} {got}' once you have checked it)")
        elif r["expected"] != got:
            bad.append(f"{path} x {s}: expected {r['expected']}, the checker found {got}"
                       + (f" ({r['culprit']})" if r["culprit"] else ""))
        if code != want_code:
            bad.append(f"{path} x {s}: verdict {r['verdict']} but exit status {code}")
        if r["verdict"] == "violation":
            # The printed replay command must reproduce the violation.
            cmd = shlex.split(r["replay"])
            cmd[0] = checker
            rc, rout, rerr = run(cmd + ["--json"])
            rr = json.loads(rout) if rc in (0, 1) else {}
            if rc != 1 or rr.get("property") != r["property"] or \
               rr.get("schedule") != r["schedule"]:
                bad.append(f"{path} x {s}: replay did not reproduce: {r['replay']}: "
                           f"exit {rc} {rerr.strip()}")
    return bad


def suite_matrix(checker, label):
    names = strategies(checker)
    files = sorted(glob.glob("scenarios/*.dax"))
    ok(f"{label} matrix: there are scenario files", len(files) >= 5, str(files))
    for path in files:
        bad = judge_matrix(checker, path, label, names)
        ok(f"{label} matrix {path}", not bad, "\n  ".join(bad))

    # The matrix test itself must be able to fail: a scenario whose
    # expectation is edited to a wrong verdict, and one with an expectation
    # missing, must both be flagged.
    with tempfile.TemporaryDirectory() as tmp:
        src = open("scenarios/seed-race.dax").read()
        wrong = os.path.join(tmp, "wrong.dax")
        with open(wrong, "w") as f:
            f.write(re.sub(r"expect dax-generic +lost-store", "expect dax-generic ok", src))
        bad = judge_matrix(checker, wrong, label, names)
        ok(f"{label} matrix flags a wrong expected verdict",
           any("expected ok, the checker found lost-store" in b for b in bad), str(bad))
        missing = os.path.join(tmp, "missing.dax")
        with open(missing, "w") as f:
            f.write("\n".join(l for l in src.splitlines()
                              if not l.startswith("expect fs-zero-inside")) + "\n")
        bad = judge_matrix(checker, missing, label, names)
        ok(f"{label} matrix flags a missing expected verdict",
           any("no expected verdict for strategy fs-zero-inside" in b for b in bad), str(bad))


def suite_cli(checker, label):
    code, out, err = run([checker, "--strategy=dax-generic"])
    ok(f"{label} cli: dax-generic reproduces the 2015 race (exit 1)", code == 1, f"exit {code}")
    ok(f"{label} cli: it names the lost store and its destroyer",
       re.search(r"VIOLATION lost-store: T\d's store of \d to page 0 word \d \(step \d+\) "
                 r"was overwritten by T\d's clear_pmem \(step \d+\)", out), out)
    ok(f"{label} cli: the counterexample is a swim-lane table",
       re.search(r"step\s+T0\s+T1\s+what changed", out) and "get_block(create=1)" in out
       and "vm_insert_mixed" in out and "i_mmap_lock_read" in out, out)
    m = re.search(r"^replay\s+(.*)$", out, re.M)
    ok(f"{label} cli: a replay command is printed", m, out)
    if m:
        cmd = shlex.split(m.group(1))
        cmd[0] = checker
        rc, rout, rerr = run(cmd)
        ok(f"{label} cli: the replay command reproduces the violation",
           rc == 1 and "VIOLATION lost-store" in rout, f"exit {rc}\n{rout}{rerr}")
        steps = m.group(1).split("--replay=")[1].split(",")
        rc, rout, rerr = run(cmd[:-1] + ["--replay=" + ",".join(steps[:-1])])
        ok(f"{label} cli: the replay minus its last step has no violation",
           rc == 0 and "no violation on this schedule" in rout, f"exit {rc}\n{rout}{rerr}")
    code, out, err = run([checker, "--strategy=fs-zero-inside"])
    ok(f"{label} cli: fs-zero-inside is proven safe (exit 0)",
       code == 0 and "no violation: every interleaving explored (exhaustive)" in out,
       f"exit {code}\n{out}")
    code, out, err = run([checker])
    ok(f"{label} cli: the default strategy is dax-generic", code == 1, f"exit {code}")
    for s, want in (("dax-generic", 1), ("fs-zero-inside", 0)):
        code, out, err = run([checker, f"--strategy={s}", "--threads=4", "--words=4"])
        ok(f"{label} cli: {s} --threads=4 --words=4 exits {want}", code == want,
           f"exit {code}\n{out}{err}")
        code, out, err = run([checker, f"--strategy={s}", "--threads=3", "--pages=2", "--words=2"])
        ok(f"{label} cli: {s} --threads=3 --pages=2 --words=2 exits {want}", code == want,
           f"exit {code}\n{out}{err}")
    code, out, err = run([checker, "--strategy=dax-generic", "--search=dfs"])
    ok(f"{label} cli: depth-first search finds the race too",
       code == 1 and "not necessarily the shortest" in out, f"exit {code}\n{out}")
    code, out, err = run([checker, "--list"])
    ok(f"{label} cli: --list shows strategies with sources and the scenario files",
       code == 0 and "dax-generic" in out and "source: Linux v4.2" in out
       and "scenarios/seed-race.dax" in out, out)
    for flag in ("--help", "--version"):
        code, out, err = run([checker, flag])
        ok(f"{label} cli: {flag}", code == 0 and out and not err, f"exit {code} {err}")
    if os.path.exists("/dev/full"):
        # A verdict that could not be written is no verdict: exit 2, not 0/1.
        for args in (["--strategy=dax-generic"], ["--strategy=fs-zero-inside"], ["--list"],
                     ["--strategy=fs-zero-inside", "--emit-promela"]):
            with open("/dev/full", "w") as full:
                p = subprocess.run([checker] + args, stdout=full, stderr=subprocess.PIPE,
                                   text=True, timeout=600)
            ok(f"{label} cli: {' '.join(args)} > /dev/full: write error, exit 2",
               p.returncode == 2 and "error writing standard output" in p.stderr,
               f"exit {p.returncode} {p.stderr}")


def suite_determinism(checker, label):
    runs = [
        ["--strategy=dax-generic"],
        ["--strategy=fs-zero-inside", "--threads=3", "--words=3"],
        ["--strategy=dax-generic", "--threads=3", "--pages=2", "--words=2", "--search=dfs"],
        ["--strategy=fs-zero-inside", "--scenario=scenarios/hole-page.dax", "--json"],
        ["--strategy=xfs-mmaplock~no-pte-same", "--scenario=scenarios/store-vs-load.dax"],
        ["--strategy=entry-lock", "--scenario=scenarios/mixed-three.dax", "--search=dfs"],
    ]
    for args in runs:
        outs = []
        for extra in ([], [], ["--hash-bits=4"], ["--hash-bits=22"]):
            code, out, err = run([checker] + args + extra)
            outs.append((code, drop_time(out), err))
        same = all(o == outs[0] for o in outs)
        ok(f"{label} determinism {' '.join(args)}", same,
           "outputs differ between runs or hash-table sizes")
        time_lines = [l for l in run([checker] + args)[1].splitlines()
                      if l.startswith("time ") or l.startswith('  "time": ')]
        ok(f"{label} determinism {' '.join(args)}: exactly one time line",
           len(time_lines) == 1, str(time_lines))


def suite_bad_input(checker, label):
    table = []
    for line in open("tests/bad/expected.txt"):
        if line.startswith("#") or not line.strip():
            continue
        name, lineno, what = line.rstrip("\n").split("\t")
        table.append((name, lineno, what))
    listed = {t[0] for t in table}
    on_disk = {os.path.basename(p) for p in glob.glob("tests/bad/*.dax")}
    ok(f"{label} bad-input: every malformed file has an expectation",
       listed == on_disk, f"unlisted {on_disk - listed}, missing {listed - on_disk}")
    # The defects the issue names, each in a file of its own (the 10 MB
    # line is generated below rather than committed).
    named = ["truncated.dax", "unknown-op.dax", "page-out-of-range.dax",
             "word-out-of-range.dax", "too-many-threads.dax", "thread-twice.dax",
             "missing-verdict.dax", "binary-garbage.dax", "huge-number.dax",
             "huge-value.dax", "empty.dax"]
    ok(f"{label} bad-input: a malformed file for each named defect",
       set(named) <= listed & on_disk, f"missing {set(named) - (listed & on_disk)}")

    def expect_2(name, args, want):
        code, out, err = run([checker] + args)
        ok(f"{label} bad-input {name}",
           code == 2 and want in err and out == "" and len(err.strip().splitlines()) == 1
           and "Sanitizer" not in err,
           f"exit {code}, stderr {err.strip()!r}, want {want!r}")

    for name, lineno, what in table:
        path = f"tests/bad/{name}"
        expect_2(name, [f"--scenario={path}"], f"{path}:{lineno}: {what}")
    # Inputs that once crashed the fuzz target (tests/fuzz/crashes/, until
    # each moves to tests/bad/): the checker must not crash on them.
    for path in sorted(glob.glob("tests/fuzz/crashes/*.dax")):
        code, out, err = run([checker, f"--scenario={path}", "--max-states=10000"])
        ok(f"{label} bad-input fuzz crash {os.path.basename(path)}: no crash",
           code in (0, 1, 2, 3) and "Sanitizer" not in err, f"exit {code}\n{err[-2000:]}")

    with tempfile.TemporaryDirectory() as tmp:
        long_line = os.path.join(tmp, "long-line.dax")
        with open(long_line, "w") as f:
            f.write('DAX long\n"A 10 MB line."\n' + "#" * (10 << 20) + "\n")
        expect_2("a 10 MB line", [f"--scenario={long_line}"],
                 f"{long_line}:3: line longer than 4095 bytes")
        expect_2("a directory as scenario", [f"--scenario={tmp}"], f"{tmp}")

    expect_2("missing scenario file", ["--scenario=no/such.dax"],
             "no/such.dax: cannot open: No such file or directory")
    expect_2("unknown strategy", ["--strategy=xfs"],
             "unknown strategy 'xfs'; valid strategies: " + ", ".join(STRATEGIES))
    expect_2("unknown option", ["--stratgy=dax-generic"], "unknown option '--stratgy'")
    expect_2("bare argument", ["dax-generic"], "unexpected argument 'dax-generic'")
    expect_2("option twice", ["--threads=2", "--threads=3"], "--threads given twice")
    expect_2("flag with a value", ["--list=yes"], "--list takes no value")
    expect_2("option without value", ["--strategy"], "--strategy needs a value")
    expect_2("zero threads", ["--threads=0"], "--threads=0: out of range 1..1000")
    expect_2("too many threads", ["--threads=11", "--pages=2", "--words=8"],
             "--threads=11: must be 1..10")
    expect_2("more threads than words", ["--threads=3"],
             "--threads=3: thread i stores to its own word, so at most pages x words = 2 threads")
    expect_2("words out of range", ["--words=9"], "--words=9: must be 1..8")
    expect_2("not a number", ["--threads=two"], "--threads=two: not a number")
    expect_2("huge number", ["--max-states=99999999999999999999999"],
             "--max-states=99999999999999999999999: out of range")
    expect_2("bad search order", ["--search=random"], "--search=random: valid orders: bfs, dfs")
    expect_2("bad size", ["--max-memory=12Q"], "--max-memory=12Q: expected a size")
    expect_2("scenario and threads", ["--scenario=scenarios/seed-race.dax", "--threads=2"],
             "cannot be combined with --scenario")
    expect_2("replay syntax", ["--replay=0,x"], "--replay=0,x: expected comma-separated")
    expect_2("replay trailing comma", ["--replay=0,"], "--replay=0,: expected comma-separated")
    expect_2("replay unknown thread", ["--replay=0,5"], "--replay: step 2: there is no T5")
    expect_2("replay of a finished thread",
             ["--strategy=fs-zero-inside", "--replay=" + ",".join(["0"] * 20)],
             "T0 cannot move: it has finished")
    # T0 takes ILOCK in fs-zero-inside's write path; T1 then cannot take it.
    expect_2("replay of a blocked thread",
             ["--strategy=fs-zero-inside", "--replay=0,0,0,1,1,1"],
             "step 6: T1 cannot move: it waits for ILOCK, held by T0")
    expect_2("matrix with a scenario option", ["--matrix", "--strategy=dax-generic"],
             "--strategy cannot be combined with --matrix")
    expect_2("matrix and concurrency", ["--matrix", "--concurrency"],
             "--matrix already shows the concurrency columns")
    expect_2("concurrency with a scenario", ["--concurrency", "--scenario=scenarios/seed-race.dax"],
             "--scenario cannot be combined with --concurrency")
    expect_2("concurrency of an unknown strategy", ["--concurrency", "--strategy=xfs"],
             "unknown strategy 'xfs'; valid strategies: " + ", ".join(STRATEGIES))
    with tempfile.TemporaryDirectory() as tmp:
        p = subprocess.run([checker, "--matrix"], capture_output=True, text=True, cwd=tmp)
        ok(f"{label} bad-input --matrix with no scenarios directory",
           p.returncode == 2 and p.stdout == "" and "no scenario files (*.dax) in scenarios"
           in p.stderr, f"exit {p.returncode} {p.stderr!r}")
        os.mkdir(os.path.join(tmp, "scenarios"))
        with open(os.path.join(tmp, "scenarios", "bad.dax"), "w") as f:
            f.write("DAX bad\n")
        p = subprocess.run([checker, "--matrix"], capture_output=True, text=True, cwd=tmp)
        ok(f"{label} bad-input --matrix with a malformed scenario file",
           p.returncode == 2 and p.stdout == ""
           and "scenarios/bad.dax:1: file ends before the quoted description line" in p.stderr,
           f"exit {p.returncode} {p.stderr!r}")
    expect_2("unknown twin", ["--strategy=fs-zero-inside~nope"],
             "unknown strategy 'fs-zero-inside~nope'; valid strategies: " + ", ".join(STRATEGIES)
             + "; and their known-bad twins, NAME~MUTATION (see --list)")
    expect_2("twins with a strategy", ["--twins", "--strategy=fs-zero-inside"],
             "--strategy cannot be combined with --twins")
    expect_2("twins and matrix", ["--matrix", "--twins"], "--matrix cannot be combined with --twins")
    expect_2("unwritable json file", ["--json=/nonexistent/dir/out.json"],
             "--json=/nonexistent/dir/out.json: cannot write")


def suite_limits(checker, label):
    for args, why, hint in ((["--max-states=10"], "--max-states reached", "a larger --max-states"),
                            (["--max-memory=1K"], "--max-memory",
                             "a larger --max-memory (the limit is on the time line), "
                             "--storage=hash-compact"),
                            (["--max-memory=2M"], "--max-memory", "of 2.0 MiB")):
        for s in ("fs-zero-inside", "dax-generic"):
            code, out, err = run([checker, f"--strategy={s}", "--threads=5", "--words=5"] + args)
            ok(f"{label} limits {s} {' '.join(args)}: INCOMPLETE, exit 3, what to try",
               code == 3 and "INCOMPLETE" in out and why in out
               and "no violation" not in out and hint in out
               and re.search(r"^try +a larger --max-", out, re.M)
               and "(in the explored part only: the search stopped: --max-" in out,
               f"exit {code}\n{out}{err}")
    code, out, err = run([checker, "--strategy=fs-zero-inside", "--max-states=10", "--json"])
    r = json.loads(out) if out else {}
    ok(f"{label} limits: JSON says incomplete, and what to try",
       code == 3 and r.get("verdict") == "incomplete"
       and r.get("incomplete_hint") == "a larger --max-states", f"exit {code} {out}")
    # The default --max-memory: three quarters of the machine's memory (or
    # of the memory cgroup's limit), said by --help and on the time line.
    mem = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) * 1024
    code, out, err = run([checker, "--help"])
    m = re.search(r"here the default is (\d+\.\d) GiB", out)
    ok(f"{label} limits: --help gives this machine's default --max-memory",
       code == 0 and m and float(m.group(1)) <= mem * 3 / 4 / 2**30 + 0.05, out[-600:])
    code, out, err = run([checker, "--strategy=fs-zero-inside", "--json"])
    r = json.loads(out)
    ok(f"{label} limits: the run says the limit it ran under",
       m and abs(r["time"]["memory_limit_bytes"] / 2**30 - float(m.group(1))) < 0.06, str(r["time"]))
    code, out, err = run([checker, "--strategy=fs-zero-inside", "--max-memory=0"])
    ok(f"{label} limits: --max-memory=0 runs with no limit, and says so",
       code == 0 and re.search(r"^time .* MiB, no limit \(", out, re.M), out[-300:])
    # A limit the search stays under changes nothing.
    code, out, err = run([checker, "--strategy=fs-zero-inside", "--max-states=1000"])
    ok(f"{label} limits: a limit not reached leaves the verdict", code == 0, f"exit {code}\n{out}")


def suite_json(checker, label):
    code, out, err = run([checker, "--strategy=dax-generic", "--json"])
    try:
        r = json.loads(out)
    except ValueError as e:
        ok(f"{label} json: parses", False, f"{e}\n{out}")
        return
    ok(f"{label} json: fields", r["verdict"] == "violation" and r["property"] == "lost-store"
       and r["culprit"] and len(r["schedule"]) == len(r["trace"]) > 0
       and r["states"] > 0 and r["time"]["seconds"] >= 0
       and r["strategy_source"].startswith("Linux v4.2"), str(r))
    # What a diagram needs: locks held after each step, blame, waits.
    ok(f"{label} json: each step gives the locks each thread holds after it",
       r["trace"][6]["held"] == [[{"lock": "i_mmap_rwsem", "page": None, "mode": "shared"}], []]
       and r["trace"][8]["held"] == [[], []] and len(r["trace"][12]["held"][1]) == 1,
       str(r["trace"][6]))
    ok(f"{label} json: blame names the wiped store and the clear_pmem that wiped it",
       r["blame"] == {"victim_step": 10, "culprit_step": 13, "link": "overwritten by"}
       and r["blocked"] == [], str(r.get("blame")))
    code, out, err = run([checker, "--strategy=i-mmap-write",
                          "--scenario=scenarios/hole-page.dax", "--json"])
    d = json.loads(out) if code == 1 else {}
    ok(f"{label} json: a deadlock gives no blame, and each waiting thread, its lock and holder",
       d.get("blame") is None and d.get("blocked") == [
           {"thread": 0, "next": "find_get_page", "lock": "page lock", "holder": 1},
           {"thread": 1, "next": "unmap_mapping_range", "lock": "i_mmap_rwsem", "holder": 1}],
       str(d.get("blocked")))
    # Over the catalogue: "held" agrees with the lock and unlock effects,
    # and blame points inside the trace, victim first.
    bad = []
    for f in sorted(glob.glob("scenarios/*.dax")):
        for st in STRATEGIES:
            code, out, err = run([checker, f"--strategy={st}", f"--scenario={f}", "--json"])
            d = json.loads(out)
            for e in d["trace"]:
                mine = {x["lock"] for x in e["held"][e["thread"]]}
                m = re.match(r"^(.*) (held (shared|exclusive)|released)", e["effect"])
                if m and (m.group(1) in mine) != m.group(2).startswith("held"):
                    bad.append(f"{st} {f} step {e['step']}: {e['effect']} but held {mine}")
            b = d["blame"]
            if d["verdict"] == "violation" and d["property"] != "deadlock" and not (
                    b and b["victim_step"] and 1 <= b["victim_step"] < b["culprit_step"]
                    <= len(d["trace"])):
                bad.append(f"{st} {f}: blame {b}")
    ok(f"{label} json: over every scenario x strategy, held matches each lock and unlock "
       "step, and blame points inside the trace", not bad, "; ".join(bad[:3]))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "out.json")
        code, out, err = run([checker, "--strategy=fs-zero-inside", f"--json={path}"])
        ok(f"{label} json: --json=FILE also prints the text report",
           code == 0 and "no violation" in out, f"exit {code}\n{out}{err}")
        try:
            r = json.load(open(path))
            good = r["verdict"] == "ok"
        except (OSError, ValueError) as e:
            good = False
        ok(f"{label} json: --json=FILE is written whole", good)
        ok(f"{label} json: no temporary file left behind", os.listdir(tmp) == ["out.json"],
           str(os.listdir(tmp)))

    # Whole or not at all (checker-src/outfile.c): a file that cannot be
    # written leaves nothing, and an older file at its place untouched.
    with tempfile.TemporaryDirectory() as tmp:
        open(os.path.join(tmp, "file"), "w").close()
        code, out, err = run([checker, f"--json={tmp}/file/out.json"])
        ok(f"{label} json: --json=FILE under a regular file: exit 2, a message, no file",
           code == 2 and f"--json={tmp}/file/out.json: cannot write" in err and out == ""
           and os.listdir(tmp) == ["file"], f"exit {code} {err!r} {os.listdir(tmp)}")

        # An unwritable directory.  Root writes anywhere, so as root the
        # checker runs as nobody (if nobody can run it from here).
        ro = os.path.join(tmp, "ro")
        os.mkdir(ro, 0o555)
        os.chmod(ro, 0o555)
        os.chmod(tmp, 0o755)
        as_nobody = None
        if os.geteuid() == 0:
            as_nobody = lambda: os.setuid(65534)
            if subprocess.run([checker, "--version"], capture_output=True,
                              preexec_fn=as_nobody).returncode != 0:
                as_nobody = False
        if as_nobody is not False:
            p = subprocess.run([checker, f"--json={ro}/out.json"], capture_output=True,
                               text=True, preexec_fn=as_nobody)
            ok(f"{label} json: --json=FILE in an unwritable directory: exit 2, a message, no file",
               p.returncode == 2 and f"--json={ro}/out.json: cannot write" in p.stderr
               and "Permission denied" in p.stderr and p.stdout == "" and os.listdir(ro) == [],
               f"exit {p.returncode} {p.stderr!r} {os.listdir(ro)}")
        else:
            print(f"note: {label} json: the unwritable-directory test needs a tree "
                  "that user nobody can read; not run")

        # A write that fails half-way (a file size limit: EFBIG) removes
        # its temporary file and leaves the old file as it was.
        path = os.path.join(tmp, "out.json")
        with open(path, "w") as f:
            f.write("old\n")

        def small_files():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))

        p = subprocess.run([checker, f"--json={path}"], capture_output=True, text=True,
                           preexec_fn=small_files)
        ok(f"{label} json: a write error half-way: exit 2, old file kept, no temporary file",
           p.returncode == 2 and "write error" in p.stderr and "File too large" in p.stderr
           and open(path).read() == "old\n" and sorted(os.listdir(tmp)) == ["file", "out.json", "ro"],
           f"exit {p.returncode} {p.stderr!r} {os.listdir(tmp)}")


def suite_interrupt(checker, label):
    def still_running(name, running):
        return ok(f"{label} interrupt {name}: the search was still running when signalled",
                  running, f"it finished within {LONG_DELAY} s: make LONG a longer search")

    code, out, err, running = interrupted([checker] + LONG)
    still_running("text", running)
    ok(f"{label} interrupt: SIGINT prints the statistics so far and INCOMPLETE, exit 3",
       code == 3 and "INCOMPLETE: interrupted by SIGINT" in out
       and re.search(r"^states +[1-9]\d* stored, \d+ transitions", out, re.M)
       and re.search(r"^time ", out, re.M) and "no violation" not in out and err == "",
       f"exit {code}\n{out}{err}")

    code, out, err, running = interrupted([checker] + LONG + ["--json"])
    try:
        r = json.loads(out)
    except ValueError as e:
        r = {"error": str(e)}
    ok(f"{label} interrupt: SIGINT with --json prints one whole object, incomplete, exit 3",
       code == 3 and r.get("verdict") == "incomplete"
       and r.get("incomplete_reason") == "interrupted by SIGINT" and r.get("states", 0) > 0,
       f"exit {code} {r}\n{out[-500:]}{err}")

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "out.json")
        code, out, err, running = interrupted([checker] + LONG + [f"--json={path}"])
        try:
            r = json.load(open(path))
        except (OSError, ValueError) as e:
            r = {"error": str(e)}
        ok(f"{label} interrupt: SIGINT with --json=FILE writes the file whole, incomplete",
           code == 3 and "INCOMPLETE: interrupted by SIGINT" in out
           and r.get("verdict") == "incomplete" and os.listdir(tmp) == ["out.json"],
           f"exit {code} {r} {os.listdir(tmp)}\n{err}")

        # Two at once: the second, if it is delivered on its own, kills
        # (exit by SIGINT); either way the file is whole or absent.
        os.remove(path)
        code, out, err, running = interrupted([checker] + LONG + [f"--json={path}"], twice=True)
        files = os.listdir(tmp)
        try:
            whole = files == [] or (files == ["out.json"] and
                                    json.load(open(path))["verdict"] == "incomplete")
        except (OSError, ValueError):
            whole = False
        ok(f"{label} interrupt: two SIGINTs: exit 3 or killed, the file whole or absent",
           code in (3, -signal.SIGINT) and whole, f"exit {code} {files}\n{err}")

    code, out, err, running = interrupted([checker] + LONG + ["--search=dfs"], signal.SIGTERM)
    still_running("SIGTERM", running)
    ok(f"{label} interrupt: SIGTERM stops a depth-first search the same way",
       code == 3 and "INCOMPLETE: interrupted by SIGTERM" in out
       and re.search(r"^states +[1-9]\d* stored", out, re.M), f"exit {code}\n{out}{err}")

    # --matrix over one scenario big enough to take seconds per cell.
    # (--concurrency is too quick to catch in flight: test_interrupt.c.)
    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(os.path.join(tmp, "scenarios"))
        with open(os.path.join(tmp, "scenarios", "big.dax"), "w") as f:
            f.write('DAX big\n"Six stores to one page: a long search."\npages 1\nwords 6\n' +
                    "".join(f"T{i}: store 0:{i}={i + 1}\n" for i in range(6)))
        code, out, err, running = interrupted([checker, "--matrix"], cwd=tmp)
        still_running("--matrix", running)
        ok(f"{label} interrupt: SIGINT stops --matrix: the table, INCOMPLETE, exit 3",
           code == 3 and re.search(r"^entry-lock ", out, re.M)
           and "stopped early (interrupted by SIGINT)" in out
           and "every cell is what" not in out, f"exit {code}\n{out}{err}")


def suite_oom(checker, label):
    # A search that needs 1 GB, in 100 MB of address space, with our own
    # limit off: malloc fails in the middle of the search.
    def small_memory():
        default_signals()
        resource.setrlimit(resource.RLIMIT_AS, (100 << 20, 100 << 20))

    for extra in ([], ["--search=dfs", "--json"]):
        p = subprocess.run([checker] + LONG + ["--max-memory=0"] + extra, capture_output=True,
                           text=True, errors="replace", preexec_fn=small_memory, timeout=120)
        if extra:
            try:
                r = json.loads(p.stdout)
            except ValueError as e:
                r = {"error": str(e)}
            good = r.get("verdict") == "incomplete" and r.get("states", 0) > 0 and \
                "out of memory" in (r.get("incomplete_reason") or "")
        else:
            good = "INCOMPLETE: out of memory" in p.stdout and "no violation" not in p.stdout \
                and re.search(r"^states +[1-9]\d* stored", p.stdout, re.M)
        ok(f"{label} oom: ulimit -v 100M {' '.join(extra)}: INCOMPLETE, out of memory, exit 3",
           p.returncode == 3 and good and p.stderr == "",
           f"exit {p.returncode}\n{p.stdout[-800:]}{p.stderr}")

    # Each allocation of a run in turn fails (FAILALLOC_AT=N), alone or with
    # every later one (FAILALLOC_AFTER): the run must still give its normal
    # verdict and output, or say incomplete, out of memory, and exit 3.
    shim = os.path.join(ROOT, "build", "failalloc.so")
    if not ok(f"{label} oom: {shim} is built", os.path.exists(shim), "run make check"):
        return
    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(os.path.join(tmp, "scenarios"))
        shutil.copy("scenarios/seed-race.dax", os.path.join(tmp, "scenarios"))
        jpath = os.path.join(tmp, "out.json")
        runs = [  # (arguments, normal exit status, working directory)
            ([], 1, None),
            (["--strategy=fs-zero-inside"], 0, None),
            (["--json"], 1, None),
            (["--search=dfs", "--threads=3", "--pages=2", "--words=2"], 1, None),
            (["--replay=0,1,1,1,0,0,0,0,0,0,1,1,1"], 1, None),
            (["--scenario=scenarios/punch-race.dax", "--strategy=fs-zero-inside"], 1, None),
            (["--scenario=tests/bad/unknown-op.dax"], 2, None),
            (["--concurrency", "--strategy=range-lock"], 0, None),
            (["--matrix"], 0, tmp),
            ([f"--json={jpath}"], 1, None),
        ]
        for args, want, cwd in runs:
            env = dict(os.environ, LD_PRELOAD=shim, FAILALLOC_COUNT="1")
            base = subprocess.run([checker] + args, capture_output=True, text=True, cwd=cwd,
                                  env=env)
            m = re.search(r"failalloc: (\d+) allocations", base.stderr)
            if not ok(f"{label} oom: {' '.join(args)} runs under the shim",
                      base.returncode == want and m, f"exit {base.returncode} {base.stderr}"):
                continue
            count = int(m.group(1))
            for mode in ("once", "after"):
                bad = []
                for n in range(1, count + 1):
                    if os.path.exists(jpath):
                        os.remove(jpath)
                    env = dict(os.environ, LD_PRELOAD=shim, FAILALLOC_AT=str(n))
                    if mode == "after":
                        env["FAILALLOC_AFTER"] = "1"
                    p = subprocess.run([checker] + args, capture_output=True, text=True,
                                       errors="replace", cwd=cwd, env=env)
                    said = p.stdout + p.stderr
                    if p.returncode == want:
                        good = drop_time(p.stdout) == drop_time(base.stdout)
                        # A violation stands when the bounded search for a
                        # shortest counterexample runs out of memory: the
                        # report shows the one found and says so.
                        if not good and want == 1 and not args[0:1] == ["--json"]:
                            good = "perhaps not the shortest" in p.stdout and \
                                "stopped: out of memory" in p.stdout
                        elif not good and want == 1:
                            r = json.loads(p.stdout)
                            good = r["verdict"] == "violation" and not r["shortest"]
                    elif p.returncode == 3:
                        good = "out of memory" in said and "no violation" not in p.stdout \
                            and ("INCOMPLETE" in p.stdout or "incomplete" in said)
                        if args == ["--json"]:
                            good = good and json.loads(p.stdout)["verdict"] == "incomplete"
                    else:
                        good = False
                    if args and args[0].startswith("--json="):
                        # The file is whole, with the run's verdict, or absent.
                        files = os.listdir(tmp)
                        verdict = {1: "violation", 3: "incomplete"}.get(p.returncode)
                        good = good and (files == ["scenarios"] or (
                            sorted(files) == ["out.json", "scenarios"]
                            and json.load(open(jpath))["verdict"] == verdict))
                    if not good:
                        bad.append(f"allocation {n}: exit {p.returncode}\n{said[-600:]}")
                ok(f"{label} oom: {' '.join(args) or 'dax-generic'}: each of {count} allocations "
                   f"failing ({mode}): the verdict or INCOMPLETE", not bad, "\n".join(bad[:3]))


def missing_tool(label, suite, tool, require):
    """Say that tool is not installed, and so the suite's tests cannot run.
    A machine with only gcc, make and python3 can still run make check:
    the tests are skipped, loudly, and counted neither way.  CI sets the
    environment variable `require` (.ci/run installs the tool), and then a
    missing tool fails."""
    if os.environ.get(require):
        ok(f"{label} {suite}: {tool} is installed", False,
           f"install it (Debian: apt-get install {tool}; .ci/run does)")
    else:
        print(f"SKIP {label} {suite}: {tool} is not installed (Debian: apt-get install "
              f"{tool}; .ci/run installs it and requires these tests)")


def suite_valgrind(checker, label):
    vg = shutil.which("valgrind")
    if not vg:
        missing_tool(label, "valgrind", "valgrind", "REQUIRE_VALGRIND")
        return
    memcheck = [vg, "-q", "--leak-check=full", "--error-exitcode=99",
                "--errors-for-leak-kinds=definite,indirect"]
    with tempfile.TemporaryDirectory() as tmp:
        runs = [  # (arguments, exit status)
            (["--strategy=dax-generic"], 1),
            (["--strategy=fs-zero-inside"], 0),
            (["--strategy=dax-generic", "--json"], 1),
            ([f"--json={tmp}/out.json"], 1),
            (["--scenario=tests/bad/unknown-op.dax"], 2),
            (["--matrix", "--max-states=200"], 3),
            (["--concurrency", "--strategy=range-lock"], 0),
            (["--replay=0,1,1,1,0,0,0,0,0,0,1,1,1"], 1),
            (["--strategy=xfs-mmaplock", "--max-memory=1K"], 3),
        ]
        for args, want in runs:
            code, out, err = run(memcheck + [checker] + args, timeout=300)
            errs = [l for l in err.splitlines() if l.startswith("==")]
            ok(f"{label} valgrind {' '.join(args)}: no memory error or leak",
               code == want and not errs, f"exit {code} (want {want})\n" + "\n".join(errs[:40]))
    # An interrupted search frees everything too.  (Under valgrind it runs
    # some 50 times slower, and valgrind itself takes a second to start.)
    code, out, err, running = interrupted(memcheck + [checker, "--strategy=xfs-mmaplock",
                                                      "--threads=7", "--words=7"], delay=3)
    errs = [l for l in err.splitlines() if l.startswith("==")]
    ok(f"{label} valgrind: a search stopped by SIGINT: no memory error or leak",
       code == 3 and running and "INCOMPLETE: interrupted by SIGINT" in out and not errs,
       f"exit {code} running {running}\n" + "\n".join(errs[:40]))


def suite_catalogue(checker, label):
    code, out, err = run([checker, "--list", "--json"])
    got = json.loads(out)["strategies"] if code == 0 else []
    ok(f"{label} catalogue: --list --json names the eight strategies in order",
       [g["name"] for g in got] == STRATEGIES, str([g["name"] for g in got]))
    ok(f"{label} catalogue: every strategy cites a source",
       all(len(g["source"]) > 10 for g in got), str(got))
    code, out, err = run([checker, "--list"])
    ok(f"{label} catalogue: --list shows every strategy with its source",
       all(re.search(rf"^  {re.escape(n)} .*\n  +source: \S", out, re.M) for n in STRATEGIES),
       out)

    for scen, table in HISTORY.items():
        for strat, want in table.items():
            code, out, err = run([checker, f"--scenario=scenarios/{scen}",
                                  f"--strategy={strat}", "--json"])
            r = json.loads(out) if code in (0, 1) else {}
            verdict = r.get("property") if r.get("verdict") == "violation" else r.get("verdict")
            ok(f"{label} catalogue: history: {scen} x {strat} is {want}", verdict == want,
               f"exit {code}, found {verdict}")

    code, out, err = run([checker, "--concurrency"])
    ok(f"{label} catalogue: --concurrency exits 0", code == 0, f"exit {code}\n{out}{err}")
    rows = {}
    for line in out.splitlines():
        m = re.match(r"^  (\S+)\s+(yes \(\d+ steps\)|no)\s+(yes \(\d+ steps\)|no)\s+(\S+); (\S+)$",
                     line)
        if m:
            rows[m.group(1)] = m.groups()[1:]
    ok(f"{label} catalogue: --concurrency has a row per strategy", sorted(rows) == sorted(STRATEGIES),
       out)
    for strat, (same, other) in OVERLAP.items():
        r = rows.get(strat, ("?", "?", "-", "-"))
        ok(f"{label} catalogue: concurrency {strat}: same page {same}, different pages {other}",
           r[0].split()[0] == same and r[1].split()[0] == other, str(r))
    # A witness replays: both threads are then inside their handlers.
    for strat, r in rows.items():
        for i, extra in ((2, []), (3, ["--threads=2", "--pages=2", "--words=1"])):
            if r[i] == "-":
                continue
            code, out, err = run([checker, f"--strategy={strat}", f"--replay={r[i]}"] + extra)
            ok(f"{label} catalogue: {strat} overlap witness {r[i]} replays",
               code == 0 and "no violation on this schedule" in out, f"exit {code}\n{out}{err}")
    code, out, err = run([checker, "--concurrency", "--max-states=5"])
    ok(f"{label} catalogue: --concurrency under a state limit says INCOMPLETE (exit 3)",
       code == 3 and "INCOMPLETE" in out and "incomplete" in out, f"exit {code}\n{out}")
    code, out, err = run([checker, "--concurrency", "--strategy=range-lock"])
    ok(f"{label} catalogue: --concurrency --strategy shows that strategy alone",
       code == 0 and "range-lock" in out and "dax-generic" not in out, out)

    code, out, err = run([checker, "--matrix"])
    files = sorted(glob.glob("scenarios/*.dax"))
    ok(f"{label} catalogue: --matrix: every cell as expected (exit 0)",
       code == 0 and "every cell is what its scenario file expects" in out, f"exit {code}\n{out}")
    ok(f"{label} catalogue: --matrix has a row per strategy and a column per scenario",
       all(re.search(rf"^{re.escape(n)} ", out, re.M) for n in STRATEGIES)
       and all(os.path.basename(f)[:-4] in out for f in files), out)
    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(os.path.join(tmp, "scenarios"))
        src = open("scenarios/seed-race.dax").read()
        with open(os.path.join(tmp, "scenarios", "seed-race.dax"), "w") as f:
            f.write(re.sub(r"expect fs-zero-inside +ok", "expect fs-zero-inside deadlock", src))
        p = subprocess.run([checker, "--matrix"], capture_output=True, text=True, cwd=tmp)
        ok(f"{label} catalogue: --matrix flags a cell its file does not expect (exit 1)",
           p.returncode == 1 and "UNEXPECTED: 1 cell differs" in p.stdout
           and re.search(r"^fs-zero-inside +ok !", p.stdout, re.M), f"exit {p.returncode}\n{p.stdout}")
        p = subprocess.run([checker, "--matrix", "--max-states=20"], capture_output=True,
                           text=True, cwd=tmp)
        ok(f"{label} catalogue: --matrix under a state limit says INCOMPLETE (exit 3)",
           p.returncode == 3 and "INCOMPLETE" in p.stdout, f"exit {p.returncode}\n{p.stdout}")
    a = run([checker, "--matrix"])
    b = run([checker, "--matrix", "--hash-bits=4"])
    ok(f"{label} catalogue: --matrix output is deterministic", a == b)


def suite_promela(checker, label):
    """--property narrows the search; --emit-promela writes a SPIN model."""
    sc = "--scenario=scenarios/punch-race.dax"
    code, out, err = run([checker, sc, "--strategy=dax-generic", "--property=lost-store"])
    ok(f"{label} promela: --property=lost-store skips the use-after-free found first",
       code in (0, 1) and "use-after-free" not in out and "not compared: --property" in out,
       f"exit {code}\n{out}{err}")
    code, out, err = run([checker, "--strategy=dax-generic", "--property=stale-read,lost-store"])
    m = re.search(r"^replay\s+(.*)$", out, re.M)
    ok(f"{label} promela: a --property counterexample's replay command keeps --property",
       code == 1 and m and "--property=stale-read,lost-store" in m.group(1), out)
    if m:
        cmd = shlex.split(m.group(1))
        cmd[0] = checker
        rc, rout, rerr = run(cmd)
        ok(f"{label} promela: ... and reproduces it", rc == 1 and "VIOLATION lost-store" in rout,
           f"exit {rc}\n{rout}{rerr}")
    for bad, what in (("--property=lost", "unknown property 'lost'; valid properties: stale-read"),
                      ("--property=deadlock,deadlock", "deadlock given twice"),
                      ("--property=", "needs a value")):
        code, out, err = run([checker, bad])
        ok(f"{label} promela: {bad} exits 2 with a message", code == 2 and what in err and not out,
           f"exit {code}\n{out}{err}")
    code, a, err = run([checker, "--strategy=entry-lock", sc, "--emit-promela"])
    code2, b, err2 = run([checker, "--strategy=entry-lock", sc, "--emit-promela"])
    ok(f"{label} promela: --emit-promela writes the same model twice",
       code == 0 and code2 == 0 and a == b and "proctype thread()" in a, f"exit {code}\n{err}")
    ok(f"{label} promela: the model names the strategy and its steps in kernel vocabulary",
       " * strategy  entry-lock:" in a and "/* fault step 0: " in a and "vm_insert_mixed" in a
       and "/* punch step 0: " in a, a[:600])
    ok(f"{label} promela: one d_step per step of the fault and punch paths, plus user space",
       a.count(":: d_step {") == 1 + len(re.findall(r"/\* (fault|punch) step \d+", a)), a[:300])
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "m.pml")
        code, out, err = run([checker, "--strategy=entry-lock", sc, "--emit-promela=" + path])
        ok(f"{label} promela: --emit-promela=FILE writes the file, nothing on stdout",
           code == 0 and not out and open(path).read() == a, f"exit {code}\n{err}")
        code, out, err = run([checker, "--emit-promela=" + os.path.join(d, "no", "m.pml")])
        ok(f"{label} promela: an unwritable --emit-promela=FILE exits 2, leaves nothing",
           code == 2 and "--emit-promela=" in err and os.listdir(d) == ["m.pml"],
           f"exit {code}\n{err}{os.listdir(d)}")
    code, out, err = run([checker, "--strategy=range-lock", "--threads=2", "--pages=2",
                          "--words=1", "--property=overlap-other-pages"])
    ok(f"{label} promela: --property takes a --concurrency goal, and finds its witness",
       code == 1 and "VIOLATION overlap-other-pages" in out
       and "--replay=0,0,0,1,1,1" in out, f"exit {code}\n{out}{err}")
    code, out, err = run([checker, "--strategy=range-lock", "--property=overlap-same-page"])
    ok(f"{label} promela: ... and its exhaustive no", code == 0 and "no violation" in out,
       f"exit {code}\n{out}{err}")
    code, out, err = run([checker, "--emit-promela", "--json"])
    ok(f"{label} promela: --emit-promela with --json is refused (exit 2)",
       code == 2 and "cannot be combined" in err, f"exit {code}\n{err}")
def twins(checker):
    code, out, err = run([checker, "--list", "--json"])
    return json.loads(out)["twins"]


def suite_twins(checker, label):
    tw = twins(checker)
    ok(f"{label} twins: --list --json names the twins", len(tw) >= 16, str(tw))
    code, table, err = run([checker, "--twins"])
    ok(f"{label} twins: --twins catches every twin (exit 0)",
       code == 0 and "every twin caught with its expected property" in table and not err,
       f"exit {code}\n{table}{err}")
    ok(f"{label} twins: --twins prints the table's columns",
       re.search(r"^twin +mutation +scenario +expected +found +result$", table, re.M), table)
    for t in tw:
        scen = os.path.basename(t["scenario"])[:-4]
        ok(f"{label} twins: --twins row {t['name']}",
           re.search(rf"^{re.escape(t['name'])} +{re.escape(t['mutation'])} +{re.escape(scen)} +"
                     rf"{re.escape(t['property'])} +{re.escape(t['property'])} \d+ +caught$",
                     table, re.M), table)
        ok(f"{label} twins: {t['name']} is a mutation of a real strategy",
           t["strategy"] in STRATEGIES and t["name"].startswith(t["strategy"] + "~")
           and t["error"] is None, str(t))

        # Each twin alone, as a user runs it: the right property, an
        # expectation that says so, and a counterexample that replays.
        code, out, err = run([checker, f"--strategy={t['name']}", f"--scenario={t['scenario']}",
                              "--json"])
        r = json.loads(out) if code in (0, 1) else {}
        ok(f"{label} twins: {t['name']} on {t['scenario']} is caught as {t['property']}",
           code == 1 and r.get("property") == t["property"]
           and r.get("expected") == t["property"], f"exit {code}, found {r.get('property')}"
           f" ({r.get('culprit')}) {err}")
        if code == 1:
            cmd = shlex.split(r["replay"])
            cmd[0] = checker
            rc, rout, rerr = run(cmd + ["--json"])
            rr = json.loads(rout) if rc in (0, 1) else {}
            ok(f"{label} twins: {t['name']}: the replay reproduces it",
               rc == 1 and rr.get("property") == t["property"]
               and rr.get("schedule") == r["schedule"], f"{r['replay']}: exit {rc} {rerr}")
    code, out, err = run([checker, "--strategy=fs-zero-inside~no-ilock",
                          "--scenario=scenarios/seed-race.dax"])
    ok(f"{label} twins: the text report names the twin and its mutation",
       code == 1 and "strategy  fs-zero-inside~no-ilock: known-bad twin of fs-zero-inside: "
       in out and "expected  lost-store, as the known-bad twin says" in out, out)
    code, out, err = run([checker, "--strategy=fs-zero-inside~no-ilock",
                          "--scenario=scenarios/different-pages.dax"])
    ok(f"{label} twins: on another scenario a twin has no expectation",
       code == 0 and "expected  (a known-bad twin is judged on scenarios/seed-race.dax only)"
       in out, out)
    code, out, err = run([checker, "--list"])
    sec = out.split("known-bad twins", 1)[1] if "known-bad twins" in out else ""
    ok(f"{label} twins: --list shows each twin under its strategy, apart from the strategies",
       all(re.search(rf"^  {re.escape(t['strategy'])}\n(    .*\n)*    {re.escape(t['name'])} ",
                     sec, re.M) for t in tw) and "~" not in out.split("known-bad twins")[0],
       out)
    code, out, err = run([checker, "--matrix"])
    ok(f"{label} twins: the verdict matrix has real strategies only", code == 0 and "~" not in out,
       out)
    code, out, err = run([checker, "--concurrency", "--strategy=entry-lock~no-locks"])
    ok(f"{label} twins: a twin is selectable where a strategy is (--concurrency)",
       code == 0 and "entry-lock~no-locks" in out, f"exit {code}\n{out}{err}")
    a = run([checker, "--twins"])
    b = run([checker, "--twins", "--hash-bits=4"])
    ok(f"{label} twins: --twins output is deterministic", a == b)
    code, out, err = run([checker, "--twins", "--max-states=20"])
    ok(f"{label} twins: --twins under a state limit says INCOMPLETE (exit 3)",
       code == 3 and "INCOMPLETE: " in out and not re.search(r"UNCAUGHT: \d", out),
       f"exit {code}\n{out}")

    # The suite can fail.  The same --twins, in a copy of the scenario
    # files where the seed race has lost its second thread (no race left)
    # and store-vs-load's load became a store (a lost store, not a stale
    # read): the twins judged on them must be reported, by name, and
    # nothing else.
    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(os.path.join(tmp, "scenarios"))
        for path in glob.glob("scenarios/*.dax"):
            src = open(path).read()
            if path.endswith("/seed-race.dax"):
                src = re.sub(r"^T1: .*\n", "", src, flags=re.M)
            if path.endswith("/store-vs-load.dax"):
                src = re.sub(r"^T1: load 0:1$", "T1: store 0:1=2", src, flags=re.M)
            with open(os.path.join(tmp, path), "w") as f:
                f.write(src)
        p = subprocess.run([checker, "--twins"], capture_output=True, text=True, cwd=tmp)
        broken = [t for t in tw if t["scenario"] in ("scenarios/seed-race.dax",
                                                     "scenarios/store-vs-load.dax")]
        rows = {m.group(1): m.group(2) for m in
                re.finditer(r"^(\S+~\S+) .*  (caught|UNCAUGHT.*)$", p.stdout, re.M)}
        ok(f"{label} twins: --twins fails (exit 1) when twins go uncaught",
           p.returncode == 1 and f"UNCAUGHT: {len(broken)} of {len(tw)} twins" in p.stdout,
           f"exit {p.returncode}\n{p.stdout}{p.stderr}")
        ok(f"{label} twins: exactly the twins whose scenario lost its race are UNCAUGHT",
           len(broken) >= 4 and all(rows.get(t["name"], "").startswith("UNCAUGHT") ==
                                    (t in broken) for t in tw), str(rows))
        ok(f"{label} twins: a twin caught as another property is UNCAUGHT",
           rows.get("fs-zero-inside~pte-before-zero") == "UNCAUGHT: another property"
           and re.search(r"^fs-zero-inside~pte-before-zero .* stale-read +lost-store \d+ ",
                         p.stdout, re.M), p.stdout)


# Steps no scenario file reaches, with the reason they cannot be reached:
# {strategy: {("fault" or "punch", step name): "why"}}.  Empty: over the
# scenario files every step of every strategy runs in some interleaving.
KNOWN_UNREACHED = {}


def unreached_over(checker, strategy, files):
    """The steps of strategy no run over files executes: a step counts as
    reached if some run that enters its handler reaches it."""
    left = {}
    for path in files:
        code, out, err = run([checker, f"--strategy={strategy}", f"--scenario={path}", "--json"])
        r = json.loads(out)
        for h in ("fault", "punch"):
            if not r[f"{h}_exercised"]:
                continue
            here = {(u["handler"], u["name"]) for u in r["unreached"] if u["handler"] == h}
            left[h] = here if h not in left else left[h] & here
    missing = [h for h in ("fault", "punch") if h not in left]
    return set().union(*left.values()) if left else set(), missing


def suite_coverage(checker, label):
    code, out, err = run([checker, "--strategy=dax-generic"])
    ok(f"{label} coverage: a violation lists its unreached steps for the explored part only",
       "coverage  unreached: fault step 2 dax_load_hole (cache and map the hole page);" in out
       and "punch path not exercised by this scenario" in out
       and "(in the explored part only: the search stopped at the violation)" in out, out)
    code, out, err = run([checker, "--strategy=xfs-mmaplock", "--scenario=scenarios/punch-race.dax"])
    ok(f"{label} coverage: an exhaustive run lists unreached steps as a proof, without the note",
       code == 0 and "coverage  unreached: fault step 8 dax_load_hole" in out
       and "explored part only" not in out, out)
    code, out, err = run([checker, "--strategy=xfs-mmaplock", "--scenario=scenarios/mixed-three.dax"])
    ok(f"{label} coverage: every step reached",
       code == 0 and "coverage  every fault step reached; punch path not exercised by this "
       "scenario" in out, out)
    code, out, err = run([checker, "--strategy=xfs-mmaplock", "--scenario=scenarios/punch-race.dax",
                          "--json"])
    r = json.loads(out)
    ok(f"{label} coverage: --json lists the unreached steps",
       r["unreached"] == [{"handler": "fault", "step": 8, "name": "dax_load_hole",
                           "does": "cache and map the hole page"}]
       and r["unreached_exhaustive"] is True and r["punch_exercised"] is True, str(r))

    # Which steps run is the model's, not the build's (and the matrix suite
    # has run every cell under ASan already): the plain build only.
    if label != "plain":
        return
    files = sorted(glob.glob("scenarios/*.dax"))
    for s in STRATEGIES:
        left, missing = unreached_over(checker, s, files)
        known = set(KNOWN_UNREACHED.get(s, {}))
        ok(f"{label} coverage: over every scenario file, {s} reaches every step",
           not missing and left == known,
           f"never exercised: {missing}; unreached: {sorted(left - known)}; "
           f"listed as unreachable but reached: {sorted(known - left)}")
    # The check can fail: over the seed race alone, fs-zero-inside's read
    # path and its punch path are never run.
    left, missing = unreached_over(checker, "fs-zero-inside", ["scenarios/seed-race.dax"])
    ok(f"{label} coverage: over the seed race alone, steps are left unreached",
       ("fault", "dax_load_hole") in left and missing == ["punch"], f"{left} {missing}")


def reduction_cases(checker):
    """(label, arguments) of every model the reduction is compared on."""
    cases = []
    for path in sorted(glob.glob("scenarios/*.dax")):
        for st in STRATEGIES:
            cases.append((f"{os.path.basename(path)} x {st}", [f"--scenario={path}",
                                                               f"--strategy={st}"]))
    for tw in twins(checker):
        cases.append((tw["name"], [f"--scenario={tw['scenario']}", f"--strategy={tw['name']}"]))
    for st in STRATEGIES:
        cases.append((f"4 threads x {st}", ["--threads=4", "--words=4", f"--strategy={st}"]))
        cases.append((f"4 threads, 2 pages x {st}",
                      ["--threads=4", "--pages=2", "--words=2", f"--strategy={st}"]))
    return cases


def suite_reduction(checker, label):
    """Persistent sets (the default), sleep sets and no reduction on every
    model: the same verdict, property and shortest counterexample; sleep
    sets store every state, persistent sets fewer.  The scaling families
    up to N = 6 too (N = 5 and 6 in the plain build only: unreduced, they
    take seconds)."""
    cases = reduction_cases(checker)
    for st in STRATEGIES:
        for n in range(2, 7 if label == "plain" else 5):
            for pages in (1, 2):
                cases.append((f"{n} threads, {pages} page(s) x {st}",
                              [f"--threads={n}", f"--pages={pages}",
                               f"--words={(n + pages - 1) // pages}", f"--strategy={st}"]))
    total = {"persistent": 0, "sleep": 0, "none": 0, "states": 0, "reduced": 0}
    for name, args in cases:
        got = {}
        for red, extra in (("persistent", []), ("sleep", ["--reduce=sleep"]),
                           ("none", ["--reduce=none"]), ("hc", ["--storage=hash-compact"])):
            code, out, err = run([checker] + args + ["--json"] + extra)
            try:
                got[red] = (code, json.loads(out))
            except ValueError:
                got[red] = (code, None)
        ch, h = got["hc"]
        (cp, p), (cs, s), (cn, n) = got["persistent"], got["sleep"], got["none"]
        if ok(f"{label} hash compaction {name}: reports", h and ch in (0, 1), f"exit {ch}"):
            n0 = n or {}
            ok(f"{label} hash compaction {name}: the verdict and length of exact storage, and "
               f"the states of exact persistent sets",
               (ch, h["verdict"], h["property"], len(h["schedule"])) ==
               (cn, n0.get("verdict"), n0.get("property"), len(n0.get("schedule", [])))
               and (ch == 1 or h["states"] == (p or {}).get("states")),
               f"{h['verdict']} {h['states']} / {n0.get('verdict')} {(p or {}).get('states')}")
            ok(f"{label} hash compaction {name}: says so, and never claims a shortest one",
               h["storage"] == "hash-compact" and h["reduction"] == "persistent"
               and not h["shortest"] and 0 < h["missed_probability"] < 1e-6,
               str(h.get("missed_probability")))
        if not ok(f"{label} reduction {name}: every run reports", p and s and n
                  and cp in (0, 1) and cs in (0, 1) and cn in (0, 1), f"exits {cp} {cs} {cn}"):
            continue
        ok(f"{label} reduction {name}: same verdict and property",
           (cp, p["verdict"], p["property"]) == (cn, n["verdict"], n["property"]) ==
           (cs, s["verdict"], s["property"]),
           f"persistent {p['verdict']} {p['property']}, sleep {s['verdict']} {s['property']}, "
           f"none {n['verdict']} {n['property']}")
        ok(f"{label} reduction {name}: same counterexample, a shortest one",
           p["schedule"] == s["schedule"] and len(s["schedule"]) == len(n["schedule"])
           and p["shortest"] and s["shortest"] and n["shortest"],
           f"persistent {len(p['schedule'])} (shortest {p['shortest']}), sleep "
           f"{len(s['schedule'])}, none {len(n['schedule'])}")
        ok(f"{label} reduction {name}: the JSON says which reduction ran",
           (p["reduction"], s["reduction"], n["reduction"]) == ("persistent", "sleep", "none"))
        if cp == 0:
            ok(f"{label} reduction {name}: exhaustive; sleep sets store every state, with no "
               f"more transitions; persistent sets no more states",
               s["states"] == n["states"] and s["max_depth"] == n["max_depth"]
               and s["transitions"] <= n["transitions"] and p["states"] <= n["states"],
               f"states {p['states']} / {s['states']} / {n['states']}, transitions "
               f"{s['transitions']} / {n['transitions']}")
            total["sleep"] += s["transitions"]
            total["none"] += n["transitions"]
            total["states"] += n["states"]
            total["persistent"] += p["states"]
        else:
            ok(f"{label} reduction {name}: the violation's shortest search is reported",
               p["shortest_search"]["states"] > 0, str(p.get("shortest_search")))
    ok(f"{label} reduction: sleep sets prune transitions over the exhaustive runs",
       0 < total["sleep"] < total["none"] * 0.8, str(total))
    ok(f"{label} reduction: persistent sets store under a third of the states over the "
       f"exhaustive runs", 0 < total["persistent"] * 3 < total["states"], str(total))


def suite_symmetry(checker, label):
    cases = reduction_cases(checker)
    for path in sorted(glob.glob("tests/sym/*.dax")):
        for st in STRATEGIES:
            cases.append((f"{path} x {st}", [f"--scenario={path}", f"--strategy={st}"]))
    fewer = 0
    for name, args in cases:
        got = []
        for extra in ([], ["--symmetry"]):
            code, out, err = run([checker] + args + ["--json"] + extra)
            try:
                got.append((code, json.loads(out)))
            except ValueError:
                got.append((code, None))
        (c0, a), (c1, b) = got
        if not ok(f"{label} symmetry {name}: both runs report", a and b and c0 in (0, 1)
                  and c1 in (0, 1), f"exits {c0} {c1}"):
            continue
        ok(f"{label} symmetry {name}: same verdict, property and counterexample length",
           (c0, a["verdict"], a["property"], len(a["schedule"])) ==
           (c1, b["verdict"], b["property"], len(b["schedule"])),
           f"{a['verdict']} {len(a['schedule'])} / {b['verdict']} {len(b['schedule'])}")
        if "tests/sym/" in name:
            ok(f"{label} symmetry {name}: the JSON counts the interchangeable threads",
               b["symmetric_threads"] >= 3 and a["symmetric_threads"] == 0)
            if c0 == 0:
                fewer += b["states"] * 2 < a["states"]
    ok(f"{label} symmetry: exhaustive symmetric scenarios store under half the states",
       fewer >= 6, f"{fewer} of them")
    code, out, err = run([checker, "--scenario=tests/sym/crowd.dax", "--symmetry"])
    m = re.search(r"^replay +(\./checker .*)$", out, re.M)
    ok(f"{label} symmetry: the crowd's lost store is named and its replay command runs",
       code == 1 and "symmetry (4 interchangeable threads)" in out and m
       and run(shlex.split(m.group(1).replace("./checker", checker, 1)))[0] == 1,
       out[-400:])
    code, out, err = run([checker, "--symmetry", "--reduce=sleep"])
    ok(f"{label} symmetry: --symmetry --reduce=sleep exits 2 saying why",
       code == 2 and "--symmetry runs without --reduce=sleep" in err, err)


def suite_bench(label):
    import xml.etree.ElementTree as ET
    want = open("results/bench.svg", "rb").read() if os.path.exists("results/bench.svg") else b""
    with tempfile.TemporaryDirectory() as tmp:
        outs = []
        for i in range(2):
            out = os.path.join(tmp, f"{i}.svg")
            p = subprocess.run([sys.executable, "scripts/plot.py", "results/bench.json", out],
                               capture_output=True, text=True)
            outs.append(open(out, "rb").read() if p.returncode == 0 else None)
        ok(f"{label} bench: plot.py redraws the committed bench.svg from bench.json, twice",
           outs[0] is not None and outs[0] == outs[1] == want, p.stderr[-300:])
    try:
        root = ET.fromstring(want)
        parsed = root.tag.endswith("svg") and len(list(root.iter())) > 100
    except ET.ParseError as e:
        parsed = False
    ok(f"{label} bench: results/bench.svg parses as SVG", parsed)
    md = open("results/bench.md").read() if os.path.exists("results/bench.md") else ""
    heads = ["## Targets", "## One page", "## Two pages", "### Seconds", "### States stored",
             "### Peak memory", "### Growth per added thread", "## Largest N within",
             "## Self-test of the hand models", "## Per strategy"]
    missing = [h for h in heads if not re.search("^" + re.escape(h), md, re.M)]
    ok(f"{label} bench: results/bench.md has its sections (targets, both families' seconds, "
       "states, memory and growth, largest N, self-test)", not missing, f"missing {missing}")
    targets = re.search(r"^## Targets\n(.*?)(?=^## )", md, re.S | re.M)
    judged = re.findall(r"^- \*\*(met|not met|not measured)\*\*: ", targets.group(1) if targets else "",
                        re.M)
    ok(f"{label} bench: results/bench.md judges every target met, not met or not measured",
       len(judged) >= 8 and "SPIN hand" in md and "rumur 1t" in md, judged)
    data = json.load(open("results/bench.json")) if os.path.exists("results/bench.json") else {}
    ok(f"{label} bench: its self-test passed: rumur and SPIN caught the broken hand models",
       data.get("self_test") and all(c["ok"] for c in data["self_test"]))
    ok(f"{label} bench: results/bench.md is no partial run", "**Partial:" not in md)
    p = subprocess.run([sys.executable, "scripts/bench.py", "--max-n", "9"],
                       capture_output=True, text=True)
    ok(f"{label} bench: bench.py --max-n 9 exits 2 saying why",
       p.returncode == 2 and "--max-n must be 2..8" in p.stderr and not p.stdout, p.stderr[-300:])
    tools = [t for t in ("spin", "rumur", "cc") if not shutil.which(t)]
    if not os.access("/usr/bin/time", os.X_OK):
        tools.append("time")
    if tools:
        print(f"SKIP {label} bench: the hand models' self-test needs {', '.join(tools)} "
              f"(Debian: apt-get install {' '.join(tools)})")
        return
    p = subprocess.run([sys.executable, "scripts/bench.py", "--self-test"],
                       capture_output=True, text=True)
    ok(f"{label} bench: bench.py --self-test: rumur and SPIN find no violation in the hand "
       "models and catch both broken variants", p.returncode == 0
       and "self-test: 14 of 14 checks passed" in p.stdout, (p.stdout + p.stderr)[-600:])


def suite_workers(checker, label):
    runs = [
        ["--strategy=dax-generic"],
        ["--strategy=dax-generic", "--threads=4", "--pages=2", "--words=2", "--json"],
        ["--strategy=fs-zero-inside", "--threads=5", "--words=5"],
        ["--strategy=fs-zero-inside", "--threads=5", "--words=5", "--reduce=none"],
        ["--strategy=i-mmap-write", "--scenario=scenarios/hole-page.dax"],
        ["--strategy=fs-zero-inside", "--scenario=scenarios/punch-race.dax", "--json"],
        ["--strategy=xfs-mmaplock", "--threads=5", "--words=5", "--max-states=20000"],
        ["--strategy=xfs-mmaplock", "--threads=5", "--words=5", "--max-memory=3M"],
        ["--matrix"],
        ["--twins"],
        ["--concurrency"],
    ]
    for args in runs:
        outs = [run([checker] + args + [f"--workers={w}"]) for w in (1, 2, 3)]
        same = all((c, drop_time(o), e) == (outs[0][0], drop_time(outs[0][1]), outs[0][2])
                   for c, o, e in outs)
        ok(f"{label} workers {' '.join(args)}: identical for 1, 2 and 3 workers", same,
           "\n".join(f"exit {c}: {drop_time(o)[-300:]}" for c, o, e in outs))
    code, out, err = run([checker, "--strategy=fs-zero-inside", "--threads=4", "--words=4",
                          "--workers=2"])
    ok(f"{label} workers: the time line says how many ran",
       code == 0 and re.search(r"^time .*, 2 workers$", out, re.M), out[-200:])
    env = dict(os.environ, CHECKER_PROGRESS_SECONDS="0")
    p = subprocess.run([checker, "--strategy=fs-zero-inside", "--threads=4", "--words=4",
                        "--progress"], capture_output=True, text=True, env=env)
    ok(f"{label} workers: --progress reports states, rate, queue and memory on stderr",
       p.returncode == 0 and re.search(r"^progress  \d+ states, \d+ states/s, level \d+, "
                                       r"\d+ queued, \d+ MiB$", p.stderr, re.M), p.stderr[-300:])
    p = subprocess.run([checker, "--strategy=fs-zero-inside", "--threads=4", "--words=4"],
                       capture_output=True, text=True, env=env)
    ok(f"{label} workers: no progress when stderr is not a terminal", p.stderr == "",
       p.stderr[-200:])
    code, out, err, running = interrupted([checker] + LONG + ["--workers=2"], signal.SIGTERM)
    ok(f"{label} workers: SIGTERM stops a 2-worker search: INCOMPLETE, exit 3",
       code == 3 and running and "INCOMPLETE: interrupted by SIGTERM" in out
       and re.search(r"^time .*, 2 workers$", out, re.M), f"exit {code}\n{out[-300:]}{err}")
    code, out, err = run([checker, "--strategy=fs-zero-inside", "--storage=hash-compact"])
    ok(f"{label} workers: hash compaction never prints a plain 'no violation'",
       code == 0 and "no violation found: hash compaction" in out
       and "probability at most" in out and "every interleaving explored (exhaustive)" not in out,
       out[:400])
    for args, want in [(["--storage=bitstate"], "valid storages: exact, hash-compact"),
                       (["--storage=hash-compact", "--search=dfs"], "needs --search=bfs"),
                       (["--storage=hash-compact", "--reduce=sleep"],
                        "runs without --reduce=sleep"),
                       (["--workers=0"], "--workers=0: out of range 1..64"),
                       (["--workers=65"], "out of range 1..64"),
                       (["--reduce=ample"], "valid reductions: persistent, sleep, none"),
                       (["--search=dfs", "--workers=2"], "--workers needs --search=bfs"),
                       (["--search=dfs", "--reduce=sleep"], "--search=dfs explores without them"),
                       (["--search=dfs", "--reduce=persistent"],
                        "--search=dfs explores without them")]:
        code, out, err = run([checker] + args)
        ok(f"{label} workers: {' '.join(args)} exits 2 saying why",
           code == 2 and out == "" and want in err, f"exit {code} {err!r}")

def results_matrix_cells(text, raw=False):
    """{(strategy, scenario): verdict} from the README's matrix (raw: the
    cell's whole text)."""
    lines = [l for l in text.splitlines() if l.startswith("| ")]
    head = [c.strip() for c in lines[0].strip("|").split("|")]
    cells = {}
    for l in lines[1:]:
        cols = [c.strip() for c in l.strip("|").split("|")]
        if not cols[0].startswith("**"):
            break
        for scen, c in zip(head[1:-2], cols[1:-2]):
            m = re.match(r"^\[?(ok|incomplete|[a-z-]+)", c)
            cells[(cols[0].strip("*"), scen)] = c if raw or not m else m.group(1)
    return cells


def chromium_binary():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def render_png(browser, url, out, size):
    """Headless Chromium screenshot of url into out; (ok, stderr).  A
    browser that crashes or hangs on a shared machine gets a second try."""
    err = ""
    for _ in range(2):
        with tempfile.TemporaryDirectory() as profile:
            try:
                p = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                                    "--hide-scrollbars", "--no-first-run",
                                    f"--user-data-dir={profile}", f"--window-size={size}",
                                    f"--screenshot={out}", url],
                                   capture_output=True, text=True, timeout=180)
                err = p.stderr[-400:]
            except subprocess.TimeoutExpired:
                err = "timed out after 180 s"
        if os.path.exists(out) and os.path.getsize(out) > 0:
            return True, err
    return False, err


def suite_results(checker, label):
    import xml.etree.ElementTree as ET
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    import diagram
    import png
    import results as results_py

    # 1. The committed pages are what make results writes now, twice.
    with tempfile.TemporaryDirectory() as tmp:
        outs = []
        for i in range(2):
            d = os.path.join(tmp, str(i))
            p = subprocess.run([sys.executable, "scripts/results.py", f"--checker={checker}",
                                "--in=results", f"--out={d}"], capture_output=True, text=True)
            ok(f"{label} results: results.py runs", p.returncode == 0, p.stderr[-400:])
            files = {}
            for root, _, names in os.walk(d):
                for n in names:
                    path = os.path.join(root, n)
                    files[os.path.relpath(path, d)] = open(path, "rb").read()
            outs.append(files)
        ok(f"{label} results: two runs of results.py write byte-identical files",
           outs[0] == outs[1] and len(outs[0]) > 10, f"{len(outs[0])} files")
        # What results.py writes: README.md, index.html and all of diagrams/.
        rels = set(outs[0]) | {os.path.join("diagrams", n)
                               for n in os.listdir("results/diagrams")
                               if os.path.isdir("results/diagrams")}
        committed = {}
        for rel in rels:
            path = os.path.join("results", rel)
            committed[rel] = open(path, "rb").read() if os.path.exists(path) else None
        stale = sorted(r for r in set(outs[0]) | set(committed)
                       if outs[0].get(r) != committed.get(r))
        ok(f"{label} results: the committed results/ is current (else run make results)",
           not stale, "differ: " + ", ".join(stale[:8]))

    # 2. Every diagram and the page parse; the page is self-contained.
    svgs = sorted(glob.glob("results/diagrams/*.svg"))
    bad = []
    for f in svgs:
        try:
            root = ET.parse(f).getroot()
            if root.tag != "{http://www.w3.org/2000/svg}svg":
                bad.append(f"{f}: root {root.tag}")
        except ET.ParseError as e:
            bad.append(f"{f}: {e}")
    ok(f"{label} results: every results/diagrams/*.svg parses as SVG ({len(svgs)})",
       svgs and not bad, "; ".join(bad[:3]))
    page = open("results/index.html", encoding="utf-8").read() \
        if os.path.exists("results/index.html") else ""
    problem = results_py.html_problem(page) if page else "missing"
    ok(f"{label} results: index.html parses: tags nest, ids unique, every #link lands, "
       "no network", problem is None, problem)
    inline = re.findall(r"<svg .*?</svg>", page, re.S)
    bad = []
    for i, svg in enumerate(inline):
        try:
            ET.fromstring(svg)
        except ET.ParseError as e:
            bad.append(f"svg {i}: {e}")
    ok(f"{label} results: every SVG inlined in index.html parses ({len(inline)})",
       len(inline) > len(svgs) and not bad, "; ".join(bad[:3]))
    broken = [h for h in re.findall(r'href="(diagrams/[^"#]+)"', page)
              if not os.path.exists(os.path.join("results", html.unescape(h)))]
    ok(f"{label} results: index.html's links to diagrams/ name files that exist",
       not broken, ", ".join(broken[:3]))

    # 3. The matrix agrees with --matrix, cell by cell (an independent path).
    readme = open("results/README.md", encoding="utf-8").read()
    cells = results_matrix_cells(readme)
    code, out, _ = run([checker, "--matrix"])
    lines = out.splitlines()
    hi = next((i for i, l in enumerate(lines) if l.startswith("strategy ")), None)
    want = {}
    if hi is not None:
        scen = lines[hi].split()[1:-2]
        for l in lines[hi + 1:]:
            if not l.strip():
                break
            words = l.split()
            vals, i = [], 1
            while i < len(words) and len(vals) < len(scen):
                vals.append(words[i].rstrip("!"))
                i += 1 if words[i] in ("ok", "ok!", "incomplete") else 2
            for sc, v in zip(scen, vals):
                want[(words[0], sc)] = v
    ok(f"{label} results: README.md's matrix gives --matrix's verdict in each of its "
       f"{len(want)} cells", want and cells == want,
       str(sorted(set(cells.items()) ^ set(want.items()))[:4]))

    # 4. The 2015 race drawn: two lanes, the wiped store and its destroyer.
    seed = "results/diagrams/seed-race__dax-generic.svg"
    text = open(seed, encoding="utf-8").read() if os.path.exists(seed) else ""
    ok(f"{label} results: the seed race diagram has a lane for T0 and T1, its steps in "
       "kernel vocabulary and the replay command",
       ">T0<" in text and ">T1<" in text and ">T2<" not in text
       and ">get_block(create=1)<" in text and ">clear_pmem<" in text
       and "--replay=0,1,1,1,0,0,0,0,0,0,1,1,1" in text, text[:200])
    ok(f"{label} results: the wiped store (step 10) is outlined as victim, clear_pmem "
       "(step 13) filled as culprit, and an arrow joins them",
       re.search(r'id="[^"]*-s10"[^>]*stroke="' + diagram.VICTIM, text)
       and re.search(r'id="[^"]*-s13"[^>]*fill="#fde8e8" stroke="' + diagram.CULPRIT, text)
       and re.search(r'<path d="M[^"]*" fill="none" stroke="' + diagram.CULPRIT
                     + r'" stroke-width="2" marker-end', text)
       and "the store destroyed" in text and "its destroyer" in text, "")
    ok(f"{label} results: the lock T0 holds is drawn as a bar from i_mmap_lock_read to "
       "i_mmap_unlock_read", "T0 holds i_mmap_rwsem shared, from step 7 until step 9" in text)
    dl = "results/diagrams/hole-page__i-mmap-write.svg"
    text = open(dl, encoding="utf-8").read() if os.path.exists(dl) else ""
    ok(f"{label} results: a deadlock's diagram ends with each thread's wait and its holder",
       "waits: find_get_page" in text and "for page lock, held by T1" in text
       and "no thread can move" in text, text[:200])
    ok(f"{label} results: index.html shows the 2015 race with its replay command, the "
       "crosscheck table and the benchmark plot",
       'id="race-2015"' in page and "--replay=0,1,1,1,0,0,0,0,0,0,1,1,1" in page
       and 'href="#cx-seed-race__dax-generic"' in page and "comparisons:" in page
       and "Benchmark: ours against SPIN, states and time" in page, "")

    # 5. diagram.py: a drawing on demand; bad input exits 2 and writes nothing.
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "x.svg")
        env = dict(os.environ, CHECKER=checker)
        p = subprocess.run([sys.executable, "scripts/diagram.py", "--run", out, "--",
                            "--strategy=range-lock", "--scenario=scenarios/mixed-three.dax"],
                           capture_output=True, text=True, env=env)
        ok(f"{label} results: diagram.py --run draws a counterexample on demand",
           p.returncode == 0 and os.path.exists(out) and diagram.self_check(
               open(out).read()) is None and "range_lock(pgoff)" in open(out).read(),
           p.stderr[-300:])
        os.unlink(out) if os.path.exists(out) else None
        code, rep, _ = run([checker, "--strategy=fs-zero-inside", "--replay=0,0,0,1", "--json"])
        p = subprocess.run([sys.executable, "scripts/diagram.py", "-", out], input=rep,
                           capture_output=True, text=True)
        text = open(out).read() if os.path.exists(out) else ""
        ok(f"{label} results: diagram.py draws a --replay too, with the lock it holds",
           p.returncode == 0 and "replay of 4 steps, no violation" in text
           and "T0 holds ILOCK exclusive, from step 3 until the end" in text, p.stderr[-300:])
        os.unlink(out) if os.path.exists(out) else None
        code, js, _ = run([checker, "--strategy=fs-zero-inside", "--json"])
        code, race, _ = run([checker, "--json"])
        okrun = os.path.join(tmp, "ok.json")
        open(okrun, "w").write(js)
        notjson = os.path.join(tmp, "bad.json")
        open(notjson, "w").write("{\"trace\": [")
        for args, inp, want in [
                ([okrun, out], None, "no counterexample to draw (verdict: ok)"),
                ([notjson, out], None, "not the checker's --json output"),
                ([os.path.join(tmp, "none.json"), out], None, "cannot read"),
                (["-", out], "[1, 2]", "not the checker's --json output"),
                (["--run", out, "--", "--strategy=nope"], None, "valid strategies"),
                (["only-one"], None, "usage: diagram.py"),
                (["-", os.path.join(tmp, "no", "dir", "x.svg")], race, "cannot write")]:
            p = subprocess.run([sys.executable, "scripts/diagram.py"] + args, input=inp or "",
                               capture_output=True, text=True, env=env)
            ok(f"{label} results: diagram.py {' '.join(os.path.basename(a) for a in args)} "
               f"exits 2 saying '{want}', writes nothing",
               p.returncode == 2 and want in p.stderr and not os.path.exists(out)
               and p.stdout == "", f"exit {p.returncode}: {p.stderr[-300:]}")
        # results.py with a checker that fails leaves the old results whole.
        d = os.path.join(tmp, "r")
        os.mkdir(d)
        open(os.path.join(d, "README.md"), "w").write("old\n")
        p = subprocess.run([sys.executable, "scripts/results.py", "--checker=/nonexistent",
                            f"--out={d}"], capture_output=True, text=True)
        bad_in = os.path.join(tmp, "in")
        os.mkdir(bad_in)
        open(os.path.join(bad_in, "matrix-times.json"), "w").write('{"cells": [1]}')
        p2 = subprocess.run([sys.executable, "scripts/results.py", f"--checker={checker}",
                             f"--in={bad_in}", f"--out={d}"], capture_output=True, text=True)
        ok(f"{label} results: a malformed matrix-times.json exits 2 naming it, output untouched",
           p2.returncode == 2 and "matrix-times.json: not what make matrix-times writes"
           in p2.stderr and sorted(os.listdir(d)) == ["README.md"], p2.stderr[-300:])
        ok(f"{label} results: results.py with a checker it cannot run exits 2, output "
           "untouched", p.returncode == 2 and "cannot run" in p.stderr
           and sorted(os.listdir(d)) == ["README.md"]
           and open(os.path.join(d, "README.md")).read() == "old\n", p.stderr[-300:])

    # A search a limit stopped is shown as incomplete, never as ok.
    with tempfile.TemporaryDirectory() as tmp:
        p = subprocess.run([sys.executable, "scripts/results.py", f"--checker={checker}",
                            "--in=results", f"--out={tmp}", "--max-states=100"],
                           capture_output=True, text=True)
        text = open(os.path.join(tmp, "README.md")).read() \
            if os.path.exists(os.path.join(tmp, "README.md")) else ""
        limited = results_matrix_cells(text) if text else {}
        states = {k: int(m.group(1).replace(",", "")) for k, m in (
            (k, re.search(r"<br>([\d,]+) states", c)) for k, c in
            results_matrix_cells(readme, raw=True).items()) if m}
        # An ok needs a search that finished: no more than 100 states.
        wrong = [k for k, v in limited.items() if v == "ok" and states.get(k, 0) > 100]
        wrong += [k for k, v in cells.items()
                  if v == "ok" and states.get(k, 0) > 100 and limited.get(k) != "incomplete"]
        ok(f"{label} results: with --max-states=100, results.py exits 3 and every search "
           "it stopped says incomplete, none ok",
           p.returncode == 3 and "incomplete" in p.stderr and limited
           and "search(es) incomplete" in text and not wrong
           and "incomplete !" not in text,
           f"exit {p.returncode} {p.stderr[-200:]} {wrong[:3]}")

    # 6. A real browser renders the page and the 2015 race's diagram.
    browser = chromium_binary()
    if not browser:
        missing_tool(label, "results", "chromium", "REQUIRE_CHROMIUM")
        return
    with tempfile.TemporaryDirectory() as tmp:
        shot = os.path.join(tmp, "page.png")
        done, err = render_png(browser, "file://" + os.path.abspath("results/index.html"),
                               shot, "1280,1400")
        w = h = 0
        st = {"nonwhite": 0, "colors": 0}
        if done:
            try:
                w, h, rows = png.decode(open(shot, "rb").read())
                st = png.stats(rows)
            except ValueError as e:
                err = str(e)
        ok(f"{label} results: headless Chromium renders index.html to a 1280x1400 PNG that "
           "is not blank", done and (w, h) == (1280, 1400) and 0.05 < st["nonwhite"] < 0.95
           and st["colors"] > 50, f"{w}x{h} {st} {err}")
        shot = os.path.join(tmp, "seed.png")
        done, err = render_png(browser, "file://" + os.path.abspath(seed), shot, "900,640")
        red = tuple(int(diagram.CULPRIT[i:i + 2], 16) for i in (1, 3, 5))
        green = tuple(int(diagram.VICTIM[i:i + 2], 16) for i in (1, 3, 5))
        st = {}
        if done:
            try:
                _, _, rows = png.decode(open(shot, "rb").read())
                st = png.stats(rows, near=(red, green))
            except ValueError as e:
                err = str(e)
        ok(f"{label} results: in Chromium, the seed race diagram shows the culprit in red and "
           "the victim in green", done and st.get(red, 0) > 200 and st.get(green, 0) > 100,
           f"{st.get(red)} red, {st.get(green)} green pixels {err}")


def main():
    builds = [("", "checker", "build/unit"), ("asan", "build/asan/checker", "build/asan/unit")]
    for label, checker, unit_dir in builds:
        checker = os.path.join(ROOT, checker)
        tag = label or "plain"
        if not os.path.exists(checker):
            ok(f"{tag}: {checker} is built", False, "run make check, not this script alone")
            continue
        suite_unit(unit_dir, tag)
        suite_matrix(checker, tag)
        suite_cli(checker, tag)
        suite_determinism(checker, tag)
        suite_bad_input(checker, tag)
        suite_limits(checker, tag)
        suite_json(checker, tag)
        suite_interrupt(checker, tag)
        if not label:
            suite_oom(checker, tag)
            suite_valgrind(checker, tag)
            suite_bench(tag)
            suite_results(checker, tag)
        suite_catalogue(checker, tag)
        suite_promela(checker, tag)
        suite_twins(checker, tag)
        suite_coverage(checker, tag)
        suite_reduction(checker, tag)
        suite_symmetry(checker, tag)
        suite_workers(checker, tag)
        print(f"{tag}: done ({passed} passed, {failed} failed so far)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
