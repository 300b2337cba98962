/*
 * i_mmap_write.c - 843172978bb9 "dax: fix race between simultaneous
 * faults" (Matthew Wilcox, v4.3-rc1) with 46c043ede471 "mm: take
 * i_mmap_lock in unmap_mapping_range() for DAX": __dax_fault takes
 * i_mmap_rwsem for write before the first get_block and holds it until
 * the PTE is in.
 *
 * "Fix this for now by taking the i_mmap_sem for write instead of read,
 * and do so outside the call to get_block().  Now the loser of the race
 * will see the block has already been zeroed, and will not zero it again.
 * This severely limits our scalability."  The code, as the revert's diff
 * shows it (0f90cc6609c7 "mm, dax: fix DAX deadlocks", v4.3, posted as
 * 1444258729-21974-2-git-send-email-ross.zwisler@linux.intel.com):
 *
 *	page = find_get_page(mapping, vmf->pgoff);
 *	if (page) { lock_page_or_retry(...); ... } else { i_mmap_lock_write(mapping); }
 *	get_block(inode, block, &bh, 0);
 *	... write: get_block(inode, block, &bh, 1);
 *	    read:  i_mmap_unlock_write(mapping); return dax_load_hole(mapping, page, vmf);
 *	if (!page && major) page = find_lock_page(mapping, vmf->pgoff);
 *	if (page) { unmap_mapping_range(...); delete_from_page_cache(page); unlock_page(page); }
 *	dax_insert_mapping(): clear_pmem if buffer_new, vm_insert_mixed
 *	if (!page) i_mmap_unlock_write(mapping);
 *
 * and unmap_mapping_range() takes i_mmap_lock_write (46c043ede471).  So a
 * fault that found a hole page holds its page lock and then wants
 * i_mmap_rwsem (in unmap_mapping_range), while a fault that found none
 * holds i_mmap_rwsem and then wants the page lock (find_lock_page): an
 * ABBA deadlock between the page lock and i_mmap_rwsem, once a read fault
 * has put a hole page in the page cache between the two lookups.  A fault
 * that found no page at the top but finds one late holds i_mmap_rwsem
 * when unmap_mapping_range takes it again: it waits for itself.  These
 * orders are read from the code above; the thread the revert cites
 * (lkml.org/lkml/2015/9/25/602) lists the deadlocks xfstests hit.
 *
 * Not modelled: the rc code's read-of-a-hole path calls i_mmap_unlock_write
 * even when it found a hole page and took no lock (an unbalanced release);
 * here the unlock is conditional, since the model has no meaning for
 * releasing a lock one does not hold.
 *
 * The filesystem is ext4-like, as in dax-generic: get_block(create=1) is
 * one atomic step, and the punch path takes no lock against faults.
 */
#include "punch.h"

enum {
	FIND_PAGE,
	MMAP_LOCK,
	LOOKUP,
	CREATE,
	HOLE_UNLOCK,
	LOAD_HOLE,
	HOLE_PAGE_UNLOCK,
	LATE_FIND,
	UNMAP,
	UNLOCK_PAGE,
	ZERO,
	INSERT,
	MMAP_UNLOCK,
};

static const struct step fault[] = {
	[FIND_PAGE]	= { "find_get_page", PRIM_FIND_PAGE, 0, 0,
			    MMAP_LOCK, MMAP_LOCK },
	[MMAP_LOCK]	= { "i_mmap_lock_write", PRIM_LOCK, LOCK_I_MMAP, WHEN_NOPAGE,
			    LOOKUP, LOOKUP },
	[LOOKUP]	= { "get_block(create=0)", PRIM_GET_BLOCK, 0, 0,
			    CREATE, CREATE },
	[CREATE]	= { "get_block(create=1)", PRIM_GET_BLOCK_CREATE, GB_WRITTEN,
			    WHEN_WRITE | WHEN_HOLE, LATE_FIND, HOLE_UNLOCK },
	[HOLE_UNLOCK]	= { "i_mmap_unlock_write", PRIM_UNLOCK, LOCK_I_MMAP,
			    WHEN_HOLE | WHEN_NOPAGE, LOAD_HOLE, LOAD_HOLE },
	[LOAD_HOLE]	= { "dax_load_hole", PRIM_LOAD_HOLE, 0, WHEN_HOLE,
			    HOLE_PAGE_UNLOCK, UNMAP },
	[HOLE_PAGE_UNLOCK] = { "unlock_page", PRIM_UNLOCK, LOCK_PAGE, WHEN_PAGE,
			    STEP_RETURN, STEP_RETURN },
	[LATE_FIND]	= { "find_lock_page", PRIM_FIND_PAGE, 0, WHEN_NOPAGE,
			    UNMAP, UNMAP },
	[UNMAP]		= { "unmap_mapping_range", PRIM_DROP_HOLE, LOCK_I_MMAP, WHEN_PAGE,
			    UNLOCK_PAGE, ZERO },
	[UNLOCK_PAGE]	= { "unlock_page", PRIM_UNLOCK, LOCK_PAGE, 0,
			    ZERO, ZERO },
	[ZERO]		= { "clear_pmem", PRIM_ZERO_WORD, 0, WHEN_ZEROING,
			    ZERO, INSERT },
	[INSERT]	= { "vm_insert_mixed", PRIM_INSERT_PFN, 0, 0,
			    MMAP_UNLOCK, MMAP_UNLOCK },
	[MMAP_UNLOCK]	= { "i_mmap_unlock_write", PRIM_UNLOCK, LOCK_I_MMAP, WHEN_NOPAGE,
			    STEP_RETURN, STEP_RETURN },
};


const struct strategy strategy_i_mmap_write = {
	.name = "i-mmap-write",
	.summary = "i_mmap_lock_write from before the first get_block until the PTE is in",
	.source = "843172978bb9 + 46c043ede471 (v4.3-rc1); reverted by 0f90cc6609c7 (v4.3)",
	.fault = fault,
	.nfault = ARRAY_SIZE(fault),
	.punch = punch_ext4,
	.npunch = ARRAY_SIZE(punch_ext4),
};
