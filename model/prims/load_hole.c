/*
 * load_hole.c - dax_load_hole: a read fault on a hole puts a zeroed hole
 * page in the page cache and maps it read-only, in the faulting thread's
 * process, if no PTE is present (mm's pte_same check).  The page is locked while it is created: it waits for
 * another thread's lock on it.  Argument HOLE_NO_PTE_SAME, only a
 * known-bad twin's, maps it over whatever PTE a racing fault installed.
 *
 * The page it inserts replaces the fault's locked empty DAX entry
 * (page_cache_tree_insert), and wakes the sleepers on that entry's wait
 * queue (waitq.c): the first only, up to v4.9; every one with argument
 * HOLE_WAKE_ALL, 965d004af540 "dax: fix deadlock with DAX 4k holes".
 * Finding a hole page already cached, it inserts nothing and wakes nobody.
 */
#include "prims.h"

static int load_hole_enabled(const struct model *m, const struct state *s, int tid,
			     const struct step *st)
{
	(void)st;
	return !prim_lock_busy(m, s, tid, LOCK_PAGE, 0);
}

static void load_hole_run(const struct model *m, struct state *s, int tid, int page,
			  const struct step *st, struct effect *e)
{
	uint8_t *pte = PRIM_PTE(m, s, tid);

	e->kind = EFF_LOAD_HOLE;
	if (!((s->cache >> page) & 1))
		prim_wake_entry(m, s, page, st->arg == HOLE_WAKE_ALL, e);
	s->cache |= (uint8_t)(1u << page);
	if (pte[page] == PTE_NONE || (st->arg == HOLE_NO_PTE_SAME && pte[page] != PTE_HOLE)) {
		pte[page] = PTE_HOLE;
		e->flag = 1;
		if (scenario_in_huge(m->sc, page))	/* the PTE's table in the PMD slot */
			PRIM_SLOT(m, s, tid) |= SLOT_TABLE;
	}
}

/* Writes what it changes: the cache bit if not yet set, the PTE if it
 * maps the hole page over it; reads both anyway. */
static void load_hole_footprint(const struct model *m, const struct state *s, int tid,
				const struct step *st, int page, int effect, struct footprint *fp)
{
	const uint8_t *pte = PRIM_PTE(m, s, tid);

	(void)effect;
	footprint_holders(fp, LOCK_PAGE, page);
	footprint_set(fp->read, FP_MISC, FP_CACHE(page));
	footprint_set(fp->read, FP_MISC, FP_PTE(page));
	footprint_set(fp->read, FP_PLOCK, FP_WAITQ(page));
	if (!((s->cache >> page) & 1))
		footprint_set(fp->write, FP_MISC, FP_CACHE(page));
	if (!((s->cache >> page) & 1) && prim_waitq_len(m, s, page))
		footprint_set(fp->write, FP_PLOCK, FP_WAITQ(page));
	if (pte[page] == PTE_NONE || (st->arg == HOLE_NO_PTE_SAME && pte[page] != PTE_HOLE)) {
		footprint_set(fp->write, FP_MISC, FP_PTE(page));
		if (scenario_in_huge(m->sc, page)) {
			footprint_set(fp->read, FP_HUGE, FP_SLOT);
			footprint_set(fp->write, FP_HUGE, FP_SLOT);
		}
	}
}

static void load_hole_future(struct future_walk *w, const struct future_at *at)
{
	int p = at->page;
	uint16_t pv = w->env->pte[p];

	if (future_frozen_holds(w, LOCK_PAGE, p, 0))
		return;
	future_lock_holders(w, LOCK_PAGE, p);
	future_rd(w, FP_MISC, FP_CACHE(p));
	future_rd(w, FP_MISC, FP_PTE(p));
	future_rd(w, FP_PLOCK, FP_WAITQ(p));
	if (w->env->cache[p] & FE_0) {
		future_wr(w, FP_PLOCK, FP_WAITQ(p));
		future_wr(w, FP_MISC, FP_CACHE(p));
		w->out->w.cache[p] |= FE_1;
	}
	if ((pv & FE_NONE) ||
	    (at->st->arg == HOLE_NO_PTE_SAME && (pv & (FE_NONE | FE_BLOCKS)))) {
		future_wr(w, FP_MISC, FP_PTE(p));
		w->out->w.pte[p] |= FE_HPAGE;
	}
	future_go(w, at->ip, at->st->next, at->blk, at->flags, at->zpos);
}

/* Over no PTE it heals nothing; over a block's (HOLE_NO_PTE_SAME) it would
 * heal a use after free. */
static int load_hole_heals_nothing(const struct model *m, const struct state *s, int tid,
				   const struct step *st, struct footprint *fp)
{
	(void)fp;
	return !(st->arg == HOLE_NO_PTE_SAME &&
		 prim_pte_is_block(PRIM_PTE(m, s, tid)[prim_op_page(m, s, tid)]));
}

static int load_hole_paths(struct paths *P, const struct step *s, uint32_t a)
{
	return paths_go(P, a, s->next, s);
}

static void load_hole_promela_enabled(struct emitter *E, const struct step *st)
{
	(void)st;
	fputs("!", E->f);
	emit_busy(E, LOCK_PAGE, 0);
}

static void load_hole_promela(struct emitter *E, int in, const struct step *st)
{
	if (E->waitq) {
		emit(E, in, "if :: !CACHED ->");
		prim_promela_wake(E, in + 1, st->arg == HOLE_WAKE_ALL);
		emit(E, in, ":: else -> skip fi;");
	}
	emit(E, in, "cache = cache | (1 << pg);");
	/* HOLE_NO_PTE_SAME: no pte_same check, it maps over a block. */
	emit_if(E, in, st->arg == HOLE_NO_PTE_SAME ? "PTE(pg) != PTE_HOLE" : "PTE(pg) == PTE_NONE",
		E->m->sc->huge_pages ?
		"PTE(pg) = PTE_HOLE; if :: IN_HUGE(pg) -> SLOT = SLOT | SLOT_TABLE :: else -> skip fi" :
		"PTE(pg) = PTE_HOLE");
}

const struct prim_ops prim_load_hole_ops = {
	.name = "load_hole", .arg = PRIM_ARG_PTE_SAME,
	.what = "cache a hole page, map it read-only if no PTE (dax_load_hole)",
	.brief = "cache and map the hole page",
	.flags = PRIM_CLOSES_WINDOW, .lock = LOCK_PAGE,
	.enabled = load_hole_enabled, .run = load_hole_run, .footprint = load_hole_footprint,
	.future = load_hole_future, .heals_nothing = load_hole_heals_nothing,
	.paths = load_hole_paths,
	.promela_enabled = load_hole_promela_enabled, .promela_body = load_hole_promela,
};
