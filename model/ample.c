/*
 * ample.c - choosing the persistent set of a state (ample.h).
 *
 * Why a step's postponement is sound.  Say the search takes only thread
 * t's step a in state s, and in the full graph a path u from s, on which t
 * never moves, reaches a violation.  Every step of u is a step of another
 * thread on a path where t does not move, so by condition 1 it is
 * independent of a: a stays enabled along u, and a then u reaches a(x)
 * from s, with every step of u doing and judging what it did before.  If
 * x violates a step property at u's last step, so does that step after a.
 * If x violates a state property, a(x) must violate one too, which is
 * condition 2: a must not heal the state.  Taking a first shortens
 * nothing, so by itself this could postpone the path for ever round a
 * cycle of reduced states; condition 3 makes every cycle contain a state
 * expanded fully, and there the first step of u is taken.
 *
 * Condition 2, property by property, for a step a of thread t; t is not
 * done in x, since a is still to run:
 *   - deadlock, lost-wakeup and stale-mapping need every thread stopped or
 *     done: x has t enabled, so x violates none of them;
 *   - lost-store (a stored word no longer holds its value) is healed only
 *     by a step that writes a word's shadow or data or a block map entry.
 *     clear_pmem writes 0, which no stored value is, so it heals nothing.
 *     A store to word w of page p through the PTE's block b could heal
 *     word w if it was lost in x; it was not lost in s (the search stops
 *     at a violation, so s has none), u did not change the shadow, b's
 *     word or (an added read) the block map entry of p, and we require
 *     map[p] == b in s, so w is as good in x as in s.  Another page can
 *     share b only if u put b in its map entry, which the added read of
 *     MAPPT(b) excludes.  Every other write to the block map is visible;
 *   - use-after-free's state half (a PTE maps a freed block, or one in
 *     another page's map entry) is healed by a step that zaps or replaces
 *     a PTE that maps a block, changes a map entry, or allocates a block
 *     a PTE maps.  vm_insert_mixed writes only over no PTE; an allocation
 *     takes the lowest free block b0, which no PTE maps in s (s has no
 *     violation) and which u cannot map (the added read of PTEPT(b0)).
 *     Zapping or replacing a PTE that maps a block is visible;
 *   - the overlap goals (AMPLE_OVERLAP): a step that ends t's window
 *     while it is open is visible; opening it heals nothing.
 */
#include <string.h>

#include "ample.h"
#include "prim.h"

/*
 * Returns 1 if the step from thread state a to b moves the thread forward:
 * to a later operation, from user space into a handler, to a later
 * handler step, or round clear_pmem's loop to a later word.  Anything else
 * (a fault handler returning to retry its access, a jump back in a table)
 * is a back edge of the thread's own control flow.
 */
static int forward(const struct thread_state *a, const struct thread_state *b)
{
	if (b->ip != a->ip)
		return b->ip > a->ip;
	if (a->pc == PC_USER || b->pc == PC_USER)
		return a->pc == PC_USER && b->pc != PC_USER;
	return b->pc > a->pc || (b->pc == a->pc && b->zpos > a->zpos);
}

/* Condition 2: returns 1 if thread t's next step heals no violation,
 * adding to *fp the reads that keep it so. */
static int heals_nothing(const struct model *m, const struct state *s, int t,
			 struct footprint *fp)
{
	const struct step *st = exec_next_step(m, s, t);
	const struct op *op = &m->sc->prog[t].ops[s->t[t].ip];
	int p = op->page;
	uint8_t pte = PRIM_PTE(m, s, t)[p];

	if (!st) {
		if (op->kind != OP_STORE || !prim_pte_is_block(pte))
			return 1;		/* a load, a fault or a punch's entry */
		if (s->map[p] != pte)
			return 0;
		footprint_set(fp->read, FP_MISC, FP_MAP(p));
		footprint_set(fp->read, FP_POINT, FP_MAPPT(pte));
		return 1;
	}
	return !prim_ops[st->prim]->heals_nothing ||
	       prim_ops[st->prim]->heals_nothing(m, s, t, st, fp);
}

/* What a thread's step needs, besides condition 1, to be taken alone. */
enum { STEP_NO, STEP_OK, STEP_IF_LANDS };

