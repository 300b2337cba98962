/*
 * drop_hole.c - a write fault finding a cached hole page unmaps it and
 * deletes it from the page cache (unmap_mapping_range and
 * delete_from_page_cache, find_lock_page in v4.2): the page's PTE is
 * zapped, whatever it maps, in every process mapping the file.  unmap_mapping_range takes its lock (the
 * argument, or LOCK_NONE) only if there is a hole page to unmap, and the
 * page's lock is then waited for.
 */
#include "prims.h"

static int drop_hole_enabled(const struct model *m, const struct state *s, int tid,
			     const struct step *st)
{
	return !prim_cached(m, s, tid) ||
	       (!prim_lock_busy(m, s, tid, LOCK_PAGE, 0) && prim_can_take(m, s, tid, st->arg));
}

/* The page's lock, if that is what it waits for, else its own. */
static int hole_waits_for(const struct model *m, const struct state *s, int tid,
			  const struct step *st)
{
	if (prim_cached(m, s, tid) && prim_lock_busy(m, s, tid, LOCK_PAGE, 0))
		return LOCK_PAGE;
	return st->arg;
}

static void drop_hole_run(const struct model *m, struct state *s, int tid, int page,
			  const struct step *st, struct effect *e)
{
	uint8_t bit = (uint8_t)(1u << page);

	(void)st;
	e->kind = EFF_DROP_HOLE;
	e->block = PRIM_PTE(m, s, tid)[page];
	if (s->cache & bit) {
		s->cache &= (uint8_t)~bit;
		prim_zap_pte(m, s, page);
		e->flag = 1;
	}
}

/* Without a hole page only the effect notes the PTE. */
static void drop_hole_footprint(const struct model *m, const struct state *s, int tid,
				const struct step *st, int page, int effect, struct footprint *fp)
{
	int cached = (s->cache >> page) & 1;

	(void)m;
	(void)tid;
	footprint_set(fp->read, FP_MISC, FP_CACHE(page));
	if (effect || cached)
		footprint_set(fp->read, FP_MISC, FP_PTE(page));
	if (cached) {
		footprint_holders(fp, LOCK_PAGE, page);
		footprint_holders(fp, st->arg, page);
		footprint_set(fp->write, FP_MISC, FP_CACHE(page));
		footprint_set(fp->write, FP_MISC, FP_PTE(page));
	}
}

static void drop_hole_future(struct future_walk *w, const struct future_at *at)
{
	int p = at->page, l = at->st->arg;
	uint8_t cv = w->env->cache[p];

	future_rd(w, FP_MISC, FP_CACHE(p));
	if ((cv & FE_1) && !future_frozen_holds(w, LOCK_PAGE, p, 0) &&
	    !future_frozen_holds(w, l, p, 0)) {
		future_lock_holders(w, LOCK_PAGE, p);
		future_lock_holders(w, l, p);
		future_rd(w, FP_MISC, FP_PTE(p));
		future_wr(w, FP_MISC, FP_CACHE(p));
		future_wr(w, FP_MISC, FP_PTE(p));
		w->out->w.cache[p] |= FE_0;
		w->out->w.pte[p] |= FE_NONE;
	} else if (!(cv & FE_0)) {
		return;		/* waits for ever */
	}
	future_go(w, at->ip, at->st->next, at->blk, at->flags, at->zpos);
}

/* Zapping a PTE that maps a block would heal a use after free. */
static int drop_hole_heals_nothing(const struct model *m, const struct state *s, int tid,
				   const struct step *st, struct footprint *fp)
{
	(void)st;
	(void)fp;
	return !(prim_cached(m, s, tid) && prim_pte_anywhere(m, s, prim_op_page(m, s, tid), 1));
}

/* A cached hole page it has locked itself is certainly there: taking its
 * lock inside then waits for itself. */
static int drop_hole_paths(struct paths *P, const struct step *s, uint32_t a)
{
	int lock = s->arg >= 0 && s->arg < NR_LOCKS;
	unsigned mine = lock ? LOCK_EXCL_BIT(s->arg) | LOCK_SHARED_BIT(s->arg) : 0;

	if (s->arg != LOCK_NONE && (A_HELD(a) & mine) && (a & A_CACHED))
		return 0;
	return paths_go(P, a & ~A_CACHED, s->next, s);
}

static void drop_hole_promela_enabled(struct emitter *E, const struct step *st)
{
	fputs("(!CACHED || (!", E->f);
	emit_busy(E, LOCK_PAGE, 0);
	fputs(" && ", E->f);
	emit_can_take(E, st->arg);
	fputs("))", E->f);
}

static void drop_hole_promela(struct emitter *E, int in, const struct step *st)
{
	(void)st;
	emit_if(E, in, "CACHED", "cache = cache & (255 - (1 << pg)); ZAP_PTE(pg)");
}

const struct prim_ops prim_drop_hole_ops = {
	.name = "drop_hole", .arg = PRIM_ARG_LOCK_OR_NONE,
	.what = "unmap and delete a cached hole page (unmap_mapping_range)",
	.brief = "unmap and delete the hole page",
	.lock = PRIM_LOCK_IS_ARG,
	.enabled = drop_hole_enabled, .waits_for = hole_waits_for, .run = drop_hole_run,
	.footprint = drop_hole_footprint, .future = drop_hole_future,
	.heals_nothing = drop_hole_heals_nothing, .paths = drop_hole_paths,
	.promela_enabled = drop_hole_promela_enabled, .promela_body = drop_hole_promela,
};
