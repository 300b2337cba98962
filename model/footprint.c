/*
 * footprint.c - the exact footprint of a thread's next step (footprint.h).
 *
 * Resource bits, four 64-bit words:
 *   word 0  DATA(b, w)    bit 8b + w: word w of block b
 *   word 1  SHADOW(p, w)  bit 8p + w: the last user store to page p word w
 *   word 2  MAP(p) 0-7, PTE(p) 8-15, CACHE(p) 16-23, UNWRITTEN(p) 24-31,
 *           POOL(b) 32-39 (block b's allocated bit), then the global locks
 *           (ILOCK, i_mmap_rwsem, MMAPLOCK) at 40 + 2l: shared holders,
 *           40 + 2l + 1: the exclusive holder
 *   word 3  the per-page locks (range, entry, page): 16 (l - LOCK_RANGE) +
 *           2p for shared holders of page p's instance, + 1 exclusive
 * Every case below follows prim_enabled and prim_run (model/prim.c) and
 * user_op (model/exec.c) line by line, plus what the step-judged property
 * use-after-free reads: the allocated bit of the block a store, load or
 * zeroing touches.  A step writes an object only if, in this state, it
 * changes it (vm_insert_mixed over a present PTE fails with -EBUSY and
 * only reads it); what decided that is read.
 */
#include <string.h>

#include "footprint.h"
#include "prim.h"

#define W_DATA		0
#define W_SHADOW	1
#define W_MISC		2
#define W_PLOCK		3

#define B_MAP(p)	(p)
#define B_PTE(p)	(8 + (p))
#define B_CACHE(p)	(16 + (p))
#define B_UNWRITTEN(p)	(24 + (p))
#define B_POOL(b)	(32 + (b))

static void set(uint64_t *v, int word, int bit)
{
	v[word] |= (uint64_t)1 << bit;
}

/* Lock l's instance for page p: its shared-holders and exclusive-holder bits. */
static void lock_bits(int l, int p, int *word, int *bit)
{
	if (LOCK_IS_PER_PAGE(l)) {
		*word = W_PLOCK;
		*bit = 16 * (l - LOCK_RANGE) + 2 * p;
	} else {
		*word = W_MISC;
		*bit = 40 + 2 * l;
	}
}

/* The step reads who holds lock l (page p's instance) in any mode. */
static void reads_holders(struct footprint *fp, int l, int p)
{
	int w, b;

	if (l == LOCK_NONE)
		return;
	lock_bits(l, p, &w, &b);
	set(fp->read, w, b);
	set(fp->read, w, b + 1);
}

/* Take or release lock l exclusive: reads every holder, writes the owner. */
static void excl(struct footprint *fp, int l, int p)
{
	int w, b;

	lock_bits(l, p, &w, &b);
	set(fp->read, w, b);
	set(fp->write, w, b + 1);
}

/* Take or release lock l shared: reads the exclusive owner, counts. */
static void shared(struct footprint *fp, int l, int p)
{
	int w, b;

	lock_bits(l, p, &w, &b);
	set(fp->count, w, b);
	set(fp->read, w, b + 1);
}

/* A store, load or zeroing of word w of block b. */
static void touch_block(struct footprint *fp, int b, int w, int write)
{
	set(write ? fp->write : fp->read, W_DATA, 8 * b + w);
	set(fp->read, W_MISC, B_POOL(b));
}

/* The lowest free block, as alloc_block() takes it. */
static int lowest_free(const struct state *s)
{
	for (int b = 0; b < MAX_BLOCKS; b++)
		if (!(s->allocated & (1u << b)))
			return b;
	return MAX_BLOCKS - 1;
}

static void allocates(struct footprint *fp, const struct state *s)
{
	for (int b = 0; b < MAX_BLOCKS; b++)
		set(fp->read, W_MISC, B_POOL(b));
	set(fp->write, W_MISC, B_POOL(lowest_free(s)));
}

static void user_footprint(const struct model *m, const struct state *s, int tid,
			   struct footprint *fp)
{
	const struct op *op = &m->sc->prog[tid].ops[s->t[tid].ip];
	uint8_t pte = s->pte[op->page];

	/* Every user step's effect records the page's PTE. */
	set(fp->read, W_MISC, B_PTE(op->page));
	if (op->kind == OP_PUNCH)
		return;		/* enters the punch path */
	if (pte == PTE_NONE || pte == PTE_HOLE)
		return;		/* a fault (a load of the hole page reads zeros) */
	if (op->kind == OP_STORE) {
		touch_block(fp, pte, op->word, 1);
		set(fp->write, W_SHADOW, 8 * op->page + op->word);
	} else {
		touch_block(fp, pte, op->word, 0);
	}
}

