/*
 * prim.c - the table of primitives (each in its own file of model/prims/),
 * and what their files share: who holds a lock, the hole page, the pool.
 *
 * Each primitive is one atomic step.  Locks block: a thread whose next step
 * takes a lock held in a conflicting mode is not enabled.  Allocation takes
 * the lowest-numbered free block, so the search is deterministic and a
 * state never depends on the order blocks happened to be freed.
 */
#include <assert.h>
#include <string.h>

#include "prim.h"
#include "prims/prims.h"

const struct prim_ops *const prim_ops[NR_PRIMS] = {
	[PRIM_LOCK]		= &prim_lock_ops,
	[PRIM_UNLOCK]		= &prim_unlock_ops,
	[PRIM_LOCK_SHARED]	= &prim_lock_shared_ops,
	[PRIM_UNLOCK_SHARED]	= &prim_unlock_shared_ops,
	[PRIM_GET_BLOCK]	= &prim_get_block_ops,
	[PRIM_GET_BLOCK_CREATE]	= &prim_get_block_create_ops,
	[PRIM_ALLOC]		= &prim_alloc_ops,
	[PRIM_ZERO_WORD]	= &prim_zero_word_ops,
	[PRIM_MAP_BLOCK]	= &prim_map_block_ops,
	[PRIM_CONVERT]		= &prim_convert_ops,
	[PRIM_LOAD_HOLE]	= &prim_load_hole_ops,
	[PRIM_DROP_HOLE]	= &prim_drop_hole_ops,
	[PRIM_INSERT_PFN]	= &prim_insert_pfn_ops,
	[PRIM_FIND_PAGE]	= &prim_find_page_ops,
	[PRIM_UNMAP]		= &prim_unmap_ops,
	[PRIM_FREE_BLOCK]	= &prim_free_block_ops,
	[PRIM_COPY]		= &prim_copy_ops,
	[PRIM_GRAB_ENTRY]	= &prim_grab_entry_ops,
	[PRIM_PUT_ENTRY]	= &prim_put_entry_ops,
	[PRIM_INVALIDATE_ENTRY]	= &prim_invalidate_entry_ops,
	[PRIM_PMD_CHECK]	= &prim_pmd_check_ops,
	[PRIM_GRAB_SIZED]	= &prim_grab_sized_ops,
	[PRIM_PUT_SIZED]	= &prim_put_sized_ops,
	[PRIM_IOMAP_BEGIN]	= &prim_iomap_begin_ops,
	[PRIM_INSERT_PMD]	= &prim_insert_pmd_ops,
	[PRIM_PMD_HOLE]		= &prim_pmd_hole_ops,
	[PRIM_GET_BLOCK_PMD]	= &prim_get_block_pmd_ops,
	[PRIM_ZERO_PMD]		= &prim_zero_pmd_ops,
	[PRIM_INSERT_PMD_NONE]	= &prim_insert_pmd_none_ops,
	[PRIM_UNMAP_HUGE]	= &prim_unmap_huge_ops,
	[PRIM_T_LOCKED]		= &prim_t_locked_ops,
	[PRIM_WAIT_UPDATES]	= &prim_wait_updates_ops,
	[PRIM_PMD_OFF]		= &prim_pmd_off_ops,
	[PRIM_WAIT_ENTRY]	= &prim_wait_entry_ops,
	[PRIM_INVAL_RANGE]	= &prim_inval_range_ops,
	[PRIM_FLUSH]		= &prim_flush_ops,
	[PRIM_WRITEBACK]	= &prim_writeback_ops,
	[PRIM_FENCE]		= &prim_fence_ops,
	[PRIM_PCOMMIT]		= &prim_pcommit_ops,
	[PRIM_COMMIT]		= &prim_commit_ops,
	[PRIM_LOG_FORCE]	= &prim_log_force_ops,
	[PRIM_NEED_DSYNC]	= &prim_need_dsync_ops,
	[PRIM_FLUSH_PMD]	= &prim_flush_pmd_ops,
	[PRIM_COMMIT_PMD]	= &prim_commit_pmd_ops,
};

enum prim prim_named(const char *name)
{
	for (int p = 0; p < NR_PRIMS; p++)
		if (strcmp(prim_ops[p]->name, name) == 0)
			return (enum prim)p;
	return NR_PRIMS;
}

int prim_enabled(const struct model *m, const struct state *s, int tid,
		 const struct step *st)
{
	const struct prim_ops *p = prim_ops[st->prim];

	return !p->enabled || p->enabled(m, s, tid, st);
}

void prim_run(const struct model *m, struct state *s, int tid, int page,
	      const struct step *st, struct effect *e)
{
	e->page = (uint8_t)page;
	prim_ops[st->prim]->run(m, s, tid, page, st, e);
}

int prim_waits_for(const struct model *m, const struct state *s, int tid,
		   const struct step *st)
{
	const struct prim_ops *p = prim_ops[st->prim];

	return p->waits_for ? p->waits_for(m, s, tid, st) : prim_lock(st);
}

int prim_lock(const struct step *st)
{
	int l = prim_ops[st->prim]->lock;

	return l == PRIM_LOCK_IS_ARG ? st->arg : l;
}

