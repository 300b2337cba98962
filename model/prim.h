/*
 * prim.h - the shared kernel primitives every strategy is built from: when
 * each can run, what it does, and which shared objects it touches.
 */
#ifndef DAX_PRIM_H
#define DAX_PRIM_H

#include "effect.h"
#include "exec.h"

/* Shared objects, for footprints.  All but OBJ_LOCK are the faulting page's. */
#define OBJ_MAP		0x01	/* the block map entry of the page */
#define OBJ_PTE		0x02	/* the page-table entry of the page */
#define OBJ_DATA	0x04	/* the contents of a block */
#define OBJ_POOL	0x08	/* the free-block pool */
#define OBJ_LOCK	0x10	/* the step's lock (a lock primitive's, or the one
				 * a step takes and drops inside) */
#define OBJ_CACHE	0x20	/* the page's hole page in the page cache */

struct prim_info {
	const char *what;	/* one line, for documentation and --list */
	unsigned reads;		/* OBJ_* the primitive reads */
	unsigned writes;	/* OBJ_* the primitive writes */
	const char *brief;	/* a few words, for the report's unreached steps */
};

extern const struct prim_info prim_info[NR_PRIMS];

/*
 * Returns 1 if thread tid can run step st now, 0 if it must wait: for a
 * lock held in a conflicting mode, by a lock primitive or by a step that
 * takes a lock inside (st->arg of PRIM_UNMAP and PRIM_DROP_HOLE).
 */
int prim_enabled(const struct model *m, const struct state *s, int tid,
		 const struct step *st);

/*
 * Run step st's primitive for thread tid, faulting on page `page`, on s;
 * describe the change in *e.
 */
void prim_run(const struct model *m, struct state *s, int tid, int page,
	      const struct step *st, struct effect *e);

/*
 * Not a lock: what a fault that must allocate waits for while every block
 * of the pool is allocated.  A correct strategy never runs the pool dry (a
 * page holds one block); one that leaks blocks (two faults each allocating
 * and mapping a block for the same page, without a lock) can, and its
 * threads then wait, which the search reports as a deadlock, rather than
 * allocate a block that does not exist.
 */
#define LOCK_POOL	NR_LOCKS

/* The lock thread tid, unable to run step st, waits for (or LOCK_POOL). */
int prim_waits_for(const struct model *m, const struct state *s, int tid,
		   const struct step *st);

/* The lock step st takes (and may wait for), or LOCK_NONE. */
int prim_lock(const struct step *st);

/* Returns 1 if lock l, in the mode a step of primitive p takes it, is
 * held by a thread other than tid in a conflicting mode. */
int prim_lock_busy(const struct model *m, const struct state *s, int tid, int l, int shared);

#endif
