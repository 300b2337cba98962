/*
 * locks.c - the four lock primitives: mutex_lock / down_write (lock),
 * mutex_unlock / up_write (unlock), down_read (lock_shared), up_read
 * (unlock_shared), each of the lock its argument names.
 *
 * Locks block: a thread whose step takes a lock held in a conflicting mode
 * cannot move.  They are not recursive, so a thread that takes a lock it
 * holds waits for itself.  Who holds a lock is derived from the threads'
 * `held` bits; a per-page lock is one lock per page index, the instance of
 * the page the thread's operation is on.
 */
#include "prims.h"

/* ---- lock: take exclusive ---- */

static int lock_enabled(const struct model *m, const struct state *s, int tid,
			const struct step *st)
{
	/* Taking a lock the thread already holds: it waits for ever. */
	return prim_can_take(m, s, tid, st->arg);
}

/* Take lock arg exclusive (also the jbd2 commit's T_LOCKED, journal.c). */
void prim_lock_run(const struct model *m, struct state *s, int tid, int page,
		   const struct step *st, struct effect *e)
{
	(void)m;
	(void)page;
	s->t[tid].held |= (uint16_t)LOCK_EXCL_BIT(st->arg);
	e->kind = EFF_LOCK;
	e->block = (uint8_t)st->arg;
}

/* Taking or releasing exclusive: reads every holder, writes the owner. */
static void excl_footprint(const struct model *m, const struct state *s, int tid,
			   const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)m;
	(void)s;
	(void)tid;
	(void)effect;
	footprint_excl(fp, st->arg, page);
}

static void lock_future(struct future_walk *w, const struct future_at *at)
{
	int l = at->st->arg;

	if (!future_forgotten(l)) {
		if (future_frozen_holds(w, l, at->page, 0))
			return;
		future_lock_excl(w, l, at->page);
	}
	future_go(w, at->ip, at->st->next, at->blk, at->flags, at->zpos);
}

/* Taking the lock exclusive (prims.h). */
int prim_lock_paths(struct paths *P, const struct step *s, uint32_t a)
{
	unsigned held = A_HELD(a), x = LOCK_EXCL_BIT(s->arg), sh = LOCK_SHARED_BIT(s->arg);

	if (held & (x | sh))
		return 0;	/* waits for itself: a deadlock the search shows */
	return paths_go(P, A_MAKE(0, held | x, A_FLAGS(a)), s->next, s);
}

static void lock_promela_enabled(struct emitter *E, const struct step *st)
{
	emit_can_take(E, st->arg);
}

/* Take lock arg exclusive, in Promela (also T_LOCKED's, journal.c). */
void prim_lock_promela(struct emitter *E, int in, const struct step *st)
{
	emit(E, in, "held[_pid] = held[_pid] | %u;", LOCK_EXCL_BIT(st->arg));
}

const struct prim_ops prim_lock_ops = {
	.name = "lock", .arg = PRIM_ARG_LOCK,
	.what = "take a lock exclusive (mutex_lock, down_write)",
	.brief = "take a lock",
	.flags = PRIM_LOCK_STEP, .lock = PRIM_LOCK_IS_ARG,
	.enabled = lock_enabled, .run = prim_lock_run, .footprint = excl_footprint,
	.future = lock_future, .paths = prim_lock_paths,
	.promela_enabled = lock_promela_enabled, .promela_body = prim_lock_promela,
};

/* ---- unlock: release exclusive ---- */

static void unlock_run(const struct model *m, struct state *s, int tid, int page,
		       const struct step *st, struct effect *e)
{
	(void)m;
	(void)page;
	assert(s->t[tid].held & LOCK_EXCL_BIT(st->arg));
	s->t[tid].held &= (uint16_t)~LOCK_EXCL_BIT(st->arg);
	/* the DAX entry lock wait_entry took may be the 2 MiB entry's
	 * (inval_sized.c): TF_HENTRY goes with it (never set without a huge
	 * page) */
	if (st->arg == LOCK_ENTRY)
		s->t[tid].flags &= (uint8_t)~TF_HENTRY;
	e->kind = EFF_UNLOCK;
	e->block = (uint8_t)st->arg;
}

/* Releasing exclusive; the 2 MiB entry's lock is FP_HENTRY. */
static void unlock_footprint(const struct model *m, const struct state *s, int tid,
			     const struct step *st, int page, int effect, struct footprint *fp)
{
	excl_footprint(m, s, tid, st, page, effect, fp);
	if (st->arg == LOCK_ENTRY && (s->t[tid].flags & TF_HENTRY))
		footprint_set(fp->write, FP_HUGE, FP_HENTRY);
}

static void unlock_future(struct future_walk *w, const struct future_at *at)
{
	if (!future_forgotten(at->st->arg))
		future_lock_excl(w, at->st->arg, at->page);
	future_go(w, at->ip, at->st->next, at->blk, at->flags, at->zpos);
}

/* Releasing: the thread must hold it, in that mode.  The page lock of a
 * found hole page stays noted (TF_PAGE), but once it is released another
 * thread may delete the page. */
static int release_paths(struct paths *P, const struct step *s, uint32_t a, unsigned bit,
			 const char *mode)
{
	unsigned held = A_HELD(a);
	uint32_t b;

	if (!(held & bit))
		return paths_fail(P, s, "%s can run without %s held %s", s->name,
				  paths_lock_name(P, s->arg), mode);
	b = A_FLAGS(a);
	if (s->arg == LOCK_PAGE)
		b &= ~A_CACHED;
	return paths_go(P, A_MAKE(0, held & ~bit, b), s->next, s);
}

static int unlock_paths(struct paths *P, const struct step *s, uint32_t a)
{
	return release_paths(P, s, a, LOCK_EXCL_BIT(s->arg), "exclusive");
}

