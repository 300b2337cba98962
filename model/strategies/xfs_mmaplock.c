/*
 * xfs_mmaplock.c - fs-zero-inside plus XFS's MMAPLOCK: every fault takes
 * it shared, hole punch and truncate take it exclusive.
 *
 * 653c60b633a9 "xfs: introduce mmap/truncate lock" and its series
 * (de0e8c20ba3a, 075a924d45cc, e8e9ad42c1f1; v4.1): xfs_filemap_fault and
 * xfs_filemap_page_mkwrite wrap the DAX fault in
 * xfs_ilock(XFS_MMAPLOCK_SHARED); xfs_free_file_space takes
 * XFS_IOLOCK_EXCL | XFS_MMAPLOCK_EXCL before truncate_pagecache_range and
 * xfs_bunmapi.  With BMAPI_ZERO (3fbbbea34bac, 1ca191576fc8, v4.5) this
 * is XFS DAX from v4.5 on.  ext4's i_mmap_sem (ea3d7209ca01, v4.5) is the
 * same idea.  A shared lock does nothing against fault vs fault: that is
 * the zeroing's job.  Lock order: MMAPLOCK -> i_mmap_rwsem, MMAPLOCK ->
 * ILOCK.
 */
#include "punch.h"

enum {
	MMAPLOCK,
	LOOKUP,
	ILOCK,
	RELOOKUP,
	ALLOC,
	ZERO,
	ADD_EXTENT,
	IUNLOCK,
	LOAD_HOLE,
	DROP_HOLE,
	MMAP_LOCK,
	INSERT,
	MMAP_UNLOCK,
	MMAPUNLOCK,
};

static const struct step fault[] = {
	[MMAPLOCK]	= { "xfs_ilock(MMAPLOCK_SHARED)", PRIM_LOCK_SHARED, LOCK_MMAPLOCK, 0,
			    LOOKUP, LOOKUP },
	[LOOKUP]	= { "get_block(create=0)", PRIM_GET_BLOCK, 0, 0,
			    ILOCK, ILOCK },
	[ILOCK]		= { "xfs_ilock(ILOCK_EXCL)", PRIM_LOCK, LOCK_ILOCK, WHEN_WRITE | WHEN_HOLE,
			    RELOOKUP, LOAD_HOLE },
	[RELOOKUP]	= { "xfs_bmapi_read", PRIM_GET_BLOCK, 0, 0,
			    ALLOC, ALLOC },
	[ALLOC]		= { "xfs_bmap_alloc", PRIM_ALLOC, 0, WHEN_HOLE,
			    ZERO, IUNLOCK },
	[ZERO]		= { "xfs_zero_extent", PRIM_ZERO_WORD, 0, WHEN_ZEROING,
			    ZERO, ADD_EXTENT },
	[ADD_EXTENT]	= { "xfs_bmap_add_extent_hole_real", PRIM_MAP_BLOCK, MAP_CLEAR_NEW, 0,
			    IUNLOCK, IUNLOCK },
	[IUNLOCK]	= { "xfs_iunlock(ILOCK_EXCL)", PRIM_UNLOCK, LOCK_ILOCK, 0,
			    DROP_HOLE, DROP_HOLE },
	[LOAD_HOLE]	= { "dax_load_hole", PRIM_LOAD_HOLE, 0, WHEN_HOLE,
			    MMAPUNLOCK, DROP_HOLE },
	[DROP_HOLE]	= { "find_lock_page", PRIM_DROP_HOLE, LOCK_I_MMAP, 0,
			    MMAP_LOCK, MMAP_LOCK },
	[MMAP_LOCK]	= { "i_mmap_lock_read", PRIM_LOCK_SHARED, LOCK_I_MMAP, 0,
			    INSERT, INSERT },
	[INSERT]	= { "vm_insert_mixed", PRIM_INSERT_PFN, 0, 0,
			    MMAP_UNLOCK, MMAP_UNLOCK },
	[MMAP_UNLOCK]	= { "i_mmap_unlock_read", PRIM_UNLOCK_SHARED, LOCK_I_MMAP, 0,
			    MMAPUNLOCK, MMAPUNLOCK },
	[MMAPUNLOCK]	= { "xfs_iunlock(MMAPLOCK_SHARED)", PRIM_UNLOCK_SHARED, LOCK_MMAPLOCK, 0,
			    STEP_RETURN, STEP_RETURN },
};


const struct strategy strategy_xfs_mmaplock = {
	.name = "xfs-mmaplock",
	.summary = "fs-zero-inside, and faults take XFS MMAPLOCK shared, punch takes it exclusive",
	.source = "653c60b633a9 (v4.1) with 3fbbbea34bac/1ca191576fc8 (v4.5); ext4 ea3d7209ca01",
	.fault = fault,
	.nfault = ARRAY_SIZE(fault),
	.punch = punch_xfs_mmaplock,
	.npunch = ARRAY_SIZE(punch_xfs_mmaplock),
};
