#!/usr/bin/env python3
"""bench.py - the checker against SPIN and rumur on the scaling family, side
by side (make bench).

Why: a kernel developer who wants to know whether a scheme is safe with N
faulting CPUs can run ./checker, or write a model by hand and give it to
SPIN or rumur.  This script measures both, on the same machine in the same
run, and writes the numbers down (results/bench.*), with the targets of
issue 13 judged met or not met.

What: strategy fs-zero-inside (verdict "ok", so every search is exhaustive)
on the two families of the built-in scenario:

  one-page    --threads=N --words=N                  N = 2 .. --max-n (8)
  two-pages   --threads=N --pages=2 --words=ceil(N/2)  N = 2 .. --max-n-two (10)

Configurations per (family, N), each run --runs times (3), interleaved (run
1 of every configuration, then run 2 of every one, ...) so that a busy
machine hits all alike; the report gives medians:

  ours                ./checker --strategy=fs-zero-inside ARGS (the defaults:
                      persistent sets, one worker)
  ours_sleep          the same with --reduce=sleep (every state stored)
  ours_none           the same with --reduce=none
  ours_workers2       the same with --workers=2
  ours_hc             the same with --storage=hash-compact
  ours_before         the checker before the reduction (--baseline, a67dc64,
                      built from git; sleep sets were its default), N <= 7
  spin_emit           SPIN on ./checker ARGS --emit-promela: spin -a;
                      gcc -O2 -DSAFETY -DMEMLIM; ./pan -m100000 -wB
  spin_emit_noreduce  the same compiled with -DNOREDUCE
  spin_hand           SPIN on the hand-written model tests/bench/family.pml
  rumur1, rumur2      rumur on the hand-written model tests/bench/family.m,
                      --deadlock-detection off, --threads 1 and 2, compiled
                      cc -O3 -march=native -mcx16

Every run gets the same limits: --timeout seconds of wall-clock time (600)
and --mem-limit MiB (16384) of address space (RLIMIT_AS), and each tool's
own limit where it has one set to the same (our --max-memory, pan's
-DMEMLIM).  A run that hits either "did not finish" (DNF): it is reported
so, never as a number.  Seconds are wall-clock seconds of the process (the
same clock for every tool; compiling a SPIN or rumur verifier is excluded
and reported apart), memory is its peak resident set (ru_maxrss, which
GNU time, /usr/bin/time, reports for the command alone).  A configuration is not run at N, and its cell says "inferred",
when its time at N-1 times its growth exceeds 1.5 x the timeout or its
memory times its growth exceeds the memory limit.

Beyond the tables (--probe, on by default), every configuration that
finished the largest tabled N is probed upward one run at a time, to the
largest N it finishes within the limits ("largest N" in the report; one
page ends at N = 8 for the checker, a page having at most 8 words).  Then
every strategy of `./checker --list` runs once on one-page for N = 2 ..
--strategy-max-n.

Before any of it, the self-test (--self-test runs it alone): each hand
model, in rumur and in SPIN, must find no violation at small N and must
catch both deliberately broken variants (zeroing after the unlock; no
lock), and SPIN must store exactly the states rumur does plus the two of
its init process, so that the two hand models are one transition system
and neither can silently check nothing.

After them, "What a crash costs": every strategy on each crash scenario
(each file of scenarios/ with a `crash` line: crash-alloc, crash-no-adr,
crash-pmd, crash-punch, fsync-pmd, fsync-store, map-sync), with its `crash` line
and again without it (a twin file written to a temp dir), runs
interleaved (a strategy that refuses the scenario, as one without a PMD
path refuses a PMD fault or one before v4.15 MAP_SYNC, is recorded as
refused, once); and the crash-free headline (one page, N = 6 and 7) of this
checker against the one before the persistence model (--persist-baseline,
910b9c2, built from git), interleaved, medians and their ratio.
--crash-only measures that section alone and merges it into OUT/bench.json.

--rerender runs nothing: it rewrites bench.md and bench.svg (and the
targets in bench.json) from the measurements in bench.json, after a change
to how the report is written.

Writes, each atomically (temp file in the same directory, then rename),
after each family and at the end:
  OUT/bench.json  everything measured and derived (schema 2)
  OUT/bench.md    the report: how, where, versions, targets, tables
  OUT/bench.svg   the plot, drawn by scripts/plot.py from bench.json

Exit status: 0 success; 1 some run failed unexpectedly or the self-test
failed (recorded in the report, which is still written, except after a
failed self-test); 2 bad usage or a tool missing.
"""
import argparse
import datetime
import glob
import io
import json
import math
import os
import re
import resource
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
PLOT = os.path.join(HERE, "plot.py")
HAND_PML = os.path.join(TOP, "tests", "bench", "family.pml")
HAND_M = os.path.join(TOP, "tests", "bench", "family.m")
sys.path.insert(0, HERE)
from plot import write_atomic  # noqa: E402  (one writer for all three files)

STRATEGY = "fs-zero-inside"   # exhaustive ("ok") at every N: a full search
FAMILIES = ["one-page", "two-pages"]
FAMILY_DOC = {"one-page": "--threads=N --words=N",
              "two-pages": "--threads=N --pages=2 --words=ceil(N/2)"}
FAMILY_TITLE = {"one-page": "One page", "two-pages": "Two pages"}
CHECKER_MAX_N = {"one-page": 8, "two-pages": 10}   # at most 8 words a page, 10 threads
CHECKER_LIMIT = {"one-page": "a page has at most 8 words",
                 "two-pages": "`--threads` is at most 10"}
GROWTH = 8.6                  # states growth per thread when none is known yet
TIME_MARGIN = 1.5             # skip when predicted time > 1.5 x the timeout
TARGET_N = 8                  # the N at which most targets are judged
BEFORE_MAX_N = 7              # "no N from 2 to 7 slower than before"
PAN_DEPTH = 100000            # pan -m: far deeper than any schedule here
MIN_BITS, MAX_BITS = 20, 30   # pan -w hash-table sizes we allow
SPIN_INIT_STATES = 2          # family.pml's init process: its states before the threads run
RUMUR_CFLAGS = ["-O3", "-march=native", "-mcx16"]
SPIN_CFLAGS = ["-O2", "-DSAFETY", "-w"]
COMPILE_TIMEOUT = 1200
CRASH_RUNS = 5                # runs of each crash scenario x strategy, with and without
HEADLINE_NS = (6, 7)          # the crash-free headline measured against the persistence baseline
HEADLINE_RUNS = 15            # interleaved runs of each checker at each of them

# Configurations in the order they run and are reported: key, kind, extra
# (checker flags, gcc flags or rumur threads), column label, and what it is.
CONFIGS = [
    ("ours", "ours", [], "ours",
     "`./checker` with its defaults: persistent sets, one worker"),
    ("ours_sleep", "ours", ["--reduce=sleep"], "ours sleep",
     "`--reduce=sleep`: sleep sets, every state stored (the default before)"),
    ("ours_none", "ours", ["--reduce=none"], "ours none", "`--reduce=none`"),
    ("ours_workers2", "ours", ["--workers=2"], "ours 2w", "`--workers=2`"),
    ("ours_hc", "ours", ["--storage=hash-compact"], "ours hc", "`--storage=hash-compact`"),
    ("ours_before", "before", [], "before",
     "the checker before the reduction (`--baseline`), with its defaults"),
    ("spin_emit", "spin_emit", [], "SPIN emit",
     "SPIN 6.5.2 on the model `--emit-promela` writes, its partial-order reduction on"),
    ("spin_emit_noreduce", "spin_emit", ["-DNOREDUCE"], "SPIN emit NR",
     "the same compiled with `-DNOREDUCE`"),
    ("spin_hand", "spin_hand", [], "SPIN hand", "SPIN on the hand model `tests/bench/family.pml`"),
    ("rumur1", "rumur", 1, "rumur 1t", "rumur on the hand model `tests/bench/family.m`, 1 thread"),
    ("rumur2", "rumur", 2, "rumur 2t", "the same with 2 threads"),
]
KEYS = [c[0] for c in CONFIGS]
KIND = {c[0]: c[1] for c in CONFIGS}
EXTRA = {c[0]: c[2] for c in CONFIGS}
LABELS = {c[0]: c[3] for c in CONFIGS}
DOCS = {c[0]: c[4] for c in CONFIGS}
HAND_KINDS = ("spin_hand", "rumur")
# The configurations that store every state: references, the first to cap
# (--reference-max-n) when a run must fit a time.
REFERENCE_KEYS = ("ours_sleep", "ours_none", "spin_emit", "spin_emit_noreduce")

# What the checker must report for a flag it took, or that configuration
# would measure the wrong thing (a failure, not a number).
OURS_REPORTS = {"ours": ("reduction", "persistent"), "ours_sleep": ("reduction", "sleep"),
                "ours_none": ("reduction", "none"), "ours_workers2": ("workers", 2),
                "ours_hc": ("storage", "hash-compact")}

# What pan prints, and what we keep of it.
PAN_FIELDS = {
    "state_vector": (r"State-vector (\d+) byte", int),
    "states": (r"(\d+) states, stored", int),
    "transitions": (r"(\d+) transitions \(= stored\+matched\)", int),
    "tool_memory_mb": (r"([\d.]+)\s+total actual memory usage", float),
    "tool_seconds": (r"pan: elapsed time ([\d.e+-]+) seconds", float),
    "errors": (r"errors: (\d+)", int),
    "max_depth": (r"depth reached (\d+)", int),
}
PAN_MEMORY = ["reached -DMEMLIM bound", "out of memory"]


# ---------------------------------------------------------------- usage

