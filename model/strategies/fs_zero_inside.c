/*
 * fs_zero_inside.c - Dave Chinner's fix: the filesystem zeroes a new block
 * inside ->get_block, under the allocation lock it already holds, and
 * returns it not new; the generic DAX code never zeroes.
 *
 * Proposed in Message-ID 20150811214822.GA20596@dastard (LKML, 2015-08-11)
 * and merged for XFS as 3fbbbea34bac "xfs: introduce BMAPI_ZERO" and
 * 1ca191576fc8 "xfs: Don't use unwritten extents for DAX" (v4.5), for ext4
 * as c86d8db33a92 / ba5843f51d46 EXT4_GET_BLOCKS_ZERO (v4.5); generic
 * zeroing was removed by 2b10945c532c (v4.7).
 *
 * Modelled on XFS: the write path takes ILOCK exclusive, looks again (a
 * racing fault may have allocated meanwhile), and xfs_bmapi_allocate()
 * allocates the block, zeroes it with xfs_zero_extent() and only then adds
 * the extent to the block map (xfs_bmap_add_extent_hole_real).  XFS block
 * lookups take ILOCK shared, so no lookup sees the block before it is
 * zeroed; here the lookup is a single atomic step that cannot see the block
 * before it is in the map, which is the same guarantee.  The rest is v4.2's
 * generic path without the zeroing.
 *
 * This is the zeroing rule alone, as Chinner stated it: "this is not the
 * truncate race that XFS's MMAPLOCK solves".  So the punch path here takes
 * no lock against faults (xfs_free_file_space without XFS_MMAPLOCK_EXCL),
 * and a punch racing a fault is a use after free; xfs-mmaplock adds the
 * lock.
 */
#include "punch.h"

enum {
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
};

static const struct step fault[] = {
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
			    STEP_RETURN, DROP_HOLE },
	[DROP_HOLE]	= { "find_lock_page", PRIM_DROP_HOLE, LOCK_I_MMAP, 0,
			    MMAP_LOCK, MMAP_LOCK },
	[MMAP_LOCK]	= { "i_mmap_lock_read", PRIM_LOCK_SHARED, LOCK_I_MMAP, 0,
			    INSERT, INSERT },
	[INSERT]	= { "vm_insert_mixed", PRIM_INSERT_PFN, 0, 0,
			    MMAP_UNLOCK, MMAP_UNLOCK },
	[MMAP_UNLOCK]	= { "i_mmap_unlock_read", PRIM_UNLOCK_SHARED, LOCK_I_MMAP, 0,
			    STEP_RETURN, STEP_RETURN },
};


const struct strategy strategy_fs_zero_inside = {
	.name = "fs-zero-inside",
	.summary = "the filesystem zeroes a new block under its allocation lock before mapping it",
	.source = "Message-ID 20150811214822.GA20596@dastard; XFS 3fbbbea34bac, ext4 ba5843f51d46 (v4.5)",
	.fault = fault,
	.nfault = ARRAY_SIZE(fault),
	.punch = punch_xfs,
	.npunch = ARRAY_SIZE(punch_xfs),
};
