#!/usr/bin/env python3
"""crosscheck.py - differential testing against SPIN (make crosscheck).

Every scenario file x strategy x property, every known-bad twin on its
own scenario, and the two --concurrency goals for every strategy go
through both tools:

  ours   ./checker --scenario=F --strategy=S --property=P --json, with
         persistent sets (the default), with sleep sets and with none
  SPIN   ./checker ... --emit-promela=M.pml; spin -a -o2 M.pml;
         cc -DBFS -DSAFETY -DNOREDUCE pan.c; ./pan

(-o2: by default SPIN leaves a write-only variable out of its states, and
the store shadow is write-only when no checked property reads it; then
two of our states that differ only in the shadow, after a punch cleared
it, are one of SPIN's, and the state counts differ for no fault of
either model.)  The scenarios are the shipped ones, and those of
tests/crosscheck/, which test the comparison itself (two-stores-punch:
the shadow differs where nothing else does).

and the two must agree on:
  - the verdict: a violation of P, or none (an assertion of SPIN's other
    than P's - a lock released twice, say - is a disagreement too);
  - a violation's shortest counterexample length: both searches are
    breadth-first and the Promela model has one d_step per step of ours,
    so SPIN's trail has as many steps as our schedule (a deadlock or a
    lost wake-up one more, the watchdog's timeout);
  - an exhaustive run's state count and depth: the Promela state is ours,
    variable for variable, so the two state graphs are the same graph.
    Transitions are ours without the reduction + 1 (pan counts its initial
    state as one), plus the watchdog's timeouts when deadlock or
    lost-wakeup is checked.

Writes results/crosscheck.md (deterministic: no times) and ends with
"crosscheck: N agree, N disagree".  Exit 0 if all agree, 1 if not, 2 if
a tool is missing or fails.  --self-test breaks the Promela model on
purpose (faults of two sizes among the breakages) and checks that the
comparison notices.
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECKER = os.path.join(ROOT, "checker")
CC = os.environ.get("CC", "cc")
PAN_FLAGS = ["-O0", "-DBFS", "-DSAFETY", "-DNOREDUCE", "-w"]


class ToolError(Exception):
    pass


def run(cmd, cwd=None):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


# The --concurrency goals, each asked of its built-in scenario (two stores
# to one page, or to two pages), as concurrency.c asks it.
GOALS = {
    "overlap-same-page": ("same page", ["--threads=2", "--pages=1", "--words=2"]),
    "overlap-other-pages": ("other pages", ["--threads=2", "--pages=2", "--words=1"]),
}


def where(scenario):
    """The checker's arguments selecting a scenario file or a goal's scenario."""
    for label, args in GOALS.values():
        if scenario == label:
            return args
    return ["--scenario=" + scenario]


class Refused(Exception):
    """The checker refuses the cell (exit 2): a scheme without MAP_SYNC on a
    scenario that maps the file MAP_SYNC, one without a PMD fault path on
    a scenario with a PMD fault, or one whose write(2) does not invalidate a
    2 MiB entry on a scenario with write(2) and a huge page.  Nothing to
    compare."""


# What the checker says when it refuses a cell, and the cell's text.
REFUSALS = (("does not support MAP_SYNC", "no MAP_SYNC"),
            ("states no PMD fault path", "no PMD path"),
            ("states no invalidate path", "no invalidate path"),
            ("does not invalidate a 2 MiB entry", "no huge invalidation"))


def ours(scenario, strategy, prop):
    """Our verdict with persistent sets (the default), which must be the
    same with sleep sets and with no reduction; our states with sleep sets,
    which store every state (persistent sets store fewer, so only those
    can be SPIN's NOREDUCE count); and our transitions without any
    reduction (sleep sets prune transitions)."""
    got = {}
    for red in ("persistent", "sleep", "none"):
        rc, out, err = run([CHECKER, "--strategy=" + strategy, "--property=" + prop, "--json",
                            "--reduce=" + red] + where(scenario))
        for says, text in REFUSALS:
            if rc == 2 and says in err:
                raise Refused(text)
        if rc not in (0, 1):
            raise ToolError("checker exit %d: %s" % (rc, err.strip()))
        got[red] = json.loads(out)
    p, j, n = got["persistent"], got["sleep"], got["none"]
    if not ((p["verdict"], p["property"], len(p["schedule"])) ==
            (j["verdict"], j["property"], len(j["schedule"])) ==
            (n["verdict"], n["property"], len(n["schedule"]))) or \
            (j["verdict"] == "ok" and (j["states"], j["max_depth"]) != (n["states"], n["max_depth"])):
        raise ToolError("checker: --reduce=persistent, sleep and none disagree")
    return {
        "violation": p["verdict"] == "violation",
        "property": p["property"],
        "length": len(p["schedule"]),
        "states": j["states"],
        "transitions": n["transitions"],
        "depth": j["max_depth"],
    }


ASSERT_PROPS = {
    "no_stale_read": "stale-read",
    "no_use_after_free": "use-after-free",
    "no_lost_store": "lost-store",
    "no_stale_mapping": "stale-mapping",
    "no_overlap_same": "overlap-same-page",
    "no_overlap_other": "overlap-other-pages",
    "no_stale_after_crash": "stale-after-crash",
    "no_fsync_loss": "fsync-loss",
    "no_pt_corruption": "pt-corruption",
}


# Judged by the watchdog's timeout: one step more in SPIN's trail, and
# its timeouts add transitions.
WATCHDOG_PROPS = ("deadlock", "lost-wakeup")

SPIN_FLAGS = ["-o2"]


def spin_run(scenario, strategy, prop, mutate=None, spin_flags=None):
    """Emit, compile and run pan; returns SPIN's verdict as a dict."""
    tmp = tempfile.mkdtemp(prefix="crosscheck.")
    try:
        pml = os.path.join(tmp, "model.pml")
        rc, _, err = run([CHECKER, "--strategy=" + strategy, "--property=" + prop,
                          "--emit-promela=" + pml] + where(scenario))
        for says, text in REFUSALS:
            if rc == 2 and says in err:
                raise Refused(text)
        if rc != 0:
            raise ToolError("--emit-promela exit %d: %s" % (rc, err.strip()))
        if mutate:
            with open(pml) as f:
                text = f.read()
            with open(pml, "w") as f:
                f.write(mutate(text))
        flags = SPIN_FLAGS if spin_flags is None else spin_flags
        rc, out, err = run(["spin", "-a"] + flags + ["model.pml"], cwd=tmp)
        if rc != 0 or not os.path.exists(os.path.join(tmp, "pan.c")):
            raise ToolError("spin -a failed: %s%s" % (out.strip(), err.strip()))
        rc, out, err = run([CC] + PAN_FLAGS + ["-o", "pan", "pan.c"], cwd=tmp)
        if rc != 0:
            raise ToolError("cc pan.c failed: %s" % err.strip()[:500])
        rc, out, err = run(["./pan", "-w20"], cwd=tmp)
        return parse_pan(out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def parse_pan(out):
    m = re.search(r"errors: (\d+)", out)
    if not m:
        raise ToolError("pan printed no result:\n" + out[-800:])
    r = {"violation": int(m.group(1)) > 0, "property": None, "length": None}
    m = re.search(r"assertion violated (.*) \(at depth (\d+)\)", out)
    if m:
        expr = m.group(1).strip()
        if expr in ASSERT_PROPS:
            r["property"] = ASSERT_PROPS[expr]
        elif expr.startswith("!") and "waitq[" in expr:
            r["property"] = "lost-wakeup"
        elif re.fullmatch(r"[(]*ip\[0\]>=.*", expr):
            r["property"] = "deadlock"
        else:
            r["property"] = "spin assertion " + expr
        # pan reports the depth of the state the failing step left from;
        # the deadlock's failing step is the watchdog's.
        depth = int(m.group(2))
        r["length"] = depth if r["property"] in WATCHDOG_PROPS else depth + 1
    elif r["violation"]:
        r["property"] = "spin error: " + (re.search(r"pan:1: (.*)", out) or
                                          re.search(r"(.*)", "?")).group(1)
    if "max search depth too small" in out or "out of memory" in out:
        raise ToolError("pan did not finish:\n" + out[-800:])
    r["states"] = int(re.search(r"(\d+) states, stored", out).group(1))
    r["transitions"] = int(re.search(r"(\d+) transitions", out).group(1))
    r["depth"] = int(re.search(r"depth reached (\d+)", out).group(1))
    return r


def compare(o, s, prop):
    """The disagreements between our result o and SPIN's s, as text."""
    bad = []
    if o["violation"] != s["violation"]:
        bad.append("verdict: ours %s, SPIN %s" % (o["property"] or "ok", s["property"] or "ok"))
        return bad
    if o["violation"]:
        if s["property"] != prop:
            bad.append("SPIN found %s, not %s" % (s["property"], prop))
        if o["length"] != s["length"]:
            bad.append("length: ours %d, SPIN %d" % (o["length"], s["length"]))
        return bad
    if o["states"] != s["states"]:
        bad.append("states: ours %d, SPIN %d" % (o["states"], s["states"]))
    if o["depth"] != s["depth"]:
        bad.append("depth: ours %d, SPIN %d" % (o["depth"], s["depth"]))
    t = o["transitions"] + 1
    if (s["transitions"] != t) if prop not in WATCHDOG_PROPS else (s["transitions"] < t):
        bad.append("transitions: ours %d (+1), SPIN %d" % (o["transitions"], s["transitions"]))
    return bad


def cell(scenario, strategy, prop):
    try:
        o = ours(scenario, strategy, prop)
        s = spin_run(scenario, strategy, prop)
    except Refused as e:
        return {"refused": str(e)}
    except ToolError as e:
        return {"error": str(e)}
    return {"ours": o, "spin": s, "bad": compare(o, s, prop)}


def cell_text(r):
    if "refused" in r:
        return r["refused"]
    if "error" in r:
        return "ERROR"
    o, s = r["ours"], r["spin"]
    if r["bad"]:
        return "**DIFFER**"
    if o["violation"]:
        return "%d = %d" % (o["length"], s["length"])
    return "ok %d" % o["states"]


def is_file(arg):
    """A --strategy value that names a strategy file (the checker's rule)."""
    return "/" in arg or arg.endswith(".strategy")


def listing(strategy_file=None):
    """The strategies and twins, as --strategy= selects them (a shipped
    one by name, a file's by its path), each twin with its scenario file;
    and the properties.  strategy_file: one of one's own, listed too."""
    cmd = [CHECKER, "--list", "--json"]
    if strategy_file:
        cmd.append("--strategy=" + strategy_file)
    rc, out, err = run(cmd)
    if rc != 0:
        raise ToolError("checker --list --json: " + err)
    j = json.loads(out)
    sel = {(st["name"], st["file"]): st["name"] if st["shipped"] else st["file"]
           for st in j["strategies"]}
    twins = []
    for t in j.get("twins", []):
        base = sel[(t["strategy"], t["file"])]
        name = t["name"] if base == t["strategy"] else base + t["name"][len(t["strategy"]):]
        twins.append((name, os.path.join("scenarios", t["scenario"] + ".dax")))
    return list(sel.values()), twins, j["properties"]


def concurrency_table():
    """./checker --concurrency's answers: strategy -> [same page, other pages]."""
    rc, out, err = run([CHECKER, "--concurrency"])
    if rc != 0:
        raise ToolError("checker --concurrency exit %d: %s" % (rc, err))
    table = {}
    for line in out.splitlines():
        m = re.match(r"  (\S+)\s+(no|yes \(\d+ steps\))\s+(no|yes \(\d+ steps\))\s", line)
        if m:
            table[m.group(1)] = [m.group(2), m.group(3)]
    return table


def write_atomic(path, text):
    tmp = "%s.tmp.%d" % (path, os.getpid())
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def self_test():
    """Break the Promela model six ways, and run SPIN without -o2 on the
    scenario that needs it; each must be noticed."""
    cases = [
        ("lost-store assertion removed", "dax-generic", "lost-store",
         lambda t: t.replace("assert(no_lost_store);", "skip;")),
        ("ILOCK never held by another thread", "fs-zero-inside", "lost-store",
         lambda t: re.sub(r"\(held\[\d\] & 3\) != 0", "false", t)),
        ("vm_insert_mixed replaces a PTE, no -EBUSY", "fs-zero-inside", "lost-store",
         lambda t: t.replace(":: PTE(pg) == PTE_NONE -> PTE(pg) = blk[_pid]",
                             ":: true -> PTE(pg) = blk[_pid]"),
         "scenarios/hole-page.dax"),
        # Faults of two sizes: a PTE under a huge PMD no longer hangs a
        # table in the slot (the race goes unseen), and the 2 MiB entry's
        # lock no longer excludes a 4 KiB fault (more states).
        ("vm_insert_mixed under a PMD hangs no PTE table", "pmd-entry-lock", "pt-corruption",
         lambda t: t.replace("-> SLOT = SLOT | SLOT_TABLE", "-> skip"),
         "scenarios/pmd-pte-collide.dax"),
        ("the 2 MiB entry lock never held by another thread", "pmd-pte-recheck", "deadlock",
         lambda t: re.sub(r"#define RANGE_LOCKED\t.*", "#define RANGE_LOCKED\t(false)", t),
         "scenarios/pmd-zero-page.dax"),
        # v4.4's PMD fault: its clear_pmem of the 2 MiB wipes nothing (the
        # race goes unseen).
        ("clear_pmem of the 2 MiB zeroes nothing", "pmd-clear-pmem", "lost-store",
         lambda t: re.sub(r"data\[map\[(\d)\] \* NWORDS \+ w\] = 0;",
                          r"data[map[\1] * NWORDS + w] = data[map[\1] * NWORDS + w];", t),
         "scenarios/pmd-seed-race.dax"),
        # Not a broken model but SPIN's default: the write-only shadow
        # dropped, states that differ in it alone merged.
        ("spin -a without -o2", "dax-generic", "stale-read", None,
         "tests/crosscheck/two-stores-punch.dax"),
    ]
    failed = 0
    for case in cases:
        what, strategy, prop, mutate = case[:4]
        sc = case[4] if len(case) > 4 else "scenarios/seed-race.dax"
        o = ours(sc, strategy, prop)
        applied = []

        def mutate_checked(text, mutate=mutate):
            new = mutate(text)
            applied.append(new != text)
            return new
        if mutate:
            s = spin_run(sc, strategy, prop, mutate_checked)
        else:
            s = spin_run(sc, strategy, prop, spin_flags=[])
        if not all(applied):
            print("self-test %-52s the mutation no longer matches the emitted model" % (what + ":"))
            failed += 1
            continue
        bad = compare(o, s, prop)
        print("self-test %-52s %s" % (what + ":", "noticed: " + "; ".join(bad) if bad
                                       else "NOT NOTICED"))
        failed += not bad
    print("%d passed, %d failed" % (len(cases) - failed, failed))
    return 1 if failed else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--out", help="the table (default results/crosscheck.md; a run limited "
                    "by --strategy or --scenario writes none unless given)")
    ap.add_argument("--strategy", action="append",
                    help="only this strategy or twin (repeatable); or a strategy file of "
                    "your own, with its twins (one)")
    ap.add_argument("--scenario", action="append", help="only this scenario file (repeatable)")
    ap.add_argument("--self-test", action="store_true")
    args = ap.parse_args()
    # A strategy file of one's own is named from here, the rest from ROOT.
    args.strategy = [os.path.abspath(st) if is_file(st) else st for st in args.strategy or []]
    os.chdir(ROOT)
    for tool in ("spin", CC):
        if not shutil.which(tool):
            print("crosscheck: %s not found (Debian: apt-get install spin)" % tool,
                  file=sys.stderr)
            return 2
    if args.self_test:
        return self_test()
    files = [st for st in args.strategy if is_file(st)]
    if len(files) > 1:
        print("crosscheck: one strategy file at a time", file=sys.stderr)
        return 2
    strategies, twins, props = listing(files[0] if files else None)
    scenarios = [os.path.join(d, f) for d in ("scenarios", os.path.join("tests", "crosscheck"))
                 for f in sorted(os.listdir(d)) if f.endswith(".dax")]
    if files:
        # A file's twins come with it.
        args.strategy += [tw for tw, _ in twins if tw.startswith(files[0] + "~")]
    if args.strategy:
        unknown = set(args.strategy) - set(strategies) - {tw for tw, _ in twins}
        if unknown:
            print("crosscheck: unknown strategy %s" % ", ".join(sorted(unknown)), file=sys.stderr)
            return 2
        strategies = [st for st in strategies if st in args.strategy]
        twins = [(tw, sc) for tw, sc in twins if tw in args.strategy]
    if args.scenario:
        scenarios = [os.path.normpath(sc) for sc in args.scenario]
        for sc in scenarios:
            if not os.path.exists(sc):
                print("crosscheck: %s: no such scenario file" % sc, file=sys.stderr)
                return 2
        twins = [(tw, sc) for tw, sc in twins if os.path.normpath(sc) in scenarios]
    if not args.out and not args.strategy and not args.scenario:
        args.out = os.path.join(ROOT, "results", "crosscheck.md")
    jobs = [(sc, st, p) for sc in scenarios for st in strategies for p in props]
    # Each known-bad twin on the scenario it must fail.
    jobs += [(sc, tw, p) for tw, sc in twins for p in props]
    # The --concurrency goals, for each strategy, unless a run is limited
    # to some scenario files.
    goals = [] if args.scenario else list(GOALS)
    jobs += [(GOALS[g][0], st, g) for st in strategies for g in goals]
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        results = dict(zip(jobs, ex.map(lambda j: cell(*j), jobs)))

    rc, ver, _ = run(["spin", "-V"])
    lines = [
        "# Cross-check against SPIN",
        "",
        "Generated by `make crosscheck` (tests/crosscheck.py); do not edit.",
        "",
        "Every scenario x strategy x property (and each known-bad twin on its "
        "scenario, and each strategy's --concurrency goals) is checked twice: by `./checker "
        "--property=P`, and by SPIN on the model `./checker --emit-promela` writes, "
        "searched breadth-first with partial-order reduction off "
        "(`spin -a -o2`, which keeps the write-only store shadow in the state as ours does; "
        "`cc -DBFS -DSAFETY -DNOREDUCE pan.c`).  The scenarios are the shipped ones and "
        "those of tests/crosscheck/.  A cell reads `L = L'` for a "
        "violation found by both with shortest counterexamples of L steps (ours) "
        "and L' (SPIN's trail; a deadlock's or a lost wake-up's is one longer, the "
        "watchdog's timeout, "
        "and is shown less one), or `ok N` when both searches were exhaustive, "
        "found nothing, and stored the same N states.  A cell `no MAP_SYNC`, "
        "`no PMD path`, `no invalidate path` or `no huge invalidation` is one the "
        "checker refuses (exit 2: a scheme before v4.15 on a scenario that maps the file "
        "MAP_SYNC, a scheme without a PMD fault path on a scenario with a PMD fault, one "
        "without an invalidate path on a scenario that invalidates, or one whose write(2) "
        "does not invalidate a 2 MiB entry on a scenario with write(2) and a huge page): "
        "no comparison.  Anything else is a "
        "disagreement and fails the run.",
        "",
        "SPIN: " + ver.strip(),
        "",
    ]
    agree = disagree = 0
    notes = []

    def table(heading, cols, rows, props=props, text=""):
        """rows: (label cells, scenario, strategy) -> one markdown table."""
        nonlocal agree, disagree
        lines.extend(["## " + heading, ""] + ([text, ""] if text else []) +
                     ["| " + " | ".join(cols + props) + " |",
                      "|" + "---|" * (len(cols) + len(props))])
        for labels, sc, st in rows:
            row = []
            for p in props:
                r = results[(sc, st, p)]
                row.append(cell_text(r))
                if "refused" in r:
                    continue    # no comparison: the checker refuses it, exit 2
                if "error" in r or r["bad"]:
                    disagree += 1
                    notes.append("- %s, %s, %s: %s" % (os.path.basename(sc)[:-4], st, p,
                                                        r.get("error") or "; ".join(r["bad"])))
                else:
                    agree += 1
            lines.append("| %s |" % " | ".join(labels + row))
        lines.append("")

    for sc in scenarios:
        table(os.path.basename(sc)[:-4], ["strategy"], [([st], sc, st) for st in strategies])
    if twins:
        table("Known-bad twins, each on the scenario it must fail", ["twin", "scenario"],
              [([tw, os.path.basename(sc)[:-4]], sc, tw) for tw, sc in twins])
    if goals:
        lines.extend(["## The --concurrency goals", "",
                      "Can two write faults be between their first get_block and "
                      "vm_insert_mixed at once: on one page (two stores to one page), "
                      "on two (a store to each of two pages)?  `L = L'` is a shortest "
                      "witness (a yes), `ok N` an exhaustive no.  The same answers must "
                      "appear in `./checker --concurrency`.", "",
                      "| strategy | " + " | ".join(goals) + " | --concurrency |",
                      "|---|" + "---|" * (len(goals) + 1)])
        table_concurrency = concurrency_table()
        for st in strategies:
            row = []
            for g in goals:
                r = results[(GOALS[g][0], st, g)]
                row.append(cell_text(r))
                if "refused" in r:
                    continue    # no comparison: the checker refuses it, exit 2
                if "error" in r or r["bad"]:
                    disagree += 1
                    notes.append("- %s, %s: %s" % (st, g, r.get("error") or "; ".join(r["bad"])))
                else:
                    agree += 1
            if any("refused" in results[(GOALS[g][0], st, g)] for g in goals):
                lines.append("| %s | %s | (no SPIN answers to compare) |" % (st, " | ".join(row)))
                continue
            # Our --concurrency table must give the same answers.
            want = []
            for g in goals:
                r = results[(GOALS[g][0], st, g)]
                o = r.get("ours")
                want.append("?" if not o else "yes (%d steps)" % o["length"] if o["violation"]
                            else "no")
            got = table_concurrency.get(st)
            if got == want:
                agree += 1
                row.append("same")
            else:
                disagree += 1
                row.append("**DIFFER**")
                notes.append("- %s: --concurrency says %s, --property says %s" % (st, got, want))
            lines.append("| %s | %s |" % (st, " | ".join(row)))
        lines.append("")
    lines.append("**%d comparisons: %d agree, %d disagree.**" % (agree + disagree, agree, disagree))
    if notes:
        lines.append("")
        lines.append("Disagreements:")
        lines.append("")
        lines.extend(notes)
    if args.out:
        write_atomic(args.out, "\n".join(lines) + "\n")
    for n in notes:
        print(n)
    print("crosscheck: %d agree, %d disagree%s" % (agree, disagree,
          " (%s)" % os.path.relpath(args.out) if args.out else ""))
    return 1 if disagree else 0


if __name__ == "__main__":
    sys.exit(main())
