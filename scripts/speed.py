#!/usr/bin/env python3
"""speed.py - the crash-free search against older checkers: instructions and
wall-clock time, side by side (results/speed.md).

Why: issue 18 (the persistence model) made a search without `crash` slower,
and issue 13 asked that no N be slower than before; this script says, with
numbers, whether ./checker is as fast as the checkers it names.

What: strategy fs-zero-inside on the one-page family of make bench
(`--threads=N --words=N`, the defaults: persistent sets, one worker), for
N = 2, 3, 6, 7 (--ns), with ./checker ("now") and the checker at each
--rev (default 910b9c2, the commit before the persistence model), each
built from git in a temp dir (git archive, make checker):

  instructions   valgrind --tool=callgrind, one run each: the count of
                 instructions executed, which is the same on every run and
                 every load, the fairest measure on a shared machine
  seconds        wall-clock and CPU (user + system) seconds of the process,
                 --runs runs of each (15; --small-runs, 100, at N <= 3),
                 interleaved: round r runs every checker once, in an order
                 rotated each round, so that a busy machine hits all alike;
                 medians, and the fastest and slowest run

Every checker must exit with the same status and print the same `states`
line (states stored, transitions, deepest level) at each N, or the script
fails: a faster checker that searches something else is no comparison.

Writes OUT/speed.md (default results/speed.md) atomically.  Exit status 0,
1 if a run failed or the reports differ, 2 bad usage or a tool missing.
"""
import argparse
import datetime
import io
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from plot import write_atomic  # noqa: E402  (one writer for results/)

STRATEGY = "fs-zero-inside"


def die(msg, status=2):
    sys.stderr.write("speed.py: %s\n" % msg)
    sys.exit(status)


def log(msg):
    sys.stderr.write("speed.py: %s\n" % msg)
    sys.stderr.flush()


def build_rev(rev, dest):
    """The checker at git revision rev, built in dest: (path, full commit)."""
    p = subprocess.run(["git", "-C", TOP, "rev-parse", "--verify", rev + "^{commit}"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        die("--rev %s: not a commit of this repository" % rev)
    commit = p.stdout.strip()
    p = subprocess.run(["git", "-C", TOP, "archive", "--format=tar", commit], capture_output=True)
    if p.returncode != 0:
        die("git archive %s: exit %d" % (rev, p.returncode), 1)
    with tarfile.open(fileobj=io.BytesIO(p.stdout)) as tar:
        tar.extractall(dest)
    log("building %s in %s ..." % (rev, dest))
    p = subprocess.run(["make", "-C", dest, "checker"], capture_output=True, text=True)
    if p.returncode != 0:
        die("make checker at %s: exit %d\n%s" % (rev, p.returncode, p.stderr[-2000:]), 1)
    return os.path.join(dest, "checker"), commit


def args_for(n):
    return ["--strategy=" + STRATEGY, "--threads=%d" % n, "--words=%d" % n]


def report(checker, n):
    """What the checker found at N: its exit status and `states` line (the
    rest of the report is worded differently by older checkers)."""
    p = subprocess.run([checker] + args_for(n), capture_output=True, text=True)
    if p.returncode not in (0, 1):
        die("%s %s: exit %d\n%s" % (checker, " ".join(args_for(n)), p.returncode, p.stderr), 1)
    return p.returncode, [l for l in p.stdout.splitlines() if l.startswith("states ")]


def instructions(checker, n):
    """Instructions callgrind counts for one run at N."""
    p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                        checker] + args_for(n), capture_output=True, text=True)
    for line in p.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1].strip())
    die("callgrind at N = %d gave no count:\n%s" % (n, p.stderr[-2000:]), 1)
    return None


