/*
 * strategy.h - a get_block / fault-path strategy as data: a table of named
 * atomic steps built from the shared kernel primitives of prim.c.
 *
 * A strategy is one fault handler (the kernel's __dax_fault and what it
 * calls), written as an array of struct step.  A thread that faults enters
 * the handler at step 0 and moves through it one atomic step at a time:
 *
 *   - `when` is a set of conditions on the thread's own handler locals and
 *     fault kind (never on shared state).  A step whose conditions do not
 *     all hold is skipped without taking a transition: the thread goes to
 *     `skip`.  This is how the table says "if (buffer_new(bh)) zero it".
 *   - Otherwise the step's primitive runs atomically and the thread goes to
 *     `next`.  STEP_RETURN leaves the handler: the thread is back in user
 *     space and retries the access that faulted.
 *
 * Which shared objects a step reads and writes is declared once per
 * primitive (prim_footprint), so every step carries its footprint without
 * the strategy author restating it.
 */
#ifndef DAX_STRATEGY_H
#define DAX_STRATEGY_H

#include "state.h"

enum prim {
	PRIM_LOCK,		/* mutex_lock / down_write(arg): exclusive */
	PRIM_UNLOCK,		/* mutex_unlock / up_write(arg) */
	PRIM_LOCK_SHARED,	/* down_read(arg) */
	PRIM_UNLOCK_SHARED,	/* up_read(arg) */
	PRIM_GET_BLOCK,		/* look the page up in the block map: blk = map[page] */
	PRIM_GET_BLOCK_CREATE,	/* get_block(create=1) serialised inside the fs:
				 * if mapped, blk = map[page], not new; else
				 * allocate a free block, map it, BH_New */
	PRIM_ALLOC,		/* take a free block into blk, not yet in the map, BH_New */
	PRIM_ZERO_WORD,		/* clear_pmem one word of blk (word zpos) */
	PRIM_MAP_BLOCK,		/* put blk in the block map (BH_New is left as it is:
				 * a table without a generic zeroing step never
				 * looks at it) */
	PRIM_LOAD_HOLE,		/* dax_load_hole: map the read-only hole page if no PTE */
	PRIM_INSERT_PFN,	/* vm_insert_mixed: PTE -> blk, -EBUSY if one is present */
	NR_PRIMS
};

/* Conditions a step may require (struct step.when); all must hold. */
#define WHEN_HOLE	0x01	/* blk == NO_BLOCK */
#define WHEN_MAPPED	0x02	/* blk != NO_BLOCK */
#define WHEN_NEW	0x04	/* TF_NEW set */
#define WHEN_ZEROING	0x08	/* TF_NEW set and zpos < words: a word left to zero */
#define WHEN_WRITE	0x10	/* a write fault (the access was a store) */
#define WHEN_READ	0x20	/* a read fault (the access was a load) */

#define STEP_RETURN	0xfe	/* `next`/`skip` target: return to user space */

struct step {
	const char *name;	/* kernel vocabulary, shown in traces */
	enum prim prim;
	int arg;		/* the lock, for lock primitives */
	unsigned when;		/* WHEN_* conditions; 0 = always */
	int next;		/* step after this one, or STEP_RETURN */
	int skip;		/* step taken when `when` does not hold */
};

struct strategy {
	const char *name;	/* what users type: "dax-generic" */
	const char *summary;	/* one line */
	const char *source;	/* the kernel commit, version or Message-ID modelled */
	const struct step *fault;	/* the fault handler, entered at step 0 */
	int nfault;
};

/* The registry (model/strategies/registry.c). */
extern const struct strategy *const strategy_all[];
extern const int strategy_count;

/* The strategy called name, or NULL. */
const struct strategy *strategy_find(const char *name);

/* Write the registered names, comma-separated, into buf (for messages). */
void strategy_names(char *buf, size_t len);

/*
 * Check that a strategy's table is well formed: every target in range, no
 * cycle of skips, lock arguments valid.  Returns 0, or -1 with a message.
 */
int strategy_validate(const struct strategy *st, char *err, size_t errlen);

#endif
