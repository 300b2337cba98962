/*
 * strategy.h - a get_block / fault-path strategy as data: a table of named
 * atomic steps built from the shared kernel primitives of prim.c.
 *
 * A strategy is four handlers written as arrays of struct step: the fault
 * handler (the kernel's __dax_fault and what it calls), the hole-punch
 * path (fallocate(FALLOC_FL_PUNCH_HOLE) of one page, with whatever locks
 * that filesystem takes), fsync(2) of the file (what makes stores and
 * the block map durable) and write(2) of one word (dax_iomap_rw: the
 * block allocated and the value copied in, with no fault and no PTE).  A
 * thread that faults, punches, calls fsync or writes enters the handler
 * at step 0 and moves through it one atomic step at a time:
 *
 *   - `when` is a set of conditions on the thread's own handler locals and
 *     fault kind (never on shared state).  A step whose conditions do not
 *     all hold is skipped without taking a transition: the thread goes to
 *     `skip`.  This is how the table says "if (buffer_new(bh)) zero it".
 *   - Otherwise the step's primitive runs atomically and the thread goes to
 *     `next`.  STEP_RETURN leaves the handler: the thread is back in user
 *     space and retries the access that faulted (a punch, fsync or write
 *     is done).
 *
 * Everything a primitive does, and which shared objects a step of it reads
 * and writes, is said once, in the primitive's entry (model/prim.h), so
 * every step carries its semantics and footprint without the strategy
 * author restating them.
 */
#ifndef DAX_STRATEGY_H
#define DAX_STRATEGY_H

#include "state.h"

