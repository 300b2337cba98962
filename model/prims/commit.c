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

/* ---- commit_pmd: every page of the huge page ---- */

/*
 * A PMD fault's allocation is one transaction for the 2 MiB (ext4's
 * handle stopped after __dax_pmd_fault, 01a33b4ace68; xfs_trans_commit
 * in xfs_iomap_write_direct).  It commits every page's entry of the huge
 * page: an entry another transaction changed is committed already, since
 * the paths that place this step keep any other transaction on the huge
 * page from being open meanwhile (flush.c, flush_pmd).
 */
static void commit_pmd_run(const struct model *m, struct state *s, int tid, int page,
			   const struct step *st, struct effect *e)
{
	(void)tid;
	(void)page;
	(void)st;
	e->kind = EFF_COMMIT_PMD;
	for (int q = 0; q < MAX_PAGES; q++) {
		if (!(prim_huge_mask(m) >> q & 1) || s->committed[q] == prim_map_entry(s, q))
			continue;
		e->block |= (uint8_t)(1u << q);
		s->committed[q] = prim_map_entry(s, q);
	}
}

static void commit_pmd_footprint(const struct model *m, const struct state *s, int tid,
				 const struct step *st, int page, int effect,
				 struct footprint *fp)
{
	(void)tid;
	(void)st;
	(void)page;
	(void)effect;
	for (int q = 0; q < MAX_PAGES; q++) {
		if (!(prim_huge_mask(m) >> q & 1))
			continue;
		footprint_set(fp->read, FP_MISC, FP_MAP(q));
		footprint_set(fp->read, FP_MISC, FP_UNWRITTEN(q));
		footprint_set(fp->read, FP_DUR, FP_COMMITTED(q));
		if (s->committed[q] != prim_map_entry(s, q))
			footprint_set(fp->write, FP_DUR, FP_COMMITTED(q));
	}
}

/* commit_pmd_run in Promela, unrolled over the huge page's pages. */
static void commit_pmd_promela(struct emitter *E, int in, const struct step *st)
{
	const struct scenario *sc = E->m->sc;

	(void)st;
	for (int q = sc->huge_first; q < sc->huge_first + sc->huge_pages; q++)
		emit(E, in, "committed[%d] = MAP_ENTRY(%d);", q, q);
}

const struct prim_ops prim_commit_pmd_ops = {
	.name = "commit_pmd", .arg = PRIM_ARG_NONE,
	.what = "commit the huge page's block-map changes, one transaction for the 2 MiB: "
		"they may reach the log at any moment",
	.brief = "commit the 2 MiB allocation",
	.flags = PRIM_DURABILITY, .lock = LOCK_NONE,
	.run = commit_pmd_run, .footprint = commit_pmd_footprint,
	.future = prim_durability_future, .heals_nothing = prim_may_heal,
	.paths = prim_durability_paths, .promela_body = commit_pmd_promela,
};
