/*
 * punch.h - hole-punch paths that several strategies share, because they
 * model the same filesystem's fallocate(FALLOC_FL_PUNCH_HOLE).  The sizes
 * are in the declarations so that a strategy's .npunch stays a constant.
 */
#ifndef DAX_PUNCH_H
#define DAX_PUNCH_H

#include "../strategy.h"

/* ext4 of v4.2 (ext4_punch_hole): no lock against faults. */
extern const struct step punch_ext4[2];

/* XFS without MMAPLOCK: xfs_free_file_space's unmap, then xfs_bunmapi
 * under ILOCK_EXCL. */
extern const struct step punch_xfs[4];

/* XFS with MMAPLOCK held exclusive around all of it (653c60b633a9). */
extern const struct step punch_xfs_mmaplock[6];

#endif
