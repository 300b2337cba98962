/*
 * pmd_entry.c - the DAX radix-tree entry lock when faults have two sizes
 * (fs/dax.c at 642261ac995e, 63e95b5c4f16): grab_mapping_entry, with the
 * size the fault asks for, and put_locked_mapping_entry.
 *
 * A 4 KiB fault locks the entry of its page; a 2 MiB fault the one entry
 * that covers the huge page.  "All offsets in the range covered by the PMD
 * map to the same bit lock": while the radix tree holds a 2 MiB entry, a
 * 4 KiB fault in its range locks that entry too (TF_HENTRY), and so waits
 * for a PMD fault that holds it.  The rules of grab_mapping_entry():
 *
 *   - a PMD request over a 2 MiB entry locks it; over a 4 KiB entry at its
 *     own index it waits for that entry's lock and then gives up with
 *     -EEXIST; over a 4 KiB entry (or the hole page) anywhere else in its
 *     range it gives up at once (the multi-order insert collides); over
 *     nothing it inserts a locked empty 2 MiB entry.  -EEXIST is TF_BUSY:
 *     the fault falls back to 4 KiB faults;
 *   - a PTE request over an empty or zero 2 MiB entry downgrades it: the
 *     huge zero page is unmapped (unmap_mapping_range of the 2 MiB), the
 *     2 MiB entry deleted and a locked empty 4 KiB entry inserted; over a
 *     2 MiB entry with storage it keeps and locks that entry ("PTE writes
 *     will simply dirty the entire 2MiB DAX entry"); elsewhere it locks the
 *     page's 4 KiB entry, inserting an empty one.
 *
 * The lock blocks: there are no wait queues in this model (a blocked
 * thread is simply not enabled).  Only a strategy with a pmd_fault
 * handler uses these; the persistent-set reduction gives way to sleep
 * sets for it (checker-src/explore.c), so their futures are never walked
 * and say only what the steps may touch.
 */
#include "prims.h"

/* Returns 1 if a thread other than tid holds the 2 MiB entry's lock. */
int prim_range_locked(const struct model *m, const struct state *s, int tid)
{
	for (int i = 0; i < m->sc->nthreads; i++)
		if (i != tid && (s->t[i].held & LOCK_EXCL_BIT(LOCK_ENTRY)) &&
		    (s->t[i].flags & TF_HENTRY))
			return 1;
	return 0;
}

/* The thread other than tid that holds page p's 4 KiB entry lock, or -1. */
static int page_holder(const struct model *m, const struct state *s, int tid, int p)
{
	for (int i = 0; i < m->sc->nthreads; i++)
		if (i != tid && (s->t[i].held & LOCK_EXCL_BIT(LOCK_ENTRY)) &&
		    !(s->t[i].flags & TF_HENTRY) && prim_op_page(m, s, i) == p)
			return i;
	return -1;
}

/* What a grab by tid of size arg meets: */
enum meets {
	MEETS_RANGE,	/* the 2 MiB entry (locked by another: it waits) */
	MEETS_PAGE,	/* a 4 KiB entry whose lock it needs, at page *p */
	MEETS_EEXIST,	/* a PMD request over 4 KiB entries elsewhere: -EEXIST */
};

static enum meets grab_meets(const struct model *m, const struct state *s, int tid,
			     const struct step *st, int page, int *p)
{
	int head = m->sc->huge_first;
	unsigned small = (unsigned)(s->pentry | s->cache) & prim_huge_mask(m);

	(void)tid;

	*p = page;
	if (st->arg == ENTRY_PTE)
		return scenario_in_huge(m->sc, page) && s->hentry != HENTRY_NONE ? MEETS_RANGE
										 : MEETS_PAGE;
	if (s->hentry != HENTRY_NONE)
		return MEETS_RANGE;
	*p = head;
	if ((small >> head) & 1)
		return MEETS_PAGE;	/* waits for it, then -EEXIST */
	return small ? MEETS_EEXIST : MEETS_RANGE;
}

static int grab_enabled(const struct model *m, const struct state *s, int tid,
			const struct step *st)
{
	int p;

	if (s->t[tid].held & LOCK_EXCL_BIT(LOCK_ENTRY))
		return 0;	/* it holds an entry lock: it waits for itself */
	switch (grab_meets(m, s, tid, st, prim_op_page(m, s, tid), &p)) {
	case MEETS_RANGE:
		return !prim_range_locked(m, s, tid);
	case MEETS_PAGE:
		return page_holder(m, s, tid, p) < 0;
	case MEETS_EEXIST:
		break;
	}
	return 1;
}

