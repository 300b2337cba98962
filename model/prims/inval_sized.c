/*
 * inval_sized.c - write(2)'s invalidation of the range it allocated, when
 * faults have two sizes: v4.12's dax_iomap_actor() calls
 * invalidate_inode_pages2_range() whenever ->iomap_begin returned
 * IOMAP_F_NEW (cd656375f946, *inferred* from its message, as in
 * iomap-entry-first), which for each DAX entry waits in
 * dax_invalidate_mapping_entry_sync() until no fault holds it, deletes
 * it unless it is dirty, and then unmap_mapping_range()s the range.
 *
 *   wait_entry   get_unlocked_mapping_entry, taken: the lock of the entry
 *                that covers the page.  While the radix tree holds a 2 MiB
 *                entry over it that is the 2 MiB entry's ("all offsets in
 *                the range covered by the PMD map to the same bit lock",
 *                TF_HENTRY, as grab_sized); else the page's 4 KiB one.
 *   inval_range  the hole page dropped (as drop_hole), the zero or empty
 *                2 MiB entry whose lock it holds deleted, and
 *                unmap_mapping_range of the page: its PTE, and a huge PMD
 *                over it, which a DAX VMA's split clears whole (*inferred*
 *                from mm/huge_memory.c's __split_huge_pmd_locked, which
 *                clears a file PMD and returns for a DAX VMA).
 *
 * The lock is released by unlock (locks.c), which drops TF_HENTRY with it.
 * In a scenario without a huge page they are lock and drop_hole, aspect
 * for aspect (the same states, footprints, futures and Promela), and on a
 * page outside the huge page they do what those do, so a strategy's write
 * handler may use them in every scenario.  Simplified: the deletion and the unmap are one step
 * (the kernel drops the entry's lock between them: a fault that comes in
 * between sees the blocks write(2) allocated, so maps nothing stale), and
 * a 4 KiB entry the fault path left at the page stays (the model's
 * pentry: a later PMD fault falls back over it, which is only slower).
 */
#include "prims.h"

/* Returns 1 if st, run by tid, is about the 2 MiB entry's lock. */
static int on_range(const struct model *m, const struct state *s, int tid,
		    const struct step *st)
{
	return m->sc->huge_pages && st->arg == LOCK_ENTRY &&
	       scenario_in_huge(m->sc, prim_op_page(m, s, tid)) && s->hentry != HENTRY_NONE;
}

/* Returns 1 if the page of tid's operation is in the huge page. */
static int in_huge(const struct model *m, const struct state *s, int tid)
{
	return m->sc->huge_pages && scenario_in_huge(m->sc, prim_op_page(m, s, tid));
}

/* ---- wait_entry: dax_invalidate_mapping_entry_sync's wait ---- */

static int wait_enabled(const struct model *m, const struct state *s, int tid,
			const struct step *st)
{
	if (!on_range(m, s, tid, st))
		return prim_lock_ops.enabled(m, s, tid, st);
	return !(s->t[tid].held & LOCK_EXCL_BIT(LOCK_ENTRY)) && !prim_range_locked(m, s, tid);
}

static int wait_waits_for(const struct model *m, const struct state *s, int tid,
			  const struct step *st)
{
	(void)m;
	(void)s;
	(void)tid;
	return st->arg;
}

int prim_wait_entry_holder(const struct model *m, const struct state *s, int tid)
{
	const struct step *st = exec_next_step(m, s, tid);

	if (!st || st->prim != PRIM_WAIT_ENTRY || !on_range(m, s, tid, st))
		return -1;
	for (int i = 0; i < m->sc->nthreads; i++)
		if (i != tid && (s->t[i].held & LOCK_EXCL_BIT(LOCK_ENTRY)) &&
		    (s->t[i].flags & TF_HENTRY))
			return i;
	return -1;
}

static void wait_run(const struct model *m, struct state *s, int tid, int page,
		     const struct step *st, struct effect *e)
{
	if (!on_range(m, s, tid, st)) {
		prim_lock_ops.run(m, s, tid, page, st, e);
		return;
	}
	e->kind = EFF_GRAB;
	e->flag = ENTRY_PTE;
	e->value = GRAB_RANGE;
	e->old = s->hentry;
	s->t[tid].held |= (uint16_t)LOCK_EXCL_BIT(LOCK_ENTRY);
	s->t[tid].flags |= TF_HENTRY;
}

