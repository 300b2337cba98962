"""json: --json prints one parseable object; --json=FILE writes the file whole, or
nothing (unwritable directory, write error)
"""
from harness import *  # noqa: F401,F403


def suite_json(checker, label):
    code, out, err = run([checker, "--strategy=dax-generic", "--json"])
    try:
        r = json.loads(out)
    except ValueError as e:
        ok(f"{label} json: parses", False, f"{e}\n{out}")
        return
    ok(f"{label} json: fields", r["verdict"] == "violation" and r["property"] == "lost-store"
       and r["culprit"] and len(r["schedule"]) == len(r["trace"]) > 0
       and r["states"] > 0 and r["time"]["seconds"] >= 0
       and r["strategy_source"].startswith("Linux v4.2"), str(r))
    # What a diagram needs: locks held after each step, blame, waits.
    ok(f"{label} json: each step gives the locks each thread holds after it",
       r["trace"][6]["held"] == [[{"lock": "i_mmap_rwsem", "page": None, "mode": "shared"}], []]
       and r["trace"][8]["held"] == [[], []] and len(r["trace"][12]["held"][1]) == 1,
       str(r["trace"][6]))
    ok(f"{label} json: each step gives the page table after it (pte: a block, \"hole\" or "
       "null per page; pmd only with a huge page)",
       [e["pte"] for e in r["trace"][6:8]] == [[None], [0]] and r["huge_page"] is None
       and all("pmd" not in e for e in r["trace"]), str(r["trace"][7]))
    ok(f"{label} json: blame names the wiped store and the clear_pmem that wiped it",
       r["blame"] == {"victim_step": 10, "culprit_step": 13, "link": "overwritten by"}
       and r["blocked"] == [], str(r.get("blame")))
    code, out, err = run([checker, "--strategy=i-mmap-write",
                          "--scenario=scenarios/hole-page.dax", "--json"])
    d = json.loads(out) if code == 1 else {}
    ok(f"{label} json: a deadlock gives no blame, and each waiting thread, its lock and holder",
       d.get("blame") is None and d.get("blocked") == [
           {"thread": 0, "next": "find_get_page", "lock": "page lock", "holder": 1},
           {"thread": 1, "next": "unmap_mapping_range", "lock": "i_mmap_rwsem", "holder": 1}],
       str(d.get("blocked")))
    # Over the catalogue: "held" agrees with the lock and unlock effects,
    # and blame points inside the trace, victim first.
    bad = []
    for f, _ in scenario_names(checker):
        for st in strategies(checker):
            code, out, err = run([checker, f"--strategy={st}", f"--scenario={f}", "--json"])
            if refused(code, out, err):
                continue
            d = json.loads(out)
            for e in d["trace"]:
                mine = {x["lock"] for x in e["held"][e["thread"]]}
                m = re.match(r"^(.*) (held (shared|exclusive)|released)", e["effect"])
                if m and (m.group(1) in mine) != m.group(2).startswith("held"):
                    bad.append(f"{st} {f} step {e['step']}: {e['effect']} but held {mine}")
            # The page table agrees with each step that maps: a PTE, or a
            # PMD over the huge page's pages, in the stepping thread's
            # process's table ("pte1" and "pmd1" for process 1).
            two = any(d["process"])
            for e in d["trace"]:
                k = "1" if d["process"][e["thread"]] else ""
                pte, pmd = e["pte" + k], e.get("pmd" + k)
                m = re.match(r"^PTE page (\d+) -> block (\d+)", e["effect"])
                if len(pte) != d["pages"] or ("pmd" in e) != (d["huge_page"] is not None) \
                        or ("pte1" in e) != two or (m and pte[int(m.group(1))] != int(m.group(2))):
                    bad.append(f"{st} {f} step {e['step']}: {e['effect']} but pte{k} {pte}")
                m = re.match(r"^(?:over a PTE table: )?PMD pages (\d+)-(\d+) -> blocks from (\d+)", e["effect"])
                if m and not (pmd in ("pmd", "pmd+table") and pte[int(m.group(1)):
                              int(m.group(2)) + 1] == list(range(int(m.group(3)), int(m.group(3))
                                                             + int(m.group(2)) - int(m.group(1)) + 1))):
                    bad.append(f"{st} {f} step {e['step']}: {e['effect']} but {pmd} {pte}")
            b = d["blame"]
            if d["verdict"] == "violation" and d["property"] != "deadlock" and not (
                    b and b["victim_step"] and 1 <= b["victim_step"] < b["culprit_step"]
                    <= len(d["trace"])):
                bad.append(f"{st} {f}: blame {b}")
    ok(f"{label} json: over every scenario x strategy, held matches each lock and unlock "
       "step, the page table each PTE and PMD a step installs, and blame points inside the "
       "trace", not bad, "; ".join(bad[:3]))
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "out.json")
        code, out, err = run([checker, "--strategy=fs-zero-inside", f"--json={path}"])
        ok(f"{label} json: --json=FILE also prints the text report",
           code == 0 and "no violation" in out, f"exit {code}\n{out}{err}")
        try:
            r = json.load(open(path))
            good = r["verdict"] == "ok"
        except (OSError, ValueError) as e:
            good = False
        ok(f"{label} json: --json=FILE is written whole", good)
        ok(f"{label} json: no temporary file left behind", os.listdir(tmp) == ["out.json"],
           str(os.listdir(tmp)))

    # Whole or not at all (checker-src/outfile.c): a file that cannot be
    # written leaves nothing, and an older file at its place untouched.
    with tempfile.TemporaryDirectory() as tmp:
        open(os.path.join(tmp, "file"), "w").close()
        code, out, err = run([checker, f"--json={tmp}/file/out.json"])
        ok(f"{label} json: --json=FILE under a regular file: exit 2, a message, no file",
           code == 2 and f"--json={tmp}/file/out.json: cannot write" in err and out == ""
           and os.listdir(tmp) == ["file"], f"exit {code} {err!r} {os.listdir(tmp)}")

        # An unwritable directory.  Root writes anywhere, so as root the
        # checker runs as nobody (if nobody can run it from here).
        ro = os.path.join(tmp, "ro")
        os.mkdir(ro, 0o555)
        os.chmod(ro, 0o555)
        os.chmod(tmp, 0o755)
        as_nobody = None
        if os.geteuid() == 0:
            as_nobody = lambda: os.setuid(65534)
            if subprocess.run([checker, "--version"], capture_output=True,
                              preexec_fn=as_nobody).returncode != 0:
                as_nobody = False
        if as_nobody is not False:
            p = subprocess.run([checker, f"--json={ro}/out.json"], capture_output=True,
                               text=True, preexec_fn=as_nobody)
            ok(f"{label} json: --json=FILE in an unwritable directory: exit 2, a message, no file",
               p.returncode == 2 and f"--json={ro}/out.json: cannot write" in p.stderr
               and "Permission denied" in p.stderr and p.stdout == "" and os.listdir(ro) == [],
               f"exit {p.returncode} {p.stderr!r} {os.listdir(ro)}")
        else:
            print(f"note: {label} json: the unwritable-directory test needs a tree "
                  "that user nobody can read; not run")

        # A write that fails half-way (a file size limit: EFBIG) removes
        # its temporary file and leaves the old file as it was.
        path = os.path.join(tmp, "out.json")
        with open(path, "w") as f:
            f.write("old\n")

        def small_files():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))

        p = subprocess.run([checker, f"--json={path}"], capture_output=True, text=True,
                           preexec_fn=small_files)
        ok(f"{label} json: a write error half-way: exit 2, old file kept, no temporary file",
           p.returncode == 2 and "write error" in p.stderr and "File too large" in p.stderr
           and open(path).read() == "old\n" and sorted(os.listdir(tmp)) == ["file", "out.json", "ro"],
           f"exit {p.returncode} {p.stderr!r} {os.listdir(tmp)}")
