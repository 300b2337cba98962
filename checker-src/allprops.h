/*
 * allprops.h - `--all-properties`: every property the scenario violates,
 * each with its own shortest counterexample and replay command.
 */
#ifndef DAX_ALLPROPS_H
#define DAX_ALLPROPS_H

#include <stdio.h>

#include "report.h"

#define ALLPROPS_MAX	16

struct allprops {
	const struct model *m;
	int n;					/* properties, each a search */
	const struct property *one[ALLPROPS_MAX][1];	/* each search's property set */
	struct explore_result res[ALLPROPS_MAX];
	struct report rep[ALLPROPS_MAX];
	const char *expected;		/* what the files expect of the whole search */
	const char *only;		/* --property's list, or NULL: all */
};

/*
 * Search m for each property of set[0..n-1] on its own, with options o,
 * and prepare each report: args selects the scenario on a command line
 * (each replay command adds --property=P); expected is what the files
 * expect of the whole search.  Returns 0; -1 out of memory
 * (then nothing is to be shown), or -2 if a counterexample does not replay
 * (an internal error; a message is on stderr).  Free with allprops_free().
 */
int allprops_run(struct allprops *A, const struct model *m, const struct property *const *set,
		 int n, const struct explore_opts *o, const char *args, const char *expected,
		 int trim);

/* The report: a table of the properties' verdicts, each counterexample,
 * the coverage and statistics of all the searches; or one JSON object. */
void allprops_text(FILE *f, const struct allprops *A);
void allprops_json(FILE *f, const struct allprops *A);

/* The exit status: 1 if some property is violated, else 3 if some search
 * is incomplete, else 0. */
int allprops_status(const struct allprops *A);

void allprops_free(struct allprops *A);

#endif
