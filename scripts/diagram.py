#!/usr/bin/env python3
"""diagram.py - draw one counterexample as an SVG swim-lane diagram.

Why: the checker's text trace is exact but hard to paste into a review.
A picture with one lane per thread, time running downwards, the locks each
thread holds drawn beside its lane, and the destroyed store and its
destroyer linked by an arrow, shows in one glance what went wrong.

What: reads the checker's --json output (one run that found a violation,
or a --replay), and draws:
  - a lane per thread, headed by its program ("store 0:0=1"), and by its
    process ("T1 (process 1)") when some thread runs in a second process
    (the JSON's "process");
  - a row per atomic step, the step's kernel name ("get_block(create=1)",
    "clear_pmem") boxed in its thread's lane and "what changed" at the right;
  - the locks each thread holds after each step (the JSON's "held") as
    bars beside its lane, one color per lock, pale and dashed when shared;
  - the victim (the store that is wiped, the block freed, the PTE
    installed) outlined in green, the culprit filled red, and an arrow from
    one to the other labelled with the JSON's blame "link";
  - the page table after each step (the JSON's "pte" and "pmd"), a column
    per page: the block a PTE maps, the hole page, and a PMD drawn as one
    box across the pages of its huge page (the huge zero page, or a PMD and
    a PTE table at once, red: the page-table corruption); with a second
    process, whose page table is its own, process 1's strip (the JSON's
    "pte1" and "pmd1") beside process 0's, each headed by its process;
  - for a deadlock or a lost wake-up, a last row of the waits (the JSON's "blocked"): each
    waiting thread, the lock, and a dashed arrow to the lane that holds it;
  - the culprit sentence on top and the replay command at the bottom.
Text is monospace, so widths are computed from character counts and the
layout needs no font metrics.  Standard library only.

Deterministic: the same JSON gives a byte-identical SVG (fixed iteration
order, integer coordinates, no timestamps).  The SVG must parse with
xml.etree.ElementTree, or diagram.py exits 1 and writes nothing.

Usage:
  ./checker --strategy=dax-generic --json | python3 scripts/diagram.py - race.svg
  python3 scripts/diagram.py run.json race.svg
  python3 scripts/diagram.py --run race.svg -- --strategy=dax-generic [checker options]
The last form runs ./checker (or $CHECKER) with --json and the options given.
Exit status: 0 written, 1 self-check failed, 2 usage, unreadable input or a
run with no counterexample to draw.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from plot import self_check, write_atomic  # noqa: E402

CW = 7.3          # width of one 12px monospace character, generously
ROW = 26          # height of one step row
PAD = 16          # outer margin
BAR = 7           # width of a lock bar
STEPCOL = 44      # the step-number column
HEAD = 40         # lane heading: thread name and program
PCOL = 46         # one page's column of the page-table strip
LOCK_COLORS = ["#1f77b4", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#bcbd22", "#e377c2"]
VICTIM = "#2ca02c"
# The legend's names for the victim and the culprit, by the blame's link.
ROLES = {
    "overwritten by": ("the store destroyed", "its destroyer"),
    "maps unzeroed data read by": ("maps the unzeroed block", "reads stale data"),
    "allocates unzeroed data read by": ("allocates the unzeroed block", "reads stale data"),
    "frees a block then used by": ("frees the block", "uses it after the free"),
    "maps a block then freed by": ("maps the block", "frees it under the PTE"),
    "frees the block then stored to by": ("frees the page's block", "stores into the freed block"),
    "remaps the page before the store of": ("puts another block in the map",
                                            "stores into the old block"),
    "hidden by the hole page of": ("the store", "hides it under the hole page"),
    "given a block hidden by the hole page of": ("gives the page its block",
                                                 "maps the hole page over it"),
    "not yet durable when committed by": ("zeroes the block, not durably",
                                          "commits the block to the log"),
    "allocated, not zeroed, when committed by": ("allocates the block",
                                                 "commits it to the log unzeroed"),
    "not durable when acknowledged by": ("the store", "fsync returns without it durable"),
    "persisted through a PTE installed before the log held its block by":
        ("the store, persisted", "maps the block writable before the log holds it"),
    "left asleep by": ("sleeps on the DAX entry", "wakes another, or nobody"),
}
CULPRIT = "#d62728"


def esc(s):
    return (str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def text_w(s):
    return int(len(s) * CW + 0.999)


def sans_w(s):
    """Width of 11px sans-serif text, generously."""
    return int(len(s) * 6.4 + 0.999)


def wrap(s, width_chars):
    """Greedy word wrap to lines of at most width_chars characters."""
    lines, cur = [], ""
    for word in s.split(" "):
        if cur and len(cur) + 1 + len(word) > width_chars:
            lines.append(cur)
            cur = word
        else:
            cur = f"{cur} {word}" if cur else word
    if cur:
        lines.append(cur)
    return lines


def lock_key(lk):
    return lk["lock"] if lk.get("page") is None else f"{lk['lock']} (page {lk['page']})"


def lock_intervals(doc, nthreads):
    """Per thread, [(key, mode, first_step, last_step_or_None)]: held after
    first_step, released by last_step (None: still held at the end)."""
    out = [[] for _ in range(nthreads)]
    open_ = [dict() for _ in range(nthreads)]
    for row, st in enumerate(doc["trace"]):
        for t in range(nthreads):
            now = {lock_key(lk): lk["mode"] for lk in st.get("held", [[]] * nthreads)[t]}
            for key, (mode, start) in list(open_[t].items()):
                if now.get(key) != mode:
                    out[t].append((key, mode, start, row))
                    del open_[t][key]
            for key in sorted(now):
                if key not in open_[t]:
                    open_[t][key] = (now[key], row)
    for t in range(nthreads):
        for key, (mode, start) in sorted(open_[t].items(), key=lambda kv: kv[1][1]):
            out[t].append((key, mode, start, None))
    return out


def pte_label(v):
    return "" if v is None else "hole" if v == "hole" else f"b{v}"


def strip_head(doc, x0, npages, top, bottom, heading):
    """A page-table strip's heading; a line between page columns; and a
    bracket over the pages of the huge page, which one PMD maps."""
    out = [f'<text x="{x0 + npages * PCOL // 2}" y="{top + 14}" font-size="11" '
           f'text-anchor="middle" fill="#444">{esc(heading)}</text>']
    for p in range(npages):
        out.append(f'<text x="{x0 + p * PCOL + PCOL // 2}" y="{top + 34}" font-size="11" '
                   f'text-anchor="middle" fill="#444">page {p}</text>')
        if p:
            out.append(f'<line x1="{x0 + p * PCOL}" y1="{top + HEAD + 2}" '
                       f'x2="{x0 + p * PCOL}" y2="{bottom - 4}" stroke="#ccc" '
                       f'stroke-dasharray="2,3"/>')
    huge = doc.get("huge_page")
    if huge:
        hx = x0 + huge["first"] * PCOL + 3
        hw = huge["pages"] * PCOL - 6
        out.append(f'<path d="M{hx},{top + 24} V{top + 20} H{hx + hw} V{top + 24}" '
                   f'fill="none" stroke="#c77700"><title>pages {huge["first"]}-'
                   f'{huge["first"] + huge["pages"] - 1}: one huge page, which a PMD '
                   f'maps at once</title></path>')
    return out


def page_table(doc, x0, row_mid, pte_key="pte", pmd_key="pmd", proc=None):
    """The page-table strip: a box per page that a PTE maps (its block, or
    the hole page), and a PMD as one box across the pages of the huge page,
    each from the step that installed it to the step that removed or changed
    it.  A PMD with a PTE table under it is red: the page-table corruption.
    pte_key and pmd_key name the trace's keys to read: "pte" and "pmd" for
    process 0, "pte1" and "pmd1" for process 1, whose page table is its
    own; proc, when not None, names the process in each box's tooltip."""
    trace = doc["trace"]
    huge = doc.get("huge_page") or {}
    first, n = huge.get("first", 0), huge.get("pages", 0)

    def cells(st):
        """What the strip shows after a step: {(first page, pages): value}."""
        pte, pmd = st[pte_key], st.get(pmd_key, "none")
        leaf = pmd in ("pmd", "huge-zero", "pmd+table")
        out = {(first, n): (pmd, tuple(pte[first:first + n]))} if leaf else {}
        for p, v in enumerate(pte):
            if v is not None and not (leaf and first <= p < first + n):
                out[(p, 1)] = v
        return out

    # Runs of rows over which a box keeps its contents.
    runs, open_ = [], {}
    for i, st in enumerate(trace):
        now = cells(st)
        for key, (v, start) in list(open_.items()):
            if now.get(key) != v:
                runs.append((key, v, start, i - 1))
                del open_[key]
        for key in sorted(now):
            if key not in open_:
                open_[key] = (now[key], i)
    runs += [(key, v, start, len(trace) - 1) for key, (v, start) in sorted(open_.items())]

    out = []
    for (p, w), v, start, end in sorted(runs, key=lambda r: (r[2], r[0])):
        y1, y2 = row_mid(start) - 9, row_mid(end) + 9
        steps = f"step {start + 1}" if start == end else f"steps {start + 1}-{end + 1}"
        if w == 1:
            label = pte_label(v)
            fill, stroke, tcol = ("#eee" if v == "hole" else "#e8f0fa"), "#557", "#000"
            what = f"page {p}: a PTE to {'the hole page' if v == 'hole' else f'block {v}'}"
        else:
            pmd, blocks = v
            if pmd == "huge-zero":
                label, what = "huge zero", "the huge zero page"
            else:
                label = f"PMD b{blocks[0]}-b{blocks[-1]}" if None not in blocks and \
                    "hole" not in blocks else "PMD"
                what = "a DAX PMD (" + ", ".join(f"page {p + k} to {pte_label(b)}"
                                                 for k, b in enumerate(blocks)) + ")"
            fill, stroke, tcol = "#fff3e0", "#c77700", "#000"
            if pmd == "pmd+table":
                label, what = "PMD + PTEs", what + " and a PTE table: the slot holds both"
                fill, stroke, tcol = "#fde8e8", CULPRIT, CULPRIT
            what = f"pages {p}-{p + w - 1}: {what}"
        if proc is not None:
            what = f"process {proc}'s {what}"
        out.append(f'<rect x="{x0 + p * PCOL + 3}" y="{y1}" width="{w * PCOL - 6}" '
                   f'height="{y2 - y1}" rx="2" fill="{fill}" stroke="{stroke}">'
                   f'<title>after {steps}: {esc(what)}</title></rect>')
        out.append(f'<text x="{x0 + p * PCOL + w * PCOL // 2}" y="{row_mid(start) + 4}" '
                   f'font-size="11" font-family="monospace" text-anchor="middle" '
                   f'fill="{tcol}">{label}</text>')
    return out


