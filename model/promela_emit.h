/*
 * promela_emit.h - writing Promela for the model (checker-src/promela.c
 * writes the whole model; each primitive of model/prims/ writes its own
 * step's guard and body with these).
 *
 * The Promela names the model's variables as struct state does, per thread
 * indexed by _pid: ip[], pc[], blk[], flags[], zpos[], held[]; and map[],
 * pte[], data[], shadow[], allocated, cache, unwritten; `pg` is the page of
 * the thread's operation, `b` and `w` temporaries, OPPG(t) and OPK(t) the
 * page and kind of thread t's operation, CACHED "pg's hole page is
 * cached", NOB, PTE_NONE, PTE_HOLE, STALE, NWORDS, TF_* and ALLOC_BLOCK
 * (take the lowest free block into b) as in the C model.  With faults of
 * two sizes also slot, hentry, pentry, IN_HUGE(p), SLOT_*, HENTRY_*,
 * ENTRY_LOCKED, and the macros checker-src/promela.c pmd_state() writes.
 */
#ifndef DAX_PROMELA_EMIT_H
#define DAX_PROMELA_EMIT_H

#include <stdio.h>

#include "exec.h"

#define NONE_BITS	0xffffu		/* every lock bit: ~x in held[] */

struct emitter {
	FILE *f;
	const struct model *m;
	unsigned props;		/* the properties checked (promela.c's P_*) */
	int waitq;		/* the strategy sleeps on DAX entry wait queues
				 * (grab_entry): the model has waitq[] */
};

/* One line: `indent` tabs, then fmt. */
void emit(struct emitter *E, int indent, const char *fmt, ...);

/* "if :: cond -> then :: else -> skip fi;", the one-armed if of C. */
void emit_if(struct emitter *E, int in, const char *cond, const char *then);

/* The expression "another thread holds lock l in a mode that conflicts
 * with taking it shared (or exclusive)": prim_lock_busy, unrolled. */
void emit_busy(struct emitter *E, int l, int shared);

/* The expression "I may take l inside a step": prim_can_take. */
void emit_can_take(struct emitter *E, int l);

#endif
