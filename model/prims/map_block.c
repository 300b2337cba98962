/*
 * map_block.c - the filesystem puts the thread's block in the block map
 * (xfs_bmap_add_extent_hole_real, ext2_splice_branch): from now on a
 * lookup finds it.  Argument MAP_CLEAR_NEW returns the buffer not new;
 * MAP_KEEP_NEW leaves BH_New set (ext2 before 86b0624e42d0).
 */
#include "prims.h"

static void map_block_run(const struct model *m, struct state *s, int tid, int page,
			  const struct step *st, struct effect *e)
{
	struct thread_state *t = &s->t[tid];

	(void)m;
	assert(t->blk != NO_BLOCK);
	s->map[page] = t->blk;
	if (st->arg == MAP_CLEAR_NEW)
		t->flags &= (uint8_t)~TF_NEW;
	t->zpos = 0;
	e->kind = EFF_MAP;
	e->block = t->blk;
	e->flag = (t->flags & TF_NEW) != 0;
}

static void map_block_footprint(const struct model *m, const struct state *s, int tid,
				const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)m;
	(void)st;
	(void)effect;
	footprint_set(fp->read, FP_MISC, FP_MAP(page));
	if (s->map[page] != s->t[tid].blk)
		footprint_set(fp->write, FP_MISC, FP_MAP(page));
}

static void map_block_future(struct future_walk *w, const struct future_at *at)
{
	uint16_t blocks = at->blk & FE_BLOCKS;
	int p = at->page;

	future_rd(w, FP_MISC, FP_MAP(p));
	future_wr(w, FP_MISC, FP_MAP(p));
	for (int b = 0; b < MAX_BLOCKS; b++)
		if (blocks >> b & 1)
			future_wr(w, FP_POINT, FP_MAPPT(b));
	w->out->w.map[p] |= blocks;
	future_go(w, at->ip, at->st->next, at->blk,
		  at->st->arg == MAP_CLEAR_NEW ? at->flags & ~TF_NEW : at->flags, 0);
}

/* Changing the block map may make a lost store whole again. */
static int map_block_heals_nothing(const struct model *m, const struct state *s, int tid,
				   const struct step *st, struct footprint *fp)
{
	(void)st;
	(void)fp;
	return s->map[prim_op_page(m, s, tid)] == s->t[tid].blk;
}

static int map_block_paths(struct paths *P, const struct step *s, uint32_t a)
{
	if (!(a & A_BLK))
		return paths_fail(P, s, "%s can run with no block to map", s->name);
	return paths_go(P, (a & ~A_LOOSE & ~A_ZEROED) & ~(s->arg == MAP_CLEAR_NEW ? A_NEW : 0u),
			s->next, s);
}

static void map_block_promela(struct emitter *E, int in, const struct step *st)
{
	emit(E, in, "assert(blk[_pid] != NOB);");
	emit(E, in, "map[pg] = blk[_pid];");
	if (st->arg == MAP_CLEAR_NEW)
		emit(E, in, "flags[_pid] = flags[_pid] & %u;", 0xffu & ~(unsigned)TF_NEW);
	emit(E, in, "zpos[_pid] = 0;");
}

const struct prim_ops prim_map_block_ops = {
	.name = "map_block", .arg = PRIM_ARG_NEW,
	.what = "put the block in the block map",
	.brief = "add the block to the block map",
	.lock = LOCK_NONE,
	.run = map_block_run, .footprint = map_block_footprint,
	.future = map_block_future, .heals_nothing = map_block_heals_nothing,
	.paths = map_block_paths, .promela_body = map_block_promela,
};
