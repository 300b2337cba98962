"""symmetry: --symmetry against none, on every scenario file x strategy, every twin and
the symmetric scenarios of tests/sym/: the same verdict, property and
counterexample length (which replays), fewer states where threads share a
program
"""
from harness import *  # noqa: F401,F403


def suite_symmetry(checker, label):
    cases = reduction_cases(checker)
    for path in sorted(glob.glob("tests/sym/*.dax")):
        for st in strategies(checker):
            cases.append((f"{path} x {st}", [f"--scenario={path}", f"--strategy={st}"]))
    fewer = 0
    for name, args in cases:
        got = []
        for extra in ([], ["--symmetry"]):
            code, out, err = run([checker] + args + ["--json"] + extra)
            try:
                got.append((code, json.loads(out)))
            except ValueError:
                got.append((code, None))
        (c0, a), (c1, b) = got
        if not ok(f"{label} symmetry {name}: both runs report", a and b and c0 in (0, 1)
                  and c1 in (0, 1), f"exits {c0} {c1}"):
            continue
        ok(f"{label} symmetry {name}: same verdict, property and counterexample length",
           (c0, a["verdict"], a["property"], len(a["schedule"])) ==
           (c1, b["verdict"], b["property"], len(b["schedule"])),
           f"{a['verdict']} {len(a['schedule'])} / {b['verdict']} {len(b['schedule'])}")
        if "tests/sym/" in name:
            ok(f"{label} symmetry {name}: the JSON counts the interchangeable threads",
               b["symmetric_threads"] >= 3 and a["symmetric_threads"] == 0)
            if c0 == 0:
                fewer += b["states"] * 2 < a["states"]
    ok(f"{label} symmetry: exhaustive symmetric scenarios store under half the states",
       fewer >= 6, f"{fewer} of them")
    code, out, err = run([checker, "--scenario=tests/sym/crowd.dax", "--symmetry"])
    m = re.search(r"^replay +(\./checker .*)$", out, re.M)
    ok(f"{label} symmetry: the crowd's lost store is named and its replay command runs",
       code == 1 and "symmetry (4 interchangeable threads)" in out and m
       and run(shlex.split(m.group(1).replace("./checker", checker, 1)))[0] == 1,
       out[-400:])
    code, out, err = run([checker, "--symmetry", "--reduce=sleep"])
    ok(f"{label} symmetry: --symmetry --reduce=sleep exits 2 saying why",
       code == 2 and "--symmetry runs without --reduce=sleep" in err, err)
