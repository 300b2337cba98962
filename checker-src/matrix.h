/*
 * matrix.h - the verdict matrix: strategies against scenarios, and the
 * concurrency columns; and the rule that says which verdict a cell is
 * expected to have.
 */
#ifndef DAX_MATRIX_H
#define DAX_MATRIX_H

#include <stdio.h>

#include "explore.h"

#define MATRIX_MAX_SCENARIOS	64


/*
 * Where the verdict of strategy st on scenario sc is stated: the
 * strategy's file (`expect SCENARIO VERDICT`), and the scenario's file
 * (`expect STRATEGY VERDICT`).  A cell must have at least one, and every
 * one it has must be the verdict found.
 */
struct matrix_expect {
	const char *verdict;	/* NULL: this file says nothing */
	const char *file;
	int line;
};

/* Fill x[0] from the strategy's file and x[1] from the scenario's. */
void matrix_expectations(const struct strategy *st, const struct scenario *sc,
			 struct matrix_expect x[2]);

/* The verdict expected of st on sc, by the rule above: NULL if no file
 * gives one, or if the two give different ones. */
const char *matrix_expected(const struct strategy *st, const struct scenario *sc);

/*
 * Run strategies v[0..n-1] against scenarios: the shipped ones (nargs 0),
 * the *.dax files of a directory (one argument that is one), or the files
 * args name; print the table, and after it one line for each cell that
 * is not as expected, naming the file and line to change or add.  The
 * searches run jobs at once (sweep.h); the table is the same for any jobs.
 * Returns 0 if every cell is as expected, 1 if some cell is not, 2 if a
 * scenario cannot be read (a message is on stderr, nothing on f), 3 if
 * some search was incomplete (a limit, out of memory, interrupted).
 */
int matrix_run(FILE *f, const char *const *args, int nargs, const struct strategy *const *v,
	       int n, const struct explore_opts *o, int jobs);

/*
 * --matrix --commands: instead of running them, print the command line of
 * each search matrix_run() would make, one a line, each followed by extra
 * (the sweep's options, " --max-states=N" or ""): every cell, then each
 * strategy's two concurrency questions (concurrency_commands()).  Returns
 * as matrix_run() does when a scenario cannot be read, else 0.
 */
int matrix_commands(FILE *f, const char *const *args, int nargs,
		    const struct strategy *const *v, int n, const char *extra);
void concurrency_commands(FILE *f, const struct strategy *st, const char *extra);

#endif
