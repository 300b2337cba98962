#!/usr/bin/env python3
"""results.py - make results: the verdict matrix, a diagram of every
counterexample, and one offline report page.

Why: kernel developers argue on mailing lists and in review; they need a
table and a picture they can paste or link.  This script turns the
checker's --json output into:
  results/README.md        the verdict matrix (strategy x scenario: ok or the
                           property, the shortest counterexample's length,
                           states, time), the concurrency columns, the
                           known-bad twins, and what every file here is;
  results/diagrams/*.svg   one swim-lane diagram per counterexample
                           (scripts/diagram.py), matrix cells and twins;
  results/index.html       one page that needs no network, only the diagrams
                           beside it: the matrix, each cell opening its
                           counterexample (collapsed until then) with its
                           diagram and replay command, the scaling plot of
                           make bench, and the SPIN cross-check table; none
                           of the reports' notes to their maintainers.

What it runs: ./checker --list --json (the strategies and twins), then
./checker --strategy=S --scenario=F --json for every strategy and every
scenarios/*.dax, every twin on the scenario it must fail, and each
strategy's two --concurrency goals (--property=overlap-*).  What it reads:
results/bench.svg, bench.md, crosscheck.md (make bench, make crosscheck)
and results/matrix-times.json.

Times: a search's time varies from run to run, so it cannot be part of a
page that must be byte-identical when regenerated.  The time column comes
from results/matrix-times.json, which `make matrix-times` (this script with
--time) measures: every cell 3 times, interleaved, the median of the
checker's own search time.  A cell whose states no longer match the
measured run says "not timed".

Deterministic: the same checker, scenarios and inputs give byte-identical
output (fixed order, no dates, no paths of this machine), whatever --jobs
(the checker runs made at once, by default one a core).  All of it is
written to a staging directory first and moved into place at the end, so a
failure leaves the old results whole.  Standard library only.

Usage: python3 scripts/results.py [--checker ./checker] [--in results] [--out results]
       [--strategy FILE] [--jobs N]
       (the defaults are those of the source tree this script is in; --strategy adds a
       strategy file of your own after the shipped ones, whose pages go to --out)
       python3 scripts/results.py --time [--checker ./checker] [--runs 3]
Exit status: 0 written; 1 a self-check failed (an SVG or the HTML does not
parse); 2 usage, a checker run failed or an input is unreadable; 3 written,
but some search stopped before a verdict (--max-states): its cell says
"incomplete".
"""
import argparse
import concurrent.futures
import glob
import html
import html.parser
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import diagram  # noqa: E402
from bench import machine, machine_line  # noqa: E402
from plot import self_check, write_atomic  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Colors of the verdicts, the same on the page and in its legend.
VERDICT_COLORS = {
    "ok": ("#e6f4ea", "#1e7b34"),
    "lost-store": ("#fbe3e3", "#b3261e"),
    "stale-read": ("#fdebd3", "#a35200"),
    "use-after-free": ("#efe3f7", "#6a1b9a"),
    "stale-mapping": ("#fff6cc", "#7a6000"),
    "lost-wakeup": ("#e8eaf6", "#283593"),
    "deadlock": ("#e3e8ef", "#263238"),
    "stale-after-crash": ("#fde0ef", "#8e1b5a"),
    "fsync-loss": ("#e0f2f1", "#00695c"),
    "pt-corruption": ("#e1f5fe", "#01579b"),
    "incomplete": ("#ffffff", "#555555"),
    "no MAP_SYNC": ("#f1f3f4", "#5f6368"),
    "no PMD path": ("#f1f3f4", "#5f6368"),
    "no invalidate path": ("#f1f3f4", "#5f6368"),
    "no huge invalidation": ("#f1f3f4", "#5f6368"),
}

# A cell the checker refuses (exit 2), which has no verdict: a scheme
# before v4.15 on a scenario that maps the file MAP_SYNC, whose mmap()
# fails, a strategy without a PMD path on a PMD fault, one without an
# invalidate path on an invalidate, or one whose write(2) does not
# invalidate a 2 MiB entry on a write(2) into a huge page.  What its
# message says -> what the cell says, and why (the cell's title).
REFUSED = {"does not support MAP_SYNC": "no MAP_SYNC",
           "states no PMD fault path": "no PMD path",
           "states no invalidate path": "no invalidate path",
           "does not invalidate a 2 MiB entry": "no huge invalidation"}
REFUSED_TITLE = {"no MAP_SYNC": "mmap() fails: no MAP_SYNC before v4.15",
                 "no PMD path": "the strategy has no PMD fault path",
                 "no invalidate path": "the strategy has no invalidate path",
                 "no huge invalidation": "the strategy's write(2) does not invalidate "
                                         "a 2 MiB entry"}

PLAIN = {
    "ok": "no violation",
    "lost-store": "loses stores",
    "stale-read": "exposes stale data",
    "use-after-free": "maps freed blocks",
    "stale-mapping": "leaves the hole page mapped",
    "lost-wakeup": "leaves a thread asleep for ever",
    "deadlock": "deadlocks",
    "stale-after-crash": "exposes stale data after a crash",
    "fsync-loss": "loses fsync'd stores in a crash",
    "pt-corruption": "corrupts the page table (a PMD and a PTE table in one slot)",
}


class Fatal(Exception):
    """A failure that exits 2 with its message; nothing is written."""


# ---------------------------------------------------------------- running

EXTRA = []    # --max-states=N for every run (results.py --max-states)


def run_checker(checker, args):
    """Run the checker with --json; returns its JSON document.  Exit 0 or 1
    is a verdict, 3 a search that stopped (shown as "incomplete", never
    as ok); anything else (a usage error) is fatal."""
    cmd = [checker] + args + EXTRA + ["--json"]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    except OSError as e:
        raise Fatal(f"cannot run {checker}: {e.strerror}")
    why = next((cell for msg, cell in REFUSED.items() if msg in p.stderr), None)
    if p.returncode == 2 and not p.stdout and why:
        return {"verdict": why, "refused": True, "states": 0, "trace": [],
                "expected": None, "time": {"seconds": 0.0}}
    if p.returncode not in (0, 1, 3):
        raise Fatal(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.strip()[-400:]}")
    try:
        return json.loads(p.stdout)
    except ValueError as e:
        raise Fatal(f"{' '.join(cmd)}: output is not JSON: {e}")


