/*
 * footprint.c - the exact footprint of a thread's next step (footprint.h).
 *
 * The resource bits are laid out in footprint.h.  Every case below
 * follows prim_enabled and prim_run (model/prim.c) and user_op
 * (model/exec.c) line by line, plus what the step-judged property
 * use-after-free reads: the allocated bit of the block a store, load or
 * zeroing touches.  A step writes an object only if, in this state, it
 * changes it (vm_insert_mixed over a present PTE fails with -EBUSY and
 * only reads it); what decided that is read.
 */
#include <string.h>

#include "footprint.h"
#include "prim.h"

void footprint_lock_bit(int l, int p, int *word, int *bit)
{
	if (LOCK_IS_PER_PAGE(l)) {
		*word = FP_PLOCK;
		*bit = 16 * (l - LOCK_RANGE) + 2 * p;
	} else {
		*word = FP_MISC;
		*bit = 40 + 2 * l;
	}
}

/* The step reads who holds lock l (page p's instance) in any mode. */
static void reads_holders(struct footprint *fp, int l, int p)
{
	int w, b;

	if (l == LOCK_NONE)
		return;
	footprint_lock_bit(l, p, &w, &b);
	footprint_set(fp->read, w, b);
	footprint_set(fp->read, w, b + 1);
}

/* Take or release lock l exclusive: reads every holder, writes the owner. */
static void excl(struct footprint *fp, int l, int p)
{
	int w, b;

	footprint_lock_bit(l, p, &w, &b);
	footprint_set(fp->read, w, b);
	footprint_set(fp->write, w, b + 1);
}

/* Take or release lock l shared: reads the exclusive owner, counts. */
static void shared(struct footprint *fp, int l, int p)
{
	int w, b;

	footprint_lock_bit(l, p, &w, &b);
	footprint_set(fp->count, w, b);
	footprint_set(fp->read, w, b + 1);
}

/* A store, load or zeroing of word w of block b. */
static void touch_block(struct footprint *fp, int b, int w, int write)
{
	footprint_set(write ? fp->write : fp->read, FP_DATA, 8 * b + w);
	footprint_set(fp->read, FP_MISC, FP_POOL(b));
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
		footprint_set(fp->read, FP_MISC, FP_POOL(b));
	footprint_set(fp->write, FP_MISC, FP_POOL(lowest_free(s)));
}

static void user_footprint(const struct model *m, const struct state *s, int tid,
			   struct footprint *fp, int effect)
{
	const struct op *op = &m->sc->prog[tid].ops[s->t[tid].ip];
	uint8_t pte = s->pte[op->page];

	/* Every user step's effect records the page's PTE; an access's
	 * outcome depends on it, a punch's entry does not. */
	if (effect || op->kind != OP_PUNCH)
		footprint_set(fp->read, FP_MISC, FP_PTE(op->page));
	if (op->kind == OP_PUNCH)
		return;		/* enters the punch path */
	if (pte == PTE_NONE || pte == PTE_HOLE)
		return;		/* a fault (a load of the hole page reads zeros) */
	if (op->kind == OP_STORE) {
		touch_block(fp, pte, op->word, 1);
		footprint_set(fp->write, FP_SHADOW, 8 * op->page + op->word);
	} else {
		touch_block(fp, pte, op->word, 0);
	}
}

/* effect: include what only the step's effect records. */
static void next_footprint(const struct model *m, const struct state *s, int tid,
			   struct footprint *fp, int effect)
{
	const struct thread_state *t = &s->t[tid];
	const struct step *st = exec_next_step(m, s, tid);
	int p, l, cached;

