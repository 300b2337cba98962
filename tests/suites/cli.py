"""cli: what a new user runs: the seed race, its fix, scaled scenarios; a write
error on stdout exits 2
"""
from harness import *  # noqa: F401,F403


def suite_cli(checker, label):
    code, out, err = run([checker, "--strategy=dax-generic"])
    ok(f"{label} cli: dax-generic reproduces the 2015 race (exit 1)", code == 1, f"exit {code}")
    ok(f"{label} cli: it names the lost store and its destroyer",
       re.search(r"VIOLATION lost-store: T\d's store of \d to page 0 word \d \(step \d+\) "
                 r"was overwritten by T\d's clear_pmem \(step \d+\)", out), out)
    ok(f"{label} cli: the counterexample is a swim-lane table",
       re.search(r"step\s+T0\s+T1\s+what changed", out) and "get_block(create=1)" in out
       and "vm_insert_mixed" in out and "i_mmap_lock_read" in out, out)
    m = re.search(r"^replay\s+(.*)$", out, re.M)
    ok(f"{label} cli: a replay command is printed", m, out)
    if m:
        cmd = shlex.split(m.group(1))
        cmd[0] = checker
        rc, rout, rerr = run(cmd)
        ok(f"{label} cli: the replay command reproduces the violation",
           rc == 1 and "VIOLATION lost-store" in rout, f"exit {rc}\n{rout}{rerr}")
        steps = m.group(1).split("--replay=")[1].split(",")
        rc, rout, rerr = run(cmd[:-1] + ["--replay=" + ",".join(steps[:-1])])
        ok(f"{label} cli: the replay minus its last step has no violation",
           rc == 0 and "no violation on this schedule" in rout, f"exit {rc}\n{rout}{rerr}")
    code, out, err = run([checker, "--strategy=fs-zero-inside"])
    ok(f"{label} cli: fs-zero-inside is proven safe (exit 0)",
       code == 0 and "no violation: every interleaving explored (exhaustive)" in out,
       f"exit {code}\n{out}")
    code, out, err = run([checker])
    ok(f"{label} cli: the default strategy is dax-generic", code == 1, f"exit {code}")
    for s, want in (("dax-generic", 1), ("fs-zero-inside", 0)):
        code, out, err = run([checker, f"--strategy={s}", "--threads=4", "--words=4"])
        ok(f"{label} cli: {s} --threads=4 --words=4 exits {want}", code == want,
           f"exit {code}\n{out}{err}")
        code, out, err = run([checker, f"--strategy={s}", "--threads=3", "--pages=2", "--words=2"])
        ok(f"{label} cli: {s} --threads=3 --pages=2 --words=2 exits {want}", code == want,
           f"exit {code}\n{out}{err}")
    code, out, err = run([checker, "--strategy=dax-generic", "--search=dfs"])
    ok(f"{label} cli: depth-first search finds the race too",
       code == 1 and "not necessarily the shortest" in out, f"exit {code}\n{out}")
    code, out, err = run([checker, "--list"])
    ok(f"{label} cli: --list shows strategies with sources and the scenario files",
       code == 0 and "dax-generic" in out and "source: Linux v4.2" in out
       and "scenarios/seed-race.dax" in out, out)
    # The binary is self-contained: from any directory, the same output.
    with tempfile.TemporaryDirectory() as tmp:
        for args in (["--list"], ["--strategy=fs-zero-inside", "--scenario=punch-race"],
                     ["--twins", "--strategy=range-lock"], ["--matrix", "--strategy=entry-lock"]):
            here = run([checker] + args)
            p = subprocess.run([checker] + args, capture_output=True, text=True, cwd=tmp)
            ok(f"{label} cli: {' '.join(args)} from another directory: the same output",
               p.returncode == here[0] and drop_time(p.stdout) == drop_time(here[1])
               and p.returncode in (0, 1), f"exit {p.returncode} {p.stderr}")
    code, a, err = run([checker, "--strategy=dax-generic", "--scenario=seed-race"])
    code2, b, err2 = run([checker, "--strategy=dax-generic", "--scenario=scenarios/seed-race.dax"])
    ok(f"{label} cli: --scenario=seed-race runs the shipped file scenarios/seed-race.dax",
       code == code2 == 1 and drop_time(a).replace("--scenario=seed-race", "X")
       == drop_time(b).replace("--scenario=scenarios/seed-race.dax", "X"), a)
    for flag in ("--help", "--version"):
        code, out, err = run([checker, flag])
        ok(f"{label} cli: {flag}", code == 0 and out and not err, f"exit {code} {err}")
    if os.path.exists("/dev/full"):
        # A verdict that could not be written is no verdict: exit 2, not 0/1.
        for args in (["--strategy=dax-generic"], ["--strategy=fs-zero-inside"], ["--list"],
                     ["--strategy=fs-zero-inside", "--emit-promela"]):
            with open("/dev/full", "w") as full:
                p = subprocess.run([checker] + args, stdout=full, stderr=subprocess.PIPE,
                                   text=True, timeout=600)
            ok(f"{label} cli: {' '.join(args)} > /dev/full: write error, exit 2",
               p.returncode == 2 and "error writing standard output" in p.stderr,
               f"exit {p.returncode} {p.stderr}")

    # The scenario as its file writes it: a line a thread, ops joined by ';'.
    code, out, err = run([checker, "--scenario=hole-page"])
    ok(f"{label} cli: the header gives each thread's program as the scenario file does",
       out.startswith("scenario  hole-page: 2 threads, 1 page x 2 words\n"
                      "          T0: load 0:0; store 0:0=1\n"
                      "          T1: store 0:1=2\nstrategy  dax-generic: "), out[:300])
    # A scenario of one's own: no notice unless its file states expectations.
    with tempfile.TemporaryDirectory() as tmp:
        mine = os.path.join(tmp, "mine.dax")
        seed = open("scenarios/seed-race.dax").read().replace("DAX seed-race", "DAX mine")
        open(mine, "w").write(seed)
        code, out, err = run([checker, f"--scenario={mine}"])
        ok(f"{label} cli: a scenario file without expect lines gets no notice about them",
           code == 1 and "expected" not in out, out[:600])
        open(mine, "w").write(seed + "expect fs-zero-inside ok\n")
        code, out, err = run([checker, f"--scenario={mine}"])
        ok(f"{label} cli: one that states some gets a notice for the strategy it lacks",
           code == 1 and f"expected  (no 'expect dax-generic' line in {mine})" in out, out[:600])

    # --crash and --platform: the same search as a file with the lines.
    with tempfile.TemporaryDirectory() as tmp:
        for scen, opts, extra in (("seed-race", ["--crash"], "crash\n"),
                                  ("crash-alloc", ["--platform=no-adr"], "platform no-adr\n"),
                                  ("hole-page", ["--crash", "--platform=no-adr"],
                                   "crash\nplatform no-adr\n")):
            text = open(f"scenarios/{scen}.dax").read()
            mine = os.path.join(tmp, f"{scen}.dax")
            open(mine, "w").write(text + extra)
            for strat in ("dax-generic", "fs-zero-inside", "entry-lock"):
                a = run([checker, f"--strategy={strat}", f"--scenario={scen}", "--json"] + opts)
                b = run([checker, f"--strategy={strat}", f"--scenario={mine}", "--json"])
                ja, jb = json.loads(a[1]), json.loads(b[1])
                same = all(ja[k] == jb[k] for k in ("verdict", "property", "states",
                                                    "transitions", "schedule", "crash",
                                                    "platform"))
                ok(f"{label} cli: {strat} --scenario={scen} {' '.join(opts)} searches as "
                   f"the file with '{extra.strip()}' does", a[0] == b[0] and same,
                   f"exit {a[0]} vs {b[0]}\n{a[1][:400]}\n{b[1][:400]}")
                if ja["verdict"] == "violation":
                    cmd = shlex.split(ja["replay"])
                    cmd[0] = checker
                    rc, rout, rerr = run(cmd)
                    ok(f"{label} cli: its replay command carries {' '.join(opts)}",
                       rc == 1 and f"VIOLATION {ja['property']}" in rout
                       and all(o in ja["replay"] for o in opts), f"{ja['replay']}\n{rout}")
    code, out, err = run([checker, "--scenario=seed-race", "--strategy=fs-zero-inside", "--crash"])
    ok(f"{label} cli: --crash compares with no file's expectation",
       "expected  (not compared: --crash or --platform changed the scenario" in out, out)
    code, out, err = run([checker, "--platform=no-adr"])
    ok(f"{label} cli: --platform without a crash exits 2 and says why",
       code == 2 and "add --crash" in err and not out, f"exit {code}\n{err}")
    code, out, err = run([checker, "--crash", "--platform=nvdimm"])
    ok(f"{label} cli: a wrong --platform lists the valid ones",
       code == 2 and "valid platforms: adr, no-adr" in err, f"exit {code}\n{err}")
