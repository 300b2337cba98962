/*
 * waitq.c - the DAX entry lock with its wait queue: grab_entry
 * (grab_mapping_entry) and put_entry (put_locked_mapping_entry).
 *
 * From v4.7 (ac401cc78242) a fault locks the DAX radix-tree entry of its
 * page.  get_unlocked_mapping_entry(), finding it locked, puts the thread
 * on the entry's hashed wait queue as an exclusive waiter
 * (prepare_to_wait_exclusive) and schedules; a wake-up takes it off, and
 * it looks the entry up again.  Here that is a visible step: the thread
 * sleeps (struct state.waitq, its place in the page's queue) and cannot
 * move until a wake-up takes it off; then it runs its grab_entry step
 * again.  Wake-ups are exact: a wake-one takes the head of the queue off
 * (exclusive waiters are woken in the order they queued), a wake-all
 * every sleeper.  Who wakes:
 *   - put_entry, unlocking a DAX entry (dax_unlock_mapping_entry): one;
 *   - load_hole, whose hole page replaces the locked empty entry in
 *     page_cache_tree_insert (load_hole.c): one up to v4.9, all with
 *     965d004af540 (its argument wake_all).
 * In a scenario with `invalidate`, taking the lock inserts the entry
 * (struct state.pentry), which invalidate_entry deletes (invalidate.c).
 * Once a hole page is cached, the page stands for the entry: a fault
 * locks it with lock_page (grab_mapping_entry), whose waiters the page
 * lock's own wait queue wakes when it is unlocked; so grab_entry waits for
 * a cached page's lock as for a lock, and put_entry of a cached page
 * (unlock_page) wakes nobody on the DAX queue.  A sleeper there stays
 * asleep until a DAX wake-up: if none will come, it sleeps for ever
 * (lost-wakeup, checker-src/property.c).
 */
#include "prims.h"

/* ---- grab_entry: lock the entry, or sleep on its wait queue ---- */

static int grab_entry_enabled(const struct model *m, const struct state *s, int tid,
			      const struct step *st)
{
	if (s->waitq[tid])
		return 0;			/* asleep until woken */
	/* Free: it takes it.  Locked, a DAX entry: it goes to sleep.
	 * Locked, a hole page: lock_page waits. */
	return prim_can_take(m, s, tid, st->arg) || !prim_cached(m, s, tid);
}

static void grab_entry_run(const struct model *m, struct state *s, int tid, int page,
			   const struct step *st, struct effect *e)
{
	if (prim_can_take(m, s, tid, st->arg)) {
		s->t[tid].held |= (uint16_t)LOCK_EXCL_BIT(st->arg);
		if (m->sc->entries)	/* it inserts an empty entry if none */
			s->pentry |= (uint8_t)(1u << page);
		e->kind = EFF_LOCK;
		e->block = (uint8_t)st->arg;
		return;
	}
	s->waitq[tid] = (uint8_t)(prim_waitq_len(m, s, page) + 1);
	e->kind = EFF_SLEEP;
	e->block = (uint8_t)st->arg;
	e->value = s->waitq[tid];
}

/* Taking: reads every holder, writes the owner.  Sleeping: reads the
 * holders and whether a hole page stands for the entry, and joins the
 * queue (reads and writes it). */
static void grab_entry_footprint(const struct model *m, const struct state *s, int tid,
				 const struct step *st, int page, int effect,
				 struct footprint *fp)
{
	(void)effect;
	if (prim_can_take(m, s, tid, st->arg)) {
		footprint_excl(fp, st->arg, page);
		if (m->sc->entries && !((s->pentry >> page) & 1))
			footprint_set(fp->write, FP_MISC, FP_CACHE(page));
		return;
	}
	footprint_holders(fp, st->arg, page);
	footprint_set(fp->read, FP_MISC, FP_CACHE(page));
	footprint_set(fp->read, FP_PLOCK, FP_WAITQ(page));
	footprint_set(fp->write, FP_PLOCK, FP_WAITQ(page));
}

static void grab_entry_future(struct future_walk *w, const struct future_at *at)
{
	int l = at->st->arg, p = at->page;

	future_rd(w, FP_MISC, FP_CACHE(p));
	future_rd(w, FP_PLOCK, FP_WAITQ(p));
	future_wr(w, FP_PLOCK, FP_WAITQ(p));
	future_lock_holders(w, l, p);
	if (future_frozen_holds(w, l, p, 0))
		return;
	future_lock_excl(w, l, p);
	if (w->m->sc->entries)
		future_wr(w, FP_MISC, FP_CACHE(p));
	future_go(w, at->ip, at->st->next, at->blk, at->flags, at->zpos);
}

/* The number of sleepers on page pg's entry, into q. */
static void emit_queue_len(struct emitter *E, int in)
{
	emit(E, in, "q = 0;");
	for (int i = 0; i < E->m->sc->nthreads; i++)
		emit(E, in, "if :: waitq[%d] != 0 && OPPG_%d == pg -> q++ :: else -> skip fi;", i, i);
}

static void grab_entry_promela_enabled(struct emitter *E, const struct step *st)
{
	fputs("(waitq[_pid] == 0 && (", E->f);
	emit_can_take(E, st->arg);
	fputs(" || !CACHED))", E->f);
}

