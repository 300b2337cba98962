/*
 * entry_lock.c - Linux v4.7's DAX fault locking, ac401cc78242 "dax: New
 * fault locking" (Jan Kara; posted as 16/18 of
 * 1461015341-20153-1-git-send-email-jack@suse.cz), on XFS.
 *
 * A lock bit in the DAX radix-tree entry of the page index:
 * grab_mapping_entry() takes it before get_block (waiting on a hashed wait
 * table while another fault holds it), put_locked_mapping_entry() drops it
 * after vm_insert_mixed.  One lock per page index here.  i_mmap_lock_read
 * is gone from the fault path; faults are protected against truncate and
 * punch by the filesystem's lock, XFS_MMAPLOCK_SHARED around the whole
 * fault (xfs_filemap_page_mkwrite), which xfs_free_file_space takes
 * exclusive.  The filesystem zeroes new blocks under ILOCK_EXCL
 * (XFS_BMAPI_ZERO, as fs-zero-inside) and returns them not new.
 *
 * A read fault on a hole replaces the locked empty entry with a hole page
 * (dax_load_hole); its page lock stands in for the entry lock.  A write
 * fault finding a hole page unmaps it and deletes it from the page cache
 * in dax_insert_mapping_entry() ("The page is locked so it cannot be
 * faulted in again") before vm_insert_mixed.  On punch,
 * dax_delete_mapping_entry() waits for the entry to be unlocked; with
 * MMAPLOCK held exclusive no fault holds it, so that wait is left out.
 * 9f141d6ef625 (v4.10) later nests the entry lock inside iomap_begin/end.
 */
#include "punch.h"

enum {
	MMAPLOCK,
	GRAB,
	LOOKUP,
	ILOCK,
	RELOOKUP,
	ALLOC,
	ZERO,
	ADD_EXTENT,
	IUNLOCK,
	LOAD_HOLE,
	DROP_HOLE,
	INSERT,
	PUT,
	MMAPUNLOCK,
};

static const struct step fault[] = {
	[MMAPLOCK]	= { "xfs_ilock(MMAPLOCK_SHARED)", PRIM_LOCK_SHARED, LOCK_MMAPLOCK, 0,
			    GRAB, GRAB },
	[GRAB]		= { "grab_mapping_entry", PRIM_LOCK, LOCK_ENTRY, 0,
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
			    PUT, DROP_HOLE },
	[DROP_HOLE]	= { "dax_insert_mapping_entry", PRIM_DROP_HOLE, LOCK_I_MMAP, 0,
			    INSERT, INSERT },
	[INSERT]	= { "vm_insert_mixed", PRIM_INSERT_PFN, 0, 0,
			    PUT, PUT },
	[PUT]		= { "put_locked_mapping_entry", PRIM_UNLOCK, LOCK_ENTRY, 0,
			    MMAPUNLOCK, MMAPUNLOCK },
	[MMAPUNLOCK]	= { "xfs_iunlock(MMAPLOCK_SHARED)", PRIM_UNLOCK_SHARED, LOCK_MMAPLOCK, 0,
			    STEP_RETURN, STEP_RETURN },
};


const struct strategy strategy_entry_lock = {
	.name = "entry-lock",
	.summary = "v4.7: a lock bit in the page's DAX radix-tree entry, get_block to PTE; fs zeroes",
	.source = "ac401cc78242 \"dax: New fault locking\" (v4.7-rc1), with XFS MMAPLOCK and BMAPI_ZERO",
	.fault = fault,
	.nfault = ARRAY_SIZE(fault),
	.punch = punch_xfs_mmaplock,
	.npunch = ARRAY_SIZE(punch_xfs_mmaplock),
};
