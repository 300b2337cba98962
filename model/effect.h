/*
 * effect.h - what one atomic step changed, as the trace prints it and as
 * the properties judge it.  Filled by exec_step(); never stored in a state.
 */
#ifndef DAX_EFFECT_H
#define DAX_EFFECT_H

#include <stdint.h>

enum effect_kind {
	EFF_STORE,	/* a user store landed: page, word, block, value, old */
	EFF_LOAD,	/* a user load: page, word, block (PTE_HOLE: hole page), value */
	EFF_FAULT,	/* a user access faulted: page; flag 1 = write fault;
			 * block PTE_HOLE if it hit the read-only hole page */
	EFF_LOCK,	/* took lock `block`; flag 1 = shared */
	EFF_UNLOCK,	/* released lock `block`; flag 1 = shared.  Both, and
			 * EFF_LOAD_HOLE, with the wake-ups of the DAX entry's
			 * wait queue: word = how many threads it woke (value
			 * = the one, + 1, if a wake-one), old = how many it
			 * left asleep */
	EFF_LOOKUP,	/* block map lookup of page: block, or NO_BLOCK for a hole;
			 * flag 1 = an unwritten extent */
	EFF_CREATE,	/* get_block(create=1): block; flag 1 = newly allocated
			 * (BH_New); old 1 = an unwritten extent */
	EFF_ALLOC,	/* a free block taken, not yet in the block map: block */
	EFF_ZERO,	/* one word zeroed: block, word, old */
	EFF_MAP,	/* block put in the block map for page; flag 1 = still BH_New */
	EFF_CONVERT,	/* unwritten extent of page converted: flag 1 = it was unwritten */
	EFF_LOAD_HOLE,	/* dax_load_hole: flag 1 = hole page mapped, 0 = PTE present */
	EFF_DROP_HOLE,	/* flag 1 = a cached hole page was unmapped and deleted;
			 * block = the PTE it zapped (PTE_NONE, PTE_HOLE, a block) */
	EFF_INSERT,	/* vm_insert_mixed: flag INSERT_*; old = the PTE before */
	EFF_FIND_PAGE,	/* find_get_page: flag 1 = a hole page found and locked */
	EFF_PUNCH,	/* a thread calls fallocate(PUNCH_HOLE) on page */
	EFF_UNMAP,	/* punch zapped the page's PTE: block = the PTE zapped;
			 * flag 1 = a hole page was dropped from the page cache */
	EFF_FREE,	/* punch removed the extent: block freed, or NO_BLOCK */
	EFF_FSYNC,	/* a thread calls fsync(2) on the file */
	EFF_FLUSH,	/* block written back; flag: the words now in flight, a bit
			 * each (NO_BLOCK: the thread had none) */
	EFF_WRITEBACK,	/* fsync's write-back: block = the blocks with words now
			 * in flight, a bit each */
	EFF_FENCE,	/* block = the blocks made durable, a bit each; flag 1 =
			 * pcommit; old = the blocks fenced into the write-pending
			 * queue (a platform without ADR) */
	EFF_COMMIT,	/* page's block-map entry committed: block = the entry
			 * (MAPE_*), old = the one committed before */
	EFF_LOG_FORCE,	/* block = the pages whose entries became durable */
	EFF_WRITE,	/* a thread calls write(2) of value at page:word */
	EFF_PERSIST,	/* a user-space flush of page (pmem_persist): block =
			 * the PTE it went through; flag = the words it made
			 * durable (or, without ADR, fenced), a bit each */
	EFF_NEED_DSYNC,	/* dax_fault_is_synchronous: flag 1 = VM_FAULT_NEEDDSYNC;
			 * block = the pages whose committed entry is not in
			 * the log, a bit each */
	EFF_SLEEP,	/* the DAX entry of page is locked: the thread sleeps on
			 * its wait queue, place `value` */
	/* Faults of two sizes (model/prims/pmd.c, pmd_entry.c): */
	EFF_PMD_CHECK,	/* mm looked at the PMD slot: flag = the arg (PMDC_*),
			 * value 1 = in the way (TF_BUSY), old 1 = it split the
			 * huge zero page away first, block = the slot (SLOT_*) */
	EFF_GRAB,	/* grab_mapping_entry: flag = the size (ENTRY_*), value =
			 * GRAB_*, old = the 2 MiB entry before (HENTRY_*) */
	EFF_PUT,	/* put_locked_mapping_entry: flag 1 = the 2 MiB entry */
	EFF_IOMAP,	/* ->iomap_begin: flag = the size, block = the (first)
			 * block or NO_BLOCK, value 1 = allocated and zeroed,
			 * old 1 = an extent shorter than the huge page */
	EFF_INSERT_PMD,	/* dax_pmd_insert_mapping: block = the first block,
			 * old = the slot before; flag 1 = not pmd_none, so
			 * nothing installed (v4.4's insert_pmd_none) */
	EFF_PMD_HOLE,	/* dax_pmd_load_hole: flag 1 = the huge zero page
			 * mapped, 0 = pmd not none: fall back; old = the slot */
	/* The PMD fault of v4.3-v4.6 (model/prims/pmd_get_block.c): */
	EFF_GET_BLOCK_PMD,	/* get_block of PMD_SIZE: block = the first block or
				 * NO_BLOCK, flag 1 = allocated, value 1 = BH_New,
				 * old 1 = an extent shorter than the huge page */
	EFF_ZERO_PMD,	/* clear_pmem of the 2 MiB: block = the first block;
			 * old 1 = it wiped a value a user stored */
	EFF_UNMAP_HUGE,	/* the 2 MiB shot down: old = the slot before, value =
			 * the pages whose PTE it zapped, flag = the pages whose
			 * hole page it dropped, a bit each */
	EFF_UPDATES,	/* a jbd2 commit found no handle running on lock
			 * `block` (t_updates == 0) */
	/* The durability of a PMD fault's allocation (flush.c, commit.c): */
	EFF_FLUSH_PMD,	/* the huge page's new blocks written back: block = the
			 * blocks with words now in flight, value = the blocks
			 * looked at (not yet committed), a bit each */
	EFF_COMMIT_PMD,	/* the huge page's block-map entries committed: block =
			 * the pages whose committed entry changed, a bit each */
	EFF_INVALIDATE,	/* a thread calls invalidate_inode_pages2_range on page */
	EFF_INVAL_ENTRY,	/* __dax_invalidate_entry: flag 1 = the entry deleted
			 * (word, value, old: the wake-ups, as EFF_UNLOCK's),
			 * 0 = no entry, nobody woken */
	EFF_PMD_OFF,	/* __dax_pmd_fault with FS_DAX_PMD off: VM_FAULT_FALLBACK */
};

/* EFF_GRAB's value. */
#define GRAB_PAGE	0	/* a 4 KiB entry locked (inserted empty if none) */
#define GRAB_RANGE	1	/* the 2 MiB entry locked (inserted empty if none) */
#define GRAB_DOWNGRADE	2	/* an empty or zero 2 MiB entry replaced by a 4 KiB one */
#define GRAB_EEXIST	3	/* a PMD request met 4 KiB entries: -EEXIST */

#define INSERT_DONE		0	/* PTE installed */
#define INSERT_EBUSY		2	/* a PTE was already present: -EBUSY, fine */
#define INSERT_UNDER_PMD	3	/* a huge PMD maps the page: the PTE goes into
					 * whatever the PMD points at (pt-corruption) */

struct effect {
	enum effect_kind kind;
	uint8_t tid;
	uint8_t page;
	uint8_t word;
	uint8_t block;
	uint8_t value;
	uint8_t old;
	uint8_t flag;
	uint8_t returned;	/* the handler returned to user space after this
				 * step: RET_RETRY (a fault) or RET_DONE (a punch
				 * or fsync) */
};

#define RET_RETRY	1	/* a fault handler returned: the access is retried */
#define RET_DONE	2	/* a punch or fsync returned: the operation is done */

#endif
