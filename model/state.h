/*
 * state.h - one state of the DAX fault model: a flat, pointer-free struct.
 *
 * The explorer stores, hashes and compares states as bytes (packed for the
 * scenario, model/pack.h), so a state holds no pointers and every byte of
 * it is meaningful: padding is zeroed
 * by state_init() and never written afterwards, and the per-thread handler
 * locals are reset whenever a handler returns, so that two ways of reaching
 * the same situation give the same bytes.
 *
 * The world it describes: threads T0..Tn-1 of one process share a
 * MAP_SHARED mapping of a DAX file of P pages of W words.  The file has a
 * block map (page -> block or hole), the filesystem a pool of blocks, the
 * process one page table (page -> PTE), and the locks the strategies use.
 */
#ifndef DAX_STATE_H
#define DAX_STATE_H

#include <stddef.h>
#include <stdint.h>

#define MAX_THREADS	10
#define MAX_PAGES	8
#define MAX_WORDS	8
#define MAX_BLOCKS	8	/* one per page is all a fault can allocate */
#define MAX_OPS		8	/* user accesses per thread */

/* Word values.  User stores write 1..VAL_MAX; zeroing writes VAL_ZERO. */
#define VAL_ZERO	0
#define VAL_MAX		200
#define VAL_STALE	0xff	/* never-zeroed block: another file's old data */

/* Block map entries and handler locals: a block index, or no block. */
#define NO_BLOCK	0xff

/* Page-table entries: a block index, no PTE, or the read-only hole page
 * (a zeroed page-cache page standing in for a hole, dax_load_hole). */
#define PTE_NONE	0xff
#define PTE_HOLE	0xfe

/* Thread program counter while it runs user code (not in a handler). */
#define PC_USER		0xff

/* Handler-local flags (struct thread_state.flags). */
#define TF_NEW		0x01	/* get_block returned a BH_New buffer */
#define TF_UNWRITTEN	0x02	/* get_block returned a BH_Unwritten buffer */
#define TF_PAGE		0x08	/* the fault holds the hole page locked (lock_page) */
#define TF_INSIDE	0x04	/* the handler has called get_block and not yet
				 * tried to install a PTE: the window the locking
				 * argument is about (checker-src/concurrency.c) */

/*
 * The locks.  Each thread records the locks it holds in `held`, two bits
 * per lock: LOCK_SHARED_BIT(l) for a reader, LOCK_EXCL_BIT(l) for a writer
 * or a mutex owner.  Who holds a lock is derived from the threads, so
 * there is no second copy of lock state to keep consistent.
 *
 * The per-page locks (LOCK_IS_PER_PAGE) are one lock per page index; a
 * thread only ever holds the instance of the page its current operation
 * is on, so the bit says which lock it holds.  A strategy may give a lock
 * its own filesystem's name (struct strategy.lock_names).
 */
enum lock_id {
	LOCK_ILOCK,		/* the filesystem's allocation lock (XFS ILOCK) */
	LOCK_I_MMAP,		/* mapping->i_mmap_rwsem */
	LOCK_MMAPLOCK,		/* the fs lock of faults against punch (XFS MMAPLOCK) */
	LOCK_RANGE,		/* per page: the mapping's range lock (RFC 2015-08-10) */
	LOCK_ENTRY,		/* per page: the DAX radix-tree entry lock (v4.7) */
	LOCK_PAGE,		/* per page: the hole page's page lock */
	NR_LOCKS
};
#define LOCK_NONE		(-1)
#define LOCK_IS_PER_PAGE(l)	((l) >= LOCK_RANGE)
#define LOCK_SHARED_BIT(l)	(1u << (2 * (l)))
#define LOCK_EXCL_BIT(l)	(1u << (2 * (l) + 1))

struct thread_state {
	uint8_t ip;	/* index of the user access to run next; nops when done */
	uint8_t pc;	/* handler step to run next, or PC_USER */
	uint8_t blk;	/* handler local: block get_block returned, or NO_BLOCK */
	uint8_t flags;	/* handler local: TF_NEW */
	uint8_t zpos;	/* handler local: next word clear_pmem zeroes */
	uint8_t pad;	/* zero */
	uint16_t held;	/* locks held, LOCK_*_BIT */
};

struct state {
	struct thread_state t[MAX_THREADS];
	uint8_t map[MAX_PAGES];			/* file block map */
	uint8_t pte[MAX_PAGES];			/* the process page table */
	uint8_t data[MAX_BLOCKS][MAX_WORDS];	/* contents of the block pool */
	uint8_t shadow[MAX_PAGES][MAX_WORDS];	/* last user store, 0 = none */
	uint8_t allocated;			/* bit b: block b is allocated */
	uint8_t cache;				/* bit p: the page cache holds a
						 * hole page for page p */
	uint8_t unwritten;			/* bit p: page p's block is an
						 * unwritten extent (reads as zero
						 * to read(2); mapped, it is raw) */
	uint8_t pad[5];				/* zero: keeps sizeof a multiple of 8 */
};

_Static_assert(sizeof(struct state) % 8 == 0, "state size is not a multiple of 8");
_Static_assert(MAX_BLOCKS <= 8, "allocated is an 8-bit bitmap");
_Static_assert(2 * NR_LOCKS <= 16, "held is a 16-bit bitmap");
_Static_assert(MAX_PAGES <= 8, "cache and unwritten are 8-bit bitmaps");

struct scenario;

/* Fill *s with the initial state of scenario sc: every page a hole, no
 * PTEs, no hole pages, every block free and STALE, every thread at its
 * first operation. */
void state_init(struct state *s, const struct scenario *sc);

/* Returns 1 if the two states are byte-for-byte equal, 0 otherwise. */
int state_equal(const struct state *a, const struct state *b);

#endif