/* It reads the 2 MiB entry to choose; the 2 MiB entry's lock is FP_HENTRY. */
static void wait_footprint(const struct model *m, const struct state *s, int tid,
			   const struct step *st, int page, int effect, struct footprint *fp)
{
	prim_lock_ops.footprint(m, s, tid, st, page, effect, fp);
	if (!in_huge(m, s, tid) || st->arg != LOCK_ENTRY)
		return;
	footprint_set(fp->read, FP_HUGE, FP_HENTRY);
	if (on_range(m, s, tid, st))
		footprint_set(fp->write, FP_HUGE, FP_HENTRY);
}

static void wait_promela_enabled(struct emitter *E, const struct step *st)
{
	if (!E->m->sc->huge_pages || st->arg != LOCK_ENTRY) {
		prim_lock_ops.promela_enabled(E, st);
		return;
	}
	fputs("(IN_HUGE(OPPG(_pid)) && hentry != HENTRY_NONE -> "
	      "((held[_pid] & ENTRY_LOCKED) == 0 && !RANGE_LOCKED) : ", E->f);
	prim_lock_ops.promela_enabled(E, st);
	fputs(")", E->f);
}

static void wait_promela(struct emitter *E, int in, const struct step *st)
{
	if (E->m->sc->huge_pages && st->arg == LOCK_ENTRY)
		emit_if(E, in, "IN_HUGE(pg) && hentry != HENTRY_NONE",
			"flags[_pid] = flags[_pid] | TF_HENTRY\t/* the 2 MiB entry's */");
	prim_lock_ops.promela_body(E, in, st);
}

/* Without the 2 MiB entry it is lock: its future and paths (futures are
 * never walked with a huge page, model/prims/pmd_entry.c). */
static void wait_future(struct future_walk *w, const struct future_at *at)
{
	prim_lock_ops.future(w, at);
}

const struct prim_ops prim_wait_entry_ops = {
	.name = "wait_entry", .arg = PRIM_ARG_LOCK,
	.what = "dax_invalidate_mapping_entry_sync's wait: lock the DAX entry over the page, "
		"the 2 MiB one if the radix tree holds one there (arg entry_lock), else as lock",
	.brief = "wait for and lock the DAX entry",
	.flags = PRIM_LOCK_STEP, .lock = PRIM_LOCK_IS_ARG,
	.enabled = wait_enabled, .waits_for = wait_waits_for, .run = wait_run,
	.footprint = wait_footprint, .future = wait_future, .paths = prim_lock_paths,
	.promela_enabled = wait_promela_enabled, .promela_body = wait_promela,
};

/* ---- inval_range: invalidate_inode_pages2_range, then unmap_mapping_range ---- */

/* The 2 MiB entry it deletes: a zero or empty one whose lock it holds (a
 * DAX entry with storage over a page write(2) allocated cannot be). */
static int deletes(const struct state *s, int tid)
{
	return (s->t[tid].flags & TF_HENTRY) &&
	       (s->hentry == HENTRY_ZERO || s->hentry == HENTRY_EMPTY);
}

static void inval_run(const struct model *m, struct state *s, int tid, int page,
		      const struct step *st, struct effect *e)
{
	uint8_t bit = (uint8_t)(1u << page);

	if (!in_huge(m, s, tid)) {
		prim_drop_hole_ops.run(m, s, tid, page, st, e);
		return;
	}
	e->kind = EFF_UNMAP_HUGE;
	e->old = prim_slots(m, s);
	e->flag = (uint8_t)(s->cache & bit);		/* the hole page dropped */
	e->word = (uint8_t)deletes(s, tid);		/* the 2 MiB entry deleted */
	s->cache &= (uint8_t)~bit;
	if (e->word)
		s->hentry = HENTRY_NONE;
	/* in every process mapping the file: a PMD over the page split and
	 * cleared, then the page's PTE zapped */
	for (int mm = 0; mm < m->sc->nmm; mm++)
		if (s->slot[mm] & SLOT_LEAF)
			e->value |= (uint8_t)prim_zap_leaf(m, s, mm);
	e->value |= (uint8_t)(prim_zap_pte(m, s, page) << page);
}