static void unlock_promela(struct emitter *E, int in, const struct step *st)
{
	unsigned ex = LOCK_EXCL_BIT(st->arg);

	emit(E, in, "assert((held[_pid] & %u) != 0);", ex);
	emit(E, in, "held[_pid] = held[_pid] & %u;", NONE_BITS & ~ex);
	if (st->arg == LOCK_ENTRY && E->m->sc->huge_pages)
		emit(E, in, "flags[_pid] = flags[_pid] & %u;", 0xffu & ~(unsigned)TF_HENTRY);
}

const struct prim_ops prim_unlock_ops = {
	.name = "unlock", .arg = PRIM_ARG_LOCK,
	.what = "release an exclusive lock",
	.brief = "release a lock",
	.flags = PRIM_LOCK_STEP, .lock = PRIM_LOCK_IS_ARG,
	.run = unlock_run, .footprint = unlock_footprint,
	.future = unlock_future, .paths = unlock_paths,
	.promela_body = unlock_promela,
};

/* ---- lock_shared: take shared ---- */

static int lock_shared_enabled(const struct model *m, const struct state *s, int tid,
			       const struct step *st)
{
	return !prim_lock_busy(m, s, tid, st->arg, 1) &&
	       !(s->t[tid].held & LOCK_EXCL_BIT(st->arg));
}

static void lock_shared_run(const struct model *m, struct state *s, int tid, int page,
			    const struct step *st, struct effect *e)
{
	(void)m;
	(void)page;
	s->t[tid].held |= (uint16_t)LOCK_SHARED_BIT(st->arg);
	e->kind = EFF_LOCK;
	e->block = (uint8_t)st->arg;
	e->flag = 1;
}

/* Taking or releasing shared: reads the exclusive owner, counts; two
 * shared takes commute. */
static void shared_footprint(const struct model *m, const struct state *s, int tid,
			     const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)m;
	(void)s;
	(void)tid;
	(void)effect;
	footprint_shared(fp, st->arg, page);
}

static void lock_shared_future(struct future_walk *w, const struct future_at *at)
{
	if (future_frozen_holds(w, at->st->arg, at->page, 1))
		return;
	future_lock_shared(w, at->st->arg, at->page);
	future_go(w, at->ip, at->st->next, at->blk, at->flags, at->zpos);
}

static int lock_shared_paths(struct paths *P, const struct step *s, uint32_t a)
{
	unsigned held = A_HELD(a), x = LOCK_EXCL_BIT(s->arg), sh = LOCK_SHARED_BIT(s->arg);

	if (held & sh)
		return paths_fail(P, s, "%s can take %s shared a second time: the model does not "
				  "count a thread's read locks", s->name, paths_lock_name(P, s->arg));
	if (held & x)
		return 0;
	return paths_go(P, A_MAKE(0, held | sh, A_FLAGS(a)), s->next, s);
}

static void lock_shared_promela_enabled(struct emitter *E, const struct step *st)
{
	fputs("(!", E->f);
	emit_busy(E, st->arg, 1);
	fprintf(E->f, " && (held[_pid] & %u) == 0)", LOCK_EXCL_BIT(st->arg));
}

static void lock_shared_promela(struct emitter *E, int in, const struct step *st)
{
	emit(E, in, "held[_pid] = held[_pid] | %u;", LOCK_SHARED_BIT(st->arg));
}

const struct prim_ops prim_lock_shared_ops = {
	.name = "lock_shared", .arg = PRIM_ARG_LOCK,
	.what = "take a lock shared (down_read)",
	.brief = "take a lock shared",
	.flags = PRIM_LOCK_STEP, .lock = PRIM_LOCK_IS_ARG,
	.enabled = lock_shared_enabled, .run = lock_shared_run, .footprint = shared_footprint,
	.future = lock_shared_future, .paths = lock_shared_paths,
	.promela_enabled = lock_shared_promela_enabled, .promela_body = lock_shared_promela,
};

/* ---- unlock_shared: release shared ---- */

static void unlock_shared_run(const struct model *m, struct state *s, int tid, int page,
			      const struct step *st, struct effect *e)
{
	(void)m;
	(void)page;
	assert(s->t[tid].held & LOCK_SHARED_BIT(st->arg));
	s->t[tid].held &= (uint16_t)~LOCK_SHARED_BIT(st->arg);
	e->kind = EFF_UNLOCK;
	e->block = (uint8_t)st->arg;
	e->flag = 1;
}

static void unlock_shared_future(struct future_walk *w, const struct future_at *at)
{
	future_lock_shared(w, at->st->arg, at->page);
	future_go(w, at->ip, at->st->next, at->blk, at->flags, at->zpos);
}

static int unlock_shared_paths(struct paths *P, const struct step *s, uint32_t a)
{
	return release_paths(P, s, a, LOCK_SHARED_BIT(s->arg), "shared");
}

static void unlock_shared_promela(struct emitter *E, int in, const struct step *st)
{
	unsigned sh = LOCK_SHARED_BIT(st->arg);

	emit(E, in, "assert((held[_pid] & %u) != 0);", sh);
	emit(E, in, "held[_pid] = held[_pid] & %u;", NONE_BITS & ~sh);
}

const struct prim_ops prim_unlock_shared_ops = {
	.name = "unlock_shared", .arg = PRIM_ARG_LOCK,
	.what = "release a shared lock (up_read)",
	.brief = "release a shared lock",
	.flags = PRIM_LOCK_STEP, .lock = PRIM_LOCK_IS_ARG,
	.run = unlock_shared_run, .footprint = shared_footprint,
	.future = unlock_shared_future, .paths = unlock_shared_paths,
	.promela_body = unlock_shared_promela,
};
