/*
 * alloc.c - the filesystem allocates a free block (xfs_bmap_alloc,
 * ext2_alloc_branch) into the thread's hands, BH_New, not yet in the
 * block map: no other thread can reach it until map_block puts it there.
 * Allocation takes the lowest free block, so a state never depends on the
 * order blocks were freed in; while the pool is dry it waits (LOCK_POOL).
 */
#include "prims.h"

static int alloc_enabled(const struct model *m, const struct state *s, int tid,
			 const struct step *st)
{
	(void)m;
	(void)tid;
	(void)st;
	return !prim_pool_dry(s);
}

static int alloc_waits_for(const struct model *m, const struct state *s, int tid,
			   const struct step *st)
{
	return alloc_enabled(m, s, tid, st) ? LOCK_NONE : LOCK_POOL;
}

static void alloc_run(const struct model *m, struct state *s, int tid, int page,
		      const struct step *st, struct effect *e)
{
	struct thread_state *t = &s->t[tid];
	int b = prim_alloc_block(s);

	(void)m;
	(void)page;
	(void)st;
	t->blk = (uint8_t)b;
	t->flags |= TF_NEW;
	t->zpos = 0;
	e->kind = EFF_ALLOC;
	e->block = (uint8_t)b;
}

static void alloc_footprint(const struct model *m, const struct state *s, int tid,
			    const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)m;
	(void)tid;
	(void)st;
	(void)page;
	(void)effect;
	footprint_allocates(fp, s);
}

static void alloc_future(struct future_walk *w, const struct future_at *at)
{
	future_pool_all(w);
	for (int b = 0; b < MAX_BLOCKS; b++)
		if (w->env->alloc >> b & 1)
			future_wr(w, FP_MISC, FP_POOL(b));
	future_go(w, at->ip, at->st->next, w->env->alloc, at->flags | TF_NEW, 0);
}

/* The block it takes becomes allocated, which would heal a PTE mapping it
 * freed: no PTE maps it (the state has no violation), and the added read
 * keeps every postponed path from installing one. */
static int alloc_heals_nothing(const struct model *m, const struct state *s, int tid,
			       const struct step *st, struct footprint *fp)
{
	(void)m;
	(void)tid;
	(void)st;
	footprint_set(fp->read, FP_POINT, FP_PTEPT(prim_lowest_free(s)));
	return 1;
}

static int alloc_paths(struct paths *P, const struct step *s, uint32_t a)
{
	if (a & A_LOOSE)
		return paths_fail(P, s, "%s can run while the block allocated before it is out "
				  "of the block map (it would leak)", s->name);
	return paths_go(P, paths_looked_up(a) | A_BLK | A_NEW | A_LOOSE | (a & A_UNW), s->next, s);
}

static void alloc_promela_enabled(struct emitter *E, const struct step *st)
{
	(void)st;
	fprintf(E->f, "(allocated != %u)", (1u << MAX_BLOCKS) - 1);
}

static void alloc_promela(struct emitter *E, int in, const struct step *st)
{
	(void)st;
	emit(E, in, "ALLOC_BLOCK;");
	emit(E, in, "blk[_pid] = b;");
	emit(E, in, "flags[_pid] = flags[_pid] | TF_NEW;");
	emit(E, in, "zpos[_pid] = 0;");
}

const struct prim_ops prim_alloc_ops = {
	.name = "alloc", .arg = PRIM_ARG_NONE,
	.what = "allocate a free block, not yet in the block map",
	.brief = "allocate a block",
	.flags = PRIM_OPENS_WINDOW, .lock = LOCK_NONE,
	.enabled = alloc_enabled, .waits_for = alloc_waits_for, .run = alloc_run,
	.footprint = alloc_footprint, .future = alloc_future,
	.heals_nothing = alloc_heals_nothing, .paths = alloc_paths,
	.promela_enabled = alloc_promela_enabled, .promela_body = alloc_promela,
};
