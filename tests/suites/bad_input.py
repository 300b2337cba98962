"""bad-input: malformed scenario files and command lines exit 2 with one clear message on
stderr and nothing on stdout
"""
from harness import *  # noqa: F401,F403


def suite_bad_input(checker, label):
    names = [st["name"] for st in listing(checker)["strategies"] if st["shipped"]]
    table = []
    for line in open("tests/bad/expected.txt"):
        if line.startswith("#") or not line.strip():
            continue
        name, lineno, what = line.rstrip("\n").split("\t")
        table.append((name, lineno, what))
    listed = {t[0] for t in table}
    on_disk = {os.path.basename(p) for p in glob.glob("tests/bad/*.dax")}
    ok(f"{label} bad-input: every malformed file has an expectation",
       listed == on_disk, f"unlisted {on_disk - listed}, missing {listed - on_disk}")
    # The defects the issue names, each in a file of its own (the 10 MB
    # line is generated below rather than committed).
    named = ["truncated.dax", "unknown-op.dax", "page-out-of-range.dax",
             "word-out-of-range.dax", "too-many-threads.dax", "thread-twice.dax",
             "missing-verdict.dax", "binary-garbage.dax", "huge-number.dax",
             "huge-value.dax", "empty.dax"]
    ok(f"{label} bad-input: a malformed file for each named defect",
       set(named) <= listed & on_disk, f"missing {set(named) - (listed & on_disk)}")

    def expect_2(name, args, want):
        code, out, err = run([checker] + args)
        ok(f"{label} bad-input {name}",
           code == 2 and want in err and out == "" and len(err.strip().splitlines()) == 1
           and "Sanitizer" not in err,
           f"exit {code}, stderr {err.strip()!r}, want {want!r}")

    for name, lineno, what in table:
        path = f"tests/bad/{name}"
        # The valid choices the message lists come from the checker.
        what = what.replace("{strategies}", ", ".join(names))
        expect_2(name, [f"--scenario={path}"], f"{path}:{lineno}: {what}")
    # Inputs that once crashed the fuzz target (tests/fuzz/crashes/, until
    # each moves to tests/bad/): the checker must not crash on them.
    for path in sorted(glob.glob("tests/fuzz/crashes/*.dax")):
        code, out, err = run([checker, f"--scenario={path}", "--max-states=10000"])
        ok(f"{label} bad-input fuzz crash {os.path.basename(path)}: no crash",
           code in (0, 1, 2, 3) and "Sanitizer" not in err, f"exit {code}\n{err[-2000:]}")
    for path in sorted(glob.glob("tests/fuzz/crashes/*.strategy")):
        code, out, err = run([checker, f"--strategy={path}", "--scenario=seed-race",
                              "--max-states=10000"])
        ok(f"{label} bad-input fuzz crash {os.path.basename(path)}: no crash",
           code in (0, 1, 2, 3) and "Sanitizer" not in err, f"exit {code}\n{err[-2000:]}")
    # The fuzz targets themselves (built with ASan, without AFL: replayers)
    # hold on every seed they start from, good files and bad.
    if label == "plain":
        for target, seeds in (("scenario", "scenarios/*.dax tests/bad/*.dax tests/sym/*.dax"),
                              ("strategy", "model/strategies/*.strategy "
                               "tests/strategies/*.strategy tests/bad-strategy/*.strategy")):
            exe = os.path.join(ROOT, "build", "fuzz", f"replay_{target}")
            bad = []
            for path in sorted(p for g in seeds.split() for p in glob.glob(g)):
                code, out, err = run([exe, path])
                if code != 0:
                    bad.append(f"{path}: exit {code} {err.strip()[-300:]}")
            ok(f"{label} bad-input: the {target} fuzz target holds on its seeds", not bad,
               "\n".join(bad[:5]))

    with tempfile.TemporaryDirectory() as tmp:
        long_line = os.path.join(tmp, "long-line.dax")
        with open(long_line, "w") as f:
            f.write('DAX long\n"A 10 MB line."\n' + "#" * (10 << 20) + "\n")
        expect_2("a 10 MB line", [f"--scenario={long_line}"],
                 f"{long_line}:3: line longer than 4095 bytes")
        expect_2("a directory as scenario", [f"--scenario={tmp}"],
                 f"{tmp}: is a directory, not a scenario file (--matrix DIR runs")
        expect_2("a directory as strategy", [f"--strategy={tmp}/"],
                 f"{tmp}/: is a directory, not a strategy file")
        expect_2("a directory as --json=FILE", [f"--json={tmp}"],
                 f"--json={tmp}: is a directory: give the path of a file to write")
        expect_2("a directory as --emit-promela=FILE", [f"--emit-promela={tmp}"],
                 f"--emit-promela={tmp}: is a directory")

    expect_2("missing scenario file", ["--scenario=no/such.dax"],
             "no/such.dax: cannot open: No such file or directory")
    expect_2("unknown shipped scenario", ["--scenario=seed"],
             "unknown scenario 'seed'; shipped scenarios: " +
             ", ".join(n for n, _ in scenario_names(checker)))
    expect_2("unknown strategy", ["--strategy=xfs"],
             "unknown strategy 'xfs'; valid strategies: " + ", ".join(names))
    expect_2("missing strategy file", ["--strategy=no/such.strategy"],
             "no/such.strategy: cannot open: No such file or directory")
    expect_2("unknown option", ["--stratgy=dax-generic"],
             "unknown option '--stratgy'; did you mean '--strategy'?")
    expect_2("unknown option, far from any", ["--frobnicate"],
             "unknown option '--frobnicate' (try --help)")
    expect_2("a long option with one dash", ["-strategy=fs-zero-inside"],
             "unknown option '-strategy'; did you mean '--strategy'?")
    expect_2("an unknown short option", ["-x"], "unknown option '-x' (the one short option is -h")
    expect_2("an ambiguous prefix", ["--s=1"],
             "option '--s' is ambiguous: --strategy, --scenario, --search, --symmetry, --storage")
    expect_2("a strategy a letter off", ["--strategy=xfs-mmaplok"],
             "unknown strategy 'xfs-mmaplok'; did you mean 'xfs-mmaplock'? valid strategies: ")
    expect_2("a twin a letter off", ["--strategy=fs-zero-inside~no-ilok"],
             "did you mean 'fs-zero-inside~no-ilock'?")
    expect_2("a property a letter off", ["--property=lost-stor"],
             "--property: unknown property 'lost-stor'; did you mean 'lost-store'? valid "
             "properties: stale-read, use-after-free, lost-store")
    expect_2("a scenario two letters off", ["--scenario=sead-rac"],
             "unknown scenario 'sead-rac'; did you mean 'seed-race'? shipped scenarios: ")
    expect_2("a reduction misspelt", ["--reduce=persistant"],
             "--reduce=persistant: did you mean 'persistent'? valid reductions: "
             "persistent, sleep, none")
    expect_2("--list of an unknown strategy", ["--list", "--strategy=nosuch"],
             "unknown strategy 'nosuch'")
    expect_2("bare argument", ["dax-generic"], "unexpected argument 'dax-generic'")
    expect_2("option twice", ["--threads=2", "--threads=3"], "--threads given twice")
    expect_2("flag with a value", ["--list=yes"], "--list takes no value")
    expect_2("option without value", ["--strategy"], "--strategy needs a value")
    expect_2("option followed by another option, not a value", ["--strategy", "--list"],
             "--strategy needs a value: --strategy=NAME|FILE or --strategy NAME|FILE")
    expect_2("zero threads", ["--threads=0"], "--threads=0: out of range 1..10")
    expect_2("too many threads", ["--threads=11", "--pages=2", "--words=8"],
             "--threads=11: out of range 1..10")
    expect_2("a hundred threads, the value as the next argument", ["--threads", "100"],
             "--threads=100: out of range 1..10")
    expect_2("zero pages", ["--pages=0"], "--pages=0: out of range 1..8")
    expect_2("too many pages", ["--pages=100"], "--pages=100: out of range 1..8")
    expect_2("zero words", ["--words=0"], "--words=0: out of range 1..8")
    expect_2("more threads than words", ["--threads=3"],
             "--threads=3: thread i stores to its own word, so at most pages x words = 2 threads")
    expect_2("words out of range", ["--words=9"], "--words=9: out of range 1..8")
    expect_2("workers out of range", ["--workers=65"], "--workers=65: out of range 1..64")
    expect_2("hash bits out of range", ["--hash-bits=3"], "--hash-bits=3: out of range 4..30")
    expect_2("a size out of range", ["--max-memory=2000000G"],
             "--max-memory=2000000G: out of range 0G..1048576G")
    expect_2("not a number", ["--threads=two"], "--threads=two: not a number")
    expect_2("huge number", ["--max-states=99999999999999999999999"],
             "--max-states=99999999999999999999999: out of range")
    expect_2("bad search order", ["--search=random"], "--search=random: valid orders: bfs, dfs")
    expect_2("bad size", ["--max-memory=12Q"], "--max-memory=12Q: expected a size")
    expect_2("scenario and threads", ["--scenario=scenarios/seed-race.dax", "--threads=2"],
             "cannot be combined with --scenario")
    expect_2("replay syntax", ["--replay=0,x"], "--replay=0,x: expected comma-separated")
    expect_2("replay trailing comma", ["--replay=0,"], "--replay=0,: expected comma-separated")
    expect_2("replay unknown thread", ["--replay=0,5"], "--replay: step 2: there is no T5")
    expect_2("replay of a finished thread",
             ["--strategy=fs-zero-inside", "--replay=" + ",".join(["0"] * 20)],
             "T0 cannot move: it has finished")
    # T0 takes ILOCK in fs-zero-inside's write path; T1 then cannot take it.
    expect_2("replay of a blocked thread",
             ["--strategy=fs-zero-inside", "--replay=0,0,0,1,1,1"],
             "step 6: T1 cannot move: it waits for ILOCK, held by T0")
    expect_2("matrix with a scenario option", ["--matrix", "--scenario=seed-race"],
             "--scenario cannot be combined with --matrix")
    expect_2("files without --matrix or --lint", ["--list", "x.dax"],
             "unexpected argument 'x.dax' (options start with --; only --matrix and --lint "
             "take files")
    expect_2("--lint without files", ["--lint"], "--lint needs strategy files")
    expect_2("matrix and concurrency", ["--matrix", "--concurrency"],
             "--matrix already shows the concurrency columns")
    expect_2("concurrency with a scenario", ["--concurrency", "--scenario=scenarios/seed-race.dax"],
             "--scenario cannot be combined with --concurrency")
    expect_2("concurrency of an unknown strategy", ["--concurrency", "--strategy=xfs"],
             "unknown strategy 'xfs'; valid strategies: " + ", ".join(names))
    with tempfile.TemporaryDirectory() as tmp:
        p = subprocess.run([checker, "--matrix", "scenarios"], capture_output=True, text=True,
                           cwd=tmp)
        ok(f"{label} bad-input --matrix DIR with no such directory",
           p.returncode == 2 and p.stdout == "" and "scenarios: cannot open" in p.stderr,
           f"exit {p.returncode} {p.stderr!r}")
        os.mkdir(os.path.join(tmp, "scenarios"))
        p = subprocess.run([checker, "--matrix", "scenarios"], capture_output=True, text=True,
                           cwd=tmp)
        ok(f"{label} bad-input --matrix DIR with no scenario files",
           p.returncode == 2 and p.stdout == "" and "no scenario files (*.dax) in scenarios"
           in p.stderr, f"exit {p.returncode} {p.stderr!r}")
        with open(os.path.join(tmp, "scenarios", "bad.dax"), "w") as f:
            f.write("DAX bad\n")
        p = subprocess.run([checker, "--matrix", "scenarios"], capture_output=True, text=True,
                           cwd=tmp)
        ok(f"{label} bad-input --matrix with a malformed scenario file",
           p.returncode == 2 and p.stdout == ""
           and "scenarios/bad.dax:1: file ends before the quoted description line" in p.stderr,
           f"exit {p.returncode} {p.stderr!r}")
    expect_2("unknown twin", ["--strategy=fs-zero-inside~nope"],
             "unknown strategy 'fs-zero-inside~nope'; valid strategies: " + ", ".join(names)
             + "; and their known-bad twins, NAME~MUTATION (see --list); or a strategy file")
    expect_2("twins with a scenario", ["--twins", "--scenario=seed-race"],
             "--scenario cannot be combined with --twins")
    expect_2("twins of a twin", ["--twins", "--strategy=fs-zero-inside~no-ilock"],
             "that is a twin; name its strategy")
    expect_2("twins of a strategy without", ["--twins", "--strategy=dax-generic"],
             "dax-generic has no known-bad twins: its one safe scenario")
    expect_2("the commands of the twins of a strategy without",
             ["--twins", "--strategy=dax-generic", "--commands"],
             "dax-generic has no known-bad twins: its one safe scenario")
    expect_2("twins and matrix", ["--matrix", "--twins"], "--matrix cannot be combined with --twins")
    expect_2("unwritable json file", ["--json=/nonexistent/dir/out.json"],
             "--json=/nonexistent/dir/out.json: cannot write")