static void inval_footprint(const struct model *m, const struct state *s, int tid,
			    const struct step *st, int page, int effect, struct footprint *fp)
{
	prim_drop_hole_ops.footprint(m, s, tid, st, page, effect, fp);
	if (!in_huge(m, s, tid))
		return;
	footprint_set(fp->read, FP_HUGE, FP_HENTRY);
	footprint_set(fp->read, FP_HUGE, FP_SLOT);
	footprint_set(fp->read, FP_MISC, FP_PTE(page));
	footprint_set(fp->write, FP_MISC, FP_PTE(page));
	if (deletes(s, tid))
		footprint_set(fp->write, FP_HUGE, FP_HENTRY);
	if (prim_slots(m, s) & SLOT_LEAF) {
		footprint_set(fp->write, FP_HUGE, FP_SLOT);
		for (int q = 0; q < MAX_PAGES; q++)
			if ((prim_huge_mask(m) >> q) & 1) {
				footprint_set(fp->read, FP_MISC, FP_PTE(q));
				footprint_set(fp->write, FP_MISC, FP_PTE(q));
			}
	}
}

static void inval_promela(struct emitter *E, int in, const struct step *st)
{
	if (!E->m->sc->huge_pages) {
		prim_drop_hole_ops.promela_body(E, in, st);
		return;
	}
	emit(E, in, "if");
	emit(E, in, ":: IN_HUGE(pg) ->");
	emit(E, in + 1, "cache = cache & (255 - (1 << pg));");
	emit_if(E, in + 1, "(flags[_pid] & TF_HENTRY) != 0 && "
		"(hentry == HENTRY_ZERO || hentry == HENTRY_EMPTY)",
		"hentry = HENTRY_NONE\t/* the 2 MiB entry deleted */");
	emit(E, in + 1, "SPLIT_LEAVES;\t/* a PMD over the page split: cleared */");
	emit(E, in + 1, "ZAP_PTE(pg)");
	emit(E, in, ":: else ->");
	prim_drop_hole_ops.promela_body(E, in + 1, st);
	emit(E, in + 1, "skip");
	emit(E, in, "fi;");
}

/* What it waits for, its future, what it heals and its paths are
 * drop_hole's: the hole page and the lock it takes inside are all it waits
 * for, and futures and heals_nothing are never asked with a huge page. */
static int inval_enabled(const struct model *m, const struct state *s, int tid,
			 const struct step *st)
{
	return prim_drop_hole_ops.enabled(m, s, tid, st);
}

static int inval_waits_for(const struct model *m, const struct state *s, int tid,
			   const struct step *st)
{
	return prim_drop_hole_ops.waits_for(m, s, tid, st);
}

static void inval_future(struct future_walk *w, const struct future_at *at)
{
	prim_drop_hole_ops.future(w, at);
}

static int inval_heals_nothing(const struct model *m, const struct state *s, int tid,
			       const struct step *st, struct footprint *fp)
{
	return prim_drop_hole_ops.heals_nothing(m, s, tid, st, fp);
}

static int inval_paths(struct paths *P, const struct step *s, uint32_t a)
{
	return prim_drop_hole_ops.paths(P, s, a);
}

static void inval_promela_enabled(struct emitter *E, const struct step *st)
{
	prim_drop_hole_ops.promela_enabled(E, st);
}

const struct prim_ops prim_inval_range_ops = {
	.name = "inval_range", .arg = PRIM_ARG_LOCK_OR_NONE,
	.what = "invalidate_inode_pages2_range of a DAX mapping (v4.12): drop the hole page, "
		"delete the zero 2 MiB entry it holds locked, unmap the page and a PMD over it",
	.brief = "invalidate and unmap the range",
	.lock = PRIM_LOCK_IS_ARG,
	.enabled = inval_enabled, .waits_for = inval_waits_for, .run = inval_run,
	.footprint = inval_footprint, .future = inval_future,
	.heals_nothing = inval_heals_nothing, .paths = inval_paths,
	.promela_enabled = inval_promela_enabled, .promela_body = inval_promela,
};
