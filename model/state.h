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
 * A scenario may put some threads in a second process (`process 1: T1`)
 * mapping the same file: it has a page table of its own, pte[1] and
 * slot[1]; a fault fills its own thread's process's table, and an unmap
 * (unmap_mapping_range, which walks the file's i_mmap tree) zaps both.
 *
 * A thread that finds its page's DAX entry locked sleeps on the entry's
 * wait queue (waitq, in FIFO order) until a wake-up takes it off: the
 * entry lock's holder wakes the first sleeper when it unlocks the entry,
 * and a hole page that replaces the entry wakes one or every sleeper
 * (model/prims/waitq.c).
 *
 * In a scenario with crashes (`crash`) the state also says what a power
 * failure would leave (the persistence model, docs in README "After the
 * power fails"): per word of each block, what the media holds and what
 * has been written back (clwb) but not yet fenced; and the block map as
 * the filesystem's log will have it (committed transactions, which may
 * reach the log at any moment) and as the log has it (forced).  Without
 * crashes these fields keep their initial values and are not packed.
 * They come last, from STATE_PERSIST_START on (new fields go before
 * them), so that a crash-free search copies only the bytes before them
 * (state_copy).
 */
#ifndef DAX_STATE_H
#define DAX_STATE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define MAX_THREADS	10
#define MAX_PAGES	8
#define MAX_WORDS	8
#define MAX_BLOCKS	8	/* one per page is all a fault can allocate */
#define MAX_OPS		8	/* user accesses per thread */
#define MAX_MMS		2	/* processes mapping the file, each with its
				 * own page table (struct state.pte, .slot) */

/* Word values.  User stores write 1..VAL_MAX; zeroing writes VAL_ZERO. */
#define VAL_ZERO	0
#define VAL_MAX		200
#define VAL_STALE	0xff	/* never-zeroed block: another file's old data */

/* Block map entries and handler locals: a block index, or no block. */
#define NO_BLOCK	0xff

/* An entry of the committed or durable block map: a block, with
 * MAPE_UNWRITTEN if its extent is unwritten, or NO_BLOCK. */
#define MAPE_UNWRITTEN	0x40
#define MAPE_BLOCK(e)	((e) & 0x3f)

/* struct state.flight: nothing written back and not yet durable. */
#define FLIGHT_NONE	0xfe

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
/* Only in a scenario with a huge page (model/prims/pmd.c): */
#define TF_HENTRY	0x10	/* the DAX entry lock it holds is the 2 MiB
				 * entry's, one lock for every page of the range */
#define TF_BUSY		0x20	/* its last page-table check or entry grab said
				 * to back off (a PMD or PTE table in the way,
				 * -EEXIST, an extent shorter than the PMD) */
#define TF_FALLBACK	0x40	/* a PMD fault that fell back: it runs the PTE
				 * fault handler (VM_FAULT_FALLBACK) */

/*
 * The huge page (a scenario's `huge` line: 2-4 pages standing for the 512
 * of a 2 MiB PMD).  struct state.slot is the page-table slot over it, the
 * PMD: bits, so that a corrupt slot (a PMD leaf and a PTE table at once,
 * pt-corruption) is a state like any other.  While a leaf is present the
 * PTEs of its pages (struct state.pte) say what it maps: each page's block
 * for a DAX PMD, the hole page for the huge zero page.
 */
#define SLOT_TABLE	0x01	/* a PTE table hangs here (a 4 KiB fault's PTE) */
#define SLOT_LEAF	0x02	/* a huge PMD maps the range */
#define SLOT_HZP	0x04	/* ... and it is the huge zero page */

/* struct state.hentry: the radix tree's 2 MiB entry over the huge page. */
#define HENTRY_NONE	0
#define HENTRY_EMPTY	1	/* a locked empty entry (RADIX_DAX_EMPTY) */
#define HENTRY_ZERO	2	/* the huge zero page's (RADIX_DAX_HZP) */
#define HENTRY_DAX	3	/* a PMD with storage behind it */
#define TF_DSYNC	0x80	/* a write fault through a MAP_SYNC mapping found
				 * the inode's metadata not in the log
				 * (IOMAP_F_DIRTY): VM_FAULT_NEEDDSYNC, v4.15 */

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
	LOCK_JOURNAL,		/* the jbd2 journal (ext4): a handle holds it shared
				 * (start_this_handle .. jbd2_journal_stop), a commit
				 * exclusive from T_LOCKED (model/prims/journal.c) */
	NR_LOCKS
};
#define LOCK_NONE		(-1)
#define LOCK_IS_PER_PAGE(l)	((l) >= LOCK_RANGE && (l) <= LOCK_PAGE)
#define LOCK_SHARED_BIT(l)	(1u << (2 * (l)))
#define LOCK_EXCL_BIT(l)	(1u << (2 * (l) + 1))

