/*
 * prim.c - semantics of the shared kernel primitives.
 *
 * Each primitive is one atomic step.  Locks block: a thread whose next step
 * takes a lock held in a conflicting mode is not enabled.  Allocation takes
 * the lowest-numbered free block, so the search is deterministic and a
 * state never depends on the order blocks happened to be freed.
 */
#include <assert.h>
#include <string.h>

#include "prim.h"

const struct prim_info prim_info[NR_PRIMS] = {
	[PRIM_LOCK]		= { "take a lock exclusive (mutex_lock, down_write)",
				    OBJ_LOCK, OBJ_LOCK,
				    "take a lock" },
	[PRIM_UNLOCK]		= { "release an exclusive lock",
				    OBJ_LOCK, OBJ_LOCK,
				    "release a lock" },
	[PRIM_LOCK_SHARED]	= { "take a lock shared (down_read)",
				    OBJ_LOCK, OBJ_LOCK,
				    "take a lock shared" },
	[PRIM_UNLOCK_SHARED]	= { "release a shared lock (up_read)",
				    OBJ_LOCK, OBJ_LOCK,
				    "release a shared lock" },
	[PRIM_GET_BLOCK]	= { "look the page up in the block map (get_block, create=0)",
				    OBJ_MAP, 0,
				    "look the page up" },
	[PRIM_GET_BLOCK_CREATE]	= { "look up, or allocate and map a block: BH_New (get_block, create=1)",
				    OBJ_MAP | OBJ_POOL, OBJ_MAP | OBJ_POOL,
				    "look up or allocate a block" },
	[PRIM_ALLOC]		= { "allocate a free block, not yet in the block map",
				    OBJ_POOL, OBJ_POOL,
				    "allocate a block" },
	[PRIM_ZERO_WORD]	= { "zero one word of the block (clear_pmem)",
				    0, OBJ_DATA,
				    "zero a word" },
	[PRIM_MAP_BLOCK]	= { "put the block in the block map",
				    0, OBJ_MAP,
				    "add the block to the block map" },
	[PRIM_CONVERT]		= { "convert the page's unwritten extent to written",
				    OBJ_MAP, OBJ_MAP,
				    "convert the unwritten extent" },
	[PRIM_LOAD_HOLE]	= { "cache a hole page, map it read-only if no PTE (dax_load_hole)",
				    OBJ_PTE | OBJ_CACHE | OBJ_LOCK, OBJ_PTE | OBJ_CACHE,
				    "cache and map the hole page" },
	[PRIM_DROP_HOLE]	= { "unmap and delete a cached hole page (unmap_mapping_range)",
				    OBJ_PTE | OBJ_CACHE | OBJ_LOCK, OBJ_PTE | OBJ_CACHE,
				    "unmap and delete the hole page" },
	[PRIM_INSERT_PFN]	= { "install the PTE, -EBUSY if present (vm_insert_mixed)",
				    OBJ_PTE, OBJ_PTE,
				    "install the PTE" },
	[PRIM_FIND_PAGE]	= { "find and lock a cached hole page (find_get_page, lock_page)",
				    OBJ_CACHE | OBJ_LOCK, OBJ_LOCK,
				    "find and lock the hole page" },
	[PRIM_UNMAP]		= { "zap the page's PTE, drop its hole page (truncate_pagecache_range)",
				    OBJ_PTE | OBJ_CACHE | OBJ_LOCK, OBJ_PTE | OBJ_CACHE,
				    "zap the PTE and the hole page" },
	[PRIM_FREE_BLOCK]	= { "remove the page's extent and free its block (xfs_bunmapi)",
				    OBJ_MAP | OBJ_POOL, OBJ_MAP | OBJ_POOL | OBJ_DATA,
				    "free the block" },
};

/* The page thread tid's current operation is on (it is in a handler). */
static int op_page(const struct model *m, const struct state *s, int tid)
{
	return m->sc->prog[tid].ops[s->t[tid].ip].page;
}

/* Returns 1 if a hole page is cached for thread tid's page. */
static int cached(const struct model *m, const struct state *s, int tid)
{
	return (s->cache >> op_page(m, s, tid)) & 1;
}

int prim_lock_busy(const struct model *m, const struct state *s, int tid, int l, int shared)
{
	unsigned bits = shared ? LOCK_EXCL_BIT(l) : LOCK_SHARED_BIT(l) | LOCK_EXCL_BIT(l);

	for (int i = 0; i < m->sc->nthreads; i++) {
		if (i == tid || !(s->t[i].held & bits))
			continue;
		/* A per-page lock is one lock per page: only the holder of
		 * this page's instance conflicts. */
		if (LOCK_IS_PER_PAGE(l) && op_page(m, s, i) != op_page(m, s, tid))
			continue;
		return 1;
	}
	return 0;
}

/* Returns 1 if every block of the pool is allocated. */
static int pool_dry(const struct state *s)
{
	return s->allocated == (1u << MAX_BLOCKS) - 1;
}

