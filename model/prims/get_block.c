/*
 * get_block.c - get_block(create=0): look the page up in the file's block
 * map.  The thread's block is the page's, or none for a hole; an
 * unwritten extent gives BH_Unwritten, or (argument GB_UNWRITTEN, XFS
 * before v4.4) reads as a hole.
 */
#include "prims.h"

static void get_block_run(const struct model *m, struct state *s, int tid, int page,
			  const struct step *st, struct effect *e)
{
	struct thread_state *t = &s->t[tid];

	(void)m;
	t->blk = s->map[page];
	t->flags &= (uint8_t)~(TF_NEW | TF_UNWRITTEN);
	if (t->blk != NO_BLOCK && (s->unwritten >> page & 1)) {
		if (st->arg == GB_UNWRITTEN)	/* pre-v4.4 XFS: unwritten looks unmapped */
			t->blk = NO_BLOCK;
		else
			t->flags |= TF_UNWRITTEN;
	}
	t->zpos = 0;
	e->kind = EFF_LOOKUP;
	e->block = t->blk;
	e->flag = (t->flags & TF_UNWRITTEN) != 0;
}

static void get_block_footprint(const struct model *m, const struct state *s, int tid,
				const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)m;
	(void)s;
	(void)tid;
	(void)st;
	(void)effect;
	footprint_set(fp->read, FP_MISC, FP_MAP(page));
	footprint_set(fp->read, FP_MISC, FP_UNWRITTEN(page));
}

static void get_block_future(struct future_walk *w, const struct future_at *at)
{
	int p = at->page, next = at->st->next, l = at->st->arg;
	int f = at->flags & ~(TF_NEW | TF_UNWRITTEN);
	uint16_t mv = w->env->map[p];
	uint8_t uv = w->env->unwritten[p];

	future_rd(w, FP_MISC, FP_MAP(p));
	future_rd(w, FP_MISC, FP_UNWRITTEN(p));
	if (mv & FE_HOLE)
		future_go(w, at->ip, next, BLK_NONE, f, 0);
	if ((mv & FE_BLOCKS) && (uv & FE_0))
		future_go(w, at->ip, next, mv & FE_BLOCKS, f, 0);
	if ((mv & FE_BLOCKS) && (uv & FE_1))
		future_go(w, at->ip, next, l == GB_UNWRITTEN ? BLK_NONE : mv & FE_BLOCKS,
			  l == GB_UNWRITTEN ? f : f | TF_UNWRITTEN, 0);
}

/* A hole, a written block, or (written lookups) an unwritten one. */
static int get_block_paths(struct paths *P, const struct step *s, uint32_t a)
{
	uint32_t b;

	if (a & A_LOOSE)
		return paths_fail(P, s, "%s can run while the block allocated before it is out "
				  "of the block map (it would leak)", s->name);
	b = paths_looked_up(a);
	if (paths_go(P, b, s->next, s) || paths_go(P, b | A_BLK, s->next, s))
		return -1;
	return s->arg == GB_UNWRITTEN ? 0 : paths_go(P, b | A_BLK | A_UNW, s->next, s);
}

static void get_block_promela(struct emitter *E, int in, const struct step *st)
{
	emit(E, in, "blk[_pid] = map[pg];");
	emit(E, in, "flags[_pid] = flags[_pid] & %u;", 0xffu & ~(unsigned)(TF_NEW | TF_UNWRITTEN));
	emit(E, in, "if");
	emit(E, in, ":: blk[_pid] != NOB && ((unwritten >> pg) & 1) == 1 ->");
	if (st->arg == GB_UNWRITTEN)
		emit(E, in + 1, "blk[_pid] = NOB	/* unwritten reads as a hole */");
	else
		emit(E, in + 1, "flags[_pid] = flags[_pid] | TF_UNWRITTEN");
	emit(E, in, ":: else -> skip");
	emit(E, in, "fi;");
	emit(E, in, "zpos[_pid] = 0;");
}

const struct prim_ops prim_get_block_ops = {
	.name = "get_block", .arg = PRIM_ARG_EXTENT,
	.what = "look the page up in the block map (get_block, create=0)",
	.brief = "look the page up",
	.flags = PRIM_OPENS_WINDOW, .lock = LOCK_NONE,
	.run = get_block_run, .footprint = get_block_footprint,
	.future = get_block_future, .paths = get_block_paths,
	.promela_body = get_block_promela,
};
