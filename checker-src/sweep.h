/*
 * sweep.h - the independent searches of --matrix, --twins and
 * --concurrency run at once (--jobs=N), each writing only its own result,
 * so that what is printed afterwards, in a fixed order, is the same for
 * any number of jobs.
 */
#ifndef DAX_SWEEP_H
#define DAX_SWEEP_H

#include <stdio.h>

#include "explore.h"

/* The number of cores this process may run on: --jobs's default. */
int sweep_default_jobs(void);

/*
 * Run task(arg, i) for i = 0..n-1 on jobs threads, this one among them,
 * each task once.  With o->progress, a line on stderr counts the tasks
 * done ("matrix 0:12  34 of 90 searches done"), what naming the sweep.
 */
void sweep_run(int jobs, int n, void (*task)(void *arg, int i), void *arg,
	       const struct explore_opts *o, const char *what);

/*
 * The explore_opts of one search of a sweep: o's, without the progress
 * line of its own (the sweep has one, and searches run at once).
 */
struct explore_opts sweep_cell_opts(const struct explore_opts *o);

/* Print " ARG" on f, quoted for a POSIX shell if it needs to be (a cell's
 * command line, --commands). */
void sweep_arg(FILE *f, const char *arg);

#endif