void footprint_next(const struct model *m, const struct state *s, int tid,
		    struct footprint *fp)
{
	const struct thread_state *t = &s->t[tid];
	const struct step *st = exec_next_step(m, s, tid);
	int p, l, cached;

	memset(fp, 0, sizeof(*fp));
	if (!st) {
		user_footprint(m, s, tid, fp);
		return;
	}
	p = m->sc->prog[tid].ops[t->ip].page;
	l = st->arg;
	cached = (s->cache >> p) & 1;
	switch (st->prim) {
	case PRIM_LOCK:
	case PRIM_UNLOCK:
		excl(fp, l, p);
		break;
	case PRIM_LOCK_SHARED:
	case PRIM_UNLOCK_SHARED:
		shared(fp, l, p);
		break;
	case PRIM_GET_BLOCK:
		set(fp->read, W_MISC, B_MAP(p));
		set(fp->read, W_MISC, B_UNWRITTEN(p));
		break;
	case PRIM_GET_BLOCK_CREATE:
		set(fp->read, W_MISC, B_MAP(p));
		set(fp->read, W_MISC, B_UNWRITTEN(p));
		if (s->map[p] == NO_BLOCK) {
			set(fp->write, W_MISC, B_MAP(p));
			set(fp->write, W_MISC, B_UNWRITTEN(p));
			allocates(fp, s);
		}
		break;
	case PRIM_ALLOC:
		allocates(fp, s);
		break;
	case PRIM_ZERO_WORD:
		touch_block(fp, t->blk, t->zpos, 1);
		break;
	case PRIM_MAP_BLOCK:
		set(fp->read, W_MISC, B_MAP(p));
		if (s->map[p] != t->blk)
			set(fp->write, W_MISC, B_MAP(p));
		break;
	case PRIM_CONVERT:
		set(fp->read, W_MISC, B_MAP(p));
		set(fp->read, W_MISC, B_UNWRITTEN(p));
		if ((s->unwritten >> p) & 1)
			set(fp->write, W_MISC, B_UNWRITTEN(p));
		break;
	case PRIM_LOAD_HOLE:
		/* Writes what it changes: the cache bit if not yet set, the
		 * PTE if it maps the hole page over it; reads both anyway. */
		reads_holders(fp, LOCK_PAGE, p);
		set(fp->read, W_MISC, B_CACHE(p));
		set(fp->read, W_MISC, B_PTE(p));
		if (!cached)
			set(fp->write, W_MISC, B_CACHE(p));
		if (s->pte[p] == PTE_NONE || (l == HOLE_NO_PTE_SAME && s->pte[p] != PTE_HOLE))
			set(fp->write, W_MISC, B_PTE(p));
		break;
	case PRIM_DROP_HOLE:
		set(fp->read, W_MISC, B_CACHE(p));
		set(fp->read, W_MISC, B_PTE(p));
		if (cached) {
			reads_holders(fp, LOCK_PAGE, p);
			reads_holders(fp, l, p);
			set(fp->write, W_MISC, B_CACHE(p));
			set(fp->write, W_MISC, B_PTE(p));
		}
		break;
	case PRIM_INSERT_PFN:
		/* -EBUSY over a present PTE changes nothing. */
		set(fp->read, W_MISC, B_PTE(p));
		if (s->pte[p] == PTE_NONE)
			set(fp->write, W_MISC, B_PTE(p));
		break;
	case PRIM_FIND_PAGE:
		set(fp->read, W_MISC, B_CACHE(p));
		if (cached)
			excl(fp, LOCK_PAGE, p);
		break;
	case PRIM_UNMAP:
		set(fp->read, W_MISC, B_CACHE(p));
		set(fp->read, W_MISC, B_PTE(p));
		if (cached)
			set(fp->write, W_MISC, B_CACHE(p));
		if (s->pte[p] != PTE_NONE)
			set(fp->write, W_MISC, B_PTE(p));
		if (cached)
			reads_holders(fp, LOCK_PAGE, p);
		reads_holders(fp, l, p);
		break;
	case PRIM_FREE_BLOCK:
		set(fp->write, W_MISC, B_MAP(p));
		if (s->map[p] != NO_BLOCK) {
			int b = s->map[p];

			set(fp->write, W_MISC, B_POOL(b));
			set(fp->write, W_MISC, B_UNWRITTEN(p));
			for (int w = 0; w < MAX_WORDS; w++)
				set(fp->write, W_DATA, 8 * b + w);
		}
		for (int w = 0; w < MAX_WORDS; w++)
			set(fp->write, W_SHADOW, 8 * p + w);
		break;
	case NR_PRIMS:
		break;
	}
}
