"""harness.py - what every test suite of make check shares: counting
results (ok), running the checker, and the facts the suites check
against (the verdicts history gave, the concurrency report)."""

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


# The strategies of 2015-2016, in the order --list gives them (roughly the
# kernel's); a strategy file added since comes after them, or among them.
HISTORICAL = ["dax-generic", "xfs-unwritten", "i-mmap-write", "range-lock", "fs-zero-inside",
              "xfs-mmaplock", "ext2-zero-and-new", "entry-lock"]


# What the kernel's history says (../shared/kernel-history.md), pinned here
# so that editing a strategy file's expect line cannot quietly change it.
HISTORY = {
    "seed-race.dax": {"dax-generic": "lost-store", "xfs-unwritten": "lost-store",
                      "ext2-zero-and-new": "lost-store", "i-mmap-write": "ok",
                      "range-lock": "ok", "fs-zero-inside": "ok", "xfs-mmaplock": "ok",
                      "entry-lock": "ok"},
    "punch-race.dax": {"dax-generic": "use-after-free", "fs-zero-inside": "use-after-free",
                       "xfs-mmaplock": "ok", "entry-lock": "ok"},
    "store-vs-load.dax": {"dax-generic": "stale-read", "fs-zero-inside": "ok",
                          "xfs-mmaplock": "ok", "entry-lock": "ok"},
    # 13e451fdc1af: v4.10's fault looked the block up before its entry lock
    # (9f141d6ef625), and a read fault mapped the hole page over data
    # write(2) had just written; locking the entry first fixed it.
    "write-vs-fault.dax": {"iomap-begin-first": "stale-mapping", "iomap-entry-first": "ok"},
    # MAP_SYNC (v4.15, a39e596baa07 with dax_finish_sync_fault()): a write
    # fault fdatasyncs before it installs the writable PTE, so a store
    # persisted from user space is the file's after a crash.
    "map-sync.dax": {"xfs-map-sync": "ok"},
    # 965d004af540: from v4.7 to v4.9 a hole page that replaced a locked
    # empty DAX entry woke one of the faults asleep on it, and the others
    # slept for ever; waking all fixed it (v4.10, stable 4.7+).
    "three-hole-reads.dax": {"entry-lock": "lost-wakeup", "entry-lock-wake-all": "ok",
                             "iomap-begin-first": "ok", "iomap-entry-first": "ok"},
    # 237388320dee: up to v5.12 an invalidation that deleted a DAX entry
    # woke the next sleeper only, who found no entry and woke nobody; the
    # third invalidate_inode_pages2() slept for ever; waking all fixed it
    # (v5.13-rc2).
    "three-invalidates.dax": {"xarray-entry": "lost-wakeup", "xarray-entry-wake-all": "ok"},
    # e2093926a: a 4 KiB fault passed mm's unlocked pmd_devmap() check, a
    # PMD fault installed its PMD, and the PTE went in under it; re-checking
    # the PMD after taking the entry lock fixed it.
    "pmd-pte-collide.dax": {"pmd-entry-lock": "pt-corruption", "pmd-pte-recheck": "ok"},
    # v4.4's __dax_pmd_fault cleared a BH_New 2 MiB extent after get_block,
    # unlocked, as v4.2's __dax_fault cleared a page: the seed race at 2 MiB
    # (inferred from the code); filesystems zeroing inside get_block and
    # returning the extent not new (v4.5) fixed it.
    "pmd-seed-race.dax": {"pmd-clear-pmem": "lost-store", "pmd-fs-zero": "ok"},
    # 348e967ab07c: v4.7's entry lock is per page index and __dax_pmd_fault
    # took none, so a read fault's hole page went in after a PMD write
    # fault's shoot-down; making FS_DAX_PMD depend on BROKEN fixed it.  In
    # the message's two processes the reader's hole page stays mapped over
    # the writer's data (stale-mapping); in one page table the PMD is set
    # over the hole page's PTE table (pt-corruption).
    "pmd-hole-race-2mm.dax": {"pmd-index-lock": "stale-mapping", "pmd-config-broken": "ok"},
    "pmd-hole-race.dax": {"pmd-index-lock": "pt-corruption", "pmd-config-broken": "ok"},
}


