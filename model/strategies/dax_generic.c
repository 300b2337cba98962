/*
 * dax_generic.c - fs/dax.c as of Linux v4.2: the generic DAX code zeroes a
 * new block after ->get_block has returned it.
 *
 * __dax_fault() looks the block up with get_block(create=0); a write fault
 * on a hole calls get_block(create=1), which the filesystem serialises
 * internally (one atomic step here) and which marks a newly allocated
 * buffer BH_New.  dax_insert_mapping() then takes i_mmap_lock_read(),
 * zeroes the block with clear_pmem() if buffer_new(), installs the PTE with
 * vm_insert_mixed() (-EBUSY when another fault got there first, which the
 * code treats as success), and drops the lock.  i_mmap_rwsem is not held
 * across get_block, and a shared lock does not exclude another fault, so a
 * racing fault that got the same block "not new" can map it, return to
 * user space and store before the first fault's clear_pmem wipes the
 * store: Matthew Wilcox's race (LKML, 2015-08-11; Dave Chinner's reply is
 * Message-ID 20150811214822.GA20596@dastard).
 *
 * A read fault on a hole calls dax_load_hole(), which maps the read-only
 * hole page; a later write fault replaces it.  Modelled simply for now:
 * vm_insert_mixed unmaps the hole page and installs the PTE in one step,
 * where v4.2 does unmap_mapping_range() and delete_from_page_cache() just
 * before dax_insert_mapping().
 */
#include "../strategy.h"

enum {
	LOOKUP,
	CREATE,
	LOAD_HOLE,
	MMAP_LOCK,
	ZERO,
	INSERT,
	MMAP_UNLOCK,
};

static const struct step dax_generic_fault[] = {
	[LOOKUP]	= { "get_block(create=0)", PRIM_GET_BLOCK, 0, 0,
			    CREATE, CREATE },
	[CREATE]	= { "get_block(create=1)", PRIM_GET_BLOCK_CREATE, 0, WHEN_WRITE | WHEN_HOLE,
			    MMAP_LOCK, LOAD_HOLE },
	[LOAD_HOLE]	= { "dax_load_hole", PRIM_LOAD_HOLE, 0, WHEN_HOLE,
			    STEP_RETURN, MMAP_LOCK },
	[MMAP_LOCK]	= { "i_mmap_lock_read", PRIM_LOCK_SHARED, LOCK_I_MMAP, 0,
			    ZERO, ZERO },
	[ZERO]		= { "clear_pmem", PRIM_ZERO_WORD, 0, WHEN_ZEROING,
			    ZERO, INSERT },
	[INSERT]	= { "vm_insert_mixed", PRIM_INSERT_PFN, 0, 0,
			    MMAP_UNLOCK, MMAP_UNLOCK },
	[MMAP_UNLOCK]	= { "i_mmap_unlock_read", PRIM_UNLOCK_SHARED, LOCK_I_MMAP, 0,
			    STEP_RETURN, STEP_RETURN },
};

const struct strategy strategy_dax_generic = {
	.name = "dax-generic",
	.summary = "generic DAX code zeroes a BH_New block after get_block, under i_mmap_lock_read",
	.source = "Linux v4.2 fs/dax.c __dax_fault/dax_insert_mapping",
	.fault = dax_generic_fault,
	.nfault = sizeof(dax_generic_fault) / sizeof(dax_generic_fault[0]),
};
