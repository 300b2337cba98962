/*
 * trim.h - how a counterexample's table is shown: which threads get no
 * column (they took no step, or play no part), and which steps are
 * marked (the violating step; for a deadlock, its cycle of waits).
 */
#ifndef DAX_TRIM_H
#define DAX_TRIM_H

#include "property.h"
#include "trace.h"

/*
 * Fill v for trace tr of model m, judged with properties set[0..n-1]
 * (NULL: all).  *idle: the threads that took no step, never shown.
 * *no_part: those whose steps can be taken out of the schedule with the
 * same outcome: it still replays and violates the same property (for a
 * deadlock: the same threads still wait for each other); with trim they
 * are not shown either, columns and rows.
 */
void trim_view(const struct model *m, const struct property *const *set, int n,
	       const struct trace *tr, int trim, struct trace_view *v, unsigned *idle,
	       unsigned *no_part);

/* "violation" or, for a deadlock, "cycle of waits": what stays the same
 * without a thread that plays no part. */
const char *trim_same(const struct property *p);

#endif
