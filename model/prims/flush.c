/*
 * flush.c - writing CPU cache lines back towards the media: the clwb (or
 * clflush) half of clear_pmem and wb_cache_pmem, for the thread's block
 * (flush), and dax_writeback_mapping_range's flush of every block the
 * file maps, as fsync(2) does from v4.5 (writeback).
 *
 * A line written back is on its way, not durable: only a fence (fence.c)
 * makes it so.  Until then a power failure may lose it, and the crash
 * properties assume it does (the worst case; model/prim.c
 * prim_write_back).  Both are durability steps: a search without crashes
 * passes over them.
 */
#include "prims.h"

/* The footprint of writing block b back: its CPU words and media are
 * read, its flights (and the threads' wback bits for it) written. */
static void write_back_footprint(const struct model *m, int b, struct footprint *fp)
{
	for (int w = 0; w < m->sc->words; w++)
		footprint_set(fp->read, FP_DATA, 8 * b + w);
	footprint_set(fp->read, FP_DUR, FP_MEDIA(b));
	footprint_set(fp->read, FP_DUR, FP_FLIGHT(b));
	footprint_set(fp->write, FP_DUR, FP_FLIGHT(b));
}

/* Never called: a crash scenario's search takes no persistent sets, and a
 * search without crashes passes over durability steps.  It says what the
 * step may touch all the same: every block's words, media and flights. */
void prim_durability_future(struct future_walk *w, const struct future_at *at)
{
	for (int b = 0; b < MAX_BLOCKS; b++) {
		for (int x = 0; x < MAX_WORDS; x++)
			future_rd(w, FP_DATA, 8 * b + x);
		future_wr(w, FP_DUR, FP_MEDIA(b));
		future_wr(w, FP_DUR, FP_FLIGHT(b));
	}
	for (int p = 0; p < MAX_PAGES; p++) {
		future_rd(w, FP_MISC, FP_MAP(p));
		future_wr(w, FP_DUR, FP_COMMITTED(p));
		future_wr(w, FP_DUR, FP_DURABLE(p));
	}
	future_go(w, at->ip, at->st->next, at->blk, at->flags, at->zpos);
}

/* A durability step may make a state a crash would violate safe again (a
 * fence that makes the zeroes durable): it may heal a violation. */
int prim_may_heal(const struct model *m, const struct state *s, int tid,
		  const struct step *st, struct footprint *fp)
{
	(void)m;
	(void)s;
	(void)tid;
	(void)st;
	(void)fp;
	return 0;
}

int prim_durability_paths(struct paths *P, const struct step *s, uint32_t a)
{
	return paths_go(P, a, s->next, s);
}

/* ---- flush: the thread's block ---- */

static void flush_run(const struct model *m, struct state *s, int tid, int page,
		      const struct step *st, struct effect *e)
{
	int b = s->t[tid].blk;

	(void)page;
	(void)st;
	e->kind = EFF_FLUSH;
	e->block = (uint8_t)b;
	if (b != NO_BLOCK)
		e->flag = (uint8_t)prim_write_back(m, s, tid, b);
}

static void flush_footprint(const struct model *m, const struct state *s, int tid,
			    const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)st;
	(void)page;
	(void)effect;
	if (s->t[tid].blk != NO_BLOCK)
		write_back_footprint(m, s->t[tid].blk, fp);
}

static void flush_promela(struct emitter *E, int in, const struct step *st)
{
	(void)st;
	emit(E, in, "if :: blk[_pid] != NOB -> b = blk[_pid]; WRITE_BACK :: else -> skip fi;");
}

const struct prim_ops prim_flush_ops = {
	.name = "flush", .arg = PRIM_ARG_NONE,
	.what = "write the block's cache lines back (clwb): on the way, not durable",
	.brief = "write the block back",
	.flags = PRIM_DURABILITY, .lock = LOCK_NONE,
	.run = flush_run, .footprint = flush_footprint,
	.future = prim_durability_future, .heals_nothing = prim_may_heal,
	.paths = prim_durability_paths, .promela_body = flush_promela,
};

/* ---- writeback: every block the file maps ---- */

static void writeback_run(const struct model *m, struct state *s, int tid, int page,
			  const struct step *st, struct effect *e)
{
	(void)page;
	(void)st;
	e->kind = EFF_WRITEBACK;
	for (int p = 0; p < m->sc->pages; p++) {
		int b = s->map[p];

		if (b != NO_BLOCK && prim_write_back(m, s, tid, b))
			e->block |= (uint8_t)(1u << b);
	}
}

static void writeback_footprint(const struct model *m, const struct state *s, int tid,
				const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)tid;
	(void)st;
	(void)page;
	(void)effect;
	for (int p = 0; p < m->sc->pages; p++) {
		footprint_set(fp->read, FP_MISC, FP_MAP(p));
		if (s->map[p] != NO_BLOCK)
			write_back_footprint(m, s->map[p], fp);
	}
}