# The strategy file of one's own (--strategy=FILE) that the pages show
# after the shipped strategies; None: the shipped ones only.
USER_STRATEGY = []

# What --strategy= selects each strategy and twin by: its name, or for a
# strategy file of one's own its path (and PATH~MUTATION for its twins).
SELECTOR = {}


def catalogue(checker):
    """The strategies [(name, summary, source)] and twins [(name, of,
    summary, scenario, property)] that ./checker --list --json names."""
    cmd = [checker, "--list", "--json"] + [f"--strategy={f}" for f in USER_STRATEGY]
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    except OSError as e:
        raise Fatal(f"cannot run {checker}: {e.strerror}")
    if p.returncode != 0:
        raise Fatal(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr.strip()}")
    try:
        lst = json.loads(p.stdout)
    except ValueError as e:
        raise Fatal(f"{' '.join(cmd)}: output is not JSON: {e}")
    strategies, twins, files = [], [], {}
    for st in lst["strategies"]:
        if st["name"] in SELECTOR:
            raise Fatal(f"{st['file']}: strategy {st['name']} is also "
                        f"{files[st['name']]}'s: rename one")
        SELECTOR[st["name"]] = st["name"] if st["shipped"] else st["file"]
        files[st["name"]] = st["file"]
        strategies.append((st["name"], st["summary"], st["source"]))
    for tw in lst["twins"]:
        base = SELECTOR[tw["strategy"]]
        SELECTOR[tw["name"]] = tw["name"] if base == tw["strategy"] else \
            base + tw["name"][len(tw["strategy"]):]
        twins.append((tw["name"], tw["strategy"], tw["mutation"], tw["scenario"],
                      tw["property"]))
    if not strategies:
        raise Fatal(f"{checker} --list named no strategies")
    return strategies, twins


def scenario_files():
    files = sorted(glob.glob(os.path.join(ROOT, "scenarios", "*.dax")))
    if not files:
        raise Fatal("no scenarios/*.dax")
    return [os.path.relpath(f, ROOT) for f in files]


def scen_name(path):
    return os.path.splitext(os.path.basename(path))[0]


def diagram_name(scenario, strategy):
    return f"{scenario}__{strategy}.svg"


JOBS = [os.cpu_count() or 1]   # checker runs at once (--jobs)


def run_all(checker, runs):
    """{key: JSON document} for runs [(key, args)], JOBS[0] at once: each
    run is its own process and its own result, so what is collected never
    depends on how many ran at once or which finished first."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, JOBS[0])) as pool:
        futures = [(key, pool.submit(run_checker, checker, args)) for key, args in runs]
        return {key: f.result() for key, f in futures}


def collect(checker):
    """Every run the pages show, in a fixed order."""
    strategies, twins = catalogue(checker)
    files = scenario_files()
    runs = []
    for s, _, _ in strategies:
        for f in files:
            runs.append((("cell", s, scen_name(f)), [f"--strategy={SELECTOR[s]}",
                                                     f"--scenario={f}"]))
    for s, _, _ in strategies:
        runs.append((("conc", s, "same"), [f"--strategy={SELECTOR[s]}",
                                           "--property=overlap-same-page"]))
        runs.append((("conc", s, "other"), [f"--strategy={SELECTOR[s]}", "--threads=2",
                                            "--pages=2", "--words=1",
                                            "--property=overlap-other-pages"]))
    for name, _, _, scen, _ in twins:
        runs.append((("twin", name), [f"--strategy={SELECTOR[name]}", f"--scenario={scen}"]))
    done = run_all(checker, runs)
    cells = {k[1:]: v for k, v in done.items() if k[0] == "cell"}
    conc = {k[1:]: v for k, v in done.items() if k[0] == "conc"}
    twin_runs = {k[1]: v for k, v in done.items() if k[0] == "twin"}
    version = subprocess.run([checker, "--version"], capture_output=True, text=True,
                             cwd=ROOT).stdout.strip()
    return {"strategies": strategies, "twins": twins, "files": files, "cells": cells,
            "conc": conc, "twin_runs": twin_runs, "version": version}


def verdict(doc):
    if doc["verdict"] == "violation":
        return doc["property"]
    return doc["verdict"]


# ---------------------------------------------------------------- times

def measure_times(checker, runs, out):
    """--time: every matrix cell `runs` times, interleaved; the median of
    the checker's own search time, with the states it stored."""
    strategies, _ = catalogue(checker)
    files = scenario_files()
    samples = {}
    for _ in range(runs):
        for s, _, _ in strategies:
            for f in files:
                doc = run_checker(checker, [f"--strategy={SELECTOR[s]}", f"--scenario={f}"])
                if doc.get("refused"):
                    continue
                key = f"{s} {scen_name(f)}"
                samples.setdefault(key, {"states": doc["states"], "seconds": []})
                samples[key]["seconds"].append(doc["time"]["seconds"])
    data = {
        "what": "median of the checker's own search time (its --json time.seconds) over "
                f"{runs} runs per cell, runs interleaved; make matrix-times",
        "machine": machine_line(machine()),
        "checker": subprocess.run([checker, "--version"], capture_output=True,
                                  text=True).stdout.strip(),
        "runs": runs,
        "cells": {k: {"states": v["states"], "seconds": statistics.median(v["seconds"])}
                  for k, v in sorted(samples.items())},
    }
    write_atomic(out, json.dumps(data, indent=1, sort_keys=True) + "\n")


def load_times(path):
    if not os.path.exists(path):
        return None
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        raise Fatal(f"{path}: {e}")
    good = isinstance(data, dict) and isinstance(data.get("cells"), dict) and all(
        isinstance(data.get(k), str) for k in ("what", "machine", "checker")) and all(
        isinstance(c, dict) and isinstance(c.get("states"), int)
        and isinstance(c.get("seconds"), (int, float)) for c in data["cells"].values())
    if not good:
        raise Fatal(f"{path}: not what make matrix-times writes (run it again)")
    return data


