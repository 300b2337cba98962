"""traces: a deadlock's counterexample names its cycle of waits and marks it (where each
thread took the lock the other waits for, and a last row of waits), not a bystander's step;
threads that took no step get no column; those that play no part are named, and --trim
hides them, the replay command still whole
"""
from harness import *  # noqa: F401,F403


def rows(out):
    """The counterexample table's rows: [(step label, line)]."""
    lines = out.splitlines()
    at = next((i for i, l in enumerate(lines) if re.match(r"^\s+step\s+T\d", l)), None)
    if at is None:
        return [], ""
    body = []
    for l in lines[at + 1:]:
        m = re.match(r"^\s+(\d+|wait)\s", l)
        if not m:
            break
        body.append((m.group(1), l))
    return body, lines[at]


def suite_traces(checker, label):
    # ABBA: the fault holds MMAPLOCK and wants ILOCK, punch the reverse.
    args = ["--strategy=xfs-mmaplock~punch-lock-order", "--scenario=punch-race"]
    code, out, err = run([checker] + args)
    body, head = rows(out)
    marked = {s: l for s, l in body if "<--" in l}
    ok(f"{label} traces: an ABBA deadlock names its cycle in the VIOLATION line",
       code == 1 and "VIOLATION deadlock: a cycle of waits: T0 in xfs_ilock(ILOCK_EXCL) waits "
       "for ILOCK, held by T1; T1 in xfs_ilock(MMAPLOCK_EXCL) waits for MMAPLOCK, held by T0"
       in out, out[:600])
    ok(f"{label} traces: it marks where each took the lock the other waits for, and ends "
       "with a row of waits marked as the cycle",
       "T0 takes MMAPLOCK; T1 will wait for it" in marked.get("2", "")
       and "T1 takes ILOCK; T0 will wait for it" in marked.get("6", "")
       and body and body[-1][0] == "wait" and "xfs_ilock(MMAPLOCK_EXCL)" in body[-1][1]
       and "<-- deadlock: T0 -> T1 -> T0" in body[-1][1] and len(marked) == 3, out[:1500])
    code, js, err = run([checker] + args + ["--json"])
    ok(f"{label} traces: --json gives the cycle", json.loads(js).get("wait_cycle") == [0, 1],
       js[-400:])

    # A cycle of three through the jbd2 journal (model/prims/journal.c): the
    # fault holds the entry and waits to start a handle behind the commit's
    # T_LOCKED, the commit waits for write(2)'s handle, write(2) waits for
    # the entry.  Without the commit the same two threads are safe.
    args = ["--strategy=ext4-entry-first", "--scenario=handle-vs-entry"]
    code, out, err = run([checker] + args)
    body, head = rows(out)
    marked = {s: l for s, l in body if "<--" in l}
    ok(f"{label} traces: a jbd2 deadlock names its cycle of three: a handle start behind "
       "the commit, the commit behind a running handle",
       code == 1 and "VIOLATION deadlock: a cycle of waits: T0 in ext4_journal_start waits "
       "for jbd2 transaction, held by T2; T2 in wait_event(j_wait_updates) waits for jbd2 "
       "transaction, held by T1; T1 in dax_invalidate_mapping_entry_sync waits for DAX entry "
       "lock, held by T0" in out, out[:800])
    ok(f"{label} traces: it marks the entry lock, write(2)'s handle and the commit's "
       "T_LOCKED, and ends with the cycle T0 -> T2 -> T1 -> T0",
       len(marked) == 4 and "T0 takes DAX entry lock; T1 will wait for it" in marked.get("3", "")
       and "T1 takes jbd2 transaction; T2 will wait for it" in marked.get("5", "")
       and "T2 takes jbd2 transaction; T0 will wait for it" in marked.get("14", "")
       and "T_LOCKED: new handles wait" in marked.get("14", "")
       and "<-- deadlock: T0 -> T2 -> T1 -> T0" in body[-1][1], out[:2500])
    with tempfile.TemporaryDirectory() as d:
        two = os.path.join(d, "no-commit.dax")
        with open(two, "w") as f:
            f.write('DAX no-commit\n"handle-vs-entry without the fsync"\npages 1\nwords 1\n'
                    "T0: store 0:0=2\nT1: write 0:0=1\n")
        code, out, err = run([checker, "--strategy=ext4-entry-first", "--scenario=" + two])
    ok(f"{label} traces: without the commit the same fault and write(2) do not deadlock "
       "(a handle start waits only behind a commit)",
       code == 0 and "no violation: every interleaving explored" in out, out[:800])

    # range-lock on mixed-three: T0 waits for the range lock it holds; T1
    # waits behind it and plays no part; T2 finished last but cached the
    # hole page T0 trips on, so it stays.
    args = ["--strategy=range-lock", "--scenario=mixed-three"]
    code, out, err = run([checker] + args)
    body, head = rows(out)
    last_step = [l for s, l in body if s != "wait"][-1]
    ok(f"{label} traces: the deadlock marker is on the cycle, not on the bystander's last "
       "step", code == 1 and "<--" not in last_step
       and "T0 takes range lock; it will wait for it itself" in dict(body).get("18", "")
       and "<-- deadlock: T0 waits for itself" in body[-1][1], out[:2500])
    ok(f"{label} traces: a thread that plays no part is named, and --trim offered",
       "(T1 plays no part: without its 1 step, the same cycle of waits; --trim hides it)"
       in out and "T1" in head and "T2" in head, out[-1200:])
    code, tout, err = run([checker] + args + ["--trim"])
    tbody, thead = rows(tout)
    replay = re.search(r"^replay\s+(.*)$", tout, re.M)
    ok(f"{label} traces: --trim hides that thread's column and rows, keeps the others, and "
       "says so", code == 1 and "T1" not in thead and "T0" in thead and "T2" in thead
       and "2" not in dict(tbody) and "18" in dict(tbody) and "21" in dict(tbody)
       and "(T1 not shown: it plays no part" in tout, tout[:2500])
    ok(f"{label} traces: with --trim the replay command is the whole schedule, and replays",
       replay and replay.group(1) == re.search(r"^replay\s+(.*)$", out, re.M).group(1)
       and run([checker] + shlex.split(replay.group(1))[1:])[0] == 1, tout[-800:])

    # A thread that took no step has no column.
    code, out, err = run([checker, "--strategy=dax-generic", "--scenario=mixed-three"])
    body, head = rows(out)
    ok(f"{label} traces: a thread that took no step has no column, and a line says so",
       code == 1 and "T2" not in head and "(T2 took no step: not shown)" in out, out[:1500])
    # Not a deadlock: the violating step is marked, as before.
    code, out, err = run([checker, "--strategy=dax-generic"])
    body, head = rows(out)
    ok(f"{label} traces: another property marks its last step", body
       and body[-1][1].endswith("<-- lost-store") and "wait" not in dict(body), out[:1500])
    code, out, err = run([checker, "--trim", "--json"])
    ok(f"{label} traces: --trim with --json on stdout is refused (it shapes text only)",
       code == 2 and "--trim shapes the text report" in err, err)
