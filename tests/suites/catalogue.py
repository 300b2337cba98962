"""catalogue: the eight historical strategies and their sources; the verdicts history
gave, pinned here as well as in the strategy files; the concurrency report;
the verdict matrix (--matrix, which must fail on a wrong or missing
expectation)
"""
from harness import *  # noqa: F401,F403


def suite_catalogue(checker, label):
    lst = listing(checker)
    got = lst["strategies"]
    names = [g["name"] for g in got]
    ok(f"{label} catalogue: --list --json names the eight historical strategies, in order",
       [n for n in names if n in HISTORICAL] == HISTORICAL, str(names))
    ok(f"{label} catalogue: every strategy cites a source and comes from a file",
       all(len(g["source"]) > 10 and g["file"].endswith(".strategy") for g in got), str(got))
    ok(f"{label} catalogue: every shipped strategy is model/strategies/NAME.strategy",
       all(g["file"] == f"model/strategies/{g['name']}.strategy" and g["shipped"] for g in got)
       and sorted(g["file"] for g in got) == sorted(glob.glob("model/strategies/*.strategy")),
       str([g["file"] for g in got]))
    code, out, err = run([checker, "--list"])
    ok(f"{label} catalogue: --list shows every strategy with its source",
       all(re.search(rf"^  {re.escape(n)} .*\n  +source: \S", out, re.M) for n in names),
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
    ok(f"{label} catalogue: --concurrency has a row per strategy", sorted(rows) == sorted(names),
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

    # --matrix: a row per strategy, a column per shipped scenario; exit 0
    # exactly when every cell is what the strategy files expect (whether
    # they do is the matrix suite's to say, once).
    code, out, err = run([checker, "--matrix"])
    scens = [sc["name"] for sc in lst["scenarios"]]
    ok(f"{label} catalogue: --matrix has a row per strategy and a column per scenario",
       all(re.search(rf"^{re.escape(n)} ", out, re.M) for n in names)
       and re.search(r"^strategy +" + " +".join(map(re.escape, scens)) + " +same-page", out,
                     re.M), out)
    cells = matrix_cells(out)
    # A refused cell (a scheme before v4.15 on map-sync, a strategy without
    # a PMD path on a PMD fault, ...) expects nothing.
    as_expected = all(cells.get((st["name"], sc)) == st["expect"].get(sc) or
                      (cells.get((st["name"], sc)) in ("no MAP_SYNC", "no PMD path",
                                                        "no write path",
                                                        "no invalidate path",
                                                        "no huge invalidation") and
                       st["expect"].get(sc) is None)
                      for st in got for sc in scens)
    ok(f"{label} catalogue: --matrix exits 0 exactly when every cell is as expected",
       code == (0 if as_expected else 1) and
       ("every cell is what the files expect" in out) == as_expected, f"exit {code}\n{out}")
    p = subprocess.run([checker, "--matrix", "--max-states=20"], capture_output=True, text=True)
    ok(f"{label} catalogue: --matrix under a state limit says INCOMPLETE (exit 3)",
       p.returncode == 3 and "INCOMPLETE" in p.stdout, f"exit {p.returncode}\n{p.stdout}")
    a = run([checker, "--matrix"])
    b = run([checker, "--matrix", "--hash-bits=4"])
    ok(f"{label} catalogue: --matrix output is deterministic", a == b)

    # write(2) into a huge page (876f29460cbd's race): a PMD scheme whose
    # write handler has no inval_range refuses it, exit 2 and one line; its
    # matrix cell says so; the two with one run it.
    code, out, err = run([checker, "--strategy=pmd-entry-lock", "--scenario=pmd-read-vs-write"])
    ok(f"{label} catalogue: a PMD scheme whose write(2) does not invalidate a 2 MiB entry "
       "refuses pmd-read-vs-write, exit 2",
       code == 2 and not out and "does not invalidate a 2 MiB entry" in err and
       err.count("\n") == 1, f"exit {code}\n{out}{err}")
    ok(f"{label} catalogue: its matrix cell reads 'no huge invalidation'",
       cells.get(("pmd-entry-lock", "pmd-read-vs-write")) == "no huge invalidation",
       str(cells)[:300])
    ok(f"{label} catalogue: pmd-read-vs-write is stale-mapping under pmd-iomap-begin-first "
       "(9f141d6ef625's PMD order) and ok under its fix (876f29460cbd's, pmd-pte-recheck)",
       cells.get(("pmd-iomap-begin-first", "pmd-read-vs-write")) == "stale-mapping" and
       cells.get(("pmd-pte-recheck", "pmd-read-vs-write")) == "ok", str(cells)[:300])

    # MAP_SYNC (v4.15): a scheme before it refuses the scenario as its mmap()
    # does, exit 2 and one line; its matrix cell says so.  Without the
    # `mmap sync` line the same program's persist acknowledges nothing: the
    # plain path (the ~no-dsync twin's) is no violation there, while on the
    # MAP_SYNC mapping it is fsync-loss, its culprit the writable PTE.
    code, out, err = run([checker, "--strategy=iomap-entry-first", "--scenario=map-sync"])
    ok(f"{label} catalogue: a scheme before v4.15 refuses map-sync (mmap fails), exit 2",
       code == 2 and not out and "does not support MAP_SYNC" in err and "EINVAL" in err,
       f"exit {code}\n{out}{err}")
    ok(f"{label} catalogue: its matrix cell reads 'no MAP_SYNC'",
       cells.get(("iomap-entry-first", "map-sync")) == "no MAP_SYNC", str(cells)[:300])
    with tempfile.TemporaryDirectory() as tmp:
        plain = os.path.join(tmp, "map-plain.dax")
        with open("scenarios/map-sync.dax") as f:
            src = f.read()
        with open(plain, "w") as f:
            f.write(src.replace("DAX map-sync", "DAX map-plain").replace("mmap sync\n", ""))
        for st in ("xfs-map-sync", "xfs-map-sync~no-dsync", "iomap-entry-first"):
            code, out, err = run([checker, f"--strategy={st}", f"--scenario={plain}"])
            ok(f"{label} catalogue: without MAP_SYNC a persist acknowledges nothing ({st})",
               code == 0 and "no violation" in out, f"exit {code}\n{out}{err}")
    code, out, err = run([checker, "--strategy=xfs-map-sync~no-dsync", "--scenario=map-sync"])
    ok(f"{label} catalogue: on the MAP_SYNC mapping the plain path loses a persisted store, "
       "its culprit the PTE installed writable",
       code == 1 and "VIOLATION fsync-loss" in out and "through its MAP_SYNC mapping" in out
       and "installed the PTE writable before the log held page 0's block" in out,
       f"exit {code}\n{out}")
