/*
 * twins.h - the mutation operators that make known-bad twins: each real
 * strategy with one bug put back in, which the checker must catch.
 *
 * A twin is derived mechanically from its strategy's tables by a short
 * list of mutation operators (remove a lock, move a step, change a step's
 * argument, insert a step), never copied by hand, so it follows its
 * strategy when that changes.  Operators name steps by their labels in
 * the strategy file ("ZERO"); an operator whose step no longer exists, or
 * that changes nothing, makes the twin fail to derive, which fails `make
 * check` like a twin that goes uncaught.
 *
 * Twins are defined in their strategy's file (`twin` blocks,
 * model/strategy_file.h), so a user's strategy has twins as a shipped one
 * does.  Each names the shipped scenario it must fail and the property it
 * must be caught with.  `./checker --twins` runs them all: a twin that
 * passes, or fails another way, means a property or the explorer is
 * wrong (or the mutation does not break what its line says).  A twin
 * is selected like a strategy, by its name: the strategy's, TWIN_SEP, and
 * the mutation's ("fs-zero-inside~no-ilock").  The twins of the registered
 * strategies are derived by checker-src/registry.h's twin_get().
 */
#ifndef DAX_TWINS_H
#define DAX_TWINS_H

#include "strategy.h"

#define TWIN_SEP	'~'	/* never in a strategy's name */
#define TWIN_MAX_STEPS	32	/* per handler, after mutation */
#define TWIN_MAX_OPS	4

enum twin_op_kind {
	TWIN_END,		/* the end of a twin's list of operators */
	TWIN_DROP_LOCK,		/* remove every step taking or releasing lock `arg`
				 * (PRIM_LOCK, _UNLOCK, _LOCK_SHARED, _UNLOCK_SHARED);
				 * a lock a primitive takes inside stays */
	TWIN_MOVE_AFTER,	/* move `step` onto the edge leaving `anchor`: its
				 * `next` (both edges if next == skip; a loop's exit) */
	TWIN_MOVE_BEFORE,	/* move `step` in front of `anchor`: every edge into
				 * `anchor` now enters `step`, which then goes on to it */
	TWIN_SET_ARG,		/* set `step`'s argument to `arg` */
	TWIN_INSERT_BEFORE,	/* insert `insert` in front of `anchor`, as MOVE_BEFORE */
	TWIN_DROP_STEP,		/* remove `step` (a flush, a fence, a commit) */
	TWIN_RENAME,		/* give `step` the kernel name `name`: the same
				 * primitive under the function an older or
				 * newer kernel called (clear_page, not
				 * clear_pmem) */
};

struct twin_op {
	enum twin_op_kind kind;
	enum handler_kind handler;
	int step;		/* the step moved or changed: its index in the
				 * handler's table as the strategy has it */
	int anchor;		/* where it goes: an index, as step */
	int arg;		/* the lock (DROP_LOCK) or the new argument (SET_ARG) */
	const char *name;	/* RENAME: the step's new kernel name */
	struct step insert;	/* INSERT_BEFORE: name, prim, arg, when; the
				 * targets are set by the operator */
	int loop;		/* INSERT_BEFORE: the new step repeats while its
				 * `when` holds (a clear_pmem loop) */
	int line;		/* its line in the strategy file */
};

/* A strategy file's `twin` block: what a twin is before it is derived. */
struct twin_def {
	const char *suffix;	/* the mutation's short name: "no-ilock" */
	const char *mutation;	/* what it does, in kernel vocabulary */
	const char *scenario;	/* the shipped scenario it must fail: "seed-race" */
	const char *property;	/* the property it must be caught with */
	struct twin_op ops[TWIN_MAX_OPS];
	int line;		/* its `twin` line */
};

/*
 * Apply ops (up to a TWIN_END; those for the other handler are ignored)
 * to handler table in[0..n-1] of kind h, writing the mutated table into
 * out[0..TWIN_MAX_STEPS-1] and its length into *nout.  Steps removed are
 * bypassed: every edge into a removed step goes where the step would
 * have sent the thread, a loop's edges to its exit, and a conditional
 * step's condition (and its skip) passes to the step after it.  The entry
 * step stays at index 0.  Returns 0, or -1 with a message in err.
 */
int twin_mutate(const struct step *in, int n, enum handler_kind h, const struct twin_op *ops,
		struct step *out, int *nout, char *err, size_t errlen);

#endif
