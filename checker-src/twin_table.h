/*
 * twin_table.h - `--twins`: run every known-bad twin (model/twins.h) on
 * the shipped scenario it must fail, and print whether each was caught
 * with the property it expects.
 */
#ifndef DAX_TWIN_TABLE_H
#define DAX_TWIN_TABLE_H

#include <stdio.h>

#include "explore.h"

/*
 * Run every twin, or only strategy only's (breadth-first, with the limits
 * of o), jobs searches at once (sweep.h), and print the table.  Returns 0 if every twin is caught with its
 * property; 1 if some twin passes, fails with another property, or cannot
 * be derived; else 3 if some search was incomplete (a limit, out of
 * memory); 2 if only has no twins (a message on stderr).
 */
int twin_table_run(FILE *f, const struct strategy *only, const struct explore_opts *o,
		   int jobs);

/* --twins --commands: the command line of each twin's search, one a line,
 * each followed by extra (the sweep's options), and none run.  Returns 0,
 * or 2 if only has no twins (a message on stderr). */
int twin_table_commands(FILE *f, const struct strategy *only, const char *extra);

#endif
