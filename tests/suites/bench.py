"""bench: results/bench.svg is what scripts/plot.py draws from the committed
results/bench.json, byte for byte, twice; it parses; results/bench.md states
the targets (make bench wrote both)
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
    ok(f"{label} bench: results/bench.md gives the tables and the targets at N = 8",
       "## Targets at N = 8" in md and "| N | states |" in md and "SPIN" in md)
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
