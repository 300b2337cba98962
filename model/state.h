/*
 * state.h - one state of the DAX fault model: a flat, pointer-free struct.
 *
 * The explorer stores, hashes and compares states as raw bytes, so a state
 * holds no pointers and every byte of it is meaningful: padding is zeroed
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

/* Page-table entries: a block index, no PTE, or the read-only hole page. */
#define PTE_NONE	0xff
#define PTE_HOLE	0xfe

/* Thread program counter while it runs user code (not in a handler). */
#define PC_USER		0xff

/* Handler-local flags (struct thread_state.flags). */
#define TF_NEW		0x01	/* get_block returned a BH_New buffer */

/*
 * The locks.  Each thread records the locks it holds in `held`, two bits
 * per lock: LOCK_SHARED_BIT(l) for a reader, LOCK_EXCL_BIT(l) for a writer
 * or a mutex owner.  Who holds a lock is derived from the threads, so
 * there is no second copy of lock state to keep consistent.
 */
enum lock_id {
	LOCK_ILOCK,		/* the filesystem's allocation lock (XFS ILOCK) */
	LOCK_I_MMAP,		/* mapping->i_mmap_rwsem */
	NR_LOCKS
};
#define LOCK_SHARED_BIT(l)	(1u << (2 * (l)))
#define LOCK_EXCL_BIT(l)	(1u << (2 * (l) + 1))

struct thread_state {
	uint8_t ip;	/* index of the user access to run next; nops when done */
	uint8_t pc;	/* handler step to run next, or PC_USER */
	uint8_t blk;	/* handler local: block get_block returned, or NO_BLOCK */
	uint8_t flags;	/* handler local: TF_NEW */
	uint8_t zpos;	/* handler local: next word clear_pmem zeroes */
	uint8_t held;	/* locks held, LOCK_*_BIT */
};

struct state {
	struct thread_state t[MAX_THREADS];
	uint8_t map[MAX_PAGES];			/* file block map */
	uint8_t pte[MAX_PAGES];			/* the process page table */
	uint8_t data[MAX_BLOCKS][MAX_WORDS];	/* contents of the block pool */
	uint8_t shadow[MAX_PAGES][MAX_WORDS];	/* last user store, 0 = none */
	uint8_t allocated;			/* bit b: block b is allocated */
	uint8_t pad[3];				/* zero: keeps sizeof a multiple of 8 */
};

_Static_assert(sizeof(struct state) % 8 == 0, "state size is not a multiple of 8");
_Static_assert(MAX_BLOCKS <= 8, "allocated is an 8-bit bitmap");
_Static_assert(2 * NR_LOCKS <= 8, "held is an 8-bit bitmap");

struct scenario;

/* Fill *s with the initial state of scenario sc: every page a hole, no
 * PTEs, every block free and STALE, every thread at its first access. */
void state_init(struct state *s, const struct scenario *sc);

/*
 * A 64-bit hash of the state's bytes.  It reads native-endian words, so
 * its value may differ between byte orders; nothing printed depends on it.
 */
uint64_t state_hash(const struct state *s);

/* Returns 1 if the two states are byte-for-byte equal, 0 otherwise. */
int state_equal(const struct state *a, const struct state *b);

#endif
