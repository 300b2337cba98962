/*
 * exec.h - the transition relation: which threads can move in a state, and
 * what one atomic step of a thread does.
 *
 * A thread in user space runs its next operation.  An access lands if the
 * page has a suitable PTE, and otherwise raises a fault, entering the
 * strategy's fault handler; a punch enters the strategy's punch path.  A thread in the handler runs the handler's current step.  When
 * the handler returns the thread retries the access, as the CPU re-executes
 * a faulting instruction.
 */
#ifndef DAX_EXEC_H
#define DAX_EXEC_H

#include "effect.h"
#include "scenario.h"
#include "state.h"
#include "strategy.h"

/* A scenario run under a strategy: everything a transition depends on. */
struct model {
	const struct scenario *sc;
	const struct strategy *st;
};

/* Returns 1 if thread tid has run all its accesses, 0 otherwise. */
int exec_done(const struct model *m, const struct state *s, int tid);

/* Returns 1 if every thread has run all its accesses, 0 otherwise. */
int exec_all_done(const struct model *m, const struct state *s);

/*
 * Returns 1 if thread tid can take a step in s, 0 if it has finished or is
 * waiting for a lock.
 */
int exec_enabled(const struct model *m, const struct state *s, int tid);

/* The lock thread tid is waiting for, or -1 if it is not blocked. */
int exec_blocked_on(const struct model *m, const struct state *s, int tid);

/*
 * Run one atomic step of thread tid, which must be enabled, updating s in
 * place and describing the change in *e.
 */
void exec_step(const struct model *m, struct state *s, int tid, struct effect *e);

/*
 * The name of the step thread tid takes next in s, in kernel vocabulary
 * ("get_block(create=1)", or "store 0:1=2" for a user access), written
 * into buf.  Returns buf.
 */
const char *exec_step_name(const struct model *m, const struct state *s, int tid,
			   char *buf, size_t len);

/*
 * The thread thread tid waits for on lock l: a holder of the instance tid
 * needs, the writer first; tid itself if it holds the lock already; -1 for
 * LOCK_POOL (a free block: no one holds it).
 */
int exec_lock_holder(const struct model *m, const struct state *s, int tid, int lock);

/* The lock's name as the kernel (or the strategy's filesystem) spells it:
 * "i_mmap_rwsem".  m may be NULL for the generic name. */
const char *exec_lock_name(const struct model *m, int lock);

_Static_assert(H_FAULT == 0, "exec_op_handler's table leaves an unnamed kind zero: H_FAULT");

/* The handler an operation enters: the punch path for a punch, the fsync
 * path for an fsync, the write path for a write(2), the fault handler for
 * an access, the PMD fault handler for a `pmd:` access (which may fall
 * back to the fault handler: exec_thread_handler). */
static inline enum handler_kind exec_op_handler(const struct op *op)
{
	/* A table, not a chain of tests: every step of a search asks, and
	 * the PMD access's flag (pmd:, 0 or 1) is its second index, not a
	 * test.  An access, and a kind the table does not name (zero:
	 * H_FAULT), faults; a PMD access faults as a PMD fault first. */
	static const unsigned char handler[NR_OP_KINDS][2] = {
		[OP_LOAD] = { H_FAULT, H_PMD }, [OP_STORE] = { H_FAULT, H_PMD },
		[OP_PUNCH] = { H_PUNCH, H_PUNCH }, [OP_FSYNC] = { H_FSYNC, H_FSYNC },
		[OP_WRITE] = { H_WRITE, H_WRITE },
		[OP_PERSIST] = { H_FAULT, H_PMD },	/* never enters one: user_op() runs it */
		[OP_INVALIDATE] = { H_INVALIDATE, H_INVALIDATE },
	};

	return (enum handler_kind)handler[op->kind][op->pmd != 0];
}

/* Returns 1 if handler h handles a fault: when it returns, the access is
 * retried. */
static inline int exec_is_fault_handler(enum handler_kind h)
{
	return h == H_FAULT || h == H_PMD;
}

/* The handler thread tid is in, or would enter, for its current operation:
 * exec_op_handler's, but the fault handler for a PMD fault that fell back
 * (TF_FALLBACK). */
static inline enum handler_kind exec_thread_handler(const struct model *m,
						   const struct state *s, int tid)
{
	/* Inline: every step, enabled test and future walk asks. */
	enum handler_kind h = exec_op_handler(&m->sc->prog[tid].ops[s->t[tid].ip]);

	return h == H_PMD && (s->t[tid].flags & TF_FALLBACK) ? H_FAULT : h;
}

/* The handler thread tid is in or would enter for its current operation;
 * its length in *n. */
const struct step *exec_handler(const struct model *m, const struct state *s, int tid,
				int *n);

/* The handler step thread tid runs next, or NULL in user space or done. */
const struct step *exec_next_step(const struct model *m, const struct state *s, int tid);

/* The index of the handler step thread tid runs next, with *h the handler
 * it is in; -1 in user space or done. */
int exec_pc(const struct model *m, const struct state *s, int tid, enum handler_kind *h);

/*
 * Returns 1 if step st runs as a transition, 0 if the thread passes over
 * it as if it ran and did nothing: a durability step (a flush, a fence, a
 * transaction commit: PRIM_DURABILITY) in a scenario without crashes, whose
 * properties read nothing those steps write.  Every walk of a handler
 * (exec, model/future.c, model/strategy_check.c, the Promela model) passes
 * over the same steps.
 */
static inline int exec_step_live(const struct model *m, const struct step *st)
{
	return st->prim < PRIM_FIRST_DURABILITY || m->sc->crash;
}

/* Returns 1 if thread tid is a fault between its first get_block and its
 * return (TF_INSIDE), 0 otherwise. */
int exec_inside(const struct model *m, const struct state *s, int tid);

/* The page of thread tid's current operation, or -1 if it is done. */
int exec_op_page(const struct model *m, const struct state *s, int tid);

#endif
