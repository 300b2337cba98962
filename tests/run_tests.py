#!/usr/bin/env python3
"""run_tests.py - every test `make check` runs, ending with "N passed, N failed".

Suites, each run against the normal build and again against the build with
AddressSanitizer and UndefinedBehaviorSanitizer (build/asan/):

  unit         the C unit tests of tests/unit/ (each counts its own checks)
  matrix       every scenario file against every strategy, judged against
               the file's `expect` lines; each counterexample's replay command
               must reproduce it
  cli          what a new user runs: the seed race, its fix, scaled scenarios
  determinism  two runs, and runs with different hash-table sizes, print
               byte-identical output apart from the one line reporting time
  bad-input    malformed scenario files and command lines exit 2 with one
               clear message on stderr and nothing on stdout
  limits       a search stopped by --max-states or --max-memory says
               INCOMPLETE and exits 3, never "no violation"
  json         --json prints one parseable object; --json=FILE writes the
               file whole
  catalogue    the eight strategies and their sources; the verdicts history
               gave, pinned here as well as in the scenario files; the
               concurrency report; the verdict matrix (--matrix, which must
               fail on a wrong expectation)
  promela      --property narrows a search and its replay; --emit-promela
               writes a deterministic SPIN model, whole or not at all
               (make crosscheck runs SPIN on it)

Run from the top of the source tree (make check does).
"""

import glob
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

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


def suite_determinism(checker, label):
    runs = [
        ["--strategy=dax-generic"],
        ["--strategy=fs-zero-inside", "--threads=3", "--words=3"],
        ["--strategy=dax-generic", "--threads=3", "--pages=2", "--words=2", "--search=dfs"],
        ["--strategy=fs-zero-inside", "--scenario=scenarios/hole-page.dax", "--json"],
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

    def expect_2(name, args, want):
        code, out, err = run([checker] + args)
        ok(f"{label} bad-input {name}",
           code == 2 and want in err and out == "" and len(err.strip().splitlines()) == 1
           and "Sanitizer" not in err,
           f"exit {code}, stderr {err.strip()!r}, want {want!r}")

    for name, lineno, what in table:
        path = f"tests/bad/{name}"
        expect_2(name, [f"--scenario={path}"], f"{path}:{lineno}: {what}")

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
    expect_2("unwritable json file", ["--json=/nonexistent/dir/out.json"],
             "--json=/nonexistent/dir/out.json: cannot write")


def suite_limits(checker, label):
    for args, why in ((["--max-states=10"], "--max-states reached"),
                      (["--max-memory=1K"], "--max-memory")):
        for s in ("fs-zero-inside", "dax-generic"):
            code, out, err = run([checker, f"--strategy={s}", "--threads=3", "--words=3"] + args)
            ok(f"{label} limits {s} {' '.join(args)}: INCOMPLETE, exit 3",
               code == 3 and "INCOMPLETE" in out and why in out
               and "no violation" not in out, f"exit {code}\n{out}{err}")
    code, out, err = run([checker, "--strategy=fs-zero-inside", "--max-states=10", "--json"])
    r = json.loads(out) if out else {}
    ok(f"{label} limits: JSON says incomplete", code == 3 and r.get("verdict") == "incomplete",
       f"exit {code} {out}")
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
    code, out, err = run([checker, "--emit-promela", "--json"])
    ok(f"{label} promela: --emit-promela with --json is refused (exit 2)",
       code == 2 and "cannot be combined" in err, f"exit {code}\n{err}")


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
        suite_catalogue(checker, tag)
        suite_promela(checker, tag)
        print(f"{tag}: done ({passed} passed, {failed} failed so far)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