def render(doc, uid="d"):
    """The SVG text for one --json document with a trace.  uid prefixes the
    element ids, so that several diagrams can share one HTML page."""
    trace = doc["trace"]
    nthreads = len(doc["threads"])
    blame = doc.get("blame") or {}
    victim = blame.get("victim_step")
    culprit = blame.get("culprit_step")
    blocked = doc.get("blocked") or []
    prop = doc.get("property")
    held = lock_intervals(doc, nthreads)
    # A lane's heading names its process only when some thread runs in a
    # second one: then "T1 (process 1)" tells which page table it faults in.
    procs = doc.get("process") or [0] * nthreads
    lane_head = [f"T{t} (process {procs[t]})" if any(procs) else f"T{t}"
                 for t in range(nthreads)]

    # Lock colors: by first appearance, the same lock one color in all lanes.
    names = []
    for st in trace:
        for lanes in st.get("held", []):
            for lk in lanes:
                if lk["lock"] not in names:
                    names.append(lk["lock"])
    for b in blocked:
        if b["lock"] not in names:
            names.append(b["lock"])
    color = {n: LOCK_COLORS[i % len(LOCK_COLORS)] for i, n in enumerate(names)}

    # Each lane: its lock-bar slots, then the widest text in it.
    slots = []
    for t in range(nthreads):
        keys = []
        for key, _, _, _ in held[t]:
            if key not in keys:
                keys.append(key)
        slots.append(keys)
    lane_w, lane_x = [], []
    x = PAD + STEPCOL
    for t in range(nthreads):
        prog = "; ".join(doc["threads"][t])
        texts = [st["name"] for st in trace if st["thread"] == t] + [lane_head[t], prog]
        texts += [f"waits: {b['next']}" for b in blocked if b["thread"] == t]
        w = max(text_w(s) for s in texts) + 20 + len(slots[t]) * (BAR + 3)
        w = max(w, 110)
        lane_x.append(x)
        lane_w.append(w)
        x += w + 10
    arrow = bool(victim and culprit and victim != culprit)
    gutter_x = x + 8            # the victim-to-culprit arrow runs down here
    if arrow:
        x += 30
    # The page-table strips, a column per page: process 0's (the JSON's
    # "pte" and "pmd") and, with a second process, process 1's ("pte1" and
    # "pmd1") beside it; each is (x, pte key, pmd key, heading, process).
    npages = len(trace[0]["pte"]) if "pte" in trace[0] else 0
    two = bool(npages) and "pte1" in trace[0]
    strips = []
    if npages:
        keys = [("pte", "pmd", 0), ("pte1", "pmd1", 1)] if two else [("pte", "pmd", None)]
        for pte_key, pmd_key, proc in keys:
            head = "page table" if proc is None else f"process {proc} page table"
            # Two headings wider than their strips get room either side,
            # so that they do not run into each other.
            margin = max(0, sans_w(head) - npages * PCOL + 1) // 2 if two else 0
            pt_x = x + 6 + margin
            strips.append((pt_x, pte_key, pmd_key, head, proc))
            x = pt_x + npages * PCOL + margin + 10
    eff_x = x + 6
    effects = [st["effect"] for st in trace]
    eff_w = max([text_w(e) for e in effects] + [text_w("what changed")]) + 30
    width = eff_x + eff_w + PAD

    # The header: title, verdict, culprit sentence (wrapped to the width).
    title = f"{doc['scenario']} under {doc['strategy']}"
    if prop:
        verdict = f"{prop}: counterexample of {len(trace)} steps"
    else:
        verdict = f"replay of {len(trace)} steps, no violation"
    culprit_lines = wrap(doc.get("culprit") or "", max(40, int((width - 2 * PAD) / 6.6)))
    y = PAD + 18
    out_head = [
        f'<text x="{PAD}" y="{y}" font-size="16" font-weight="bold">{esc(title)}</text>',
    ]
    y += 20
    out_head.append(f'<text x="{PAD}" y="{y}" font-size="13" fill="{CULPRIT if prop else "#333"}" '
                    f'font-weight="bold">{esc(verdict)}</text>')
    for line in culprit_lines:
        y += 17
        out_head.append(f'<text x="{PAD}" y="{y}" font-size="12">{esc(line)}</text>')
    y += 10
    src = doc.get("strategy_source") or ""
    if src:
        y += 14
        out_head.append(f'<text x="{PAD}" y="{y}" font-size="11" fill="#555">'
                        f'{esc(doc["strategy"])} models: {esc(src)}</text>')
    y += 14

    top = y                      # lane headings
    rows_y = top + HEAD + 8      # first step row
    bottom = rows_y + len(trace) * ROW + (2 * ROW if blocked else 0) + 6

    out = []
    # Lanes: background, heading, lifeline.
    for t in range(nthreads):
        lx, lw = lane_x[t], lane_w[t]
        out.append(f'<rect x="{lx}" y="{top}" width="{lw}" height="{bottom - top}" '
                   f'fill="{"#f6f8fa" if t % 2 == 0 else "#eef1f4"}" rx="4"/>')
        out.append(f'<text x="{lx + lw // 2}" y="{top + 16}" font-size="13" font-weight="bold" '
                   f'text-anchor="middle">{esc(lane_head[t])}</text>')
        out.append(f'<text x="{lx + lw // 2}" y="{top + 32}" font-size="11" font-family="monospace" '
                   f'text-anchor="middle" fill="#444">{esc("; ".join(doc["threads"][t]))}</text>')
    for sx, _, _, head, _ in strips:
        out += strip_head(doc, sx, npages, top, bottom, head)
    out.append(f'<text x="{PAD}" y="{top + 32}" font-size="11" fill="#444">step</text>')
    out.append(f'<text x="{eff_x}" y="{top + 32}" font-size="11" fill="#444">what changed</text>')
    out.append(f'<line x1="{PAD}" y1="{top + HEAD}" x2="{width - PAD}" y2="{top + HEAD}" '
               f'stroke="#bbb"/>')

    def row_mid(i):          # i: 0-based row
        return rows_y + i * ROW + ROW // 2

    def box_x(t):
        return lane_x[t] + len(slots[t]) * (BAR + 3) + 8

    # Lock bars: held after step `start` until step `end` releases it.
    for t in range(nthreads):
        for key, mode, start, end in held[t]:
            k = slots[t].index(key)
            bx = lane_x[t] + 5 + k * (BAR + 3)
            y1 = row_mid(start)
            y2 = row_mid(end) if end is not None else bottom - 4
            c = color[key.split(" (page")[0]]
            shared = mode == "shared"
            last = f"step {end + 1}" if end is not None else "the end"
            out.append(f'<rect x="{bx}" y="{y1}" width="{BAR}" height="{max(2, y2 - y1)}" '
                       f'fill="{c}" fill-opacity="{"0.35" if shared else "0.9"}" stroke="{c}"'
                       + (' stroke-dasharray="3,2"' if shared else "") +
                       f'><title>T{t} holds {esc(key)} {mode}, from step {start + 1} '
                       f'until {last}</title></rect>')

    # Step rows.
    for i, st in enumerate(trace):
        t = st["thread"]
        ym = row_mid(i)
        step = i + 1
        if i % 2 == 1:
            out.insert(0, f'<rect x="{PAD}" y="{rows_y + i * ROW}" width="{width - 2 * PAD}" '
                          f'height="{ROW}" fill="#000" fill-opacity="0.03"/>')
        out.append(f'<text x="{PAD + STEPCOL - 12}" y="{ym + 4}" font-size="11" '
                   f'text-anchor="end" fill="#666">{step}</text>')
        bx = box_x(t)
        bw = text_w(st["name"]) + 12
        fill, stroke, sw, weight = "#fff", "#888", 1, "normal"
        if step == victim:
            fill, stroke, sw, weight = "#eaf7ea", VICTIM, 2.5, "bold"
        if step == culprit:
            fill, stroke, sw, weight = "#fde8e8", CULPRIT, 2.5, "bold"
        out.append(f'<rect id="{uid}-s{step}" x="{bx}" y="{ym - 10}" width="{bw}" height="20" '
                   f'rx="3" fill="{fill}" stroke="{stroke}" stroke-width="{sw}"/>')
        out.append(f'<text x="{bx + 6}" y="{ym + 4}" font-size="12" font-family="monospace" '
                   f'font-weight="{weight}">{esc(st["name"])}</text>')
        ecol = CULPRIT if step == culprit else VICTIM if step == victim else "#333"
        out.append(f'<text x="{eff_x}" y="{ym + 4}" font-size="12" font-family="monospace" '
                   f'fill="{ecol}">{esc(st["effect"])}</text>')

    for sx, pte_key, pmd_key, _, proc in strips:
        out += page_table(doc, sx, row_mid, pte_key, pmd_key, proc)

    # The waits of a deadlock, one more (double) row: each waiting thread's
    # next step, and a dashed arrow to the bar of the lock it waits for.
    if blocked:
        ym = row_mid(len(trace))
        out.append(f'<text x="{PAD + STEPCOL - 12}" y="{ym + 4}" font-size="11" '
                   f'text-anchor="end" fill="{CULPRIT}">-</text>')
        out.append(f'<text x="{eff_x}" y="{ym + 4}" font-size="12" fill="{CULPRIT}" '
                   f'font-weight="bold">no thread can move</text>')
        for b in blocked:
            t, h = b["thread"], b["holder"]
            label = f"waits: {b['next']}"
            bx = box_x(t)
            bw = text_w(label) + 12
            out.append(f'<rect x="{bx}" y="{ym - 10}" width="{bw}" height="20" rx="3" '
                       f'fill="#fde8e8" stroke="{CULPRIT}" stroke-width="2" '
                       f'stroke-dasharray="4,2"/>')
            out.append(f'<text x="{bx + 6}" y="{ym + 4}" font-size="12" font-family="monospace">'
                       f'{esc(label)}</text>')
            if h is None and prop == "lost-wakeup":   # asleep, nobody holds it
                note = f"asleep on the {b['lock']}'s wait queue: nobody will wake it"
            elif h is None:   # a free block, when a strategy leaks them all
                note = f"for {b['lock']}: every block is allocated"
            else:
                note = f"for {b['lock']}, held by {'itself' if h == t else f'T{h}'}"
            out.append(f'<text x="{bx + 12}" y="{ym + 24}" font-size="11" fill="{CULPRIT}">'
                       f'{esc(note)}</text>')
            keys = [k for k in slots[h] if k.split(" (page")[0] == b["lock"]] \
                if h is not None else []
            if h == t or not keys:
                continue
            # Down from the box, then across to the holder's bar, below
            # the other waits' boxes.
            hx = lane_x[h] + 5 + slots[h].index(keys[0]) * (BAR + 3) + BAR // 2
            ay = ym + 32 + 3 * (t % 3)
            out.append(f'<path d="M{bx + 5},{ym + 10} V{ay} H{hx + (-5 if hx > bx else 5)}" '
                       f'fill="none" stroke="{CULPRIT}" stroke-width="1.5" '
                       f'stroke-dasharray="4,2" marker-end="url(#{uid}-arrow)"/>')

    # The arrow from the victim to the culprit, down the gutter beside the
    # lanes, so that it crosses no other step; its label runs along it.
    link = blame.get("link") or ""
    if arrow:
        tv, tc = trace[victim - 1]["thread"], trace[culprit - 1]["thread"]
        yv, yc = row_mid(victim - 1), row_mid(culprit - 1)
        xv = box_x(tv) + text_w(trace[victim - 1]["name"]) + 12
        xc = box_x(tc) + text_w(trace[culprit - 1]["name"]) + 12
        g = gutter_x
        d = 1 if yc > yv else -1
        out.append(f'<path d="M{xv},{yv} H{g - 6} Q{g},{yv} {g},{yv + 6 * d} V{yc - 6 * d} '
                   f'Q{g},{yc} {g - 6},{yc} H{xc + 3}" fill="none" stroke="{CULPRIT}" '
                   f'stroke-width="2" marker-end="url(#{uid}-arrow)"/>')
        if link and text_w(link) * 0.9 < abs(yc - yv) - 14:
            out.append(f'<text transform="translate({g + 5},{(yv + yc) // 2}) rotate(90)" '
                       f'font-size="11" font-style="italic" fill="{CULPRIT}" '
                       f'text-anchor="middle">{esc(link)}</text>')

    # Footer: legend and replay command.
    y = bottom + 22
    foot = []
    lx = PAD
    # The legend names the two roles as this property's story has them:
    # the store destroyed and its destroyer, the block freed and its user.
    victim_role, culprit_role = ROLES.get(link, ("victim", "culprit"))
    items = []
    if victim:
        items.append((VICTIM, "#eaf7ea", victim_role))
    if culprit:
        items.append((CULPRIT, "#fde8e8", culprit_role))
    for n, (stroke, fill, label) in enumerate(items):
        foot.append(f'<rect x="{lx}" y="{y - 10}" width="14" height="12" rx="2" fill="{fill}" '
                    f'stroke="{stroke}" stroke-width="2"/>')
        foot.append(f'<text x="{lx + 20}" y="{y}" font-size="11">{esc(label)}</text>')
        lx += 20 + sans_w(label) + 10
        if n == 0 and arrow:
            foot.append(f'<line x1="{lx}" y1="{y - 4}" x2="{lx + 22}" y2="{y - 4}" '
                        f'stroke="{CULPRIT}" stroke-width="2" '
                        f'marker-end="url(#{uid}-arrow)"/>')
            lx += 32
    if items:
        lx += 14
    for n in names:
        foot.append(f'<rect x="{lx}" y="{y - 11}" width="{BAR}" height="14" fill="{color[n]}" '
                    f'fill-opacity="0.9"/>')
        foot.append(f'<text x="{lx + BAR + 5}" y="{y}" font-size="11">{esc(n)} held</text>')
        lx += BAR + 5 + sans_w(n + " held") + 14
    if any(mode == "shared" for lane in held for _, mode, _, _ in lane):
        foot.append(f'<text x="{lx}" y="{y}" font-size="11" fill="#555">'
                    f'(pale, dashed: held shared)</text>')
    if doc.get("replay"):
        y += 22
        foot.append(f'<text x="{PAD}" y="{y}" font-size="11" fill="#444">replay:</text>')
        foot.append(f'<text x="{PAD + 50}" y="{y}" font-size="11" font-family="monospace">'
                    f'{esc(doc["replay"])}</text>')
        width = max(width, PAD + 50 + int(len(doc["replay"]) * 6.7) + PAD)
    height = y + PAD

    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif">',
           f'<title>{esc(title)}: {esc(verdict)}</title>',
           f'<defs><marker id="{uid}-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
           f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
           f'<path d="M0,0 L10,5 L0,10 z" fill="{CULPRIT}"/></marker></defs>',
           f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>']
    return "\n".join(svg + out_head + out + foot + ["</svg>"]) + "\n"


