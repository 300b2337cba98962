/*
 * coverage.h - the handler steps a search never executed: SPIN's
 * "unreached in proctype", for a strategy's fault, punch and fsync paths.
 *
 * The explorer records every (handler, step) a transition executed
 * (struct explore_coverage).  After an exhaustive search, a step left
 * unreached is dead in this scenario: no interleaving runs it.  After a
 * search that stopped early (a violation, a limit) the list covers only
 * the part explored.  A handler no operation of the scenario enters (the
 * punch path, with no `punch` operation) is reported as not exercised,
 * not step by step; a durability step of a scenario without crashes is
 * not listed, since such a search passes over it by design
 * (exec_step_live).
 */
#ifndef DAX_COVERAGE_H
#define DAX_COVERAGE_H

#include <stdio.h>

#include "explore.h"

/* Returns 1 if some operation of sc enters handler h (the fault handler:
 * a load or a store), 0 otherwise. */
int coverage_exercised(const struct scenario *sc, enum handler_kind h);

/* Returns 1 if c records a transition executing step `step` of handler h,
 * 0 otherwise. */
int coverage_reached(const struct explore_coverage *c, enum handler_kind h, int step);

/*
 * The report's coverage line, "coverage  every step reached" or
 * "coverage  unreached: fault step 5 clear_pmem (zero a word), ...", with
 * a second line when the list is for the explored part only (v is not
 * EXPLORE_OK; why says why the list is partial: "the search stopped: ...").  Steps are
 * numbered from 0, as in the strategy's table.
 */
void coverage_text(FILE *f, const struct model *m, const struct explore_coverage *c,
		   enum explore_verdict v, const char *why);

/*
 * The same as JSON members, each line indented two spaces and ending
 * ",\n": "unreached" (an array of {handler, step, name, does}),
 * "unreached_exhaustive", "fault_exercised", "punch_exercised" and
 * "fsync_exercised".
 */
void coverage_json(FILE *f, const struct model *m, const struct explore_coverage *c,
		   enum explore_verdict v);

#endif
