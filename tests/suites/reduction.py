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
    take seconds)."""
    cases = reduction_cases(checker)
    for st in strategies(checker):
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
            # A crash scenario has no persistent sets, and hash compaction
            # no sleep sets: it runs unreduced.
            ok(f"{label} hash compaction {name}: says so, and never claims a shortest one",
               h["storage"] == "hash-compact"
               and h["reduction"] == ("none" if h["crash"] else "persistent")
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
           f"crash scenario (persistent sets have no futures for durability steps)",
           (p["reduction"], s["reduction"], n["reduction"]) ==
           ("sleep" if p["crash"] else "persistent", "sleep", "none"))
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
        elif not p["crash"]:
            ok(f"{label} reduction {name}: the violation's shortest search is reported",
               p["shortest_search"]["states"] > 0, str(p.get("shortest_search")))
    ok(f"{label} reduction: sleep sets prune transitions over the exhaustive runs",
       0 < total["sleep"] < total["none"] * 0.8, str(total))
    ok(f"{label} reduction: persistent sets store under a third of the states over the "
       f"exhaustive runs", 0 < total["persistent"] * 3 < total["states"], str(total))
