#!/usr/bin/env python3
"""plot.py - draw results/bench.svg from results/bench.json (make bench).

Why: the benchmark tables give the numbers; a plot shows at a glance how
states and time grow with the number of threads N, for our checker and
for SPIN, with and without reduction, and for each strategy.  Redrawing
from bench.json (not from a new run) keeps the plot and the tables in step.

What: one self-contained SVG (no external fonts or scripts, viewBox
1080x680) with three panels, each with a log-scale y axis ticked at powers
of ten:
  (a) states stored against N,
  (b) seconds against N,
      one line per configuration (ours POR, ours none, SPIN, SPIN
      NOREDUCE), each with its own color and open marker shape (so that
      lines that coincide still show every marker), solid for one-page,
      dashed for two-pages;
  (c) states stored against N per strategy (ours, one-page); a hollow
      marker is a violation (the search stopped there).
A missing point (not run, failed, zero time) breaks its line.  Lines that
coincide are common (the same states, stored by both tools; times of a
millisecond at small N), so the series of a panel are drawn a few pixels
apart at each N ("dodged"), side by side around the N they belong to:
every line and marker stays visible at every N.  Standard
library only; the SVG is written by hand.

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

WIDTH, HEIGHT = 1080, 680
PANEL_TOP, PANEL_BOTTOM = 84, 476          # plot area, all panels
PANEL_LEFTS = [72, 432, 792]               # plot area left edges
PANEL_WIDTH = 250
LEGEND_TOP = 542
DODGE = 2.5                # x offset between the series of a panel, pixels
FONT = "font-family=\"sans-serif\""

# The configurations of panels (a) and (b): color and an open marker shape
# each, so that coinciding lines (the same states) still show every marker.
CONFIGS = [
    ("ours_por", "ours (POR)", "#1f77b4", "circle"),
    ("ours_none", "ours (none)", "#2ca02c", "square"),
    ("spin_por", "SPIN", "#d62728", "triangle"),
    ("spin_noreduce", "SPIN (NOREDUCE)", "#ff7f0e", "diamond"),
]
# Family line styles: a dash pattern, or None for solid.
FAMILY_DASH = {"one-page": None, "two-pages": "6 4"}
OTHER_DASH = "2 3"
# Strategy colors, taken in order (repeated with dashes past the end).
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
           "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]


def f1(x):
    """Every coordinate goes through here: fixed format, deterministic."""
    return "%.1f" % x


# ---------------------------------------------------------------- data

def dodge(i, n):
    """The x offset of series i of n: spread evenly around 0."""
    return (i - (n - 1) / 2.0) * DODGE


def config_series(data, key):
    """Panels (a)/(b): one series per family x configuration.

    key is "states" or "seconds"; a point is (N, value or None)."""
    series = []
    fams = data.get("families", [])
    for f, fam in enumerate(fams):
        dash = FAMILY_DASH.get(fam["name"], OTHER_DASH)
        for c, (name, label, color, shape) in enumerate(CONFIGS):
            points = [(row["n"], row_value(row, name, key)) for row in fam["rows"]]
            series.append({"label": "%s, %s" % (label, fam["name"]), "short": label,
                           "family": fam["name"], "color": color, "dash": dash,
                           "marker": shape, "open": True, "points": points,
                           "hollow": set(),
                           # each family's beside the other's, config by config
                           "dodge": dodge(c * len(fams) + f, len(CONFIGS) * len(fams))})
    return series


def row_value(row, config, key):
    """A positive measured value, or None (not run, failed, not measured)."""
    if row.get("status") != "run":
        return None
    c = row.get("configs", {}).get(config)
    if not c or not c.get("ok"):
        return None
    v = c.get(key)
    return v if isinstance(v, (int, float)) and v > 0 else None


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
        series.append({"label": s["name"], "short": s["name"],
                       "color": PALETTE[i % len(PALETTE)],
                       "dash": None if i < len(PALETTE) else "6 4",
                       "marker": "circle", "open": False, "points": points,
                       "hollow": hollow, "dodge": dodge(i, len(data["strategies"]))})
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

    def __init__(self, left, series):
        self.left, self.right = left, left + PANEL_WIDTH
        self.top, self.bottom = PANEL_TOP, PANEL_BOTTOM
        self.nlo, self.nhi = n_range(series)
        self.lo, self.hi = decades(series)

    def x(self, n, dodge=0.0):
        pad = 0.08 * PANEL_WIDTH        # keep end markers, dodged, off the frame
        span = PANEL_WIDTH - 2 * pad
        return self.left + pad + (n - self.nlo) / (self.nhi - self.nlo) * span + dodge

    def y(self, v):
        frac = (math.log10(v) - self.lo) / (self.hi - self.lo)
        return self.bottom - frac * (self.bottom - self.top)


# ---------------------------------------------------------------- drawing

def text(x, y, s, size=11, anchor="middle", extra=""):
    return "<text x=\"%s\" y=\"%s\" %s font-size=\"%d\" text-anchor=\"%s\"%s>%s</text>" % (
        f1(x), f1(y), FONT, size, anchor, extra, s)


def power_label(x, y, k):
    """10^k as "10" with a raised exponent (no fonts or MathML needed)."""
    return ("<text x=\"%s\" y=\"%s\" %s font-size=\"10\" text-anchor=\"end\">10"
            "<tspan dy=\"-5\" font-size=\"8\">%d</tspan></text>" % (f1(x), f1(y), FONT, k))


def frame(ax, title, ytitle):
    """Panel frame, grid, ticks and tick labels, axis titles."""
    out = ["<rect x=\"%s\" y=\"%s\" width=\"%s\" height=\"%s\" fill=\"none\" stroke=\"#444\"/>"
           % (f1(ax.left), f1(ax.top), f1(PANEL_WIDTH), f1(ax.bottom - ax.top))]
    step = 1 if ax.hi - ax.lo <= 8 else 2
    for k in range(ax.lo, ax.hi + 1, step):
        y = ax.y(10.0 ** k)
        out.append("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#ddd\"/>"
                   % (f1(ax.left), f1(y), f1(ax.right), f1(y)))
        out.append("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#444\"/>"
                   % (f1(ax.left - 4), f1(y), f1(ax.left), f1(y)))
        out.append(power_label(ax.left - 6, y + 4, k))
    for n in range(ax.nlo, ax.nhi + 1):
        x = ax.x(n)
        out.append("<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"#444\"/>"
                   % (f1(x), f1(ax.bottom), f1(x), f1(ax.bottom + 4)))
        out.append(text(x, ax.bottom + 16, str(n), 10))
    mid_x = ax.left + PANEL_WIDTH / 2
    mid_y = (ax.top + ax.bottom) / 2
    out.append(text(mid_x, ax.top - 12, escape(title), 12, extra=" font-weight=\"bold\""))
    out.append(text(mid_x, ax.bottom + 34, "threads N", 11))
    out.append(text(ax.left - 46, mid_y, escape(ytitle), 11,
                    extra=" transform=\"rotate(-90 %s %s)\"" % (f1(ax.left - 46), f1(mid_y))))
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


def dash_attr(dash):
    return " stroke-dasharray=\"%s\"" % dash if dash else ""


def draw_series(ax, s):
    """A series' line segments and markers."""
    out = []
    for run in segments(s["points"]):
        if len(run) > 1:
            pts = " ".join("%s,%s" % (f1(ax.x(n, s["dodge"])), f1(ax.y(v))) for n, v in run)
            out.append("<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.6\"%s/>"
                       % (pts, s["color"], dash_attr(s["dash"])))
        for n, v in run:
            hollow = s["open"] or n in s["hollow"]
            out.append(marker(s["marker"], ax.x(n, s["dodge"]), ax.y(v), s["color"], hollow))
    return out