int prim_arg_ok(const struct step *st)
{
	int a = st->arg;

	switch (prim_ops[st->prim]->arg) {
	case PRIM_ARG_LOCK:
		return a >= 0 && a < NR_LOCKS;
	case PRIM_ARG_LOCK_OR_NONE:
		return a == LOCK_NONE || (a >= 0 && a < NR_LOCKS);
	case PRIM_ARG_EXTENT:
		return a == GB_WRITTEN || a == GB_UNWRITTEN;
	case PRIM_ARG_NEW:
		return a == MAP_CLEAR_NEW || a == MAP_KEEP_NEW;
	case PRIM_ARG_PTE_SAME:
		return a == HOLE_PTE_SAME || a == HOLE_NO_PTE_SAME || a == HOLE_WAKE_ALL;
	case PRIM_ARG_SIZE:
		return a == ENTRY_PTE || a == ENTRY_PMD;
	case PRIM_ARG_PMDC:
		return a == PMDC_TABLE || a == PMDC_LEAF || a == PMDC_SPLIT;
	case PRIM_ARG_WAKE:
		return a == INVAL_WAKE_NEXT || a == INVAL_WAKE_ALL;
	case PRIM_ARG_NONE:
		return 1;
	}
	return 0;
}

int prim_op_page(const struct model *m, const struct state *s, int tid)
{
	return m->sc->prog[tid].ops[s->t[tid].ip].page;
}

int prim_cached(const struct model *m, const struct state *s, int tid)
{
	return (s->cache >> prim_op_page(m, s, tid)) & 1;
}

int prim_lock_busy(const struct model *m, const struct state *s, int tid, int l, int shared)
{
	unsigned bits = shared ? LOCK_EXCL_BIT(l) : LOCK_SHARED_BIT(l) | LOCK_EXCL_BIT(l);

	for (int i = 0; i < m->sc->nthreads; i++) {
		if (i == tid || !(s->t[i].held & bits))
			continue;
		/* A per-page lock is one lock per page: only the holder of
		 * this page's instance conflicts. */
		if (LOCK_IS_PER_PAGE(l) && prim_op_page(m, s, i) != prim_op_page(m, s, tid))
			continue;
		return 1;
	}
	return 0;
}

int prim_can_take(const struct model *m, const struct state *s, int tid, int l)
{
	return l == LOCK_NONE ||
	       (!prim_lock_busy(m, s, tid, l, 0) &&
		!(s->t[tid].held & (LOCK_SHARED_BIT(l) | LOCK_EXCL_BIT(l))));
}

int prim_waitq_len(const struct model *m, const struct state *s, int page)
{
	int n = 0;

	for (int i = 0; i < m->sc->nthreads; i++)
		n += s->waitq[i] && prim_op_page(m, s, i) == page;
	return n;
}

void prim_wake_entry(const struct model *m, struct state *s, int page, int all,
		     struct effect *e)
{
	e->word = e->value = e->old = 0;
	for (int i = 0; i < m->sc->nthreads; i++) {
		if (!s->waitq[i] || prim_op_page(m, s, i) != page)
			continue;
		if (all || s->waitq[i] == 1) {
			s->waitq[i] = 0;
			e->word++;
			if (!all)
				e->value = (uint8_t)(i + 1);
		} else {
			s->waitq[i]--;
			e->old++;
		}
	}
}

int prim_pool_dry(const struct state *s)
{
	return s->allocated == (1u << MAX_BLOCKS) - 1;
}

int prim_lowest_free(const struct state *s)
{
	for (int b = 0; b < MAX_BLOCKS; b++)
		if (!(s->allocated & (1u << b)))
			return b;
	return MAX_BLOCKS - 1;
}

/* The pool has MAX_BLOCKS >= pages blocks and a page holds at most one; a
 * strategy that leaks blocks waits when the pool runs dry (LOCK_POOL), so
 * an allocation always finds one. */
int prim_alloc_block(struct state *s)
{
	int b = prim_lowest_free(s);

	assert(!prim_pool_dry(s) && "block pool exhausted");
	s->allocated |= (uint8_t)(1u << b);
	return b;
}

/*
 * The persistence model.  A word of a block is durable when the media
 * holds its CPU value.  Writing a block back puts each word that is not
 * in flight with its current value; a fence (or pcommit) makes the
 * block's flights durable.  One value a word is in flight, the newest:
 * a fence makes that newest value durable even if the fencing thread
 * wrote back an older one.  The media can then hold a newer value than
 * the worst case allows, never an older one, and neither crash property
 * can tell them apart: no value written back after zeroing is stale, and
 * the store an fsync acknowledges is written back and fenced by that
 * fsync itself.
 */
unsigned prim_write_back(const struct model *m, struct state *s, int tid, int b)
{
	unsigned words = 0;

	for (int w = 0; w < m->sc->words; w++) {
		uint8_t v = s->data[b][w];

		s->flight[b][w] = v == s->media[b][w] ? FLIGHT_NONE : v;
		if (s->flight[b][w] != FLIGHT_NONE)
			words |= 1u << w;
	}
	if (words)
		s->t[tid].wback |= (uint8_t)(1u << b);
	else
		prim_make_durable(m, s, b);	/* nothing in flight: no one has b to fence */
	return words;
}

unsigned prim_sfence(const struct model *m, struct state *s, int tid)
{
	uint8_t bl = s->t[tid].wback;

	if (m->sc->no_adr) {
		s->wpq |= bl;
		s->t[tid].wback = 0;
		return 0;
	}
	for (int b = 0; b < MAX_BLOCKS; b++)
		if (bl >> b & 1)
			prim_make_durable(m, s, b);
	return bl;
}

unsigned prim_persist(const struct model *m, struct state *s, int tid, int b)
{
	unsigned words = prim_write_back(m, s, tid, b);

	prim_sfence(m, s, tid);
	return words;
}

void prim_make_durable(const struct model *m, struct state *s, int b)
{
	for (int w = 0; w < m->sc->words; w++) {
		if (s->flight[b][w] != FLIGHT_NONE)
			s->media[b][w] = s->flight[b][w];
		s->flight[b][w] = FLIGHT_NONE;
	}
	for (int t = 0; t < m->sc->nthreads; t++)
		s->t[t].wback &= (uint8_t)~(1u << b);
	s->wpq &= (uint8_t)~(1u << b);
}
