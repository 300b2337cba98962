/*
 * footprint.c - the exact footprint of a thread's next step (footprint.h).
 *
 * The resource bits are laid out in footprint.h.  A user access's
 * footprint is here; a handler step's is its primitive's (model/prims/),
 * built with the helpers below.  Each follows its enabled() and run()
 * line by line, plus what the step-judged property use-after-free reads:
 * the allocated bit of the block a store, load or zeroing touches.  A step
 * writes an object only if, in this state, it changes it (vm_insert_mixed
 * over a present PTE fails with -EBUSY and only reads it); what decided
 * that is read.
 */
#include <string.h>

#include "footprint.h"
#include "prim.h"

void footprint_lock_bit(int l, int p, int *word, int *bit)
{
	if (LOCK_IS_PER_PAGE(l)) {
		*word = FP_PLOCK;
		*bit = 16 * (l - LOCK_RANGE) + 2 * p;
	} else if (l == LOCK_JOURNAL) {
		*word = FP_MISC;
		*bit = FP_JOURNAL;
	} else {
		*word = FP_MISC;
		*bit = 40 + 2 * l;
	}
}

/* The step reads who holds lock l (page p's instance) in any mode. */
void footprint_holders(struct footprint *fp, int l, int p)
{
	int w, b;

	if (l == LOCK_NONE)
		return;
	footprint_lock_bit(l, p, &w, &b);
	footprint_set(fp->read, w, b);
	footprint_set(fp->read, w, b + 1);
}

/* Take or release lock l exclusive: reads every holder, writes the owner. */
void footprint_excl(struct footprint *fp, int l, int p)
{
	int w, b;

	footprint_lock_bit(l, p, &w, &b);
	footprint_set(fp->read, w, b);
	footprint_set(fp->write, w, b + 1);
}

/* Take or release lock l shared: reads the exclusive owner, counts. */
void footprint_shared(struct footprint *fp, int l, int p)
{
	int w, b;

	footprint_lock_bit(l, p, &w, &b);
	footprint_set(fp->count, w, b);
	footprint_set(fp->read, w, b + 1);
}

/* A store, load or zeroing of word w of block b. */
void footprint_block(struct footprint *fp, int b, int w, int write)
{
	footprint_set(write ? fp->write : fp->read, FP_DATA, 8 * b + w);
	footprint_set(fp->read, FP_MISC, FP_POOL(b));
}

void footprint_allocates(struct footprint *fp, const struct state *s)
{
	for (int b = 0; b < MAX_BLOCKS; b++)
		footprint_set(fp->read, FP_MISC, FP_POOL(b));
	footprint_set(fp->write, FP_MISC, FP_POOL(prim_lowest_free(s)));
}

/* A user-space flush of block b (crash scenarios): b written back (its
 * words, media and flights), then the thread's sfence, which reads every
 * block's flights (its own write-backs, the write-pending queue) and
 * writes those of the blocks it fences. */
static void persist_footprint(const struct model *m, const struct state *s, int tid, int b,
			      struct footprint *fp)
{
	uint8_t bl = (uint8_t)(s->t[tid].wback | 1u << b);

	for (int w = 0; w < m->sc->words; w++)
		footprint_set(fp->read, FP_DATA, 8 * b + w);
	for (int x = 0; x < MAX_BLOCKS; x++) {
		footprint_set(fp->read, FP_DUR, FP_FLIGHT(x));
		if (!(bl >> x & 1))
			continue;
		footprint_set(fp->read, FP_DUR, FP_MEDIA(x));
		footprint_set(fp->write, FP_DUR, FP_FLIGHT(x));
		footprint_set(fp->write, FP_DUR, FP_MEDIA(x));
	}
}

static void user_footprint(const struct model *m, const struct state *s, int tid,
			   struct footprint *fp, int effect)
{
	const struct op *op = &m->sc->prog[tid].ops[s->t[tid].ip];
	uint8_t pte = PRIM_PTE(m, s, tid)[op->page];

	/* Every user step's effect records the page's PTE but fsync's, which
	 * is of the whole file; an access's outcome depends on it, a punch's
	 * entry does not. */
	if (op->kind == OP_FSYNC || op->kind == OP_WRITE || op->kind == OP_INVALIDATE)
		return;		/* enters the fsync, write or invalidate path */
	if (effect || op->kind != OP_PUNCH)
		footprint_set(fp->read, FP_MISC, FP_PTE(op->page));
	if (op->kind == OP_PERSIST && m->sc->crash && m->sc->map_sync) {
		/* What fsync-loss judges at a persist through a MAP_SYNC
		 * mapping: the page's entry in the log, the media of the block
		 * it gives, the page's shadows. */
		uint8_t d = s->durable[op->page];

		footprint_set(fp->read, FP_DUR, FP_DURABLE(op->page));
		if (d != NO_BLOCK)
			footprint_set(fp->read, FP_DUR, FP_MEDIA(MAPE_BLOCK(d)));
		for (int w = 0; w < m->sc->words; w++)
			footprint_set(fp->read, FP_SHADOW, 8 * op->page + w);
	}
	if (op->kind == OP_PUNCH)
		return;		/* enters the punch path */
	if (pte == PTE_NONE || pte == PTE_HOLE)
		return;		/* a fault (a load of the hole page reads zeros),
				 * or a persist with nothing to write back */
	if (op->kind == OP_PERSIST) {
		if (m->sc->crash)
			persist_footprint(m, s, tid, pte, fp);
		footprint_set(fp->read, FP_MISC, FP_POOL(pte));
	} else if (op->kind == OP_STORE) {
		footprint_block(fp, pte, op->word, 1);
		footprint_set(fp->write, FP_SHADOW, 8 * op->page + op->word);
	} else {
		footprint_block(fp, pte, op->word, 0);
	}
}

/* effect: include what only the step's effect records. */
static void next_footprint(const struct model *m, const struct state *s, int tid,
			   struct footprint *fp, int effect)
{
	const struct step *st = exec_next_step(m, s, tid);

	memset(fp, 0, sizeof(*fp));
	if (!st) {
		user_footprint(m, s, tid, fp, effect);
		return;
	}
	prim_ops[st->prim]->footprint(m, s, tid, st, prim_op_page(m, s, tid), effect, fp);
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