def panel(left, series, title, ytitle):
    """One panel: frame, then every series, or "no data"."""
    ax = Axes(left, series)
    out = frame(ax, title, ytitle)
    if not any(v is not None for s in series for _, v in s["points"]):
        out.append(text(left + PANEL_WIDTH / 2, (ax.top + ax.bottom) / 2, "no data", 12,
                        extra=" fill=\"#888\""))
    for s in series:
        out += draw_series(ax, s)
    return out


def legend_entry(x, y, s):
    """A short line sample with its marker, then the label."""
    out = ["<line x1=\"%s\" y1=\"%s\" x2=\"%s\" y2=\"%s\" stroke=\"%s\" stroke-width=\"1.6\"%s/>"
           % (f1(x), f1(y), f1(x + 24), f1(y), s["color"], dash_attr(s["dash"]))]
    out.append(marker(s["marker"], x + 12, y, s["color"], s["open"]))
    out.append(text(x + 30, y + 4, escape(s["short"]), 10, "start"))
    return out


def config_legend(series):
    """Legend of panels (a) and (b): a column per family."""
    out = []
    families = []
    for s in series:
        if s["family"] not in families:
            families.append(s["family"])
    for col, fam in enumerate(families):
        x = PANEL_LEFTS[0] + col * 280
        dash = FAMILY_DASH.get(fam, OTHER_DASH)
        head = "%s (%s)" % (fam, "dashed" if dash else "solid")
        out.append(text(x, LEGEND_TOP, escape(head), 11, "start", " font-weight=\"bold\""))
        rows = [s for s in series if s["family"] == fam]
        for i, s in enumerate(rows):
            out += legend_entry(x, LEGEND_TOP + 18 + 18 * i, s)
    return out


