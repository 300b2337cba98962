"""bench: results/bench.svg is what scripts/plot.py draws from the committed
results/bench.json, byte for byte, twice; it parses; results/bench.md has its
sections and judges every target; the crash section covers every crash
scenario x strategy and the crash-free headline; the hand models' self-test passed in that run
(make bench wrote them all); bench.py --self-test when rumur and SPIN are
installed (SKIP otherwise)
"""
from harness import *  # noqa: F401,F403


def suite_bench(label):
    import xml.etree.ElementTree as ET
    want = open("results/bench.svg", "rb").read() if os.path.exists("results/bench.svg") else b""
    with tempfile.TemporaryDirectory() as tmp:
        outs = []
        for i in range(2):
            out = os.path.join(tmp, f"{i}.svg")
            p = subprocess.run([sys.executable, "scripts/plot.py", "results/bench.json", out],
                               capture_output=True, text=True)
            outs.append(open(out, "rb").read() if p.returncode == 0 else None)
        ok(f"{label} bench: plot.py redraws the committed bench.svg from bench.json, twice",
           outs[0] is not None and outs[0] == outs[1] == want, p.stderr[-300:])
    try:
        root = ET.fromstring(want)
        parsed = root.tag.endswith("svg") and len(list(root.iter())) > 100
    except ET.ParseError as e:
        parsed = False
    ok(f"{label} bench: results/bench.svg parses as SVG", parsed)
    md = open("results/bench.md").read() if os.path.exists("results/bench.md") else ""
    heads = ["## Targets", "## One page", "## Two pages", "### Seconds", "### States stored",
             "### Peak memory", "### Growth per added thread", "## Largest N within",
             "## Self-test of the hand models", "## Per strategy", "## What a crash costs",
             "### Crash-free: this checker against the one before the persistence model"]
    missing = [h for h in heads if not re.search("^" + re.escape(h), md, re.M)]
    ok(f"{label} bench: results/bench.md has its sections (targets, both families' seconds, "
       "states, memory and growth, largest N, self-test)", not missing, f"missing {missing}")
    targets = re.search(r"^## Targets\n(.*?)(?=^## )", md, re.S | re.M)
    judged = re.findall(r"^- \*\*(met|not met|not measured)\*\*: ", targets.group(1) if targets else "",
                        re.M)
    ok(f"{label} bench: results/bench.md judges every target met, not met or not measured",
       len(judged) >= 8 and "SPIN hand" in md and "rumur 1t" in md, judged)
    data = json.load(open("results/bench.json")) if os.path.exists("results/bench.json") else {}
    ok(f"{label} bench: its self-test passed: rumur and SPIN caught the broken hand models",
       data.get("self_test") and all(c["ok"] for c in data["self_test"]))
    ok(f"{label} bench: results/bench.md is no partial run", "**Partial:" not in md)
    crash = data.get("crash") or {}
    shipped_crash = {os.path.splitext(os.path.basename(f))[0]
                     for f in glob.glob("scenarios/*.dax")
                     if re.search(r"^\s*crash\s*(#.*)?$", open(f).read(), re.M)}
    ok(f"{label} bench: the crash section has every crash scenario x strategy with and without "
       "`crash`, and the crash-free headline against the persistence baseline",
       {r["scenario"] for r in crash.get("rows", [])} == set(crash.get("scenarios", [None]))
       == shipped_crash
       and all(r.get("strategy") and (r.get("refused") in ("no PMD path", "no MAP_SYNC") or
                                      r["crash"]["status"] == r["no_crash"]["status"] == "ok")
               for r in crash.get("rows", []))
       and len((crash.get("headline") or {}).get("rows", [])) == 2
       and "| N | now, s | before, s | now / before |" in md)
    p = subprocess.run([sys.executable, "scripts/bench.py", "--max-n", "9"],
                       capture_output=True, text=True)
    ok(f"{label} bench: bench.py --max-n 9 exits 2 saying why",
       p.returncode == 2 and "--max-n must be 2..8" in p.stderr and not p.stdout, p.stderr[-300:])
    tools = [t for t in ("spin", "rumur", "cc") if not shutil.which(t)]
    if not os.access("/usr/bin/time", os.X_OK):
        tools.append("time")
    if tools:
        print(f"SKIP {label} bench: the hand models' self-test needs {', '.join(tools)} "
              f"(Debian: apt-get install {' '.join(tools)})")
        return
    p = subprocess.run([sys.executable, "scripts/bench.py", "--self-test"],
                       capture_output=True, text=True)
    ok(f"{label} bench: bench.py --self-test: rumur and SPIN find no violation in the hand "
       "models and catch both broken variants", p.returncode == 0
       and "self-test: 14 of 14 checks passed" in p.stdout, (p.stdout + p.stderr)[-600:])
    # Readable at every N: no marker drawn on top of another (lines that
    # coincide, the same states or the same millisecond, are drawn apart).
    centers = []
    for m in re.finditer(r'<circle cx="([\d.]+)" cy="([\d.]+)"', want.decode()):
        centers.append((float(m.group(1)), float(m.group(2))))
    for m in re.finditer(r'<polygon points="([^"]+)"', want.decode()):
        pts = [tuple(map(float, p.split(","))) for p in m.group(1).split()]
        centers.append((sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)))
    hidden = [(a, b) for i, a in enumerate(centers) for b in centers[i + 1:]
              if abs(a[0] - b[0]) < 2 and abs(a[1] - b[1]) < 2]
    ok(f"{label} bench: in bench.svg no marker hides another ({len(centers)} markers)",
       len(centers) > 50 and not hidden, str(hidden[:3]))
