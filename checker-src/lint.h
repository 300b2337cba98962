/*
 * lint.h - `--lint FILE...`: check strategy files without a verdict.
 */
#ifndef DAX_LINT_H
#define DAX_LINT_H

#include <stdio.h>

#include "explore.h"

/*
 * Check each strategy file of files[0..n-1]: that it parses and its
 * tables validate (strategy_validate: targets, skips, arguments, and the
 * locks and blocks of every path); that every step is on some path; that
 * every step runs in some interleaving of the shipped scenarios (or its
 * file says why not, `unreached`); and that its twins derive.  A good
 * file gets a summary on f; each defect a line "file:line: what" on
 * stderr.  The coverage searches run with o's limits.  Returns 0 if every
 * file is good, 2 if some file has a defect, else 3 if a coverage search
 * was incomplete.
 */
int lint_files(FILE *f, const char *const *files, int n, const struct explore_opts *o);

#endif
