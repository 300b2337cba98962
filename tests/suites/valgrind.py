"""valgrind: memcheck finds no error and no leak in representative runs; says SKIP if
valgrind is not installed, fails then if REQUIRE_VALGRIND is set (.ci/run
sets it)
"""
from harness import *  # noqa: F401,F403


def suite_valgrind(checker, label):
    vg = shutil.which("valgrind")
    if not vg:
        missing_tool(label, "valgrind", "valgrind", "REQUIRE_VALGRIND")
        return
    memcheck = [vg, "-q", "--leak-check=full", "--error-exitcode=99",
                "--errors-for-leak-kinds=definite,indirect"]
    with tempfile.TemporaryDirectory() as tmp:
        runs = [  # (arguments, exit status)
            (["--strategy=dax-generic"], 1),
            (["--strategy=fs-zero-inside"], 0),
            (["--strategy=dax-generic", "--json"], 1),
            ([f"--json={tmp}/out.json"], 1),
            (["--scenario=tests/bad/unknown-op.dax"], 2),
            (["--matrix", "--max-states=200"], 3),
            (["--concurrency", "--strategy=range-lock"], 0),
            (["--replay=0,1,1,1,0,0,0,0,0,0,1,1,1"], 1),
            (["--strategy=xfs-mmaplock", "--max-memory=1K"], 3),
            (["--strategy=model/strategies/entry-lock.strategy", "--scenario=punch-race"], 0),
            (["--lint", "model/strategies/range-lock.strategy", "--max-states=300"], 3),
            (["--twins", "--strategy=xfs-unwritten"], 0),
        ]
        for args, want in runs:
            code, out, err = run(memcheck + [checker] + args, timeout=300)
            errs = [l for l in err.splitlines() if l.startswith("==")]
            ok(f"{label} valgrind {' '.join(args)}: no memory error or leak",
               code == want and not errs, f"exit {code} (want {want})\n" + "\n".join(errs[:40]))
    # An interrupted search frees everything too.  (Under valgrind it runs
    # some 50 times slower, and valgrind itself takes a second to start.)
    code, out, err, running = interrupted(memcheck + [checker, "--strategy=xfs-mmaplock",
                                                      "--threads=7", "--words=7"], delay=3)
    errs = [l for l in err.splitlines() if l.startswith("==")]
    ok(f"{label} valgrind: a search stopped by SIGINT: no memory error or leak",
       code == 3 and running and "INCOMPLETE: interrupted by SIGINT" in out and not errs,
       f"exit {code} running {running}\n" + "\n".join(errs[:40]))
