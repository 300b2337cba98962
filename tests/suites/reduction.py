"""reduction: persistent sets (the default), sleep sets and no reduction on
every scenario x strategy, every twin and both scaling families up to N = 6:
the same verdict, property and shortest counterexample; sleep sets store
every state with fewer transitions, persistent sets fewer states; a
violation's bounded search for a shortest one is reported.  Hash compaction
against exact storage: the same verdict and length, and it says what it may
have missed."""
from harness import *  # noqa: F401,F403


def suite_reduction(checker, label):
    """Persistent sets (the default), sleep sets and no reduction on every
    model: the same verdict, property and shortest counterexample; sleep
    sets store every state, persistent sets fewer.  The scaling families
    up to N = 6 too (N = 5 and 6 in the plain build only: unreduced, they
    take seconds; not under make coverage either, whose -O0 build
    (DAX_TIMEOUT_SCALE) takes minutes for each, running the same code as
    N = 4)."""
    cases = reduction_cases(checker)
    every = label == "plain" and TIMEOUT_SCALE == 1
    for st in strategies(checker):
        for n in range(2, 7 if every else 5):
            for pages in (1, 2):
                cases.append((f"{n} threads, {pages} page(s) x {st}",
                              [f"--threads={n}", f"--pages={pages}",
                               f"--words={(n + pages - 1) // pages}", f"--strategy={st}"]))
    total = {"persistent": 0, "sleep": 0, "none": 0, "states": 0, "reduced": 0}
    counts = {}
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
            # A crash scenario, and faults of two sizes, have no persistent
            # sets, and hash compaction no sleep sets: it runs unreduced.
            ok(f"{label} hash compaction {name}: says so, and never claims a shortest one",
               h["storage"] == "hash-compact"
               and h["reduction"] == ("none" if h["crash"] or h["pmd"] else "persistent")
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
        ok(f"{label} reduction {name}: the JSON says which reduction ran: sleep sets in a "
           f"crash scenario or with faults of two sizes (persistent sets have no futures "
           f"for durability or PMD steps)",
           (p["reduction"], s["reduction"], n["reduction"]) ==
           ("sleep" if p["crash"] or p["pmd"] else "persistent", "sleep", "none"))
        counts[name] = (f"persistent {p['states']} {p['transitions']} "
                        f"{p.get('one_thread_states')}  "
                        f"sleep {s['states']} {s['transitions']} {s['reexpanded']}  "
                        f"none {n['states']} {n['transitions']}")
        if cp == 0:
            ok(f"{label} reduction {name}: exhaustive; sleep sets store every state, with no "
               f"more transitions; persistent sets no more states",
               s["states"] == n["states"] and s["max_depth"] == n["max_depth"]
               and s["transitions"] <= n["transitions"] and p["states"] <= n["states"],
               f"states {p['states']} / {s['states']} / {n['states']}, transitions "
               f"{s['transitions']} / {n['transitions']}")
            total["sleep"] += s["transitions"]
            total["none"] += n["transitions"]
            if p["reduction"] == "persistent":
                total["states"] += n["states"]
                total["persistent"] += p["states"]
        elif p["reduction"] == "persistent":
            ok(f"{label} reduction {name}: the violation's shortest search is reported",
               p["shortest_search"]["states"] > 0, str(p.get("shortest_search")))
    ok(f"{label} reduction: sleep sets prune transitions over the exhaustive runs",
       0 < total["sleep"] < total["none"] * 0.8, str(total))
    ok(f"{label} reduction: persistent sets store under a third of the states over the "
       f"exhaustive runs", 0 < total["persistent"] * 3 < total["states"], str(total))
    pinned(counts, label, every)


PINNED = os.path.join("tests", "reduction-counts.txt")


def pinned(counts, label, every):
    """The counts of every run above, against tests/reduction-counts.txt:
    with persistent sets the states, transitions and states that took one
    thread's step alone; with sleep sets the states, transitions and
    re-expansions; with none the states and transitions.  The state counts
    have oracles above (sleep sets and none store the same); the rest is
    the reductions' bookkeeping (which thread sleeps, when a state is
    expanded again), which none has, so it is pinned: a change to it must
    change this file, and say why.  The runs' counts are written to
    build/reduction-counts-BUILD.txt, to copy over the file when a change
    is meant."""
    os.makedirs("build", exist_ok=True)
    # make coverage's (some of the runs) must not overwrite the plain build's.
    kind = "cov" if label == "plain" and not every else label
    out = os.path.join("build", f"reduction-counts-{kind}.txt")
    with open(out, "w") as f:
        f.write("# The counts of the reduction suite's runs (tests/suites/reduction.py):\n"
                "# persistent STATES TRANSITIONS ONE-THREAD-STATES  sleep STATES TRANSITIONS\n"
                "# RE-EXPANSIONS  none STATES TRANSITIONS.  Written by make check to\n"
                "# build/reduction-counts-plain.txt; copied here when a change is meant.\n")
        f.write("".join(f"{name}\t{c}\n" for name, c in sorted(counts.items())))
    want = {}
    if os.path.exists(PINNED):
        for line in open(PINNED):
            if line.strip() and not line.startswith("#"):
                name, _, c = line.rstrip("\n").partition("\t")
                want[name] = c
    differ = [f"{name}: {want.get(name, 'not pinned')}, now {c}"
              for name, c in sorted(counts.items()) if want.get(name) != c]
    if every:                   # every case ran
        differ += [f"{name}: pinned, but no longer run" for name in sorted(set(want) - set(counts))]
    ok(f"{label} reduction: the states, transitions and re-expansions of every run are "
       f"those pinned in {PINNED}", not differ and want,
       f"{len(differ)} differ (if the change is meant: cp {out} {PINNED}):\n  " +
       "\n  ".join(differ[:10]))