def cell_time(times, strategy, scenario, states):
    """The measured median, or None if not measured for this search."""
    if not times:
        return None
    c = times.get("cells", {}).get(f"{strategy} {scenario}")
    if not c or c.get("states") != states:
        return None
    return c["seconds"]


def fmt_seconds(s):
    if s is None:
        return "not timed"
    if s < 1e-3:
        return f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1e3:.2g} ms" if s < 0.01 else f"{s * 1e3:.0f} ms"
    return f"{s:.2f} s"


def fmt_int(n):
    return f"{n:,}"


# ---------------------------------------------------------------- markdown

def cell_words(doc):
    v = verdict(doc)
    if v == "ok" or doc.get("refused"):
        return "ok"
    if v == "incomplete":
        return "incomplete"
    return f"{v}, {len(doc['trace'])} steps"


def unexpected(doc):
    """A verdict the files do not expect (the strategy's `expect` line, or
    the scenario's; a search that stopped has no verdict, so it is not
    one)."""
    v = verdict(doc)
    return bool(doc.get("expected")) and v != "incomplete" and doc["expected"] != v


def strategy_summary(data, s):
    """The distinct verdicts of strategy s over the scenarios, worst first."""
    props = []
    for f in data["files"]:
        doc = data["cells"][(s, scen_name(f))]
        v = verdict(doc)
        if v != "ok" and not doc.get("refused") and v not in props:
            props.append(v)
    order = list(PLAIN)
    props.sort(key=lambda p: order.index(p) if p in order else len(order))
    return props


def incomplete_runs(data):
    """How many of the runs shown stopped before a verdict."""
    runs = list(data["cells"].values()) + list(data["conc"].values()) \
        + list(data["twin_runs"].values())
    return sum(1 for d in runs if d["verdict"] == "incomplete")


def overlap_words(doc):
    if doc["verdict"] == "violation":
        return f"yes ({len(doc['trace'])} steps)"
    if doc["verdict"] == "ok":
        return "no"
    return "incomplete"


def readme(data, times):
    files = [scen_name(f) for f in data["files"]]
    out = []
    w = out.append
    w("# results/\n")
    w("What the checker found, drawn for people, and records of runs that take too long for "
      "`make check`. Open **`index.html`** in a browser (it needs no network): the matrix below "
      "with every counterexample drawn next to its replay command, the SPIN cross-check and the "
      "benchmark plot.\n")
    w("Everything here except `fuzz.md` is written by a tool; `make results` regenerates this "
      "file, `index.html` and `diagrams/` from the checker's `--json` output "
      "(scripts/results.py), byte-identical on every run, and `make check` fails if they are "
      "not current.\n")
    w("## Verdict matrix\n")
    w(f"Every strategy against every scenario file: {len(data['strategies'])} × {len(files)} "
      "searches, breadth-first, so a counterexample is a shortest one. A cell is `ok` (every "
      "interleaving explored, none violates a property) or the property violated and the length "
      "of a shortest counterexample, linked to its diagram; then the states stored and the "
      "search time. `!` marks a verdict the strategy's file does not expect. The last two "
      "columns answer `./checker --concurrency`: can two write faults be inside their handlers "
      "(first get_block to vm_insert_mixed) at once, on the same page / on different pages.\n")
    head = "| strategy | " + " | ".join(files) + " | same page | other pages |"
    w(head)
    w("|" + "---|" * (len(files) + 3))
    for s, _, _ in data["strategies"]:
        row = [f"**{s}**"]
        for sc in files:
            doc = data["cells"][(s, sc)]
            if doc.get("refused"):
                row.append(verdict(doc))
                continue
            v = verdict(doc)
            mark = " !" if unexpected(doc) else ""
            t = fmt_seconds(cell_time(times, s, sc, doc["states"]))
            words = cell_words(doc) + mark
            if doc["verdict"] == "violation":
                words = f"[{words}](diagrams/{diagram_name(sc, s)})"
            row.append(f"{words}<br>{fmt_int(doc['states'])} states, {t}")
        row.append(overlap_words(data["conc"][(s, "same")]))
        row.append(overlap_words(data["conc"][(s, "other")]))
        w("| " + " | ".join(row) + " |")
    w("")
    n = incomplete_runs(data)
    if n:
        w(f"**{n} search(es) incomplete**: a limit stopped them; they prove nothing.\n")
    if times:
        w(f"Times: {times['what']}; {times['machine']}; {times['checker']}.\n")
    else:
        w("Times: not measured (`make matrix-times` writes results/matrix-times.json).\n")
    w("In a sentence, over these scenarios:\n")
    for s, summary, source in data["strategies"]:
        props = strategy_summary(data, s)
        said = ", ".join(PLAIN.get(p, p) for p in props) if props else "no violation"
        w(f"- **{s}** ({source}): {said}.")
    w("")
    w("## Known-bad twins\n")
    w("Each correct strategy has twins, each breaking one thing it depends on; each must be "
      "caught on the scenario named (`./checker --twins`).\n")
    w("| twin | what it breaks | scenario | must fail with | caught |")
    w("|---|---|---|---|---|")
    for name, of, summary, scen, prop in data["twins"]:
        doc = data["twin_runs"][name]
        got = verdict(doc)
        sc = scen_name(scen)
        caught = (f"[{got}, {len(doc['trace'])} steps](diagrams/{diagram_name(sc, name)})"
                  if doc["verdict"] == "violation" else got)
        if got != prop:
            caught += " (NOT CAUGHT as expected)"
        w(f"| {name} | {summary} | {sc} | {prop} | {caught} |")
    w("")
    w("## Files\n")
    w("| file | written by | what it holds |")
    w("|---|---|---|")
    rows = [
        ("`index.html`", "`make results` (scripts/results.py)",
         "the report page: matrix, every counterexample drawn with its replay command, twins, "
         "concurrency, SPIN cross-check, benchmark plot; needs no network, only diagrams/"),
        ("`README.md`", "`make results`", "this file"),
        ("`diagrams/*.svg`", "`make results` (scripts/diagram.py)",
         "one swim-lane diagram per counterexample, `SCENARIO__STRATEGY.svg`: a lane per "
         "thread, time downwards, locks held as bars, the victim and its culprit linked by an "
         "arrow, the replay command at the foot. Draw any run with "
         "`python3 scripts/diagram.py --run OUT.svg -- --strategy=S [options]`"),
        ("`matrix-times.json`", "`make matrix-times` (scripts/results.py --time)",
         "the matrix's search times: medians of 3 interleaved runs, with the machine"),
        ("`crosscheck.md`", "`make crosscheck` (tests/crosscheck.py)",
         "every scenario × strategy × property, every known-bad twin, and each strategy's two "
         "`--concurrency` goals, checked by this checker and by SPIN 6.5.2 on the model "
         "`--emit-promela` writes: verdicts, shortest counterexample lengths and state counts "
         "side by side; deterministic"),
        ("`bench.md`, `bench.json`", "`make bench` (scripts/bench.py)",
         "the scaling family: ours (reduced, unreduced, two workers, before the reduction) "
         "against SPIN 6.5.2 on the `--emit-promela` model and SPIN and rumur on the hand "
         "models of `tests/bench/`, side by side, medians of 3 runs; the targets met or not, "
         "the growth per thread and the largest N each finishes; what a crash costs (each crash "
         "scenario with and without its `crash` line, and the crash-free headline against the "
         "checker before the persistence model); bench.json holds the same numbers for scripts"),
        ("`bench.svg`", "`make bench` (scripts/plot.py)",
         "seconds and states against N for each family and tool, and states against N per "
         "strategy"),
        ("`speed.md`", "`make speed` (scripts/speed.py, with valgrind)",
         "the crash-free search against the checker before the persistence model (and any "
         "other revision): callgrind's instruction counts and interleaved wall-clock times, "
         "one page, N = 2, 3, 6, 7"),
        ("`mutation.md`", "`make mutate` (tests/mutate.py)",
         "the mutation score: every single-point bug of `tests/mutants.txt`, what it breaks, "
         "and the suite of `make check` that kills it, or why it is equivalent"),
        ("`coverage.md`", "`make coverage` (scripts/coverage.py, with lcov)",
         "line and branch coverage of the C sources by `make check`'s tests, per directory "
         "and per file, and why each line of `model/` and the engine no test runs need not "
         "or cannot be run"),
        ("`fuzz.md`", "by hand, from `build/fuzz/runs.log`",
         "the AFL++ campaigns run on the scenario parser: when, how long, what they found"),
    ]
    for r in rows:
        w("| " + " | ".join(r) + " |")
    w("")
    w("The committed `bench.*` came from `make bench` runs on this 2-core machine, which "
      "is shared: `bench.md` gives each one's command (the crash section can be measured alone, "
      "`bench.py --crash-only`) and the load average. bench.py measures a "
      "copy of `./checker`, and of the checker before the reduction, which it builds from git, "
      "so that rebuilding either during the hours-long run cannot change what is measured.")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- HTML

