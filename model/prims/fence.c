/*
 * fence.c - making write-backs durable: sfence (fence), which on an ADR
 * platform makes the thread's write-backs durable (the write-pending
 * queues survive a power failure: "libnvdimm for 4.8"), and wmb_pmem
 * (pcommit) of the v4.2-v4.7 pmem API, 61031952f4c8: sfence, pcommit,
 * sfence, durable on any platform.
 *
 * On a platform without ADR (scenario line `platform no-adr`) a fence
 * only moves the thread's write-backs into the write-pending queue
 * (struct state.wpq), which pcommit drains to the media; that platform
 * never shipped (pcommit was withdrawn before any CPU had it), but it is
 * what the pre-v4.8 API was written for.
 */
#include "prims.h"

/* The blocks pcommit makes durable: the thread's, and (without ADR) every
 * block fenced into the write-pending queue. */
static uint8_t fence_blocks(const struct model *m, const struct state *s, int tid, int pcommit)
{
	uint8_t bl = s->t[tid].wback;

	if (pcommit)
		bl |= s->wpq;
	else if (m->sc->no_adr)
		return 0;
	return bl;
}

static void fence_common(const struct model *m, struct state *s, int tid, int pcommit,
			 struct effect *e)
{
	uint8_t bl = fence_blocks(m, s, tid, pcommit);

	e->kind = EFF_FENCE;
	e->flag = (uint8_t)pcommit;
	if (!pcommit && m->sc->no_adr) {
		e->old = s->t[tid].wback;	/* into the write-pending queue */
		s->wpq |= s->t[tid].wback;
		s->t[tid].wback = 0;
		return;
	}
	e->block = bl;
	for (int b = 0; b < MAX_BLOCKS; b++)
		if (bl >> b & 1)
			prim_make_durable(m, s, b);
}

static void fence_footprint_common(const struct model *m, const struct state *s, int tid,
				   int pcommit, struct footprint *fp)
{
	uint8_t bl = s->t[tid].wback | (pcommit || m->sc->no_adr ? s->wpq : 0);

	for (int b = 0; b < MAX_BLOCKS; b++) {
		footprint_set(fp->read, FP_DUR, FP_FLIGHT(b));	/* wpq, and its own wback */
		if (!(bl >> b & 1))
			continue;
		footprint_set(fp->write, FP_DUR, FP_FLIGHT(b));
		footprint_set(fp->write, FP_DUR, FP_MEDIA(b));
	}
}

/* ---- fence: sfence ---- */

static void fence_run(const struct model *m, struct state *s, int tid, int page,
		      const struct step *st, struct effect *e)
{
	(void)page;
	(void)st;
	fence_common(m, s, tid, 0, e);
}

static void fence_footprint(const struct model *m, const struct state *s, int tid,
			    const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)st;
	(void)page;
	(void)effect;
	fence_footprint_common(m, s, tid, 0, fp);
}

static void fence_promela(struct emitter *E, int in, const struct step *st)
{
	(void)st;
	emit(E, in, "FENCE(%d)", 0);
}

const struct prim_ops prim_fence_ops = {
	.name = "fence", .arg = PRIM_ARG_NONE,
	.what = "sfence: the thread's write-backs durable (on an ADR platform)",
	.brief = "fence the write-backs",
	.flags = PRIM_DURABILITY, .lock = LOCK_NONE,
	.run = fence_run, .footprint = fence_footprint,
	.future = prim_durability_future, .heals_nothing = prim_may_heal,
	.paths = prim_durability_paths, .promela_body = fence_promela,
};

/* ---- pcommit: wmb_pmem ---- */

static void pcommit_run(const struct model *m, struct state *s, int tid, int page,
			const struct step *st, struct effect *e)
{
	(void)page;
	(void)st;
	fence_common(m, s, tid, 1, e);
}

static void pcommit_footprint(const struct model *m, const struct state *s, int tid,
			      const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)st;
	(void)page;
	(void)effect;
	fence_footprint_common(m, s, tid, 1, fp);
}

static void pcommit_promela(struct emitter *E, int in, const struct step *st)
{
	(void)st;
	emit(E, in, "FENCE(%d)", 1);
}

const struct prim_ops prim_pcommit_ops = {
	.name = "pcommit", .arg = PRIM_ARG_NONE,
	.what = "wmb_pmem: sfence, pcommit, sfence: write-backs durable on any platform",
	.brief = "commit the write-backs",
	.flags = PRIM_DURABILITY, .lock = LOCK_NONE,
	.run = pcommit_run, .footprint = pcommit_footprint,
	.future = prim_durability_future, .heals_nothing = prim_may_heal,
	.paths = prim_durability_paths, .promela_body = pcommit_promela,
};