int prim_entry_holder(const struct model *m, const struct state *s, int tid)
{
	const struct step *st = exec_next_step(m, s, tid);
	int p, h;

	assert(st && st->prim == PRIM_GRAB_SIZED);
	if (grab_meets(m, s, tid, st, prim_op_page(m, s, tid), &p) == MEETS_PAGE)
		return (h = page_holder(m, s, tid, p)) >= 0 ? h : tid;
	for (int i = 0; i < m->sc->nthreads; i++)
		if (i != tid && (s->t[i].held & LOCK_EXCL_BIT(LOCK_ENTRY)) &&
		    (s->t[i].flags & TF_HENTRY))
			return i;
	return tid;
}

/* unmap_mapping_range of the huge page: its PMD leaf and every PTE, in
 * every process mapping the file. */
static void zap_huge(const struct model *m, struct state *s)
{
	for (int mm = 0; mm < m->sc->nmm; mm++)
		prim_zap_leaf(m, s, mm);
}

static void grab_run(const struct model *m, struct state *s, int tid, int page,
		     const struct step *st, struct effect *e)
{
	struct thread_state *t = &s->t[tid];
	int p;

	e->kind = EFF_GRAB;
	e->flag = (uint8_t)st->arg;
	e->old = s->hentry;
	t->flags &= (uint8_t)~TF_BUSY;
	switch (grab_meets(m, s, tid, st, page, &p)) {
	case MEETS_EEXIST:
		t->flags |= TF_BUSY;
		e->value = GRAB_EEXIST;
		return;
	case MEETS_PAGE:
		if (st->arg == ENTRY_PMD) {
			t->flags |= TF_BUSY;
			e->value = GRAB_EEXIST;
			return;
		}
		break;
	case MEETS_RANGE:
		if (st->arg == ENTRY_PMD || s->hentry == HENTRY_DAX) {
			if (s->hentry == HENTRY_NONE)
				s->hentry = HENTRY_EMPTY;
			t->flags |= TF_HENTRY;
			t->held |= (uint16_t)LOCK_EXCL_BIT(LOCK_ENTRY);
			e->value = GRAB_RANGE;
			return;
		}
		/* the downgrade of an empty or zero 2 MiB entry */
		if (s->hentry == HENTRY_ZERO)
			zap_huge(m, s);
		s->hentry = HENTRY_NONE;
		e->value = GRAB_DOWNGRADE;
		break;
	}
	if (scenario_in_huge(m->sc, page))
		s->pentry |= (uint8_t)(1u << page);
	t->held |= (uint16_t)LOCK_EXCL_BIT(LOCK_ENTRY);
	if (e->value != GRAB_DOWNGRADE)
		e->value = GRAB_PAGE;
}

/* The 2 MiB entry and its lock are one object (FP_HENTRY); a 4 KiB entry's
 * lock is the per-page entry lock, its presence FP_PENTRY. */
static void grab_footprint(const struct model *m, const struct state *s, int tid,
			   const struct step *st, int page, int effect, struct footprint *fp)
{
	int p, huge = m->sc->huge_pages != 0;

	(void)effect;
	if (huge)
		footprint_set(fp->read, FP_HUGE, FP_HENTRY);
	switch (grab_meets(m, s, tid, st, page, &p)) {
	case MEETS_EEXIST:
		for (int q = 0; q < MAX_PAGES; q++)
			if ((prim_huge_mask(m) >> q) & 1) {
				footprint_set(fp->read, FP_HUGE, FP_PENTRY(q));
				footprint_set(fp->read, FP_MISC, FP_CACHE(q));
			}
		return;
	case MEETS_PAGE:
		if (st->arg == ENTRY_PMD) {
			/* it waits for the lock, then gives up: it reads */
			footprint_holders(fp, LOCK_ENTRY, p);
			footprint_set(fp->read, FP_HUGE, FP_PENTRY(p));
			footprint_set(fp->read, FP_MISC, FP_CACHE(p));
			for (int q = 0; q < MAX_PAGES; q++)
				if ((prim_huge_mask(m) >> q) & 1) {
					footprint_set(fp->read, FP_HUGE, FP_PENTRY(q));
					footprint_set(fp->read, FP_MISC, FP_CACHE(q));
				}
			return;
		}
		footprint_excl(fp, LOCK_ENTRY, p);
		if (scenario_in_huge(m->sc, page))
			footprint_set(fp->write, FP_HUGE, FP_PENTRY(page));
		return;
	case MEETS_RANGE:
		/* the 2 MiB entry's lock, and the held bit it sets */
		footprint_set(fp->write, FP_HUGE, FP_HENTRY);
		footprint_excl(fp, LOCK_ENTRY, page);
		if (st->arg == ENTRY_PMD) {
			for (int q = 0; q < MAX_PAGES; q++)
				if ((prim_huge_mask(m) >> q) & 1) {
					footprint_set(fp->read, FP_HUGE, FP_PENTRY(q));
					footprint_set(fp->read, FP_MISC, FP_CACHE(q));
				}
		} else if (s->hentry != HENTRY_DAX) {
			footprint_excl(fp, LOCK_ENTRY, page);
			footprint_set(fp->write, FP_HUGE, FP_PENTRY(page));
			if (s->hentry == HENTRY_ZERO) {
				footprint_set(fp->write, FP_HUGE, FP_SLOT);
				for (int q = 0; q < MAX_PAGES; q++)
					if ((prim_huge_mask(m) >> q) & 1)
						footprint_set(fp->write, FP_MISC, FP_PTE(q));
			}
		}
		return;
	}
}

