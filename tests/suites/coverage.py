"""coverage: the report's unreached steps; over the shipped scenarios, every step of
every strategy's fault and punch paths is reached (but those its file
excuses), as --lint says
"""
from harness import *  # noqa: F401,F403


def suite_coverage(checker, label):
    code, out, err = run([checker, "--strategy=dax-generic"])
    ok(f"{label} coverage: a violation lists its unreached steps for the explored part only",
       "coverage  unreached: fault step 3 dax_load_hole (cache and map the hole page);" in out
       and "punch path not exercised by this scenario" in out
       and "(in the explored part only: the search stopped at the violation)" in out, out)
    code, out, err = run([checker, "--strategy=xfs-mmaplock", "--scenario=scenarios/punch-race.dax"])
    ok(f"{label} coverage: an exhaustive run lists unreached steps as a proof, without the note",
       code == 0 and "coverage  unreached: fault step 11 dax_load_hole" in out
       and "explored part only" not in out, out)
    code, out, err = run([checker, "--strategy=xfs-mmaplock", "--scenario=scenarios/mixed-three.dax"])
    ok(f"{label} coverage: every step reached",
       code == 0 and "coverage  every fault step reached; punch path not exercised by this "
       "scenario" in out, out)
    code, out, err = run([checker, "--strategy=xfs-mmaplock", "--scenario=scenarios/punch-race.dax",
                          "--json"])
    r = json.loads(out)
    ok(f"{label} coverage: --json lists the unreached steps",
       r["unreached"] == [{"handler": "fault", "step": 11, "name": "dax_load_hole",
                           "does": "cache and map the hole page"}]
       and r["unreached_exhaustive"] is True and r["punch_exercised"] is True
       and r["fsync_exercised"] is False, str(r))

    # Which steps run is the model's, not the build's (and the matrix suite
    # has run every cell under ASan already): the plain build only.
    if label != "plain":
        return
    # Steps no shipped scenario reaches are excused only by their strategy
    # file (`unreached HANDLER LABEL REASON`), and --lint says the same.
    files = [n for n, _ in scenario_names(checker)]
    for st in listing(checker)["strategies"]:
        s = st["name"]
        left, missing = unreached_over(checker, s, files)
        known = {(u["handler"], u["step"], u["name"]) for u in st["unreached"]}
        ok(f"{label} coverage: over the shipped scenarios, {s} reaches every step",
           not missing and left == known,
           f"never exercised: {missing}; unreached: {sorted(left - known)}; "
           f"excused by {st['file']} but reached: {sorted(known - left)}")
        code, out, err = run([checker, "--lint", st["file"]])
        ok(f"{label} coverage: --lint {st['file']} agrees (exit 0)",
           code == 0 and "every step runs in some interleaving" in out, f"exit {code}\n{err}")
    # The check can fail: over the seed race alone, fs-zero-inside's read
    # path and its punch path are never run.
    left, missing = unreached_over(checker, "fs-zero-inside", ["seed-race"])
    ok(f"{label} coverage: over the seed race alone, steps are left unreached",
       any(u[0] == "fault" and u[2] == "dax_load_hole" for u in left)
       and missing == ["punch"], f"{left} {missing}")
