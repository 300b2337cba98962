"""progress: the live progress line; one line a second to a pipe (--progress) with elapsed
time, states and rate, level, queue, memory against --max-memory and an estimate of the time
left once the levels shrink; rewritten in place on a terminal and erased at the end
"""
from harness import *  # noqa: F401,F403

# A search of about 90,000 states whose levels rise and fall; the tests
# ask for a line every 4096 states (CHECKER_PROGRESS_SECONDS=0) or every
# tenth of a second.
BELL = ["--strategy=fs-zero-inside", "--threads=5", "--words=5", "--reduce=none"]
EVERY_BATCH = dict(os.environ, CHECKER_PROGRESS_SECONDS="0")

LINE = re.compile(r"^progress  search \d+:\d\d  [\d.]+[kMG]? states  [\d.]+[kMG]?/s  "
                  r"level \d+ \d+%  queue [\d.]+[kMG]?  mem \d+M of [\d.]+[MG]  "
                  r"(~\d+:\d\d left|left: \? \(until the levels shrink\))$")


def suite_progress(checker, label):
    p = subprocess.run([checker, "--progress"] + BELL, capture_output=True, text=True,
                       env=EVERY_BATCH)
    lines = p.stderr.splitlines()
    bad = [l for l in lines if not LINE.match(l)]
    ok(f"{label} progress: to a pipe, --progress prints lines of elapsed time, states, rate, "
       "level, queue and memory against the limit", p.returncode == 0 and lines and not bad,
       f"exit {p.returncode}, {len(lines)} lines; not as designed: {bad[:3]}")
    growing = [i for i, l in enumerate(lines) if "until the levels shrink" in l]
    estimated = [i for i, l in enumerate(lines) if l.endswith(" left") and "~" in l]
    ok(f"{label} progress: no estimate while the levels grow, then one once they shrink",
       growing and estimated and max(growing) < min(estimated),
       "\n".join(lines[-6:]))
    t0 = time.time()
    p = subprocess.run([checker, "--progress"] + BELL, capture_output=True, text=True,
                       env=dict(os.environ, CHECKER_PROGRESS_SECONDS="0.1"))
    took = time.time() - t0
    n = len(p.stderr.splitlines())
    ok(f"{label} progress: at most one line a period (CHECKER_PROGRESS_SECONDS)",
       p.returncode == 0 and n <= took / 0.1 + 1, f"{n} lines in {took:.2f} s")
    p = subprocess.run([checker, "--progress", "--max-memory=0"] + BELL[:3],
                       capture_output=True, text=True, env=EVERY_BATCH)
    ok(f"{label} progress: without a memory limit it says so",
       p.returncode == 0 and re.search(r"  mem \d+M, no limit  ", p.stderr), p.stderr[-300:])
    p = subprocess.run([checker, "--progress", "--search=dfs"] + BELL[:3], capture_output=True,
                       text=True, env=EVERY_BATCH)
    ok(f"{label} progress: depth-first, the stack instead of levels, and no estimate",
       p.returncode == 0 and re.search(r"^progress  search \d+:\d\d .* depth-first, stack "
                                       r"\d+  mem ", p.stderr, re.M)
       and " left" not in p.stderr, p.stderr[-300:])
    p = subprocess.run([checker] + BELL[:3], capture_output=True, text=True, env=EVERY_BATCH)
    ok(f"{label} progress: none when stderr is not a terminal and --progress is not given",
       p.returncode == 0 and p.stderr == "", p.stderr[-200:])

    # On a terminal, without --progress: one line rewritten in place,
    # erased before the report (which may go to the same terminal).
    import pty
    master, slave = pty.openpty()
    proc = subprocess.Popen([checker] + BELL, stdout=subprocess.PIPE, stderr=slave,
                            env=EVERY_BATCH)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    out = proc.communicate()[0].decode()
    os.close(master)
    text = seen.decode(errors="replace")
    ok(f"{label} progress: on a terminal the line is rewritten in place (carriage return, "
       "erase to the end of the line), never scrolled, and erased at the end",
       proc.returncode == 0 and text.count("\r") >= 3 and "\x1b[K" in text
       and "\n" not in text and text.endswith("\r\x1b[K") and "search " in text
       and "no violation" in out, repr(text[-300:]))
