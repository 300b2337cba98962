"""limits: a search stopped by --max-states or --max-memory says INCOMPLETE and exits
3, never "no violation"
"""
from harness import *  # noqa: F401,F403


def suite_limits(checker, label):
    for args, why, hint in ((["--max-states=10"], "--max-states reached", "a larger --max-states"),
                            (["--max-memory=1K"], "--max-memory",
                             "a larger --max-memory (the limit is on the time line), "
                             "--storage=hash-compact"),
                            (["--max-memory=2M"], "--max-memory", "of 2.0 MiB")):
        for s in ("fs-zero-inside", "dax-generic"):
            code, out, err = run([checker, f"--strategy={s}", "--threads=5", "--words=5"] + args)
            ok(f"{label} limits {s} {' '.join(args)}: INCOMPLETE, exit 3, what to try",
               code == 3 and "INCOMPLETE" in out and why in out
               and "no violation" not in out and hint in out
               and re.search(r"^try +a larger --max-", out, re.M)
               and "(in the explored part only: the search stopped: --max-" in out,
               f"exit {code}\n{out}{err}")
    code, out, err = run([checker, "--strategy=fs-zero-inside", "--max-states=10", "--json"])
    r = json.loads(out) if out else {}
    ok(f"{label} limits: JSON says incomplete, and what to try",
       code == 3 and r.get("verdict") == "incomplete"
       and r.get("incomplete_hint") == "a larger --max-states", f"exit {code} {out}")
    # The default --max-memory: three quarters of the machine's memory (or
    # of the memory cgroup's limit), said by --help and on the time line.
    mem = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) * 1024
    code, out, err = run([checker, "--help"])
    m = re.search(r"here the default is (\d+\.\d) GiB", " ".join(out.split()))
    ok(f"{label} limits: --help gives this machine's default --max-memory",
       code == 0 and m and float(m.group(1)) <= mem * 3 / 4 / 2**30 + 0.05, out[-600:])
    code, out, err = run([checker, "--strategy=fs-zero-inside", "--json"])
    r = json.loads(out)
    ok(f"{label} limits: the run says the limit it ran under",
       m and abs(r["time"]["memory_limit_bytes"] / 2**30 - float(m.group(1))) < 0.06, str(r["time"]))
    code, out, err = run([checker, "--strategy=fs-zero-inside", "--max-memory=0"])
    ok(f"{label} limits: --max-memory=0 runs with no limit, and says so",
       code == 0 and re.search(r"^time .* MiB, no limit \(", out, re.M), out[-300:])
    # A limit the search stays under changes nothing.
    code, out, err = run([checker, "--strategy=fs-zero-inside", "--max-states=1000"])
    ok(f"{label} limits: a limit not reached leaves the verdict", code == 0, f"exit {code}\n{out}")
