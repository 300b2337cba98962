"""options: getopt_long's conventions (--opt VALUE, --opt=VALUE, a unique prefix, -h, --);
one range per option, the same in --help, in the error and in README; every pair of options
either runs or is refused with exit 2 and one line naming one of them; README's reference
sections one click from its top, and every link within it lands
"""
from harness import *  # noqa: F401,F403


def help_ranges(checker):
    """{option: "lo..hi"} as --help states them."""
    code, out, err = run([checker, "--help"])
    ranges = {}
    for entry in re.split(r"\n(?=  --)", out):
        m = re.match(r"  --([a-z-]+)=[A-Z]+ .*?\((\d+\.\.\d+)", " ".join(entry.split("\n")),
                     re.S)
        if m:
            ranges[m.group(1)] = m.group(2)
    return ranges


# A valid value for each option that takes one (the ones a pair is built with).
VALUES = {"strategy": "fs-zero-inside", "scenario": "seed-race", "threads": "2", "pages": "1",
          "words": "2", "property": "lost-store", "replay": "0,0", "search": "bfs",
          "max-states": "100000", "max-memory": "1G", "hash-bits": "10", "reduce": "none",
          "storage": "exact", "workers": "2", "jobs": "2", "json": None,
          "emit-promela": None}

# Pairs that must be refused (they make no sense together), and pairs that
# must run, whatever else the table says.
REFUSED = [("replay", "search"), ("replay", "max-states"), ("list", "max-states"),
           ("emit-promela", "json"), ("scenario", "threads"), ("matrix", "scenario"),
           ("twins", "property"), ("concurrency", "replay"), ("lint", "strategy"),
           ("matrix", "twins"), ("matrix", "concurrency"), ("list", "replay"),
           ("emit-promela", "search"), ("replay", "workers")]
ACCEPTED = [("replay", "json"), ("matrix", "strategy"), ("scenario", "property"),
            ("twins", "max-states"), ("list", "json"), ("list", "strategy"),
            ("replay", "property"), ("search", "max-states"), ("emit-promela", "property"),
            ("threads", "words"), ("workers", "hash-bits")]


