/*
 * invalidate.c - invalidate_entry: __dax_invalidate_entry() of v5.12
 * (__dax_invalidate_mapping_entry() from c6dcf52c23d2 "mm: Invalidate DAX
 * radix tree entries only if appropriate", v4.10; renamed with the XArray),
 * which dax_invalidate_mapping_entry_sync() runs for each DAX entry
 * invalidate_inode_pages2_range() finds, and dax_delete_mapping_entry()
 * for truncate: one atomic step under the XArray's lock (xas_lock_irq).
 *
 * get_unlocked_entry() looks the page's entry up.  Locked by a fault, the
 * thread sleeps on the entry's wait queue as an exclusive waiter
 * (prepare_to_wait_exclusive), as grab_entry does (waitq.c), and runs the
 * step again when a wake-up takes it off.  No entry: nothing to
 * invalidate, and put_unlocked_entry(&xas, NULL) wakes nobody.  An
 * unlocked entry: deleted (xas_store(&xas, NULL)), and put_unlocked_entry
 * wakes the next sleeper (argument wake_next, WAKE_NEXT: v5.12 and
 * before) or every one (wake_all, 237388320dee "dax: Wake up all waiters
 * after invalidating dax entry", v5.13-rc2).  That is the lost wake-up of
 * 237388320dee: of three invalidators asleep on a fault's entry, the
 * fault's unlock wakes A, A deletes the entry and wakes B, B finds no
 * entry and wakes nobody, C sleeps for ever (lost-wakeup).  A cached hole
 * page (v4.12's, which the v5.12 strategies keep: their files say why)
 * stands for the entry: its page lock is waited for as a lock, as
 * grab_entry does.
 *
 * Whether the page has an entry (struct state.pentry, bit p) is tracked
 * only in a scenario with `invalidate` (struct scenario.entries): there
 * grab_entry sets the bit and this step clears it.  Elsewhere this step
 * (in a punch or write(2) path) takes the entry as present, which is
 * exact where it matters: a sleeper on the queue means a fault holds the
 * entry, so the entry exists; with no sleeper the wake-up wakes nobody
 * either way, and no other invalidation of the page can look after it.
 * The dirty tag (a write fault's entry, which dax_invalidate_mapping_entry_sync
 * keeps, waking the next sleeper) is not modelled: every entry is clean,
 * as a read fault's is.
 */
#include "prims.h"

/* Returns 1 if page p has a DAX entry (untracked: taken as present). */
static int has_entry(const struct model *m, const struct state *s, int page)
{
	return !m->sc->entries || ((s->pentry >> page) & 1);
}

static int inval_enabled(const struct model *m, const struct state *s, int tid,
			 const struct step *st)
{
	(void)st;
	if (s->waitq[tid])
		return 0;			/* asleep until woken */
	/* Unlocked: it runs.  Locked, a DAX entry: it goes to sleep.
	 * Locked, a hole page: lock_page waits. */
	return !prim_lock_busy(m, s, tid, LOCK_ENTRY, 0) || !prim_cached(m, s, tid);
}

static void inval_run(const struct model *m, struct state *s, int tid, int page,
		      const struct step *st, struct effect *e)
{
	if (prim_lock_busy(m, s, tid, LOCK_ENTRY, 0)) {
		s->waitq[tid] = (uint8_t)(prim_waitq_len(m, s, page) + 1);
		e->kind = EFF_SLEEP;
		e->block = LOCK_ENTRY;
		e->value = s->waitq[tid];
		return;
	}
	e->kind = EFF_INVAL_ENTRY;
	e->flag = (uint8_t)has_entry(m, s, page);
	if (!e->flag)
		return;				/* put_unlocked_entry(NULL) */
	if (m->sc->entries)
		s->pentry &= (uint8_t)~(1u << page);
	prim_wake_entry(m, s, page, st->arg == INVAL_WAKE_ALL, e);
}

/* Sleeping: as grab_entry's.  Else: reads the holders, the entry and the
 * queue; deletes the entry (tracked) and wakes (a queue not empty). */
