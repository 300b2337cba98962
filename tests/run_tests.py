#!/usr/bin/env python3
"""run_tests.py - the test driver of make check: the suites of tests/suites/,
against the normal build and the build with AddressSanitizer and
UndefinedBehaviorSanitizer (build/asan/), ending with "N passed, N failed".

    python3 tests/run_tests.py                 every suite, both builds at once
    python3 tests/run_tests.py --suite cli     one suite (repeat for more)
    python3 tests/run_tests.py --build plain   one build
    python3 tests/run_tests.py --list          the suites, and what each checks

`make check` runs the first (`make check SUITE="cli json"` the second).  A
line is printed as each suite finishes; a failed test prints a FAIL line at
once.  The two builds run in parallel, each in a process of its own; the
last line is their total.

Each suite is a file of tests/suites/ whose docstring says what it checks;
tests/harness.py holds what they share.  Strategies, their files,
expectations and twins, and the shipped scenarios are enumerated from the
checker (--list --json), never listed here; only the verdicts history gave
for the eight historical strategies are pinned (harness.py).  Four suites
run against the normal build only, since ASan cannot run under ulimit -v,
valgrind or an LD_PRELOAD malloc, and the pages and plots depend on no
build: oom, valgrind, bench and results.

Run from the top of the source tree (make check does).
"""
import argparse
import importlib
import os
import subprocess
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import harness  # noqa: E402

# In the order they run: (name, builds it runs against).
SUITES = [
    ("unit", "both"), ("matrix", "both"), ("files", "both"), ("cli", "both"), ("options", "both"),
    ("determinism", "both"), ("bad-input", "both"), ("limits", "both"), ("json", "both"),
    ("interrupt", "both"), ("progress", "both"), ("traces", "both"), ("all-properties", "both"), ("sweeps", "both"), ("oom", "plain"), ("valgrind", "plain"), ("bench", "plain"),
    ("results", "plain"), ("catalogue", "both"), ("promela", "both"), ("twins", "both"),
    ("coverage", "both"), ("reduction", "both"), ("symmetry", "both"), ("workers", "both"),
]
BUILDS = {"plain": ("checker", "build/unit"), "asan": ("build/asan/checker", "build/asan/unit")}


def suite_module(name):
    return importlib.import_module("suites." + name.replace("-", "_"))


def run_suite(name, build):
    """Run one suite against one build; print its line; True if it ran."""
    checker, unit_dir = BUILDS[build]
    checker = os.path.join(harness.ROOT, checker)
    mod = suite_module(name)
    fn = getattr(mod, "suite_" + name.replace("-", "_"))
    before = (harness.passed, harness.failed)
    t0 = time.time()
    try:
        if name == "unit":
            fn(os.path.join(harness.ROOT, unit_dir), build)
        elif name == "bench":
            fn(build)
        else:
            fn(checker, build)
    except Exception:       # a broken suite is one failure, and the rest still run
        harness.ok(f"{build} {name}: the suite ran to its end", False, traceback.format_exc())
    p, f = harness.passed - before[0], harness.failed - before[1]
    print(f"{build:<5} {name:<12} {p:6} passed, {f} failed{'':8}{time.time() - t0:7.1f} s",
          flush=True)


def one_build(build, names, result):
    """Every suite named against one build; the counts into `result`."""
    if result:
        with open(result, "w") as f:
            f.write("0 1\n")        # a run that dies half way counts as failed
    checker = os.path.join(harness.ROOT, BUILDS[build][0])
    if not os.path.exists(checker):
        harness.ok(f"{build}: {checker} is built", False, "run make check, not this script alone")
    else:
        for name, builds in SUITES:
            if name in names and builds in ("both", build):
                run_suite(name, build)
    if result:
        with open(result, "w") as f:
            f.write(f"{harness.passed} {harness.failed}\n")
    return harness.failed


def total(files):
    """Sum the counts of each build's result file; the closing line."""
    passed = failed = 0
    for path in files:
        try:
            p, f = (int(x) for x in open(path).read().split())
        except (OSError, ValueError):
            print(f"{path}: no result: the run did not finish")
            p, f = 0, 1
        passed, failed = passed + p, failed + f
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


def main(argv):
    ap = argparse.ArgumentParser(description="Run the test suites of make check.")
    ap.add_argument("--suite", action="append", metavar="NAME",
                    help="run only this suite (repeatable; --list names them)")
    ap.add_argument("--build", action="append", choices=sorted(BUILDS),
                    help="run against this build only (repeatable; default both, in parallel)")
    ap.add_argument("--result", metavar="FILE", help=argparse.SUPPRESS)
    ap.add_argument("--list", action="store_true", help="list the suites and what each checks")
    a = ap.parse_args(argv)
    known = [n for n, _ in SUITES]
    names = [s.replace("_", "-") for s in (a.suite or known)]
    for n in names:
        if n not in known:
            ap.error(f"unknown suite {n!r}; valid suites: {', '.join(known)}")
    if a.list:
        for n, builds in SUITES:
            doc = (suite_module(n).__doc__ or "").strip().split(": ", 1)[-1]
            print(f"{n:<12} {'' if builds == 'both' else '(plain build only) '}"
                  f"{' '.join(doc.split())}")
        return 0
    builds = a.build or sorted(BUILDS, key=lambda b: b != "plain")
    if len(builds) == 1:
        return 1 if one_build(builds[0], names, a.result) else 0
    # Both builds at once, each in a child process of this script.
    os.makedirs(os.path.join(harness.ROOT, "build"), exist_ok=True)
    results = [os.path.join(harness.ROOT, "build", f"check-{b}.result") for b in builds]
    children = [subprocess.Popen([sys.executable, os.path.abspath(__file__), "--build", b,
                                  "--result", r] + sum((["--suite", n] for n in names), []))
                for b, r in zip(builds, results)]
    for c in children:
        c.wait()
    return total(results)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
