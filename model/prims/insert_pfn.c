/*
 * insert_pfn.c - vm_insert_mixed: install the PTE to the thread's block,
 * in its process's page table;
 * over any PTE present (a block's, or the hole page's) it fails with
 * -EBUSY, which the fault handler takes for success, and changes nothing.
 * On a page of a huge page it first finds, or hangs, the PTE table in the
 * PMD slot; if a huge PMD is there instead, the PTE is written into the
 * page the PMD maps (pt-corruption: the slot holds both).
 */
#include "prims.h"

static void insert_run(const struct model *m, struct state *s, int tid, int page,
		       const struct step *st, struct effect *e)
{
	struct thread_state *t = &s->t[tid];
	uint8_t *pte = PRIM_PTE(m, s, tid);

	(void)st;
	assert(t->blk != NO_BLOCK);
	e->kind = EFF_INSERT;
	e->block = t->blk;
	if (scenario_in_huge(m->sc, page)) {
		/* get_locked_pte: the page of a huge page has its PTE in the
		 * table hanging from the PMD slot, allocated if need be; a
		 * huge PMD there is taken for that table (the "bad pmd") */
		int under = (PRIM_SLOT(m, s, tid) & SLOT_LEAF) != 0;

		PRIM_SLOT(m, s, tid) |= SLOT_TABLE;
		if (under) {
			e->flag = INSERT_UNDER_PMD;
			return;
		}
	}
	/* Read only here: under a huge PMD the page's entry is what the PMD
	 * maps, which get_locked_pte never looks at (the footprint's rule). */
	e->old = pte[page];
	if (pte[page] == PTE_NONE) {
		pte[page] = t->blk;
		e->flag = INSERT_DONE;
	} else {
		e->flag = INSERT_EBUSY;
	}
}

/* -EBUSY over a present PTE changes nothing. */
static void insert_footprint(const struct model *m, const struct state *s, int tid,
			     const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)st;
	(void)effect;
	if (scenario_in_huge(m->sc, page)) {
		footprint_set(fp->read, FP_HUGE, FP_SLOT);
		footprint_set(fp->write, FP_HUGE, FP_SLOT);
		if (PRIM_SLOT(m, s, tid) & SLOT_LEAF)
			return;
	}
	footprint_set(fp->read, FP_MISC, FP_PTE(page));
	if (PRIM_PTE(m, s, tid)[page] == PTE_NONE)
		footprint_set(fp->write, FP_MISC, FP_PTE(page));
}

static void insert_future(struct future_walk *w, const struct future_at *at)
{
	uint16_t blocks = at->blk & FE_BLOCKS;
	int p = at->page;

	future_rd(w, FP_MISC, FP_PTE(p));
	if (w->env->pte[p] & FE_NONE) {
		future_wr(w, FP_MISC, FP_PTE(p));
		for (int b = 0; b < MAX_BLOCKS; b++)
			if (blocks >> b & 1)
				future_wr(w, FP_POINT, FP_PTEPT(b));
		w->out->w.pte[p] |= blocks;
	}
	future_go(w, at->ip, at->st->next, at->blk, at->flags, at->zpos);
}

/* It writes only over no PTE, which is no violation to heal. */

static int insert_paths(struct paths *P, const struct step *s, uint32_t a)
{
	if (!(a & A_BLK))
		return paths_fail(P, s, "%s can run with no block to install", s->name);
	return paths_go(P, a, s->next, s);
}

static void insert_promela(struct emitter *E, int in, const struct step *st)
{
	(void)st;
	emit(E, in, "assert(blk[_pid] != NOB);");
	if (!E->m->sc->huge_pages) {
		emit_if(E, in, "PTE(pg) == PTE_NONE", "PTE(pg) = blk[_pid]");	/* else -EBUSY */
		return;
	}
	/* get_locked_pte: the PTE table in the PMD slot; under a huge PMD the
	 * PTE goes into the page it maps, and no PTE changes */
	emit(E, in, "if");
	emit(E, in, ":: IN_HUGE(pg) && (SLOT & SLOT_LEAF) != 0 -> SLOT = SLOT | SLOT_TABLE");
	emit(E, in, ":: else ->");
	emit_if(E, in + 1, "IN_HUGE(pg)", "SLOT = SLOT | SLOT_TABLE");
	emit_if(E, in + 1, "PTE(pg) == PTE_NONE", "PTE(pg) = blk[_pid]");
	emit(E, in + 1, "skip");
	emit(E, in, "fi;");
}

const struct prim_ops prim_insert_pfn_ops = {
	.name = "insert_pfn", .arg = PRIM_ARG_NONE,
	.what = "install the PTE, -EBUSY if present (vm_insert_mixed)",
	.brief = "install the PTE",
	.flags = PRIM_CLOSES_WINDOW, .lock = LOCK_NONE,
	.run = insert_run, .footprint = insert_footprint,
	.future = insert_future, .paths = insert_paths,
	.promela_body = insert_promela,
};