def strategy_legend(series):
    """Legend of panel (c): two columns of strategies, then the hollow note."""
    x0 = PANEL_LEFTS[2] - 40
    out = [text(x0, LEGEND_TOP, "strategies (panel c)", 11, "start", " font-weight=\"bold\"")]
    per_col = (len(series) + 1) // 2
    for i, s in enumerate(series):
        col, row = divmod(i, per_col) if per_col else (0, i)
        out += legend_entry(x0 + 128 * col, LEGEND_TOP + 18 + 18 * row, s)
    note_y = LEGEND_TOP + 18 + 18 * max(per_col, 1) + 6
    out.append(marker("circle", x0 + 12, note_y, "#444", True))
    out.append(text(x0 + 30, note_y + 4, "hollow: violation found, search stopped", 10, "start"))
    return out


def subtitle(data):
    """What the plot shows, from the JSON's own options."""
    o = data.get("options", {})
    return ("strategy %s; medians of %s run(s); log scales; a gap: not run, failed, "
            "or 0 s on pan's clock; the lines of a panel drawn a few pixels apart at each N, "
            "so that none hides another"
            % (data.get("strategy", "?"), o.get("runs", "?")))


def render(data):
    """The whole SVG document as text."""
    cfg_states = config_series(data, "states")
    cfg_seconds = config_series(data, "seconds")
    strat = strategy_series(data)
    out = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
           "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
           "viewBox=\"0 0 %d %d\">" % (WIDTH, HEIGHT, WIDTH, HEIGHT),
           "<title>%s</title>" % escape("Benchmark: ours against SPIN"),
           "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>" % (WIDTH, HEIGHT),
           text(WIDTH / 2, 26, "Benchmark: ours against SPIN, states and time against N", 17,
                extra=" font-weight=\"bold\""),
           text(WIDTH / 2, 46, escape(subtitle(data)), 11, extra=" fill=\"#444\"")]
    out += panel(PANEL_LEFTS[0], cfg_states, "(a) states stored", "states")
    out += panel(PANEL_LEFTS[1], cfg_seconds, "(b) time", "seconds")
    out += panel(PANEL_LEFTS[2], strat, "(c) states per strategy", "states (ours, one-page)")
    out += config_legend(cfg_states)
    out += strategy_legend(strat)
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