def parse_args(argv):
    """The options; --quick fills in whatever was not given explicitly."""
    p = argparse.ArgumentParser(
        description="Benchmark ./checker against SPIN and rumur on the scaling family (make bench).")
    p.add_argument("--max-n", type=int, help="largest tabled N on one page, 2..8 (default 8; --quick 4)")
    p.add_argument("--max-n-two", type=int,
                   help="largest tabled N on two pages, 2..10 (default 10; --quick 4)")
    p.add_argument("--runs", type=int, help="runs per configuration, median reported (default 3; --quick 1)")
    p.add_argument("--repeat-under", type=float,
                   help="repeat a configuration at an N only if its first run took at most this "
                        "many seconds (default: repeat every one); for a run that must fit a time")
    p.add_argument("--reference-max-n", type=int,
                   help="largest N of the reference configurations (ours sleep and none, SPIN "
                        "emit with and without its reduction; default: no cap)")
    p.add_argument("--timeout", type=float, default=600.0,
                   help="wall-clock limit of one run, s (default 600)")
    p.add_argument("--mem-limit", type=int, default=16384,
                   help="memory limit of one run, MiB: RLIMIT_AS, --max-memory, -DMEMLIM (default 16384)")
    p.add_argument("--probe", dest="probe", action="store_true", default=None,
                   help="probe beyond the tables for the largest N (default; --quick: off)")
    p.add_argument("--no-probe", dest="probe", action="store_false")
    p.add_argument("--probe-max-n", type=int, default=16,
                   help="largest N a probe tries, 2..16 (default 16; the checker stops at 8 on one page, 10 on two)")
    p.add_argument("--strategy-max-n", type=int,
                   help="largest N of the per-strategy runs (default 6; --quick 4)")
    p.add_argument("--baseline", default="a67dc64",
                   help="git revision of the checker before the reduction, built with make "
                        "(default a67dc64); 'none' to skip")
    p.add_argument("--baseline-checker", help="a built baseline checker, instead of --baseline")
    p.add_argument("--persist-baseline", default="910b9c2",
                   help="git revision of the checker before the persistence model, built with "
                        "make, for the crash-free speed check (default 910b9c2); 'none' to skip")
    p.add_argument("--crash-only", action="store_true",
                   help="measure only \"What a crash costs\" and merge it into OUT/bench.json")
    p.add_argument("--out-dir", default="results", help="where bench.{md,json,svg} go (default results)")
    p.add_argument("--checker", default="./checker", help="the checker binary (default ./checker)")
    p.add_argument("--self-test", action="store_true",
                   help="only check the hand models (each tool must catch their broken variants)")
    p.add_argument("--rerender", action="store_true",
                   help="run nothing: rewrite OUT/bench.md and bench.svg from OUT/bench.json "
                        "(after a change to the report's format)")
    p.add_argument("--quick", action="store_true",
                   help="smoke test: --max-n 4 --max-n-two 4 --runs 1 --strategy-max-n 4 --no-probe "
                        "unless given")
    a = p.parse_args(argv)
    quick = {"max_n": 4, "max_n_two": 4, "runs": 1, "strategy_max_n": 4, "probe": False}
    full = {"max_n": 8, "max_n_two": 10, "runs": 3, "strategy_max_n": 6, "probe": True}
    for key, value in (quick if a.quick else full).items():
        if getattr(a, key) is None:
            setattr(a, key, value)
    check_args(p, a)
    return a


def check_args(p, a):
    """Reject values the families cannot take (exit 2 through argparse)."""
    if not 2 <= a.max_n <= 8:
        p.error("--max-n must be 2..8 (one-page uses --words=N, at most 8)")
    if not 2 <= a.max_n_two <= 10:
        p.error("--max-n-two must be 2..10 (the checker takes at most 10 threads)")
    if not 2 <= a.probe_max_n <= 16:
        p.error("--probe-max-n must be 2..16")
    if not 2 <= a.strategy_max_n <= 8:
        p.error("--strategy-max-n must be 2..8")
    if a.runs < 1:
        p.error("--runs must be at least 1")
    if a.repeat_under is not None and a.repeat_under <= 0:
        p.error("--repeat-under must be positive")
    if a.reference_max_n is not None and not 2 <= a.reference_max_n <= 16:
        p.error("--reference-max-n must be 2..16")
    if a.timeout <= 0 or a.mem_limit <= 0:
        p.error("--timeout and --mem-limit must be positive")
    if a.rerender or a.crash_only:
        if not os.path.isfile(os.path.join(a.out_dir, "bench.json")):
            p.error("--%s: no %s" % ("rerender" if a.rerender else "crash-only",
                                     os.path.join(a.out_dir, "bench.json")))
        if a.rerender:
            return
    if not a.self_test and not (os.path.isfile(a.checker) and os.access(a.checker, os.X_OK)):
        p.error("checker %r is not an executable file (make checker?)" % a.checker)
    if a.crash_only:
        return
    if a.baseline_checker and not (os.path.isfile(a.baseline_checker)
                                   and os.access(a.baseline_checker, os.X_OK)):
        p.error("--baseline-checker %r is not an executable file" % a.baseline_checker)
    for tool in ("spin", "gcc", "cc", "rumur"):
        if shutil.which(tool) is None:
            p.error("%s is not on PATH (Debian: apt-get install %s)"
                    % (tool, {"cc": "gcc"}.get(tool, tool)))
    if not os.access(GNU_TIME, os.X_OK):
        p.error("%s is missing: it measures each run's peak memory (Debian: apt-get install time)"
                % GNU_TIME)
    for path in (HAND_PML, HAND_M):
        if not os.path.isfile(path):
            p.error("the hand model %s is missing" % path)


def log(msg):
    """A progress line on stderr."""
    print("bench: " + msg, file=sys.stderr, flush=True)


def failure(msg, text="", keep=12):
    """A failed run: say so on stderr now (with the head of the tool's own
    output, where it says what went wrong), keep the reason for the report."""
    log("FAILED: " + msg)
    lines = text.strip().splitlines()
    for line in lines[:keep]:
        sys.stderr.write("    " + line + "\n")
    if len(lines) > keep:
        sys.stderr.write("    ... (%d more lines)\n" % (len(lines) - keep))
    return {"status": "failed", "error": msg}


# ---------------------------------------------------------------- running

def run(cmd, cwd=None, timeout=COMPILE_TIMEOUT):
    """Run a command without limits (compiling, listing); (status, stdout,
    stderr, seconds).  A command that outlives timeout counts as exit 124."""
    t0 = time.monotonic()
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        return 124, e.stdout or "", "timed out after %d s" % timeout, time.monotonic() - t0
    except OSError as e:
        return 127, "", str(e), time.monotonic() - t0
    return p.returncode, p.stdout, p.stderr, time.monotonic() - t0


GNU_TIME = "/usr/bin/time"       # Debian's time: the child's own ru_maxrss


def run_limited(cmd, cwd, opts):
    """Run one measured command under the time and memory limits.

    Returns a dict: status (exit status, or -signal), out, err, wall
    (seconds, fork to exit), rss (peak resident bytes, or None if the run
    was killed), timed_out.  The command runs under GNU time, which reports
    the ru_maxrss of the command alone: getrusage here would report at
    least this Python's own size, which a forked child inherits as its
    high-water mark.  GNU time's fork and exec cost every tool the same."""
    limit = opts.mem_limit * 1048576

    def limits():                       # in the child, before exec
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(mode="r", prefix="bench-time-") as rusage:
        t0 = time.monotonic()
        p = subprocess.Popen([GNU_TIME, "-f", "%M", "-o", rusage.name, "--"] + cmd, cwd=cwd,
                             stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                             start_new_session=True, preexec_fn=limits)
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(opts.timeout, kill)
        timer.start()
        try:
            p.wait()
        finally:
            wall = time.monotonic() - t0
            timer.cancel()
        status, rss = p.returncode, None
        report = rusage.read().strip().splitlines()
        if report and report[-1].isdigit():
            rss = int(report[-1]) * 1024
        for line in report:
            m = re.match(r"Command terminated by signal (\d+)", line)
            if m:
                status = -int(m.group(1))
        out.seek(0)
        err.seek(0)
        return {"status": status, "out": out.read().decode("utf-8", "replace"),
                "err": err.read().decode("utf-8", "replace"), "wall": wall,
                "rss": rss, "timed_out": timed_out.is_set()}


def dnf(why, r):
    """A run that hit a limit: did not finish."""
    return {"status": "dnf", "why": why, "seconds": r["wall"], "rss_bytes": r["rss"]}


def limit_hit(r, opts, memory_said):
    """A DNF record if the run hit a limit, else None."""
    if r["timed_out"]:
        return dnf("over %s s" % short(opts.timeout), r)
    if memory_said or (r["status"] != 0 and (r["rss"] or 0) >= 0.9 * opts.mem_limit * 1048576):
        return dnf("over %s" % mib_text(opts.mem_limit), r)
    return None


def measured(rec, r):
    """Add what every measured run has: wall seconds and peak memory."""
    rec.update(status="ok", seconds=r["wall"], rss_bytes=r["rss"])
    return rec


# ---------------------------------------------------------------- ours

