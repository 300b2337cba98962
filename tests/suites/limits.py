"""limits: a search stopped by --max-states or --max-memory says INCOMPLETE and exits
3, never "no violation"
"""
from harness import *  # noqa: F401,F403


def machine_memory():
    """MemTotal, or the memory cgroup's limit if smaller (v2, or v1), as
    checker-src/budget.c reads them."""
    def first_number(path, key=None):
        try:
            for line in open(path):
                if key and not line.startswith(key):
                    continue
                m = re.match(r"\s*(\d+)", line[len(key):] if key else line)
                if m:
                    return int(m.group(1))
        except OSError:
            pass
        return 0
    mem = first_number("/proc/meminfo", "MemTotal:") * 1024
    cg = 0
    try:
        for line in open("/proc/self/cgroup"):
            line = line.rstrip("\n")
            if cg:
                break
            if line.startswith("0::"):
                cg = first_number(f"/sys/fs/cgroup{line[3:]}/memory.max")
            elif ":memory:" in line:
                cg = first_number("/sys/fs/cgroup/memory" + line.split(":memory:", 1)[1] +
                                  "/memory.limit_in_bytes")
    except OSError:
        pass
    if not cg:
        cg = first_number("/sys/fs/cgroup/memory.max")
    if cg >= 1 << 60:
        cg = 0
    return cg if cg and (not mem or cg < mem) else mem


def json_run(checker, args):
    """(exit status, the --json report or {})."""
    code, out, err = run([checker] + args + ["--json"])
    try:
        return code, json.loads(out)
    except ValueError:
        return code, {"stderr": err}


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
    # of the memory cgroup's limit, if smaller), said by --help and on the
    # time line.
    mem = machine_memory()
    code, out, err = run([checker, "--help"])
    m = re.search(r"here the default is (\d+\.\d) GiB", " ".join(out.split()))
    ok(f"{label} limits: --help gives this machine's default --max-memory, three quarters "
       f"of {mem / 2**30:.1f} GiB",
       code == 0 and m and abs(float(m.group(1)) - mem * 3 / 4 / 2**30) <= 0.05, out[-600:])
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

    # Every search and storage mode: persistent sets (the default), sleep
    # sets, no reduction, hash compaction, depth-first.
    five = ["--strategy=fs-zero-inside", "--threads=5", "--words=5"]
    for mode in ([], ["--reduce=sleep"], ["--reduce=none"], ["--storage=hash-compact"],
                 ["--search=dfs"]):
        name = " ".join(mode) or "persistent sets"
        code, r = json_run(checker, five + mode + ["--max-states=10"])
        ok(f"{label} limits, {name}: --max-states=10 stores exactly 10 states, and says so",
           code == 3 and r.get("verdict") == "incomplete" and r.get("states") == 10
           and r.get("incomplete_reason") == "--max-states reached", f"exit {code} {r}")
        code, r = json_run(checker, five + mode + ["--max-memory=2M"])
        hint = r.get("incomplete_hint") or ""
        ok(f"{label} limits, {name}: --max-memory=2M stops it, within the limit",
           code == 3 and r.get("incomplete_reason") == "--max-memory reached"
           and r["time"]["memory_bytes"] <= 2 << 20 == r["time"]["memory_limit_bytes"]
           and hint.startswith("a larger --max-memory")
           and ("--storage=hash-compact" in hint) == ("--storage=hash-compact" not in mode),
           f"exit {code} {r}")
        # A limit the search fits under changes nothing; the analysis
        # cache then takes its share of the limit (an eighth), not more.
        code, r = json_run(checker, ["--strategy=fs-zero-inside"] + mode)
        code3, r3 = json_run(checker, ["--strategy=fs-zero-inside", "--max-memory=3M"] + mode)
        ok(f"{label} limits, {name}: a search that fits in --max-memory=3M ends as without it",
           code == code3 == 0 and r.get("states") == r3.get("states")
           and r.get("transitions") == r3.get("transitions"),
           f"exit {code}, {code3}: {r3.get('incomplete_reason')}")
        # Whatever the limit, the memory counted stays under it.
        over = []
        for k in (256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 6144):
            code, r = json_run(checker, five + mode + [f"--max-memory={k}K"])
            if code not in (0, 3) or r["time"]["memory_bytes"] > k << 10 or \
               (code == 3 and "--max-memory" not in r.get("incomplete_reason", "")):
                over.append(f"{k}K: exit {code} {r.get('incomplete_reason')} "
                            f"{r.get('time', {}).get('memory_bytes')}")
        ok(f"{label} limits, {name}: from 256K to 6M, never more memory than the limit",
           not over, "; ".join(over))
    # Hash compaction keeps only the states still to expand: it finishes
    # under a limit exact storage does not.
    args = five + ["--reduce=none", "--max-memory=9M"]
    code, r = json_run(checker, args)
    codeh, h = json_run(checker, args + ["--storage=hash-compact"])
    ok(f"{label} limits: under --max-memory=9M exact storage stops and hash compaction finishes",
       code == 3 and r.get("incomplete_reason") == "--max-memory reached" and codeh == 0
       and h.get("states") == 87924 and h["time"]["memory_bytes"] <= 9 << 20,
       f"exact: exit {code} {r.get('states')}; hash compaction: exit {codeh} {h.get('states')} "
       f"{h.get('time')}")

    # The size parser: a number of bytes, or K, M, G (either case) times
    # 2^10, 2^20, 2^30; anything else, or a size past 2^50 bytes, is
    # refused with exit 2 and nothing on stdout.
    for sizes, want in ((["3145728", "3072K", "3072k", "3M", "3m"], 3 << 20),
                        (["1G", "1g", "1024M", "1048576K"], 1 << 30), (["0"], 0)):
        got = []
        for size in sizes:
            code, r = json_run(checker, ["--strategy=fs-zero-inside", f"--max-memory={size}"])
            got.append(r.get("time", {}).get("memory_limit_bytes") if code == 0 else code)
        ok(f"{label} limits: --max-memory={'='.join(sizes)} is {want} bytes",
           got == [want] * len(sizes), str(got))
    for size in ("1.5G", "G", "1KB", "-1", " 1K", "1 K", "0x10", "1T", "2000000G",
                 "1125899906842625", "99999999999999999999"):
        code, out, err = run([checker, f"--max-memory={size}"])
        ok(f"{label} limits: --max-memory={size} is refused, exit 2",
           code == 2 and not out and err.startswith(f"checker: --max-memory=") and
           err.count("\n") == 1, f"exit {code}\n{out}{err}")
    code, r = json_run(checker, ["--strategy=fs-zero-inside", "--max-memory=1048576G"])
    ok(f"{label} limits: --max-memory=1048576G, 2^50 bytes, the largest, is taken",
       code == 0 and r["time"]["memory_limit_bytes"] == 1 << 50, f"exit {code} {r.get('time')}")
