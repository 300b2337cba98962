"""plot.py - draw results/bench.svg from results/bench.json (make bench).

Why: the benchmark tables give the numbers; a plot shows at a glance how
time and states grow with the number of threads N, for our checker, for
SPIN and for rumur, and for each strategy.  Redrawing from bench.json (not
from a new run) keeps the plot and the tables in step.

What: one self-contained SVG (no external fonts or scripts, viewBox
960x650), a grid of panels with log-scale y axes ticked at powers of ten:
  (a) one page: seconds against N      (b) two pages: seconds against N
  (d) one page: states against N       (e) two pages: states against N
  (c) states against N per strategy (ours, one page; a hollow marker is a
      violation, where the search stopped)
and the legends.  A family has a panel of its own, so that its lines
never cross the other family's.  One line per configuration, each with
its own color and marker shape (so that lines that coincide still show
every marker); the states panels draw only the configurations whose
counts differ (two workers store what one does, rumur with two threads
what rumur with one does).  A missing point (not run, failed) breaks its
line; where a configuration did not finish within the limits, or was
inferred not to, an x in its color marks that N at the top of the panel.
Standard library only; the SVG is written by hand.

Deterministic: the same JSON gives a byte-identical SVG (no timestamps,
fixed iteration order, every coordinate formatted "%.1f").  At the end the
SVG must parse with xml.etree.ElementTree, or plot.py exits 1.

Usage: python3 scripts/plot.py results/bench.json results/bench.svg
Exit status: 0 written, 1 self-check failed, 2 usage or unreadable input.
"""
import json
import math
import os
import sys
import tempfile
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 960, 650
PANEL_WIDTH = 220
PANEL_HEIGHT = 200
COLUMN_LEFTS = [84, 404, 724]              # plot area left edges
ROW_TOPS = [96, 392]                       # plot area top edges
LEGEND_LEFT, LEGEND_TOP = COLUMN_LEFTS[2] - 60, ROW_TOPS[1] - 20
DODGE = 2.5                # x offset between the series of a panel, pixels
FONT = "font-family=\"sans-serif\""

# The configurations drawn: key, label, color, marker shape, dash (None:
# solid), and whether the states panels draw it.
CONFIGS = [
    ("ours", "ours (defaults)", "#1f77b4", "circle", None, True),
    ("ours_workers2", "ours, 2 workers", "#17becf", "circle", "5 3", False),
    ("ours_none", "ours, --reduce=none", "#2ca02c", "square", None, True),
    ("ours_before", "ours before (%s)", "#7f7f7f", "square", "2 3", False),
    ("spin_emit", "SPIN, --emit-promela", "#d62728", "triangle", None, True),
    ("spin_hand", "SPIN, hand model", "#ff7f0e", "diamond", None, True),
    ("rumur1", "rumur, hand model, 1 thread", "#9467bd", "down", None, True),
    ("rumur2", "rumur, hand model, 2 threads", "#9467bd", "down", "5 3", False),
]
FAMILY_TITLE = {"one-page": "one page", "two-pages": "two pages"}
# Strategy colors, taken in order (repeated with dashes past the end).
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
           "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]


def f1(x):
    """Every coordinate goes through here: fixed format, deterministic."""
    return "%.1f" % x


# ---------------------------------------------------------------- data

def config_series(fam, key_name, states_only):
    """One family's series for a panel: a point is (N, value or None);
    "stopped" is the first N at which the configuration did not finish or
    was inferred not to (None if it never stopped)."""
    series = []
    for key, label, color, shape, dash, in_states in CONFIGS:
        if states_only and not in_states:
            continue
        points, stopped = [], None
        for row in fam["rows"]:
            c = row.get("configs", {}).get(key)
            if c is None:
                continue
            points.append((row["n"], row_value(c, key_name)))
            if stopped is None and (c.get("status") == "dnf" or c.get("inferred")):
                stopped = row["n"]
        if not points:
            continue
        series.append({"key": key, "label": label, "color": color, "dash": dash,
                       "marker": shape, "open": True, "points": points, "hollow": set(),
                       "stopped": stopped})
    for i, one in enumerate(series):
        one["dodge"] = dodge(i, len(series))
    return series


def dodge(i, n):
    """The x offset of series i of a panel's n: spread evenly around the N
    they belong to, so that lines that coincide (the same states, the same
    millisecond) still show every marker."""
    return (i - (n - 1) / 2.0) * DODGE