def inline_md(s):
    """Markdown inline markup (code spans, bold, links) to HTML."""
    parts = re.split(r"(`[^`]*`)", s)
    out = []
    for p in parts:
        if p.startswith("`") and p.endswith("`") and len(p) >= 2:
            out.append(f"<code>{html.escape(p[1:-1])}</code>")
            continue
        t = html.escape(p, quote=False)
        t = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", t)
        t = re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r'<a href="\2">\1</a>', t)
        out.append(t)
    return "".join(out)


def md_to_html(text, level_shift=1, skip_title=True):
    """The subset of Markdown our generated reports use: headings,
    paragraphs, bullet lists and pipe tables."""
    out, para, items, table = [], [], [], []

    def flush():
        if para:
            out.append("<p>" + inline_md(" ".join(para)) + "</p>")
            para.clear()
        if items:
            out.append("<ul>" + "".join(f"<li>{inline_md(i)}</li>" for i in items) + "</ul>")
            items.clear()
        if table:
            rows = [[c.strip() for c in r.strip().strip("|").split("|")] for r in table
                    if not re.match(r"^\|(\s*-+\s*\|)+\s*$", r.strip())]
            h = "".join(f"<th>{inline_md(c)}</th>" for c in rows[0])
            body = "".join("<tr>" + "".join(f"<td>{inline_md(c)}</td>" for c in r) + "</tr>"
                           for r in rows[1:])
            out.append(f'<div class="scroll"><table class="md"><thead><tr>{h}</tr></thead>'
                       f"<tbody>{body}</tbody></table></div>")
            table.clear()

    for line in text.splitlines():
        m = re.match(r"^(#+) (.*)$", line)
        if m:
            flush()
            if skip_title and len(m.group(1)) == 1:
                continue
            n = min(6, len(m.group(1)) + level_shift)
            out.append(f"<h{n}>{inline_md(m.group(2))}</h{n}>")
        elif line.startswith("|"):
            if para or items:
                flush()
            table.append(line)
        elif line.startswith("- "):
            if para or table:
                flush()
            items.append(line[2:])
        elif not line.strip():
            flush()
        else:
            if table or items:
                flush()
            para.append(line.strip())
    flush()
    return "\n".join(out)


def read_input(path):
    if not os.path.exists(path):
        return None
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError as e:
        raise Fatal(f"cannot read {path}: {e.strerror}")


def svg_inline(svg):
    """An SVG document's text to embed in HTML: no XML declaration."""
    return re.sub(r"^<\?xml[^>]*\?>\s*", "", svg)


CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1f24;
       margin: 0; background: #fff; }
