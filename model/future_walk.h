/*
 * future_walk.h - inside model/future.c's abstract run of a thread, for the
 * primitives' own files (model/prims/): what each one's future() sees and
 * the calls it makes.
 *
 * future() of a primitive gets the configuration at its step (struct
 * future_at: the operation, its page, the step and the thread's locals,
 * the block as a set) and the environment (w->env: each shared object's
 * set of values).  It records every object the step may read, write or
 * count (future_rd, future_wr, the lock helpers), the values it may leave
 * (w->out->w, joined into the environment), and goes on with future_go()
 * to wherever the step may lead, once per outcome: or returns without, if
 * the step can never run (it waits for a lock a frozen thread holds).  It
 * must over-approximate its run(): test_ample.c checks it does.
 */
#ifndef DAX_FUTURE_WALK_H
#define DAX_FUTURE_WALK_H

#include "future.h"

#define CFG_SLOTS	512	/* configurations of one walk; more: give up */
#define TF_LOCALS	(TF_NEW | TF_UNWRITTEN | TF_PAGE | TF_DSYNC)	/* flags that steer */
#define BLK_NONE	FE_HOLE		/* in a block set: no block */

struct future_walk {
	const struct model *m;
	int tid;
	const struct future_env *env;
	const struct future_frozen *fz;
	struct future *out;
	uint32_t key[CFG_SLOTS];	/* ip << 24 | pc << 16 | flags << 8 | zpos, + 1 */
	uint16_t blk[CFG_SLOTS];	/* the block set reached there */
	uint16_t stack[CFG_SLOTS];	/* slots to (re)process */
	uint8_t queued[CFG_SLOTS];
	int sp, used, overflow;
};

/* A configuration at a handler step. */
struct future_at {
	int ip;				/* the operation */
	int page;			/* its page */
	const struct step *st;		/* the step */
	uint16_t blk;			/* the block get_block gave: a set */
	int flags, zpos;		/* the other locals, exactly */
};

/* Go on to handler step pc of operation ip with these locals, skipping
 * steps whose conditions fail (as goto_step() does, for a block set). */
void future_go(struct future_walk *w, int ip, int pc, uint16_t blk, int flags, int zpos);

/* The step reads, or writes, resource bit `bit` of footprint word `word`. */
void future_rd(struct future_walk *w, int word, int bit);
void future_wr(struct future_walk *w, int word, int bit);

/* It takes or releases lock l (page p's instance) exclusive, or shared; it
 * reads who holds it. */
void future_lock_excl(struct future_walk *w, int l, int p);
void future_lock_shared(struct future_walk *w, int l, int p);
void future_lock_holders(struct future_walk *w, int l, int p);

/* It reads the whole pool (an allocation). */
void future_pool_all(struct future_walk *w);

/* Returns 1 if the frozen threads hold lock l's instance for page p, in
 * any mode (excl 0) or exclusive (excl 1): a step taking it never runs. */
int future_frozen_holds(const struct future_walk *w, int l, int p, int excl);

/* Returns 1 if lock l is the one future_test_break forgets. */
int future_forgotten(int l);

#endif
