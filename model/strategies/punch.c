/*
 * punch.c - the hole-punch paths shared by strategies that model the same
 * filesystem (see punch.h).
 *
 * ext4 v4.2, ext4_punch_hole: truncate_pagecache_range (unmap_mapping_range
 * under i_mmap_rwsem held for write, then the page cache), then the extent
 * is removed under i_data_sem (one atomic step, as get_block(create=1) is).
 *
 * XFS, xfs_file_fallocate -> xfs_free_file_space (v4.2): IOLOCK_EXCL |
 * MMAPLOCK_EXCL, truncate_pagecache_range, then xfs_bunmapi under
 * ILOCK_EXCL; IOLOCK is not taken by faults, so it is left out.
 */
#include "punch.h"

enum { E_UNMAP, E_REMOVE };

const struct step punch_ext4[2] = {
	[E_UNMAP]	= { "truncate_pagecache_range", PRIM_UNMAP, LOCK_I_MMAP, 0,
			    E_REMOVE, E_REMOVE },
	[E_REMOVE]	= { "ext4_ext_remove_space", PRIM_FREE_BLOCK, 0, 0,
			    STEP_RETURN, STEP_RETURN },
};

enum { X_UNMAP, X_ILOCK, X_BUNMAPI, X_IUNLOCK };

const struct step punch_xfs[4] = {
	[X_UNMAP]	= { "truncate_pagecache_range", PRIM_UNMAP, LOCK_I_MMAP, 0,
			    X_ILOCK, X_ILOCK },
	[X_ILOCK]	= { "xfs_ilock(ILOCK_EXCL)", PRIM_LOCK, LOCK_ILOCK, 0,
			    X_BUNMAPI, X_BUNMAPI },
	[X_BUNMAPI]	= { "xfs_bunmapi", PRIM_FREE_BLOCK, 0, 0,
			    X_IUNLOCK, X_IUNLOCK },
	[X_IUNLOCK]	= { "xfs_iunlock(ILOCK_EXCL)", PRIM_UNLOCK, LOCK_ILOCK, 0,
			    STEP_RETURN, STEP_RETURN },
};

enum { M_MMAPLOCK, M_UNMAP, M_ILOCK, M_BUNMAPI, M_IUNLOCK, M_MMAPUNLOCK };

const struct step punch_xfs_mmaplock[6] = {
	[M_MMAPLOCK]	= { "xfs_ilock(MMAPLOCK_EXCL)", PRIM_LOCK, LOCK_MMAPLOCK, 0,
			    M_UNMAP, M_UNMAP },
	[M_UNMAP]	= { "truncate_pagecache_range", PRIM_UNMAP, LOCK_I_MMAP, 0,
			    M_ILOCK, M_ILOCK },
	[M_ILOCK]	= { "xfs_ilock(ILOCK_EXCL)", PRIM_LOCK, LOCK_ILOCK, 0,
			    M_BUNMAPI, M_BUNMAPI },
	[M_BUNMAPI]	= { "xfs_bunmapi", PRIM_FREE_BLOCK, 0, 0,
			    M_IUNLOCK, M_IUNLOCK },
	[M_IUNLOCK]	= { "xfs_iunlock(ILOCK_EXCL)", PRIM_UNLOCK, LOCK_ILOCK, 0,
			    M_MMAPUNLOCK, M_MMAPUNLOCK },
	[M_MMAPUNLOCK]	= { "xfs_iunlock(MMAPLOCK_EXCL)", PRIM_UNLOCK, LOCK_MMAPLOCK, 0,
			    STEP_RETURN, STEP_RETURN },
};
