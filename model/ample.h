/*
 * ample.h - the state reduction: in each state, the set of threads whose
 * next steps the search takes, a persistent set [Godefroid 1996, ch. 4]
 * computed from what every other thread can still do (model/future.h): an
 * ample set in the sense of Peled [1993] and Clarke, Grumberg and Peled
 * [Model Checking, ch. 10], conditions C0-C3.
 *
 * A thread's next step may be taken alone, the others' postponed, when
 *   1. persistence: no step any other thread can take on a path where
 *      this thread does not move depends on it.  The others' futures are
 *      over-approximated by future_fixpoint() with this thread frozen: its
 *      locks stay held, so a future that needs one of them ends there,
 *      and its own future writes are not in the environment;
 *   2. it heals no violation: wherever the postponed paths lead, taking
 *      the step there cannot make a violated state property hold again
 *      (the visibility condition of ample sets, C2, weakened to what a
 *      safety search needs; see ample_safe());
 *   3. it moves its thread forward (the static cycle proviso, C3: every
 *      cycle of the state graph has a back edge of some thread's control
 *      flow, a fault handler returning to retry its access, and a back
 *      edge is never taken alone, so every cycle has a state expanded
 *      fully; unlike a proviso that looks up the successor, this one does
 *      not fire where two paths of different lengths meet).
 * Otherwise every enabled thread is expanded.  Deadlocks are preserved by
 * persistence alone.  Only one-thread sets are tried: they are what makes
 * a thread's private steps (zeroing a block nobody can reach, a lock
 * nobody else will take, a lookup of a block map entry nobody can change)
 * cost one state each instead of a factor.
 */
#ifndef DAX_AMPLE_H
#define DAX_AMPLE_H

#include "future.h"

/* Flags: what the search judges besides the five properties. */
#define AMPLE_OVERLAP	0x1	/* the overlap goals read every thread's
				 * fault window: a step that closes its
				 * thread's window is visible */

/*
 * The threads whose next steps to take in s, out of `enabled` (a bit per
 * thread): one thread whose step is safe alone, the lowest-numbered, or
 * `enabled` itself.  fm caches the analysis (one per search thread).
 */
unsigned ample_choose(struct future_memo *fm, const struct model *m, const struct state *s,
		      unsigned enabled, int flags);

#endif
