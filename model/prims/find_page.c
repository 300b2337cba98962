/*
 * find_page.c - find_get_page and lock_page: if a hole page is cached for
 * the index, lock it (waiting for another thread's lock on it) and note it
 * (WHEN_PAGE); the fault holds the page lock until it unlocks it.
 */
#include "prims.h"

static int find_page_enabled(const struct model *m, const struct state *s, int tid,
			     const struct step *st)
{
	(void)st;
	return !prim_cached(m, s, tid) || prim_can_take(m, s, tid, LOCK_PAGE);
}

static void find_page_run(const struct model *m, struct state *s, int tid, int page,
			  const struct step *st, struct effect *e)
{
	struct thread_state *t = &s->t[tid];

	(void)m;
	(void)st;
	e->kind = EFF_FIND_PAGE;
	if (s->cache >> page & 1) {
		t->held |= (uint16_t)LOCK_EXCL_BIT(LOCK_PAGE);
		t->flags |= TF_PAGE;
		e->flag = 1;
	}
}

static void find_page_footprint(const struct model *m, const struct state *s, int tid,
				const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)m;
	(void)tid;
	(void)st;
	(void)effect;
	footprint_set(fp->read, FP_MISC, FP_CACHE(page));
	if ((s->cache >> page) & 1)
		footprint_excl(fp, LOCK_PAGE, page);
}

static void find_page_future(struct future_walk *w, const struct future_at *at)
{
	int p = at->page;
	uint8_t cv = w->env->cache[p];

	future_rd(w, FP_MISC, FP_CACHE(p));
	if (cv & FE_0)
		future_go(w, at->ip, at->st->next, at->blk, at->flags, at->zpos);
	if ((cv & FE_1) && !future_frozen_holds(w, LOCK_PAGE, p, 0)) {
		future_lock_excl(w, LOCK_PAGE, p);
		future_go(w, at->ip, at->st->next, at->blk, at->flags | TF_PAGE, at->zpos);
	}
}

static int find_page_paths(struct paths *P, const struct step *s, uint32_t a)
{
	unsigned held = A_HELD(a);

	if (paths_go(P, a, s->next, s))
		return -1;
	if (held & LOCK_EXCL_BIT(LOCK_PAGE))
		return 0;	/* a cached page: waits for itself */
	return paths_go(P, A_MAKE(0, held | LOCK_EXCL_BIT(LOCK_PAGE),
				  A_FLAGS(a) | A_PAGE | A_CACHED), s->next, s);
}

static void find_page_promela_enabled(struct emitter *E, const struct step *st)
{
	(void)st;
	fputs("(!CACHED || ", E->f);
	emit_can_take(E, LOCK_PAGE);
	fputs(")", E->f);
}

static void find_page_promela(struct emitter *E, int in, const struct step *st)
{
	char buf[128];

	(void)st;
	snprintf(buf, sizeof(buf), "held[_pid] = held[_pid] | %u; flags[_pid] = flags[_pid] | TF_PAGE",
		 LOCK_EXCL_BIT(LOCK_PAGE));
	emit_if(E, in, "CACHED", buf);
}

const struct prim_ops prim_find_page_ops = {
	.name = "find_page", .arg = PRIM_ARG_NONE,
	.what = "find and lock a cached hole page (find_get_page, lock_page)",
	.brief = "find and lock the hole page",
	.lock = LOCK_PAGE,
	.enabled = find_page_enabled, .run = find_page_run, .footprint = find_page_footprint,
	.future = find_page_future, .paths = find_page_paths,
	.promela_enabled = find_page_promela_enabled, .promela_body = find_page_promela,
};