/* Never walked (the reduction gives way to sleep sets with PMD faults):
 * what any grab or put may touch, and every outcome. */
void prim_pmd_future(struct future_walk *w, const struct future_at *at)
{
	for (int q = 0; q < MAX_PAGES; q++) {
		future_wr(w, FP_MISC, FP_PTE(q));
		future_wr(w, FP_MISC, FP_MAP(q));
		future_wr(w, FP_HUGE, FP_PENTRY(q));
		future_lock_excl(w, LOCK_ENTRY, q);
	}
	future_wr(w, FP_HUGE, FP_SLOT);
	future_wr(w, FP_HUGE, FP_HENTRY);
	future_pool_all(w);
	future_go(w, at->ip, at->st->next, at->blk | FE_BLOCKS | BLK_NONE, at->flags | TF_BUSY,
		  at->zpos);
	future_go(w, at->ip, at->st->next, at->blk | FE_BLOCKS | BLK_NONE, at->flags & ~TF_BUSY,
		  at->zpos);
}

/* grab_meets() in Promela, on the page of the thread's operation (a guard
 * runs before pg is set): SMALL the 4 KiB entries and hole pages in the
 * huge page's range. */
#define SMALL	"((pentry | cache) & HUGE_MASK)"
#define MEETS_RANGE_PTE	"(IN_HUGE(OPPG(_pid)) && hentry != HENTRY_NONE)"

/* grab_enabled: the lock it meets is free (the 2 MiB entry's, or a 4 KiB
 * entry's); -EEXIST is always enabled. */
static void grab_promela_enabled(struct emitter *E, const struct step *st)
{
	if (st->arg == ENTRY_PTE) {
		fputs("(" MEETS_RANGE_PTE " -> !RANGE_LOCKED : !PAGE_HELD(OPPG(_pid)))", E->f);
		return;
	}
	fputs("(hentry != HENTRY_NONE -> !RANGE_LOCKED : "
	      "(((" SMALL " >> HUGE_FIRST) & 1) == 1 -> !PAGE_HELD(HUGE_FIRST) : "
	      "(" SMALL " != 0 -> true : !RANGE_LOCKED)))", E->f);
}

/* grab_run in Promela: -EEXIST, the 2 MiB entry's lock, or (after any
 * downgrade) the page's. */
static void grab_promela(struct emitter *E, int in, const struct step *st)
{
	emit(E, in, "flags[_pid] = flags[_pid] & %u;", 0xffu & ~(unsigned)TF_BUSY);
	emit(E, in, "if");
	if (st->arg == ENTRY_PMD) {
		emit(E, in, ":: hentry == HENTRY_NONE && " SMALL " != 0 ->\t/* -EEXIST */");
		emit(E, in + 1, "flags[_pid] = flags[_pid] | TF_BUSY");
		emit(E, in, ":: else ->\t/* the 2 MiB entry, a new empty one if none */");
		emit_if(E, in + 1, "hentry == HENTRY_NONE", "hentry = HENTRY_EMPTY");
		emit(E, in + 1, "flags[_pid] = flags[_pid] | TF_HENTRY;");
		emit(E, in + 1, "held[_pid] = held[_pid] | ENTRY_LOCKED");
		emit(E, in, "fi;");
		return;
	}
	emit(E, in, ":: IN_HUGE(pg) && hentry == HENTRY_DAX ->\t/* the 2 MiB entry, kept */");
	emit(E, in + 1, "flags[_pid] = flags[_pid] | TF_HENTRY;");
	emit(E, in + 1, "held[_pid] = held[_pid] | ENTRY_LOCKED");
	emit(E, in, ":: else ->");
	emit(E, in + 1, "if");
	emit(E, in + 1, ":: IN_HUGE(pg) && hentry != HENTRY_NONE ->\t/* downgraded */");
	emit_if(E, in + 2, "hentry == HENTRY_ZERO", "ZAP_HUGE");
	emit(E, in + 2, "hentry = HENTRY_NONE");
	emit(E, in + 1, ":: else -> skip");
	emit(E, in + 1, "fi;");
	emit_if(E, in + 1, "IN_HUGE(pg)", "pentry = pentry | (1 << pg)");
	emit(E, in + 1, "held[_pid] = held[_pid] | ENTRY_LOCKED");
	emit(E, in, "fi;");
}

