"""matrix: every strategy (--list --json names them) against every shipped scenario;
each counterexample's replay command must reproduce it; and (plain build)
every cell as its strategy's file expects, one short failure per file naming
the lines to add
"""
from harness import *  # noqa: F401,F403


def suite_matrix(checker, label):
    lst = listing(checker)
    names = [st["name"] for st in lst["strategies"]]
    scens = [sc["name"] for sc in lst["scenarios"]]
    ok(f"{label} matrix: there are shipped scenarios", len(scens) >= 5, str(scens))
    for scen in scens:
        bad, found = judge_cells(checker, scen, names)
        ok(f"{label} matrix {scen}: exit statuses and replays", not bad, "\n  ".join(bad))

    # The verdicts a file expects: judged once (the plain build), one
    # failure per strategy file, which names the lines to add or change.
    if label != "plain":
        return
    for st in lst["strategies"]:
        advice = expectation_advice(checker, st["name"])
        ok(f"{label} matrix: {st['file']} expects every verdict the checker finds", not advice,
           advice)

    # The test itself can fail: a copy of a strategy file with one
    # expect line wrong, and one with an expect line missing.
    with tempfile.TemporaryDirectory() as tmp:
        src = open("model/strategies/dax-generic.strategy").read()
        wrong = os.path.join(tmp, "wrong.strategy")
        with open(wrong, "w") as f:
            f.write(re.sub(r"^expect seed-race +lost-store$", "expect seed-race  ok", src,
                           flags=re.M))
        line = src[:src.index("expect seed-race")].count("\n") + 1
        advice = expectation_advice(checker, wrong)
        ok(f"{label} matrix: a wrong expect line is named, with its line and the verdict found",
           f"{wrong}:{line}: expect seed-race ok, but the checker finds lost-store 13" in advice
           and advice.count("\n") == 1, advice)
        missing = os.path.join(tmp, "missing.strategy")
        with open(missing, "w") as f:
            f.write(re.sub(r"^expect seed-race .*\n", "", src, flags=re.M))
        advice = expectation_advice(checker, missing)
        ok(f"{label} matrix: a missing expect line is named with the line to add",
           f"{missing}: no verdict for seed-race: if lost-store is right, add the line  "
           "expect seed-race lost-store" in advice and advice.count("\n") == 1, advice)
        # A scenario of one's own may say what it expects of a strategy.
        own = os.path.join(tmp, "own")
        os.mkdir(own)
        with open("scenarios/seed-race.dax") as f:
            seed = f.read()
        with open(os.path.join(own, "mine.dax"), "w") as f:
            f.write(seed.replace("DAX seed-race", "DAX mine") + "expect dax-generic ok\n")
        code, out, err = run([checker, "--matrix", own, "--strategy=dax-generic"])
        ok(f"{label} matrix: a scenario file's own wrong expect line is named",
           code == 1 and re.search(rf"^  {re.escape(own)}/mine.dax:\d+: expect dax-generic ok, "
                                   r"but the checker finds lost-store 13", out, re.M),
           f"exit {code}\n{out}{err}")

    # The boundary cases (tests/boundary/: a punch of page 1 of a two-page
    # file, a thread of 8 operations over 8 pages that allocates every
    # block, a stale mapping over word 1, store values at the packing's
    # limits, a MAP_SYNC mapping without a crash, two PMD faults on one
    # huge page, a PMD fault over the head page's 4 KiB entry), each with
    # the verdict every strategy must give written in its file: every cell
    # as expected, every counterexample replayed.
    code, out, err = run([checker, "--matrix", "tests/boundary"])
    ok(f"{label} matrix: the boundary scenarios get the verdicts their files expect",
       code == 0 and "every cell is what the files expect" in out, f"exit {code}\n{out}{err}")
    for path in sorted(glob.glob("tests/boundary/*.dax")):
        bad, found = judge_cells(checker, path, names)
        ok(f"{label} matrix {path}: exit statuses and replays", not bad, "\n  ".join(bad))
    # The shipped scenarios have stale mappings over word 0 only.
    code, out, err = run([checker, "--strategy=xfs-mmaplock~no-pte-same",
                          "--scenario=tests/boundary/stale-mapping-word-1.dax"])
    ok(f"{label} matrix: a stale mapping over word 1 is caught, and names the store to it",
       code == 1 and "VIOLATION stale-mapping: page 0's PTE still maps the hole page over "
       "block 0 (mapped by T1's dax_load_hole, step 20), which holds T0's store of 1 (step 19)"
       in out, f"exit {code}\n{out}{err}")
    # The processes: a scenario whose threads all run in process 1 is the
    # same scenario (process 0 maps the file and never faults), so every
    # shipped scenario moved there gives the matrix it gives, cell for
    # cell.  Only a scenario that already has a second process is left out.
    # This catches a primitive that reads or writes process 0's table where
    # the others use the thread's (dax_load_hole mapping into pte[0] makes
    # the moved matrix differ); a model that ignored processes everywhere would
    # pass it, and fail pmd-hole-race-2mm's expectations instead.
    with tempfile.TemporaryDirectory() as tmp:
        moved = []
        for path in sorted(glob.glob("scenarios/*.dax")):
            text = open(path).read()
            if re.search(r"^process ", text, re.M):
                continue
            n = len(re.findall(r"^T\d+:", text, re.M))
            with open(os.path.join(tmp, os.path.basename(path)), "w") as f:
                f.write(text + "process 1: " + " ".join(f"T{t}" for t in range(n)) + "\n")
            moved.append(path)
        c0, one, e0 = run([checker, "--matrix"] + moved)
        c1, two, e1 = run([checker, "--matrix", tmp])
        ok(f"{label} matrix: every shipped scenario with its threads all in process 1 gives "
           "the same matrix, cell for cell",
           c0 == c1 == 0 and len(moved) >= 20 and one.split("\n")[1:] == two.split("\n")[1:],
           f"exit {c0} {c1}\n{e0}{e1}")