int prim_waits_for(const struct model *m, const struct state *s, int tid,
		   const struct step *st)
{
	if ((st->prim == PRIM_ALLOC || st->prim == PRIM_GET_BLOCK_CREATE) &&
	    !prim_enabled(m, s, tid, st))
		return LOCK_POOL;
	if ((st->prim == PRIM_DROP_HOLE || st->prim == PRIM_UNMAP) && cached(m, s, tid) &&
	    prim_lock_busy(m, s, tid, LOCK_PAGE, 0))
		return LOCK_PAGE;
	return prim_lock(st);
}

int prim_lock(const struct step *st)
{
	switch (st->prim) {
	case PRIM_LOCK:
	case PRIM_UNLOCK:
	case PRIM_LOCK_SHARED:
	case PRIM_UNLOCK_SHARED:
	case PRIM_UNMAP:
	case PRIM_DROP_HOLE:
		return st->arg;
	case PRIM_FIND_PAGE:
	case PRIM_LOAD_HOLE:
		return LOCK_PAGE;
	default:
		return LOCK_NONE;
	}
}

/* Returns 1 if thread tid may take lock l (exclusive) inside a step: no
 * other thread holds it, and tid does not (locks are not recursive). */
static int can_take(const struct model *m, const struct state *s, int tid, int l)
{
	return l == LOCK_NONE ||
	       (!prim_lock_busy(m, s, tid, l, 0) &&
		!(s->t[tid].held & (LOCK_SHARED_BIT(l) | LOCK_EXCL_BIT(l))));
}

int prim_enabled(const struct model *m, const struct state *s, int tid,
		 const struct step *st)
{
	int l = st->arg;

	/* A cached hole page is locked by whoever looks it up, creates it
	 * or truncates it: they wait for another thread's lock_page. */
	switch (st->prim) {
	case PRIM_LOCK:
		/* Taking a lock the thread already holds: it waits forever. */
		return can_take(m, s, tid, l);
	case PRIM_LOCK_SHARED:
		return !prim_lock_busy(m, s, tid, l, 1) &&
		       !(s->t[tid].held & LOCK_EXCL_BIT(l));
	case PRIM_LOAD_HOLE:
		return !prim_lock_busy(m, s, tid, LOCK_PAGE, 0);
	case PRIM_ALLOC:
		return !pool_dry(s);
	case PRIM_GET_BLOCK_CREATE:
		return s->map[op_page(m, s, tid)] != NO_BLOCK || !pool_dry(s);
	case PRIM_FIND_PAGE:
		return !cached(m, s, tid) || can_take(m, s, tid, LOCK_PAGE);
	case PRIM_DROP_HOLE:
		/* unmap_mapping_range takes its lock only if there is a
		 * hole page to unmap. */
		return !cached(m, s, tid) ||
		       (!prim_lock_busy(m, s, tid, LOCK_PAGE, 0) && can_take(m, s, tid, l));
	case PRIM_UNMAP:
		/* The lock is taken and dropped inside the step. */
		return (!cached(m, s, tid) || !prim_lock_busy(m, s, tid, LOCK_PAGE, 0)) &&
		       can_take(m, s, tid, l);
	default:
		return 1;
	}
}

/* The lowest free block.  The pool has MAX_BLOCKS >= pages blocks and a
 * page holds at most one; a strategy that leaks blocks waits when the
 * pool runs dry (LOCK_POOL), so an allocation always finds one. */
static int alloc_block(struct state *s)
{
	for (int b = 0; b < MAX_BLOCKS; b++) {
		if (!(s->allocated & (1u << b))) {
			s->allocated |= (uint8_t)(1u << b);
			return b;
		}
	}
	assert(0 && "block pool exhausted");
	return 0;
}