def family_args(family, n):
    """The checker's scenario options for a family at N threads."""
    if family == "one-page":
        return ["--threads=%d" % n, "--words=%d" % n]
    # Thread i stores to word i/2 of page i%2: ceil(N/2) words are needed.
    return ["--threads=%d" % n, "--pages=2", "--words=%d" % max(1, (n + 1) // 2)]


def geometry(family, n):
    """(pages, words) of a family at N threads."""
    return (1, n) if family == "one-page" else (2, max(1, (n + 1) // 2))


def run_ours(opts, key, exe, args):
    """One run of a checker; its record (ok, dnf or failed)."""
    cmd = ([exe, "--strategy=" + STRATEGY] + args + EXTRA[key]
           + ["--max-memory=%dM" % opts.mem_limit, "--json"])
    text = shlex.join([os.path.basename(exe)] + cmd[1:])
    r = run_limited(cmd, None, opts)
    try:
        j = json.loads(r["out"])
    except ValueError:
        j = {}
    reason = str(j.get("incomplete_reason") or "")
    hit = limit_hit(r, opts, r["status"] == 3 and "memory" in reason)
    if hit:
        return hit
    if r["status"] != 0:
        return failure("%s: exit %d%s" % (text, r["status"], (": " + reason) if reason else ""),
                       r["err"])
    try:
        t = j["time"]
        rec = {"verdict": j["verdict"], "states": j["states"], "transitions": j["transitions"],
               "max_depth": j["max_depth"], "tool_seconds": t["seconds"],
               "tool_memory_bytes": t["memory_bytes"], "reduction": j.get("reduction"),
               "workers": t.get("workers"), "storage": j.get("storage"),
               "state_bytes": j.get("state_bytes")}
    except (KeyError, TypeError) as e:
        return failure("%s: unreadable JSON (%s)" % (text, e), r["err"])
    if rec["verdict"] != "ok":
        return failure("%s: verdict %r, expected 'ok'" % (text, rec["verdict"]), r["err"])
    want = OURS_REPORTS.get(key)
    if want and rec.get(want[0]) != want[1]:
        return failure("%s: reports %s %r, expected %r" % (text, want[0], rec.get(want[0]), want[1]))
    return measured(rec, r)


# ---------------------------------------------------------------- SPIN

def compile_pan(workdir, pml, defines, cflags, memlim, name):
    """spin -a then gcc in workdir; (path to pan or a failure, seconds)."""
    rc, out, err, s1 = run(["spin"] + defines + ["-a", pml], cwd=workdir)
    if rc != 0:
        return failure("spin -a %s: exit %d" % (os.path.basename(pml), rc), out + err), s1
    exe = os.path.join(workdir, name)
    cmd = ["gcc"] + SPIN_CFLAGS + ["-DMEMLIM=%d" % memlim] + cflags + ["-o", exe, "pan.c"]
    rc, out, err, s2 = run(cmd, cwd=workdir)
    if rc != 0:
        return failure("%s: exit %d" % (shlex.join(cmd), rc), out + err), s1 + s2
    return exe, s1 + s2


def run_pan(opts, exe, bits, workdir):
    """One search by a compiled pan; its record."""
    name = os.path.basename(exe)
    r = run_limited([exe, "-m%d" % PAN_DEPTH, "-w%d" % bits], workdir, opts)
    out = r["out"] + r["err"]
    hit = limit_hit(r, opts, any(m in out for m in PAN_MEMORY))
    if hit:
        return hit
    if r["status"] != 0:
        return failure("%s: exit %d" % (name, r["status"]), out)
    if "max search depth too small" in out:
        return failure("%s: max search depth too small" % name, out)
    rec = {}
    for key, (pattern, conv) in PAN_FIELDS.items():
        m = re.search(pattern, out)
        if m is None:
            return failure("%s: no %r in its output" % (name, pattern), out)
        rec[key] = conv(m.group(1))
    if rec["errors"] != 0:
        return failure("%s: %d errors (expected none)" % (name, rec["errors"]), out)
    rec["tool_memory_bytes"] = int(round(rec.pop("tool_memory_mb") * 1048576))
    return measured(rec, r)


def hash_bits(expected_states):
    """pan -w: a table of about twice the states expected, within limits."""
    if not expected_states:
        return MIN_BITS
    bits = math.ceil(math.log2(expected_states)) + 1
    return max(MIN_BITS, min(MAX_BITS, bits))


def spin_defines(n, pages, words, broken=0):
    return ["-DN=%d" % n, "-DP=%d" % pages, "-DW=%d" % words, "-DBROKEN=%d" % broken]


# ---------------------------------------------------------------- rumur

MURPHI_CONSTS = ("N", "P", "W", "BROKEN")


def murphi_source(n, pages, words, broken=0):
    """family.m with its four constants set (Murphi has no preprocessor):
    each line "  NAME: <number>;" of the const block is rewritten."""
    with open(HAND_M, encoding="utf-8") as f:
        text = f.read()
    values = {"N": n, "P": pages, "W": words, "BROKEN": broken}
    for name in MURPHI_CONSTS:
        text, count = re.subn(r"(?m)^  %s: \d+;" % name, "  %s: %d;" % (name, values[name]), text)
        if count != 1:
            raise ValueError("%s: expected one line '  %s: <number>;', found %d"
                             % (HAND_M, name, count))
    return text


def compile_rumur(workdir, source, threads, name):
    """rumur then cc in workdir; (path to the verifier or a failure, seconds)."""
    model = os.path.join(workdir, name + ".m")
    with open(model, "w", encoding="utf-8") as f:
        f.write(source)
    csrc = os.path.join(workdir, name + ".c")
    cmd = ["rumur", "--quiet", "--deadlock-detection", "off", "--threads", str(threads),
           "--output", csrc, model]
    rc, out, err, s1 = run(cmd)
    if rc != 0:
        return failure("rumur: exit %d" % rc, out + err), s1
    exe = os.path.join(workdir, name)
    cmd = ["cc"] + RUMUR_CFLAGS + ["-o", exe, csrc, "-lpthread"]
    rc, out, err, s2 = run(cmd)
    if rc != 0:
        return failure("%s: exit %d" % (shlex.join(cmd), rc), out + err), s1 + s2
    return exe, s1 + s2


RUMUR_STATES = re.compile(r"(\d+) states, (\d+) rules fired in (\d+)s")


def run_rumur(opts, exe):
    """One search by a compiled rumur verifier; its record."""
    name = os.path.basename(exe)
    r = run_limited([exe], None, opts)
    out = r["out"] + r["err"]
    hit = limit_hit(r, opts, "out of memory" in r["err"])
    if hit:
        return hit
    m = RUMUR_STATES.search(out)
    if r["status"] != 0 or "No error found" not in out or m is None:
        return failure("%s: exit %d, no 'No error found'" % (name, r["status"]), out[-2000:])
    return measured({"states": int(m.group(1)), "transitions": int(m.group(2)),
                     "tool_seconds": int(m.group(3))}, r)


# ---------------------------------------------------------------- self-test

SELF_TEST_GEOMETRIES = [(3, 1, 3), (4, 2, 2)]       # (N, pages, words)
BROKEN_DOC = {1: "zeroing after the unlock", 2: "no allocation lock"}


def self_test(opts):
    """Each hand model in each tool: no violation when correct, the lost
    store caught in both broken variants; SPIN's states = rumur's + 2.
    Returns a list of checks {name, ok, detail}."""
    checks = []
    with tempfile.TemporaryDirectory(prefix="bench-selftest-") as tmp:
        for n, pages, words in SELF_TEST_GEOMETRIES:
            where = "N=%d, %d page(s) of %d words" % (n, pages, words)
            states = {}
            for broken in (0, 1, 2):
                what = "correct" if broken == 0 else "broken (%s)" % BROKEN_DOC[broken]
                want = "no violation" if broken == 0 else "the lost store caught"
                got, states[("rumur", broken)] = self_test_rumur(tmp, n, pages, words, broken)
                checks.append({"name": "rumur, %s, %s: %s" % (where, what, want),
                               "ok": got == (broken != 0), "detail": states[("rumur", broken)]})
                got, states[("spin", broken)] = self_test_spin(tmp, n, pages, words, broken)
                checks.append({"name": "SPIN, %s, %s: %s" % (where, what, want),
                               "ok": got == (broken != 0), "detail": states[("spin", broken)]})
            r, s = states[("rumur", 0)], states[("spin", 0)]
            same = isinstance(r, int) and isinstance(s, int) and s == r + SPIN_INIT_STATES
            checks.append({"name": "%s: SPIN stores rumur's states + %d (its init process)"
                           % (where, SPIN_INIT_STATES), "ok": same,
                           "detail": "rumur %s, SPIN %s" % (r, s)})
    for c in checks:
        log("self-test %s: %s" % ("ok" if c["ok"] else "FAILED", c["name"]))
    return checks


def self_test_rumur(tmp, n, pages, words, broken):
    """(violation found?, states or what went wrong) of rumur on family.m."""
    name = "m_%d_%d_%d" % (n, pages, broken)
    exe, _ = compile_rumur(tmp, murphi_source(n, pages, words, broken), 1, name)
    if isinstance(exe, dict):
        return None, exe["error"]
    rc, out, err, _ = run([exe], timeout=120)
    m = RUMUR_STATES.search(out)
    if rc == 0 and "No error found" in out and m:
        return False, int(m.group(1))
    if rc != 0 and 'invariant "lost store" failed' in out:
        return True, 'invariant "lost store" failed'

    return None, "exit %d: %s" % (rc, (out + err).strip()[-300:])


def self_test_spin(tmp, n, pages, words, broken):
    """(violation found?, states or what went wrong) of SPIN on family.pml."""
    d = os.path.join(tmp, "p_%d_%d_%d" % (n, pages, broken))
    os.mkdir(d)
    exe, _ = compile_pan(d, HAND_PML, spin_defines(n, pages, words, broken), [], 1024, "pan")
    if isinstance(exe, dict):
        return None, exe["error"]
    rc, out, err, _ = run([exe, "-m%d" % PAN_DEPTH], cwd=d, timeout=120)
    errors = re.search(r"errors: (\d+)", out)
    states = re.search(r"(\d+) states, stored", out)
    if rc == 0 and errors and states:
        if errors.group(1) == "0":
            return False, int(states.group(1))
        if "assertion violated" in out:
            return True, "assertion violated"
    return None, "exit %d: %s" % (rc, (out + err).strip()[-300:])


# ---------------------------------------------------------------- baseline

def build_baseline(opts, tmp):
    """The checker before the reduction: --baseline-checker, or --baseline
    built from git (git archive into tmp, make checker).  (path or None,
    a note for the report)."""
    if opts.baseline_checker:
        exe = os.path.join(tmp, "checker-before")
        shutil.copy2(opts.baseline_checker, exe)
        return exe, "the given --baseline-checker %s" % opts.baseline_checker
    if opts.baseline == "none":
        return None, "not measured (--baseline none)"
    return build_rev(opts.baseline, "--baseline", os.path.join(tmp, "before"))


def build_rev(rev, option, src):
    """The checker at git revision rev, built in src (git archive, make
    checker).  (path or None, a note for the report)."""
    rc, out, err, _ = run(["git", "-C", TOP, "rev-parse", "--verify", rev + "^{commit}"])
    if rc != 0:
        failure("%s %s: not a commit of this repository" % (option, rev), err)
        return None, "not measured: %s is not a commit here" % rev
    commit = out.strip()
    p = subprocess.run(["git", "-C", TOP, "archive", "--format=tar", commit], capture_output=True)
    if p.returncode != 0:
        failure("git archive %s: exit %d" % (rev, p.returncode), p.stderr.decode())
        return None, "not measured: git archive failed"
    with tarfile.open(fileobj=io.BytesIO(p.stdout)) as tar:
        tar.extractall(src)
    log("building %s at %s in %s ..." % (option.lstrip("-"), rev, src))
    rc, out, err, _ = run(["make", "-C", src, "checker"])
    if rc != 0:
        failure("make checker at %s: exit %d" % (rev, rc), out + err)
        return None, "not measured: the build of %s failed" % rev
    return os.path.join(src, "checker"), "%s (%s), built by `make checker`" % (rev, commit[:12])


# ---------------------------------------------------------------- medians

def median(values):
    """The median; an int when the values are ints and it is whole."""
    m = statistics.median(values)
    if all(isinstance(v, int) for v in values) and float(m).is_integer():
        return int(m)
    return m


def summarise(runs):
    """The record of a configuration's runs at one (family, N): medians if
    every run finished, else the first DNF or failure."""
    for status in ("failed", "dnf"):
        bad = [r for r in runs if r["status"] == status]
        if bad:
            out = dict(bad[0])
            out["runs"] = len(runs)
            return out
    out = {"status": "ok", "runs": len(runs), "seconds_runs": [r["seconds"] for r in runs]}
    for key, first in runs[0].items():
        if key == "status":
            continue
        nums = [r.get(key) for r in runs if isinstance(r.get(key), (int, float))
                and not isinstance(r.get(key), bool)]
        out[key] = median(nums) if nums else first     # a memory not sampled is None
    distinct = sorted({r["states"] for r in runs})
    if len(distinct) > 1:
        out["status"] = "failed"
        out["error"] = "the runs stored different numbers of states: %s" % distinct
    return out


def ratio(a, b):
    """a / b, or None when either is missing or not positive."""
    if a is None or b is None or a <= 0 or b <= 0:
        return None
    return a / b


def value(row, key, field):
    """A finished configuration's value at a row, or None."""
    c = row.get("configs", {}).get(key) if row else None
    if not c or c.get("status") != "ok":
        return None
    return c.get(field)


# ---------------------------------------------------------------- families

def config_max_n(opts, family, key):
    """The largest N a configuration can be run at on a family."""
    if KIND[key] in HAND_KINDS:
        return opts.probe_max_n
    if KIND[key] == "before":
        return BEFORE_MAX_N
    if key in REFERENCE_KEYS and opts.reference_max_n is not None:
        return min(opts.reference_max_n, CHECKER_MAX_N[family])
    return CHECKER_MAX_N[family]


def previous(rows, key, n):
    """The records of key at N-1 and N-2 (None where absent)."""
    by_n = {r["n"]: r.get("configs", {}).get(key) for r in rows}
    return by_n.get(n - 1), by_n.get(n - 2)


def growth_of(prev, prev2):
    """States growth per thread from two consecutive finished records."""
    if prev2 and prev2.get("status") == "ok" and prev2.get("states"):
        return max(1.0, prev["states"] / prev2["states"])
    return GROWTH


def skip_reason(opts, rows, key, n):
    """Why key should not run at N, from its record at N-1; or None.
    Returns (reason, inferred: True when predicted beyond the limits)."""
    prev, prev2 = previous(rows, key, n)
    if prev is None:
        return None, False
    if prev["status"] == "dnf":
        return "did not finish at N = %d" % (n - 1), False
    if prev["status"] == "failed":
        return "failed at N = %d" % (n - 1), False
    if prev["status"] != "ok":
        if prev.get("inferred"):
            return "inferred DNF at N = %d already" % (n - 1), True
        return "not run at N = %d" % (n - 1), False
    g = growth_of(prev, prev2)
    tg = g
    if prev2 and prev2.get("status") == "ok" and prev2["seconds"] >= 1.0:
        tg = max(g, prev["seconds"] / prev2["seconds"])
    t_pred = prev["seconds"] * tg
    m_pred = (prev.get("rss_bytes") or 0) * g
    limit = opts.mem_limit * 1048576
    if t_pred > TIME_MARGIN * opts.timeout or m_pred > limit:
        return ("inferred: about %s s and %s (N = %d x %s)"
                % (sig3(t_pred), mib_text(m_pred / 1048576), n - 1, sig3(tg)), True)
    return None, False


def expected_states(rows, key, n):
    """States key is expected to store at N, for pan's -w."""
    prev, prev2 = previous(rows, key, n)
    if not prev or prev.get("status") != "ok":
        return None
    return prev["states"] * growth_of(prev, prev2)


def build_all(opts, family, n, keys, workdir, rows):
    """Compile what the SPIN and rumur configurations among keys need at
    (family, N).  Returns ({key: executable or failure}, {key: seconds})."""
    pages, words = geometry(family, n)
    exes, secs = {}, {}
    emit_keys = [k for k in keys if KIND[k] == "spin_emit"]
    if emit_keys:
        d = os.path.join(workdir, "emit")
        os.mkdir(d)
        pml = os.path.join(d, "m.pml")
        rc, out, err, _ = run([opts.checker, "--strategy=" + STRATEGY] + family_args(family, n)
                              + ["--emit-promela=" + pml])
        for k in emit_keys:
            if rc != 0:
                exes[k] = failure("--emit-promela %s: exit %d" % (" ".join(family_args(family, n)), rc), err)
            else:
                exes[k], secs[k] = compile_pan(d, pml, [], EXTRA[k], opts.mem_limit, "pan_" + k)
    for k in keys:
        if KIND[k] == "spin_hand":
            d = os.path.join(workdir, k)
            os.mkdir(d)
            exes[k], secs[k] = compile_pan(d, HAND_PML, spin_defines(n, pages, words), EXTRA[k],
                                           opts.mem_limit, "pan_" + k)
        elif KIND[k] == "rumur":
            try:
                source = murphi_source(n, pages, words)
            except ValueError as e:
                exes[k] = failure(str(e))
                continue
            exes[k], secs[k] = compile_rumur(workdir, source, EXTRA[k], k)
    return exes, secs


def run_config(opts, key, family, n, exes, bits, workdir):
    """One run of one configuration at (family, N)."""
    kind = KIND[key]
    if kind == "ours":
        return run_ours(opts, key, opts.checker, family_args(family, n))
    if kind == "before":
        return run_ours(opts, key, opts.before, family_args(family, n))
    exe = exes[key]
    if isinstance(exe, dict):           # it did not build
        return exe
    if kind == "rumur":
        return run_rumur(opts, exe)
    return run_pan(opts, exe, bits[key], os.path.dirname(exe))


def measure(opts, family, n, rows, keys, runs, probe):
    """The configurations keys at (family, N), runs interleaved; a row."""
    row = {"n": n, "args": family_args(family, n), "probe": probe, "configs": {}, "compile_seconds": {}}
    todo = []
    for k in keys:
        if KIND[k] == "before" and not opts.before:
            continue
        reason, inferred = skip_reason(opts, rows, k, n)
        if reason:
            row["configs"][k] = {"status": "not run", "why": reason, "inferred": inferred}
        else:
            todo.append(k)
    if not todo:
        return row
    log("%s N=%d%s: %s x %d run(s) ..." % (family, n, " (probe)" if probe else "",
                                          ", ".join(LABELS[k] for k in todo), runs))
    bits = {k: hash_bits(expected_states(rows, k, n)) for k in todo if KIND[k].startswith("spin")}
    row["hash_bits"] = bits
    results = {k: [] for k in todo}
    with tempfile.TemporaryDirectory(prefix="bench-%s-%d-" % (family, n)) as workdir:
        exes, row["compile_seconds"] = build_all(opts, family, n, todo, workdir, rows)
        for _ in range(runs):
            for k in todo:
                if results[k] and results[k][-1]["status"] != "ok":
                    continue            # did not finish or failed once: not again
                if results[k] and opts.repeat_under is not None \
                        and results[k][0]["seconds"] > opts.repeat_under:
                    continue            # too slow to repeat in the time this run has
                results[k].append(run_config(opts, k, family, n, exes, bits, workdir))
    for k in todo:
        row["configs"][k] = summarise(results[k])
    log("%s N=%d: %s" % (family, n, progress(row)))
    return row


def progress(row):
    """One line of medians for stderr."""
    parts = []
    for k in KEYS:
        c = row["configs"].get(k)
        if c and c["status"] != "not run":
            parts.append("%s %s" % (LABELS[k], seconds_cell(c)))
    return "; ".join(parts)


def bench_family(opts, family):
    """The tabled N of one family: every configuration, medians."""
    top = opts.max_n if family == "one-page" else opts.max_n_two
    rows = []
    for n in range(2, top + 1):
        keys = [k for k in KEYS if n <= config_max_n(opts, family, k)]
        rows.append(measure(opts, family, n, rows, keys, opts.runs, probe=False))
    return {"name": family, "args": FAMILY_DOC[family], "rows": rows}


def probe_family(opts, fam):
    """Beyond the table: every configuration that finished its last N is
    run once at N+1, N+2, ... until it does not finish, is inferred not to,
    or reaches its largest N."""
    rows = fam["rows"]
    n = rows[-1]["n"] + 1
    while n <= opts.probe_max_n:
        keys = [k for k in KEYS if KIND[k] != "before" and n <= config_max_n(opts, fam["name"], k)
                and (previous(rows, k, n)[0] or {}).get("status") == "ok"]
        if not keys:
            break
        rows.append(measure(opts, fam["name"], n, rows, keys, 1, probe=True))
        n += 1


def largest(opts, fam):
    """Per configuration: the largest N it finished, and why not N+1."""
    out = {}
    for k in KEYS:
        if KIND[k] == "before":
            continue
        done = [r["n"] for r in fam["rows"] if value(r, k, "states") is not None]
        if not done:
            out[k] = {"n": None, "next": None, "why": "finished no N"}
            continue
        best = max(done)
        nxt = next((r for r in fam["rows"] if r["n"] == best + 1), None)
        c = nxt["configs"].get(k) if nxt else None
        cap = config_max_n(opts, fam["name"], k)
        if c is None and best >= cap:
            if KIND[k] in HAND_KINDS:
                why = "the probe stops at N = %d" % cap
            elif cap < CHECKER_MAX_N[fam["name"]]:
                why = "not run past N = %d (`--reference-max-n`)" % cap
            else:
                why = "the family ends at N = %d for the checker (%s)" % (cap, CHECKER_LIMIT[fam["name"]])
            out[k] = {"n": best, "next": None, "why": why, "inferred": False}
        elif c is None:
            out[k] = {"n": best, "next": best + 1, "why": "not probed", "inferred": False}
        elif c["status"] == "dnf":
            out[k] = {"n": best, "next": best + 1, "why": "ran, did not finish: " + c["why"],
                      "inferred": False}
        else:
            out[k] = {"n": best, "next": best + 1, "why": c.get("why") or c.get("error") or c["status"],
                      "inferred": bool(c.get("inferred"))}
    return out


# ---------------------------------------------------------------- strategies

def list_strategies(checker):
    """Strategy names from `checker --list`: the first word of each entry
    line (indented two spaces) of its "strategies:" section."""
    rc, out, err, _ = run([checker, "--list"])
    if rc != 0:
        failure("--list: exit %d" % rc, err)
        return []
    names, inside = [], False
    for line in out.splitlines():
        if line.strip() == "strategies:":
            inside = True
        elif inside and not line.strip():
            break
        elif inside:
            m = re.match(r"^  ([A-Za-z0-9][\w.~+-]*)(\s|$)", line)
            if m and not m.group(1).endswith(":"):
                names.append(m.group(1))
    return names


def bench_strategy(opts, strategy):
    """One run per N of a strategy on one-page, until a violation or failure."""
    points = []
    for n in range(2, opts.strategy_max_n + 1):
        points.append(strategy_point(opts, strategy, n))
        if points[-1]["status"] != "ok":
            break
    return {"name": strategy, "points": points}


def strategy_point(opts, strategy, n):
    """A strategy's verdict, states and seconds at one N."""
    cmd = ([opts.checker, "--strategy=" + strategy] + family_args("one-page", n)
           + ["--max-memory=%dM" % opts.mem_limit, "--json"])
    r = run_limited(cmd, None, opts)
    point = {"n": n, "status": "failed", "exit": r["status"]}
    if r["timed_out"]:
        point.update(status="dnf", error="over %s s" % sig3(opts.timeout))
    elif r["status"] in (0, 1):
        try:
            j = json.loads(r["out"])
            point.update(verdict=j["verdict"], property=j.get("property"),
                         states=j["states"], seconds=r["wall"],
                         status="ok" if r["status"] == 0 else "violation")
        except (ValueError, KeyError, TypeError) as e:
            point["error"] = failure("%s N=%d: unreadable JSON (%s)" % (strategy, n, e), r["err"])["error"]
    else:
        point["error"] = failure("%s N=%d: exit %d" % (strategy, n, r["status"]), r["err"])["error"]
    log("strategy %s N=%d: %s" % (strategy, n, strategy_cell(point)))
    return point


# ---------------------------------------------------------------- crash

def crash_free_twin(src, dst):
    """Write src without its `crash` line to dst; False if it had none."""
    with open(src, encoding="utf-8") as f:
        lines = f.readlines()
    keep = [x for x in lines if not re.match(r"^\s*crash\s*(#.*)?$", x)]
    if len(keep) == len(lines):
        return False
    with open(dst, "w", encoding="utf-8") as f:
        f.writelines(keep)
    return True


def crash_scenarios():
    """The shipped crash scenarios: each scenarios/*.dax with a `crash`
    line, by name."""
    names = []
    for path in sorted(glob.glob(os.path.join(TOP, "scenarios", "*.dax"))):
        with open(path, encoding="utf-8") as f:
            if any(re.match(r"^\s*crash\s*(#.*)?$", x) for x in f):
                names.append(os.path.splitext(os.path.basename(path))[0])
    return names


def refusal(opts, strategy, src):
    """Why the checker refuses to run strategy on scenario file src ("no
    PMD path", "no MAP_SYNC", "no invalidate path", "no huge invalidation",
    as the matrix says), or None if it runs it."""
    r = run_limited([opts.checker, "--strategy=" + strategy, "--scenario=" + src,
                     "--max-states=1", "--json"], None, opts)
    if r["status"] != 2:
        return None
    if "no PMD fault path" in r["err"]:
        return "no PMD path"
    if "MAP_SYNC" in r["err"]:
        return "no MAP_SYNC"
    if "no invalidate path" in r["err"]:
        return "no invalidate path"
    if "does not invalidate a 2 MiB entry" in r["err"]:
        return "no huge invalidation"
    return None


def run_scenario(opts, exe, strategy, args, crash):
    """One run of a checker on a scenario, any verdict; its record.
    crash: what the JSON's `crash` must say (None: not asked)."""
    cmd = [exe, "--strategy=" + strategy] + args + ["--max-memory=%dM" % opts.mem_limit, "--json"]
    text = shlex.join([os.path.basename(exe)] + cmd[1:])
    r = run_limited(cmd, None, opts)
    hit = limit_hit(r, opts, r["status"] == 3)
    if hit:
        return hit
    try:
        j = json.loads(r["out"])
        rec = {"verdict": j["verdict"], "property": j.get("property"), "states": j["states"],
               "tool_seconds": j["time"]["seconds"]}
    except (ValueError, KeyError, TypeError) as e:
        return failure("%s: exit %d, unreadable JSON (%s)" % (text, r["status"], e), r["err"])
    if r["status"] not in (0, 1):
        return failure("%s: exit %d" % (text, r["status"]), r["err"])
    if crash is not None and bool(j.get("crash")) != crash:
        return failure("%s: the JSON says crash %r, expected %r" % (text, j.get("crash"), crash))
    return measured(rec, r)


def interleaved(opts, runs, cases):
    """cases: [(name, thunk)]; run each thunk runs times, interleaved (1 of
    each, then 2 of each, ...), not again once one did not finish.
    Returns {name: summarise(its runs)}."""
    results = {name: [] for name, _ in cases}
    for _ in range(runs):
        for name, thunk in cases:
            if results[name] and results[name][-1]["status"] != "ok":
                continue
            results[name].append(thunk())
    return {name: summarise(rs) for name, rs in results.items()}


def bench_crash(opts, tmp, strategies):
    """"What a crash costs": every strategy on each crash scenario with and
    without its crash line; the crash-free headline against the checker
    before the persistence model."""
    out = {"command": None, "scenarios": crash_scenarios(), "runs": CRASH_RUNS,
           "rows": [], "headline": None}
    twins = os.path.join(tmp, "crash-free")
    os.makedirs(twins, exist_ok=True)
    for name in out["scenarios"]:
        src = os.path.join(TOP, "scenarios", name + ".dax")
        dst = os.path.join(twins, name + ".dax")
        if not os.path.isfile(src) or not crash_free_twin(src, dst):
            out["rows"].append({"scenario": name, "strategy": None,
                                "error": failure("%s: missing, or no `crash` line" % src)["error"]})
            continue
        for st in strategies:
            why = refusal(opts, st, src)
            if why:
                out["rows"].append({"scenario": name, "strategy": st, "refused": why})
                log("crash %s %s: refused, %s" % (name, st, why))
                continue
            got = interleaved(opts, CRASH_RUNS, [
                ("crash", lambda: run_scenario(opts, opts.checker, st, ["--scenario=" + src], True)),
                ("no_crash", lambda: run_scenario(opts, opts.checker, st, ["--scenario=" + dst],
                                                  False))])
            out["rows"].append({"scenario": name, "strategy": st, **got})
            log("crash %s %s: with %s, without %s" % (name, st, crash_cell(got["crash"]),
                                                        crash_cell(got["no_crash"])))
    if opts.persist_baseline == "none":
        out["headline"] = {"note": "not measured (--persist-baseline none)"}
        return out
    before, note = build_rev(opts.persist_baseline, "--persist-baseline",
                             os.path.join(tmp, "before-persistence"))
    head = {"rev": opts.persist_baseline, "note": note, "runs": HEADLINE_RUNS, "rows": []}
    out["headline"] = head
    if not before:
        return out
    for n in HEADLINE_NS:
        args = family_args("one-page", n)
        got = interleaved(opts, HEADLINE_RUNS, [
            ("now", lambda: run_scenario(opts, opts.checker, STRATEGY, args, None)),
            ("before", lambda: run_scenario(opts, before, STRATEGY, args, None))])
        head["rows"].append({"n": n, "args": args, **got})
        log("crash-free one-page N=%d: now %s, before the persistence model %s"
            % (n, seconds_cell(got["now"]), seconds_cell(got["before"])))
    return out


def measure_crash(opts, data, tmp):
    """Run the crash section into data (--crash-only or the end of make bench)."""
    strategies = list_strategies(opts.checker)
    data["crash"] = bench_crash(opts, tmp, strategies)
    data["crash"]["command"] = opts.command
    data["crash"]["date"] = datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y-%m-%d %H:%M UTC")
    data["crash"]["load"] = os.getloadavg()[0]


# ---------------------------------------------------------------- targets

def row_at(fam, n):
    return next((r for r in fam["rows"] if r["n"] == n), None)


def judge(name, good, detail, measured_ok=True):
    status = "not measured" if not measured_ok else ("met" if good else "not met")
    return {"name": name, "status": status, "detail": detail}


def targets(data):
    """Issue 13's targets, each met, not met or not measured, with numbers."""
    fams = {f["name"]: f for f in data["families"]}
    out = []
    one, two = fams.get("one-page"), fams.get("two-pages")
    r8 = row_at(one, TARGET_N) if one else None
    s = value(r8, "ours", "seconds")
    st = value(r8, "ours", "states")
    out.append(judge("one page, N = 8, defaults, one worker: at most 2 s",
                     s is not None and s <= 2.0, "%s s (median)" % sig3(s), s is not None))
    for key, factor in (("spin_hand", 10.0), ("rumur1", 2.5)):
        other = value(r8, key, "seconds")
        q = ratio(other, s)
        out.append(judge("one page, N = 8: at least %s x faster than %s" % (sig3(factor), DOC_NAME[key]),
                         q is not None and q >= factor,
                         "%s x (%s %s s, ours %s s)" % (sig3(q), LABELS[key], sig3(other), sig3(s)),
                         q is not None))
    out.append(judge("one page, N = 8: at most 1.1 M states stored",
                     st is not None and st <= 1100000, "%s states" % thousands(st), st is not None))
    r8b = row_at(two, TARGET_N) if two else None
    s2 = value(r8b, "ours", "seconds")
    out.append(judge("two pages, N = 8 (4 words a page): exhaustive in at most 10 s, one worker",
                     s2 is not None and s2 <= 10.0, "%s s (median), %s states"
                     % (sig3(s2), thousands(value(r8b, "ours", "states"))), s2 is not None))
    g = growths(one["rows"], "ours") if one else []
    at8 = dict(g).get(TARGET_N)
    out.append(judge("growth per added thread on one page, at N = 8: at most 4 x",
                     at8 is not None and at8 <= 4.0,
                     "states(8) / states(7) = %s; at every N: %s"
                     % (sig3(at8), ", ".join("N = %d %s" % (n, sig3(x)) for n, x in g)),
                     at8 is not None))
    big = data["largest"].get("two-pages", {}).get("ours") if two else None
    bn = big["n"] if big else None
    if big and big["next"] is not None:
        said = "N = %s (N = %d: %s)" % (bn, big["next"], big["why"])
    else:
        said = "N = %s: %s" % (bn, big["why"]) if big else ""
    o = data["options"]
    out.append(judge("largest N proved within %s and %s on two pages, defaults, one worker: "
                     "goal 10 (the issue's limits: 10 minutes and 16 GiB)"
                     % (minutes_text(o["timeout"]), mib_text(o["mem_limit"])),
                     bn is not None and bn >= 10, said, bn is not None))
    out.append(no_slower(data))
    return out


DOC_NAME = {"spin_hand": "SPIN on the hand-written model",
            "rumur1": "rumur on the hand-written model, one thread"}


def growths(rows, key):
    """[(N, states(N) / states(N-1))] of a configuration over a family."""
    out = []
    for r in rows:
        prev = row_at({"rows": rows}, r["n"] - 1)
        q = ratio(value(r, key, "states"), value(prev, key, "states"))
        if q is not None:
            out.append((r["n"], q))
    return out


def no_slower(data):
    """No N from 2 to 7 slower than the checker before the reduction."""
    name = "no N from 2 to %d slower than before (%s)" % (BEFORE_MAX_N, data["baseline"]["rev"])
    slower, compared = [], 0
    for fam in data["families"]:
        for r in fam["rows"]:
            if r["n"] > BEFORE_MAX_N:
                continue
            now, before = value(r, "ours", "seconds"), value(r, "ours_before", "seconds")
            if now is None or before is None:
                continue
            compared += 1
            if now > before:
                mine = r["configs"]["ours"]["seconds_runs"]
                theirs = r["configs"]["ours_before"]["seconds_runs"]
                within = min(mine) <= max(theirs)
                slower.append("%s N = %d: %s s against %s s, %s x (runs %s against %s s: %s)"
                              % (fam["name"], r["n"], sig3(now), sig3(before), sig3(now / before),
                                 "/".join(sig3(x) for x in mine), "/".join(sig3(x) for x in theirs),
                                 "the ranges overlap" if within else "every run slower"))
    if not compared:
        return judge(name, False, "the baseline was not measured", False)
    if slower:
        return judge(name, False, "slower at " + "; ".join(slower))
    return judge(name, True, "faster or equal at all %d (family, N) compared, medians side by side"
                 % compared)


# ---------------------------------------------------------------- formatting

def sig3(x):
    """x to 3 significant digits, no exponent, thousands separated."""
    if x is None:
        return "n/a"
    if x == 0:
        return "0"
    digits = 2 - math.floor(math.log10(abs(x)))
    v = round(x, digits)
    return "{:,.{}f}".format(v, max(0, digits))


def thousands(x):
    return "n/a" if x is None else "{:,}".format(int(x))


def mib_text(mib):
    """MiB as people read it: "812 MiB", "15.2 GiB", "16 GiB"."""
    if mib >= 1024:
        return "%s GiB" % short(mib / 1024)
    return "%s MiB" % short(mib)


def short(x):
    """x to at most 3 significant digits, no trailing zeros: 16, 15.2, 0.5."""
    return "{:.3g}".format(x) if x < 1000 else thousands(round(x))


def cell(c, fmt):
    """A table cell of a configuration record: fmt(record) when it finished."""
    if c is None:
        return "—"
    if c["status"] == "ok":
        return fmt(c)
    if c["status"] == "dnf":
        return "DNF"
    if c["status"] == "failed":
        return "failed"
    return "inferred DNF" if c.get("inferred") else "not run"


def seconds_cell(c):
    return cell(c, lambda r: sig3(r["seconds"]))


def states_cell(c):
    return cell(c, lambda r: thousands(r["states"]))


def memory_cell(c):
    return cell(c, lambda r: sig3(r["rss_bytes"] / 1048576) if r.get("rss_bytes") else "n/a")


def md_table(head, rows):
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines


def n_cell(r):
    return "%d%s" % (r["n"], " (probe)" if r.get("probe") else "")


def config_table(fam, keys, fmt):
    rows = [[n_cell(r)] + [fmt(r["configs"].get(k)) for k in keys] for r in fam["rows"]]
    return md_table(["N"] + [LABELS[k] for k in keys], rows)


def growth_table(fam, keys):
    rows = []
    for r in fam["rows"]:
        prev = row_at(fam, r["n"] - 1)
        rows.append([n_cell(r)] + [sig3(ratio(value(r, k, "states"), value(prev, k, "states")))
                                   if value(r, k, "states") is not None else "" for k in keys])
    return md_table(["N"] + [LABELS[k] for k in keys], rows[1:])


RATIOS = [
    ("SPIN hand / ours", "spin_hand", "ours"),
    ("rumur 1t / ours", "rumur1", "ours"),
    ("rumur 2t / ours 2w", "rumur2", "ours_workers2"),
    ("SPIN emit / ours", "spin_emit", "ours"),
    ("before / ours", "ours_before", "ours"),
    ("ours / ours 2w", "ours", "ours_workers2"),
]


def ratio_table(fam):
    rows = []
    for r in fam["rows"]:
        rows.append([n_cell(r)] + [sig3(ratio(value(r, a, "seconds"), value(r, b, "seconds")))
                                   for _, a, b in RATIOS]
                    + [sig3(ratio(value(r, "ours_none", "states"), value(r, "ours", "states")))])
    return md_table(["N"] + [t for t, _, _ in RATIOS] + ["states none / ours"], rows)


STATE_KEYS = ["ours", "ours_none", "spin_emit", "spin_emit_noreduce", "spin_hand", "rumur1"]
# Configurations that must store as many states as another.
SAME_STATES = [("ours_workers2", "ours"), ("ours_hc", "ours"), ("ours_sleep", "ours_none"),
               ("ours_before", "ours_none"), ("spin_emit_noreduce", "ours_none"),
               ("rumur2", "rumur1")]


def same_states_notes(fam):
    """Equal state counts where they must be equal; a line per disagreement."""
    bad, checked = [], 0
    for r in fam["rows"]:
        for a, b in SAME_STATES:
            x, y = value(r, a, "states"), value(r, b, "states")
            if x is None or y is None:
                continue
            checked += 1
            if x != y:
                bad.append("**%s and %s differ at N = %d: %s against %s**"
                           % (LABELS[a], LABELS[b], r["n"], thousands(x), thousands(y)))
        x, y = value(r, "spin_hand", "states"), value(r, "rumur1", "states")
        if x is not None and y is not None:
            checked += 1
            if x != y + SPIN_INIT_STATES:
                bad.append("**SPIN hand is not rumur's states + %d at N = %d: %s against %s**"
                           % (SPIN_INIT_STATES, r["n"], thousands(x), thousands(y)))
    if bad:
        return bad
    return ["every count that must agree does (%d checked): ours 2w and ours hc store what ours "
            "does; ours sleep, before and SPIN emit NR what ours none does; rumur 2t what rumur "
            "1t does; SPIN hand rumur's states + %d, its init process" % (checked, SPIN_INIT_STATES)]


def spread_line(fam):
    """The fastest and slowest run of each configuration at the largest
    tabled N: how much one number moved on this shared machine."""
    rows = [r for r in fam["rows"] if not r.get("probe")]
    if not rows:
        return []
    r = rows[-1]
    parts = ["%s %s–%s" % (LABELS[k], sig3(min(c["seconds_runs"])), sig3(max(c["seconds_runs"])))
             for k, c in ((k, r["configs"].get(k)) for k in KEYS)
             if c and c["status"] == "ok" and len(c.get("seconds_runs", [])) > 1]
    return ["the fastest and slowest of the runs at N = %d, s: %s." % (r["n"], "; ".join(parts))] \
        if parts else []


BYTES_KEYS = ["ours", "ours_none", "ours_hc", "spin_emit", "spin_hand", "rumur1"]


def bytes_line(fam):
    """Bytes a state (peak memory / states stored) of each configuration at
    the largest tabled N it finished: where the fixed costs no longer count."""
    parts = []
    for k in BYTES_KEYS:
        rows = [r for r in fam["rows"] if not r.get("probe") and value(r, k, "rss_bytes")]
        if rows:
            r = rows[-1]
            parts.append("%s %s (N = %d)" % (LABELS[k], sig3(value(r, k, "rss_bytes")
                                                            / value(r, k, "states")), r["n"]))
    return ["bytes a state, peak memory / states stored, at the largest N of the table each "
            "finished: " + "; ".join(parts) + "."] if parts else []


def compile_line(fam):
    parts = []
    for k in KEYS:
        xs = [(r["n"], r["compile_seconds"][k]) for r in fam["rows"] if k in r.get("compile_seconds", {})]
        if xs:
            parts.append("%s %s" % (LABELS[k], ", ".join("N = %d %s" % (n, sig3(s)) for n, s in xs[-2:])))
    return ("compile seconds (once per N, not in the times above; the last two N): "
            + "; ".join(parts) + ".") if parts else ""


def family_section(fam, opts):
    title = "## %s (`%s`)" % (FAMILY_TITLE[fam["name"]], fam["args"])
    out = [title, "",
           "### Seconds (median of %s%d runs; wall-clock, compile excluded)"
           % ("up to " if opts.get("repeat_under") is not None else "", opts["runs"]), ""]
    out += config_table(fam, KEYS, seconds_cell)
    out += ["", "### Ratios of seconds (how many times faster the second is)", ""]
    out += ratio_table(fam)
    out += ["", "### States stored", ""]
    out += config_table(fam, STATE_KEYS, states_cell)
    out += ["", "### Peak memory (MiB resident, median)", ""]
    out += config_table(fam, KEYS, memory_cell)
    out += ["", "### Growth per added thread (states(N) / states(N-1))", ""]
    out += growth_table(fam, STATE_KEYS)
    notes = same_states_notes(fam) + bytes_line(fam) + spread_line(fam)
    c = compile_line(fam)
    if c:
        notes.append(c)
    for r in fam["rows"]:
        for k in KEYS:
            x = r["configs"].get(k)
            if x and x["status"] in ("failed", "dnf") or (x and x.get("inferred")):
                notes.append("N = %d, %s: %s" % (r["n"], LABELS[k],
                                                 x.get("error") or x.get("why")))
    return out + [""] + ["- " + n for n in notes] + [""]


def largest_section(data):
    out = ["## Largest N within %s and %s" % (minutes_text(data["options"]["timeout"]),
                                              mib_text(data["options"]["mem_limit"])), "",
           "The largest N each configuration finished (all its runs), and what is known of "
           "N + 1: ran and did not finish, inferred from the growth (not run), or the end of "
           "the family. Rows past the tables are probes, one run each.", ""]
    rows = []
    for k in KEYS:
        if KIND[k] == "before":
            continue
        line = [LABELS[k]]
        for fam in data["families"]:
            x = data["largest"].get(fam["name"], {}).get(k)
            if not x or x["n"] is None:
                line.append(x["why"] if x else "—")
            else:
                line.append("**%d**; %s" % (x["n"], x["why"]) if x["next"] is None else
                            "**%d**; N = %d %s" % (x["n"], x["next"], x["why"]))
        rows.append(line)
    return out + md_table(["configuration"] + [FAMILY_TITLE[f["name"]] for f in data["families"]],
                          rows) + [""]


def minutes_text(s):
    return "%s minutes" % short(s / 60) if s >= 60 else "%s s" % short(s)


def targets_section(data):
    out = ["## Targets", "",
           "Issue 13's targets, judged on the medians above (wall-clock seconds, one run's "
           "process).", ""]
    for t in data["targets"]:
        out.append("- **%s**: %s. %s." % (t["status"], t["name"], t["detail"]))
    return out + [""]


def crash_cell(c):
    """A crash table cell: verdict, states, seconds."""
    if not c or c["status"] != "ok":
        return (c or {}).get("error") or (c or {}).get("why") or "—"
    verdict = c["verdict"] if c["verdict"] == "ok" else "%s" % c.get("property")
    return "%s, %s states, %s s" % (verdict, thousands(c["states"]), sig3(c["seconds"]))


def crash_section(data):
    """"What a crash costs": the crash scenarios with and without their
    crash line, and the crash-free headline against the persistence baseline."""
    c = data.get("crash")
    out = ["## What a crash costs", ""]
    if not c:
        return out + ["Not measured in this run (`python3 scripts/bench.py --crash-only` "
                      "measures it).", ""]
    out += ["Every strategy on each crash scenario as shipped (`crash`: the power may fail at "
            "any point, and the crash properties are judged) and on its twin without the "
            "`crash` line, written to a temp dir: `./checker --strategy=S --scenario=FILE "
            "--json`, with the defaults. %d runs of each, interleaved; a cell gives the "
            "verdict (or the property violated), the states stored until then, and the median "
            "wall-clock seconds of the process; \"search\" is the median of the checker's own "
            "search time. A violation ends a search at its shortest counterexample, so its "
            "states are not the scenario's. These scenarios have one thread and a few dozen "
            "states: a search takes well under a millisecond and the process's time is its "
            "start-up, so the states are the measure of what a crash adds here, and the "
            "crash-free headline below the measure of what the persistence model costs a "
            "search without one. A strategy that refuses a scenario (`no PMD path`: it has "
            "no PMD fault handler, and the scenario a PMD fault; `no MAP_SYNC`: a scheme "
            "before v4.15 on a MAP_SYNC mapping) is run once, to see it refuse; one row names "
            "those a scenario refuses alike. Measured by `%s` on %s (load average %s)."
            % (c["runs"], c.get("command") or "make bench", c.get("date", "?"),
               sig3(c.get("load"))), ""]
    rows, refused = [], {}
    for r in c["rows"]:
        if r.get("strategy") is None:
            rows.append([r["scenario"], "—", r.get("error", ""), "", "", "", ""])
            continue
        if r.get("refused"):
            # one row for the strategies a scenario refuses alike
            key = (r["scenario"], r["refused"])
            if key not in refused:
                refused[key] = [r["scenario"], [], r["refused"], r["refused"], "—", "—", "—"]
                rows.append(refused[key])
            refused[key][1].append(r["strategy"])
            continue
        w, wo = r["crash"], r["no_crash"]
        q = ratio(value({"configs": r}, "crash", "states"), value({"configs": r}, "no_crash", "states"))
        tq = ratio(value({"configs": r}, "crash", "tool_seconds"),
                   value({"configs": r}, "no_crash", "tool_seconds"))
        rows.append([r["scenario"], r["strategy"], crash_cell(w), crash_cell(wo),
                     "%s x" % sig3(q) if q else "—",
                     "%s / %s ms" % (sig3(1000 * w["tool_seconds"]), sig3(1000 * wo["tool_seconds"]))
                     if w["status"] == wo["status"] == "ok" else "—",
                     "%s x" % sig3(tq) if tq else "—"])
    for row in refused.values():
        row[1] = "%d strategies: %s" % (len(row[1]), ", ".join(row[1])) if len(row[1]) > 1 \
            else row[1][0]
    out += md_table(["scenario", "strategy", "with `crash`", "without", "states x",
                     "search, with / without", "search x"], rows)
    h = c.get("headline") or {}
    out += ["", "### Crash-free: this checker against the one before the persistence model", ""]
    if not h.get("rows"):
        return out + [h.get("note", "Not measured."), ""]
    out += ["The persistence model adds state and steps that a scenario without `crash` never "
            "takes; this measures what it costs a search that has no crash: the one-page "
            "headline (`--strategy=%s --threads=N --words=N`, the defaults) with this "
            "checker and with %s, %d runs of each, interleaved; medians, and the fastest and "
            "slowest run." % (STRATEGY, h["note"], h["runs"]), ""]
    rows = []
    for r in h["rows"]:
        now, bef = r["now"], r["before"]
        if now["status"] != "ok" or bef["status"] != "ok":
            rows.append(["%d" % r["n"], seconds_cell(now), seconds_cell(bef), "—", "—", "—"])
            continue
        q = ratio(now["seconds"], bef["seconds"])
        tq = ratio(now["tool_seconds"], bef["tool_seconds"])
        rows.append(["%d" % r["n"],
                     "%s (%s–%s)" % (sig3(now["seconds"]), sig3(min(now["seconds_runs"])),
                                     sig3(max(now["seconds_runs"]))),
                     "%s (%s–%s)" % (sig3(bef["seconds"]), sig3(min(bef["seconds_runs"])),
                                     sig3(max(bef["seconds_runs"]))),
                     "**%s**" % sig3(q), sig3(tq),
                     "%s / %s" % (thousands(now["states"]), thousands(bef["states"]))])
    out += md_table(["N", "now, s", "before, s", "now / before", "search now / before",
                     "states now / before"], rows)
    return out + [""]


def strategy_cell(p):
    if p["status"] == "ok":
        return "ok, %s states, %s s" % (thousands(p["states"]), sig3(p["seconds"]))
    if p["status"] == "violation":
        return "violation (%s) after %s states" % (p.get("property"), thousands(p["states"]))
    return "%s: %s" % (p["status"], p.get("error", ""))


def strategies_section(data):
    out = ["## Per strategy", "",
           "Each strategy of `./checker --list`, once per N, on one page "
           "(`./checker --strategy=S --threads=N --words=N --json`), with the defaults. "
           "A strategy stops at its first violation: the states are those stored until "
           "the shortest counterexample was found.", ""]
    ns = list(range(2, data["options"]["strategy_max_n"] + 1))
    rows = []
    for s in data["strategies"]:
        by_n = {p["n"]: strategy_cell(p) for p in s["points"]}
        rows.append([s["name"]] + [by_n.get(n, "") for n in ns])
    if not rows:
        return out + ["(no strategies: `--list` could not be read)", ""]
    return out + md_table(["strategy"] + ["N = %d" % n for n in ns], rows) + [""]


def self_test_section(data):
    checks = data.get("self_test", [])
    good = sum(1 for c in checks if c["ok"])
    out = ["## Self-test of the hand models", "",
           "%d of %d checks passed (`python3 scripts/bench.py --self-test`):" % (good, len(checks)), ""]
    out += ["- %s %s (%s)" % ("ok" if c["ok"] else "**FAILED**", c["name"], c["detail"]) for c in checks]
    return out + [""]


def machine():
    """CPU model, cores, memory, kernel: what the numbers were measured on."""
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem_kb = None
    try:
        with open("/proc/meminfo") as f:
            m = re.search(r"MemTotal:\s+(\d+) kB", f.read())
            mem_kb = int(m.group(1)) if m else None
    except OSError:
        pass
    u = os.uname()
    return {"cpu": cpu, "cores": os.cpu_count(), "mem_total_kb": mem_kb,
            "uname": "%s %s" % (u.sysname, u.release)}


def machine_line(m):
    """machine()'s answer in one line: "AMD EPYC, 2 cores, 23.5 GiB memory, Linux 6.1"."""
    mem = "%s GiB" % sig3(m["mem_total_kb"] / 1048576) if m["mem_total_kb"] else "unknown"
    return "%s, %s cores, %s memory, %s" % (m["cpu"], m["cores"], mem, m["uname"])


def versions(checker):
    def first_line(cmd):
        rc, out, err, _ = run(cmd, timeout=60)
        lines = [x.strip() for x in (out + err).splitlines() if x.strip()]
        return lines[0] if lines else "unknown"
    return {"gcc": first_line(["gcc", "--version"]), "spin": first_line(["spin", "-V"]),
            "rumur": first_line(["rumur", "--version"]), "checker": first_line([checker, "--version"])}


def how_paragraph(data):
    """How the numbers were produced: the exact command lines."""
    o = data["options"]
    m = o["mem_limit"]
    return " ".join(x for x in [
        "Generated by `make bench` (`%s`); do not edit." % data["command"],
        "Strategy %s, whose search is exhaustive, on both families; hand models written for "
        "this family in `tests/bench/` (family.m for rumur, family.pml for SPIN)." % STRATEGY,
        "Per family and N, every configuration is run %d time(s), interleaved (run 1 of each, "
        "then run 2 of each, ...) so that load on this shared machine hits all alike; every "
        "number is the median." % o["runs"],
        repeat_text(o),
        "Seconds are wall-clock seconds of the process, the same clock for every tool; the "
        "compiling of SPIN's and rumur's verifiers is excluded (listed below each family); "
        "memory is the process's peak resident set.",
        "Limits, the same for every run: %s of wall-clock time and %s of address space "
        "(RLIMIT_AS), and the tool's own limit set to the same where it has one: "
        "`--max-memory=%dM` for ours, `-DMEMLIM=%d` for pan. A run that hits one did not "
        "finish (DNF); a configuration whose time at N-1 x its growth exceeds %s x the time "
        "limit, or whose memory x growth exceeds the memory limit, is not run (\"inferred "
        "DNF\")." % (minutes_text(o["timeout"]), mib_text(m), m, m, sig3(TIME_MARGIN)),
        "Ours: `./checker --strategy=%s ARGS --max-memory=%dM --json` with the flags of the "
        "column. SPIN emit: `./checker ... --emit-promela=m.pml`, `spin -a m.pml`, `gcc -O2 "
        "-DSAFETY -w -DMEMLIM=%d [-DNOREDUCE] -o pan pan.c`, `./pan -m%d -wB`, B = "
        "ceil(log2(expected states)) + 1 in %d..%d. SPIN hand: the same on `spin -DN= -DP= -DW= "
        "-a tests/bench/family.pml`. rumur: family.m with its constants set, `rumur "
        "--deadlock-detection off --threads T`, `cc %s -o v v.c -lpthread`, `./v`."
        % (STRATEGY, m, m, PAN_DEPTH, MIN_BITS, MAX_BITS, " ".join(RUMUR_CFLAGS)),
    ] if x)


def repeat_text(o):
    """What this run left out to fit its time, if anything."""
    parts = []
    if o.get("repeat_under") is not None:
        parts.append("a configuration whose first run at an N took over %s s was run once there "
                     "(`--repeat-under`), so that this run fit its time: its cell is that one "
                     "run, not a median" % short(o["repeat_under"]))
    if o.get("reference_max_n") is not None:
        parts.append("the reference configurations (%s) ran only up to N = %d "
                     "(`--reference-max-n`)" % (", ".join(LABELS[k] for k in REFERENCE_KEYS),
                                                 o["reference_max_n"]))
    return ("**Fewer runs than `make bench` makes by default:** " + "; ".join(parts) + ".") \
        if parts else ""


def columns_list():
    return ["- %s: %s" % (LABELS[k], DOCS[k]) for k in KEYS]


def render_md(data):
    v = data["versions"]
    o = data["options"]
    load = data.get("load", {})
    out = ["# Benchmark: the checker against SPIN and rumur", "",
           how_paragraph(data), "",
           "- machine: %s" % machine_line(data["machine"]),
           "- versions: %s; %s; %s; %s" % (v["gcc"], v["spin"], v["rumur"], v["checker"]),
           "- before: %s" % data["baseline"]["note"],
           "- date: %s; the run took %s; load average (1 min) %s at the start, %s at the end "
           "(the machine is shared: other work ran alongside)"
           % (data["date"], minutes_text(data.get("duration_seconds", 0)),
              sig3(load.get("start")), sig3(load.get("end"))), ""]
    if data.get("partial"):
        out += ["**Partial: written while `make bench` was still running.**", ""]
    out += ["Columns:", ""] + columns_list() + [
        "- a cell: the median; DNF did not finish within the limits; inferred DNF: not run, "
        "its growth puts it past the limits (the notes give the numbers); not run: it did not "
        "finish or failed at a smaller N; —: not run at this N (the checker before the "
        "reduction runs only to N = %d, the checker's page only to 8 words)" % BEFORE_MAX_N, ""]
    out += targets_section(data)
    for fam in data["families"]:
        out += family_section(fam, o)
    out += largest_section(data)
    out += self_test_section(data)
    out += strategies_section(data)
    out += ["The plot is `bench.svg` (seconds and states against N for each family, and states "
            "per strategy), drawn by scripts/plot.py from `bench.json`.", ""]
    out += crash_section(data)
    return "\n".join(out)


# ---------------------------------------------------------------- output

def crash_failed(data):
    """True if a run of the crash section failed (or its baseline did not build)."""
    c = data.get("crash") or {}
    for r in c.get("rows", []):
        if r.get("strategy") is None:
            return True
        if not r.get("refused") and any(r[k]["status"] == "failed" for k in ("crash", "no_crash")):
            return True
    h = c.get("headline") or {}
    if h.get("rev") and not h.get("rows"):
        return True
    return any(r[k]["status"] == "failed" for r in h.get("rows", []) for k in ("now", "before"))


def any_failed(data):
    for fam in data["families"]:
        for r in fam["rows"]:
            if any(c["status"] == "failed" for c in r["configs"].values()):
                return True
    if not all(c["ok"] for c in data.get("self_test", [])):
        return True
    if crash_failed(data):
        return True
    return any(p["status"] == "failed" for s in data["strategies"] for p in s["points"])


def write_report(opts, data, partial, measured=True):
    """Write bench.json and bench.md, draw bench.svg; False if plot.py failed.
    measured: the run is this one (so its duration and load are now's)."""
    if measured:
        data["partial"] = partial
        data["duration_seconds"] = time.monotonic() - opts.t0
        data["load"]["end"] = os.getloadavg()[0]
    # The options the measurements were made with (--rerender and --crash-only have their own).
    made = argparse.Namespace(**{**vars(opts), **data["options"]})
    data["largest"] = {f["name"]: largest(made, f) for f in data["families"]}
    data["targets"] = targets(data)
    json_path = os.path.join(opts.out_dir, "bench.json")
    md_path = os.path.join(opts.out_dir, "bench.md")
    svg_path = os.path.join(opts.out_dir, "bench.svg")
    write_atomic(json_path, json.dumps(data, indent=1, sort_keys=True) + "\n")
    write_atomic(md_path, render_md(data))
    rc, out, err, _ = run([sys.executable, PLOT, json_path, svg_path])
    if rc != 0:
        failure("plot.py: exit %d" % rc, out + err)
        return False
    log("wrote %s, %s, %s%s" % (json_path, md_path, svg_path, " (partial)" if partial else ""))
    return True


def committed_results(opts, option):
    """The bench.json of the last run, which option rewrites in part, or
    None after saying on stderr why it cannot be read."""
    try:
        with open(os.path.join(opts.out_dir, "bench.json"), encoding="utf-8") as f:
            data = json.load(f)
        if data.get("schema") != 2:
            raise ValueError("schema %r, not 2" % data.get("schema"))
    except (OSError, ValueError) as e:
        print("bench.py: %s: cannot read bench.json: %s" % (option, e), file=sys.stderr)
        return None
    return data


def main(argv):
    opts = parse_args(argv)
    opts.t0 = time.monotonic()
    if opts.rerender:
        data = committed_results(opts, "--rerender")
        if data is None:
            return 2
        return 0 if write_report(opts, data, data.get("partial"), measured=False) else 1
    opts.command = "python3 scripts/bench.py" + "".join(" " + shlex.quote(a) for a in argv)
    if opts.crash_only:
        data = committed_results(opts, "--crash-only")
        if data is None:
            return 2
        with tempfile.TemporaryDirectory(prefix="bench-crash-") as tmp:
            exe = os.path.join(tmp, "checker")
            shutil.copy2(opts.checker, exe)
            opts.checker = exe
            measure_crash(opts, data, tmp)
        ok = write_report(opts, data, data.get("partial"), measured=False)
        return 0 if ok and not crash_failed(data) else 1
    if opts.self_test:
        checks = self_test(opts)
        bad = [c for c in checks if not c["ok"]]
        print("self-test: %d of %d checks passed" % (len(checks) - len(bad), len(checks)))
        return 1 if bad else 0
    os.makedirs(opts.out_dir, exist_ok=True)
    data = {
        "schema": 2,
        "command": "python3 scripts/bench.py" + "".join(" " + shlex.quote(a) for a in argv),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "options": {"max_n": opts.max_n, "max_n_two": opts.max_n_two, "runs": opts.runs,
                    "timeout": opts.timeout, "mem_limit": opts.mem_limit, "probe": opts.probe,
                    "probe_max_n": opts.probe_max_n, "strategy_max_n": opts.strategy_max_n,
                    "repeat_under": opts.repeat_under, "reference_max_n": opts.reference_max_n,
                    "quick": opts.quick},
        "strategy": STRATEGY,
        "configs": KEYS,
        "labels": dict(LABELS),
        "machine": machine(),
        "load": {"start": os.getloadavg()[0]},
        "families": [], "strategies": [],
    }
    data["self_test"] = self_test(opts)
    if not all(c["ok"] for c in data["self_test"]):
        log("the self-test of the hand models failed: no benchmark (see above)")
        return 1
    with tempfile.TemporaryDirectory(prefix="bench-bin-") as tmp:
        # Copies, so that rebuilding during a long run cannot change what is measured.
        exe = os.path.join(tmp, "checker")
        shutil.copy2(opts.checker, exe)
        data["versions"] = versions(opts.checker)
        opts.checker = exe
        opts.before, note = build_baseline(opts, tmp)
        rev = "none" if not opts.before else (
            "given" if opts.baseline_checker else opts.baseline)
        data["baseline"] = {"rev": rev, "note": note,
                            "version": versions(opts.before)["checker"] if opts.before else None}
        ok = True
        for family in FAMILIES:
            data["families"].append(bench_family(opts, family))
            ok = write_report(opts, data, partial=True) and ok
        if opts.probe:
            for fam in data["families"]:
                probe_family(opts, fam)
                ok = write_report(opts, data, partial=True) and ok
        data["strategies"] = [bench_strategy(opts, s) for s in list_strategies(opts.checker)]
        ok = write_report(opts, data, partial=True) and ok
        measure_crash(opts, data, tmp)
        ok = write_report(opts, data, partial=False) and ok
    if not opts.before and opts.baseline != "none":
        ok = False
    if any_failed(data):
        log("some runs failed: see %s" % os.path.join(opts.out_dir, "bench.md"))
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
