/*
 * matrix.h - the verdict matrix: every strategy against every scenario
 * file, and the concurrency columns.
 */
#ifndef DAX_MATRIX_H
#define DAX_MATRIX_H

#include <stdio.h>

#include "explore.h"

#define MATRIX_MAX_SCENARIOS	64

/*
 * The scenario files of dir (*.dax), sorted by name, into names[] (the
 * caller frees each).  Returns how many, -1 if dir cannot be read, or
 * MATRIX_NOMEM out of memory (names[] then holds nothing to free).
 */
#define MATRIX_NOMEM	(-2)

int matrix_scenario_files(const char *dir, char **names, int max);

/*
 * Run every strategy against every scenario file of dir and print the
 * table.  Returns 0 if every cell is what its file expects, 1 if some
 * cell differs (or has no expectation), 2 if a file does not parse,
 * 3 if some search was incomplete (a limit, out of memory, interrupted).
 */
int matrix_run(FILE *f, const char *dir, const struct explore_opts *o);

#endif
