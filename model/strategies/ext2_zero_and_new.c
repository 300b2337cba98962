/*
 * ext2_zero_and_new.c - ext2 with DAX before "ext2: Avoid DAX zeroing to
 * corrupt data" (86b0624e42d0, Jan Kara, v4.7-rc1; posted as
 * 1461015341-20153-6-git-send-email-jack@suse.cz): ext2_get_blocks()
 * zeroes a new block under truncate_mutex before splicing it into the
 * inode's block tree,
 * but still returns the buffer BH_New, so the generic DAX code of v4.5
 * zeroes it a second time after get_block returned, unlocked: the seed
 * race again, with the filesystem's zeroing making no difference.
 *
 * Faults run under down_read(&ei->dax_sem) (5726b27b09cc "ext2: Add
 * locking for DAX faults", v4.5), which truncate takes for write.  ext2
 * has no hole punch: the punch path here is ext2_setsize's truncate of
 * the one page (down_write(dax_sem), truncate_pagecache, then
 * __ext2_truncate_blocks under truncate_mutex), with the page becoming a
 * hole that a later fault refills, where the kernel would shrink i_size.
 */
#include "../strategy.h"

enum {
	DAXSEM,
	LOOKUP,
	TMUTEX,
	RELOOKUP,
	ALLOC,
	FS_ZERO,
	SPLICE,
	TUNLOCK,
	LOAD_HOLE,
	DROP_HOLE,
	MMAP_LOCK,
	ZERO,
	INSERT,
	MMAP_UNLOCK,
	DAXSEM_UP,
};

static const struct step fault[] = {
	[DAXSEM]	= { "down_read(dax_sem)", PRIM_LOCK_SHARED, LOCK_MMAPLOCK, 0,
			    LOOKUP, LOOKUP },
	[LOOKUP]	= { "get_block(create=0)", PRIM_GET_BLOCK, 0, 0,
			    TMUTEX, TMUTEX },
	[TMUTEX]	= { "mutex_lock(truncate_mutex)", PRIM_LOCK, LOCK_ILOCK,
			    WHEN_WRITE | WHEN_HOLE, RELOOKUP, LOAD_HOLE },
	[RELOOKUP]	= { "ext2_get_branch", PRIM_GET_BLOCK, 0, 0,
			    ALLOC, ALLOC },
	[ALLOC]		= { "ext2_alloc_branch", PRIM_ALLOC, 0, WHEN_HOLE,
			    FS_ZERO, TUNLOCK },
	[FS_ZERO]	= { "dax_clear_blocks", PRIM_ZERO_WORD, 0, WHEN_ZEROING,
			    FS_ZERO, SPLICE },
	[SPLICE]	= { "ext2_splice_branch", PRIM_MAP_BLOCK, MAP_KEEP_NEW, 0,
			    TUNLOCK, TUNLOCK },
	[TUNLOCK]	= { "mutex_unlock(truncate_mutex)", PRIM_UNLOCK, LOCK_ILOCK, 0,
			    DROP_HOLE, DROP_HOLE },
	[LOAD_HOLE]	= { "dax_load_hole", PRIM_LOAD_HOLE, 0, WHEN_HOLE,
			    DAXSEM_UP, DROP_HOLE },
	[DROP_HOLE]	= { "find_lock_page", PRIM_DROP_HOLE, LOCK_I_MMAP, 0,
			    MMAP_LOCK, MMAP_LOCK },
	[MMAP_LOCK]	= { "i_mmap_lock_read", PRIM_LOCK_SHARED, LOCK_I_MMAP, 0,
			    ZERO, ZERO },
	[ZERO]		= { "clear_pmem", PRIM_ZERO_WORD, 0, WHEN_ZEROING,
			    ZERO, INSERT },
	[INSERT]	= { "vm_insert_mixed", PRIM_INSERT_PFN, 0, 0,
			    MMAP_UNLOCK, MMAP_UNLOCK },
	[MMAP_UNLOCK]	= { "i_mmap_unlock_read", PRIM_UNLOCK_SHARED, LOCK_I_MMAP, 0,
			    DAXSEM_UP, DAXSEM_UP },
	[DAXSEM_UP]	= { "up_read(dax_sem)", PRIM_UNLOCK_SHARED, LOCK_MMAPLOCK, 0,
			    STEP_RETURN, STEP_RETURN },
};

enum { P_DAXSEM, P_UNMAP, P_TMUTEX, P_FREE, P_TUNLOCK, P_DAXSEM_UP };

static const struct step punch[] = {
	[P_DAXSEM]	= { "down_write(dax_sem)", PRIM_LOCK, LOCK_MMAPLOCK, 0,
			    P_UNMAP, P_UNMAP },
	[P_UNMAP]	= { "truncate_pagecache", PRIM_UNMAP, LOCK_I_MMAP, 0,
			    P_TMUTEX, P_TMUTEX },
	[P_TMUTEX]	= { "mutex_lock(truncate_mutex)", PRIM_LOCK, LOCK_ILOCK, 0,
			    P_FREE, P_FREE },
	[P_FREE]	= { "__ext2_truncate_blocks", PRIM_FREE_BLOCK, 0, 0,
			    P_TUNLOCK, P_TUNLOCK },
	[P_TUNLOCK]	= { "mutex_unlock(truncate_mutex)", PRIM_UNLOCK, LOCK_ILOCK, 0,
			    P_DAXSEM_UP, P_DAXSEM_UP },
	[P_DAXSEM_UP]	= { "up_write(dax_sem)", PRIM_UNLOCK, LOCK_MMAPLOCK, 0,
			    STEP_RETURN, STEP_RETURN },
};

const struct strategy strategy_ext2_zero_and_new = {
	.name = "ext2-zero-and-new",
	.summary = "ext2 zeroes under truncate_mutex but still returns BH_New: generic code zeroes again",
	.source = "ext2 DAX v4.5-v4.6; fixed by 86b0624e42d0 \"ext2: Avoid DAX zeroing to corrupt data\" (v4.7)",
	.fault = fault,
	.nfault = ARRAY_SIZE(fault),
	.punch = punch,
	.npunch = ARRAY_SIZE(punch),
	.lock_names = { [LOCK_ILOCK] = "truncate_mutex", [LOCK_MMAPLOCK] = "dax_sem" },
};
