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
#define OBJ_LOCK	0x10	/* the step's lock */

struct prim_info {
	const char *what;	/* one line, for documentation and --list */
	unsigned reads;		/* OBJ_* the primitive reads */
	unsigned writes;	/* OBJ_* the primitive writes */
};

extern const struct prim_info prim_info[NR_PRIMS];

/*
 * Returns 1 if thread tid can run step st now, 0 if it must wait (a lock
 * held in a conflicting mode).  Only lock primitives ever wait.
 */
int prim_enabled(const struct model *m, const struct state *s, int tid,
		 const struct step *st);

/*
 * Run step st's primitive for thread tid, faulting on page `page`, on s;
 * describe the change in *e.
 */
void prim_run(const struct model *m, struct state *s, int tid, int page,
	      const struct step *st, struct effect *e);

#endif