main { max-width: 1500px; margin: 0 auto; padding: 24px 28px 60px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 10px; border-bottom: 1px solid #d8dee4; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 26px 0 6px; }
p.lead { color: #444; margin-top: 4px; max-width: 900px; }
code, pre { font: 13px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; }
pre.cmd { background: #f3f5f7; border: 1px solid #d8dee4; border-radius: 5px; padding: 7px 10px;
          margin: 6px 0; white-space: pre-wrap; overflow-x: auto; max-width: 100%;
          display: inline-block; }
pre.cmd .arg { white-space: nowrap; }
div.cmdrow { display: flex; align-items: flex-start; gap: 6px; }
button.copy { font-size: 12px; margin-top: 10px; cursor: pointer; flex: none; }
table { border-collapse: collapse; }
table.matrix th, table.matrix td { border: 1px solid #c9d1d9; padding: 4px 6px;
                                   vertical-align: top; font-size: 13px; }
table.matrix th { background: #f3f5f7; }
table.matrix td.v { min-width: 76px; }
table.matrix td.v a { color: inherit; text-decoration: none; display: block; }
table.matrix td.v a:hover { text-decoration: underline; }
table.matrix .prop { font-weight: 600; }
table.matrix .n { color: #555; font-size: 11.5px; }
table.matrix td.s { white-space: nowrap; }
table.matrix td.s .src { color: #555; font-size: 11px; white-space: normal; max-width: 160px; }
table.matrix td.sum { font-size: 12.5px; min-width: 120px; }
table.md th, table.md td { border: 1px solid #d8dee4; padding: 3px 7px; font-size: 13px; }
table.md th { background: #f3f5f7; }
.scroll { overflow-x: auto; }
.legend span { display: inline-block; padding: 2px 8px; margin: 2px 6px 2px 0;
               border-radius: 4px; font-size: 13px; }
.diagram { overflow-x: auto; border: 1px solid #d8dee4; border-radius: 6px; margin: 8px 0;
           background: #fff; }
.diagram svg { display: block; }
.culprit { font-weight: 600; }
.unexpected { color: #b3261e; font-weight: 700; }
nav a { margin-right: 14px; }
footer { color: #666; font-size: 13px; margin-top: 40px; }
details > summary { cursor: pointer; }
details.cx { margin: 4px 0; }
details.cx > summary { font-size: 14px; padding: 2px 0; }
img.diagram { display: block; max-width: 100%; height: auto; border: 1px solid #d8dee4;
              border-radius: 6px; margin: 8px 0; }
"""

SCRIPT = """
function reveal() {
  var t = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
  for (var e = t; e; e = e.parentElement) { if (e.tagName === 'DETAILS') { e.open = true; } }
  if (t) { t.scrollIntoView(); }
}
window.addEventListener('hashchange', reveal);
reveal();
document.querySelectorAll('button.copy').forEach(function (b) {
  b.addEventListener('click', function () {
    var pre = document.getElementById(b.dataset.for);
    var done = function () { b.textContent = 'copied'; setTimeout(function () {
      b.textContent = 'copy'; }, 1500); };
    var select = function () { var r = document.createRange(); r.selectNodeContents(pre);
      var s = window.getSelection(); s.removeAllRanges(); s.addRange(r);
      b.textContent = 'press Ctrl+C'; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(pre.textContent).then(done, select);
    } else { select(); }
  });
});
"""


class Ids:
    """Unique element ids for commands and diagrams on the page."""
    def __init__(self):
        self.n = 0

    def next(self, prefix):
        self.n += 1
        return f"{prefix}{self.n}"


def cmd_block(cmd, ids):
    """A command in a box with a copy button.  Each argument is a span that
    does not wrap, so a narrow box breaks the line between arguments only;
    the text copied is the command as it is."""
    i = ids.next("cmd")
    args = " ".join(f'<span class="arg">{html.escape(a)}</span>' for a in cmd.split(" "))
    return (f'<div class="cmdrow"><pre class="cmd" id="{i}">{args}</pre>'
            f'<button class="copy" data-for="{i}" type="button">copy</button></div>')


def anchor(scenario, strategy):
    return "cx-" + re.sub(r"[^A-Za-z0-9_-]", "-", f"{scenario}__{strategy}")


def svg_size(svg):
    """The width and height an SVG document says it has."""
    m = re.search(r'<svg [^>]*width="(\d+)" height="(\d+)"', svg)
    return (int(m.group(1)), int(m.group(2))) if m else (800, 400)


def counterexample_html(doc, svg_text, file_name, ids, level=3, a=None, inline=False):
    """A counterexample's section: heading (with id a, by default its
    anchor()), culprit, replay command, diagram: drawn into the page if
    inline, else the file of diagrams/ shown as an image (a link to the
    file), which the page loads only when its section is opened."""
    a = a or anchor(doc["scenario"], doc["strategy"])
    name = html.escape(file_name)
    w, h = svg_size(svg_text)
    if inline:
        picture = f'<div class="diagram">{svg_inline(svg_text)}</div>'
    else:
        picture = (f'<a href="diagrams/{name}"><img class="diagram" src="diagrams/{name}" '
                   f'width="{w}" height="{h}" loading="lazy" alt="swim-lane diagram of '
                   f'{html.escape(doc["scenario"])} under {html.escape(doc["strategy"])}"></a>')
    out = [f'<h{level} id="{a}">{html.escape(doc["scenario"])} under '
           f'{html.escape(doc["strategy"])}: {html.escape(doc["property"])}, '
           f'{len(doc["trace"])} steps</h{level}>',
           f'<p class="culprit">{html.escape(doc["culprit"] or "")}</p>',
           cmd_block(doc["replay"], ids),
           picture]
    return "\n".join(out)


def strip_maintainer_text(md):
    """A generated report's Markdown without what is for its maintainers:
    the "Generated by ...; do not edit." sentence and the project's own
    targets."""
    md = re.sub(r"Generated by [^\n]*?; do not edit\.\s*", "", md)
    md = re.sub(r"^## Targets[^\n]*\n.*?(?=^## |\Z)", "", md, flags=re.S | re.M)
    return md


def crosscheck_summary(md):
    """The cross-check for the page: its tables of the twins and of the
    concurrency goals, and the count; the table of every scenario stays
    in its own file, linked, as the diagrams do, so that the page keeps
    its budget."""
    body = re.sub(r"^## (?!Known-bad twins|The --concurrency goals)[^\n]*\n.*?(?=^## |\Z)", "",
                  md, flags=re.S | re.M)
    if body == md:
        return md
    first = re.search(r"^## ", body, flags=re.M)
    link = ("Every scenario's table, strategy by property: "
            "[crosscheck.md](crosscheck.md).\n\n")
    return body[:first.start()] + link + body[first.start():] if first else body + link


def index_html(data, times, svgs, inputs):
    files = [scen_name(f) for f in data["files"]]
    ids = Ids()
    out = []
    w = out.append
    w("<!DOCTYPE html>")
    w('<html lang="en"><head><meta charset="utf-8">')
    w('<meta name="viewport" content="width=device-width, initial-scale=1">')
    w("<title>DAX fault-path model checker: results</title>")
    w(f"<style>{CSS}</style></head><body><main>")
    w("<h1>DAX page faults: which locking schemes lose stores</h1>")
    w('<p class="lead">Every strategy for serialising DAX page faults, modelled from the kernel '
      "commit or mailing-list message it cites, checked against every scenario by exploring "
      "every interleaving of the simulated threads. A red cell is a real counterexample, "
      "shortest first, drawn below with the command that replays it; a green cell is an "
      "exhaustive proof that no interleaving of that scenario violates a property.</p>")
    w('<nav><a href="#matrix">Verdict matrix</a><a href="#race-2015">The 2015 race</a>'
      '<a href="#counterexamples">Every counterexample</a><a href="#twins">Known-bad twins</a>'
      '<a href="#concurrency">Overlapping faults</a>'
      '<a href="#crosscheck">SPIN cross-check</a><a href="#bench">Benchmark</a></nav>')

    # The matrix.
    w('<h2 id="matrix">Verdict matrix</h2>')
    w(f"<p>{len(data['strategies'])} strategies × {len(files)} scenarios "
      "(<code>scenarios/*.dax</code>). A cell gives the verdict, the length of a shortest "
      "counterexample, the states stored and the search time; click a violation for its "
      "diagram and replay command. <b>same page / other pages</b>: can two write faults be "
      "inside their handlers (first get_block to vm_insert_mixed) at once "
      "(<code>./checker --concurrency</code>).</p>")
    leg = "".join(f'<span style="background:{bg};color:{fg}">{html.escape(k)}: '
                  f'{html.escape(PLAIN.get(k, "search stopped, no verdict"))}</span>'
                  for k, (bg, fg) in VERDICT_COLORS.items())
    w(f'<p class="legend">{leg}</p>')
    w('<div class="scroll"><table class="matrix"><thead><tr><th>strategy</th>'
      '<th>over these scenarios</th>'
      + "".join(f"<th>{html.escape(f)}</th>" for f in files)
      + "<th>same page</th><th>other pages</th></tr></thead><tbody>")
    for s, summary, source in data["strategies"]:
        props = strategy_summary(data, s)
        bg, fg = VERDICT_COLORS.get(props[0] if props else "ok", VERDICT_COLORS["incomplete"])
        said = "<br>".join(html.escape(PLAIN.get(p, p)) for p in props) or "no violation"
        row = [f'<td class="s" title="{html.escape(summary)}"><b>{html.escape(s)}</b>'
               f'<div class="src"><i>{html.escape(source)}</i></div></td>',
               f'<td class="sum" style="background:{bg};color:{fg}"><b>{said}</b></td>']
        for sc in files:
            doc = data["cells"][(s, sc)]
            v = verdict(doc)
            if doc.get("refused"):
                row.append(f'<td class="v" title="{REFUSED_TITLE[v]}">'
                           f'<span class="n">{html.escape(v)}</span></td>')
                continue
            bg, fg = VERDICT_COLORS.get(v, VERDICT_COLORS["incomplete"])
            t = fmt_seconds(cell_time(times, s, sc, doc["states"]))
            flag = ""
            if unexpected(doc):
                flag = (f' <span class="unexpected" title="the strategy file expects '
                        f'{html.escape(doc["expected"])}">!</span>')
            inner = f'<span class="prop">{html.escape(v)}</span>{flag}'
            if doc["verdict"] == "violation":
                inner += f"<br>{len(doc['trace'])} steps"
            inner += f'<br><span class="n">{fmt_int(doc["states"])} states<br>{t}</span>'
            if doc["verdict"] == "violation":
                inner = (f'<a href="#{anchor(sc, s)}" title="{html.escape(doc["culprit"])}">'
                         f"{inner}</a>")
            row.append(f'<td class="v" style="background:{bg};color:{fg}">{inner}</td>')
        for k in ("same", "other"):
            d = data["conc"][(s, k)]
            words = overlap_words(d)
            title = f' title="witness: {html.escape(d["replay"])}"' if d.get("replay") else ""
            row.append(f"<td{title}>{html.escape(words)}</td>")
        w("<tr>" + "".join(row) + "</tr>")
    w("</tbody></table></div>")
    if times:
        w(f"<p><small>Times: {html.escape(times['what'])}; {html.escape(times['machine'])}; "
          f"{html.escape(times['checker'])}.</small></p>")
    else:
        w("<p><small>Times: not measured (<code>make matrix-times</code>).</small></p>")

    # The 2015 race first.
    seed = data["cells"].get(("dax-generic", "seed-race"))
    w('<h2 id="race-2015">The 2015 race</h2>')
    if seed and seed["verdict"] == "violation":
        w("<p>Matthew Wilcox, LKML, 11 August 2015: two threads store to different words of one "
          "unmapped page; both fault; one <code>get_block(create=1)</code> allocates a new "
          "block, and the generic DAX code zeroes it with <code>clear_pmem</code> "
          "<i>after</i> get_block returned, while the other thread has already mapped the "
          "block and stored its word, which the zeroing wipes out. Dave Chinner answered "
          "(Message-ID <code>20150811214822.GA20596@dastard</code>) that the filesystem must "
          "zero new blocks inside get_block, under its allocation lock (<b>fs-zero-inside</b>: "
          "ok above). The checker's shortest counterexample:</p>")
        # Drawn again with its own ids: the same diagram appears below too.
        w(counterexample_html(seed, diagram.render(seed, uid="race-2015"),
                              diagram_name("seed-race", "dax-generic"), ids, level=3,
                              a="race-2015-cx", inline=True))
    else:
        w("<p>The seed race is not in this matrix.</p>")

    # Every counterexample of the matrix.
    w('<h2 id="counterexamples">Every counterexample</h2>')
    w("<p>Grouped by strategy. Each diagram has a lane per thread with time running downwards; "
      "a box is one atomic step in kernel vocabulary; bars beside a lane are the locks the "
      "thread holds (pale and dashed: held shared); the victim (the store wiped, the block "
      "freed, the PTE installed) is outlined green and the culprit filled red, linked by an "
      "arrow; a deadlock or a lost wake-up ends with each thread's wait. The file below a "
      "diagram opens it alone: hover a lock bar for the steps it spans.</p>")
    for s, _, _ in data["strategies"]:
        found = [sc for sc in files if data["cells"][(s, sc)]["verdict"] == "violation"]
        if not found:
            w(f'<h3 id="strategy-{html.escape(s)}">{html.escape(s)}</h3>'
              "<p>No counterexample: every scenario explored exhaustively, no violation.</p>")
            continue
        w(f'<h3 id="strategy-{html.escape(s)}">{html.escape(s)}</h3>')
        for sc in found:
            name = diagram_name(sc, s)
            doc = data["cells"][(s, sc)]
            w('<details class="cx"><summary>' + html.escape(
                f"{sc}: {verdict(doc)}, {len(doc['trace'])} steps") + "</summary>")
            w(counterexample_html(doc, svgs[name], name, ids, level=4))
            w("</details>")

    # Twins.
    w('<h2 id="twins">Known-bad twins</h2>')
    w("<p>A property that cannot fail proves nothing: each correct strategy has twins that "
      "break one thing it depends on, and each must be caught (<code>./checker --twins</code>)."
      "</p>")
    w('<div class="scroll"><table class="md"><thead><tr><th>twin</th><th>what it breaks</th>'
      "<th>scenario</th><th>must fail with</th><th>caught</th></tr></thead><tbody>")
    for name, of, summary, scen, prop in data["twins"]:
        doc = data["twin_runs"][name]
        got = verdict(doc)
        sc = scen_name(scen)
        caught = html.escape(got)
        if doc["verdict"] == "violation":
            caught = f'<a href="#{anchor(sc, name)}">{caught}, {len(doc["trace"])} steps</a>'
        if got != prop:
            caught += ' <span class="unexpected">not caught as expected</span>'
        w(f"<tr><td><code>{html.escape(name)}</code></td><td>{html.escape(summary)}</td>"
          f"<td>{html.escape(sc)}</td><td>{html.escape(prop)}</td><td>{caught}</td></tr>")
    w("</tbody></table></div>")
    for name, of, summary, scen, prop in data["twins"]:
        doc = data["twin_runs"][name]
        if doc["verdict"] != "violation":
            continue
        fname = diagram_name(scen_name(scen), name)
        w('<details class="cx"><summary>' + html.escape(
            f"{name} on {scen_name(scen)}: {verdict(doc)}, {len(doc['trace'])} steps")
          + "</summary>")
        w(counterexample_html(doc, svgs[fname], fname, ids, level=4))
        w("</details>")

    # Concurrency: the witnesses, replayable.
    w('<h2 id="concurrency">Can two write faults overlap?</h2>')
    w("<p>Between its first get_block and vm_insert_mixed a fault is inside the region the "
      "locking argument is about. Can two be there at once, storing to one page, or to two "
      "pages? A yes is a shortest witness, replayable; a no is an exhaustive search "
      "(<code>./checker --concurrency</code>).</p>")
    w('<div class="scroll"><table class="md"><thead><tr><th>strategy</th><th>same page</th>'
      "<th>other pages</th></tr></thead><tbody>")
    for s, _, _ in data["strategies"]:
        row = [f"<td><b>{html.escape(s)}</b></td>"]
        for k in ("same", "other"):
            d = data["conc"][(s, k)]
            if d["verdict"] == "violation":
                row.append(f"<td>yes, {len(d['trace'])} steps{cmd_block(d['replay'], ids)}</td>")
            elif d["verdict"] == "ok":
                row.append(f"<td>no: every interleaving explored, {fmt_int(d['states'])} "
                           "states</td>")
            else:
                row.append("<td>incomplete: no answer</td>")
        w("<tr>" + "".join(row) + "</tr>")
    w("</tbody></table></div>")

    # SPIN cross-check.
    w('<h2 id="crosscheck">SPIN cross-check</h2>')
    cc = inputs.get("crosscheck.md")
    if cc:
        w(md_to_html(crosscheck_summary(strip_maintainer_text(cc)), level_shift=1))
    else:
        w("<p>Not run: <code>make crosscheck</code> writes results/crosscheck.md.</p>")

    # Benchmark.
    w('<h2 id="bench">Benchmark: ours against SPIN and rumur</h2>')
    bench_svg, bench_md = inputs.get("bench.svg"), inputs.get("bench.md")
    if bench_svg:
        # A file of its own, as the diagrams are: the page keeps its budget.
        bw, bh = svg_size(bench_svg)
        w(f'<a href="bench.svg"><img class="diagram" src="bench.svg" width="{bw}" '
          f'height="{bh}" alt="seconds and states against N, ours, SPIN and rumur"></a>')
    if bench_md:
        w("<details><summary>The tables (results/bench.md)</summary>")
        w(md_to_html(strip_maintainer_text(bench_md), level_shift=2))
        w("</details>")
    if not bench_svg and not bench_md:
        w("<p>Not run: <code>make bench</code> writes results/bench.md and bench.svg.</p>")
    w(f"<footer>Generated by <code>make results</code> (scripts/results.py) from "
      f"{html.escape(data['version'])}. Every verdict here can be reproduced with the command "
      "next to it from a clone of the repository after <code>make</code>.</footer>")
    w(f"</main><script>{SCRIPT}</script></body></html>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- checks

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class TagChecker(html.parser.HTMLParser):
    """Every non-void element closed in order; SVG elements may self-close."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problem = [], None

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append((tag, self.getpos()))

    def handle_startendtag(self, tag, attrs):
        pass    # <path .../>: opens nothing, so nothing to close

    def handle_endtag(self, tag):
        if self.problem:
            return
        if not self.stack or self.stack[-1][0] != tag:
            want = self.stack[-1] if self.stack else ("nothing", (0, 0))
            self.problem = (f"line {self.getpos()[0]}: </{tag}> closes <{want[0]}> "
                            f"of line {want[1][0]}")
        else:
            self.stack.pop()


def html_problem(text):
    """None if the page's tags nest properly and its ids are unique."""
    p = TagChecker()
    p.feed(text)
    p.close()
    if p.problem:
        return p.problem
    if p.stack:
        return f"<{p.stack[-1][0]}> of line {p.stack[-1][1][0]} is never closed"
    ids = re.findall(r'\sid="([^"]+)"', text)
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        return f"duplicate ids: {', '.join(dup[:5])}"
    for href in re.findall(r'href="#([^"]+)"', text):
        if href not in ids:
            return f'link to #{href}, which is not on the page'
    if re.search(r'(src|href)="(https?:)?//', text):
        return "the page refers to the network"
    return None


# ---------------------------------------------------------------- main

def generate(checker, in_dir, out_dir):
    times = load_times(os.path.join(in_dir, "matrix-times.json"))
    inputs = {n: read_input(os.path.join(in_dir, n))
              for n in ("crosscheck.md", "bench.md", "bench.svg")}
    data = collect(checker)

    svgs = {}
    for (s, sc), doc in sorted(data["cells"].items()):
        if doc["verdict"] == "violation":
            name = diagram_name(sc, s)
            svgs[name] = diagram.render(doc, uid=anchor(sc, s))
    for name, of, summary, scen, prop in data["twins"]:
        doc = data["twin_runs"][name]
        if doc["verdict"] == "violation":
            fname = diagram_name(scen_name(scen), name)
            svgs[fname] = diagram.render(doc, uid=anchor(scen_name(scen), name))
    for name, svg in svgs.items():
        problem = self_check(svg)
        if problem:
            print(f"results.py: self-check failed, diagrams/{name} {problem}", file=sys.stderr)
            return 1
    page = index_html(data, times, svgs, inputs)
    problem = html_problem(page)
    if problem:
        print(f"results.py: self-check failed, index.html: {problem}", file=sys.stderr)
        return 1
    text = readme(data, times)

    # Stage everything, then move it into place.
    os.makedirs(out_dir, exist_ok=True)
    stage = tempfile.mkdtemp(prefix=".results.", dir=out_dir)
    try:
        os.mkdir(os.path.join(stage, "diagrams"))
        for name, svg in svgs.items():
            with open(os.path.join(stage, "diagrams", name), "w", encoding="utf-8") as f:
                f.write(svg)
        for name, body in (("index.html", page), ("README.md", text)):
            with open(os.path.join(stage, name), "w", encoding="utf-8") as f:
                f.write(body)
        for root, dirs, fs in os.walk(stage):
            os.chmod(root, 0o755)
            for f in fs:
                os.chmod(os.path.join(root, f), 0o644)
        old = os.path.join(out_dir, "diagrams")
        if os.path.exists(old):
            os.rename(old, os.path.join(stage, "diagrams.old"))
        os.rename(os.path.join(stage, "diagrams"), old)
        for name in ("index.html", "README.md"):
            os.replace(os.path.join(stage, name), os.path.join(out_dir, name))
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    n = incomplete_runs(data)
    if n:
        print(f"results.py: {n} search(es) incomplete: their cells say so; no verdict",
              file=sys.stderr)
        return 3
    return 0


def main(argv):
    ap = argparse.ArgumentParser(prog="results.py", description=__doc__.split("\n")[0])
    ap.add_argument("--checker", default=os.path.join(ROOT, "checker"))
    ap.add_argument("--in", dest="in_dir", default=os.path.join(ROOT, "results"),
                    help="where bench.*, crosscheck.md and matrix-times.json are read")
    ap.add_argument("--out", dest="out_dir", default=os.path.join(ROOT, "results"))
    ap.add_argument("--time", action="store_true",
                    help="measure the matrix's search times into IN/matrix-times.json")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="checker runs at once (default: the number of cores); the pages are "
                         "the same for any number; --time always runs one at a time")
    ap.add_argument("--max-states", type=int, default=0,
                    help="pass --max-states=N to every run (a search it stops says incomplete)")
    ap.add_argument("--strategy", metavar="FILE",
                    help="a strategy file of your own, shown after the shipped strategies "
                         "(with --out elsewhere: results/ is the shipped ones')")
    a = ap.parse_args(argv)
    checker = os.path.abspath(a.checker)
    if a.jobs < 1:
        print("results.py: --jobs must be at least 1", file=sys.stderr)
        return 2
    JOBS[0] = a.jobs
    if a.strategy:
        USER_STRATEGY.append(os.path.abspath(a.strategy))
    if a.max_states < 0:
        print("results.py: --max-states must not be negative (0: no limit)", file=sys.stderr)
        return 2
    if a.max_states:
        EXTRA.append(f"--max-states={a.max_states}")
    try:
        if a.time:
            if a.runs < 1:
                print("results.py: --runs must be at least 1", file=sys.stderr)
                return 2
            measure_times(checker, a.runs, os.path.join(a.in_dir, "matrix-times.json"))
            return 0
        return generate(checker, a.in_dir, a.out_dir)
    except Fatal as e:
        print(f"results.py: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
