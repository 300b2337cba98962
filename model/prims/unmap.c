/*
 * unmap.c - the punch path's truncate_pagecache_range (or
 * unmap_mapping_range): zap the page's PTE, in every process mapping the
 * file, and drop its hole page from the page cache.  Its lock (the argument, i_mmap_rwsem, or LOCK_NONE) is
 * taken and dropped inside the step; a cached hole page's lock is waited
 * for.
 */
#include "prims.h"

static int unmap_enabled(const struct model *m, const struct state *s, int tid,
			 const struct step *st)
{
	return (!prim_cached(m, s, tid) || !prim_lock_busy(m, s, tid, LOCK_PAGE, 0)) &&
	       prim_can_take(m, s, tid, st->arg);
}

static int unmap_waits_for(const struct model *m, const struct state *s, int tid,
			   const struct step *st)
{
	if (prim_cached(m, s, tid) && prim_lock_busy(m, s, tid, LOCK_PAGE, 0))
		return LOCK_PAGE;
	return st->arg;
}

static void unmap_run(const struct model *m, struct state *s, int tid, int page,
		      const struct step *st, struct effect *e)
{
	uint8_t bit = (uint8_t)(1u << page);

	(void)st;
	e->kind = EFF_UNMAP;
	e->block = PRIM_PTE(m, s, tid)[page];
	e->flag = (s->cache & bit) != 0;
	prim_zap_pte(m, s, page);
	s->cache &= (uint8_t)~bit;
}

static void unmap_footprint(const struct model *m, const struct state *s, int tid,
			    const struct step *st, int page, int effect, struct footprint *fp)
{
	int cached = (s->cache >> page) & 1;

	(void)tid;
	(void)effect;
	footprint_set(fp->read, FP_MISC, FP_CACHE(page));
	footprint_set(fp->read, FP_MISC, FP_PTE(page));
	if (cached)
		footprint_set(fp->write, FP_MISC, FP_CACHE(page));
	if (prim_pte_anywhere(m, s, page, 0))
		footprint_set(fp->write, FP_MISC, FP_PTE(page));
	if (cached)
		footprint_holders(fp, LOCK_PAGE, page);
	footprint_holders(fp, st->arg, page);
}

static void unmap_future(struct future_walk *w, const struct future_at *at)
{
	int p = at->page, l = at->st->arg, can;
	uint8_t cv = w->env->cache[p];

	if (future_frozen_holds(w, l, p, 0))
		return;
	can = (cv & FE_1) && !future_frozen_holds(w, LOCK_PAGE, p, 0);	/* cached, can lock */
	if (!can && !(cv & FE_0))
		return;
	future_lock_holders(w, l, p);
	future_rd(w, FP_MISC, FP_CACHE(p));
	future_rd(w, FP_MISC, FP_PTE(p));
	if (can) {
		future_lock_holders(w, LOCK_PAGE, p);
		future_wr(w, FP_MISC, FP_CACHE(p));
		w->out->w.cache[p] |= FE_0;
	}
	if (w->env->pte[p] & (FE_BLOCKS | FE_HPAGE)) {
		future_wr(w, FP_MISC, FP_PTE(p));
		w->out->w.pte[p] |= FE_NONE;
	}
	future_go(w, at->ip, at->st->next, at->blk, at->flags, at->zpos);
}

/* Zapping a PTE that maps a block would heal a use after free. */
static int unmap_heals_nothing(const struct model *m, const struct state *s, int tid,
			       const struct step *st, struct footprint *fp)
{
	(void)st;
	(void)fp;
	return !prim_pte_anywhere(m, s, prim_op_page(m, s, tid), 1);
}

/* Taking inside a lock it holds: it waits for itself. */
static int unmap_paths(struct paths *P, const struct step *s, uint32_t a)
{
	int lock = s->arg >= 0 && s->arg < NR_LOCKS;
	unsigned mine = lock ? LOCK_EXCL_BIT(s->arg) | LOCK_SHARED_BIT(s->arg) : 0;

	if (s->arg != LOCK_NONE && (A_HELD(a) & mine))
		return 0;
	return paths_go(P, a, s->next, s);
}

static void unmap_promela_enabled(struct emitter *E, const struct step *st)
{
	fputs("((!CACHED || !", E->f);
	emit_busy(E, LOCK_PAGE, 0);
	fputs(") && ", E->f);
	emit_can_take(E, st->arg);
	fputs(")", E->f);
}

static void unmap_promela(struct emitter *E, int in, const struct step *st)
{
	(void)st;
	emit(E, in, "ZAP_PTE(pg);");
	emit(E, in, "cache = cache & (255 - (1 << pg));");
}

const struct prim_ops prim_unmap_ops = {
	.name = "unmap", .arg = PRIM_ARG_LOCK_OR_NONE,
	.what = "zap the page's PTE, drop its hole page (truncate_pagecache_range)",
	.brief = "zap the PTE and the hole page",
	.lock = PRIM_LOCK_IS_ARG,
	.enabled = unmap_enabled, .waits_for = unmap_waits_for, .run = unmap_run,
	.footprint = unmap_footprint, .future = unmap_future,
	.heals_nothing = unmap_heals_nothing, .paths = unmap_paths,
	.promela_enabled = unmap_promela_enabled, .promela_body = unmap_promela,
};
