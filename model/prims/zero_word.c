/*
 * zero_word.c - clear_pmem (or the filesystem's xfs_zero_extent,
 * dax_clear_blocks) of one word of the thread's block, the next one
 * (zpos): clearing a page is not atomic against another CPU's store, so a
 * table loops on it while `if zeroing` holds.
 */
#include "prims.h"

static void zero_word_run(const struct model *m, struct state *s, int tid, int page,
			  const struct step *st, struct effect *e)
{
	struct thread_state *t = &s->t[tid];

	(void)page;
	(void)st;
	assert(t->blk != NO_BLOCK && t->zpos < m->sc->words);
	e->kind = EFF_ZERO;
	e->block = t->blk;
	e->word = t->zpos;
	e->old = s->data[t->blk][t->zpos];
	s->data[t->blk][t->zpos] = VAL_ZERO;
	t->zpos++;
}

static void zero_word_footprint(const struct model *m, const struct state *s, int tid,
				const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)m;
	(void)st;
	(void)page;
	(void)effect;
	footprint_block(fp, s->t[tid].blk, s->t[tid].zpos, 1);
}

static void zero_word_future(struct future_walk *w, const struct future_at *at)
{
	if (at->zpos >= w->m->sc->words)
		return;		/* run() asserts it never happens */
	for (int b = 0; b < MAX_BLOCKS; b++) {
		if (at->blk >> b & 1) {
			future_wr(w, FP_DATA, 8 * b + at->zpos);
			future_rd(w, FP_MISC, FP_POOL(b));
		}
	}
	future_go(w, at->ip, at->st->next, at->blk, at->flags, at->zpos + 1);
}

/* It writes zero, which no stored value is: it loses stores, heals none. */

/* `if zeroing` (validate_table) means it has a block. */
static int zero_word_paths(struct paths *P, const struct step *s, uint32_t a)
{
	return paths_go(P, a | A_ZEROED, s->next, s);
}

static void zero_word_promela(struct emitter *E, int in, const struct step *st)
{
	(void)st;
	emit(E, in, "assert(blk[_pid] != NOB && zpos[_pid] < NWORDS);");
	emit(E, in, "touched = blk[_pid];");
	emit(E, in, "data[blk[_pid] * NWORDS + zpos[_pid]] = 0;");
	emit(E, in, "zpos[_pid]++;");
}

const struct prim_ops prim_zero_word_ops = {
	.name = "zero_word", .arg = PRIM_ARG_NONE,
	.what = "zero one word of the block (clear_pmem)",
	.brief = "zero a word",
	.lock = LOCK_NONE,
	.run = zero_word_run, .footprint = zero_word_footprint,
	.future = zero_word_future, .paths = zero_word_paths,
	.promela_body = zero_word_promela,
};