def suite_options(checker, label):
    names = [m.group(1) for m in re.finditer(r"^  --([a-z-]+)", run([checker, "--help"])[1],
                                             re.M)]
    ok(f"{label} options: --help lists the options", len(names) > 20, str(names))

    # getopt_long's conventions: the same run however the value is given.
    base = drop_time(run([checker, "--strategy=fs-zero-inside", "--scenario=punch-race"])[1])
    for args in (["--strategy", "fs-zero-inside", "--scenario", "punch-race"],
                 ["--strat=fs-zero-inside", "--scen", "punch-race"]):
        code, out, err = run([checker] + args)
        ok(f"{label} options: {' '.join(args)} is --strategy=fs-zero-inside "
           "--scenario=punch-race", code == 1 and drop_time(out) == base and not err,
           f"exit {code} {err}")
    code, out, err = run([checker, "-h"])
    ok(f"{label} options: -h is --help", code == 0 and out == run([checker, "--help"])[1]
       and "usage:" in out, f"exit {code} {err}")
    with tempfile.TemporaryDirectory() as tmp:
        weird = os.path.join(tmp, "-odd.strategy")
        shutil.copy("model/strategies/fs-zero-inside.strategy", weird)
        p = subprocess.run([checker, "--lint", "--", "-odd.strategy"], capture_output=True,
                           text=True, cwd=tmp)
        ok(f"{label} options: after --, an argument starting with - is a file",
           p.returncode == 0 and "-odd.strategy: strategy fs-zero-inside" in p.stdout,
           f"exit {p.returncode} {p.stderr}")
    # --help shows the scenario file syntax in five lines after its title:
    # every line and every operation a scenario file takes.
    out = run([checker, "--help"])[1]
    at = out.find("A scenario file")
    block = out[at:].split("\n\n")[0].splitlines()[1:] if at >= 0 else []
    ops = " ".join(block[2:4])
    ok(f"{label} options: --help gives the scenario syntax in five lines, every line kind "
       "and operation",
       len(block) == 5 and block[0].lstrip().startswith("DAX NAME")
       and all(w in block[1] for w in ("mmap sync", "huge A-B", "process 1:"))
       and all(w in ops for w in ("store P:W=V", "load P:W", "write P:W=V", "punch P", "fsync",
                                  "persist P", "invalidate P", "pmd:store", "pmd:load"))
       and "expect STRATEGY" in block[4] and max(len(b) for b in block) <= 80, str(block))

    # One range per option: --help, the error and README say the same.
    ranges = help_ranges(checker)
    ok(f"{label} options: --help states the ranges of the numbers",
       {"threads", "pages", "words", "hash-bits", "workers", "max-states"} <= set(ranges),
       str(ranges))
    readme = open("README.md", encoding="utf-8").read()
    table = readme[readme.find("## The command line"):readme.find("## Properties")]
    for opt, rng in sorted(ranges.items()):
        lo, hi = rng.split("..")
        code, out, err = run([checker, f"--{opt}={int(hi) + 1}"])
        mode = re.search(r"goes with (--[a-z-]+)", err)
        if mode:        # an option of a mode: try it there
            code, out, err = run([checker, mode.group(1), f"--{opt}={int(hi) + 1}"])
        row = next((l for l in table.splitlines()
                    if l.startswith("| ") and f"--{opt}=" in l.split("|")[1]), "")
        ok(f"{label} options: --{opt}'s range {rng} is the error's and README's",
           code == 2 and f"out of range {rng}" in err and rng in row,
           f"exit {code} {err.strip()}; README row: {row[:120]}")

    if label != "plain":
        return      # the pairs and README are no question of the build

    # README: the reference sections one click from the top; every
    # #anchor link names a heading (GitHub's slugs).
    def slug(title):
        t = re.sub(r"[`*]", "", title.strip().lower())
        return re.sub(r"[^\w\- ]", "", t).replace(" ", "-")
    heads = {slug(h) for h in re.findall(r"^#+ (.*)$", readme, re.M)}
    top = "\n".join(readme.splitlines()[:12])
    want = ["the-command-line", "scenario-files", "strategy-files", "exit-status",
            "properties"]
    ok(f"{label} options: README links its reference sections from its top",
       all(f"](#{w})" in top for w in want) and set(want) <= heads,
       f"top: {top[:300]}")
    broken = sorted({a for a in re.findall(r"\]\(#([^)]+)\)", readme) if a not in heads})
    ok(f"{label} options: every #link in README lands on a heading", not broken, str(broken))
    # Every pair: it runs (a verdict, no message), or exit 2 with one line
    # on stderr naming one of the two options and nothing on stdout.
    def argv(name):
        if name in ("help", "version"):
            return None
        v = VALUES.get(name, "")
        return [f"--{name}"] if v in ("", None) else [f"--{name}={v}"]

    lint_file = "model/strategies/fs-zero-inside.strategy"
    outcome, bad = {}, []
    usable = [n for n in names if argv(n)]
    for i, x in enumerate(usable):
        for y in usable[i + 1:]:
            args = argv(x) + argv(y)
            if "lint" in (x, y):
                args.append(lint_file)
            if {x, y} & {"matrix", "twins", "concurrency"}:
                args.append("--max-states=50")      # a few states a search: fast
            if "--max-states=50" in args and "max-states" in (x, y):
                args.remove("--max-states=50")
            code, out, err = run([checker] + args, timeout=120)
            lines = err.strip().splitlines()
            if code == 2:
                outcome[(x, y)] = "refused"
                if out or len(lines) != 1 or not (f"--{x}" in err or f"--{y}" in err):
                    bad.append(f"{' '.join(args)}: exit 2 but {out[:80]!r} {err.strip()!r}")
            elif code in (0, 1, 3):
                outcome[(x, y)] = "runs"
                if not out or (err and "progress" not in (x, y)):
                    bad.append(f"{' '.join(args)}: exit {code}, stdout {len(out)} bytes, "
                               f"stderr {err.strip()[:200]!r}")
            else:
                bad.append(f"{' '.join(args)}: exit {code} {err[-300:]}")
    ok(f"{label} options: each of {len(outcome)} pairs of options runs, or is refused with "
       "one line naming one of them", not bad and len(outcome) > 200, "\n".join(bad[:6]))

    def find(x, y):
        return outcome.get((x, y), outcome.get((y, x)))
    wrong = [f"{x} {y}: {find(x, y)}" for x, y in REFUSED if find(x, y) != "refused"]
    wrong += [f"{x} {y}: {find(x, y)}" for x, y in ACCEPTED if find(x, y) != "runs"]
    ok(f"{label} options: the pairs that make no sense are refused, the others run",
       not wrong, "; ".join(wrong))