struct thread_state {
	uint8_t ip;	/* index of the user access to run next; nops when done */
	uint8_t pc;	/* handler step to run next, or PC_USER */
	uint8_t blk;	/* handler local: block get_block returned, or NO_BLOCK */
	uint8_t flags;	/* handler local: TF_NEW */
	uint8_t zpos;	/* handler local: next word clear_pmem zeroes */
	uint8_t wback;	/* bit b: this thread wrote block b back (clwb) and
			 * has not fenced it (crash scenarios only) */
	uint16_t held;	/* locks held, LOCK_*_BIT */
};

struct state {
	struct thread_state t[MAX_THREADS];
	uint8_t map[MAX_PAGES];			/* file block map */
	uint8_t pte[MAX_MMS][MAX_PAGES];	/* each process's page table */
	uint8_t data[MAX_BLOCKS][MAX_WORDS];	/* contents of the block pool */
	uint8_t shadow[MAX_PAGES][MAX_WORDS];	/* last user store, 0 = none */
	uint8_t allocated;			/* bit b: block b is allocated */
	uint8_t cache;				/* bit p: the page cache holds a
						 * hole page for page p */
	uint8_t unwritten;			/* bit p: page p's block is an
						 * unwritten extent (reads as zero
						 * to read(2); mapped, it is raw) */
	uint8_t waitq[MAX_THREADS];		/* per thread: 0, or its place (1 =
						 * first) in the wait queue of the
						 * DAX entry of its operation's page,
						 * asleep in get_unlocked_mapping_entry
						 * until a wake-up takes it off */
	/* The huge page: a scenario with `huge` only (zero elsewhere). */
	uint8_t slot[MAX_MMS];			/* each process's PMD slot over it:
						 * SLOT_* */
	uint8_t hentry;				/* its 2 MiB radix-tree entry: HENTRY_* */
	uint8_t pentry;				/* bit p: a 4 KiB DAX entry (empty or
						 * with storage) is in the radix tree
						 * at page p of the huge page; in a
						 * scenario with `invalidate` (no huge
						 * page), at page p of the file */
	/* Persistence: crash scenarios only (see above). */
	uint8_t media[MAX_BLOCKS][MAX_WORDS];	/* what the pmem media holds */
	uint8_t flight[MAX_BLOCKS][MAX_WORDS];	/* the newest value written back
						 * and not yet fenced, or
						 * FLIGHT_NONE */
	uint8_t committed[MAX_PAGES];		/* the block map of every committed
						 * transaction (MAPE_*): what the
						 * log may hold at any moment */
	uint8_t durable[MAX_PAGES];		/* the block map the log holds */
	uint8_t wpq;				/* bit b: block b's write-backs are
						 * fenced, in the write-pending
						 * queue, waiting for pcommit (a
						 * platform without ADR) */
	uint8_t pad[6];				/* zero: keeps sizeof a multiple of 8 */
};

_Static_assert(sizeof(struct state) % 8 == 0, "state size is not a multiple of 8");
_Static_assert(MAX_BLOCKS <= 8, "allocated is an 8-bit bitmap");
_Static_assert(2 * NR_LOCKS <= 14, "held is a 14-bit bitmap (pack.c packs the top two with pc)");
_Static_assert(MAX_THREADS < 16, "a wait-queue place fits in four bits");
_Static_assert(MAX_PAGES <= 8, "cache and unwritten are 8-bit bitmaps");
_Static_assert(MAX_BLOCKS <= 8 && MAX_BLOCKS <= MAPE_UNWRITTEN,
	       "wback and wpq are 8-bit bitmaps, and MAPE_ entries hold a block");

/* Where the persistence fields begin: every field from it on is a crash
 * scenario's only (a thread's wback, also one, stays in its record). */
#define STATE_PERSIST_START	offsetof(struct state, media)

_Static_assert(offsetof(struct state, flight) > STATE_PERSIST_START &&
	       offsetof(struct state, committed) > STATE_PERSIST_START &&
	       offsetof(struct state, durable) > STATE_PERSIST_START &&
	       offsetof(struct state, wpq) > STATE_PERSIST_START &&
	       offsetof(struct state, unwritten) < STATE_PERSIST_START,
	       "the persistence fields are the last of struct state");

/*
 * Copy src over dst in a search with (crash 1) or without crashes.
 * Without, only the bytes before STATE_PERSIST_START are copied: the
 * caller keeps dst's persistence fields at their initial values (a state
 * of a crash-free search, or one state_init() filled), as src's are, so
 * that dst ends byte for byte equal to src.  The state is copied for every
 * successor, and the persistence fields are about two fifths of it.
 */
static inline void state_copy(struct state *dst, const struct state *src, int crash)
{
	if (crash)
		*dst = *src;
	else
		memcpy(dst, src, STATE_PERSIST_START);
}

struct scenario;

/* Fill *s with the initial state of scenario sc: every page a hole, no
 * PTEs, no hole pages, every block free and STALE, every thread at its
 * first operation. */
void state_init(struct state *s, const struct scenario *sc);

/* Returns 1 if the two states are byte-for-byte equal, 0 otherwise. */
int state_equal(const struct state *a, const struct state *b);

#endif
