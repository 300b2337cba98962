"""all-properties: --all-properties finds every property a scenario violates, each with its
own shortest counterexample and replay command (each what --property=P alone finds), in text
and JSON; exit 1 if any, 0 if none (each search exhaustive), 3 if a search stopped
"""
from harness import *  # noqa: F401,F403


def suite_all_properties(checker, label):
    all_props = listing(checker)["properties"]
    # A power failure's properties are searched for only in a crash scenario,
    # pt-corruption only with a huge page.
    crash = ["stale-after-crash", "fsync-loss"]
    props = [p for p in all_props if p not in crash and p != "pt-corruption"]
    # punch-race under dax-generic maps a freed block (found first) and loses
    # a store; i-mmap-write on hole-page deadlocks (first) and reads stale data.
    for st, sc, want in (("dax-generic", "punch-race", ["use-after-free", "lost-store"]),
                         ("i-mmap-write", "hole-page", ["stale-read", "lost-store",
                                                         "deadlock"])):
        args = [f"--strategy={st}", f"--scenario={sc}"]
        code, js, err = run([checker, "--all-properties", "--json"] + args)
        try:
            doc = json.loads(js)
        except ValueError:
            doc = {}
        ok(f"{label} all-properties {st} {sc}: exit 1, and the JSON names every property "
           "violated", code == 1 and doc.get("mode") == "all-properties"
           and doc.get("verdict") == "violation" and doc.get("violated") == want
           and [p["only_properties"] for p in doc.get("properties", [])] == props,
           f"exit {code} {err} {doc.get('violated')}")
        # Each entry is exactly the run of --property=P alone (but for time).
        same, replays = [], []
        for entry in doc.get("properties", []):
            p = entry["only_properties"]
            c, alone, e = run([checker, f"--property={p}", "--json"] + args)
            if not same_run(entry, json.loads(alone)):
                same.append(p)
            if entry["verdict"] == "violation":
                cmd = shlex.split(entry["replay"])
                cmd[0] = checker
                rc, rout, rerr = run(cmd + ["--json"])
                rr = json.loads(rout) if rc == 1 else {}
                if f"--property={p}" not in entry["replay"] or rr.get("property") != p \
                        or rr.get("schedule") != entry["schedule"]:
                    replays.append(f"{p}: {entry['replay']}: exit {rc} {rerr}")
        ok(f"{label} all-properties {st} {sc}: each property's search is --property=P's, "
           "its shortest counterexample and all", doc and not same, f"differ: {same}")
        ok(f"{label} all-properties {st} {sc}: each replay command carries --property=P and "
           "reproduces its violation", doc and not replays, "\n".join(replays))
        code, out, err = run([checker, "--all-properties"] + args)
        heads = re.findall(r"^VIOLATION ([a-z-]+): ", out, re.M)
        ok(f"{label} all-properties {st} {sc}: the text names them in its first line, a "
           "row each, then each counterexample",
           code == 1 and f"violated: {', '.join(want)}" in out and heads == want
           and all(re.search(rf"^  {p} +(VIOLATION|no violation)", out, re.M) for p in props)
           and len(re.findall(r"^replay +\./checker ", out, re.M)) == len(want)
           and re.search(rf"^states +{len(props)} searches: ", out, re.M), out[:1500])

    code, out, err = run([checker, "--all-properties", "--strategy=fs-zero-inside"])
    ok(f"{label} all-properties: a safe scheme: none violated, each search exhaustive, exit 0",
       code == 0 and "none violated" in out
       and len(re.findall(r"no violation \(exhaustive\)", out)) == len(props)
       and "VIOLATION" not in out, out[:1200])
    code, out, err = run([checker, "--all-properties", "--strategy=fs-zero-inside",
                          "--max-states=30"])
    ok(f"{label} all-properties: searches a limit stopped are INCOMPLETE, exit 3, no verdict",
       code == 3 and f"{len(props)} incomplete, no verdict" in out and "no violation" not in out
       and "expected  ok (not decided" in out, out[:1200])
    code, out, err = run([checker, "--all-properties", "--scenario=punch-race",
                          "--property=lost-store,deadlock"])
    ok(f"{label} all-properties: --property names which, each searched on its own",
       code == 1 and "2 properties, each searched for on its own; violated: lost-store" in out
       and "use-after-free" not in out, out[:900])

    if label != "plain":
        return
    # Over the matrix: a cell's verdict (the first violation a search meets)
    # is among the properties --all-properties finds, and an ok cell has none.
    bad = []
    for sc, _ in scenario_names(checker):
        for st in strategies(checker):
            c1, one, e1 = run([checker, f"--strategy={st}", f"--scenario={sc}", "--json"])
            c2, every, e2 = run([checker, f"--strategy={st}", f"--scenario={sc}", "--json",
                                 "--all-properties"])
            if refused(c1, one, e1) and refused(c2, every, e2):
                continue    # refused both ways: MAP_SYNC before v4.15, or no PMD path
            v, found = json.loads(one), json.loads(every)
            if (v["verdict"] == "ok") != (found["violated"] == []) or \
               (v["verdict"] == "violation" and v["property"] not in found["violated"]):
                bad.append(f"{st} {sc}: {v['property'] or v['verdict']} vs {found['violated']}")
    ok(f"{label} all-properties: over the matrix, each cell's verdict is among those found, "
       "and an ok cell has none", not bad, "\n".join(bad[:5]))

    # A crash scenario: all seven, the power failure's two among them (not
    # pt-corruption: crash-alloc has no huge page).
    crash_props = [p for p in all_props if p != "pt-corruption"]
    code, js, err = run([checker, "--all-properties", "--json", "--scenario=crash-alloc"])
    doc = json.loads(js) if code in (0, 1) else {}
    ok(f"{label} all-properties: a crash scenario searches for every property, the "
       "power failure's too", code == 1 and doc.get("violated") == ["stale-after-crash"]
       and [p["only_properties"] for p in doc.get("properties", [])] == crash_props,
       f"exit {code} {err} {doc.get('violated')}")
    code, js, err = run([checker, "--all-properties", "--json", "--crash",
                         "--strategy=fs-zero-inside"])
    doc = json.loads(js) if code in (0, 1) else {}
    ok(f"{label} all-properties: --crash adds them to any scenario",
       code == 0 and [p["only_properties"] for p in doc.get("properties", [])] == crash_props,
       f"exit {code} {err}")