void prim_run(const struct model *m, struct state *s, int tid, int page,
	      const struct step *st, struct effect *e)
{
	struct thread_state *t = &s->t[tid];
	uint8_t bit = (uint8_t)(1u << page);
	int l = st->arg;
	int b;

	e->page = (uint8_t)page;
	switch (st->prim) {
	case PRIM_LOCK:
		t->held |= (uint16_t)LOCK_EXCL_BIT(l);
		e->kind = EFF_LOCK;
		e->block = (uint8_t)l;
		break;
	case PRIM_UNLOCK:
		assert(t->held & LOCK_EXCL_BIT(l));
		t->held &= (uint16_t)~LOCK_EXCL_BIT(l);
		e->kind = EFF_UNLOCK;
		e->block = (uint8_t)l;
		break;
	case PRIM_LOCK_SHARED:
		t->held |= (uint16_t)LOCK_SHARED_BIT(l);
		e->kind = EFF_LOCK;
		e->block = (uint8_t)l;
		e->flag = 1;
		break;
	case PRIM_UNLOCK_SHARED:
		assert(t->held & LOCK_SHARED_BIT(l));
		t->held &= (uint16_t)~LOCK_SHARED_BIT(l);
		e->kind = EFF_UNLOCK;
		e->block = (uint8_t)l;
		e->flag = 1;
		break;
	case PRIM_GET_BLOCK:
		t->blk = s->map[page];
		t->flags &= (uint8_t)~(TF_NEW | TF_UNWRITTEN);
		if (t->blk != NO_BLOCK && (s->unwritten & bit)) {
			if (l == GB_UNWRITTEN)	/* pre-v4.4 XFS: unwritten looks unmapped */
				t->blk = NO_BLOCK;
			else
				t->flags |= TF_UNWRITTEN;
		}
		t->zpos = 0;
		e->kind = EFF_LOOKUP;
		e->block = t->blk;
		e->flag = (t->flags & TF_UNWRITTEN) != 0;
		break;
	case PRIM_GET_BLOCK_CREATE:
		e->kind = EFF_CREATE;
		t->flags &= (uint8_t)~(TF_NEW | TF_UNWRITTEN);
		t->zpos = 0;
		if (s->map[page] != NO_BLOCK) {
			t->blk = s->map[page];
			/* XFS before v4.4 sets BH_New on an unwritten extent
			 * too: "if (create && (new || ISUNWRITTEN(&imap)))". */
			if (s->unwritten & bit)
				t->flags |= TF_UNWRITTEN | TF_NEW;
		} else {
			b = alloc_block(s);
			s->map[page] = (uint8_t)b;
			t->blk = (uint8_t)b;
			t->flags |= TF_NEW;
			if (l == GB_UNWRITTEN) {
				s->unwritten |= bit;
				t->flags |= TF_UNWRITTEN;
			}
			e->flag = 1;
		}
		e->old = (t->flags & TF_UNWRITTEN) != 0;
		e->block = t->blk;
		break;
	case PRIM_ALLOC:
		b = alloc_block(s);
		t->blk = (uint8_t)b;
		t->flags |= TF_NEW;
		t->zpos = 0;
		e->kind = EFF_ALLOC;
		e->block = (uint8_t)b;
		break;
	case PRIM_ZERO_WORD:
		assert(t->blk != NO_BLOCK && t->zpos < m->sc->words);
		e->kind = EFF_ZERO;
		e->block = t->blk;
		e->word = t->zpos;
		e->old = s->data[t->blk][t->zpos];
		s->data[t->blk][t->zpos] = VAL_ZERO;
		t->zpos++;
		break;
	case PRIM_MAP_BLOCK:
		assert(t->blk != NO_BLOCK);
		s->map[page] = t->blk;
		if (l == MAP_CLEAR_NEW)
			t->flags &= (uint8_t)~TF_NEW;
		t->zpos = 0;
		e->kind = EFF_MAP;
		e->block = t->blk;
		e->flag = (t->flags & TF_NEW) != 0;
		break;
	case PRIM_CONVERT:
		e->kind = EFF_CONVERT;
		e->block = s->map[page];
		e->flag = (s->unwritten & bit) != 0;
		s->unwritten &= (uint8_t)~bit;
		break;
	case PRIM_LOAD_HOLE:
		e->kind = EFF_LOAD_HOLE;
		s->cache |= bit;
		if (s->pte[page] == PTE_NONE ||
		    (l == HOLE_NO_PTE_SAME && s->pte[page] != PTE_HOLE)) {
			s->pte[page] = PTE_HOLE;
			e->flag = 1;
		}
		break;
	case PRIM_DROP_HOLE:
		e->kind = EFF_DROP_HOLE;
		e->block = s->pte[page];
		if (s->cache & bit) {
			s->cache &= (uint8_t)~bit;
			s->pte[page] = PTE_NONE;
			e->flag = 1;
		}
		break;
	case PRIM_INSERT_PFN:
		assert(t->blk != NO_BLOCK);
		e->kind = EFF_INSERT;
		e->block = t->blk;
		e->old = s->pte[page];
		if (s->pte[page] == PTE_NONE) {
			s->pte[page] = t->blk;
			e->flag = INSERT_DONE;
		} else {
			e->flag = INSERT_EBUSY;
		}
		break;
	case PRIM_FIND_PAGE:
		e->kind = EFF_FIND_PAGE;
		if (s->cache & bit) {
			t->held |= (uint16_t)LOCK_EXCL_BIT(LOCK_PAGE);
			t->flags |= TF_PAGE;
			e->flag = 1;
		}
		break;
	case PRIM_UNMAP:
		e->kind = EFF_UNMAP;
		e->block = s->pte[page];
		e->flag = (s->cache & bit) != 0;
		s->pte[page] = PTE_NONE;
		s->cache &= (uint8_t)~bit;
		break;
	case PRIM_FREE_BLOCK:
		e->kind = EFF_FREE;
		b = s->map[page];
		e->block = (uint8_t)b;
		if (b != NO_BLOCK) {
			/* The block goes back to the pool, where another file
			 * may take it: from now on its contents are STALE. */
			s->allocated &= (uint8_t)~(1u << b);
			memset(s->data[b], VAL_STALE, sizeof(s->data[b]));
			s->map[page] = NO_BLOCK;
			s->unwritten &= (uint8_t)~bit;
		}
		/* The punched range reads as zeros: no store survives it. */
		memset(s->shadow[page], 0, sizeof(s->shadow[page]));
		break;
	case NR_PRIMS:
		assert(0);
		break;
	}
}
