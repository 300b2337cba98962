"""promela: --property narrows a search and its replay; --emit-promela writes a
deterministic SPIN model, whole or not at all (make crosscheck runs SPIN on
it)
"""
from harness import *  # noqa: F401,F403


def suite_promela(checker, label):
    """--property narrows the search; --emit-promela writes a SPIN model."""
    sc = "--scenario=scenarios/punch-race.dax"
    # With every property on, use-after-free is found first on punch-race;
    # lost-store alone must still be caught, and told truthfully: the store
    # landed in the block the punch had freed (the victim is the free, the
    # culprit the store, not the store twice).
    code, out, err = run([checker, sc, "--strategy=dax-generic", "--property=lost-store"])
    ok(f"{label} promela: --property=lost-store sees past the use-after-free found first",
       code == 1 and "use-after-free" not in out and "not compared: --property" in out
       and "VIOLATION lost-store: T0's store of 1 to page 0 word 0 (step 12) landed in block 0, "
       "which T1's ext4_ext_remove_space (step 11) had freed: page 0 no longer owns it" in out,
       f"exit {code}\n{out}{err}")
    code, out, err = run([checker, sc, "--strategy=dax-generic", "--property=lost-store", "--json"])
    r = json.loads(out) if code == 1 else {}
    ok(f"{label} promela: ... and its blame runs from the punch's free to the store",
       r.get("blame") == {"victim_step": 11, "culprit_step": 12,
                          "link": "frees the block then stored to by"}, f"exit {code}\n{out}{err}")
    # A leaky strategy puts a second block in the map under a mapped one:
    # the store through the old PTE is lost as it lands.
    code, out, err = run([checker, "--strategy=tests/strategies/fs-zero-inside-nolock.strategy",
                          "--scenario=three-threads", "--property=lost-store"])
    ok(f"{label} promela: a store into a block the map has moved on from names the remap",
       code == 1 and "VIOLATION lost-store: T2's store of 3 to page 0 word 2 (step 20) landed in "
       "block 0, but T1's xfs_bmap_add_extent_hole_real (step 19) had put block 1 in page 0's "
       "block map" in out, f"exit {code}\n{out}{err}")
    code, out, err = run([checker, "--strategy=dax-generic", "--property=stale-read,lost-store"])
    m = re.search(r"^replay\s+(.*)$", out, re.M)
    ok(f"{label} promela: a --property counterexample's replay command keeps --property",
       code == 1 and m and "--property=stale-read,lost-store" in m.group(1), out)
    if m:
        cmd = shlex.split(m.group(1))
        cmd[0] = checker
        rc, rout, rerr = run(cmd)
        ok(f"{label} promela: ... and reproduces it", rc == 1 and "VIOLATION lost-store" in rout,
           f"exit {rc}\n{rout}{rerr}")
    for bad, what in (("--property=lost", "unknown property 'lost'; valid properties: stale-read"),
                      ("--property=deadlock,deadlock", "deadlock given twice"),
                      ("--property=", "needs a value")):
        code, out, err = run([checker, bad])
        ok(f"{label} promela: {bad} exits 2 with a message", code == 2 and what in err and not out,
           f"exit {code}\n{out}{err}")
    code, a, err = run([checker, "--strategy=entry-lock", sc, "--emit-promela"])
    code2, b, err2 = run([checker, "--strategy=entry-lock", sc, "--emit-promela"])
    ok(f"{label} promela: --emit-promela writes the same model twice",
       code == 0 and code2 == 0 and a == b and "proctype thread()" in a, f"exit {code}\n{err}")
    ok(f"{label} promela: the model names the strategy and its steps in kernel vocabulary",
       " * strategy  entry-lock:" in a and "/* fault step 0: " in a and "vm_insert_mixed" in a
       and "/* punch step 0: " in a, a[:600])
    ok(f"{label} promela: one d_step per step of the fault and punch paths, plus user space",
       a.count(":: d_step {") == 1 + len(re.findall(r"/\* (fault|punch) step \d+", a)), a[:300])
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "m.pml")
        code, out, err = run([checker, "--strategy=entry-lock", sc, "--emit-promela=" + path])
        ok(f"{label} promela: --emit-promela=FILE writes the file, nothing on stdout",
           code == 0 and not out and open(path).read() == a, f"exit {code}\n{err}")
        code, out, err = run([checker, "--emit-promela=" + os.path.join(d, "no", "m.pml")])
        ok(f"{label} promela: an unwritable --emit-promela=FILE exits 2, leaves nothing",
           code == 2 and "--emit-promela=" in err and os.listdir(d) == ["m.pml"],
           f"exit {code}\n{err}{os.listdir(d)}")
    code, out, err = run([checker, "--strategy=range-lock", "--threads=2", "--pages=2",
                          "--words=1", "--property=overlap-other-pages"])
    ok(f"{label} promela: --property takes a --concurrency goal, and finds its witness",
       code == 1 and "VIOLATION overlap-other-pages" in out
       and "--replay=0,0,0,1,1,1" in out, f"exit {code}\n{out}{err}")
    code, out, err = run([checker, "--strategy=range-lock", "--property=overlap-same-page"])
    ok(f"{label} promela: ... and its exhaustive no", code == 0 and "no violation" in out,
       f"exit {code}\n{out}{err}")
    crash_names = ("no_fsync_loss", "no_stale_after_crash", "CHECK_FSYNC_LOSS",
                   "CHECK_STALE_AFTER_CRASH")
    code, a, err = run([checker, "--strategy=fs-zero-inside", "--threads=3", "--words=3",
                        "--emit-promela"])
    ok(f"{label} promela: a model without `crash` uses none of the crash properties' names, "
       "which only a crash model declares (else spin -a refuses it)",
       code == 0 and "proctype thread()" in a and not [n for n in crash_names if n in a],
       [n for n in crash_names if n in a])
    code, a, err = run([checker, "--strategy=i-mmap-write", "--scenario=scenarios/fsync-store.dax",
                        "--emit-promela"])
    ok(f"{label} promela: ... and a crash model declares and defines them",
       code == 0 and "byte x, y, no_stale_after_crash = 1, no_fsync_loss = 1;" in a
       and "#define CHECK_FSYNC_LOSS" in a and "#define CHECK_STALE_AFTER_CRASH" in a,
       f"exit {code}\n{err}")
    # The primitives of the later schemes, in the model SPIN reads: the
    # MAP_SYNC fault's dax_fault_is_synchronous (need_dsync), which its
    # twin without it lacks, and load_hole's wake-all of 965d004af540
    # against v4.7's wake-one.
    code, a, err = run([checker, "--strategy=xfs-map-sync", "--scenario=scenarios/map-sync.dax",
                        "--emit-promela"])
    code2, b, err2 = run([checker, "--strategy=xfs-map-sync~no-dsync",
                          "--scenario=scenarios/map-sync.dax", "--emit-promela"])
    dsync = ("MAP_SYNC && OPK(_pid) == OP_STORE && p < NPAGES -> "
             "flags[_pid] = flags[_pid] | TF_DSYNC")
    ok(f"{label} promela: a MAP_SYNC write fault asks whether the metadata is in the log "
       "(dax_fault_is_synchronous), and the twin without it does not",
       code == 0 and code2 == 0 and dsync in a and "#define MAP_SYNC\t1" in a and dsync not in b,
       f"exit {code} {code2}\n{err}{err2}")
    wake = {}
    for st in ("entry-lock", "entry-lock-wake-all"):
        code, wake[st], err = run([checker, "--strategy=" + st,
                                   "--scenario=scenarios/three-hole-reads.dax", "--emit-promela"])
    ok(f"{label} promela: dax_load_hole wakes every sleeper on the entry after 965d004af540, "
       "one before it",
       "waitq[2] != 0 && OPPG_2 == pg -> waitq[2] = 0" in wake["entry-lock-wake-all"]
       and "waitq[2] = 0 " not in wake["entry-lock"]
       and "waitq[2] != 0 && OPPG_2 == pg -> waitq[2]--" in wake["entry-lock"],
       wake["entry-lock"][:300])
    # v4.4's and v4.5's PMD faults (model/prims/pmd_get_block.c) in the model
    # SPIN reads: get_block of the 2 MiB, BH_New and unzeroed (keep_new) or
    # zeroed inside (clear_new), the clear_pmem of the 2 MiB after it,
    # vmf_insert_pfn_pmd only over pmd_none, and the shoot-down of the 2 MiB.
    v44 = [checker, "--strategy=pmd-clear-pmem", "--scenario=pmd-seed-race", "--emit-promela"]
    code, a44, err = run(v44)
    code2, a45, err2 = run([checker, "--strategy=pmd-fs-zero", "--scenario=pmd-seed-race",
                            "--emit-promela"])
    ok(f"{label} promela: v4.4's PMD fault is written: get_block of the 2 MiB (BH_New, "
       "unzeroed), its clear_pmem, vmf_insert_pfn_pmd over pmd_none only, the shoot-down",
       code == 0 and "/* pmd_fault step 1: get_block (get_block_pmd) */" in a44
       and ":: p != 0 -> ALLOC_BLOCK; map[0] = b; ALLOC_BLOCK; map[1] = b; "
       "flags[_pid] = flags[_pid] | TF_NEW" in a44
       and "/* pmd_fault step 5: clear_pmem (zero_pmd) */" in a44
       and "data[map[1] * NWORDS + w] = 0;" in a44
       and "/* pmd_fault step 8: vmf_insert_pfn_pmd (insert_pmd_none) */" in a44
       and ":: SLOT != 0 -> skip\t/* not pmd_none: left as it is */" in a44
       and ":: else -> SLOT = SLOT_LEAF; MAP_HUGE" in a44
       and "/* pmd_fault step 2: unmap_mapping_range (unmap_huge) */" in a44
       and "cache = cache & (255 - HUGE_MASK);" in a44, f"exit {code}\n{err}")
    ok(f"{label} promela: ... and v4.5's get_block zeroes the 2 MiB inside and returns it "
       "not new, with no clear_pmem after",
       code2 == 0 and ":: p != 0 -> ALLOC_ZEROED(0); ALLOC_ZEROED(1); skip" in a45
       and "(zero_pmd)" not in a45 and "(unmap_huge) */" in a45, f"exit {code2}\n{err2}")
    code, out, err = run([checker, "--emit-promela", "--json"])
    ok(f"{label} promela: --emit-promela with --json is refused (exit 2)",
       code == 2 and "cannot be combined" in err, f"exit {code}\n{err}")
    # Faults of two sizes: the PMD fault handler, the huge page's PMD slot
    # and DAX entries, and pt-corruption's assertion are written too (make
    # crosscheck compares them with SPIN), and a model without them names
    # none of their variables.
    pmd = [checker, "--strategy=pmd-pte-recheck", "--scenario=scenarios/pmd-pte-collide.dax",
           "--emit-promela"]
    code, a, err = run(pmd)
    code2, b, err2 = run(pmd)
    steps = re.findall(r"/\* (fault|punch|pmd_fault) step \d+", a)
    ok(f"{label} promela: a model with faults of two sizes is written, the same twice, with "
       "one d_step per step of the fault, punch and PMD fault paths, plus user space",
       code == 0 and code2 == 0 and a == b and "pmd_fault" in steps
       and a.count(":: d_step {") == 1 + len(steps), f"exit {code}\n{err}{a[:300]}")
    ok(f"{label} promela: ... it has the PMD slot, the 2 MiB entry, the fall back to the fault "
       "handler and pt-corruption's assertion, and no step left unwritten",
       "byte slot;" in a and "byte hentry;" in a and "flags[_pid] = TF_FALLBACK" in a
       and "assert(no_pt_corruption);" in a and "assert(false)" not in a, a[:600])
    code, c, err = run([checker, "--strategy=entry-lock", sc, "--emit-promela"])
    ok(f"{label} promela: ... and a model without a huge page or a PMD path declares none of "
       "the PMD names", code == 0 and "slot" not in c and "hentry" not in c
       and "no_pt_corruption" not in c, f"exit {code}\n{err}")
    # A second process: a page table and a PMD slot each, a fault filling
    # its own thread's (T1's is process 1: MM is bit 1 of 2), an unmap
    # zapping both, and the properties looking at both.
    code, t, err = run([checker, "--strategy=pmd-index-lock", "--scenario=pmd-hole-race-2mm",
                        "--emit-promela"])
    ok(f"{label} promela: with a second process, each has its page table and PMD slot; a "
       "fault fills its own, an unmap zaps both, and the properties read both",
       code == 0 and "byte pte[NMM * NPAGES] = PTE_NONE;" in t and "byte slot[NMM];" in t
       and "#define MM\t\t((2 >> _pid) & 1)" in t
       and "#define PTE(pp)\t\tpte[MM * NPAGES + (pp)]" in t
       and "#define ZAP_PTE(pp)\tpte[pp] = PTE_NONE; pte[NPAGES + (pp)] = PTE_NONE" in t
       and "(pte[p] == PTE_HOLE || pte[NPAGES + p] == PTE_HOLE)" in t
       and ":: p < NMM * NPAGES -> " in t and "(slot[1] & SLOT_LEAF) != 0" in t
       and "pte[pg]" not in t, f"exit {code}\n{err}")
    if not shutil.which("spin"):
        missing_tool(label, "promela", "spin", "REQUIRE_SPIN")
        return
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "m.pml"), "w") as f:
            f.write(a)
        p = subprocess.run(["spin", "-a", "-o2", "m.pml"], cwd=d, capture_output=True, text=True)
        ok(f"{label} promela: ... and spin -a parses the model with faults of two sizes",
           p.returncode == 0 and os.path.exists(os.path.join(d, "pan.c")),
           (p.stdout + p.stderr)[-600:])
    # v4.4's PMD fault: SPIN finds the checker's lost-store, as long (pan
    # reports the depth the failing step leaves from: one less).
    cc = os.environ.get("CC", "cc")
    if not shutil.which(cc):
        missing_tool(label, "promela", cc, "REQUIRE_SPIN")
        return
    code, out, err = run(v44[:-1])
    m = re.search(r"counterexample, (\d+) steps", out)
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "m.pml"), "w") as f:
            f.write(a44)
        p = subprocess.run(["spin", "-a", "-o2", "m.pml"], cwd=d, capture_output=True, text=True)
        c = subprocess.run([cc, "-O0", "-DBFS", "-DSAFETY", "-DNOREDUCE", "-w", "-o", "pan",
                            "pan.c"], cwd=d, capture_output=True, text=True, timeout=600) \
            if p.returncode == 0 else p
        r = subprocess.run(["./pan"], cwd=d, capture_output=True, text=True, timeout=600) \
            if c.returncode == 0 else c
        ok(f"{label} promela: ... SPIN parses and compiles v4.4's PMD model and finds the "
           "checker's lost-store, as short",
           code == 1 and "VIOLATION lost-store" in out and m and r.returncode == 0 and
           f"assertion violated no_lost_store (at depth {int(m.group(1)) - 1})" in r.stdout,
           f"exit {code}\n{out[:400]}{(r.stdout + r.stderr)[-600:]}")
