/*
 * journal.c - a jbd2 commit against the running handles: t_locked and
 * wait_updates, on the journal's lock (LOCK_JOURNAL, jbd2_journal in a
 * strategy file).
 *
 * A jbd2 handle is not a mutex.  Handles share the running transaction:
 * start_this_handle() joins it (t_updates++) and jbd2_journal_stop()
 * leaves it, and any number run at once.  A handle waits only when a
 * commit has locked the transaction: jbd2_journal_commit_transaction()
 * sets T_LOCKED, after which start_this_handle() sleeps (wait_transaction_
 * locked) until the commit is done with it, and then the commit waits for
 * the running handles to stop (t_updates == 0, j_wait_updates).  lockdep
 * says the same (jbd2's j_trans_commit_map: read-acquired by a handle,
 * write-acquired by the commit).  So the journal is a lock whose handles
 * hold it shared (lock_shared, unlock_shared: start_this_handle,
 * jbd2_journal_stop), and whose commit takes it exclusive in two steps:
 *   - t_locked: T_LOCKED.  It waits only for another commit; running
 *     handles go on, new ones now wait (lock_shared waits for an
 *     exclusive holder);
 *   - wait_updates: it waits until no other thread holds the lock shared,
 *     and changes nothing.
 * The commit then releases the lock with unlock (T_FLUSH: the transaction
 * is no longer running, and new handles start the next one).  A thread
 * that holds a handle and waits for a lock a thread waiting to start a
 * handle holds, while a commit waits for the first, is the deadlock of
 * fb26a1cbed8c: three threads, not two, since a handle start blocks only
 * behind a commit.
 */
#include "prims.h"

/* Returns 1 if a thread other than tid holds lock l shared. */
static int updates_running(const struct model *m, const struct state *s, int tid, int l)
{
	for (int i = 0; i < m->sc->nthreads; i++)
		if (i != tid && (s->t[i].held & LOCK_SHARED_BIT(l)))
			return 1;
	return 0;
}

/* ---- t_locked: the commit locks the running transaction ---- */

static int t_locked_enabled(const struct model *m, const struct state *s, int tid,
			    const struct step *st)
{
	/* Another commit: it waits.  Running handles: it does not. */
	return !prim_lock_busy(m, s, tid, st->arg, 1) &&
	       !(s->t[tid].held & (LOCK_SHARED_BIT(st->arg) | LOCK_EXCL_BIT(st->arg)));
}

/* Reads and writes the committer; the handles it does not read. */
static void t_locked_footprint(const struct model *m, const struct state *s, int tid,
			       const struct step *st, int page, int effect, struct footprint *fp)
{
	int w, b;

	(void)m;
	(void)s;
	(void)tid;
	(void)effect;
	footprint_lock_bit(st->arg, page, &w, &b);
	footprint_set(fp->read, w, b + 1);
	footprint_set(fp->write, w, b + 1);
}

/* As lock's: it may read the holders (a superset of what it reads) and
 * writes the committer. */
static void t_locked_future(struct future_walk *w, const struct future_at *at)
{
	int l = at->st->arg;

	if (future_frozen_holds(w, l, at->page, 1))
		return;
	future_lock_excl(w, l, at->page);
	future_go(w, at->ip, at->st->next, at->blk, at->flags, at->zpos);
}

static void t_locked_promela_enabled(struct emitter *E, const struct step *st)
{
	fputs("(!", E->f);
	emit_busy(E, st->arg, 1);
	fprintf(E->f, " && (held[_pid] & %u) == 0)",
		LOCK_SHARED_BIT(st->arg) | LOCK_EXCL_BIT(st->arg));
}

const struct prim_ops prim_t_locked_ops = {
	.name = "t_locked", .arg = PRIM_ARG_LOCK,
	.what = "a jbd2 commit locks the transaction (T_LOCKED): the lock exclusive, waiting "
		"for another commit only, not for its shared holders",
	.brief = "lock the transaction",
	.flags = PRIM_LOCK_STEP, .lock = PRIM_LOCK_IS_ARG,
	.enabled = t_locked_enabled, .run = prim_lock_run, .footprint = t_locked_footprint,
	.future = t_locked_future, .paths = prim_lock_paths,
	.promela_enabled = t_locked_promela_enabled, .promela_body = prim_lock_promela,
};

/* ---- wait_updates: the commit waits for the running handles ---- */

static int wait_updates_enabled(const struct model *m, const struct state *s, int tid,
				const struct step *st)
{
	return !updates_running(m, s, tid, st->arg);
}

static void wait_updates_run(const struct model *m, struct state *s, int tid, int page,
			     const struct step *st, struct effect *e)
{
	(void)m;
	(void)s;
	(void)tid;
	(void)page;
	e->kind = EFF_UPDATES;
	e->block = (uint8_t)st->arg;
}

/* Reads the shared holders: a handle's start or stop counts them. */
static void wait_updates_footprint(const struct model *m, const struct state *s, int tid,
				   const struct step *st, int page, int effect,
				   struct footprint *fp)
{
	int w, b;

	(void)m;
	(void)s;
	(void)tid;
	(void)effect;
	footprint_lock_bit(st->arg, page, &w, &b);
	footprint_set(fp->read, w, b);
}

static void wait_updates_future(struct future_walk *w, const struct future_at *at)
{
	future_lock_holders(w, at->st->arg, at->page);
	future_go(w, at->ip, at->st->next, at->blk, at->flags, at->zpos);
}

/* It changes nothing the thread has: on. */
static int wait_updates_paths(struct paths *P, const struct step *s, uint32_t a)
{
	return paths_go(P, a & ~0xffu, s->next, s);
}

static void wait_updates_promela_enabled(struct emitter *E, const struct step *st)
{
	int n = E->m->sc->nthreads;

	fputs("(", E->f);
	for (int i = 0; i < n; i++)
		fprintf(E->f, "%s(_pid == %d || (held[%d] & %u) == 0)", i ? " && " : "", i, i,
			LOCK_SHARED_BIT(st->arg));
	fputs(")", E->f);
}

static void wait_updates_promela(struct emitter *E, int in, const struct step *st)
{
	(void)st;
	emit(E, in, "skip;");
}

const struct prim_ops prim_wait_updates_ops = {
	.name = "wait_updates", .arg = PRIM_ARG_LOCK,
	.what = "a jbd2 commit waits for the running handles to stop (t_updates == 0): "
		"until no other thread holds the lock shared",
	.brief = "wait for the running handles",
	.lock = PRIM_LOCK_IS_ARG,
	.enabled = wait_updates_enabled, .run = wait_updates_run,
	.footprint = wait_updates_footprint, .future = wait_updates_future,
	.paths = wait_updates_paths,
	.promela_enabled = wait_updates_promela_enabled, .promela_body = wait_updates_promela,
};
