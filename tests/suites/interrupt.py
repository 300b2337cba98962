"""interrupt: SIGINT (or SIGTERM) stops a long search, --json, --json=FILE and --matrix:
statistics so far, INCOMPLETE, exit 3; and so does a run that timeout(1) ends, with each
signal it may send, with and without --foreground, many times over
"""
from harness import *  # noqa: F401,F403


def suite_interrupt(checker, label):
    def still_running(name, running):
        return ok(f"{label} interrupt {name}: the search was still running when signalled",
                  running, f"it finished within {LONG_DELAY} s: make LONG a longer search")

    code, out, err, running = interrupted([checker] + LONG)
    still_running("text", running)
    ok(f"{label} interrupt: SIGINT prints the statistics so far and INCOMPLETE, exit 3",
       code == 3 and "INCOMPLETE: interrupted by SIGINT" in out
       and re.search(r"^states +[1-9]\d* stored, \d+ transitions", out, re.M)
       and re.search(r"^time ", out, re.M) and "no violation" not in out and err == "",
       f"exit {code}\n{out}{err}")

    code, out, err, running = interrupted([checker] + LONG + ["--json"])
    try:
        r = json.loads(out)
    except ValueError as e:
        r = {"error": str(e)}
    ok(f"{label} interrupt: SIGINT with --json prints one whole object, incomplete, exit 3",
       code == 3 and r.get("verdict") == "incomplete"
       and r.get("incomplete_reason") == "interrupted by SIGINT" and r.get("states", 0) > 0,
       f"exit {code} {r}\n{out[-500:]}{err}")

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "out.json")
        code, out, err, running = interrupted([checker] + LONG + [f"--json={path}"])
        try:
            r = json.load(open(path))
        except (OSError, ValueError) as e:
            r = {"error": str(e)}
        ok(f"{label} interrupt: SIGINT with --json=FILE writes the file whole, incomplete",
           code == 3 and "INCOMPLETE: interrupted by SIGINT" in out
           and r.get("verdict") == "incomplete" and os.listdir(tmp) == ["out.json"],
           f"exit {code} {r} {os.listdir(tmp)}\n{err}")

        # Two at once are one request: the report and the file, whole.
        os.remove(path)
        code, out, err, running = interrupted([checker] + LONG + [f"--json={path}"], twice=True)
        files = os.listdir(tmp)
        try:
            whole = files == ["out.json"] and json.load(open(path))["verdict"] == "incomplete"
        except (OSError, ValueError):
            whole = False
        ok(f"{label} interrupt: two SIGINTs at once: exit 3, the report and the file whole",
           code == 3 and whole and "INCOMPLETE: interrupted by SIGINT" in out
           and re.search(r"^time ", out, re.M), f"exit {code} {files}\n{out}{err}")

    code, out, err, running = interrupted([checker] + LONG + ["--search=dfs"], signal.SIGTERM)
    still_running("SIGTERM", running)
    ok(f"{label} interrupt: SIGTERM stops a depth-first search the same way",
       code == 3 and "INCOMPLETE: interrupted by SIGTERM" in out
       and re.search(r"^states +[1-9]\d* stored", out, re.M), f"exit {code}\n{out}{err}")

    # --matrix over one scenario big enough to take seconds per cell.
    # (--concurrency is too quick to catch in flight: test_interrupt.c.)
    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(os.path.join(tmp, "scenarios"))
        with open(os.path.join(tmp, "scenarios", "big.dax"), "w") as f:
            f.write('DAX big\n"Six stores to one page: a long search."\npages 1\nwords 6\n' +
                    "".join(f"T{i}: store 0:{i}={i + 1}\n" for i in range(6)))
        code, out, err, running = interrupted([checker, "--matrix", "scenarios"], cwd=tmp)
        still_running("--matrix", running)
        ok(f"{label} interrupt: SIGINT stops --matrix: the table, INCOMPLETE, exit 3",
           code == 3 and re.search(r"^entry-lock ", out, re.M)
           and "stopped early (interrupted by SIGINT)" in out
           and "every cell is what" not in out, f"exit {code}\n{out}{err}")

    under_timeout(checker, label)


# timeout(1)'s ways of ending a run: the signal (-s), and whether only the
# checker gets it (--foreground) or also its process group, a second time.
TIMEOUT_WAYS = [[], ["--foreground"], ["-s", "INT"], ["-s", "INT", "--foreground"],
                ["-s", "HUP"], ["-s", "HUP", "--foreground"]]
TIMEOUT_DELAYS = ["0.15", "0.3", "0.5", "0.8"]


def under_timeout(checker, label):
    """Every way timeout(1) ends a run, at several moments: each run must
    print its whole INCOMPLETE report and exit 3 (--preserve-status shows
    it; without, timeout's own 124 and the same report)."""
    timeout = shutil.which("timeout")
    if not timeout:
        ok(f"{label} interrupt: timeout(1) is installed (coreutils)", False)
        return
    names = {"INT": "SIGINT", "HUP": "SIGHUP"}
    bad, runs = [], 0
    for way in TIMEOUT_WAYS:
        sig = names.get(way[1], "SIGTERM") if way[:1] == ["-s"] else "SIGTERM"
        for i, delay in enumerate(TIMEOUT_DELAYS):
            keep = i % 2 == 0
            cmd = [timeout] + way + (["--preserve-status"] if keep else []) + [delay, checker] \
                + LONG
            p = subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                               timeout=120, preexec_fn=default_signals)
            runs += 1
            want = 3 if keep else 124
            whole = (f"INCOMPLETE: interrupted by {sig}" in p.stdout
                     and re.search(r"^states +[1-9]\d* stored", p.stdout, re.M)
                     and p.stdout.splitlines()[-1].startswith("time "))
            if p.returncode != want or not whole or p.stderr:
                bad.append(f"{' '.join(cmd[:-len(LONG)])} ...: exit {p.returncode} (want "
                           f"{want}), {len(p.stdout)} bytes of report: "
                           f"{p.stdout[-160:]!r} {p.stderr[-200:]!r}")
    ok(f"{label} interrupt: under timeout(1), {runs} runs, every signal it sends, with and "
       "without --foreground: each prints its whole INCOMPLETE report and exits 3",
       not bad, "\n".join(bad[:5]))
