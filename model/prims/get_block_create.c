/*
 * get_block_create.c - get_block(create=1), serialised inside the
 * filesystem (one atomic step): the page's block if it is mapped, not new;
 * else the lowest free block, allocated and put in the block map, BH_New
 * (argument GB_UNWRITTEN: as an unwritten extent, BH_Unwritten too; and
 * XFS before v4.4 returns an existing unwritten extent BH_New as well:
 * "if (create && (new || ISUNWRITTEN(&imap)))").  While every block of
 * the pool is allocated, a fault that must allocate waits (LOCK_POOL).
 */
#include "prims.h"

static int create_enabled(const struct model *m, const struct state *s, int tid,
			  const struct step *st)
{
	(void)st;
	return s->map[prim_op_page(m, s, tid)] != NO_BLOCK || !prim_pool_dry(s);
}

static int create_waits_for(const struct model *m, const struct state *s, int tid,
			    const struct step *st)
{
	return create_enabled(m, s, tid, st) ? LOCK_NONE : LOCK_POOL;
}

static void create_run(const struct model *m, struct state *s, int tid, int page,
		       const struct step *st, struct effect *e)
{
	struct thread_state *t = &s->t[tid];
	uint8_t bit = (uint8_t)(1u << page);

	(void)m;
	e->kind = EFF_CREATE;
	t->flags &= (uint8_t)~(TF_NEW | TF_UNWRITTEN);
	t->zpos = 0;
	if (s->map[page] != NO_BLOCK) {
		t->blk = s->map[page];
		if (s->unwritten & bit)
			t->flags |= TF_UNWRITTEN | TF_NEW;
	} else {
		int b = prim_alloc_block(s);

		s->map[page] = (uint8_t)b;
		t->blk = (uint8_t)b;
		t->flags |= TF_NEW;
		if (st->arg == GB_UNWRITTEN) {
			s->unwritten |= bit;
			t->flags |= TF_UNWRITTEN;
		}
		e->flag = 1;
	}
	e->old = (t->flags & TF_UNWRITTEN) != 0;
	e->block = t->blk;
}

static void create_footprint(const struct model *m, const struct state *s, int tid,
			     const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)m;
	(void)tid;
	(void)st;
	(void)effect;
	footprint_set(fp->read, FP_MISC, FP_MAP(page));
	footprint_set(fp->read, FP_MISC, FP_UNWRITTEN(page));
	if (s->map[page] == NO_BLOCK) {
		footprint_set(fp->write, FP_MISC, FP_MAP(page));
		footprint_set(fp->write, FP_MISC, FP_UNWRITTEN(page));
		footprint_allocates(fp, s);
	}
}

static void create_future(struct future_walk *w, const struct future_at *at)
{
	int p = at->page, next = at->st->next, l = at->st->arg;
	int f = at->flags & ~(TF_NEW | TF_UNWRITTEN);
	const struct future_env *env = w->env;
	uint16_t mv = env->map[p];
	uint8_t uv = env->unwritten[p];

	future_rd(w, FP_MISC, FP_MAP(p));
	future_rd(w, FP_MISC, FP_UNWRITTEN(p));
	if ((mv & FE_BLOCKS) && (uv & FE_0))
		future_go(w, at->ip, next, mv & FE_BLOCKS, f, 0);
	if ((mv & FE_BLOCKS) && (uv & FE_1))
		future_go(w, at->ip, next, mv & FE_BLOCKS, f | TF_UNWRITTEN | TF_NEW, 0);
	if (!(mv & FE_HOLE))
		return;
	future_pool_all(w);
	future_wr(w, FP_MISC, FP_MAP(p));
	future_wr(w, FP_MISC, FP_UNWRITTEN(p));
	for (int b = 0; b < MAX_BLOCKS; b++) {
		if (env->alloc >> b & 1) {
			future_wr(w, FP_MISC, FP_POOL(b));
			future_wr(w, FP_POINT, FP_MAPPT(b));
		}
	}
	w->out->w.map[p] |= env->alloc;
	if (l == GB_UNWRITTEN)
		w->out->w.unwritten[p] |= FE_1;
	future_go(w, at->ip, next, env->alloc, f | TF_NEW | (l == GB_UNWRITTEN ? TF_UNWRITTEN : 0), 0);
}

/* Allocating, it writes the block map: healing, or not, a lost store. */
static int create_heals_nothing(const struct model *m, const struct state *s, int tid,
				const struct step *st, struct footprint *fp)
{
	(void)st;
	(void)fp;
	return s->map[prim_op_page(m, s, tid)] != NO_BLOCK;
}

/* Mapped already (written, or unwritten: BH_New too), or new. */
static int create_paths(struct paths *P, const struct step *s, uint32_t a)
{
	uint32_t b;

	if (a & A_LOOSE)
		return paths_fail(P, s, "%s can run while the block allocated before it is out "
				  "of the block map (it would leak)", s->name);
	b = paths_looked_up(a);
	if (paths_go(P, b | A_BLK, s->next, s) || paths_go(P, b | A_BLK | A_UNW | A_NEW, s->next, s))
		return -1;
	return paths_go(P, b | A_BLK | A_NEW | (s->arg == GB_UNWRITTEN ? A_UNW : 0), s->next, s);
}

static void create_promela_enabled(struct emitter *E, const struct step *st)
{
	(void)st;
	fprintf(E->f, "(map[OPPG(_pid)] != NOB || allocated != %u)", (1u << MAX_BLOCKS) - 1);
}

static void create_promela(struct emitter *E, int in, const struct step *st)
{
	int l = st->arg;

	emit(E, in, "flags[_pid] = flags[_pid] & %u;", 0xffu & ~(unsigned)(TF_NEW | TF_UNWRITTEN));
	emit(E, in, "zpos[_pid] = 0;");
	emit(E, in, "if");
	emit(E, in, ":: map[pg] != NOB ->");
	emit(E, in + 1, "blk[_pid] = map[pg];");
	emit(E, in + 1, "if");
	emit(E, in + 1, ":: ((unwritten >> pg) & 1) == 1 -> flags[_pid] = flags[_pid] | TF_UNWRITTEN | TF_NEW");
	emit(E, in + 1, ":: else -> skip");
	emit(E, in + 1, "fi");
	emit(E, in, ":: else ->");
	emit(E, in + 1, "ALLOC_BLOCK;");
	emit(E, in + 1, "map[pg] = b;");
	emit(E, in + 1, "blk[_pid] = b;");
	emit(E, in + 1, "flags[_pid] = flags[_pid] | TF_NEW%s",
	     l == GB_UNWRITTEN ? " | TF_UNWRITTEN;" : "");
	if (l == GB_UNWRITTEN)
		emit(E, in + 1, "unwritten = unwritten | (1 << pg)");
	emit(E, in, "fi;");
}

const struct prim_ops prim_get_block_create_ops = {
	.name = "get_block_create", .arg = PRIM_ARG_EXTENT,
	.what = "look up, or allocate and map a block: BH_New (get_block, create=1)",
	.brief = "look up or allocate a block",
	.flags = PRIM_OPENS_WINDOW, .lock = LOCK_NONE,
	.enabled = create_enabled, .waits_for = create_waits_for, .run = create_run,
	.footprint = create_footprint, .future = create_future,
	.heals_nothing = create_heals_nothing, .paths = create_paths,
	.promela_enabled = create_promela_enabled, .promela_body = create_promela,
};