enum prim {
	PRIM_LOCK,		/* mutex_lock / down_write(arg): exclusive */
	PRIM_UNLOCK,		/* mutex_unlock / up_write(arg) */
	PRIM_LOCK_SHARED,	/* down_read(arg) */
	PRIM_UNLOCK_SHARED,	/* up_read(arg) */
	PRIM_GET_BLOCK,		/* look the page up in the block map: blk = map[page],
				 * BH_Unwritten if its extent is unwritten (arg
				 * GB_UNWRITTEN: an unwritten extent reads as a
				 * hole, as XFS's create=0 lookup before v4.4) */
	PRIM_GET_BLOCK_CREATE,	/* get_block(create=1) serialised inside the fs:
				 * if mapped, blk = map[page], not new; else
				 * allocate a free block, map it, BH_New (arg
				 * GB_UNWRITTEN: as an unwritten extent, and an
				 * existing unwritten extent is BH_New too) */
	PRIM_ALLOC,		/* take a free block into blk, not yet in the map, BH_New */
	PRIM_ZERO_WORD,		/* clear_pmem one word of blk (word zpos) */
	PRIM_MAP_BLOCK,		/* put blk in the block map; arg MAP_CLEAR_NEW returns
				 * the buffer not new, MAP_KEEP_NEW leaves BH_New set */
	PRIM_CONVERT,		/* convert the page's unwritten extent to written */
	PRIM_LOAD_HOLE,		/* dax_load_hole: put a zeroed hole page in the page
				 * cache and map it read-only if there is no PTE
				 * (arg HOLE_PTE_SAME; see below) */
	PRIM_DROP_HOLE,		/* a write fault's unmap_mapping_range +
				 * delete_from_page_cache of a cached hole page:
				 * zaps the page's PTE, whatever it maps (arg: a
				 * lock taken inside, or LOCK_NONE) */
	PRIM_INSERT_PFN,	/* vm_insert_mixed: PTE -> blk, -EBUSY if any PTE
				 * (block or hole page) is present */
	PRIM_FIND_PAGE,		/* find_get_page + lock_page: if a hole page is
				 * cached, lock it (waiting for its page lock)
				 * and note it (WHEN_PAGE) */
	PRIM_UNMAP,		/* punch: truncate_pagecache_range: zap the page's
				 * PTE and drop its hole page (arg: a lock taken
				 * inside, or LOCK_NONE) */
	PRIM_FREE_BLOCK,	/* punch: remove the page's extent and free its block */
	PRIM_COPY,		/* write(2): copy the value into word `word` of blk
				 * (copy_from_iter_pmem): a completed user store */
	PRIM_GRAB_ENTRY,	/* grab_mapping_entry: lock the page's DAX entry
				 * (arg), or, finding it locked, sleep on its wait
				 * queue until woken, then look it up again; a
				 * cached hole page is waited for as a lock */
	PRIM_PUT_ENTRY,		/* put_locked_mapping_entry: unlock it (arg); a DAX
				 * entry (no hole page) wakes its first sleeper */
	PRIM_INVALIDATE_ENTRY,	/* __dax_invalidate_entry: sleep while a fault holds
				 * the entry; then delete it and wake the next
				 * sleeper or every one (arg INVAL_WAKE_*), or,
				 * finding no entry, wake nobody */
	/* Faults of two sizes (model/prims/pmd.c, pmd_entry.c): only a
	 * strategy with a pmd_fault handler uses them. */
	PRIM_PMD_CHECK,		/* mm's look at the PMD slot, outside any lock: TF_BUSY
				 * if something is in the way (arg PMDC_*) */
	PRIM_GRAB_SIZED,	/* grab_mapping_entry of a huge page's model: lock the
				 * page's DAX entry, or the 2 MiB entry (arg ENTRY_PTE,
				 * ENTRY_PMD); a locked one is waited for as a lock */
	PRIM_PUT_SIZED,		/* put_locked_mapping_entry of the same: unlock it */
	PRIM_IOMAP_BEGIN,	/* ->iomap_begin, allocating and zeroing under the
				 * fs's lock (XFS_BMAPI_ZERO), for a page or the
				 * huge page (arg ENTRY_PTE, ENTRY_PMD) */
	PRIM_INSERT_PMD,	/* dax_pmd_insert_mapping: the 2 MiB entry and the PMD */
	PRIM_PMD_HOLE,		/* dax_pmd_load_hole: the huge zero page, if pmd_none */
	/* The PMD fault of v4.3-v4.6, before the entry locks
	 * (model/prims/pmd_get_block.c): */
	PRIM_GET_BLOCK_PMD,	/* get_block for PMD_SIZE: a write fault on a hole
				 * allocates the huge page's blocks, zeroed and not
				 * new (arg MAP_CLEAR_NEW) or BH_New (MAP_KEEP_NEW) */
	PRIM_ZERO_PMD,		/* clear_pmem of the 2 MiB: every block of the huge page */
	PRIM_INSERT_PMD_NONE,	/* vmf_insert_pfn_pmd before v4.5: the PMD if pmd_none */
	PRIM_UNMAP_HUGE,	/* unmap_mapping_range + truncate_inode_pages_range of
				 * the 2 MiB: every PTE, the PMD, the hole pages (arg: a
				 * lock taken inside, or LOCK_NONE) */
	/* ext4's jbd2 journal (model/prims/journal.c): a commit against
	 * the running handles, which take the lock shared. */
	PRIM_T_LOCKED,		/* the commit sets T_LOCKED: arg exclusive, waiting
				 * for another commit only; new handles now wait */
	PRIM_WAIT_UPDATES,	/* the commit waits until no other thread holds
				 * arg shared (t_updates == 0) */
	PRIM_PMD_OFF,		/* !IS_ENABLED(CONFIG_FS_DAX_PMD): the PMD fault backs
				 * off at once (VM_FAULT_FALLBACK), v4.7 */
	/* write(2)'s invalidation with a huge page (model/prims/inval_sized.c);
	 * without one, lock and drop_hole: */
	PRIM_WAIT_ENTRY,	/* dax_invalidate_mapping_entry_sync's wait: lock the
				 * entry over the page, the 2 MiB one if there is one */
	PRIM_INVAL_RANGE,	/* invalidate_inode_pages2_range + unmap_mapping_range
				 * (v4.12): the hole page, the zero 2 MiB entry it
				 * holds, the page's PTE and a PMD over it */
	/* Durability (model/prims/flush.c, fence.c, commit.c): steps a
	 * search without crashes passes over (exec_step_live).  They come
	 * last, from PRIM_FIRST_DURABILITY on, and only they have
	 * PRIM_DURABILITY (tests/unit/test_exec.c checks it). */
	PRIM_FLUSH,		/* clwb every line of blk: written back, not durable */
	PRIM_WRITEBACK,		/* fsync: clwb every block the block map holds */
	PRIM_FENCE,		/* sfence: this thread's write-backs durable (ADR) */
	PRIM_PCOMMIT,		/* wmb_pmem: sfence + pcommit: durable on any platform */
	PRIM_COMMIT,		/* the page's block-map change committed: may reach
				 * the log at any moment */
	PRIM_LOG_FORCE,		/* every committed change is in the log */
	PRIM_NEED_DSYNC,	/* dax_fault_is_synchronous: a write fault through
				 * a MAP_SYNC mapping while some committed change
				 * is not in the log sets TF_DSYNC (WHEN_DSYNC) */
	PRIM_FLUSH_PMD,		/* clwb the huge page's blocks not yet committed:
				 * what a PMD fault's allocation zeroed */
	PRIM_COMMIT_PMD,	/* every page of the huge page's block-map change
				 * committed (one transaction for the 2 MiB) */
	NR_PRIMS
};
#define PRIM_FIRST_DURABILITY	PRIM_FLUSH