	memset(fp, 0, sizeof(*fp));
	if (!st) {
		user_footprint(m, s, tid, fp, effect);
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
		footprint_set(fp->read, FP_MISC, FP_MAP(p));
		footprint_set(fp->read, FP_MISC, FP_UNWRITTEN(p));
		break;
	case PRIM_GET_BLOCK_CREATE:
		footprint_set(fp->read, FP_MISC, FP_MAP(p));
		footprint_set(fp->read, FP_MISC, FP_UNWRITTEN(p));
		if (s->map[p] == NO_BLOCK) {
			footprint_set(fp->write, FP_MISC, FP_MAP(p));
			footprint_set(fp->write, FP_MISC, FP_UNWRITTEN(p));
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
		footprint_set(fp->read, FP_MISC, FP_MAP(p));
		if (s->map[p] != t->blk)
			footprint_set(fp->write, FP_MISC, FP_MAP(p));
		break;
	case PRIM_CONVERT:
		footprint_set(fp->read, FP_MISC, FP_MAP(p));
		footprint_set(fp->read, FP_MISC, FP_UNWRITTEN(p));
		if ((s->unwritten >> p) & 1)
			footprint_set(fp->write, FP_MISC, FP_UNWRITTEN(p));
		break;
	case PRIM_LOAD_HOLE:
		/* Writes what it changes: the cache bit if not yet set, the
		 * PTE if it maps the hole page over it; reads both anyway. */
		reads_holders(fp, LOCK_PAGE, p);
		footprint_set(fp->read, FP_MISC, FP_CACHE(p));
		footprint_set(fp->read, FP_MISC, FP_PTE(p));
		if (!cached)
			footprint_set(fp->write, FP_MISC, FP_CACHE(p));
		if (s->pte[p] == PTE_NONE || (l == HOLE_NO_PTE_SAME && s->pte[p] != PTE_HOLE))
			footprint_set(fp->write, FP_MISC, FP_PTE(p));
		break;
	case PRIM_DROP_HOLE:
		/* Without a hole page only the effect notes the PTE. */
		footprint_set(fp->read, FP_MISC, FP_CACHE(p));
		if (effect || cached)
			footprint_set(fp->read, FP_MISC, FP_PTE(p));
		if (cached) {
			reads_holders(fp, LOCK_PAGE, p);
			reads_holders(fp, l, p);
			footprint_set(fp->write, FP_MISC, FP_CACHE(p));
			footprint_set(fp->write, FP_MISC, FP_PTE(p));
		}
		break;
	case PRIM_INSERT_PFN:
		/* -EBUSY over a present PTE changes nothing. */
		footprint_set(fp->read, FP_MISC, FP_PTE(p));
		if (s->pte[p] == PTE_NONE)
			footprint_set(fp->write, FP_MISC, FP_PTE(p));
		break;
	case PRIM_FIND_PAGE:
		footprint_set(fp->read, FP_MISC, FP_CACHE(p));
		if (cached)
			excl(fp, LOCK_PAGE, p);
		break;
	case PRIM_UNMAP:
		footprint_set(fp->read, FP_MISC, FP_CACHE(p));
		footprint_set(fp->read, FP_MISC, FP_PTE(p));
		if (cached)
			footprint_set(fp->write, FP_MISC, FP_CACHE(p));
		if (s->pte[p] != PTE_NONE)
			footprint_set(fp->write, FP_MISC, FP_PTE(p));
		if (cached)
			reads_holders(fp, LOCK_PAGE, p);
		reads_holders(fp, l, p);
		break;
	case PRIM_FREE_BLOCK:
		footprint_set(fp->write, FP_MISC, FP_MAP(p));
		if (s->map[p] != NO_BLOCK) {
			int b = s->map[p];

			footprint_set(fp->write, FP_MISC, FP_POOL(b));
			footprint_set(fp->write, FP_MISC, FP_UNWRITTEN(p));
			for (int w = 0; w < MAX_WORDS; w++)
				footprint_set(fp->write, FP_DATA, 8 * b + w);
		}
		for (int w = 0; w < MAX_WORDS; w++)
			footprint_set(fp->write, FP_SHADOW, 8 * p + w);
		break;
	case NR_PRIMS:
		break;
	}
}

void footprint_next(const struct model *m, const struct state *s, int tid,
		    struct footprint *fp)
{
	next_footprint(m, s, tid, fp, 1);
}

void footprint_semantic(const struct model *m, const struct state *s, int tid,
			struct footprint *fp)
{
	next_footprint(m, s, tid, fp, 0);
}
