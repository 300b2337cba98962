"""workers: --workers=1, 2 and 3 print byte-identical output (time line aside):
verdicts, counterexamples, counts, --json, --matrix, --twins, --concurrency,
a search stopped by a limit; --progress; SIGTERM stops a 2-worker search;
misuse of the new options exits 2
"""
from harness import *  # noqa: F401,F403


def suite_workers(checker, label):
    runs = [
        ["--strategy=dax-generic"],
        ["--strategy=dax-generic", "--threads=4", "--pages=2", "--words=2", "--json"],
        ["--strategy=fs-zero-inside", "--threads=5", "--words=5"],
        ["--strategy=fs-zero-inside", "--threads=5", "--words=5", "--reduce=none"],
        ["--strategy=i-mmap-write", "--scenario=scenarios/hole-page.dax"],
        ["--strategy=fs-zero-inside", "--scenario=scenarios/punch-race.dax", "--json"],
        ["--strategy=xfs-mmaplock", "--threads=5", "--words=5", "--max-states=20000"],
        ["--strategy=xfs-mmaplock", "--threads=5", "--words=5", "--max-memory=3M"],
        ["--matrix"],
        ["--twins"],
        ["--concurrency"],
    ]
    for args in runs:
        outs = [run([checker] + args + [f"--workers={w}"]) for w in (1, 2, 3)]
        same = all((c, drop_time(o), e) == (outs[0][0], drop_time(outs[0][1]), outs[0][2])
                   for c, o, e in outs)
        ok(f"{label} workers {' '.join(args)}: identical for 1, 2 and 3 workers", same,
           "\n".join(f"exit {c}: {drop_time(o)[-300:]}" for c, o, e in outs))
    code, out, err = run([checker, "--strategy=fs-zero-inside", "--threads=4", "--words=4",
                          "--workers=2"])
    ok(f"{label} workers: the time line says how many ran",
       code == 0 and re.search(r"^time .*, 2 workers$", out, re.M), out[-200:])
    env = dict(os.environ, CHECKER_PROGRESS_SECONDS="0")
    p = subprocess.run([checker, "--strategy=fs-zero-inside", "--threads=4", "--words=4",
                        "--progress", "--workers=2"], capture_output=True, text=True, env=env)
    ok(f"{label} workers: --progress with 2 workers reports states, level and queue",
       p.returncode == 0 and re.search(r"^progress  search \d+:\d\d  \d+ states  .* level \d+ "
                                       r"\d+%  queue ", p.stderr, re.M), p.stderr[-300:])
    code, out, err, running = interrupted([checker] + LONG + ["--workers=2"], signal.SIGTERM)
    ok(f"{label} workers: SIGTERM stops a 2-worker search: INCOMPLETE, exit 3",
       code == 3 and running and "INCOMPLETE: interrupted by SIGTERM" in out
       and re.search(r"^time .*, 2 workers$", out, re.M), f"exit {code}\n{out[-300:]}{err}")
    code, out, err = run([checker, "--strategy=fs-zero-inside", "--storage=hash-compact"])
    ok(f"{label} workers: hash compaction never prints a plain 'no violation'",
       code == 0 and "no violation found: hash compaction" in out
       and "probability at most" in out and "every interleaving explored (exhaustive)" not in out,
       out[:400])
    for args, want in [(["--storage=bitstate"], "valid storages: exact, hash-compact"),
                       (["--storage=hash-compact", "--search=dfs"], "needs --search=bfs"),
                       (["--storage=hash-compact", "--reduce=sleep"],
                        "runs without --reduce=sleep"),
                       (["--workers=0"], "--workers=0: out of range 1..64"),
                       (["--workers=65"], "out of range 1..64"),
                       (["--reduce=ample"], "valid reductions: persistent, sleep, none"),
                       (["--search=dfs", "--workers=2"], "--workers needs --search=bfs"),
                       (["--search=dfs", "--reduce=sleep"], "--search=dfs explores without them"),
                       (["--search=dfs", "--reduce=persistent"],
                        "--search=dfs explores without them")]:
        code, out, err = run([checker] + args)
        ok(f"{label} workers: {' '.join(args)} exits 2 saying why",
           code == 2 and out == "" and want in err, f"exit {code} {err!r}")
