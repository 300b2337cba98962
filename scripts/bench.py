#!/usr/bin/env python3
"""bench.py - benchmark ./checker against SPIN, side by side (make bench).

Why: the checker claims to search the DAX fault-path state space faster and
in less memory per state than SPIN 6.5.2 does on the very same model (the
Promela that `./checker --emit-promela` writes is ours, state for state).
This script measures that claim on a scaling family and writes the numbers
down, so they can be checked and redrawn rather than quoted.

What: strategy fs-zero-inside (verdict "ok", so every search is exhaustive)
on two families of the built-in scenario, for N = 2 .. --max-n threads:

  one-page    --threads=N --words=N
  two-pages   --threads=N --pages=2 --words=ceil(N/2)

Five configurations per (family, N), each run --runs times, interleaved
(run 1 of every configuration, then run 2 of every one, ...) so that
machine noise hits all alike; the report gives medians:

  ours_por        ./checker --strategy=fs-zero-inside ARGS --json
  ours_none       the same with --reduce=none (every reduction off)
  ours_workers2   the same with --workers=2
  ours_hc         the same with --storage=hash-compact (64-bit hashes: memory)
  spin_por        ./checker ARGS --emit-promela=m.pml; spin -a m.pml;
                  gcc -O2 -DSAFETY -DMEMLIM=M -w -o pan pan.c;
                  ./pan -m100000 -wB   (compile time excluded: pan's own
                  "elapsed time" is SPIN's seconds)
  spin_noreduce   the same, compiled with -DNOREDUCE

Our runs get --max-memory=M too, the same limit as SPIN's -DMEMLIM.  A
family stops early when the previous N's slowest configuration took more
than --budget seconds, or either tool would need more than --spin-memlim MB
(previous states x growth x bytes/state; growth is 8.6, or the last
observed growth if larger).  Then every strategy of `./checker --list`
runs once on one-page for N = 2 .. --strategy-max-n ("states and time
against N for each strategy"); a strategy stops at its first violation.

Writes, each atomically (temp file in the same directory, then rename):
  OUT/bench.json  the medians and everything derived from them (schema 1)
  OUT/bench.md    the report: how, where, versions, tables, targets
  OUT/bench.svg   the plot, drawn by scripts/plot.py from bench.json

Exit status: 0 success, 1 some run failed unexpectedly (recorded in the
report, which is still written), 2 bad usage or a tool missing.
"""
import argparse
import datetime
import json
import math
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PLOT = os.path.join(HERE, "plot.py")
sys.path.insert(0, HERE)
from plot import write_atomic  # noqa: E402  (one writer for all three files)

STRATEGY = "fs-zero-inside"   # exhaustive ("ok") at every N: a full search
FAMILIES = ["one-page", "two-pages"]
FAMILY_DOC = {"one-page": "--threads=N --words=N",
              "two-pages": "--threads=N --pages=2 --words=ceil(N/2)"}
GROWTH = 8.6                  # one-page states grow about 8.6x per thread
TARGET_N = 8                  # the N at which the targets are judged
PAN_DEPTH = 100000            # pan -m: far deeper than any schedule here
MIN_BITS, MAX_BITS = 20, 30   # pan -w hash-table sizes we allow

# Configurations in the order they run and are reported.  Our extra
# arguments, or SPIN's extra compiler flags.
OURS = {"ours_por": [], "ours_none": ["--reduce=none"], "ours_workers2": ["--workers=2"],
        "ours_hc": ["--storage=hash-compact"]}
SPIN = {"spin_por": [], "spin_noreduce": ["-DNOREDUCE"]}
LABELS = {
    "ours_por": "ours (POR)",
    "ours_none": "ours (none)",
    "ours_workers2": "ours (2 workers)",
    "ours_hc": "ours (hash compaction)",
    "spin_por": "SPIN",
    "spin_noreduce": "SPIN (NOREDUCE)",
}

