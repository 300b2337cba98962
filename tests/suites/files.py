"""files: strategies as files: a shipped file copied out of the tree and loaded by
path gives the built-in's verdicts, counterexamples and matrix row, from any
directory; a variant written by hand (fs-zero-inside without its locks) is
caught; --matrix over your own scenarios; --lint, and a malformed strategy
for each defect (tests/bad-strategy/)
"""
from harness import *  # noqa: F401,F403


def suite_files(checker, label):
    lst = listing(checker)
    # 1. Each shipped file, copied out of the tree and loaded by path from
    # another directory, is the built-in: the same verdict, counterexample,
    # coverage and statistics on every shipped scenario, and the same row.
    with tempfile.TemporaryDirectory() as tmp:
        builtin_matrix = matrix_cells(run([checker, "--matrix"])[1])
        for st in lst["strategies"]:
            copy = os.path.join(tmp, os.path.basename(st["file"]))
            shutil.copy(st["file"], copy)
            bad = []
            for scen, _ in scenario_names(checker):
                c1, o1, _ = run([checker, f"--strategy={st['name']}", f"--scenario={scen}",
                                 "--json"])
                p = subprocess.run([checker, f"--strategy={copy}", f"--scenario={scen}",
                                    "--json"], capture_output=True, text=True, cwd="/")
                if c1 == 2 and not o1 and refused(p.returncode, p.stdout, p.stderr):
                    continue    # refused both ways: MAP_SYNC before v4.15, or no PMD path
                try:
                    r1, r2 = json.loads(o1), json.loads(p.stdout)
                except ValueError:
                    bad.append(f"{scen}: exit {c1} / {p.returncode} {p.stderr.strip()}")
                    continue
                if c1 != p.returncode or not same_run(r1, r2):
                    bad.append(f"{scen}: {r1['verdict']} {len(r1['schedule'])} / "
                               f"{r2['verdict']} {len(r2['schedule'])}")
                elif r2["replay"] and f"--strategy={copy}" not in r2["replay"]:
                    bad.append(f"{scen}: the replay command does not name the file: "
                               f"{r2['replay']}")
            ok(f"{label} files: {st['name']} loaded from a copy of its file elsewhere is "
               "the built-in", not bad, "; ".join(bad[:3]))
            p = subprocess.run([checker, "--matrix", f"--strategy={copy}"], capture_output=True,
                               text=True, cwd="/")
            row = {sc: v for (n, sc), v in matrix_cells(p.stdout).items()}
            want = {sc: v for (n, sc), v in builtin_matrix.items() if n == st["name"]}
            ok(f"{label} files: {st['name']}'s copy has the built-in's matrix row",
               p.returncode in (0, 1) and row == want and row, f"{row} / {want}")
        # Its twins, by PATH~MUTATION, are caught and replay.
        copy = os.path.join(tmp, "fs-zero-inside.strategy")
        code, out, err = run([checker, "--twins", f"--strategy={copy}"])
        ok(f"{label} files: the copy's twins are derived and caught",
           code == 0 and "every twin caught" in out and out.count(" caught\n") == 8,
           f"exit {code}\n{out}{err}")
        code, out, err = run([checker, f"--strategy={copy}~no-ilock", "--scenario=seed-race"])
        m = re.search(r"^replay +(.*)$", out, re.M)
        ok(f"{label} files: a twin of a file, PATH~MUTATION, names itself so in its replay",
           code == 1 and m and f"--strategy={copy}~no-ilock --scenario=seed-race" in m.group(1)
           and run(shlex.split(m.group(1).replace("./checker", checker, 1)))[0] == 1,
           f"exit {code}\n{out}{err}")
        code, out, err = run([checker, f"--strategy={copy}", "--emit-promela"])
        code2, out2, err2 = run([checker, "--strategy=fs-zero-inside", "--emit-promela"])
        ok(f"{label} files: --emit-promela of the copy is the built-in's model",
           code == code2 == 0 and out.replace(copy, "fs-zero-inside") == out2, err)
        code, out, err = run([checker, "--list", f"--strategy={copy}", "--json"])
        r = json.loads(out) if code == 0 else {}
        ok(f"{label} files: --list --strategy=FILE lists the file after the shipped ones",
           code == 0 and r["strategies"][-1]["file"] == copy
           and not r["strategies"][-1]["shipped"]
           and sum(t["file"] == copy for t in r["twins"]) == 8, out[-300:])

    # 2. A variant written by hand: fs-zero-inside without its ILOCK steps.
    variant = "tests/strategies/fs-zero-inside-nolock.strategy"
    code, out, err = run([checker, f"--strategy={variant}", "--scenario=seed-race"])
    ok(f"{label} files: {variant} is caught losing a store on the seed race",
       code == 1 and "VIOLATION lost-store" in out, f"exit {code}\n{out}{err}")
    code, out, err = run([checker, "--matrix", f"--strategy={variant}"])
    ok(f"{label} files: its matrix row is every verdict its file expects",
       code == 0 and "every cell is what the files expect" in out, f"exit {code}\n{out}")
    code, out, err = run([checker, "--lint", variant])
    ok(f"{label} files: it passes --lint", code == 0 and not err, f"exit {code}\n{err}")
    # It states no write path: a scenario with write(2) is refused, not guessed.
    code, out, err = run([checker, f"--strategy={variant}", "--scenario=write-vs-fault"])
    ok(f"{label} files: a strategy without a write handler refuses write(2), exit 2",
       code == 2 and not out and "states no write path" in err
       and "T1 write 0:0=1" in err, f"exit {code}\n{out}{err}")
    code, out, err = run([checker, "--matrix", f"--strategy={variant}"])
    ok(f"{label} files: its matrix cell for write-vs-fault reads 'no write path'",
       code == 0 and re.search(r"no write path", out) is not None, f"exit {code}\n{out}")

    # A fault that takes the DAX entry lock it already holds (a what-if of
    # each entry lock: the v4.7 wait queue, the v4.10 2 MiB range) waits for
    # itself: a deadlock, named so, not a lost-wakeup (it holds the entry
    # whose wait queue it sleeps on).
    for variant, where in (("tests/strategies/entry-lock-regrab.strategy",
                            "T0 in dax_insert_mapping_entry waits for DAX entry lock, held by T0 "
                            "itself"),
                           ("tests/strategies/pmd-entry-lock-regrab.strategy",
                            "T0 in grab_mapping_entry waits for DAX entry lock, held by T0 "
                            "itself")):
        code, out, err = run([checker, f"--strategy={variant}", "--scenario=seed-race"])
        ok(f"{label} files: {variant} deadlocks on the seed race, waiting for itself",
           code == 1 and "VIOLATION deadlock: a thread waits for itself: " + where in out
           and "<-- deadlock: T0 waits for itself" in out, f"exit {code}\n{out}{err}")

    # 3. Your own scenarios: --matrix DIR and --matrix FILE..., anywhere.
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("seed-race.dax", "punch-race.dax"):
            shutil.copy(os.path.join("scenarios", name), tmp)
        p = subprocess.run([checker, "--matrix", "."], capture_output=True, text=True, cwd=tmp)
        cells = matrix_cells(p.stdout)
        # (Whether every cell is as expected is the matrix suite's to say.)
        ok(f"{label} files: --matrix DIR runs every strategy on DIR/*.dax",
           p.returncode in (0, 1) and "x 2 scenarios (./*.dax)" in p.stdout
           and cells.get(("dax-generic", "punch-race")) == "use-after-free"
           and len(cells) == 2 * len(lst["strategies"]), f"exit {p.returncode}\n{p.stdout}")
        p = subprocess.run([checker, "--matrix", "punch-race.dax", "--strategy=xfs-mmaplock"],
                           capture_output=True, text=True, cwd=tmp)
        ok(f"{label} files: --matrix FILE --strategy=NAME gives one cell",
           p.returncode == 0 and matrix_cells(p.stdout) == {("xfs-mmaplock", "punch-race"): "ok"},
           f"exit {p.returncode}\n{p.stdout}{p.stderr}")

    # 4. --lint: a good file's summary; what it finds in bad ones.
    code, out, err = run([checker, "--lint"] + [st["file"] for st in lst["strategies"]])
    ok(f"{label} files: --lint passes every shipped strategy file",
       code == 0 and not err and out.count(": ok\n") == len(lst["strategies"]),
       f"exit {code}\n{err}")
    table = []
    for line in open("tests/bad-strategy/expected.txt"):
        if line.startswith("#") or not line.strip():
            continue
        name, lineno, mode, what = line.rstrip("\n").split("\t")
        table.append((name, lineno, mode, what))
    listed = {t[0] for t in table}
    on_disk = {os.path.basename(p) for p in glob.glob("tests/bad-strategy/*.strategy")}
    ok(f"{label} files: every malformed strategy file has an expectation",
       listed == on_disk and len(listed) >= 30,
       f"unlisted {on_disk - listed}, missing {listed - on_disk}")

    def one_message(name, args, want, out_ok=lambda o: o == ""):
        code, out, err = run([checker] + args)
        ok(f"{label} files: {name}: {' '.join(args)[:60]}",
           code == 2 and want in err and out_ok(out) and len(err.strip().splitlines()) == 1
           and "Sanitizer" not in err, f"exit {code}, stderr {err.strip()!r}, want {want!r}")

    for name, lineno, mode, what in table:
        path = f"tests/bad-strategy/{name}"
        want = f"{path}:{lineno}: {what}"
        one_message(name, ["--lint", path], want)
        if mode == "load":
            one_message(name, [f"--strategy={path}"], want)
        else:
            code, out, err = run([checker, f"--strategy={path}"])
            ok(f"{label} files: {name} loads (only --lint minds it)", code in (0, 1),
               f"exit {code} {err}")
    with tempfile.TemporaryDirectory() as tmp:
        long_line = os.path.join(tmp, "long-line.strategy")
        with open(long_line, "w") as f:
            f.write("strategy long\n" + "#" * (10 << 20) + "\n")
        one_message("a 10 MB line", [f"--strategy={long_line}"],
                    f"{long_line}:2: line longer than 4095 bytes")
        one_message("a directory as a strategy", [f"--strategy={tmp}/"], f"{tmp}/")
    # Every defect of a file is named, one line each; the good file after
    # a bad one is still checked.
    code, out, err = run([checker, "--lint", "tests/bad-strategy/unreachable-step.strategy",
                          "model/strategies/dax-generic.strategy"])
    ok(f"{label} files: --lint goes on past a bad file, and exits 2",
       code == 2 and "dax-generic.strategy: strategy dax-generic" in out
       and "unreachable-step.strategy" in err, f"exit {code}\n{out}{err}")