/* PRIM_GET_BLOCK and PRIM_GET_BLOCK_CREATE arguments. */
#define GB_WRITTEN	0
#define GB_UNWRITTEN	1	/* the filesystem allocates unwritten extents */

/* PRIM_MAP_BLOCK arguments. */
#define MAP_CLEAR_NEW	0
#define MAP_KEEP_NEW	1

/* PRIM_LOAD_HOLE arguments.  Every strategy keeps mm's pte_same check;
 * only a known-bad twin (model/twins.c) drops it. */
#define HOLE_PTE_SAME		0	/* map the hole page only if no PTE is present */
#define HOLE_NO_PTE_SAME	1	/* map it over whatever PTE a racing fault installed */
#define HOLE_WAKE_ALL		2	/* with pte_same; the inserted page wakes every
					 * sleeper on the entry it replaces (965d004af540),
					 * not only the first (page_cache_tree_insert of
					 * v4.7-v4.9) */

/* PRIM_INVALIDATE_ENTRY arguments: put_unlocked_entry's wake mode. */
#define INVAL_WAKE_NEXT	0	/* WAKE_NEXT: the next sleeper (v4.10-v5.12) */
#define INVAL_WAKE_ALL	1	/* WAKE_ALL: every sleeper (237388320dee, v5.13-rc2) */

/* PRIM_PMD_CHECK arguments: what is in the way. */
#define PMDC_TABLE	0	/* a PTE table (a PMD fault: pmd_none, or the huge
				 * zero page a write fault replaces) */
#define PMDC_LEAF	1	/* a huge PMD (a PTE fault: pmd_trans_huge ||
				 * pmd_devmap) */
#define PMDC_SPLIT	2	/* a huge PMD, but a write fault over the huge zero
				 * page first splits it away (wp_huge_pmd falls
				 * back, split_huge_pmd) */

/* PRIM_GRAB_SIZED and PRIM_IOMAP_BEGIN arguments: the size. */
#define ENTRY_PTE	0
#define ENTRY_PMD	1

/* Conditions a step may require (struct step.when); all must hold. */
#define WHEN_HOLE	0x01	/* blk == NO_BLOCK */
#define WHEN_MAPPED	0x02	/* blk != NO_BLOCK */
#define WHEN_NEW	0x04	/* BH_New */
#define WHEN_ZEROING	0x08	/* BH_New or BH_Unwritten, and a word left to zero */
#define WHEN_WRITE	0x10	/* a write fault (the access was a store), or write(2) */
#define WHEN_READ	0x20	/* a read fault (the access was a load) */
#define WHEN_UNWRITTEN	0x40	/* BH_Unwritten */
#define WHEN_PAGE	0x80	/* the fault holds a hole page locked */
#define WHEN_NOPAGE	0x100	/* it does not */
#define WHEN_DSYNC	0x200	/* VM_FAULT_NEEDDSYNC: need_dsync found the
				 * metadata not durable (TF_DSYNC) */
#define WHEN_NODSYNC	0x400	/* it did not, or no need_dsync ran */
#define WHEN_BUSY	0x800	/* its last PMD check or entry grab backed off (TF_BUSY) */
#define WHEN_CLEAR	0x1000	/* it did not */

#define STEP_RETURN	0xfe	/* `next`/`skip` target: return to user space */
#define STEP_FALLBACK	0xfd	/* `next`/`skip` target of a pmd_fault step: fall
				 * back (VM_FAULT_FALLBACK) to the fault handler */

struct step {
	const char *name;	/* kernel vocabulary, shown in traces */
	enum prim prim;
	int arg;		/* the lock, for lock primitives; see enum prim */
	unsigned when;		/* WHEN_* conditions; 0 = always */
	int next;		/* step after this one, or STEP_RETURN */
	int skip;		/* step taken when `when` does not hold */
};

struct strategy_file;

