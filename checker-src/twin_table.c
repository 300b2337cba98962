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
#include "outfile.h"
#include "sweep.h"
#include "twin_table.h"
#include "scenario_parse.h"
#include "registry.h"

enum row_result { ROW_CAUGHT, ROW_UNCAUGHT, ROW_INCOMPLETE };

struct row {
	char scenario[64];	/* the file's base name */
	char found[48];		/* "lost-store 13", "ok", "incomplete", "-" */
	char result[160];	/* "caught", "UNCAUGHT...", "incomplete" */
	enum row_result r;
	char unreadable[1024];	/* why its scenario cannot be read, or "" */
};

/* Judge twin tw into row w (its unreadable says if the scenario could
 * not be read). */
static void judge(const struct twin *tw, const struct explore_opts *o, struct row *w)
{
	struct scenario sc;
	struct model m = { &sc, tw->st };
	struct explore_result r;
	struct trace tr;
	char err[1024];

	snprintf(w->scenario, sizeof(w->scenario), "%s", tw->scenario);
	snprintf(w->found, sizeof(w->found), "-");
	w->r = ROW_UNCAUGHT;
	if (!tw->st) {
		snprintf(w->result, sizeof(w->result), "UNCAUGHT: cannot derive: %s", tw->error);
		return;
	}
	if (scenario_load(&sc, tw->scenario, err, sizeof(err))) {
		snprintf(w->unreadable, sizeof(w->unreadable), "%s", err);
		return;
	}
	if (strategy_runs(tw->st, &sc, err, sizeof(err))) {
		snprintf(w->result, sizeof(w->result), "UNCAUGHT: %.140s", err);
		return;
	}
	explore_run(&m, o, &r);
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
}

/* The message for --twins --strategy=S of a strategy without twins. */
static void no_twins(const struct strategy *st)
{
	fprintf(stderr, "checker: --twins: %s has no known-bad twins%s%s\n", st->name,
		st->file && st->file->no_twin ? ": " : "",
		st->file && st->file->no_twin ? st->file->no_twin : "");
}

/* The sweep's tasks: one twin each. */
struct twin_sweep {
	const struct twin **tws;
	struct row *rows;
	struct explore_opts o;
};

static void twin_task(void *arg, int i)
{
	struct twin_sweep *s = arg;

	judge(s->tws[i], &s->o, &s->rows[i]);
}

int twin_table_run(FILE *f, const struct strategy *only, const struct explore_opts *o,
		   int jobs)
{
	struct twin_sweep sweep;
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
		no_twins(only);
		free(rows);
		free(tws);
		return 2;
	}
	sweep = (struct twin_sweep){ tws, rows, sweep_cell_opts(o) };
	sweep_run(jobs, n, twin_task, &sweep, o, "twins");
	for (int i = 0; i < n; i++) {
		const struct twin *tw = tws[i];
		struct row *w = &rows[i];

		if (w->unreadable[0]) {
			fprintf(stderr, "checker: %s\n", w->unreadable);
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

int twin_table_commands(FILE *f, const struct strategy *only, const char *extra)
{
	char sel[OUTFILE_PATH_MAX + 64], arg[OUTFILE_PATH_MAX + 80];
	int n = 0;

	for (int i = 0; i < twin_count(); i++)
		n += !only || twin_get(i)->base == only;
	if (!n) {
		no_twins(only);
		return 2;
	}
	for (int i = 0; i < twin_count(); i++) {
		const struct twin *tw = twin_get(i);

		if (only && tw->base != only)
			continue;
		fputs("./checker", f);
		snprintf(arg, sizeof(arg), "--strategy=%s",
			 tw->st ? strategy_selector(tw->st, sel, sizeof(sel)) : tw->name);
		sweep_arg(f, arg);
		snprintf(arg, sizeof(arg), "--scenario=%s", tw->scenario);
		sweep_arg(f, arg);
		fprintf(f, "%s\n", extra);
	}
	return 0;
}