# What pan prints, and what we keep of it.
PAN_FIELDS = {
    "state_vector": (r"State-vector (\d+) byte", int),
    "states": (r"(\d+) states, stored", int),
    "transitions": (r"(\d+) transitions \(= stored\+matched\)", int),
    "memory_mb": (r"([\d.]+)\s+total actual memory usage", float),
    "seconds": (r"pan: elapsed time ([\d.e+-]+) seconds", float),
    "errors": (r"errors: (\d+)", int),
    "max_depth": (r"depth reached (\d+)", int),
}
# pan messages that mean the search was cut short.
PAN_TROUBLE = ["max search depth too small", "reached -DMEMLIM bound", "out of memory"]


# ---------------------------------------------------------------- usage

def parse_args(argv):
    """The options; --quick fills in whatever was not given explicitly."""
    p = argparse.ArgumentParser(
        description="Benchmark ./checker against SPIN on a scaling family (make bench).")
    p.add_argument("--max-n", type=int, help="largest N, 2..8 (default 8; --quick 4)")
    p.add_argument("--runs", type=int, help="runs per configuration, median reported (default 3; --quick 1)")
    p.add_argument("--budget", type=float, default=120.0,
                   help="stop a family after an N whose slowest configuration took longer (s, default 120)")
    p.add_argument("--spin-memlim", type=int, default=16000,
                   help="SPIN's -DMEMLIM and our --max-memory, MB; also stops a family (default 16000)")
    p.add_argument("--strategy-max-n", type=int,
                   help="largest N of the per-strategy runs (default 6; --quick 4)")
    p.add_argument("--out-dir", default="results", help="where bench.{md,json,svg} go (default results)")
    p.add_argument("--checker", default="./checker", help="the checker binary (default ./checker)")
    p.add_argument("--quick", action="store_true",
                   help="smoke test: --max-n 4 --runs 1 --strategy-max-n 4 unless given")
    a = p.parse_args(argv)
    quick = {"max_n": 4, "runs": 1, "strategy_max_n": 4}
    full = {"max_n": 8, "runs": 3, "strategy_max_n": 6}
    for key, value in (quick if a.quick else full).items():
        if getattr(a, key) is None:
            setattr(a, key, value)
    check_args(p, a)
    return a


def check_args(p, a):
    """Reject values the families cannot take (exit 2 through argparse)."""
    if not 2 <= a.max_n <= 8:
        p.error("--max-n must be 2..8 (one-page uses --words=N, at most 8)")
    if not 2 <= a.strategy_max_n <= 8:
        p.error("--strategy-max-n must be 2..8")
    if a.runs < 1:
        p.error("--runs must be at least 1")
    if a.budget <= 0 or a.spin_memlim <= 0:
        p.error("--budget and --spin-memlim must be positive")
    if not (os.path.isfile(a.checker) and os.access(a.checker, os.X_OK)):
        p.error("checker %r is not an executable file (make checker?)" % a.checker)
    for tool in ("spin", "gcc"):
        if shutil.which(tool) is None:
            p.error("%s is not on PATH" % tool)


# Absolute program paths as the user gave them, for messages and the report.
SHOWN = {}


def shown(cmd):
    """A command line as text, its program spelled as the user spelled it."""
    return shlex.join([SHOWN.get(cmd[0], cmd[0])] + list(cmd[1:]))


