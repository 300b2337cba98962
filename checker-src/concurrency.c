/*
 * concurrency.c - can two faults be inside their handlers at the same
 * time?  A reachability question the explorer answers exactly: the goal
 * is a "property" whose violation is the overlap, so a yes comes with a
 * shortest witness schedule and a no is an exhaustive search.
 *
 * The two built-in scenarios are the seed race (two stores to different
 * words of one page) and the same stores on two different pages.  Only
 * write faults are asked about: they are the ones that allocate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "concurrency.h"
#include "interrupt.h"
#include "sweep.h"

void concurrency_goal(const struct strategy *st, const struct explore_opts *base, int same,
		      struct overlap_result *out)
{
	int pages = same ? 1 : 2;
	const struct property *goal = same ? &property_overlap_same : &property_overlap_other;
	const struct property *const set[1] = { goal };
	struct explore_opts o = *base;
	struct explore_result r;
	struct scenario sc;
	struct model m;
	char err[256];
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	/* 2 threads; on one page they store to words 0 and 1, on two pages
	 * to word 0 of pages 0 and 1. */
	scenario_default(&sc, 2, pages, pages == 1 ? 2 : 1, err, sizeof(err));
	m.sc = &sc;
	m.st = st;
	o.props = set;
	o.nprops = 1;
	explore_run(&m, &o, &r);
	out->states = r.stats.states;
	if (r.verdict == EXPLORE_VIOLATION) {
		out->answer = OVERLAP_YES;
		out->len = r.len;
		for (int i = 0; i < r.len && n < sizeof(out->schedule); i++)
			n += (size_t)snprintf(out->schedule + n, sizeof(out->schedule) - n,
					      "%s%d", i ? "," : "", r.schedule[i]);
	} else {
		out->answer = r.verdict == EXPLORE_OK ? OVERLAP_NO : OVERLAP_INCOMPLETE;
		snprintf(out->why, sizeof(out->why), "%s", r.why);
	}
	free(r.schedule);
}

void concurrency_run(const struct strategy *st, const struct explore_opts *o,
		     struct concurrency *c)
{
	concurrency_goal(st, o, 1, &c->same);
	concurrency_goal(st, o, 0, &c->other);
}

const char *concurrency_cell(const struct overlap_result *r, char *buf, size_t len)
{
	if (r->answer == OVERLAP_YES)
		snprintf(buf, len, "yes (%d steps)", r->len);
	else
		snprintf(buf, len, "%s", r->answer == OVERLAP_NO ? "no" : "incomplete");
	return buf;
}

/* The sweep's tasks: strategy k / 2, same page if k is even. */
struct concurrency_sweep {
	const struct strategy *const *v;
	struct overlap_result *res;
	struct explore_opts o;
};

static void concurrency_task(void *arg, int k)
{
	struct concurrency_sweep *s = arg;

	concurrency_goal(s->v[k / 2], &s->o, k % 2 == 0, &s->res[k]);
}

int concurrency_print(FILE *f, const struct strategy *const *v, int n,
		      const struct explore_opts *o, int jobs)
{
	struct overlap_result *res = calloc(2 * (size_t)(n ? n : 1), sizeof(*res));
	struct concurrency_sweep s = { v, res, sweep_cell_opts(o) };
	char why[128] = "";
	int incomplete = 0, w = 18;	/* the name column: wider for a long name */

	if (!res) {
		fprintf(f, "INCOMPLETE: out of memory before the first search: no answer\n");
		return -1;
	}
	sweep_run(jobs, 2 * n, concurrency_task, &s, o, "concurrency");
	for (int i = 0; i < n; i++)
		if ((int)strlen(v[i]->name) > w)
			w = (int)strlen(v[i]->name);
	fprintf(f, "Can two write faults be inside their handlers at the same time (from their\n"
		   "first get_block until vm_insert_mixed)?  yes: a shortest witness exists; no: every\n"
		   "interleaving explored.  Replay a witness with\n"
		   "  ./checker --strategy=S --replay=W                                (same page)\n"
		   "  ./checker --strategy=S --threads=2 --pages=2 --words=1 --replay=W (different pages)\n\n");
	fprintf(f, "  %-*s  %-16s  %-16s  %s\n", w, "strategy", "same page", "different pages",
		"witness (same page; different pages)");
	for (int i = 0; i < n; i++) {
		struct concurrency c = { res[2 * i], res[2 * i + 1] };
		char a[32], b[32];

		fprintf(f, "  %-*s  %-16s  %-16s  %s%s%s\n", w, v[i]->name,
			concurrency_cell(&c.same, a, sizeof(a)),
			concurrency_cell(&c.other, b, sizeof(b)),
			c.same.answer == OVERLAP_YES ? c.same.schedule : "-", "; ",
			c.other.answer == OVERLAP_YES ? c.other.schedule : "-");
		incomplete += c.same.answer == OVERLAP_INCOMPLETE;
		incomplete += c.other.answer == OVERLAP_INCOMPLETE;
		if (!*why && c.same.answer == OVERLAP_INCOMPLETE)
			snprintf(why, sizeof(why), "%s", c.same.why);
		if (!*why && c.other.answer == OVERLAP_INCOMPLETE)
			snprintf(why, sizeof(why), "%s", c.other.why);
	}
	free(res);
	/* The table is printed whole even when interrupted: each search
	 * after the interruption stops at once and says "incomplete". */
	if (interrupt_pending())
		snprintf(why, sizeof(why), "%s", interrupt_why());
	if (incomplete)
		fprintf(f, "\nINCOMPLETE: %d search%s stopped early (%s): no answer there\n",
			incomplete, incomplete == 1 ? "" : "es", why);
	return incomplete ? -1 : 0;
}