def usage():
    print("usage: diagram.py RUN.json|- OUT.svg\n"
          "       diagram.py --run OUT.svg -- [checker options]", file=sys.stderr)
    return 2


def main(argv):
    if len(argv) >= 2 and argv[0] == "--run":
        out = argv[1]
        rest = argv[2:]
        if rest[:1] == ["--"]:
            rest = rest[1:]
        checker = os.environ.get("CHECKER", "./checker")
        try:
            p = subprocess.run([checker] + rest + ["--json"], capture_output=True, text=True)
        except OSError as e:
            print(f"diagram.py: cannot run {checker}: {e}", file=sys.stderr)
            return 2
        if p.returncode not in (0, 1):
            sys.stderr.write(p.stderr)
            print(f"diagram.py: {checker} exited {p.returncode}", file=sys.stderr)
            return 2
        text, where = p.stdout, f"{checker} {' '.join(rest)}"
    elif len(argv) == 2 and not argv[0].startswith("--"):
        out = argv[1]
        where = "stdin" if argv[0] == "-" else argv[0]
        try:
            if argv[0] == "-":
                text = sys.stdin.read()
            else:
                with open(argv[0], encoding="utf-8") as f:
                    text = f.read()
        except OSError as e:
            print(f"diagram.py: cannot read {where}: {e.strerror}", file=sys.stderr)
            return 2
    else:
        return usage()
    try:
        doc = json.loads(text)
    except ValueError as e:
        print(f"diagram.py: {where}: not the checker's --json output: {e}", file=sys.stderr)
        return 2
    if not isinstance(doc, dict) or not isinstance(doc.get("trace"), list) \
            or "threads" not in doc:
        print(f"diagram.py: {where}: not the checker's --json output "
              "(no \"trace\" and \"threads\")", file=sys.stderr)
        return 2
    if not doc["trace"]:
        print(f"diagram.py: {where}: no counterexample to draw (verdict: "
              f"{doc.get('verdict')})", file=sys.stderr)
        return 2
    try:
        svg = render(doc)
    except (KeyError, TypeError, ValueError, IndexError) as e:
        print(f"diagram.py: {where}: malformed --json output: {e!r}", file=sys.stderr)
        return 2
    problem = self_check(svg)
    if problem:
        print(f"diagram.py: self-check failed, SVG {problem}", file=sys.stderr)
        return 1
    try:
        write_atomic(out, svg)
    except OSError as e:
        print(f"diagram.py: cannot write {out}: {e.strerror}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