def log(msg):
    """A progress line on stderr."""
    print("bench: " + msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- tools

def run(cmd, cwd=None):
    """Run a command; return (exit status, stdout, stderr)."""
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def first_line(cmd):
    """The first non-empty line a command prints, or why it could not."""
    try:
        rc, out, err = run(cmd)
    except OSError as e:
        return "unknown (%s)" % e
    for line in (out + err).splitlines():
        if line.strip():
            return line.strip()
    return "unknown"


def family_args(family, n):
    """The checker's scenario options for a family at N threads."""
    if family == "one-page":
        return ["--threads=%d" % n, "--words=%d" % n]
    # Thread i stores to word i/2 of page i%2: ceil(N/2) words are needed.
    return ["--threads=%d" % n, "--pages=2", "--words=%d" % max(1, (n + 1) // 2)]


def active_configs():
    """Configuration names to run, in order."""
    return list(OURS) + list(SPIN)


def failure(msg, stderr="", keep=12):
    """A failed run: say so on stderr now (with the head of the tool's own
    output, where pan and the checker say what went wrong), keep the reason
    for the report."""
    log("FAILED: " + msg)
    lines = stderr.strip().splitlines()
    for line in lines[:keep]:
        sys.stderr.write("    " + line + "\n")
    if len(lines) > keep:
        sys.stderr.write("    ... (%d more lines)\n" % (len(lines) - keep))
    return {"ok": False, "error": msg}


# ---------------------------------------------------------------- ours

def ours_command(checker, args, extra, memlim):
    return ([checker, "--strategy=" + STRATEGY] + args + extra
            + ["--max-memory=%dM" % memlim, "--json"])


def run_ours(checker, args, extra, memlim, want_verdict="ok"):
    """One run of our checker; its JSON summary, or a failure."""
    cmd = ours_command(checker, args, extra, memlim)
    rc, out, err = run(cmd)
    expected_rc = 0 if want_verdict == "ok" else 1
    if rc != expected_rc:
        return failure("%s: exit %d" % (shown(cmd), rc), err)
    return parse_ours(cmd, out, err, want_verdict)


def parse_ours(cmd, out, err, want_verdict):
    """Our --json output as a flat record (new keys read with .get)."""
    try:
        j = json.loads(out)
        t = j["time"]
        rec = {
            "ok": True, "error": None,
            "verdict": j["verdict"],
            "states": j["states"], "transitions": j["transitions"],
            "max_depth": j["max_depth"],
            "seconds": t["seconds"], "memory_bytes": t["memory_bytes"],
            "reduction": j.get("reduction"), "workers": t.get("workers"),
            "storage": j.get("storage"),
            "state_bytes": j.get("state_bytes"),
        }
    except (ValueError, KeyError, TypeError) as e:
        return failure("%s: unreadable JSON (%s)" % (shown(cmd), e), err)
    if rec["verdict"] != want_verdict:
        return failure("%s: verdict %r, expected %r" % (shown(cmd), rec["verdict"], want_verdict), err)
    return check_reported(cmd, rec, err)


def check_reported(cmd, rec, err):
    """A flag the checker took but reports otherwise ("reduction", "workers",
    when its JSON has them) would make a configuration measure the wrong
    thing: that is a failure, not a number."""
    want = {"--reduce=none": ("reduction", "none"), "--workers=2": ("workers", 2),
            "--storage=hash-compact": ("storage", "hash-compact")}
    for flag, (key, value) in want.items():
        if flag in cmd and rec.get(key) is not None and rec[key] != value:
            return failure("%s: reports %s %r, expected %r" % (shown(cmd), key, rec[key], value), err)
    return rec


# ---------------------------------------------------------------- SPIN

def build_pans(checker, args, workdir, memlim):
    """Emit the Promela, run spin -a, compile one pan per SPIN configuration.

    Returns {config: path to pan, or a failure record}."""
    pml = os.path.join(workdir, "m.pml")
    rc, _, err = run([checker, "--strategy=" + STRATEGY] + args + ["--emit-promela=" + pml])
    if rc != 0:
        bad = failure("--emit-promela %s: exit %d" % (" ".join(args), rc), err)
        return {c: bad for c in SPIN}
    rc, out, err = run(["spin", "-a", "m.pml"], cwd=workdir)
    if rc != 0:
        bad = failure("spin -a: exit %d" % rc, out + err)
        return {c: bad for c in SPIN}
    pans = {}
    for config, flags in SPIN.items():
        exe = os.path.join(workdir, "pan_" + config)
        cmd = ["gcc", "-O2", "-DSAFETY", "-DMEMLIM=%d" % memlim] + flags + ["-w", "-o", exe, "pan.c"]
        rc, out, err = run(cmd, cwd=workdir)
        pans[config] = exe if rc == 0 else failure("%s: exit %d" % (shown(cmd), rc), out + err)
    return pans


def run_pan(exe, bits, workdir):
    """One search by a compiled pan; its statistics, or a failure."""
    cmd = [exe, "-m%d" % PAN_DEPTH, "-w%d" % bits]
    rc, out, err = run(cmd, cwd=workdir)
    name = os.path.basename(exe)
    if rc != 0:
        return failure("%s: exit %d" % (name, rc), out + err)
    for trouble in PAN_TROUBLE:
        if trouble in out:
            return failure("%s: %s" % (name, trouble), out)
    rec = {"ok": True, "error": None}
    for key, (pattern, conv) in PAN_FIELDS.items():
        m = re.search(pattern, out)
        if m is None:
            return failure("%s: no %r in its output" % (name, pattern), out)
        rec[key] = conv(m.group(1))
    if rec["errors"] != 0:
        return failure("%s: %d errors (expected none)" % (name, rec["errors"]), out)
    rec["memory_bytes"] = int(round(rec.pop("memory_mb") * 1048576))
    return rec


def hash_bits(expected_states):
    """pan -w: a table of about twice the states expected, within limits."""
    if not expected_states:
        return MIN_BITS
    bits = math.ceil(math.log2(expected_states)) + 1
    return max(MIN_BITS, min(MAX_BITS, bits))


# ---------------------------------------------------------------- medians

def median(values):
    """The median; an int when the values are ints and it is whole."""
    m = statistics.median(values)
    if all(isinstance(v, int) for v in values) and float(m).is_integer():
        return int(m)
    return m


def summarise(runs):
    """Median record of a configuration's runs (a failure if any failed)."""
    bad = [r for r in runs if not r["ok"]]
    if bad:
        return {"ok": False, "error": bad[0]["error"], "runs": len(runs)}
    out = {"ok": True, "error": None, "runs": len(runs),
           "seconds_runs": [r["seconds"] for r in runs]}
    for key, value in runs[0].items():
        if key in ("ok", "error"):
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out[key] = median([r[key] for r in runs])
        else:
            out[key] = value
    out["states_per_second"] = ratio(out["states"], out["seconds"])
    out["bytes_per_state"] = ratio(out["memory_bytes"], out["states"])
    return out


def ratio(a, b):
    """a / b, or None when either is missing or not positive."""
    if a is None or b is None or a <= 0 or b <= 0:
        return None
    return a / b


def field(configs, name, key):
    """A measured value of one configuration, None if not measured/failed."""
    c = configs.get(name)
    if not c or not c.get("ok"):
        return None
    return c.get(key)


def derive(configs):
    """The ratios the report is about."""
    ours_none_states = field(configs, "ours_none", "states")
    spin_none_states = field(configs, "spin_noreduce", "states")
    same = None
    if ours_none_states is not None and spin_none_states is not None:
        same = ours_none_states == spin_none_states
    return {
        "speedup": ratio(field(configs, "spin_por", "seconds"), field(configs, "ours_por", "seconds")),
        "raw_ratio": ratio(field(configs, "ours_none", "states_per_second"),
                           field(configs, "spin_noreduce", "states_per_second")),
        "memory_ratio": ratio(field(configs, "ours_por", "bytes_per_state"),
                              field(configs, "spin_por", "bytes_per_state")),
        "workers_speedup": ratio(field(configs, "ours_por", "seconds"),
                                 field(configs, "ours_workers2", "seconds")),
        "hc_memory_ratio": ratio(field(configs, "ours_hc", "bytes_per_state"),
                                 field(configs, "spin_por", "bytes_per_state")),
        "same_states": same,
    }


# ---------------------------------------------------------------- families

def measure(opts, family, n, bits):
    """Every configuration of one (family, N), runs interleaved; medians."""
    args = family_args(family, n)
    names = active_configs()
    runs = {c: [] for c in names}
    with tempfile.TemporaryDirectory(prefix="bench-%s-%d-" % (family, n)) as workdir:
        pans = build_pans(opts.checker, args, workdir, opts.spin_memlim)
        for _ in range(opts.runs):
            for c in names:
                if runs[c] and not runs[c][-1]["ok"]:
                    continue            # failed once: do not retry it
                runs[c].append(run_config(opts, c, args, pans, bits, workdir))
    configs = {c: summarise(runs[c]) for c in names}
    return {"n": n, "status": "run", "reason": None, "args": args, "hash_bits": bits,
            "configs": configs, "derived": derive(configs)}


def run_config(opts, config, args, pans, bits, workdir):
    """One run of one configuration."""
    if config in OURS:
        return run_ours(opts.checker, args, OURS[config], opts.spin_memlim)
    pan = pans[config]
    if isinstance(pan, dict):           # it did not build
        return pan
    return run_pan(pan, bits, workdir)


def ok_configs(row):
    return [c for c in row["configs"].values() if c.get("ok")]


def growth(rows):
    """States growth per N: 8.6, or the last observed growth if larger."""
    run_rows = [r for r in rows if r["status"] == "run" and max_states(r)]
    if len(run_rows) >= 2:
        observed = max_states(run_rows[-1]) / max_states(run_rows[-2])
        return max(GROWTH, observed)
    return GROWTH


def max_states(row):
    return max([c["states"] for c in ok_configs(row)] or [0])


def stop_reason(opts, rows):
    """Why the next N should not run, judged from the previous N; or None."""
    prev = rows[-1] if rows else None
    if prev is None:
        return None
    if prev["status"] != "run":
        return "not run: stopped at N = %d" % first_stop(rows)
    slowest = max([c["seconds"] for c in ok_configs(prev)] or [0])
    if slowest > opts.budget:
        return "not run: previous N took %s s" % sig3(slowest)
    g = growth(rows)
    for name, c in sorted(prev["configs"].items()):
        if not c.get("ok") or not c.get("bytes_per_state"):
            continue
        need_mb = c["states"] * g * c["bytes_per_state"] / 1048576
        if need_mb > opts.spin_memlim:
            return ("not run: %s would need about %s MB (limit %d MB)"
                    % (LABELS[name], sig3(need_mb), opts.spin_memlim))
    return None


def first_stop(rows):
    return next(r["n"] for r in rows if r["status"] != "run")


def next_bits(rows):
    """pan -w for the next N, from the previous N's largest state count."""
    if not rows or rows[-1]["status"] != "run":
        return MIN_BITS
    return hash_bits(max_states(rows[-1]) * growth(rows))


def bench_family(opts, family):
    """All N of one family, stopping early when the budget says so."""
    rows = []
    for n in range(2, opts.max_n + 1):
        reason = stop_reason(opts, rows)
        if reason:
            log("%s N=%d: %s" % (family, n, reason))
            rows.append({"n": n, "status": "not run", "reason": reason,
                         "args": family_args(family, n)})
            continue
        log("%s N=%d: %d configurations x %d runs ..." % (family, n, len(active_configs()), opts.runs))
        rows.append(measure(opts, family, n, next_bits(rows)))
        log("%s N=%d: %s" % (family, n, progress(rows[-1])))
    return {"name": family, "args": FAMILY_DOC[family], "rows": rows}


def progress(row):
    """One line of medians for stderr."""
    parts = []
    for name, c in row["configs"].items():
        parts.append("%s %s" % (LABELS[name], ("%s s" % sig3(c["seconds"])) if c["ok"] else "FAILED"))
    return "; ".join(parts) + " (%s states)" % thousands(max_states(row))


# ---------------------------------------------------------------- strategies

def list_strategies(checker):
    """Strategy names from `checker --list`: the first word of each entry
    line (indented two spaces) of its "strategies:" section."""
    rc, out, err = run([checker, "--list"])
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
        slow = [p for p in points if p.get("seconds") and p["seconds"] > opts.budget]
        if slow:
            points.append({"n": n, "status": "not run",
                           "reason": "previous N took %s s" % sig3(slow[-1]["seconds"])})
            break
        points.append(strategy_point(opts, strategy, n))
        if points[-1]["status"] != "ok":
            break
    return {"name": strategy, "points": points}


def strategy_point(opts, strategy, n):
    """A strategy's verdict, states and seconds at one N."""
    cmd = ([opts.checker, "--strategy=" + strategy] + family_args("one-page", n)
           + ["--max-memory=%dM" % opts.spin_memlim, "--json"])
    rc, out, err = run(cmd)
    point = {"n": n, "status": "failed", "exit": rc}
    if rc in (0, 1):
        try:
            j = json.loads(out)
            point.update(verdict=j["verdict"], property=j.get("property"),
                         states=j["states"], seconds=j["time"]["seconds"],
                         status="ok" if rc == 0 else "violation")
        except (ValueError, KeyError, TypeError) as e:
            point["error"] = failure("%s: unreadable JSON (%s)" % (shown(cmd), e), err)["error"]
    else:
        point["error"] = failure("%s: exit %d" % (shown(cmd), rc), err)["error"]
    log("strategy %s N=%d: %s" % (strategy, n, strategy_cell(point)))
    return point


# ---------------------------------------------------------------- formatting

def sig3(x):
    """x to 3 significant digits, no exponent, thousands separated."""
    if x is None:
        return "n/a"
    if x == 0:
        return "0"
    digits = 2 - math.floor(math.log10(abs(x)))
    value = round(x, digits)
    return "{:,.{}f}".format(value, max(0, digits))


def thousands(x):
    return "n/a" if x is None else "{:,}".format(int(x))


def cell_seconds(configs, name):
    """A seconds cell: the median, "failed", or "—" when not measured.

    pan's clock ticks in hundredths: a 0 from it means under 0.01 s."""
    c = configs.get(name)
    if c is None:
        return "—"
    if not c["ok"]:
        return "failed"
    if c["seconds"] == 0 and name in SPIN:
        return "< 0.01"
    return sig3(c["seconds"])


def same_cell(flag, configs):
    if flag is None:
        return "n/a"
    if flag:
        return "yes"
    return "**no** (%s vs %s)" % (thousands(field(configs, "ours_none", "states")),
                                  thousands(field(configs, "spin_noreduce", "states")))


def full_states(configs):
    """The full graph's state count: ours --reduce=none, else SPIN NOREDUCE."""
    for name in ("ours_none", "spin_noreduce", "ours_por"):
        v = field(configs, name, "states")
        if v is not None:
            return v
    return None


# ---------------------------------------------------------------- report

TABLE_HEAD = ["N", "states", "ours s (POR)", "ours s (none)", "ours s (2 workers)", "SPIN s",
              "SPIN s (NOREDUCE)", "speed-up vs SPIN", "ours states/s (none)",
              "SPIN states/s (NOREDUCE)", "raw ratio", "ours B/state", "SPIN B/state",
              "same states"]


def table_row(row):
    """One Markdown table row of a (family, N)."""
    if row["status"] != "run":
        return [str(row["n"]), row["reason"]] + [""] * (len(TABLE_HEAD) - 2)
    c, d = row["configs"], row["derived"]
    return [
        str(row["n"]), thousands(full_states(c)),
        cell_seconds(c, "ours_por"), cell_seconds(c, "ours_none"), cell_seconds(c, "ours_workers2"),
        cell_seconds(c, "spin_por"), cell_seconds(c, "spin_noreduce"),
        sig3(d["speedup"]),
        sig3(field(c, "ours_none", "states_per_second")),
        sig3(field(c, "spin_noreduce", "states_per_second")),
        sig3(d["raw_ratio"]),
        sig3(field(c, "ours_por", "bytes_per_state")),
        sig3(field(c, "spin_por", "bytes_per_state")),
        same_cell(d["same_states"], c),
    ]


def md_table(head, rows):
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines


def family_section(fam):
    """A family's heading, table, and the ratios not in the table."""
    out = ["## %s (`%s`)" % (fam["name"], fam["args"]), ""]
    out += md_table(TABLE_HEAD, [table_row(r) for r in fam["rows"]])
    run_rows = [r for r in fam["rows"] if r["status"] == "run"]
    extras = []
    for key, what in (("workers_speedup", "2-worker speed-up (ours s, 1 worker / 2 workers)"),
                      ("memory_ratio", "memory ratio (ours B/state / SPIN B/state, reduction on)"),
                      ("hc_memory_ratio", "hash compaction memory ratio (ours B/state with "
                       "--storage=hash-compact / SPIN B/state)")):
        extras.append("%s: %s." % (what, ", ".join(
            "N = %d %s" % (r["n"], sig3(r["derived"][key])) for r in run_rows) or "none"))
    por = ", ".join("N = %d %s / %s" % (r["n"], thousands(field(r["configs"], "ours_por", "states")),
                                        thousands(field(r["configs"], "spin_por", "states")))
                    for r in run_rows)
    extras.append("states stored with reduction on (ours / SPIN): %s." % (por or "none"))
    packed = ["N = %d %s B" % (r["n"], thousands(field(r["configs"], "ours_por", "state_bytes")))
              for r in run_rows if field(r["configs"], "ours_por", "state_bytes")]
    if packed:
        extras.append("ours packed state (its JSON \"state_bytes\"): %s." % ", ".join(packed))
    failures = [(r["n"], n, c["error"]) for r in run_rows for n, c in r["configs"].items() if not c["ok"]]
    extras += ["**failed** at N = %d, %s: %s" % f for f in failures]
    return out + [""] + ["- " + e for e in extras] + [""]


TARGETS = [
    ("speed-up vs SPIN ≥ 10", "speedup", lambda v: v >= 10),
    ("raw ratio ≥ 2", "raw_ratio", lambda v: v >= 2),
    ("bytes/state ≤ SPIN's", "memory_ratio", lambda v: v <= 1),
]


def target_verdicts(row):
    """Each target at one row: "met", "not met (value)", or "not measured"."""
    out = []
    for label, key, good in TARGETS:
        v = row["derived"][key]
        if v is None:
            out.append("%s: not measured" % label)
        else:
            out.append("%s: %s" % (label, "met" if good(v) else "not met (%s)" % sig3(v)))
    return "; ".join(out)


def targets_section(families):
    out = ["## Targets at N = %d" % TARGET_N, ""]
    for fam in families:
        at = [r for r in fam["rows"] if r["n"] == TARGET_N and r["status"] == "run"]
        run_rows = [r for r in fam["rows"] if r["status"] == "run"]
        if at:
            out.append("- %s: %s." % (fam["name"], target_verdicts(at[0])))
        elif run_rows:
            last = run_rows[-1]
            out.append("- %s: not measured at N = %d; at N = %d, the largest run: %s."
                       % (fam["name"], TARGET_N, last["n"], target_verdicts(last)))
        else:
            out.append("- %s: not measured." % fam["name"])
    return out + [""]


def strategy_cell(p):
    if p["status"] == "ok":
        return "ok, %s states, %s s" % (thousands(p["states"]), sig3(p["seconds"]))
    if p["status"] == "violation":
        return "violation (%s) after %s states" % (p.get("property"), thousands(p["states"]))
    if p["status"] == "not run":
        return "not run: " + p["reason"]
    return "failed: " + p.get("error", "")


def strategies_section(opts, strategies):
    out = ["## Per strategy", "",
           "Each strategy of `./checker --list`, once per N, on one-page "
           "(`./checker --strategy=S --threads=N --words=N --json`), reduction on. "
           "A strategy stops at its first violation: the states are those stored until "
           "the shortest counterexample was found.", ""]
    ns = list(range(2, opts.strategy_max_n + 1))
    rows = []
    for s in strategies:
        by_n = {p["n"]: strategy_cell(p) for p in s["points"]}
        rows.append([s["name"]] + [by_n.get(n, "") for n in ns])
    if not rows:
        return out + ["(no strategies: `--list` could not be read)", ""]
    return out + md_table(["strategy"] + ["N = %d" % n for n in ns], rows) + [""]


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
    return {"gcc": first_line(["gcc", "--version"]), "spin": first_line(["spin", "-V"]),
            "checker": first_line([checker, "--version"])}


def how_paragraph(data):
    """How the numbers were produced: the exact command lines."""
    o = data["options"]
    memlim = o["spin_memlim"]
    sentences = [
        "Generated by `make bench` (`%s`); do not edit." % data["command"],
        "Strategy %s, whose search is exhaustive." % STRATEGY,
        "Per family and N, %d configurations, each run %d time(s), runs interleaved (run 1 "
        "of each configuration, then run 2 of each, ...) so that machine noise hits all "
        "alike; every number is the median." % (len(data["configs"]), o["runs"]),
        "Ours: `./checker --strategy=%s ARGS --max-memory=%dM --json`, as is (POR), with "
        "`--reduce=none`, with `--workers=2` and with `--storage=hash-compact`; seconds, "
        "states/s and memory are the ones its JSON reports." % (STRATEGY, memlim),
        "SPIN: `./checker --strategy=%s ARGS --emit-promela=m.pml`, `spin -a m.pml`, "
        "`gcc -O2 -DSAFETY -DMEMLIM=%d -w -o pan pan.c` (and again with `-DNOREDUCE`), "
        "`./pan -m%d -wB` with B = ceil(log2(expected states)) + 1 in %d..%d; compile time "
        "excluded." % (STRATEGY, memlim, PAN_DEPTH, MIN_BITS, MAX_BITS),
        "SPIN's seconds are pan's own \"elapsed time\" (\"< 0.01\": pan's clock read 0), "
        "its memory the \"total actual memory usage\" (MB of 1048576 bytes, so it includes "
        "pan's hash table and DFS stack, which dominate at small N).",
        "speed-up = SPIN s / ours s, reduction on; raw ratio = ours states/s (none) / SPIN "
        "states/s (NOREDUCE); B/state = memory / states stored, reduction on; same states: "
        "ours (none) and SPIN (NOREDUCE) stored as many states.",
        "A family stops when the previous N's slowest configuration took over %s s, or a "
        "tool would need over %d MB (states x growth x B/state)." % (sig3(o["budget"]), memlim),
    ]
    return " ".join(sentences)


def render_md(data, opts):
    v = data["versions"]
    out = ["# Benchmark: ours against SPIN", "",
           how_paragraph(data), "",
           "- machine: %s" % machine_line(data["machine"]),
           "- versions: %s; %s; %s" % (v["gcc"], v["spin"], v["checker"]),
           "- date: %s" % data["date"], ""]
    for fam in data["families"]:
        out += family_section(fam)
    out += targets_section(data["families"])
    out += strategies_section(opts, data["strategies"])
    out += ["The plot is `bench.svg` (states and seconds against N, per configuration "
            "and per strategy), drawn by scripts/plot.py from `bench.json`.", ""]
    return "\n".join(out)


# ---------------------------------------------------------------- output

def any_failed(data):
    for fam in data["families"]:
        for r in fam["rows"]:
            if r["status"] == "run" and not all(c["ok"] for c in r["configs"].values()):
                return True
    return any(p["status"] == "failed" for s in data["strategies"] for p in s["points"])


def main(argv):
    opts = parse_args(argv)
    SHOWN[os.path.abspath(opts.checker)] = opts.checker
    opts.checker = os.path.abspath(opts.checker)
    os.makedirs(opts.out_dir, exist_ok=True)
    data = {
        "schema": 1,
        "command": "python3 scripts/bench.py" + "".join(" " + shlex.quote(a) for a in argv),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "options": {"max_n": opts.max_n, "runs": opts.runs, "budget": opts.budget,
                    "spin_memlim": opts.spin_memlim, "strategy_max_n": opts.strategy_max_n,
                    "quick": opts.quick},
        "strategy": STRATEGY,
        "configs": active_configs(),
        "labels": {c: LABELS[c] for c in active_configs()},
        "machine": machine(),
        "versions": versions(opts.checker),
    }
    data["families"] = [bench_family(opts, f) for f in FAMILIES]
    data["strategies"] = [bench_strategy(opts, s) for s in list_strategies(opts.checker)]
    return finish(opts, data)


def finish(opts, data):
    """Write bench.json and bench.md, draw bench.svg; the exit status."""
    json_path = os.path.join(opts.out_dir, "bench.json")
    md_path = os.path.join(opts.out_dir, "bench.md")
    svg_path = os.path.join(opts.out_dir, "bench.svg")
    write_atomic(json_path, json.dumps(data, indent=1, sort_keys=True) + "\n")
    write_atomic(md_path, render_md(data, opts))
    rc, out, err = run([sys.executable, PLOT, json_path, svg_path])
    status = 0
    if rc != 0:
        failure("plot.py: exit %d" % rc, out + err)
        status = 1
    if any_failed(data):
        log("some runs failed: see %s" % md_path)
        status = 1
    log("wrote %s, %s, %s" % (json_path, md_path, svg_path))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