def row_value(c, key):
    """A positive measured value of a finished run, or None."""
    if c.get("status") != "ok":
        return None
    v = c.get(key)
    return v if isinstance(v, (int, float)) and v > 0 else None


def family(data, name):
    """A family of bench.json by name, or an empty one."""
    for fam in data.get("families", []):
        if fam.get("name") == name:
            return fam
    return {"name": name, "rows": []}


def strategy_series(data):
    """Panel (c): states per N of each strategy; violations drawn hollow."""
    series = []
    for i, s in enumerate(data.get("strategies", [])):
        points, hollow = [], set()
        for p in s["points"]:
            v = p.get("states") if p.get("status") in ("ok", "violation") else None
            points.append((p["n"], v if v and v > 0 else None))
            if p.get("status") == "violation":
                hollow.add(p["n"])
        series.append({"key": s["name"], "label": s["name"],
                       "color": PALETTE[i % len(PALETTE)],
                       "dash": None if i < len(PALETTE) else "6 4",
                       "marker": "circle", "open": False, "points": points,
                       "hollow": hollow, "stopped": None})
    for i, one in enumerate(series):
        one["dodge"] = dodge(i, len(series))
    return series


# ---------------------------------------------------------------- scales

def decades(series):
    """The y range in powers of ten covering every point: (lo, hi)."""
    values = [v for s in series for _, v in s["points"] if v is not None]
    if not values:
        return 0, 1
    lo = math.floor(math.log10(min(values)))
    hi = math.ceil(math.log10(max(values)))
    return (lo, hi) if hi > lo else (lo, lo + 1)


def n_range(series):
    """The x range of N covering every point, at least one step wide."""
    ns = [n for s in series for n, _ in s["points"]]
    if not ns:
        return 2, 3
    lo, hi = min(ns), max(ns)
    return (lo, hi) if hi > lo else (lo, lo + 1)


class Axes:
    """Maps (N, value) to SVG coordinates in one panel: linear x, log y."""

    def __init__(self, left, top, series):
        self.left, self.right = left, left + PANEL_WIDTH
        self.top, self.bottom = top, top + PANEL_HEIGHT
        self.nlo, self.nhi = n_range(series)
        self.lo, self.hi = decades(series)

    def x(self, n, dodge=0.0):
        pad = 0.08 * PANEL_WIDTH        # keep end markers, dodged, off the frame
        span = PANEL_WIDTH - 2 * pad
        return self.left + pad + (n - self.nlo) / (self.nhi - self.nlo) * span + dodge

    def y(self, v):
        frac = (math.log10(v) - self.lo) / (self.hi - self.lo)
        # The top 12 units are kept for the did-not-finish marks.
        return self.bottom - frac * (self.bottom - self.top - 12)


# ---------------------------------------------------------------- drawing

def text(x, y, s, size=11, anchor="middle", extra=""):
    return "<text x=\"%s\" y=\"%s\" %s font-size=\"%d\" text-anchor=\"%s\"%s>%s</text>" % (
        f1(x), f1(y), FONT, size, anchor, extra, s)


def power_label(x, y, k):
    """10^k as "10" with a raised exponent (no fonts or MathML needed)."""
    return ("<text x=\"%s\" y=\"%s\" %s font-size=\"10\" text-anchor=\"end\">10"
            "<tspan dy=\"-5\" font-size=\"8\">%d</tspan></text>" % (f1(x), f1(y), FONT, k))


def line(x1, y1, x2, y2, stroke, extra=""):
    return ("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\"%s/>"
            % (f1(x1), f1(y1), f1(x2), f1(y2), stroke, extra))


