/*
 * commit.c - the block map on its way to the log: a transaction commits
 * the change its operation made to the page's block-map entry (commit:
 * xfs_trans_commit, ext4_journal_stop, or for ext2, which has no journal,
 * mark_buffer_dirty_inode of the block holding the pointer), and fsync
 * forces every committed change into the log (log_force: xfs_log_force,
 * jbd2_complete_transaction, sync_inode_metadata).
 *
 * A committed change may reach the log at any moment after its commit (a
 * log worker, a full journal, writeback of a dirty buffer), or not before
 * the power fails: after a crash, recovery gives each page either its
 * entry in the durable block map or its committed one (struct state).  A
 * page is only ever changed by one transaction at a time in the
 * strategies (its fault or punch holds the lock that says so), so these
 * two entries are every prefix of the log a crash can leave.  Both are
 * durability steps: a search without crashes passes over them.
 */
#include "prims.h"

/* ---- commit: the page's entry ---- */

static void commit_run(const struct model *m, struct state *s, int tid, int page,
		       const struct step *st, struct effect *e)
{
	(void)m;
	(void)tid;
	(void)st;
	e->kind = EFF_COMMIT;
	e->old = s->committed[page];
	s->committed[page] = prim_map_entry(s, page);
	e->block = s->committed[page];
}

static void commit_footprint(const struct model *m, const struct state *s, int tid,
			     const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)m;
	(void)tid;
	(void)st;
	footprint_set(fp->read, FP_MISC, FP_MAP(page));
	footprint_set(fp->read, FP_MISC, FP_UNWRITTEN(page));
	if (effect || s->committed[page] != prim_map_entry(s, page))
		footprint_set(fp->read, FP_DUR, FP_COMMITTED(page));
	if (s->committed[page] != prim_map_entry(s, page))
		footprint_set(fp->write, FP_DUR, FP_COMMITTED(page));
}

static void commit_promela(struct emitter *E, int in, const struct step *st)
{
	(void)st;
	emit(E, in, "committed[pg] = MAP_ENTRY(pg);");
}

const struct prim_ops prim_commit_ops = {
	.name = "commit", .arg = PRIM_ARG_NONE,
	.what = "commit the page's block-map change: it may reach the log at any moment",
	.brief = "commit the transaction",
	.flags = PRIM_DURABILITY, .lock = LOCK_NONE,
	.run = commit_run, .footprint = commit_footprint,
	.future = prim_durability_future, .heals_nothing = prim_may_heal,
	.paths = prim_durability_paths, .promela_body = commit_promela,
};

/* ---- log_force: every committed change ---- */

static void log_force_run(const struct model *m, struct state *s, int tid, int page,
			  const struct step *st, struct effect *e)
{
	(void)tid;
	(void)page;
	(void)st;
	e->kind = EFF_LOG_FORCE;
	for (int p = 0; p < m->sc->pages; p++) {
		if (s->durable[p] != s->committed[p])
			e->block |= (uint8_t)(1u << p);		/* pages made durable */
		s->durable[p] = s->committed[p];
	}
}

static void log_force_footprint(const struct model *m, const struct state *s, int tid,
				const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)tid;
	(void)st;
	(void)page;
	for (int p = 0; p < m->sc->pages; p++) {
		footprint_set(fp->read, FP_DUR, FP_COMMITTED(p));
		if (effect || s->durable[p] != s->committed[p])
			footprint_set(fp->read, FP_DUR, FP_DURABLE(p));
		if (s->durable[p] != s->committed[p])
			footprint_set(fp->write, FP_DUR, FP_DURABLE(p));
	}
}

static void log_force_promela(struct emitter *E, int in, const struct step *st)
{
	(void)st;
	emit(E, in, "p = 0;");
	emit(E, in, "do :: p < NPAGES -> durable[p] = committed[p]; p++ :: else -> break od;");
}

const struct prim_ops prim_log_force_ops = {
	.name = "log_force", .arg = PRIM_ARG_NONE,
	.what = "force every committed block-map change into the log",
	.brief = "force the log",
	.flags = PRIM_DURABILITY, .lock = LOCK_NONE,
	.run = log_force_run, .footprint = log_force_footprint,
	.future = prim_durability_future, .heals_nothing = prim_may_heal,
	.paths = prim_durability_paths, .promela_body = log_force_promela,
};
