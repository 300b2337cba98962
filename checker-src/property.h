/*
 * property.h - the properties the checker judges, each able to say who
 * broke it.
 *
 * A property is checked either on every transition (it needs the step's
 * effect: a load that returned STALE) or on every new state (it is a
 * function of the state alone: a lost store, a deadlock).  To add one:
 * write its check and explain functions and add it to property_all[] in
 * property.c; scenario files may then name it in `expect` lines.
 */
#ifndef DAX_PROPERTY_H
#define DAX_PROPERTY_H

#include "../model/exec.h"
struct trace;	/* trace.h: explain() reads one */

/*
 * The two steps a counterexample turns on, 1-based, 0 for none: the
 * victim (the store that is destroyed, the block freed, the PTE installed)
 * and the culprit (the step that destroys it or uses it), with the words
 * that join them: "T0's store 0:0=1" <link> "T1's clear_pmem".  A deadlock
 * has neither: its culprits are the waits at the end of the trace.
 */
struct blame {
	int victim;
	int culprit;
	const char *link;	/* "overwritten by", or NULL */
};

enum property_kind {
	PROP_STEP,	/* judged on each transition, from its effect */
	PROP_STATE,	/* judged on each state */
};

struct property {
	const char *name;	/* "lost-store", as scenario files spell it */
	const char *summary;	/* one line */
	enum property_kind kind;
	/*
	 * Returns 1 if the property is violated: for PROP_STEP, by the step
	 * described by e that led to state s; for PROP_STATE, by state s
	 * (e is then NULL).
	 */
	int (*check)(const struct model *m, const struct state *s, const struct effect *e);
	/*
	 * Name the culprit in one sentence, from a trace whose last step
	 * violated the property, and point at the two steps a diagram links
	 * with an arrow (struct blame).
	 */
	void (*explain)(const struct model *m, const struct trace *tr, char *buf, size_t len,
			struct blame *b);
};

extern const struct property *const property_all[];
extern const int property_count;

/* The property called name, or NULL. */
const struct property *property_find(const char *name);

/*
 * In a deadlocked state s: the cycle of threads each waiting for a lock
 * the next one holds (one thread that waits for a lock it holds itself is
 * a cycle of one), from its lowest-numbered thread, into cycle[].  Returns
 * its length, or 0 if there is none (the threads wait for a free block,
 * which nobody holds).
 */
int property_wait_cycle(const struct model *m, const struct state *s, int *cycle);

/* Returns 1 if p can be violated in scenario sc: every property but a
 * power failure's two, which need a scenario with `crash`, and
 * pt-corruption, which needs a huge page. */
int property_applies(const struct property *p, const struct scenario *sc);

/* Returns 1 if a search of model m must judge p: it applies to the
 * scenario, and, for lost-wakeup, some step of the strategy may put a
 * thread to sleep (no wait queue, no sleeper: it holds in every state).
 * A search asks once; what the checker lists and searches for is still
 * property_applies'. */
int property_judged(const struct property *p, const struct model *m);

struct op;

/* Returns 1 if operation o (of the same thread, before it) is a store the
 * acknowledgement `ack` vouches for: for an fsync, every store and
 * write(2); for a persist through a MAP_SYNC mapping, the stores through
 * the mapping to its page (property_crash.c, fsync-loss). */
int property_acked(const struct op *ack, const struct op *o);

/* The properties of a power failure (property_crash.c), judged only in a
 * scenario with `crash`. */
extern const struct property property_stale_after_crash;
extern const struct property property_fsync_loss;

/* A page-table slot holding a PMD and a PTE table at once (property.c). */
extern const struct property property_pt_corruption;

/* The goals of the concurrency report (not violations, not in property_all). */
extern const struct property property_overlap_same;
extern const struct property property_overlap_other;

/*
 * Returns the first property of set[0..n-1] violated by the step e into s
 * (e NULL for the initial state), or NULL.  `fresh` says s has not been
 * seen before; PROP_STATE properties are only judged then, since they
 * depend on s alone.
 */
const struct property *property_check(const struct property *const *set, int n,
				      const struct model *m, const struct state *s,
				      const struct effect *e, int fresh);

#endif
