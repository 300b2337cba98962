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