static void writeback_promela(struct emitter *E, int in, const struct step *st)
{
	(void)st;
	emit(E, in, "p = 0;");
	emit(E, in, "do");
	emit(E, in, ":: p < NPAGES -> if :: map[p] != NOB -> b = map[p]; WRITE_BACK :: else -> skip fi; p++");
	emit(E, in, ":: else -> break");
	emit(E, in, "od;");
}

const struct prim_ops prim_writeback_ops = {
	.name = "writeback", .arg = PRIM_ARG_NONE,
	.what = "write back every block the file maps (dax_writeback_mapping_range)",
	.brief = "write the file back",
	.flags = PRIM_DURABILITY, .lock = LOCK_NONE,
	.run = writeback_run, .footprint = writeback_footprint,
	.future = prim_durability_future, .heals_nothing = prim_may_heal,
	.paths = prim_durability_paths, .promela_body = writeback_promela,
};


/* ---- flush_pmd: the blocks a PMD fault's allocation zeroed ---- */

/*
 * The write-back half of clear_pmem(kaddr, PMD_SIZE) (v4.4's
 * __dax_pmd_fault, after d77e92e270ed) or of the filesystem's zeroing of
 * a new 2 MiB extent inside its allocation (XFS_BMAPI_ZERO): the lines of
 * the blocks the fault's open transaction allocated.  Those are the huge
 * page's blocks whose block-map entry is not committed yet: every path
 * that places this step commits the allocation after it (commit_pmd), and
 * holds what keeps any other transaction on the huge page from being open
 * meanwhile (ext4: only a fault that got the extent BH_New runs it; XFS:
 * under ILOCK, or the 2 MiB entry lock with MMAPLOCK shared).  A fault
 * that allocated nothing writes nothing back, as the kernel zeroes
 * nothing then.
 */
static unsigned flush_pmd_blocks(const struct model *m, const struct state *s)
{
	unsigned bl = 0;

	for (int q = 0; q < MAX_PAGES; q++)
		if ((prim_huge_mask(m) >> q & 1) && s->map[q] != NO_BLOCK &&
		    s->committed[q] != prim_map_entry(s, q))
			bl |= 1u << s->map[q];
	return bl;
}

static void flush_pmd_run(const struct model *m, struct state *s, int tid, int page,
			  const struct step *st, struct effect *e)
{
	unsigned bl = flush_pmd_blocks(m, s);

	(void)page;
	(void)st;
	e->kind = EFF_FLUSH_PMD;
	e->value = (uint8_t)bl;
	for (int b = 0; b < MAX_BLOCKS; b++)
		if ((bl >> b & 1) && prim_write_back(m, s, tid, b))
			e->block |= (uint8_t)(1u << b);
}

static void flush_pmd_footprint(const struct model *m, const struct state *s, int tid,
				const struct step *st, int page, int effect, struct footprint *fp)
{
	unsigned bl = flush_pmd_blocks(m, s);

	(void)tid;
	(void)st;
	(void)page;
	(void)effect;
	for (int q = 0; q < MAX_PAGES; q++)
		if (prim_huge_mask(m) >> q & 1) {
			footprint_set(fp->read, FP_MISC, FP_MAP(q));
			footprint_set(fp->read, FP_MISC, FP_UNWRITTEN(q));
			footprint_set(fp->read, FP_DUR, FP_COMMITTED(q));
		}
	for (int b = 0; b < MAX_BLOCKS; b++)
		if (bl >> b & 1)
			write_back_footprint(m, b, fp);
}

/* flush_pmd_run in Promela, unrolled over the huge page's pages. */
static void flush_pmd_promela(struct emitter *E, int in, const struct step *st)
{
	const struct scenario *sc = E->m->sc;
	char cond[80];

	(void)st;
	for (int q = sc->huge_first; q < sc->huge_first + sc->huge_pages; q++) {
		snprintf(cond, sizeof(cond), "map[%d] != NOB && committed[%d] != MAP_ENTRY(%d)",
			 q, q, q);
		emit(E, in, "if :: %s -> b = map[%d]; WRITE_BACK :: else -> skip fi;", cond, q);
	}
}

const struct prim_ops prim_flush_pmd_ops = {
	.name = "flush_pmd", .arg = PRIM_ARG_NONE,
	.what = "write back the huge page's blocks whose block-map entry is not committed yet: "
		"the 2 MiB the fault's allocation zeroed (clear_pmem's clwb)",
	.brief = "write the new 2 MiB back",
	.flags = PRIM_DURABILITY, .lock = LOCK_NONE,
	.run = flush_pmd_run, .footprint = flush_pmd_footprint,
	.future = prim_durability_future, .heals_nothing = prim_may_heal,
	.paths = prim_durability_paths, .promela_body = flush_pmd_promela,
};
