/*
 * xfs_unwritten.c - XFS DAX of v4.2-v4.4: a write fault allocates an
 * unwritten extent, the generic code zeroes unwritten buffers after
 * get_block, installs the PTE, and only then converts the extent.
 *
 * xfs_get_blocks_direct (via xfs_iomap_write_direct) allocates DAX blocks
 * as unwritten extents, under ILOCK (one atomic step here).  Before v4.4,
 * __xfs_get_blocks maps an unwritten extent only for create=1 ("if (create
 * || !ISUNWRITTEN(&imap)) xfs_map_buffer"), so get_block(create=0) sees a
 * hole: a second writer calls get_block(create=1), which returns the
 * existing unwritten extent BH_New as well ("if (create && (new ||
 * ISUNWRITTEN(&imap))) set_buffer_new"), and a read fault loads a hole
 * page.  v4.2's
 * dax_insert_mapping() zeroes "if (buffer_unwritten(bh) || buffer_new(bh))",
 * and __dax_fault() calls complete_unwritten (xfs_end_io_dax_write ->
 * xfs_iomap_write_unwritten) after the PTE is in.  Until the conversion,
 * every fault that looks the page up sees an unwritten extent and zeroes
 * it again, over stores already made through an earlier fault's PTE.
 * 1ca191576fc8 "xfs: Don't use unwritten extents for DAX" (v4.5) explains
 * it and moves XFS to zeroing in the allocator; 02fbd139759f removed
 * complete_unwritten as racy.
 *
 * Faults hold XFS_MMAPLOCK_SHARED (653c60b633a9, v4.1) and the punch path
 * (xfs_free_file_space) holds XFS_MMAPLOCK_EXCL, so punch is excluded.
 */
#include "punch.h"

enum {
	MMAPLOCK,
	LOOKUP,
	CREATE,
	LOAD_HOLE,
	DROP_HOLE,
	MMAP_LOCK,
	ZERO,
	INSERT,
	MMAP_UNLOCK,
	CONVERT,
	MMAPUNLOCK,
};

static const struct step fault[] = {
	[MMAPLOCK]	= { "xfs_ilock(MMAPLOCK_SHARED)", PRIM_LOCK_SHARED, LOCK_MMAPLOCK, 0,
			    LOOKUP, LOOKUP },
	[LOOKUP]	= { "get_block(create=0)", PRIM_GET_BLOCK, GB_UNWRITTEN, 0,
			    CREATE, CREATE },
	[CREATE]	= { "get_block(create=1)", PRIM_GET_BLOCK_CREATE, GB_UNWRITTEN,
			    WHEN_WRITE | WHEN_HOLE, DROP_HOLE, LOAD_HOLE },
	[LOAD_HOLE]	= { "dax_load_hole", PRIM_LOAD_HOLE, 0, WHEN_HOLE,
			    MMAPUNLOCK, DROP_HOLE },
	[DROP_HOLE]	= { "find_lock_page", PRIM_DROP_HOLE, LOCK_I_MMAP, 0,
			    MMAP_LOCK, MMAP_LOCK },
	[MMAP_LOCK]	= { "i_mmap_lock_read", PRIM_LOCK_SHARED, LOCK_I_MMAP, 0,
			    ZERO, ZERO },
	[ZERO]		= { "clear_pmem", PRIM_ZERO_WORD, 0, WHEN_ZEROING,
			    ZERO, INSERT },
	[INSERT]	= { "vm_insert_mixed", PRIM_INSERT_PFN, 0, 0,
			    MMAP_UNLOCK, MMAP_UNLOCK },
	[MMAP_UNLOCK]	= { "i_mmap_unlock_read", PRIM_UNLOCK_SHARED, LOCK_I_MMAP, 0,
			    CONVERT, CONVERT },
	[CONVERT]	= { "xfs_end_io_dax_write", PRIM_CONVERT, 0, WHEN_WRITE | WHEN_UNWRITTEN,
			    MMAPUNLOCK, MMAPUNLOCK },
	[MMAPUNLOCK]	= { "xfs_iunlock(MMAPLOCK_SHARED)", PRIM_UNLOCK_SHARED, LOCK_MMAPLOCK, 0,
			    STEP_RETURN, STEP_RETURN },
};


const struct strategy strategy_xfs_unwritten = {
	.name = "xfs-unwritten",
	.summary = "XFS allocates unwritten extents; generic code zeroes them, maps, then converts",
	.source = "Linux v4.2 fs/dax.c + XFS; 1ca191576fc8 (its message), 02fbd139759f",
	.fault = fault,
	.nfault = ARRAY_SIZE(fault),
	.punch = punch_xfs_mmaplock,
	.npunch = ARRAY_SIZE(punch_xfs_mmaplock),
};
