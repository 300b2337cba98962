"""results: the committed results/ (README.md, index.html, diagrams/)
is what make results writes now, byte-identical twice; every SVG and the
page parse; the matrix agrees with --matrix; the 2015 race is drawn with its
victim, culprit, arrow and lock bar; diagram.py and results.py reject bad
input with exit 2 and write nothing; headless Chromium renders the page and
a diagram (SKIP without chromium, a failure if REQUIRE_CHROMIUM is set, as
.ci/run sets)
"""
from harness import *  # noqa: F401,F403


def suite_results(checker, label):
    import xml.etree.ElementTree as ET
    sys.path.insert(0, os.path.join(ROOT, "scripts"))
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    import diagram
    import png
    import results as results_py

    # 1. The committed pages are what make results writes now, twice: one
    # run at a time, and three.
    with tempfile.TemporaryDirectory() as tmp:
        outs = []
        for i in range(2):
            d = os.path.join(tmp, str(i))
            p = subprocess.run([sys.executable, "scripts/results.py", f"--checker={checker}",
                                "--in=results", f"--out={d}", f"--jobs={1 + 2 * i}"],
                               capture_output=True, text=True)
            ok(f"{label} results: results.py runs", p.returncode == 0, p.stderr[-400:])
            files = {}
            for root, _, names in os.walk(d):
                for n in names:
                    path = os.path.join(root, n)
                    files[os.path.relpath(path, d)] = open(path, "rb").read()
            outs.append(files)
        ok(f"{label} results: two runs of results.py, with 1 and 3 jobs, write byte-identical "
           "files",
           outs[0] == outs[1] and len(outs[0]) > 10, f"{len(outs[0])} files")
        # What results.py writes: README.md, index.html and all of diagrams/.
        rels = set(outs[0]) | {os.path.join("diagrams", n)
                               for n in os.listdir("results/diagrams")
                               if os.path.isdir("results/diagrams")}
        committed = {}
        for rel in rels:
            path = os.path.join("results", rel)
            committed[rel] = open(path, "rb").read() if os.path.exists(path) else None
        stale = sorted(r for r in set(outs[0]) | set(committed)
                       if outs[0].get(r) != committed.get(r))
        ok(f"{label} results: the committed results/ is current (else run make results)",
           not stale, "differ: " + ", ".join(stale[:8]))
        if stale:
            return      # what follows would only say the same again

    # 2. Every diagram and the page parse; the page is self-contained.
    svgs = sorted(glob.glob("results/diagrams/*.svg"))
    bad = []
    for f in svgs:
        try:
            root = ET.parse(f).getroot()
            if root.tag != "{http://www.w3.org/2000/svg}svg":
                bad.append(f"{f}: root {root.tag}")
        except ET.ParseError as e:
            bad.append(f"{f}: {e}")
    ok(f"{label} results: every results/diagrams/*.svg parses as SVG ({len(svgs)})",
       svgs and not bad, "; ".join(bad[:3]))
    page = open("results/index.html", encoding="utf-8").read() \
        if os.path.exists("results/index.html") else ""
    problem = results_py.html_problem(page) if page else "missing"
    ok(f"{label} results: index.html parses: tags nest, ids unique, every #link lands, "
       "no network", problem is None, problem)
    inline = re.findall(r"<svg .*?</svg>", page, re.S)
    bad = []
    for i, svg in enumerate(inline):
        try:
            ET.fromstring(svg)
        except ET.ParseError as e:
            bad.append(f"svg {i}: {e}")
    ok(f"{label} results: every SVG inlined in index.html parses ({len(inline)}: the 2015 "
       "race; the benchmark plot is a file of its own)", len(inline) == 1 and not bad,
       "; ".join(bad[:3]))
    broken = [h for h in re.findall(r'(?:href|src)="(diagrams/[^"#]+)"', page)
              if not os.path.exists(os.path.join("results", html.unescape(h)))]
    shown = set(re.findall(r'<img class="diagram" src="diagrams/([^"]+)"', page))
    ok(f"{label} results: index.html's links and images of diagrams/ name files that exist, "
       "and it shows every one", not broken and shown == {os.path.basename(f) for f in svgs},
       f"broken {broken[:3]}; not shown {sorted({os.path.basename(f) for f in svgs} - shown)[:3]}")

    # A light page: counterexamples collapsed, opened from the matrix.
    size = os.path.getsize("results/index.html")
    ok(f"{label} results: index.html is within its size budget (320 KB; the diagrams are "
       "files of their own)", size <= 320 * 1024, f"{size} bytes")
    cx = re.findall(r'<details class="cx"><summary>[^<]*</summary>\n<h4 id="([^"]+)"', page)
    targets = re.findall(r'<td class="v"[^>]*><a href="#([^"]+)"', page)
    ok(f"{label} results: every counterexample is collapsed, and each matrix cell with a "
       "violation links to one", "<details open" not in page and cx and targets
       and set(targets) <= set(cx), f"{len(cx)} sections, {len(targets)} links, "
       f"{sorted(set(targets) - set(cx))[:3]} missing")
    # Commands wrap between arguments only: each argument is a span that
    # does not wrap, and the text is the command as printed.
    cmds = re.findall(r'<pre class="cmd" id="[^"]+">(.*?)</pre>', page, re.S)
    bad = [c for c in cmds if not re.fullmatch(r'<span class="arg">[^ <]+</span>'
                                               r'( <span class="arg">[^ <]+</span>)*', c)]
    ok(f"{label} results: every command box breaks between arguments only ({len(cmds)} boxes)",
       cmds and not bad and re.search(r"pre\.cmd \.arg \{ white-space: nowrap; \}", page)
       and "break-all" not in page, bad[:2])
    # The page is for users: nothing its maintainers wrote to themselves.
    said = [t for t in ("do not edit", "not met", "Targets at", "/tmp/") if t in page]
    ok(f"{label} results: no maintainer text on the page", not said, str(said))

    # 3. The matrix agrees with --matrix, cell by cell (an independent path).
    readme = open("results/README.md", encoding="utf-8").read()
    cells = results_matrix_cells(readme)
    code, out, _ = run([checker, "--matrix"])
    want = matrix_cells(out)
    ok(f"{label} results: README.md's matrix gives --matrix's verdict in each of its "
       f"{len(want)} cells", want and cells == want,
       str(sorted(set(cells.items()) ^ set(want.items()))[:4]))

    # 4. The 2015 race drawn: two lanes, the wiped store and its destroyer.
    seed = "results/diagrams/seed-race__dax-generic.svg"
    text = open(seed, encoding="utf-8").read() if os.path.exists(seed) else ""
    ok(f"{label} results: the seed race diagram has a lane for T0 and T1, its steps in "
       "kernel vocabulary and the replay command",
       ">T0<" in text and ">T1<" in text and ">T2<" not in text
       and ">get_block(create=1)<" in text and ">clear_pmem<" in text
       and "--replay=0,1,1,1,0,0,0,0,0,0,1,1,1" in text, text[:200])
    ok(f"{label} results: the wiped store (step 10) is outlined as victim, clear_pmem "
       "(step 13) filled as culprit, and an arrow joins them",
       re.search(r'id="[^"]*-s10"[^>]*stroke="' + diagram.VICTIM, text)
       and re.search(r'id="[^"]*-s13"[^>]*fill="#fde8e8" stroke="' + diagram.CULPRIT, text)
       and re.search(r'<path d="M[^"]*" fill="none" stroke="' + diagram.CULPRIT
                     + r'" stroke-width="2" marker-end', text)
       and "the store destroyed" in text and "its destroyer" in text, "")
    ok(f"{label} results: the lock T0 holds is drawn as a bar from i_mmap_lock_read to "
       "i_mmap_unlock_read", "T0 holds i_mmap_rwsem shared, from step 7 until step 9" in text)
    dl = "results/diagrams/hole-page__i-mmap-write.svg"
    text = open(dl, encoding="utf-8").read() if os.path.exists(dl) else ""
    ok(f"{label} results: a deadlock's diagram ends with each thread's wait and its holder",
       "waits: find_get_page" in text and "for page lock, held by T1" in text
       and "no thread can move" in text, text[:200])
    ok(f"{label} results: index.html shows the 2015 race with its replay command, the "
       "crosscheck table and the benchmark plot",
       'id="race-2015"' in page and "--replay=0,1,1,1,0,0,0,0,0,0,1,1,1" in page
       and 'href="#cx-seed-race__dax-generic"' in page and "comparisons:" in page
       and '<img class="diagram" src="bench.svg"' in page
       and os.path.exists("results/bench.svg"), "")

    # 5. diagram.py: a drawing on demand; bad input exits 2 and writes nothing.
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "x.svg")
        env = dict(os.environ, CHECKER=checker)
        p = subprocess.run([sys.executable, "scripts/diagram.py", "--run", out, "--",
                            "--strategy=range-lock", "--scenario=scenarios/mixed-three.dax"],
                           capture_output=True, text=True, env=env)
        ok(f"{label} results: diagram.py --run draws a counterexample on demand",
           p.returncode == 0 and os.path.exists(out) and diagram.self_check(
               open(out).read()) is None and "range_lock(pgoff)" in open(out).read(),
           p.stderr[-300:])
        os.unlink(out) if os.path.exists(out) else None
        code, rep, _ = run([checker, "--strategy=fs-zero-inside", "--replay=0,0,0,1", "--json"])
        p = subprocess.run([sys.executable, "scripts/diagram.py", "-", out], input=rep,
                           capture_output=True, text=True)
        text = open(out).read() if os.path.exists(out) else ""
        ok(f"{label} results: diagram.py draws a --replay too, with the lock it holds",
           p.returncode == 0 and "replay of 4 steps, no violation" in text
           and "T0 holds ILOCK exclusive, from step 3 until the end" in text, p.stderr[-300:])
        os.unlink(out) if os.path.exists(out) else None
        code, js, _ = run([checker, "--strategy=fs-zero-inside", "--json"])
        code, race, _ = run([checker, "--json"])
        okrun = os.path.join(tmp, "ok.json")
        open(okrun, "w").write(js)
        notjson = os.path.join(tmp, "bad.json")
        open(notjson, "w").write("{\"trace\": [")
        for args, inp, want in [
                ([okrun, out], None, "no counterexample to draw (verdict: ok)"),
                ([notjson, out], None, "not the checker's --json output"),
                ([os.path.join(tmp, "none.json"), out], None, "cannot read"),
                (["-", out], "[1, 2]", "not the checker's --json output"),
                (["--run", out, "--", "--strategy=nope"], None, "valid strategies"),
                (["only-one"], None, "usage: diagram.py"),
                (["-", os.path.join(tmp, "no", "dir", "x.svg")], race, "cannot write")]:
            p = subprocess.run([sys.executable, "scripts/diagram.py"] + args, input=inp or "",
                               capture_output=True, text=True, env=env)
            ok(f"{label} results: diagram.py {' '.join(os.path.basename(a) for a in args)} "
               f"exits 2 saying '{want}', writes nothing",
               p.returncode == 2 and want in p.stderr and not os.path.exists(out)
               and p.stdout == "", f"exit {p.returncode}: {p.stderr[-300:]}")
        # results.py with a checker that fails leaves the old results whole.
        d = os.path.join(tmp, "r")
        os.mkdir(d)
        open(os.path.join(d, "README.md"), "w").write("old\n")
        p = subprocess.run([sys.executable, "scripts/results.py", "--checker=/nonexistent",
                            f"--out={d}"], capture_output=True, text=True)
        bad_in = os.path.join(tmp, "in")
        os.mkdir(bad_in)
        open(os.path.join(bad_in, "matrix-times.json"), "w").write('{"cells": [1]}')
        p2 = subprocess.run([sys.executable, "scripts/results.py", f"--checker={checker}",
                             f"--in={bad_in}", f"--out={d}"], capture_output=True, text=True)
        ok(f"{label} results: a malformed matrix-times.json exits 2 naming it, output untouched",
           p2.returncode == 2 and "matrix-times.json: not what make matrix-times writes"
           in p2.stderr and sorted(os.listdir(d)) == ["README.md"], p2.stderr[-300:])
        ok(f"{label} results: results.py with a checker it cannot run exits 2, output "
           "untouched", p.returncode == 2 and "cannot run" in p.stderr
           and sorted(os.listdir(d)) == ["README.md"]
           and open(os.path.join(d, "README.md")).read() == "old\n", p.stderr[-300:])

    # A search a limit stopped is shown as incomplete, never as ok.
    with tempfile.TemporaryDirectory() as tmp:
        p = subprocess.run([sys.executable, "scripts/results.py", f"--checker={checker}",
                            "--in=results", f"--out={tmp}", "--max-states=100"],
                           capture_output=True, text=True)
        text = open(os.path.join(tmp, "README.md")).read() \
            if os.path.exists(os.path.join(tmp, "README.md")) else ""
        limited = results_matrix_cells(text) if text else {}
        states = {k: int(m.group(1).replace(",", "")) for k, m in (
            (k, re.search(r"<br>([\d,]+) states", c)) for k, c in
            results_matrix_cells(readme, raw=True).items()) if m}
        # An ok needs a search that finished: no more than 100 states.
        wrong = [k for k, v in limited.items() if v == "ok" and states.get(k, 0) > 100]
        wrong += [k for k, v in cells.items()
                  if v == "ok" and states.get(k, 0) > 100 and limited.get(k) != "incomplete"]
        ok(f"{label} results: with --max-states=100, results.py exits 3 and every search "
           "it stopped says incomplete, none ok",
           p.returncode == 3 and "incomplete" in p.stderr and limited
           and "search(es) incomplete" in text and not wrong
           and "incomplete !" not in text,
           f"exit {p.returncode} {p.stderr[-200:]} {wrong[:3]}")

    # 6. A real browser renders the page and the 2015 race's diagram.
    browser = chromium_binary()
    if not browser:
        missing_tool(label, "results", "chromium", "REQUIRE_CHROMIUM")
        return
    with tempfile.TemporaryDirectory() as tmp:
        shot = os.path.join(tmp, "page.png")
        done, err = render_png(browser, "file://" + os.path.abspath("results/index.html"),
                               shot, "1280,1400")
        w = h = 0
        st = {"nonwhite": 0, "colors": 0}
        if done:
            try:
                w, h, rows = png.decode(open(shot, "rb").read())
                st = png.stats(rows)
            except ValueError as e:
                err = str(e)
        ok(f"{label} results: headless Chromium renders index.html to a 1280x1400 PNG that "
           "is not blank", done and (w, h) == (1280, 1400) and 0.05 < st["nonwhite"] < 0.95
           and st["colors"] > 50, f"{w}x{h} {st} {err}")
        # Opened at a counterexample's anchor, as a click in the matrix
        # does: its section is open once the page has loaded, no other.
        target = "cx-hole-page__i-mmap-write"
        dom = ""
        for _ in range(2):
            with tempfile.TemporaryDirectory() as profile:
                try:
                    p = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                                        "--no-first-run", f"--user-data-dir={profile}",
                                        "--dump-dom", "file://" + os.path.abspath(
                                            "results/index.html") + "#" + target],
                                       capture_output=True, text=True, timeout=180)
                    dom = p.stdout
                except subprocess.TimeoutExpired:
                    dom = ""
            if dom:
                break
        opened = re.findall(r'<details class="cx" open(?:="")?><summary>[^<]*</summary>\s*'
                            r'<h4 id="([^"]+)"', dom)
        ok(f"{label} results: in Chromium, the page opened at a counterexample's anchor opens "
           "that section and no other", opened == [target], f"open: {opened}")
        shot = os.path.join(tmp, "seed.png")
        done, err = render_png(browser, "file://" + os.path.abspath(seed), shot, "900,640")
        red = tuple(int(diagram.CULPRIT[i:i + 2], 16) for i in (1, 3, 5))
        green = tuple(int(diagram.VICTIM[i:i + 2], 16) for i in (1, 3, 5))
        st = {}
        if done:
            try:
                _, _, rows = png.decode(open(shot, "rb").read())
                st = png.stats(rows, near=(red, green))
            except ValueError as e:
                err = str(e)
        ok(f"{label} results: in Chromium, the seed race diagram shows the culprit in red and "
           "the victim in green", done and st.get(red, 0) > 200 and st.get(green, 0) > 100,
           f"{st.get(red)} red, {st.get(green)} green pixels {err}")
