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
 * caller frees each).  Returns how many, or -1 if dir cannot be read.
 */
int matrix_scenario_files(const char *dir, char **names, int max);

/*
 * Run every strategy against every scenario file of dir and print the
 * table.  Returns 0 if every cell is what its file expects, 1 if some
 * cell differs (or has no expectation), 2 if a file does not parse,
 * 3 if some search was incomplete.
 */
int matrix_run(FILE *f, const char *dir, const struct explore_opts *o);

#endif
