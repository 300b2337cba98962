/*
 * copy.c - write(2)'s copy of the user's value into the block
 * (copy_from_iter_pmem in dax_iomap_actor): word `word` of the thread's
 * block gets the value, with no fault and no PTE.  It is a completed user
 * store, like one through a mapping: the word's shadow takes the value, so
 * a later clear_pmem over it is a lost store.
 */
#include "prims.h"

static void copy_run(const struct model *m, struct state *s, int tid, int page,
		     const struct step *st, struct effect *e)
{
	const struct op *op = &m->sc->prog[tid].ops[s->t[tid].ip];
	struct thread_state *t = &s->t[tid];

	(void)st;
	assert(t->blk != NO_BLOCK);
	e->kind = EFF_STORE;
	e->block = t->blk;
	e->word = op->word;
	e->value = op->value;
	e->old = s->data[t->blk][op->word];
	s->data[t->blk][op->word] = op->value;
	s->shadow[page][op->word] = op->value;
}

static void copy_footprint(const struct model *m, const struct state *s, int tid,
			   const struct step *st, int page, int effect, struct footprint *fp)
{
	int w = m->sc->prog[tid].ops[s->t[tid].ip].word;

	(void)st;
	(void)effect;
	footprint_block(fp, s->t[tid].blk, w, 1);
	footprint_set(fp->write, FP_SHADOW, 8 * page + w);
}

static void copy_future(struct future_walk *w, const struct future_at *at)
{
	int word = w->m->sc->prog[w->tid].ops[at->ip].word;

	for (int b = 0; b < MAX_BLOCKS; b++) {
		if (at->blk >> b & 1) {
			future_wr(w, FP_DATA, 8 * b + word);
			future_rd(w, FP_MISC, FP_POOL(b));
		}
	}
	future_wr(w, FP_SHADOW, 8 * at->page + word);
	future_go(w, at->ip, at->st->next, at->blk, at->flags, at->zpos);
}

/*
 * It writes a word's data and shadow, which heals a lost store of that
 * word unless the word was good already: as a store through a PTE
 * (model/ample.c), it heals nothing when its block is the page's in the
 * block map, with the map entry and the block's owner read.
 */
static int copy_heals_nothing(const struct model *m, const struct state *s, int tid,
			      const struct step *st, struct footprint *fp)
{
	int p = prim_op_page(m, s, tid), b = s->t[tid].blk;

	(void)st;
	if (s->map[p] != b)
		return 0;
	footprint_set(fp->read, FP_MISC, FP_MAP(p));
	footprint_set(fp->read, FP_POINT, FP_MAPPT(b));
	return 1;
}

static int copy_paths(struct paths *P, const struct step *s, uint32_t a)
{
	if (!(a & A_BLK))
		return paths_fail(P, s, "%s can run with no block to copy into", s->name);
	return paths_go(P, a, s->next, s);
}

static void copy_promela(struct emitter *E, int in, const struct step *st)
{
	(void)st;
	emit(E, in, "assert(blk[_pid] != NOB);");
	emit(E, in, "touched = blk[_pid];");
	emit(E, in, "data[blk[_pid] * NWORDS + OPWD(_pid)] = OPVAL(_pid);");
	emit(E, in, "shadow[pg * NWORDS + OPWD(_pid)] = OPVAL(_pid);");
}

const struct prim_ops prim_copy_ops = {
	.name = "copy", .arg = PRIM_ARG_NONE,
	.what = "copy write(2)'s value into the block (copy_from_iter_pmem)",
	.brief = "copy the written value",
	.lock = LOCK_NONE,
	.run = copy_run, .footprint = copy_footprint,
	.future = copy_future, .heals_nothing = copy_heals_nothing, .paths = copy_paths,
	.promela_body = copy_promela,
};
