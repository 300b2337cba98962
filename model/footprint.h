/*
 * footprint.h - which parts of the shared state a thread's next step reads
 * and writes, in the state it is taken from: the independence relation of
 * both reductions (checker-src/explore.c, model/ample.c).  Each primitive's
 * entry computes its steps' (model/prims/); a user access's is here.
 *
 * A footprint names the exact objects, in that state: this block's word,
 * this page's PTE, this lock instance.
 * Three kinds of access:
 *   read    the step's enabledness, result, effect or judged property
 *           depends on the object;
 *   write   the step changes it;
 *   count   the step takes or releases a lock shared: shared holders do
 *           not exclude one another, so two such steps commute, while
 *           anything that reads the holders (an exclusive take) does not.
 * Two enabled steps of different threads are independent in a state when
 * neither writes what the other touches and neither counts what the other
 * reads: then each stays enabled after the other, and taking them in either
 * order gives the same state and the same two effects.  tests/unit/
 * test_footprint.c checks exactly that on every reachable state of every
 * scenario under every strategy and known-bad twin, and test_exec.c that
 * each primitive's run() writes only what its footprint writes and depends
 * only on what it touches, on random states.
 */
#ifndef DAX_FOOTPRINT_H
#define DAX_FOOTPRINT_H

#include "exec.h"

/*
 * Resource bits, five 64-bit words:
 *   word 0  DATA(b, w)    bit 8b + w: word w of block b
 *   word 1  SHADOW(p, w)  bit 8p + w: the last user store to page p word w
 *   word 2  MAP(p) 0-7, PTE(p) 8-15, CACHE(p) 16-23, UNWRITTEN(p) 24-31,
 *           POOL(b) 32-39 (block b's allocated bit), then the global locks
 *           (ILOCK, i_mmap_rwsem, MMAPLOCK) at 40 + 2l: shared holders,
 *           40 + 2l + 1: the exclusive holder; then the huge page's
 *           objects (word FP_HUGE, the same word): SLOT 46 (the PMD slot),
 *           HENTRY 47 (the 2 MiB radix-tree entry and who holds its lock),
 *           PENTRY(p) 48-55 (a 4 KiB entry at page p); then the jbd2
 *           journal's lock (FP_JOURNAL): 56 its handles, 57 its committer
 *   word 3  the per-page locks (range, entry, page): 16 (l - LOCK_RANGE) +
 *           2p for shared holders of page p's instance, + 1 exclusive;
 *           then WAITQ(p) 48-55, the wait queue of page p's DAX entry
 *   word 4  what points at a block, for the state reduction (model/ample.h):
 *           MAPPT(b) 0-7 "some block map entry holds block b", PTEPT(b)
 *           8-15 "some PTE maps block b".  footprint_next() never sets
 *           them: only the reduction's own reads and model/future.c's
 *           writes do.  Then the persistence objects of a crash scenario
 *           (word FP_DUR, the same word): MEDIA(b) 16-23, what the media
 *           holds of block b; FLIGHT(b) 24-31, block b's words in flight,
 *           with every thread's wback bit and the wpq bit for b (model/
 *           prim.c prim_write_back); COMMITTED(p) 32-39 and DURABLE(p)
 *           40-47, page p's entry in the committed and in the durable
 *           block map.
 */
#define FP_WORDS	5

#define FP_DATA		0
#define FP_SHADOW	1
#define FP_MISC		2
#define FP_PLOCK	3
#define FP_POINT	4
#define FP_DUR		4

#define FP_MAP(p)	(p)
#define FP_PTE(p)	(8 + (p))
#define FP_CACHE(p)	(16 + (p))
#define FP_UNWRITTEN(p)	(24 + (p))
#define FP_POOL(b)	(32 + (b))
#define FP_MAPPT(b)	(b)
#define FP_PTEPT(b)	(8 + (b))
#define FP_MEDIA(b)	(16 + (b))
#define FP_FLIGHT(b)	(24 + (b))
#define FP_COMMITTED(p)	(32 + (p))
#define FP_DURABLE(p)	(40 + (p))
#define FP_WAITQ(p)	(48 + (p))	/* word FP_PLOCK: page p's DAX entry wait
					 * queue, every thread's waitq place */
#define FP_HUGE		FP_MISC		/* the word of the huge page's objects: */
#define FP_SLOT		46		/* the PMD slot */
#define FP_HENTRY	47		/* the 2 MiB entry and who holds its lock */
#define FP_PENTRY(p)	(48 + (p))	/* a 4 KiB entry at page p */
#define FP_JOURNAL	56		/* word FP_MISC: the jbd2 journal's handles
					 * (shared holders), 57 its committer */

struct footprint {
	uint64_t read[FP_WORDS];
	uint64_t write[FP_WORDS];
	uint64_t count[FP_WORDS];
};

/* The footprint of thread tid's next step in s (tid must be enabled). */
void footprint_next(const struct model *m, const struct state *s, int tid,
		    struct footprint *fp);

/*
 * The same, less what only the step's effect records for the trace and no
 * property judges (find_lock_page and the punch entry note the page's PTE
 * without acting on it): what the state reduction needs, since it cares
 * for the states reached and the properties judged, never for traces.
 */
void footprint_semantic(const struct model *m, const struct state *s, int tid,
			struct footprint *fp);

static inline void footprint_set(uint64_t *v, int word, int bit)
{
	v[word] |= (uint64_t)1 << bit;
}

/* Lock l's instance for page p: its word, and its shared-holders bit
 * (the exclusive holder is the next bit). */
void footprint_lock_bit(int l, int p, int *word, int *bit);

/* For the primitives' footprints (model/prims/).  The step reads who holds
 * lock l (page p's instance) in any mode (nothing for LOCK_NONE). */
void footprint_holders(struct footprint *fp, int l, int p);

/* It takes or releases lock l exclusive: reads every holder, writes the
 * owner; or shared: reads the exclusive owner, counts the readers. */
void footprint_excl(struct footprint *fp, int l, int p);
void footprint_shared(struct footprint *fp, int l, int p);

/* It stores to (write) or reads word w of block b, and the use-after-free
 * judgement reads whether b is allocated. */
void footprint_block(struct footprint *fp, int b, int w, int write);

/* It allocates: reads the whole pool, takes the lowest free block. */
void footprint_allocates(struct footprint *fp, const struct state *s);

/* Returns 1 if steps with footprints a and b are independent. */
static inline int footprint_independent(const struct footprint *a, const struct footprint *b)
{
	uint64_t clash = 0;

	for (int i = 0; i < FP_WORDS; i++)
		clash |= (a->write[i] & (b->read[i] | b->write[i] | b->count[i])) |
			 (b->write[i] & (a->read[i] | a->count[i])) |
			 (a->count[i] & b->read[i]) | (b->count[i] & a->read[i]);
	return clash == 0;
}

#endif