# The concurrency report: (same page, different pages).
OVERLAP = {"dax-generic": ("yes", "yes"), "fs-zero-inside": ("yes", "yes"),
           "xfs-mmaplock": ("yes", "yes"), "i-mmap-write": ("no", "no"),
           "range-lock": ("no", "yes"), "entry-lock": ("no", "yes")}


def count(p, f):
    """Add p passed and f failed tests counted elsewhere (a C unit test's
    own summary)."""
    global passed, failed
    passed += p
    failed += f


def ok(name, cond, detail=""):
    """Count one test; print a line only for a failure, with its detail."""
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name}" + (f": {detail}" if detail else ""))
    return cond


# make coverage runs the tests against an unoptimised, instrumented build:
# it scales every time limit by DAX_TIMEOUT_SCALE.
TIMEOUT_SCALE = float(os.environ.get("DAX_TIMEOUT_SCALE", "1"))


def run(args, timeout=600):
    """Run a command; returns (exit status, stdout, stderr)."""
    p = subprocess.run(args, capture_output=True, text=True, timeout=timeout * TIMEOUT_SCALE,
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


def listing(checker, *extra):
    """--list --json: the strategies (with their files, expectations and
    unreached steps), twins, properties and shipped scenarios."""
    code, out, err = run([checker, "--list", "--json"] + list(extra))
    return json.loads(out)


def strategies(checker):
    return [s["name"] for s in listing(checker)["strategies"]]


def scenario_names(checker):
    """The shipped scenarios: [(name, file in the source tree)]."""
    return [(s["name"], s["file"]) for s in listing(checker)["scenarios"]]


def refused(code, out, err):
    """A run the checker refuses (exit 2, one line on stderr, nothing on
    stdout): a scheme before v4.15 on a scenario that maps the file MAP_SYNC,
    as mmap() would, or a strategy without a PMD path on a PMD fault."""
    return refused_cell(code, out, err) is not None


def refused_cell(code, out, err):
    """What the matrix says of a refused run ("no MAP_SYNC", "no PMD
    path", "no invalidate path", "no huge invalidation"), or None if the run
    was not refused."""
    if code != 2 or out:
        return None
    if "does not support MAP_SYNC" in err:
        return "no MAP_SYNC"
    if "states no PMD fault path" in err:
        return "no PMD path"
    if "states no invalidate path" in err:
        return "no invalidate path"
    if "does not invalidate a 2 MiB entry" in err:
        return "no huge invalidation"
    return None


def judge_cells(checker, scenario, names):
    """Run scenario (a shipped name or a file) against strategies names:
    each exit status must match its verdict, and each counterexample's
    replay command reproduce it.  Returns (failures, {strategy: verdict})."""
    bad, found = [], {}
    for s in names:
        code, out, err = run([checker, f"--scenario={scenario}", f"--strategy={s}", "--json"])
        if refused(code, out, err):
            found[s] = refused_cell(code, out, err)
            continue
        try:
            r = json.loads(out)
        except ValueError:
            bad.append(f"{scenario} x {s}: exit {code}, output is not JSON: {err.strip()}")
            continue
        found[s] = r["property"] if r["verdict"] == "violation" else r["verdict"]
        want_code = {"ok": 0, "violation": 1, "incomplete": 3}[r["verdict"]]
        if code != want_code:
            bad.append(f"{scenario} x {s}: verdict {r['verdict']} but exit status {code}")
        if r["verdict"] == "violation":
            # The printed replay command must reproduce the violation.
            cmd = shlex.split(r["replay"])
            cmd[0] = checker
            rc, rout, rerr = run(cmd + ["--json"])
            rr = json.loads(rout) if rc in (0, 1) else {}
            if rc != 1 or rr.get("property") != r["property"] or \
               rr.get("schedule") != r["schedule"]:
                bad.append(f"{scenario} x {s}: replay did not reproduce: {r['replay']}: "
                           f"exit {rc} {rerr.strip()}")
    return bad, found


def expectation_advice(checker, strategy):
    """What --matrix --strategy=S says to add or change, as the lines after
    its UNEXPECTED line ("" if every cell is as its files expect)."""
    code, out, err = run([checker, "--matrix", f"--strategy={strategy}"])
    if code == 0:
        return ""
    lines = out.splitlines()
    at = next((i for i, l in enumerate(lines) if l.startswith("UNEXPECTED")), None)
    if code != 1 or at is None:
        return f"--matrix --strategy={strategy}: exit {code} {err.strip()}"
    return "\n".join(lines[at:])


def same_run(a, b):
    """Two --json reports of one search, but for how the strategy was
    named (its file, the replay command's --strategy=)."""
    drop = ("strategy_file", "replay", "time")
    return {k: v for k, v in a.items() if k not in drop} == \
        {k: v for k, v in b.items() if k not in drop}


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


def matrix_cells(out):
    """{(strategy, scenario): verdict} from --matrix's table."""
    lines = out.splitlines()
    hi = next((i for i, l in enumerate(lines) if l.startswith("strategy ")), None)
    cells = {}
    if hi is None:
        return cells
    scen = lines[hi].split()[1:-2]
    for l in lines[hi + 1:]:
        if not l.strip():
            break
        words, vals, i = l.split(), [], 1
        while i < len(words) and len(vals) < len(scen):
            if words[i] == "no":    # a refused cell: "no MAP_SYNC", "no PMD path",
                # "no write path", "no invalidate path", "no huge invalidation"
                n = 3 if words[i + 1] in ("write", "PMD", "invalidate", "huge") else 2
                vals.append(" ".join(words[i:i + n]))
                i += n
                continue
            vals.append(words[i])
            i += 1 if words[i] in ("ok", "incomplete") else 2
            while i < len(words) and words[i] in ("!", "?"):
                i += 1
        for sc, v in zip(scen, vals):
            cells[(words[0], sc)] = v
    return cells


def twins(checker):
    return listing(checker)["twins"]


def unreached_over(checker, strategy, files):
    """The steps of strategy no run over files executes, as (handler, step,
    name): a step counts as reached if some run that enters its handler
    reaches it.  The fault and punch handlers must be entered by some run
    (else they are named in `missing`); a PMD fault handler is counted only
    where some scenario enters it.  A run that passes over a step (inert: a
    durability step in a scenario without a crash) neither reaches it nor
    misses it."""
    left = {}
    props = listing(checker)["properties"]
    for path in files:
        code, out, err = run([checker, f"--strategy={strategy}", f"--scenario={path}", "--json"])
        if refused(code, out, err):
            continue    # it never runs that scenario
        r = json.loads(out)
        # A search that stopped at a violation has not run what lies past
        # it; --lint explores everything.  A search judging one property
        # the scenario keeps explores everything too: take the first.
        for p in props if r["verdict"] == "violation" else []:
            code, out, err = run([checker, f"--strategy={strategy}", f"--scenario={path}",
                                  "--json", f"--property={p}"])
            if code == 0 and json.loads(out)["unreached_exhaustive"]:
                r = json.loads(out)
                break
        for h in ("fault", "punch", "pmd_fault"):
            if not r[f"{h}_exercised"]:
                continue
            # A step this run passes over (a durability step without a
            # crash) says nothing: it is left in, for a run that can reach
            # it to take out.
            here = {(u["handler"], u["step"], u["name"]) for u in r["unreached"] + r["inert"]
                    if u["handler"] == h}
            left[h] = here if h not in left else left[h] & here
    missing = [h for h in ("fault", "punch") if h not in left]
    return set().union(*left.values()) if left else set(), missing


def maps_sync_refused(st, scen_file):
    """True if strategy st (a --list --json entry) would refuse the scenario
    file: it maps the file MAP_SYNC (`mmap sync`) and st's file has no
    `mmap_supported_flags MAP_SYNC` line.  (A wrong answer cannot hide a
    failure: a refused run exits 2, which the suites fail on.)"""
    def lines(path):
        with open(path) as f:
            return [l.split("#")[0].split() for l in f]
    return ["mmap", "sync"] in lines(scen_file) and \
        ["mmap_supported_flags", "MAP_SYNC"] not in lines(st["file"])


def pmd_paths(checker):
    """The strategies with a PMD fault path (a pmd_fault handler)."""
    return {st["name"] for st in listing(checker)["strategies"]
            if re.search(r"^pmd_fault\s*$", open(st["file"]).read(), re.M)}


def has_pmd_fault(path):
    """Returns True if scenario file path has a PMD fault (pmd:)."""
    return re.search(r"\bpmd:", open(path).read()) is not None


def invalidate_paths(checker):
    """The strategies with an invalidate path (an invalidate handler)."""
    return {st["name"] for st in listing(checker)["strategies"]
            if re.search(r"^invalidate\s*$", open(st["file"]).read(), re.M)}


def has_invalidate(path):
    """Returns True if scenario file path invalidates (invalidate P)."""
    return re.search(r"^T\d+:.*\binvalidate\b", open(path).read(), re.M) is not None


def huge_invalidation_paths(checker):
    """The strategies whose write(2) invalidates a 2 MiB entry (an
    inval_range step)."""
    return {st["name"] for st in listing(checker)["strategies"]
            if re.search(r"\binval_range\b", open(st["file"]).read())}


def has_huge_write(path):
    """Returns True if scenario file path has a huge page and a write(2)."""
    text = open(path).read()
    return re.search(r"^huge\b", text, re.M) is not None and \
        re.search(r"^T\d+:.*\bwrite\b", text, re.M) is not None


def reduction_cases(checker):
    """(label, arguments) of every model the reduction is compared on: not
    a model the checker refuses (a scheme before v4.15 on a MAP_SYNC
    scenario, a PMD fault under a strategy without a PMD path, an
    invalidate under one without an invalidate path, a write(2) into a
    huge page under one whose write(2) does not invalidate a 2 MiB
    entry)."""
    cases = []
    names = strategies(checker)
    pmd = pmd_paths(checker)
    inval = invalidate_paths(checker)
    huge_inval = huge_invalidation_paths(checker)
    # The shipped scenarios, and the boundary cases (a punch of page 1, a
    # thread of 8 operations over 8 pages, store values at the packing's
    # limits, MAP_SYNC without a crash, PMD faults), given by path.
    files = [(scen, path, scen) for scen, path in scenario_names(checker)]
    files += [(os.path.basename(path)[:-4], path, path)
              for path in sorted(glob.glob("tests/boundary/*.dax"))]
    for scen, path, arg in files:
        for st in listing(checker)["strategies"]:
            if maps_sync_refused(st, path):
                continue
            st = st["name"]
            if has_pmd_fault(path) and st not in pmd:
                continue
            if has_invalidate(path) and st not in inval:
                continue
            if has_huge_write(path) and st not in huge_inval:
                continue
            cases.append((f"{scen} x {st}", [f"--scenario={arg}", f"--strategy={st}"]))
    for tw in twins(checker):
        cases.append((tw["name"], [f"--scenario={tw['scenario']}", f"--strategy={tw['name']}"]))
    for st in names:
        cases.append((f"4 threads x {st}", ["--threads=4", "--words=4", f"--strategy={st}"]))
        cases.append((f"4 threads, 2 pages x {st}",
                      ["--threads=4", "--pages=2", "--words=2", f"--strategy={st}"]))
    return cases


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
            m = re.match(r"^\[?(no MAP_SYNC|no PMD path|no invalidate path|"
                         r"no huge invalidation|ok|incomplete|[a-z-]+)", c)
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
