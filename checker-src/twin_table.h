/*
 * twin_table.h - `--twins`: run every known-bad twin (model/twins.h) on
 * the scenario file it must fail, and print whether each was caught with
 * the property it expects.
 */
#ifndef DAX_TWIN_TABLE_H
#define DAX_TWIN_TABLE_H

#include <stdio.h>

#include "explore.h"

/*
 * Run every twin (breadth-first, with the limits of o) and print the
 * table.  Scenario paths are relative to the current directory, as for
 * --matrix.  Returns 0 if every twin is caught with its property; 1 if
 * some twin passes, fails with another property, or cannot be derived;
 * else 3 if some search hit a limit; 2 if a scenario file cannot be read.
 */
int twin_table_run(FILE *f, const struct explore_opts *o);

#endif