/*
 * The handlers, each entered at step 0: the fault handler (__dax_fault and
 * what it calls), fallocate(PUNCH_HOLE) of one page, fsync(2) of the file,
 * write(2) of one word, and the PMD fault (dax_iomap_pmd_fault, for a
 * `pmd:` access; it may fall back to the fault handler), and the
 * invalidation of one page (invalidate_inode_pages2_range, for an
 * `invalidate`).  A handler is an
 * array of steps.  fsync, write and pmd_fault are optional: a strategy
 * without an fsync path makes nothing durable on fsync, and one without a
 * write path or a PMD path cannot run a scenario that writes or has a PMD
 * fault (strategy_runs()).
 */
enum handler_kind { H_FAULT, H_PUNCH, H_FSYNC, H_WRITE, H_PMD, H_INVALIDATE, NR_HANDLERS };

struct handler {
	const struct step *steps;
	int n;
};

/* Returns 1 if a strategy may leave handler h out: fsync, write, the PMD
 * fault and invalidate. */
static inline int strategy_handler_optional(enum handler_kind h)
{
	return h == H_FSYNC || h == H_WRITE || h == H_PMD || h == H_INVALIDATE;
}

/* Each handler's name, as strategy files and messages spell it. */
extern const char *const strategy_handler_names[NR_HANDLERS];

struct strategy {
	const char *name;	/* what users type: "dax-generic" */
	const char *summary;	/* one line */
	const char *source;	/* the kernel commit, version or Message-ID modelled */
	struct handler h[NR_HANDLERS];
	/* The names the strategy's file gives the locks it uses (NULL: the
	 * generic name, exec_lock_name). */
	const char *lock_names[NR_LOCKS];
	/* Where it was read from, for messages: the file, and each step's line
	 * in it, by handler; NULL for a table built in C (the unit tests). */
	const char *path;
	const int *lines[NR_HANDLERS];
	/* The file it was read from, with its step labels, expectations and
	 * twins (checker-src/strategy_file.h); NULL for a table built in C
	 * or derived from another (a twin). */
	const struct strategy_file *file;
	/* 1: its file says `mmap_supported_flags MAP_SYNC` (v4.15's XFS and
	 * ext4 file_operations): a scenario may map the file MAP_SYNC. */
	int map_sync;
};

#define ARRAY_SIZE(a)	((int)(sizeof(a) / sizeof((a)[0])))

/*
 * Check that a strategy's tables are well formed: every target in range,
 * no cycle of skips, arguments valid, zero_word only `if zeroing`; and on
 * every path through each handler (model/strategy_check.c) no lock
 * released that is not held, none taken shared twice, none held at
 * return, no block mapped or installed that the handler does not have,
 * and none allocated and left out of the block map.  Returns 0, or -1
 * with "file:line: what" in err (for a table built in C, "name: step:
 * what").
 */
int strategy_validate(const struct strategy *st, char *err, size_t errlen);

/*
 * The path checks of strategy_validate() alone, on a table that passed
 * the others; ran[h][i] is set to 1 for each step i of handler h that
 * some path executes, for --lint's unreachable steps.  Returns 0, or -1
 * with a message.
 */
int strategy_paths(const struct strategy *st, unsigned char ran[NR_HANDLERS][256],
		   char *err, size_t errlen);

struct scenario;

/*
 * Returns 0 if strategy st can run scenario sc; STRATEGY_NO_WRITE with a
 * message in err if sc has a write(2) (`write`) and st states no write
 * path: a scheme that predates the iomap write path (dax_iomap_rw, v4.10)
 * says nothing about how write(2) races a fault, and the checker does not
 * guess; STRATEGY_NO_MAP_SYNC if sc maps the file MAP_SYNC (`mmap sync`)
 * and st does not support it: that mmap() fails (EINVAL before v4.15,
 * EOPNOTSUPP where the filesystem does not set MAP_SYNC in its
 * mmap_supported_flags), so the program never runs; STRATEGY_NO_PMD if sc
 * has a PMD fault (`pmd:`) and st no pmd_fault handler;
 * STRATEGY_NO_INVALIDATE if sc has an `invalidate` and st no invalidate
 * handler; STRATEGY_NO_HUGE_WRITE if sc has a write(2) and a huge page and
 * st's write handler does not say how it invalidates the 2 MiB entry (no
 * inval_range step, model/prims/inval_sized.c): its
 * 4 KiB invalidation would be silently wrong there.
 */
#define STRATEGY_NO_WRITE	(-1)
#define STRATEGY_NO_MAP_SYNC	(-2)
#define STRATEGY_NO_PMD		(-3)
#define STRATEGY_NO_INVALIDATE	(-4)
#define STRATEGY_NO_HUGE_WRITE	(-5)
int strategy_runs(const struct strategy *st, const struct scenario *sc, char *err,
		  size_t errlen);

#endif
