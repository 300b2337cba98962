/*
 * sweep.c - running a sweep's searches at once.
 *
 * Each task takes the next index from an atomic counter; the tasks share
 * nothing but what they read (the strategies, the scenarios), and each
 * writes its own slot of the caller's results.  The caller prints after
 * sweep_run() returns, in its own order: the output never depends on how
 * many jobs ran or which finished first.  An interrupt stops every search
 * at once (each polls the flag), and every task still runs, so each slot
 * says "incomplete" rather than nothing.
 */
#include <stdatomic.h>
#include <string.h>
#include <threads.h>
#include <unistd.h>

#include "progress.h"
#include "sweep.h"

#define MAX_JOBS	64

struct sweep {
	void (*task)(void *arg, int i);
	void *arg;
	int n;
	atomic_int next, done;
};

int sweep_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (int)n;
}

/* Take tasks until none is left. */
static int work(void *p)
{
	struct sweep *w = p;
	int i;

	while ((i = atomic_fetch_add(&w->next, 1)) < w->n) {
		w->task(w->arg, i);
		atomic_fetch_add(&w->done, 1);
	}
	return 0;
}

void sweep_run(int jobs, int n, void (*task)(void *arg, int i), void *arg,
	       const struct explore_opts *o, const char *what)
{
	struct sweep w = { task, arg, n, 0, 0 };
	struct progress p;
	thrd_t th[MAX_JOBS];
	int started = 0, i;

	if (jobs > n)
		jobs = n;
	if (jobs > MAX_JOBS)
		jobs = MAX_JOBS;
	for (; started < jobs - 1; started++)
		if (thrd_create(&th[started], work, &w) != thrd_success)
			break;	/* fewer jobs: the same results, later */
	/* This thread works too, and keeps the progress line. */
	progress_start(&p, o->progress, o->progress_every, what);
	while ((i = atomic_fetch_add(&w.next, 1)) < n) {
		task(arg, i);
		atomic_fetch_add(&w.done, 1);
		progress_count(&p, atomic_load(&w.done), n);
	}
	for (int k = 0; k < started; k++)
		thrd_join(th[k], NULL);
	progress_count(&p, n, n);	/* the other jobs may have ended last */
	progress_end(&p);
}

struct explore_opts sweep_cell_opts(const struct explore_opts *o)
{
	struct explore_opts c = *o;

	c.progress = 0;
	return c;
}

void sweep_arg(FILE *f, const char *arg)
{
	static const char plain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "0123456789_./=,:+~@%-";

	if (*arg && strspn(arg, plain) == strlen(arg)) {
		fprintf(f, " %s", arg);
		return;
	}
	fputs(" '", f);
	for (; *arg; arg++) {
		if (*arg == '\'')
			fputs("'\\''", f);
		else
			putc(*arg, f);
	}
	putc('\'', f);
}
