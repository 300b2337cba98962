/*
 * free_block.c - the punch path removes the page's extent and frees its
 * block (xfs_bunmapi, ext4_ext_remove_space, __ext2_truncate_blocks).  The
 * block goes back to the pool, where another file may take it: from now
 * on its contents are STALE.  The punched range reads as zeros, so no
 * store to the page survives it: its shadow is cleared.
 */
#include "prims.h"

static void free_block_run(const struct model *m, struct state *s, int tid, int page,
			   const struct step *st, struct effect *e)
{
	int b = s->map[page];

	(void)m;
	(void)tid;
	(void)st;
	e->kind = EFF_FREE;
	e->block = (uint8_t)b;
	if (b != NO_BLOCK) {
		s->allocated &= (uint8_t)~(1u << b);
		memset(s->data[b], VAL_STALE, sizeof(s->data[b]));
		s->map[page] = NO_BLOCK;
		s->unwritten &= (uint8_t)~(1u << page);
	}
	memset(s->shadow[page], 0, sizeof(s->shadow[page]));
}

static void free_block_footprint(const struct model *m, const struct state *s, int tid,
				 const struct step *st, int page, int effect,
				 struct footprint *fp)
{
	(void)m;
	(void)tid;
	(void)st;
	(void)effect;
	footprint_set(fp->write, FP_MISC, FP_MAP(page));
	if (s->map[page] != NO_BLOCK) {
		int b = s->map[page];

		footprint_set(fp->write, FP_MISC, FP_POOL(b));
		footprint_set(fp->write, FP_MISC, FP_UNWRITTEN(page));
		for (int w = 0; w < MAX_WORDS; w++)
			footprint_set(fp->write, FP_DATA, 8 * b + w);
	}
	for (int w = 0; w < MAX_WORDS; w++)
		footprint_set(fp->write, FP_SHADOW, 8 * page + w);
}

static void free_block_future(struct future_walk *w, const struct future_at *at)
{
	int p = at->page;
	uint16_t mv = w->env->map[p];

	future_rd(w, FP_MISC, FP_MAP(p));
	future_wr(w, FP_MISC, FP_MAP(p));
	for (int b = 0; b < MAX_BLOCKS; b++) {
		if (!(mv >> b & 1))
			continue;
		future_wr(w, FP_MISC, FP_POOL(b));
		future_wr(w, FP_MISC, FP_UNWRITTEN(p));
		future_wr(w, FP_POINT, FP_MAPPT(b));
		for (int x = 0; x < MAX_WORDS; x++)
			future_wr(w, FP_DATA, 8 * b + x);
	}
	for (int x = 0; x < MAX_WORDS; x++)
		future_wr(w, FP_SHADOW, 8 * p + x);
	w->out->w.map[p] |= FE_HOLE;
	w->out->w.alloc |= (uint8_t)(mv & FE_BLOCKS);
	w->out->w.unwritten[p] |= FE_0;
	future_go(w, at->ip, at->st->next, at->blk, at->flags, at->zpos);
}

/* It clears shadows and the block map: it can make anything whole. */
static int free_block_heals_nothing(const struct model *m, const struct state *s, int tid,
				    const struct step *st, struct footprint *fp)
{
	(void)m;
	(void)s;
	(void)tid;
	(void)st;
	(void)fp;
	return 0;
}

static int free_block_paths(struct paths *P, const struct step *s, uint32_t a)
{
	return paths_go(P, a, s->next, s);
}

static void free_block_promela(struct emitter *E, int in, const struct step *st)
{
	(void)st;
	emit(E, in, "b = map[pg];");
	emit(E, in, "if");
	emit(E, in, ":: b != NOB ->");
	emit(E, in + 1, "allocated = allocated & (255 - (1 << b));");
	emit(E, in + 1, "w = 0;");
	emit(E, in + 1, "do :: w < NWORDS -> data[b * NWORDS + w] = STALE; w++ :: else -> break od;");
	emit(E, in + 1, "map[pg] = NOB;");
	emit(E, in + 1, "unwritten = unwritten & (255 - (1 << pg))");
	emit(E, in, ":: else -> skip");
	emit(E, in, "fi;");
	emit(E, in, "w = 0;");
	emit(E, in, "do :: w < NWORDS -> shadow[pg * NWORDS + w] = 0; w++ :: else -> break od;");
}

const struct prim_ops prim_free_block_ops = {
	.name = "free_block", .arg = PRIM_ARG_NONE,
	.what = "remove the page's extent and free its block (xfs_bunmapi)",
	.brief = "free the block",
	.lock = LOCK_NONE,
	.run = free_block_run, .footprint = free_block_footprint,
	.future = free_block_future, .heals_nothing = free_block_heals_nothing,
	.paths = free_block_paths, .promela_body = free_block_promela,
};