def frame(ax, title, ytitle):
    """Panel frame, grid, ticks and tick labels, axis titles."""
    out = ["<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\" stroke=\"#444\"/>"
           % (f1(ax.left), f1(ax.top), f1(PANEL_WIDTH), f1(PANEL_HEIGHT))]
    step = 1 if ax.hi - ax.lo <= 7 else 2
    for k in range(ax.lo, ax.hi + 1, step):
        y = ax.y(10.0 ** k)
        out.append(line(ax.left, y, ax.right, y, "#ddd"))
        out.append(line(ax.left - 4, y, ax.left, y, "#444"))
        out.append(power_label(ax.left - 6, y + 4, k))
    for n in range(ax.nlo, ax.nhi + 1):
        x = ax.x(n)
        out.append(line(x, ax.bottom, x, ax.bottom + 4, "#444"))
        out.append(text(x, ax.bottom + 16, str(n), 10))
    mid_x = ax.left + PANEL_WIDTH / 2
    mid_y = (ax.top + ax.bottom) / 2
    out.append(text(mid_x, ax.top - 10, escape(title), 12, extra=" font-weight=\"bold\""))
    out.append(text(mid_x, ax.bottom + 32, "threads N", 11))
    out.append(text(ax.left - 44, mid_y, escape(ytitle), 11,
                    extra=" transform=\"rotate(-90 %s %s)\"" % (f1(ax.left - 44), f1(mid_y))))
    return out


def segments(points):
    """Runs of consecutive present points: a missing point breaks the line."""
    runs, cur = [], []
    for n, v in points:
        if v is None:
            if cur:
                runs.append(cur)
            cur = []
        else:
            cur.append((n, v))
    if cur:
        runs.append(cur)
    return runs


# Marker outlines around (0, 0), about 8 units across.
SHAPES = {
    "square": [(-3.5, -3.5), (3.5, -3.5), (3.5, 3.5), (-3.5, 3.5)],
    "triangle": [(0.0, -5.0), (4.5, 3.5), (-4.5, 3.5)],
    "down": [(0.0, 5.0), (4.5, -3.5), (-4.5, -3.5)],
    "diamond": [(0.0, -5.0), (5.0, 0.0), (0.0, 5.0), (-5.0, 0.0)],
}


def marker(shape, x, y, color, hollow):
    """A marker at (x, y): an outline only if hollow, else filled."""
    fill = "none" if hollow else color
    if shape in SHAPES:
        pts = " ".join("%s,%s" % (f1(x + dx), f1(y + dy)) for dx, dy in SHAPES[shape])
        return ("<polygon points=\"%s\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.4\"/>"
                % (pts, fill, color))
    return ("<circle cx=\"%s\" cy=\"%s\" r=\"3.5\" fill=\"%s\" stroke=\"%s\" stroke-width=\"1.4\"/>"
            % (f1(x), f1(y), fill, color))


def cross(x, y, color):
    """The did-not-finish mark: an x about 8 units across."""
    w = " stroke-width=\"1.8\""
    return [line(x - 3.5, y - 3.5, x + 3.5, y + 3.5, color, w),
            line(x - 3.5, y + 3.5, x + 3.5, y - 3.5, color, w)]


def dash_attr(dash):
    return " stroke-dasharray=\"%s\"" % dash if dash else ""


def draw_series(ax, s, slot, slots):
    """A series' line segments and markers, and its did-not-finish mark
    (spread sideways by slot so that marks at one N stay apart)."""
    out = []
    for run in segments(s["points"]):
        if len(run) > 1:
            pts = " ".join("%s,%s" % (f1(ax.x(n, s["dodge"])), f1(ax.y(v))) for n, v in run)
            out.append("<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\"%s/>"
                       % (pts, s["color"], dash_attr(s["dash"])))
        for n, v in run:
            hollow = s["open"] or n in s["hollow"]
            out.append(marker(s["marker"], ax.x(n, s["dodge"]), ax.y(v), s["color"], hollow))
    if s["stopped"] is not None:
        offset = (slot - (slots - 1) / 2) * 5
        out += cross(ax.x(s["stopped"]) + offset, ax.top + 6, s["color"])
    return out


def panel(left, top, series, title, ytitle):
    """One panel: frame, then every series, or "no data"."""
    ax = Axes(left, top, series)
    out = frame(ax, title, ytitle)
    if not any(v is not None for s in series for _, v in s["points"]):
        out.append(text(left + PANEL_WIDTH / 2, top + PANEL_HEIGHT / 2, "no data", 12,
                        extra=" fill=\"#888\""))
    stopped = [s for s in series if s["stopped"] is not None]
    for s in series:
        slot = stopped.index(s) if s in stopped else 0
        out += draw_series(ax, s, slot, len(stopped))
    return out