static void inval_footprint(const struct model *m, const struct state *s, int tid,
			    const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)st;
	(void)effect;
	footprint_holders(fp, LOCK_ENTRY, page);
	footprint_set(fp->read, FP_MISC, FP_CACHE(page));
	footprint_set(fp->read, FP_PLOCK, FP_WAITQ(page));
	if (prim_lock_busy(m, s, tid, LOCK_ENTRY, 0)) {
		footprint_set(fp->write, FP_PLOCK, FP_WAITQ(page));
		return;
	}
	if (!has_entry(m, s, page))
		return;
	if (m->sc->entries)
		footprint_set(fp->write, FP_MISC, FP_CACHE(page));
	if (prim_waitq_len(m, s, page))
		footprint_set(fp->write, FP_PLOCK, FP_WAITQ(page));
}

static void inval_future(struct future_walk *w, const struct future_at *at)
{
	int p = at->page;

	future_lock_holders(w, LOCK_ENTRY, p);
	future_rd(w, FP_MISC, FP_CACHE(p));
	future_rd(w, FP_PLOCK, FP_WAITQ(p));
	future_wr(w, FP_PLOCK, FP_WAITQ(p));
	if (w->m->sc->entries)
		future_wr(w, FP_MISC, FP_CACHE(p));
	if (future_frozen_holds(w, LOCK_ENTRY, p, 0))
		return;			/* asleep, or waiting, for ever */
	future_go(w, at->ip, at->st->next, at->blk, at->flags, at->zpos);
}

static int inval_paths(struct paths *P, const struct step *s, uint32_t a)
{
	return paths_go(P, a, s->next, s);
}

static void inval_promela_enabled(struct emitter *E, const struct step *st)
{
	(void)st;
	fputs("(waitq[_pid] == 0 && (!", E->f);
	emit_busy(E, LOCK_ENTRY, 0);
	fputs(" || !CACHED))", E->f);
}

/* w = 1 if it went to sleep: the handler then stays at the step. */
static void inval_promela(struct emitter *E, int in, const struct step *st)
{
	emit(E, in, "if");
	for (int i = 0; i < in; i++)
		putc('\t', E->f);
	fputs(":: ", E->f);
	emit_busy(E, LOCK_ENTRY, 0);
	fputs(" ->\n", E->f);
	emit(E, in + 1, "q = 0;");
	for (int i = 0; i < E->m->sc->nthreads; i++)
		emit(E, in + 1, "if :: waitq[%d] != 0 && OPPG_%d == pg -> q++ :: else -> skip fi;",
		     i, i);
	emit(E, in + 1, "waitq[_pid] = q + 1; w = 1");
	emit(E, in, ":: else ->");
	if (E->m->sc->entries) {
		emit(E, in + 1, "if :: (pentry & (1 << pg)) != 0 ->");
		emit(E, in + 2, "pentry = pentry & ~(1 << pg);");
		prim_promela_wake(E, in + 2, st->arg == INVAL_WAKE_ALL);
		emit(E, in + 1, ":: else -> skip fi");
	} else {
		prim_promela_wake(E, in + 1, st->arg == INVAL_WAKE_ALL);
	}
	emit(E, in, "fi;");
}

const struct prim_ops prim_invalidate_entry_ops = {
	.name = "invalidate_entry", .arg = PRIM_ARG_WAKE,
	.what = "wait for the page's DAX entry to be unlocked, asleep on its wait queue, "
		"then delete it and wake the next sleeper (wake_next) or every one "
		"(wake_all); no entry: wake nobody (__dax_invalidate_entry)",
	.brief = "delete the DAX entry, wake",
	.flags = PRIM_MAY_STAY, .lock = LOCK_ENTRY,
	.enabled = inval_enabled, .run = inval_run, .footprint = inval_footprint,
	.future = inval_future, .paths = inval_paths,
	.promela_enabled = inval_promela_enabled, .promela_body = inval_promela,
};
