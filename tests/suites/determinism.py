"""determinism: two runs, and runs with different hash-table sizes, print byte-identical
output apart from the one line reporting time
"""
from harness import *  # noqa: F401,F403


def suite_determinism(checker, label):
    runs = [
        ["--strategy=dax-generic"],
        ["--strategy=fs-zero-inside", "--threads=3", "--words=3"],
        ["--strategy=dax-generic", "--threads=3", "--pages=2", "--words=2", "--search=dfs"],
        ["--strategy=fs-zero-inside", "--scenario=scenarios/hole-page.dax", "--json"],
        ["--strategy=xfs-mmaplock~no-pte-same", "--scenario=scenarios/store-vs-load.dax"],
        ["--strategy=entry-lock", "--scenario=scenarios/mixed-three.dax", "--search=dfs"],
    ]
    for args in runs:
        outs = []
        for extra in ([], [], ["--hash-bits=4"], ["--hash-bits=22"]):
            code, out, err = run([checker] + args + extra)
            outs.append((code, drop_time(out), err))
        same = all(o == outs[0] for o in outs)
        ok(f"{label} determinism {' '.join(args)}", same,
           "outputs differ between runs or hash-table sizes")
        time_lines = [l for l in run([checker] + args)[1].splitlines()
                      if l.startswith("time ") or l.startswith('  "time": ')]
        ok(f"{label} determinism {' '.join(args)}: exactly one time line",
           len(time_lines) == 1, str(time_lines))
