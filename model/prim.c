/*
 * prim.c - semantics of the shared kernel primitives.
 *
 * Each primitive is one atomic step.  Locks block: a thread whose next step
 * takes a lock held in a conflicting mode is not enabled.  Allocation takes
 * the lowest-numbered free block, so the search is deterministic and a
 * state never depends on the order blocks happened to be freed.
 */
#include <assert.h>

#include "prim.h"

const struct prim_info prim_info[NR_PRIMS] = {
	[PRIM_LOCK]		= { "take a lock exclusive (mutex_lock, down_write)",
				    OBJ_LOCK, OBJ_LOCK },
	[PRIM_UNLOCK]		= { "release an exclusive lock",
				    OBJ_LOCK, OBJ_LOCK },
	[PRIM_LOCK_SHARED]	= { "take a lock shared (down_read)",
				    OBJ_LOCK, OBJ_LOCK },
	[PRIM_UNLOCK_SHARED]	= { "release a shared lock (up_read)",
				    OBJ_LOCK, OBJ_LOCK },
	[PRIM_GET_BLOCK]	= { "look the page up in the block map (get_block, create=0)",
				    OBJ_MAP, 0 },
	[PRIM_GET_BLOCK_CREATE]	= { "look up, or allocate and map a block: BH_New (get_block, create=1)",
				    OBJ_MAP | OBJ_POOL, OBJ_MAP | OBJ_POOL },
	[PRIM_ALLOC]		= { "allocate a free block, not yet in the block map",
				    OBJ_POOL, OBJ_POOL },
	[PRIM_ZERO_WORD]	= { "zero one word of the block (clear_pmem)",
				    0, OBJ_DATA },
	[PRIM_MAP_BLOCK]	= { "put the block in the block map",
				    0, OBJ_MAP },
	[PRIM_LOAD_HOLE]	= { "map the read-only hole page if no PTE (dax_load_hole)",
				    OBJ_PTE, OBJ_PTE },
	[PRIM_INSERT_PFN]	= { "install the PTE, -EBUSY if present (vm_insert_mixed)",
				    OBJ_PTE, OBJ_PTE },
};

/* Returns 1 if some thread other than tid holds lock l in a mode in `bits`. */
static int held_by_other(const struct model *m, const struct state *s, int tid,
			 unsigned bits)
{
	for (int i = 0; i < m->sc->nthreads; i++)
		if (i != tid && (s->t[i].held & bits))
			return 1;
	return 0;
}

int prim_enabled(const struct model *m, const struct state *s, int tid,
		 const struct step *st)
{
	int l = st->arg;

	switch (st->prim) {
	case PRIM_LOCK:
		return !held_by_other(m, s, tid, LOCK_SHARED_BIT(l) | LOCK_EXCL_BIT(l)) &&
		       !(s->t[tid].held & (LOCK_SHARED_BIT(l) | LOCK_EXCL_BIT(l)));
	case PRIM_LOCK_SHARED:
		return !held_by_other(m, s, tid, LOCK_EXCL_BIT(l)) &&
		       !(s->t[tid].held & LOCK_EXCL_BIT(l));
	default:
		return 1;
	}
}

/* The lowest free block.  The pool has MAX_BLOCKS >= pages blocks and a
 * page holds at most one, so a fault never finds the pool empty. */
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
	int l = st->arg;
	int b;

	e->page = (uint8_t)page;
	switch (st->prim) {
	case PRIM_LOCK:
		t->held |= (uint8_t)LOCK_EXCL_BIT(l);
		e->kind = EFF_LOCK;
		e->block = (uint8_t)l;
		break;
	case PRIM_UNLOCK:
		assert(t->held & LOCK_EXCL_BIT(l));
		t->held &= (uint8_t)~LOCK_EXCL_BIT(l);
		e->kind = EFF_UNLOCK;
		e->block = (uint8_t)l;
		break;
	case PRIM_LOCK_SHARED:
		t->held |= (uint8_t)LOCK_SHARED_BIT(l);
		e->kind = EFF_LOCK;
		e->block = (uint8_t)l;
		e->flag = 1;
		break;
	case PRIM_UNLOCK_SHARED:
		assert(t->held & LOCK_SHARED_BIT(l));
		t->held &= (uint8_t)~LOCK_SHARED_BIT(l);
		e->kind = EFF_UNLOCK;
		e->block = (uint8_t)l;
		e->flag = 1;
		break;
	case PRIM_GET_BLOCK:
		t->blk = s->map[page];
		t->flags &= (uint8_t)~TF_NEW;
		e->kind = EFF_LOOKUP;
		e->block = t->blk;
		break;
	case PRIM_GET_BLOCK_CREATE:
		e->kind = EFF_CREATE;
		if (s->map[page] != NO_BLOCK) {
			t->blk = s->map[page];
			t->flags &= (uint8_t)~TF_NEW;
		} else {
			b = alloc_block(s);
			s->map[page] = (uint8_t)b;
			t->blk = (uint8_t)b;
			t->flags |= TF_NEW;
			t->zpos = 0;
			e->flag = 1;
		}
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
		e->kind = EFF_MAP;
		e->block = t->blk;
		break;
	case PRIM_LOAD_HOLE:
		e->kind = EFF_LOAD_HOLE;
		if (s->pte[page] == PTE_NONE) {
			s->pte[page] = PTE_HOLE;
			e->flag = 1;
		}
		break;
	case PRIM_INSERT_PFN:
		assert(t->blk != NO_BLOCK);
		e->kind = EFF_INSERT;
		e->block = t->blk;
		if (s->pte[page] == PTE_NONE) {
			s->pte[page] = t->blk;
			e->flag = INSERT_DONE;
		} else if (s->pte[page] == PTE_HOLE) {
			s->pte[page] = t->blk;
			e->flag = INSERT_REPLACED_HOLE;
		} else {
			e->flag = INSERT_EBUSY;
		}
		break;
	case NR_PRIMS:
		assert(0);
		break;
	}
}
