"""promela: --property narrows a search and its replay; --emit-promela writes a
deterministic SPIN model, whole or not at all (make crosscheck runs SPIN on
it)
"""
from harness import *  # noqa: F401,F403


def suite_promela(checker, label):
    """--property narrows the search; --emit-promela writes a SPIN model."""
    sc = "--scenario=scenarios/punch-race.dax"
    code, out, err = run([checker, sc, "--strategy=dax-generic", "--property=lost-store"])
    ok(f"{label} promela: --property=lost-store skips the use-after-free found first",
       code in (0, 1) and "use-after-free" not in out and "not compared: --property" in out,
       f"exit {code}\n{out}{err}")
    code, out, err = run([checker, "--strategy=dax-generic", "--property=stale-read,lost-store"])
    m = re.search(r"^replay\s+(.*)$", out, re.M)
    ok(f"{label} promela: a --property counterexample's replay command keeps --property",
       code == 1 and m and "--property=stale-read,lost-store" in m.group(1), out)
    if m:
        cmd = shlex.split(m.group(1))
        cmd[0] = checker
        rc, rout, rerr = run(cmd)
        ok(f"{label} promela: ... and reproduces it", rc == 1 and "VIOLATION lost-store" in rout,
           f"exit {rc}\n{rout}{rerr}")
    for bad, what in (("--property=lost", "unknown property 'lost'; valid properties: stale-read"),
                      ("--property=deadlock,deadlock", "deadlock given twice"),
                      ("--property=", "needs a value")):
        code, out, err = run([checker, bad])
        ok(f"{label} promela: {bad} exits 2 with a message", code == 2 and what in err and not out,
           f"exit {code}\n{out}{err}")
    code, a, err = run([checker, "--strategy=entry-lock", sc, "--emit-promela"])
    code2, b, err2 = run([checker, "--strategy=entry-lock", sc, "--emit-promela"])
    ok(f"{label} promela: --emit-promela writes the same model twice",
       code == 0 and code2 == 0 and a == b and "proctype thread()" in a, f"exit {code}\n{err}")
    ok(f"{label} promela: the model names the strategy and its steps in kernel vocabulary",
       " * strategy  entry-lock:" in a and "/* fault step 0: " in a and "vm_insert_mixed" in a
       and "/* punch step 0: " in a, a[:600])
    ok(f"{label} promela: one d_step per step of the fault and punch paths, plus user space",
       a.count(":: d_step {") == 1 + len(re.findall(r"/\* (fault|punch) step \d+", a)), a[:300])
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "m.pml")
        code, out, err = run([checker, "--strategy=entry-lock", sc, "--emit-promela=" + path])
        ok(f"{label} promela: --emit-promela=FILE writes the file, nothing on stdout",
           code == 0 and not out and open(path).read() == a, f"exit {code}\n{err}")
        code, out, err = run([checker, "--emit-promela=" + os.path.join(d, "no", "m.pml")])
        ok(f"{label} promela: an unwritable --emit-promela=FILE exits 2, leaves nothing",
           code == 2 and "--emit-promela=" in err and os.listdir(d) == ["m.pml"],
           f"exit {code}\n{err}{os.listdir(d)}")
    code, out, err = run([checker, "--strategy=range-lock", "--threads=2", "--pages=2",
                          "--words=1", "--property=overlap-other-pages"])
    ok(f"{label} promela: --property takes a --concurrency goal, and finds its witness",
       code == 1 and "VIOLATION overlap-other-pages" in out
       and "--replay=0,0,0,1,1,1" in out, f"exit {code}\n{out}{err}")
    code, out, err = run([checker, "--strategy=range-lock", "--property=overlap-same-page"])
    ok(f"{label} promela: ... and its exhaustive no", code == 0 and "no violation" in out,
       f"exit {code}\n{out}{err}")
    crash_names = ("no_fsync_loss", "no_stale_after_crash", "CHECK_FSYNC_LOSS",
                   "CHECK_STALE_AFTER_CRASH")
    code, a, err = run([checker, "--strategy=fs-zero-inside", "--threads=3", "--words=3",
                        "--emit-promela"])
    ok(f"{label} promela: a model without `crash` uses none of the crash properties' names, "
       "which only a crash model declares (else spin -a refuses it)",
       code == 0 and "proctype thread()" in a and not [n for n in crash_names if n in a],
       [n for n in crash_names if n in a])
    code, a, err = run([checker, "--strategy=i-mmap-write", "--scenario=scenarios/fsync-store.dax",
                        "--emit-promela"])
    ok(f"{label} promela: ... and a crash model declares and defines them",
       code == 0 and "byte x, y, no_stale_after_crash = 1, no_fsync_loss = 1;" in a
       and "#define CHECK_FSYNC_LOSS" in a and "#define CHECK_STALE_AFTER_CRASH" in a,
       f"exit {code}\n{err}")
    code, out, err = run([checker, "--emit-promela", "--json"])
    ok(f"{label} promela: --emit-promela with --json is refused (exit 2)",
       code == 2 and "cannot be combined" in err, f"exit {code}\n{err}")