def seconds(checker, n):
    """Wall-clock and CPU (user + system) seconds of one run at N."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    p = subprocess.run([checker] + args_for(n), stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode not in (0, 1):
        die("%s at N = %d: exit %d" % (checker, n, p.returncode), 1)
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def runs_at(o, n):
    return o.small_runs if n <= 3 else o.runs


def sig3(x):
    return "%.3g" % x


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def time_table(label, v, who, ns):
    """The Markdown rows of one table of timings v[name, n]: the median and
    range of each checker, and each median against the current one's."""
    head = ["N"] + ["%s, %s" % (label, name) for name, _, _ in who]
    head += ["now / %s" % name for name, _, _ in who[1:]]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for n in ns:
        row = ["%d" % n]
        for name, _, _ in who:
            t = v[name, n]
            row.append("%s (%s–%s)" % (sig3(statistics.median(t)), sig3(min(t)), sig3(max(t))))
        for name, _, _ in who[1:]:
            b = statistics.median(v[name, n])
            row.append("%.3f" % (statistics.median(v["now", n]) / b) if b else "—")
        out.append("| " + " | ".join(row) + " |")
    return out + [""]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checker", default=os.path.join(TOP, "checker"),
                    help="the checker measured as now (default ./checker)")
    ap.add_argument("--rev", action="append",
                    help="a git revision to compare with, built from git (repeatable; "
                         "default 910b9c2, the checker before the persistence model)")
    ap.add_argument("--ns", default="2,3,6,7", help="the N of the one-page family (2,3,6,7)")
    ap.add_argument("--runs", type=int, default=15, help="timed runs of each (15)")
    ap.add_argument("--small-runs", type=int, default=100,
                    help="timed runs of each at N <= 3, a few milliseconds a run (100)")
    ap.add_argument("--out", default=os.path.join(TOP, "results"),
                    help="directory of speed.md (results)")
    o = ap.parse_args()
    revs = o.rev or ["910b9c2"]
    try:
        ns = [int(x) for x in o.ns.split(",")]
    except ValueError:
        die("--ns: a comma-separated list of N, not %r" % o.ns)
    if any(n < 1 or n > 8 for n in ns) or o.runs < 1 or o.small_runs < 1:
        die("--ns takes N from 1 to 8, --runs and --small-runs at least 1")
    if not os.access(o.checker, os.X_OK):
        die("%s: no checker (make checker)" % o.checker)
    if not shutil.which("valgrind"):
        die("valgrind is not installed")
    tmp = tempfile.mkdtemp(prefix="speed.")
    try:
        # A copy of ./checker: rebuilding it during the run changes nothing here.
        now = os.path.join(tmp, "checker-now")
        shutil.copy2(o.checker, now)
        who = [("now", now, "`./checker`")]
        for i, rev in enumerate(revs):
            path, commit = build_rev(rev, os.path.join(tmp, "rev%d" % i))
            who.append((rev, path, "%s (%s)" % (rev, commit[:12])))
        for n in ns:
            first = report(who[0][1], n)
            for name, path, _ in who[1:]:
                if report(path, n) != first:
                    die("N = %d: %s and now differ: %r, %r" % (n, name, report(path, n), first), 1)
        counts = {}
        for n in ns:
            for name, path, _ in who:
                counts[name, n] = instructions(path, n)
                log("N = %d %s: %d instructions" % (n, name, counts[name, n]))
        load0 = os.getloadavg()
        times = {(name, n): [] for name, _, _ in who for n in ns}
        cpu = {(name, n): [] for name, _, _ in who for n in ns}
        for r in range(max(o.runs, o.small_runs)):
            for n in ns:
                if r >= runs_at(o, n):
                    continue
                order = who[r % len(who):] + who[:r % len(who)]
                for name, path, _ in order:
                    wall, c = seconds(path, n)
                    times[name, n].append(wall)
                    cpu[name, n].append(c)
        load1 = os.getloadavg()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    out = ["# The crash-free search against older checkers", "",
           "Written by `python3 scripts/speed.py%s` on %s; do not edit."
           % ("".join(" " + shlex.quote(a) for a in sys.argv[1:]),
              datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
           "",
           "`./checker %s` (the one-page family of make bench, with the defaults: "
           "persistent sets, one worker) with this checker (now) and with %s, each built by "
           "`make checker`; every one stores the same states and transitions at each N. Instructions: "
           "callgrind's count for one run, the same on every run whatever the load. Seconds: "
           "the wall-clock time of the process, and its CPU time (user and system), %d runs of "
           "each (%d at N <= 3, whose runs take milliseconds), interleaved (each round runs "
           "every checker once, in an order rotated every round); the median, and the fastest "
           "and slowest run. %s, %d cores, shared with other work: load average %s at the "
           "start of the timed runs and %s at their end."
           % (" ".join(args_for(0)).replace("=0", "=N"),
              ", ".join(desc for name, _, desc in who[1:]), o.runs, o.small_runs, cpu_model(),
              os.cpu_count() or 0, "%.2f" % load0[0], "%.2f" % load1[0]), ""]
    head = ["N"]
    for name, _, _ in who:
        head.append("instructions, %s" % name)
    for name, _, _ in who[1:]:
        head.append("now / %s" % name)
    out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for n in ns:
        row = ["%d" % n] + ["{:,}".format(counts[name, n]) for name, _, _ in who]
        row += ["**%.3f**" % (counts["now", n] / counts[name, n]) for name, _, _ in who[1:]]
        out.append("| " + " | ".join(row) + " |")
    out.append("")
    for label, v in (("seconds", times), ("CPU seconds", cpu)):
        out += time_table(label, v, who, ns)
    verdict = []
    for name, _, _ in who[1:]:
        slower = [n for n in ns if counts["now", n] > counts[name, n]]
        verdict.append("Instructions against %s: %s." % (
            name, "no N slower" if not slower else
            "slower at N = " + ", ".join("%d (%.3fx)" % (n, counts["now", n] / counts[name, n])
                                         for n in slower)))
    out += [" ".join(verdict) + " The seconds of a run of a few milliseconds are mostly "
            "the process's start-up and the machine's noise; where two checkers' ranges "
            "overlap, the instructions are the measure.", ""]
    out.append("")
    os.makedirs(o.out, exist_ok=True)
    write_atomic(os.path.join(o.out, "speed.md"), "\n".join(out).rstrip("\n") + "\n")
    log("wrote %s" % os.path.join(o.out, "speed.md"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