/*
 * Conditions 2 and 3 for thread t's step, with *fp its footprint and the
 * reads condition 2 adds.  Condition 3, the cycle proviso, statically: a
 * step taken alone must move its thread forward.  Every cycle of the
 * state graph brings each thread that moves on it back to where it was,
 * so it has a back edge of some thread; if back edges are taken only
 * where every thread is, every cycle has a state expanded fully.  One back
 * edge is on no cycle, though: a fault handler's return, when the access
 * it retries cannot fault again (its page's PTE can only ever be one that
 * lets it land), since the thread then never comes back to where it
 * faulted; STEP_IF_LANDS asks the caller to check that.  The step is
 * tried in *next, the memo's working state (future_memo_states()).
 */
static int step_ok(struct state *next, const struct model *m, const struct state *s, int t,
		   int flags, struct footprint *fp)
{
	struct effect e;
	int how = STEP_OK;

	state_copy(next, s, m->sc->crash);
	exec_step(m, next, t, &e);
	if (!forward(&s->t[t], &next->t[t])) {
		if (e.returned != RET_RETRY)
			return STEP_NO;
		how = STEP_IF_LANDS;
	}
	/* The overlap goals: closing t's window is visible. */
	if ((flags & AMPLE_OVERLAP) && exec_inside(m, s, t) && !exec_inside(m, next, t))
		return STEP_NO;
	footprint_semantic(m, s, t, fp);
	return heals_nothing(m, s, t, fp) ? how : STEP_NO;
}

/* Returns 1 if thread t's access, retried, lands whatever PTE of its page
 * env allows: the thread cannot fault on it again. */
static int lands(const struct model *m, const struct state *s, int t,
		 const struct future_env *env)
{
	const struct op *op = &m->sc->prog[t].ops[s->t[t].ip];
	uint16_t pv = env->pte[op->page];

	return op->kind == OP_STORE ? !(pv & (FE_NONE | FE_HPAGE)) : !(pv & FE_NONE);
}

/* Condition 1 for step footprint fp of thread t: every other thread's
 * future with t frozen is independent of it. */
static int persistent(struct future_memo *fm, const struct model *m, const struct state *s,
		      int t, const struct footprint *fp)
{
	struct footprint fut[MAX_THREADS];

	if (future_fixpoint(fm, m, s, 1u << t, fut, NULL))
		return 0;
	for (int u = 0; u < m->sc->nthreads; u++)
		if (u != t && !exec_done(m, s, u) && !footprint_independent(fp, &fut[u]))
			return 0;
	return 1;
}

unsigned ample_choose(struct future_memo *fm, const struct model *m, const struct state *s,
		      unsigned enabled, int flags)
{
	struct footprint fp[MAX_THREADS], all[MAX_THREADS];
	struct future_env env;
	int n = m->sc->nthreads, how[MAX_THREADS];
	unsigned cand = 0;
	struct state *next;

	if ((enabled & (enabled - 1)) == 0)
		return enabled;		/* one thread or none: nothing to choose */
	if (m->sc->crash)
		return enabled;		/* the futures know nothing of the media and
					 * the log: a crash scenario's search takes
					 * sleep sets (explore.c), and so must any
					 * caller, map-sync's two threads first */
	next = &future_memo_states(fm, m->sc)->step;
	for (int t = 0; t < n; t++)
		if ((enabled >> t & 1) && (how[t] = step_ok(next, m, s, t, flags, &fp[t])) != STEP_NO)
			cand |= 1u << t;
	if (!cand)
		return enabled;
	/* Every thread's future with nobody frozen contains its future with
	 * any one thread frozen: one fixed point tests every candidate, and
	 * the costlier test with the candidate frozen (its locks held, its
	 * writes left out) runs only for those that fail it. */
	if (future_fixpoint(fm, m, s, 0, all, &env))
		return enabled;
	for (int t = 0; t < n; t++) {
		int ok = 1;

		if (!(cand >> t & 1))
			continue;
		if (how[t] == STEP_IF_LANDS && !lands(m, s, t, &env)) {
			cand &= ~(1u << t);
			continue;
		}
		for (int u = 0; ok && u < n; u++)
			ok = u == t || exec_done(m, s, u) || footprint_independent(&fp[t], &all[u]);
		if (ok)
			return 1u << t;
	}
	for (int t = 0; t < n; t++)
		if ((cand >> t & 1) && persistent(fm, m, s, t, &fp[t]))
			return 1u << t;
	return enabled;
}
