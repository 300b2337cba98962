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
#include "../model/twins.h"
#include "trace.h"
#include "twin_table.h"

enum row_result { ROW_CAUGHT, ROW_UNCAUGHT, ROW_INCOMPLETE };

struct row {
	char scenario[64];	/* the file's base name */
	char found[48];		/* "lost-store 13", "ok", "incomplete", "-" */
	char result[160];	/* "caught", "UNCAUGHT...", "incomplete" */
	enum row_result r;
};

/* "scenarios/seed-race.dax" -> "seed-race" */
static void base_name(const char *path, char *buf, size_t len)
{
	const char *b = strrchr(path, '/');
	size_t n;

	b = b ? b + 1 : path;
	n = strlen(b);
	if (n > 4 && strcmp(b + n - 4, ".dax") == 0)
		n -= 4;
	snprintf(buf, len, "%.*s", (int)n, b);
}

/* Judge twin tw into row w.  Returns 0, or -1 if its scenario file is
 * unreadable (a message is on stderr). */
static int judge(const struct twin *tw, const struct explore_opts *o, struct row *w)
{
	struct scenario sc;
	struct model m = { &sc, tw->st };
	struct explore_opts eo = *o;
	struct explore_result r;
	struct trace tr;
	char err[1024];

	base_name(tw->scenario, w->scenario, sizeof(w->scenario));
	snprintf(w->found, sizeof(w->found), "-");
	w->r = ROW_UNCAUGHT;
	if (!tw->st) {
		snprintf(w->result, sizeof(w->result), "UNCAUGHT: cannot derive: %s", tw->error);
		return 0;
	}
	if (scenario_parse(&sc, tw->scenario, err, sizeof(err))) {
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

int twin_table_run(FILE *f, const struct explore_opts *o)
{
	struct row *rows = calloc((size_t)twin_count, sizeof(*rows));
	int wn = 4, wm = 8, ws = 8, we = 8, wf = 5, uncaught = 0, incomplete = 0, rc;

	if (!rows) {
		fprintf(stderr, "checker: out of memory\n");
		return 2;
	}
	for (int i = 0; i < twin_count; i++) {
		const struct twin *tw = twin_get(i);
		struct row *w = &rows[i];

		if (judge(tw, o, w)) {
			free(rows);
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

	fprintf(f, "Known-bad twins: %d mutations of the strategies (./checker --list names them),\n"
		   "each run on the scenario file it must fail.  A twin is caught when the search\n"
		   "finds the property it expects; one that passes, or fails another way, is\n"
		   "UNCAUGHT: a property, the explorer or the mutation is wrong.  Run one alone\n"
		   "with ./checker --strategy=TWIN --scenario=scenarios/SCENARIO.dax.\n\n",
		twin_count);
	fprintf(f, "%-*s  %-*s  %-*s  %-*s  %-*s  %s\n", wn, "twin", wm, "mutation", ws, "scenario",
		we, "expected", wf, "found", "result");
	for (int i = 0; i < twin_count; i++) {
		const struct twin *tw = twin_get(i);
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
			uncaught, twin_count);
	if (!uncaught && !incomplete)
		fprintf(f, "every twin caught with its expected property\n");
	/* A twin found uncaught is a definite failure; a limit only leaves
	 * some twins undecided. */
	rc = uncaught ? 1 : incomplete ? 3 : 0;
	free(rows);
	return rc;
}