def legend_entry(x, y, s, width=24):
    """A short line sample with its marker, then the label."""
    out = [line(x, y, x + width, y, s["color"], " stroke-width=\"1.6\"" + dash_attr(s["dash"]))]
    out.append(marker(s["marker"], x + width / 2, y, s["color"], s["open"]))
    out.append(text(x + width + 6, y + 4, escape(s["label"]), 10, "start"))
    return out


def legends(data, strategies):
    """The configurations' legend, the marks' meaning, then the strategies'."""
    x, y = LEGEND_LEFT, LEGEND_TOP
    before = data.get("baseline", {}).get("rev", "?")
    out = [text(x, y, "configurations (a, b, d, e)", 11, "start", " font-weight=\"bold\"")]
    for i, (key, label, color, shape, dash, _) in enumerate(CONFIGS):
        s = {"label": label.replace("%s", before), "color": color, "marker": shape,
             "dash": dash, "open": True}
        out += legend_entry(x, y + 16 + 15 * i, s)
    y += 16 + 15 * len(CONFIGS)
    out += cross(x + 12, y, "#444")
    out.append(text(x + 30, y + 4, "did not finish in the limits (or inferred)", 10, "start"))
    y += 26
    out.append(text(x, y, "strategies (c; hollow: violation, search stopped)", 11, "start",
                    " font-weight=\"bold\""))
    per_col = (len(strategies) + 1) // 2
    for i, s in enumerate(strategies):
        col, row = divmod(i, per_col) if per_col else (0, i)
        out += legend_entry(x + 150 * col, y + 16 + 15 * row, s, width=18)
    return out


def subtitle(data):
    """What the plot shows, from the JSON's own options."""
    o = data.get("options", {})
    return ("strategy %s; medians of %s run(s), wall-clock; log scales; a gap: not run or failed"
            % (data.get("strategy", "?"), o.get("runs", "?")))


def render(data):
    """The whole SVG document as text."""
    one, two = family(data, "one-page"), family(data, "two-pages")
    strat = strategy_series(data)
    out = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
           "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
           "viewBox=\"0 0 %d %d\">" % (WIDTH, HEIGHT, WIDTH, HEIGHT),
           "<title>%s</title>" % escape("Benchmark: the checker against SPIN and rumur"),
           "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>" % (WIDTH, HEIGHT),
           text(WIDTH / 2, 26, "Benchmark: the checker against SPIN and rumur, time and states against N",
                17, extra=" font-weight=\"bold\""),
           text(WIDTH / 2, 46, escape(subtitle(data)), 11, extra=" fill=\"#444\"")]
    for col, fam in enumerate((one, two)):
        name = FAMILY_TITLE.get(fam["name"], fam["name"])
        out += panel(COLUMN_LEFTS[col], ROW_TOPS[0], config_series(fam, "seconds", False),
                     "(%s) %s: time" % ("ab"[col], name), "seconds")
        out += panel(COLUMN_LEFTS[col], ROW_TOPS[1], config_series(fam, "states", True),
                     "(%s) %s: states stored" % ("de"[col], name), "states")
    out += panel(COLUMN_LEFTS[2], ROW_TOPS[0], strat, "(c) states per strategy",
                 "states (ours, one page)")
    out += legends(data, strat)
    out.append("</svg>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- main

def write_atomic(path, text_):
    """Write to a temp file beside path, then rename over it."""
    d = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", dir=d)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text_)
        mask = os.umask(0)       # mkstemp makes it 0600; give it the usual mode
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def self_check(svg):
    """The SVG parses as XML and its root is an svg element; else a reason."""
    try:
        root = ET.fromstring(svg.encode("utf-8"))
    except ET.ParseError as e:
        return "does not parse: %s" % e
    if root.tag != "{http://www.w3.org/2000/svg}svg":
        return "root element is %s, not svg" % root.tag
    return None


def main(argv):
    if len(argv) != 2:
        print("usage: plot.py BENCH.json OUT.svg", file=sys.stderr)
        return 2
    try:
        with open(argv[0], encoding="utf-8") as f:
            data = json.load(f)
        svg = render(data)
    except (OSError, ValueError, KeyError, TypeError) as e:
        print("plot.py: cannot read %s: %s" % (argv[0], e), file=sys.stderr)
        return 2
    problem = self_check(svg)
    if problem:
        print("plot.py: self-check failed, SVG %s" % problem, file=sys.stderr)
        return 1
    write_atomic(argv[1], svg)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
