/*
 * convert.c - the filesystem converts the page's unwritten extent to
 * written (xfs_iomap_write_unwritten, after the PTE is in): no property
 * reads the unwritten bit, so it heals nothing.
 */
#include "prims.h"

static void convert_run(const struct model *m, struct state *s, int tid, int page,
			const struct step *st, struct effect *e)
{
	uint8_t bit = (uint8_t)(1u << page);

	(void)m;
	(void)tid;
	(void)st;
	e->kind = EFF_CONVERT;
	e->block = s->map[page];
	e->flag = (s->unwritten & bit) != 0;
	s->unwritten &= (uint8_t)~bit;
}

static void convert_footprint(const struct model *m, const struct state *s, int tid,
			      const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)m;
	(void)tid;
	(void)st;
	(void)effect;
	footprint_set(fp->read, FP_MISC, FP_MAP(page));
	footprint_set(fp->read, FP_MISC, FP_UNWRITTEN(page));
	if ((s->unwritten >> page) & 1)
		footprint_set(fp->write, FP_MISC, FP_UNWRITTEN(page));
}

static void convert_future(struct future_walk *w, const struct future_at *at)
{
	int p = at->page;

	future_rd(w, FP_MISC, FP_MAP(p));
	future_rd(w, FP_MISC, FP_UNWRITTEN(p));
	if (w->env->unwritten[p] & FE_1) {
		future_wr(w, FP_MISC, FP_UNWRITTEN(p));
		w->out->w.unwritten[p] |= FE_0;
	}
	future_go(w, at->ip, at->st->next, at->blk, at->flags, at->zpos);
}

static int convert_paths(struct paths *P, const struct step *s, uint32_t a)
{
	return paths_go(P, a, s->next, s);
}

static void convert_promela(struct emitter *E, int in, const struct step *st)
{
	(void)st;
	emit(E, in, "unwritten = unwritten & (255 - (1 << pg));");
}

const struct prim_ops prim_convert_ops = {
	.name = "convert", .arg = PRIM_ARG_NONE,
	.what = "convert the page's unwritten extent to written",
	.brief = "convert the unwritten extent",
	.lock = LOCK_NONE,
	.run = convert_run, .footprint = convert_footprint,
	.future = convert_future, .paths = convert_paths,
	.promela_body = convert_promela,
};
