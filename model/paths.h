/*
 * paths.h - inside strategy_validate()'s path checks (strategy_check.c),
 * for the primitives' own files (model/prims/): the abstraction of one
 * thread's locals the checks run over, and the calls a primitive's
 * paths() makes.
 *
 * paths() gets the step and the abstract state a (the step index, the locks
 * the thread holds, A_* bits).  It refuses the table (paths_fail) if the
 * step could break one of its primitive's preconditions from a, and goes
 * on (paths_go) to the step's `next` with the state it leaves, once per
 * outcome the shared state decides; a step that waits for ever (a lock
 * the thread holds itself) returns 0 without going on.
 */
#ifndef DAX_PATHS_H
#define DAX_PATHS_H

#include <stdint.h>

#include "strategy.h"

/* One thread's abstract state, packed: see the banner. */
#define A_PC(a)		((a) & 0xff)
#define A_HELD(a)	(((a) >> 8) & 0x3fff)
#define A_FLAGS(a)	((a) & ~0x3fffffu)	/* all but the pc and the locks */
#define A_BLK		(1u << 22)	/* it has a block */
#define A_NEW		(1u << 23)	/* BH_New */
#define A_UNW		(1u << 24)	/* BH_Unwritten */
#define A_PAGE		(1u << 25)	/* it found and locked the hole page */
#define A_ZEROED	(1u << 26)	/* it has zeroed a word since its lookup */
#define A_LOOSE		(1u << 27)	/* its block is not in the block map */
#define A_CACHED	(1u << 28)	/* the hole page it locked is still cached:
					 * no one else can delete it */
#define A_DSYNC		(1u << 29)	/* need_dsync said VM_FAULT_NEEDDSYNC */
#define A_BUSY		(1u << 30)	/* its last PMD check or grab backed off */
#define A_MAKE(pc, held, rest)	((uint32_t)(pc) | (uint32_t)(held) << 8 | (rest))

_Static_assert(2 * NR_LOCKS <= 14, "a thread's locks are 14 bits of an abstract state");
_Static_assert(STEP_RETURN <= 0xff, "a step index is 8 bits of an abstract state");

#define TABLE_BITS	14
#define TABLE_SIZE	(1u << TABLE_BITS)

enum access { ACC_STORE, ACC_LOAD, ACC_PUNCH, ACC_FSYNC, ACC_WRITE };

struct paths {
	const struct strategy *st;
	const struct step *t;
	int n, h;
	enum access acc;
	uint32_t slot[TABLE_SIZE];	/* the set: value + 1, 0 empty */
	uint32_t queue[TABLE_SIZE];	/* the same, in the order found */
	int nqueue;
	uint8_t ran[256];		/* the steps some path executes */
	char *err;
	size_t errlen;
};

/* Go to pc, from step `from`, in state a (its fields but the pc), skipping
 * as goto_step() does.  Returns 0, or -1 with the table refused. */
int paths_go(struct paths *P, uint32_t a, int pc, const struct step *from);

/* Refuse the table at step s: "file:line: " and the message.  Returns -1. */
int paths_fail(struct paths *P, const struct step *s, const char *fmt, ...);

/* Lock l's name in the strategy: its filesystem's, or the generic one. */
const char *paths_lock_name(const struct paths *P, int l);

/* A new lookup's result: the block's flags cleared, nothing zeroed. */
static inline uint32_t paths_looked_up(uint32_t a)
{
	return a & ~(A_BLK | A_NEW | A_UNW | A_ZEROED);
}

#endif