/* w = 1 if it went to sleep: the handler then stays at the step. */
static void grab_entry_promela(struct emitter *E, int in, const struct step *st)
{
	emit(E, in, "if");
	for (int i = 0; i < in; i++)
		putc('\t', E->f);
	fputs(":: ", E->f);
	emit_can_take(E, st->arg);
	fprintf(E->f, " -> held[_pid] = held[_pid] | %u%s\n", LOCK_EXCL_BIT(st->arg),
		E->m->sc->entries ? "; pentry = pentry | (1 << pg)" : "");
	emit(E, in, ":: else ->");
	emit_queue_len(E, in + 1);
	emit(E, in + 1, "waitq[_pid] = q + 1; w = 1");
	emit(E, in, "fi;");
}

const struct prim_ops prim_grab_entry_ops = {
	.name = "grab_entry", .arg = PRIM_ARG_LOCK,
	.what = "lock the page's DAX entry, or sleep on its wait queue until woken "
		"(grab_mapping_entry)",
	.brief = "lock the DAX entry or sleep",
	.flags = PRIM_LOCK_STEP | PRIM_MAY_STAY, .lock = PRIM_LOCK_IS_ARG,
	.enabled = grab_entry_enabled, .run = grab_entry_run, .footprint = grab_entry_footprint,
	.future = grab_entry_future, .paths = prim_lock_paths,
	.promela_enabled = grab_entry_promela_enabled, .promela_body = grab_entry_promela,
};

/* ---- put_entry: unlock it; a DAX entry wakes one sleeper ---- */

static void put_entry_run(const struct model *m, struct state *s, int tid, int page,
			  const struct step *st, struct effect *e)
{
	assert(s->t[tid].held & LOCK_EXCL_BIT(st->arg));
	s->t[tid].held &= (uint16_t)~LOCK_EXCL_BIT(st->arg);
	/* unlock_page of a cached hole page wakes the page's waiters, who
	 * wait here as for a lock; dax_unlock_mapping_entry wakes one. */
	if (!((s->cache >> page) & 1))
		prim_wake_entry(m, s, page, 0, e);
	e->kind = EFF_UNLOCK;
	e->block = (uint8_t)st->arg;
}

static void put_entry_footprint(const struct model *m, const struct state *s, int tid,
				const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)tid;
	(void)effect;
	footprint_excl(fp, st->arg, page);
	footprint_set(fp->read, FP_MISC, FP_CACHE(page));
	footprint_set(fp->read, FP_PLOCK, FP_WAITQ(page));
	if (!((s->cache >> page) & 1) && prim_waitq_len(m, s, page))
		footprint_set(fp->write, FP_PLOCK, FP_WAITQ(page));
}

static void put_entry_future(struct future_walk *w, const struct future_at *at)
{
	future_lock_excl(w, at->st->arg, at->page);
	future_rd(w, FP_MISC, FP_CACHE(at->page));
	future_rd(w, FP_PLOCK, FP_WAITQ(at->page));
	future_wr(w, FP_PLOCK, FP_WAITQ(at->page));
	future_go(w, at->ip, at->st->next, at->blk, at->flags, at->zpos);
}

static int put_entry_paths(struct paths *P, const struct step *s, uint32_t a)
{
	unsigned held = A_HELD(a), x = LOCK_EXCL_BIT(s->arg);

	if (!(held & x))
		return paths_fail(P, s, "%s can run without %s held exclusive", s->name,
				  paths_lock_name(P, s->arg));
	return paths_go(P, A_MAKE(0, held & ~x, A_FLAGS(a)), s->next, s);
}

void prim_promela_wake(struct emitter *E, int in, int all)
{
	for (int i = 0; i < E->m->sc->nthreads; i++) {
		if (all)
			emit(E, in, "if :: waitq[%d] != 0 && OPPG_%d == pg -> waitq[%d] = 0 "
			     ":: else -> skip fi;", i, i, i);
		else
			emit(E, in, "if :: waitq[%d] != 0 && OPPG_%d == pg -> waitq[%d]-- "
			     ":: else -> skip fi;", i, i, i);
	}
}

static void put_entry_promela(struct emitter *E, int in, const struct step *st)
{
	unsigned ex = LOCK_EXCL_BIT(st->arg);

	emit(E, in, "assert((held[_pid] & %u) != 0);", ex);
	emit(E, in, "held[_pid] = held[_pid] & %u;", NONE_BITS & ~ex);
	emit(E, in, "if :: !CACHED ->");
	prim_promela_wake(E, in + 1, 0);
	emit(E, in, ":: else -> skip fi;");
}

const struct prim_ops prim_put_entry_ops = {
	.name = "put_entry", .arg = PRIM_ARG_LOCK,
	.what = "unlock the page's DAX entry, waking its first sleeper, or the hole page "
		"standing for it (put_locked_mapping_entry)",
	.brief = "unlock the DAX entry, wake one",
	.flags = PRIM_LOCK_STEP, .lock = PRIM_LOCK_IS_ARG,
	.run = put_entry_run, .footprint = put_entry_footprint,
	.future = put_entry_future, .paths = put_entry_paths,
	.promela_body = put_entry_promela,
};
