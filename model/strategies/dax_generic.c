/*
 * dax_generic.c - fs/dax.c as of Linux v4.2: the generic DAX code zeroes a
 * new block after ->get_block has returned it.
 *
 * __dax_fault() looks the block up with get_block(create=0); a write fault
 * on a hole calls get_block(create=1), which the filesystem serialises
 * internally (one atomic step here) and which marks a newly allocated
 * buffer BH_New.  If a hole page is cached for the index, the write fault
 * unmaps it and deletes it from the page cache (unmap_mapping_range takes
 * i_mmap_rwsem for write inside).  dax_insert_mapping() then takes
 * i_mmap_lock_read(), zeroes the block with clear_pmem() if buffer_new(),
 * installs the PTE with vm_insert_mixed() (-EBUSY when another fault got
 * there first, which the code treats as success), and drops the lock.
 *
 * i_mmap_rwsem is not held across get_block, and a shared lock does not
 * exclude another fault, so a racing fault that got the same block "not
 * new" can map it, return to user space and store before the first fault's
 * clear_pmem wipes the store: Matthew Wilcox's race (LKML, 2015-08-11;
 * Dave Chinner's reply is Message-ID 20150811214822.GA20596@dastard).
 *
 * A read fault on a hole calls dax_load_hole(): a zeroed page-cache page,
 * mapped read-only if no PTE is present (do_read_fault's pte_same check).
 * v4.2 looks for that page twice, at the top of __dax_fault and again
 * after allocating; the model looks once, atomically, just before
 * dax_insert_mapping (step "find_lock_page", which unmaps and deletes a
 * page it finds).
 *
 * The punch path is ext4's of v4.2 (ext4_punch_hole): the filesystem has
 * no lock against faults yet (ext4 gained i_mmap_sem in v4.5, ea3d7209ca01),
 * so it unmaps the range (truncate_pagecache_range, under i_mmap_rwsem
 * held for write) and then removes the extent under i_data_sem.  A fault
 * that looked the block up before the punch maps it after: use after free.
 */
#include "punch.h"

enum {
	LOOKUP,
	CREATE,
	LOAD_HOLE,
	DROP_HOLE,
	MMAP_LOCK,
	ZERO,
	INSERT,
	MMAP_UNLOCK,
};

static const struct step fault[] = {
	[LOOKUP]	= { "get_block(create=0)", PRIM_GET_BLOCK, 0, 0,
			    CREATE, CREATE },
	[CREATE]	= { "get_block(create=1)", PRIM_GET_BLOCK_CREATE, GB_WRITTEN,
			    WHEN_WRITE | WHEN_HOLE, DROP_HOLE, LOAD_HOLE },
	[LOAD_HOLE]	= { "dax_load_hole", PRIM_LOAD_HOLE, 0, WHEN_HOLE,
			    STEP_RETURN, DROP_HOLE },
	[DROP_HOLE]	= { "find_lock_page", PRIM_DROP_HOLE, LOCK_I_MMAP, 0,
			    MMAP_LOCK, MMAP_LOCK },
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
	.source = "Linux v4.2 fs/dax.c __dax_fault, dax_insert_mapping; ext4_punch_hole",
	.fault = fault,
	.nfault = ARRAY_SIZE(fault),
	.punch = punch_ext4,
	.npunch = ARRAY_SIZE(punch_ext4),
};