/* Locked (the 2 MiB entry or the page's), or, for a PMD request, -EEXIST. */
static int grab_paths(struct paths *P, const struct step *s, uint32_t a)
{
	unsigned held = A_HELD(a), x = LOCK_EXCL_BIT(LOCK_ENTRY);

	if (held & x)
		return 0;	/* waits for itself: a deadlock the search shows */
	if (paths_go(P, A_MAKE(0, held | x, A_FLAGS(a) & ~A_BUSY), s->next, s))
		return -1;
	if (s->arg == ENTRY_PMD)
		return paths_go(P, a | A_BUSY, s->next, s);
	return 0;
}

const struct prim_ops prim_grab_sized_ops = {
	.name = "grab_sized", .arg = PRIM_ARG_SIZE,
	.what = "grab_mapping_entry: lock the page's DAX entry, or the 2 MiB one (arg pte or pmd)",
	.brief = "lock the DAX entry",
	.flags = 0, .lock = LOCK_ENTRY,
	.enabled = grab_enabled, .run = grab_run, .footprint = grab_footprint,
	.future = prim_pmd_future, .heals_nothing = prim_may_heal, .paths = grab_paths,
	.promela_enabled = grab_promela_enabled, .promela_body = grab_promela,
};

/* ---- put_sized: put_locked_mapping_entry ---- */

static void put_run(const struct model *m, struct state *s, int tid, int page,
		    const struct step *st, struct effect *e)
{
	struct thread_state *t = &s->t[tid];

	(void)m;
	(void)page;
	(void)st;
	assert(t->held & LOCK_EXCL_BIT(LOCK_ENTRY));
	e->kind = EFF_PUT;
	e->flag = (t->flags & TF_HENTRY) != 0;
	t->held &= (uint16_t)~LOCK_EXCL_BIT(LOCK_ENTRY);
	t->flags &= (uint8_t)~TF_HENTRY;
}

static void put_footprint(const struct model *m, const struct state *s, int tid,
			  const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)m;
	(void)st;
	(void)effect;
	if (s->t[tid].flags & TF_HENTRY)
		footprint_set(fp->write, FP_HUGE, FP_HENTRY);
	footprint_excl(fp, LOCK_ENTRY, page);	/* the held bit it clears */
}

static int put_paths(struct paths *P, const struct step *s, uint32_t a)
{
	unsigned held = A_HELD(a), x = LOCK_EXCL_BIT(LOCK_ENTRY);

	if (!(held & x))
		return paths_fail(P, s, "%s can run without the DAX entry locked", s->name);
	return paths_go(P, A_MAKE(0, held & ~x, A_FLAGS(a)), s->next, s);
}

/* put_run in Promela. */
static void put_promela(struct emitter *E, int in, const struct step *st)
{
	(void)st;
	emit(E, in, "assert((held[_pid] & ENTRY_LOCKED) != 0);");
	emit(E, in, "held[_pid] = held[_pid] & %u;", NONE_BITS & ~LOCK_EXCL_BIT(LOCK_ENTRY));
	emit(E, in, "flags[_pid] = flags[_pid] & %u;", 0xffu & ~(unsigned)TF_HENTRY);
}

const struct prim_ops prim_put_sized_ops = {
	.name = "put_sized", .arg = PRIM_ARG_NONE,
	.what = "put_locked_mapping_entry: unlock the DAX entry grab_sized locked",
	.brief = "unlock the DAX entry",
	.flags = 0, .lock = LOCK_NONE,
	.run = put_run, .footprint = put_footprint,
	.future = prim_pmd_future, .heals_nothing = prim_may_heal, .paths = put_paths,
	.promela_body = put_promela,
};
