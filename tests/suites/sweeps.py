"""sweeps: --matrix, --twins and --concurrency run their searches at once (--jobs=N, by
default the number of cores) and print the same, byte for byte, for any N; --commands prints
each search as a plain command line, and each gives its cell's verdict
"""
from harness import *  # noqa: F401,F403


def suite_sweeps(checker, label):
    for mode in (["--matrix"], ["--twins"], ["--concurrency"],
                 ["--matrix", "--strategy=range-lock", "--max-states=300"]):
        outs = [run([checker] + mode + [f"--jobs={n}"]) for n in (1, 2, 3)]
        outs.append(run([checker] + mode))
        ok(f"{label} sweeps {' '.join(mode)}: the same exit status and output for 1, 2, 3 "
           "jobs and the default", all(o == outs[0] for o in outs) and outs[0][1],
           "\n".join(f"exit {c}: {o[-200:]} {e[-200:]}" for c, o, e in outs))
    # A progress line of its own, counting searches (not one a search).
    env = dict(os.environ, CHECKER_PROGRESS_SECONDS="0")
    p = subprocess.run([checker, "--concurrency", "--jobs=2", "--progress"],
                       capture_output=True, text=True, env=env)
    lines = p.stderr.splitlines()
    ok(f"{label} sweeps: --progress counts the sweep's searches done, one line each",
       p.returncode == 0 and lines and all(re.match(r"^progress  concurrency \d+:\d\d  \d+ of "
                                                    r"\d+ searches done$", l) for l in lines)
       and lines[-1].endswith(f"{len(listing(checker)['strategies']) * 2} of "
                              f"{len(listing(checker)['strategies']) * 2} searches done"),
       p.stderr[-400:])

    # Each cell is one plain command line, and gives the cell's verdict.
    code, out, err = run([checker, "--matrix", "--commands"])
    lines = out.splitlines()
    lst = listing(checker)
    n_st, n_sc = len(lst["strategies"]), len(lst["scenarios"])
    ok(f"{label} sweeps: --matrix --commands prints a command a cell, and two a strategy for "
       "the concurrency columns", code == 0 and len(lines) == n_st * n_sc + 2 * n_st
       and all(l.startswith("./checker --strategy=") for l in lines), out[-300:])
    cells = matrix_cells(run([checker, "--matrix"])[1])
    bad = []
    for l in lines[:n_st * n_sc]:
        if label != "plain" and "--scenario=seed-race" not in l:
            continue        # one column under ASan: the rest is no question of the build
        args = shlex.split(l)[1:]
        st = args[0].split("=", 1)[1]
        sc = args[1].split("=", 1)[1]
        c, o, e = run([checker] + args + ["--json"])
        r = json.loads(o) if o else {}
        got = refused_cell(c, o, e) or r.get("property") or r.get("verdict")
        if cells.get((st, sc)) != got:
            bad.append(f"{l}: {got}, the matrix says {cells.get((st, sc))}")
    ok(f"{label} sweeps: each --matrix --commands line gives its cell's verdict", not bad,
       "\n".join(bad[:4]))
    code, out, err = run([checker, "--twins", "--commands", "--max-states=99999"])
    twins_of = listing(checker)["twins"]
    ok(f"{label} sweeps: --twins --commands: a command a twin, with the sweep's options",
       code == 0 and out.splitlines() == [f"./checker --strategy={t['name']} "
                                          f"--scenario={t['scenario']} --max-states=99999"
                                          for t in twins_of], out[:300])
    with tempfile.TemporaryDirectory() as tmp:
        odd = os.path.join(tmp, "a dir")
        os.mkdir(odd)
        shutil.copy("scenarios/seed-race.dax", os.path.join(odd, "seed race.dax"))
        code, out, err = run([checker, "--matrix", odd, "--strategy=fs-zero-inside",
                              "--commands"])
        first = out.splitlines()[0] if out else ""
        c, o, e = run([checker] + shlex.split(first)[1:]) if first else (None, "", "")
        ok(f"{label} sweeps: a command with a path the shell would split is quoted, and runs",
           code == 0 and "'--scenario=" in first and c == 0 and "no violation" in o,
           f"{first} -> exit {c} {e}")
    code, out, err = run([checker, "--matrix", "--commands", "--jobs=2"])
    ok(f"{label} sweeps: --commands runs nothing, so --jobs with it is refused",
       code == 2 and "--jobs cannot be combined with --commands" in err, err)

    # The README's make recipe, as printed there, on a few cells.
    if label != "plain" or not shutil.which("make"):
        return
    readme = open("README.md", encoding="utf-8").read()
    m = re.search(r"```\n(LINES := .*?)```", readme, re.S)
    ok(f"{label} sweeps: README has a make recipe for a sweep", m, "")
    if not m:
        return
    with tempfile.TemporaryDirectory() as tmp:
        os.symlink(checker, os.path.join(tmp, "checker"))
        with open(os.path.join(tmp, "cells.mk"), "w") as f:
            f.write(m.group(1))
        cmds = run([checker, "--matrix", "--commands", "--strategy=dax-generic"])[1]
        # three cells it runs (a refused one, as no PMD path, exits 2)
        mx = matrix_cells(run([checker, "--matrix", "--strategy=dax-generic"])[1])
        cells = [c for c in cmds.splitlines() if "--scenario=" in c and not
                 mx.get(("dax-generic", c.split("--scenario=", 1)[1].split()[0]),
                        "no ").startswith("no ")][:3]
        with open(os.path.join(tmp, "cells.txt"), "w") as f:
            f.write("\n".join(cells) + "\n")
        p = subprocess.run(["make", "-s", "-j2", "-f", "cells.mk"], cwd=tmp,
                           capture_output=True, text=True, timeout=300)
        got = []
        for i, cell in enumerate(cells, 1):
            path = os.path.join(tmp, "out", f"{i}.json")
            r = json.load(open(path)) if os.path.exists(path) else {}
            sc = shlex.split(cell)[2].split("=", 1)[1]
            got.append(matrix_cells(run([checker, "--matrix", "--strategy=dax-generic"])[1])
                       .get(("dax-generic", sc)) == (r.get("property") or r.get("verdict")))
        ok(f"{label} sweeps: the README's make recipe runs the cells, each report in out/",
           p.returncode == 0 and got and all(got), f"exit {p.returncode} {p.stderr[-300:]} "
           f"{got}")
