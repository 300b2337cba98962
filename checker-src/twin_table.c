/*
 * twin_table.c - the known-bad twin table: each twin against the scenario
 * file it must fail.  A twin is caught when a breadth-first search finds
 * its expected property and the counterexample replays to the same
 * violation; anything else (no violation, another property, a twin that
 * cannot be derived from its strategy any more) is UNCAUGHT and fails the
 * run: a property, the explorer or the mutation is wrong.
 */
#include <stdlib.h>
#include <string.h>

#include "../model/scenario.h"
#include "strategy_file.h"
#include "../model/twins.h"
#include "trace.h"
#include "twin_table.h"
#include "scenario_parse.h"
#include "registry.h"

enum row_result { ROW_CAUGHT, ROW_UNCAUGHT, ROW_INCOMPLETE };

struct row {
	char scenario[64];	/* the file's base name */
	char found[48];		/* "lost-store 13", "ok", "incomplete", "-" */
	char result[160];	/* "caught", "UNCAUGHT...", "incomplete" */
	enum row_result r;
};

/* Judge twin tw into row w.  Returns 0, or -1 if its scenario cannot be
 * read (a message is on stderr). */
static int judge(const struct twin *tw, const struct explore_opts *o, struct row *w)
{
	struct scenario sc;
	struct model m = { &sc, tw->st };
	struct explore_opts eo = *o;
	struct explore_result r;
	struct trace tr;
	char err[1024];

	snprintf(w->scenario, sizeof(w->scenario), "%s", tw->scenario);
	snprintf(w->found, sizeof(w->found), "-");
	w->r = ROW_UNCAUGHT;
	if (!tw->st) {
		snprintf(w->result, sizeof(w->result), "UNCAUGHT: cannot derive: %s", tw->error);
		return 0;
	}
	if (scenario_load(&sc, tw->scenario, err, sizeof(err))) {
		fprintf(stderr, "checker: %s\n", err);
		return -1;
	}
	eo.order = SEARCH_BFS;
	explore_run(&m, &eo, &r);
	switch (r.verdict) {
	case EXPLORE_OK:
		snprintf(w->found, sizeof(w->found), "ok");
		snprintf(w->result, sizeof(w->result), "UNCAUGHT");
		break;
	case EXPLORE_INCOMPLETE:
		snprintf(w->found, sizeof(w->found), "incomplete");
		snprintf(w->result, sizeof(w->result), "incomplete: %s", r.why);
		w->r = ROW_INCOMPLETE;
		break;
	case EXPLORE_VIOLATION:
		snprintf(w->found, sizeof(w->found), "%s %d", r.violated->name, r.len);
		if (strcmp(r.violated->name, tw->property) != 0) {
			snprintf(w->result, sizeof(w->result), "UNCAUGHT: another property");
			break;
		}
		if (trace_replay(&m, NULL, 0, r.schedule, r.len, &tr, err, sizeof(err))) {
			snprintf(w->result, sizeof(w->result), "UNCAUGHT: does not replay: %.100s", err);
			break;
		}
		if (tr.violated != r.violated || tr.len != r.len)
			snprintf(w->result, sizeof(w->result), "UNCAUGHT: the replay disagrees");
		else
			snprintf(w->result, sizeof(w->result), "caught");
		w->r = tr.violated == r.violated && tr.len == r.len ? ROW_CAUGHT : ROW_UNCAUGHT;
		trace_free(&tr);
		break;
	}
	free(r.schedule);
	return 0;
}

int twin_table_run(FILE *f, const struct strategy *only, const struct explore_opts *o)
{
	const struct twin **tws = calloc((size_t)twin_count() + 1, sizeof(*tws));
	struct row *rows = calloc((size_t)twin_count() + 1, sizeof(*rows));
	int wn = 4, wm = 8, ws = 8, we = 8, wf = 5, uncaught = 0, incomplete = 0, rc, n = 0;

	if (!rows || !tws) {
		free(rows);
		free(tws);
		fprintf(f, "INCOMPLETE: out of memory before the first search: no twin table\n");
		return 3;
	}
	for (int i = 0; i < twin_count(); i++)
		if (!only || twin_get(i)->base == only)
			tws[n++] = twin_get(i);
	if (only && n == 0) {
		fprintf(stderr, "checker: --twins: %s has no known-bad twins%s%s\n", only->name,
			only->file && only->file->no_twin ? ": " : "",
			only->file && only->file->no_twin ? only->file->no_twin : "");
		free(rows);
		free(tws);
		return 2;
	}
	for (int i = 0; i < n; i++) {
		const struct twin *tw = tws[i];
		struct row *w = &rows[i];

		if (judge(tw, o, w)) {
			free(rows);
			free(tws);
			return 2;
		}
		uncaught += w->r == ROW_UNCAUGHT;
		incomplete += w->r == ROW_INCOMPLETE;
#define WIDEN(v, s)	do { if ((int)strlen(s) > v) v = (int)strlen(s); } while (0)
		WIDEN(wn, tw->name);
		WIDEN(wm, tw->mutation);
		WIDEN(ws, w->scenario);
		WIDEN(we, tw->property);
		WIDEN(wf, w->found);
#undef WIDEN
	}

	fprintf(f, "Known-bad twins: %d mutation%s of %s (./checker --list names them),\n"
		   "each run on the scenario it must fail.  A twin is caught when the search finds\n"
		   "the property it expects; one that passes, or fails another way, is UNCAUGHT:\n"
		   "a property, the explorer or the mutation is wrong.  Run one alone with\n"
		   "./checker --strategy=TWIN --scenario=SCENARIO.\n\n",
		n, n == 1 ? "" : "s", only ? only->name : "the strategies");
	fprintf(f, "%-*s  %-*s  %-*s  %-*s  %-*s  %s\n", wn, "twin", wm, "mutation", ws, "scenario",
		we, "expected", wf, "found", "result");
	for (int i = 0; i < n; i++) {
		const struct twin *tw = tws[i];
		const struct row *w = &rows[i];

		fprintf(f, "%-*s  %-*s  %-*s  %-*s  %-*s  %s\n", wn, tw->name, wm, tw->mutation,
			ws, w->scenario, we, tw->property, wf, w->found, w->result);
	}
	fputc('\n', f);
	if (incomplete)
		fprintf(f, "INCOMPLETE: %d search%s hit a limit; those twins have no verdict\n",
			incomplete, incomplete == 1 ? "" : "es");
	if (uncaught)
		fprintf(f, "UNCAUGHT: %d of %d twins were not caught with their expected property\n",
			uncaught, n);
	if (!uncaught && !incomplete)
		fprintf(f, "every twin caught with its expected property\n");
	/* A twin found uncaught is a definite failure; a limit only leaves
	 * some twins undecided. */
	rc = uncaught ? 1 : incomplete ? 3 : 0;
	free(rows);
	free(tws);
	return rc;
}
