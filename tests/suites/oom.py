"""oom: out of memory under ulimit -v, and each allocation in turn failed by
build/failalloc.so: INCOMPLETE and exit 3 or the normal verdict, never a
crash, exit 2 or false "no violation"
"""
from harness import *  # noqa: F401,F403


def suite_oom(checker, label):
    # A search that needs 1 GB, in 100 MB of address space, with our own
    # limit off: malloc fails in the middle of the search.
    def small_memory():
        default_signals()
        resource.setrlimit(resource.RLIMIT_AS, (100 << 20, 100 << 20))

    for extra in ([], ["--search=dfs", "--json"]):
        p = subprocess.run([checker] + LONG + ["--max-memory=0"] + extra, capture_output=True,
                           text=True, errors="replace", preexec_fn=small_memory, timeout=120)
        if extra:
            try:
                r = json.loads(p.stdout)
            except ValueError as e:
                r = {"error": str(e)}
            good = r.get("verdict") == "incomplete" and r.get("states", 0) > 0 and \
                "out of memory" in (r.get("incomplete_reason") or "")
        else:
            good = "INCOMPLETE: out of memory" in p.stdout and "no violation" not in p.stdout \
                and re.search(r"^states +[1-9]\d* stored", p.stdout, re.M)
        ok(f"{label} oom: ulimit -v 100M {' '.join(extra)}: INCOMPLETE, out of memory, exit 3",
           p.returncode == 3 and good and p.stderr == "",
           f"exit {p.returncode}\n{p.stdout[-800:]}{p.stderr}")

    # Each allocation of a run in turn fails (FAILALLOC_AT=N), alone or with
    # every later one (FAILALLOC_AFTER): the run must still give its normal
    # verdict and output, or say incomplete, out of memory, and exit 3.
    shim = os.path.join(ROOT, "build", "failalloc.so")
    if not ok(f"{label} oom: {shim} is built", os.path.exists(shim), "run make check"):
        return
    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(os.path.join(tmp, "scenarios"))
        shutil.copy("scenarios/seed-race.dax", os.path.join(tmp, "scenarios"))
        shutil.copy("model/strategies/dax-generic.strategy", os.path.join(tmp, "mine.strategy"))
        jpath = os.path.join(tmp, "out.json")
        runs = [  # (arguments, normal exit status, working directory)
            ([], 1, None),
            (["--strategy=fs-zero-inside"], 0, None),
            ([f"--strategy={tmp}/mine.strategy", "--scenario=store-vs-load"], 1, None),
            (["--json"], 1, None),
            (["--search=dfs", "--threads=3", "--pages=2", "--words=2"], 1, None),
            (["--replay=0,1,1,1,0,0,0,0,0,0,1,1,1"], 1, None),
            (["--scenario=scenarios/punch-race.dax", "--strategy=fs-zero-inside"], 1, None),
            (["--scenario=tests/bad/unknown-op.dax"], 2, None),
            (["--concurrency", "--strategy=range-lock"], 0, None),
            (["--matrix", "scenarios", "--strategy=range-lock"], 0, tmp),
            ([f"--json={jpath}"], 1, None),
            (["--all-properties", "--scenario=punch-race"], 1, None),
        ]
        for args, want, cwd in runs:
            env = dict(os.environ, LD_PRELOAD=shim, FAILALLOC_COUNT="1")
            base = subprocess.run([checker] + args, capture_output=True, text=True, cwd=cwd,
                                  env=env)
            m = re.search(r"failalloc: (\d+) allocations", base.stderr)
            if not ok(f"{label} oom: {' '.join(args)} runs under the shim",
                      base.returncode == want and m, f"exit {base.returncode} {base.stderr}"):
                continue
            count = int(m.group(1))
            for mode in ("once", "after"):
                bad = []
                for n in range(1, count + 1):
                    if os.path.exists(jpath):
                        os.remove(jpath)
                    env = dict(os.environ, LD_PRELOAD=shim, FAILALLOC_AT=str(n))
                    if mode == "after":
                        env["FAILALLOC_AFTER"] = "1"
                    p = subprocess.run([checker] + args, capture_output=True, text=True,
                                       errors="replace", cwd=cwd, env=env)
                    said = p.stdout + p.stderr
                    if p.returncode == want:
                        good = drop_time(p.stdout) == drop_time(base.stdout)
                        # A violation stands when the bounded search for a
                        # shortest counterexample runs out of memory: the
                        # report shows the one found and says so.
                        if not good and args[0:1] == ["--all-properties"]:
                            # Each property's search on its own: one that
                            # ran out says so in its row.
                            good = re.search(r"^  [a-z-]+ +INCOMPLETE: out of memory",
                                             p.stdout, re.M) or (
                                "perhaps not the shortest" in p.stdout
                                and "stopped: out of memory" in p.stdout)
                        elif not good and want == 1 and not args[0:1] == ["--json"]:
                            good = "perhaps not the shortest" in p.stdout and \
                                "stopped: out of memory" in p.stdout
                        elif not good and want == 1:
                            r = json.loads(p.stdout)
                            good = r["verdict"] == "violation" and not r["shortest"]
                    elif p.returncode == 3 and args[0:1] == ["--all-properties"]:
                        # The searches that finished stand; the others say
                        # they ran out, and no verdict is claimed for them.
                        good = "out of memory" in said and (
                            not p.stdout or re.search(r"none violated; \d+ incomplete, no "
                                                      r"verdict for", p.stdout))
                    elif p.returncode == 3:
                        good = "out of memory" in said and "no violation" not in p.stdout \
                            and ("INCOMPLETE" in p.stdout or "incomplete" in said)
                        if args == ["--json"]:
                            good = good and json.loads(p.stdout)["verdict"] == "incomplete"
                    else:
                        good = False
                    if args and args[0].startswith("--json="):
                        # The file is whole, with the run's verdict, or absent.
                        files = sorted(os.listdir(tmp))
                        verdict = {1: "violation", 3: "incomplete"}.get(p.returncode)
                        good = good and (files == ["mine.strategy", "scenarios"] or (
                            sorted(files) == ["mine.strategy", "out.json", "scenarios"]
                            and json.load(open(jpath))["verdict"] == verdict))
                    if not good:
                        bad.append(f"allocation {n}: exit {p.returncode}\n{said[-600:]}")
                ok(f"{label} oom: {' '.join(args) or 'dax-generic'}: each of {count} allocations "
                   f"failing ({mode}): the verdict or INCOMPLETE", not bad, "\n".join(bad[:3]))
