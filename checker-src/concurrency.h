/*
 * concurrency.h - the other half of the locking argument: what a strategy
 * serialises.  For two write faults, on the same page and on different
 * pages, can both be inside their handlers at once?
 */
#ifndef DAX_CONCURRENCY_H
#define DAX_CONCURRENCY_H

#include <stdio.h>

#include "explore.h"

enum overlap_answer {
	OVERLAP_YES,		/* reachable: a witness schedule exists */
	OVERLAP_NO,		/* unreachable: exhaustive search */
	OVERLAP_INCOMPLETE,	/* a limit stopped the search */
};

struct overlap_result {
	enum overlap_answer answer;
	int len;		/* witness length, for OVERLAP_YES */
	char schedule[256];	/* the witness as a --replay list */
	uint64_t states;
	char why[128];		/* for OVERLAP_INCOMPLETE: which limit, out of
				 * memory, or interrupted */
};

struct concurrency {
	struct overlap_result same;	/* T0, T1 store to words 0, 1 of page 0 */
	struct overlap_result other;	/* T0, T1 store to pages 0 and 1 */
};

/*
 * Answer both questions for strategy st by exhaustive search, with the
 * limits of o (its property set is replaced by the goal).  A fault is
 * "inside" from its first get_block (or allocation) until it tries to
 * install a PTE (vm_insert_mixed, dax_load_hole): the window in which
 * Wilcox's race happens.
 */
void concurrency_run(const struct strategy *st, const struct explore_opts *o,
		     struct concurrency *c);

/* One of the two questions: same page (same 1) or different pages. */
void concurrency_goal(const struct strategy *st, const struct explore_opts *o, int same,
		      struct overlap_result *out);

/* "yes (7 steps)", "no", "incomplete" */
const char *concurrency_cell(const struct overlap_result *r, char *buf, size_t len);

/* Print the concurrency table for strategies v[0..n-1], its searches
 * jobs at once (sweep.h).  Returns 0, or -1 if some search was incomplete
 * (a limit, out of memory, interrupted). */
int concurrency_print(FILE *f, const struct strategy *const *v, int n,
		      const struct explore_opts *o, int jobs);

#endif
