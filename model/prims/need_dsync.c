/*
 * need_dsync.c - MAP_SYNC's question (v4.15): is this fault synchronous?
 * dax_fault_is_synchronous() is true for a write fault through a mapping
 * with VM_SYNC (mmap(MAP_SHARED_VALIDATE | MAP_SYNC), scenario line
 * `mmap sync`) when ->iomap_begin reported IOMAP_F_DIRTY: XFS sets it
 * when the inode is pinned (xfs_ipincount) with fdatasync-relevant fields
 * dirty, ext4 when the inode has a transaction not yet committed to the
 * journal.  In the model: some page's committed block-map entry is not
 * yet the log's (struct state.committed != durable).  Then the fault
 * must not install a writable PTE: it returns VM_FAULT_NEEDDSYNC and
 * dax_finish_sync_fault() fsyncs the range first.  The answer is the
 * handler local TF_DSYNC, which `if dsync` / `if nodsync` steer by.
 *
 * A durability step: a search without crashes passes over it, and there
 * nothing commits, so no fault is ever synchronous.
 */
#include "prims.h"

/* The pages whose committed entry the log does not hold, a bit each. */
static uint8_t undurable(const struct model *m, const struct state *s)
{
	uint8_t pages = 0;

	for (int p = 0; p < m->sc->pages; p++)
		if (s->committed[p] != s->durable[p])
			pages |= (uint8_t)(1u << p);
	return pages;
}

/* A write fault (a store) through a MAP_SYNC mapping: write(2) has no
 * mapping, and a read fault is never synchronous. */
static int sync_mapping(const struct model *m, const struct state *s, int tid)
{
	return m->sc->map_sync && m->sc->prog[tid].ops[s->t[tid].ip].kind == OP_STORE;
}

static void need_dsync_run(const struct model *m, struct state *s, int tid, int page,
			   const struct step *st, struct effect *e)
{
	struct thread_state *t = &s->t[tid];

	(void)page;
	(void)st;
	e->kind = EFF_NEED_DSYNC;
	e->old = (uint8_t)sync_mapping(m, s, tid);
	e->block = e->old ? undurable(m, s) : 0;
	e->flag = e->block != 0;
	if (e->flag)
		t->flags |= TF_DSYNC;
	else
		t->flags &= (uint8_t)~TF_DSYNC;
}

/* It reads every page's committed and durable entries, when it asks. */
static void need_dsync_footprint(const struct model *m, const struct state *s, int tid,
				 const struct step *st, int page, int effect,
				 struct footprint *fp)
{
	(void)st;
	(void)page;
	(void)effect;
	if (!sync_mapping(m, s, tid))
		return;
	for (int p = 0; p < m->sc->pages; p++) {
		footprint_set(fp->read, FP_DUR, FP_COMMITTED(p));
		footprint_set(fp->read, FP_DUR, FP_DURABLE(p));
	}
}

/* Never called (a durability step; see prim_durability_future): either
 * answer, reading the block maps. */
static void need_dsync_future(struct future_walk *w, const struct future_at *at)
{
	for (int p = 0; p < MAX_PAGES; p++) {
		future_rd(w, FP_DUR, FP_COMMITTED(p));
		future_rd(w, FP_DUR, FP_DURABLE(p));
	}
	future_go(w, at->ip, at->st->next, at->blk, at->flags & ~TF_DSYNC, at->zpos);
	future_go(w, at->ip, at->st->next, at->blk, at->flags | TF_DSYNC, at->zpos);
}

/* The shared state decides: both answers. */
static int need_dsync_paths(struct paths *P, const struct step *s, uint32_t a)
{
	if (paths_go(P, a & ~A_DSYNC, s->next, s))
		return -1;
	return paths_go(P, a | A_DSYNC, s->next, s);
}

static void need_dsync_promela(struct emitter *E, int in, const struct step *st)
{
	(void)st;
	emit(E, in, "p = 0;");
	emit(E, in, "do :: p < NPAGES && committed[p] == durable[p] -> p++ :: else -> break od;");
	emit(E, in, "if");
	emit(E, in, ":: MAP_SYNC && OPK(_pid) == OP_STORE && p < NPAGES -> flags[_pid] = flags[_pid] | TF_DSYNC");
	emit(E, in, ":: else -> flags[_pid] = flags[_pid] & %u", 0xffu & ~(unsigned)TF_DSYNC);
	emit(E, in, "fi;");
}

const struct prim_ops prim_need_dsync_ops = {
	.name = "need_dsync", .arg = PRIM_ARG_NONE,
	.what = "a MAP_SYNC write fault while a commit is not in the log: VM_FAULT_NEEDDSYNC (if dsync)",
	.brief = "ask for a synchronous fault",
	.flags = PRIM_DURABILITY, .lock = LOCK_NONE,
	.run = need_dsync_run, .footprint = need_dsync_footprint,
	.future = need_dsync_future, .heals_nothing = prim_may_heal,
	.paths = need_dsync_paths, .promela_body = need_dsync_promela,
};
