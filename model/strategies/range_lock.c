/*
 * range_lock.c - the range-lock RFC of 2015-08-10 (Kirill Shutemov, with
 * Jan Kara's lib/range_lock.c): "[PATCH, RFC 2/2] dax: use range_lock
 * instead of i_mmap_lock", cover letter Message-ID
 * 1439219664-88088-1-git-send-email-kirill.shutemov@linux.intel.com, the
 * diff quoted in 20150811081909.GD2650@quack.suse.cz.  Not merged.
 *
 * A PTE fault locks the range [pgoff, pgoff] at the top of __dax_fault,
 * before any get_block, and unlocks it after vm_insert_mixed; the hole
 * path unlocks after dax_load_hole.  The lock is exclusive, FIFO and not
 * recursive: one lock per page here.  The generic zeroing stays (clear_pmem
 * after get_block), now inside the range lock, so the loser of a race
 * "will see the block has already been zeroed" (843172978bb9's message;
 * the RFC replaced that commit's i_mmap_lock_write).
 *
 * unmap_mapping_range takes the range lock of what it unmaps, then
 * i_mmap_rwsem: so a write fault that finds a hole page, and calls
 * unmap_mapping_range on the page whose range it holds, waits for itself
 * (the PMD path drops its lock first; the PTE path of the posted diff does
 * not).  The punch path locks the range only inside unmap_mapping_range;
 * the filesystem frees the block afterwards with no lock against faults
 * (Kirill: "We don't have i_size fence for punch hole",
 * 20150811152850.GA2608@node.dhcp.inet.fi).  The filesystem is the
 * generic one of dax-generic (get_block(create=1) one atomic step).
 * dax_load_hole maps the hole page inside the range lock here; in the
 * kernel mm maps it just after the unlock, under the page lock.
 */
#include "../strategy.h"

enum {
	RLOCK,
	LOOKUP,
	CREATE,
	LOAD_HOLE,
	DROP_HOLE,
	ZERO,
	INSERT,
	RUNLOCK,
};

static const struct step fault[] = {
	[RLOCK]		= { "range_lock(pgoff)", PRIM_LOCK, LOCK_RANGE, 0,
			    LOOKUP, LOOKUP },
	[LOOKUP]	= { "get_block(create=0)", PRIM_GET_BLOCK, 0, 0,
			    CREATE, CREATE },
	[CREATE]	= { "get_block(create=1)", PRIM_GET_BLOCK_CREATE, GB_WRITTEN,
			    WHEN_WRITE | WHEN_HOLE, DROP_HOLE, LOAD_HOLE },
	[LOAD_HOLE]	= { "dax_load_hole", PRIM_LOAD_HOLE, 0, WHEN_HOLE,
			    RUNLOCK, DROP_HOLE },
	[DROP_HOLE]	= { "find_lock_page", PRIM_DROP_HOLE, LOCK_RANGE, 0,
			    ZERO, ZERO },
	[ZERO]		= { "clear_pmem", PRIM_ZERO_WORD, 0, WHEN_ZEROING,
			    ZERO, INSERT },
	[INSERT]	= { "vm_insert_mixed", PRIM_INSERT_PFN, 0, 0,
			    RUNLOCK, RUNLOCK },
	[RUNLOCK]	= { "range_unlock(pgoff)", PRIM_UNLOCK, LOCK_RANGE, 0,
			    STEP_RETURN, STEP_RETURN },
};

enum { P_RLOCK, P_UNMAP, P_RUNLOCK, P_REMOVE };

static const struct step punch[] = {
	[P_RLOCK]	= { "range_lock(hole)", PRIM_LOCK, LOCK_RANGE, 0,
			    P_UNMAP, P_UNMAP },
	[P_UNMAP]	= { "unmap_mapping_range", PRIM_UNMAP, LOCK_I_MMAP, 0,
			    P_RUNLOCK, P_RUNLOCK },
	[P_RUNLOCK]	= { "range_unlock(hole)", PRIM_UNLOCK, LOCK_RANGE, 0,
			    P_REMOVE, P_REMOVE },
	[P_REMOVE]	= { "free_blocks", PRIM_FREE_BLOCK, 0, 0,
			    STEP_RETURN, STEP_RETURN },
};

const struct strategy strategy_range_lock = {
	.name = "range-lock",
	.summary = "a per-page range lock from before get_block until the PTE is in (RFC, not merged)",
	.source = "RFC 2015-08-10, Message-ID 1439219664-88088-1-git-send-email-kirill.shutemov@linux.intel.com",
	.fault = fault,
	.nfault = ARRAY_SIZE(fault),
	.punch = punch,
	.npunch = ARRAY_SIZE(punch),
};
