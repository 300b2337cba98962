/*
 * matrix.c - the verdict matrix: a row per strategy, a column per
 * scenario, each cell "ok" (exhaustive) or the property violated with
 * the length of a shortest counterexample; then whether two write faults
 * can overlap on one page and on different pages.
 *
 * A cell's expected verdict is stated in the strategy's file (`expect
 * SCENARIO VERDICT`) or in the scenario's (`expect STRATEGY VERDICT`), so
 * that a new strategy or a new scenario is one new file.  A cell that has
 * none, or differs from one, is marked, and after the table one line says
 * which file and line to add or change: never a second table.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../model/scenario.h"
#include "strategy_file.h"
#include "concurrency.h"
#include "interrupt.h"
#include "matrix.h"
#include "scenario_parse.h"
#include "registry.h"
#include "sweep.h"

void matrix_expectations(const struct strategy *st, const struct scenario *sc,
			 struct matrix_expect x[2])
{
	memset(x, 0, 2 * sizeof(x[0]));
	if (st->file) {
		x[0].verdict = strategy_file_expected(st->file, sc->name, &x[0].line);
		x[0].file = st->file->path;
	}
	for (int i = 0; i < sc->nexpect; i++) {
		if (strcmp(sc->expect[i].strategy, st->name) == 0) {
			x[1].verdict = sc->expect[i].verdict;
			x[1].file = sc->path;
			x[1].line = sc->expect[i].line;
		}
	}
}

const char *matrix_expected(const struct strategy *st, const struct scenario *sc)
{
	struct matrix_expect x[2];

	matrix_expectations(st, sc, x);
	if (x[0].verdict && x[1].verdict && strcmp(x[0].verdict, x[1].verdict) != 0)
		return NULL;
	return x[0].verdict ? x[0].verdict : x[1].verdict;
}

enum cell_state { CELL_AS_EXPECTED, CELL_DIFFERS, CELL_UNSTATED, CELL_INCOMPLETE };

struct cell {
	char text[40];
	char got[32];		/* "ok" or the property */
	enum cell_state state;
	char why[128];		/* why its search stopped, if it did */
};

/* Returns 1 if path is a directory, 0 otherwise. */
static int is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/*
 * The scenarios of the matrix into *out (allocated), their count in *n,
 * and what they are in where.  Returns 0, 2 (unreadable: a message on
 * stderr) or 3 (out of memory).
 */
static int read_scenarios(const char *const *args, int nargs, struct scenario **out, int *n,
			  char *where, size_t wlen)
{
	char *names[MATRIX_MAX_SCENARIOS], path[600], err[1024];
	int dir = nargs == 1 && is_dir(args[0]);
	struct scenario *sc;
	int ns, rc = 0, bad;

	*out = NULL;
	*n = 0;
	if (nargs == 0) {
		ns = scenario_shipped_count();
		snprintf(where, wlen, "scenarios/*.dax");
	} else if (dir) {
		ns = scenario_files(args[0], names, MATRIX_MAX_SCENARIOS);
		if (ns == SCENARIO_NOMEM)
			return 3;
		if (ns <= 0) {
			fprintf(stderr, "checker: --matrix: no scenario files (*.dax) in %s\n",
				args[0]);
			return 2;
		}
		snprintf(where, wlen, "%s/*.dax", args[0]);
	} else if (nargs > MATRIX_MAX_SCENARIOS) {
		fprintf(stderr, "checker: --matrix: %d scenario files; at most %d\n", nargs,
			MATRIX_MAX_SCENARIOS);
		return 2;
	} else {
		ns = nargs;
		snprintf(where, wlen, "the file%s given", nargs == 1 ? "" : "s");
	}
	sc = calloc((size_t)ns, sizeof(*sc));
	for (int j = 0; j < ns && sc && !rc; j++) {
		if (nargs == 0) {
			bad = scenario_shipped(&sc[j], j, err, sizeof(err));
		} else if (dir) {
			snprintf(path, sizeof(path), "%s/%s", args[0], names[j]);
			bad = scenario_parse(&sc[j], path, err, sizeof(err));
		} else {
			bad = scenario_parse(&sc[j], args[j], err, sizeof(err));
		}
		if (bad == SCENARIO_NOMEM) {
			rc = 3;
		} else if (bad) {
			fprintf(stderr, "checker: %s\n", err);
			rc = 2;
		}
	}
	for (int j = 0; dir && j < ns; j++)
		free(names[j]);
	if (!sc || rc) {
		free(sc);
		return rc ? rc : 3;
	}
	*out = sc;
	*n = ns;
	return 0;
}

/* Search cell (st, sc) into c, judged against the files' expectations. */
static void run_cell(const struct strategy *st, const struct scenario *sc,
		     const struct explore_opts *o, struct cell *c)
{
	struct model m = { sc, st };
	struct explore_result r;
	struct matrix_expect x[2];
	char refused[400];
	int rc;

	if ((rc = strategy_runs(st, sc, refused, sizeof(refused))) != 0) {
		/* A strategy of one's own without a write path: nothing to
		 * expect of it on a scenario with write(2); one without
		 * MAP_SYNC (every scheme before v4.15): its mmap() fails; one
		 * without a PMD path: nothing to expect on a PMD fault; one without an
		 * invalidate path: nothing to expect on an invalidate. */
		const char *why = rc == STRATEGY_NO_MAP_SYNC ? "no MAP_SYNC" :
				  rc == STRATEGY_NO_PMD ? "no PMD path" :
				  rc == STRATEGY_NO_INVALIDATE ? "no invalidate path" :
				  rc == STRATEGY_NO_HUGE_WRITE ? "no huge invalidation" : "no write path";

		snprintf(c->got, sizeof(c->got), "%s", why);
		snprintf(c->text, sizeof(c->text), "%s", why);
		c->state = CELL_AS_EXPECTED;
		return;
	}
	explore_run(&m, o, &r);
	snprintf(c->got, sizeof(c->got), "%s", r.verdict == EXPLORE_OK ? "ok" :
		 r.verdict == EXPLORE_VIOLATION ? r.violated->name : "incomplete");
	if (r.verdict == EXPLORE_VIOLATION)
		snprintf(c->text, sizeof(c->text), "%s %d", c->got, r.len);
	else
		snprintf(c->text, sizeof(c->text), "%s", c->got);
	free(r.schedule);
	if (r.verdict == EXPLORE_INCOMPLETE) {
		c->state = CELL_INCOMPLETE;
		snprintf(c->why, sizeof(c->why), "%s", r.why);
		return;
	}
	matrix_expectations(st, sc, x);
	c->state = !x[0].verdict && !x[1].verdict ? CELL_UNSTATED : CELL_AS_EXPECTED;
	for (int k = 0; k < 2; k++)
		if (x[k].verdict && strcmp(x[k].verdict, c->got) != 0)
			c->state = CELL_DIFFERS;
	if (c->state != CELL_AS_EXPECTED) {
		size_t l = strlen(c->text);

		snprintf(c->text + l, sizeof(c->text) - l, " %s",
			 c->state == CELL_DIFFERS ? "!" : "?");
	}
}

/* The line that says how to make cell (st, sc) as expected; shipped: sc
 * is a shipped scenario, run by its name. */
static void advice(FILE *f, const struct strategy *st, const struct scenario *sc,
		   const struct cell *c, int shipped)
{
	struct matrix_expect x[2];
	char sel[600];

	matrix_expectations(st, sc, x);
	if (c->state == CELL_UNSTATED) {
		if (st->file)
			fprintf(f, "  %s: no verdict for %s: if %s is right, add the line  "
				"expect %s %s\n", st->file->path, sc->name, c->got, sc->name, c->got);
		else
			fprintf(f, "  %s: no verdict for %s: if %s is right, add the line  "
				"expect %s %s\n", sc->path, st->name, c->got, st->name, c->got);
		return;
	}
	for (int k = 0; k < 2; k++)
		if (x[k].verdict && strcmp(x[k].verdict, c->got) != 0)
			fprintf(f, "  %s:%d: expect %s %s, but the checker finds %s (see it: "
				"./checker --strategy=%s --scenario=%s)\n", x[k].file, x[k].line,
				k ? st->name : sc->name, x[k].verdict, c->text,
				strategy_selector(st, sel, sizeof(sel)), shipped ? sc->name : sc->path);
}

/* What the matrix's tasks share: cells first, then the two concurrency
 * questions of each strategy. */
struct matrix_sweep {
	const struct strategy *const *v;
	int S, ns;
	struct scenario *sc;
	struct cell *cells;
	struct overlap_result *overlap;	/* 2 a strategy: same page, other pages */
	struct explore_opts o;
};

static void matrix_task(void *arg, int k)
{
	struct matrix_sweep *w = arg;
	int cells = w->S * w->ns;

	if (k < cells)
		run_cell(w->v[k / w->ns], &w->sc[k % w->ns], &w->o, &w->cells[k]);
	else
		concurrency_goal(w->v[(k - cells) / 2], &w->o, (k - cells) % 2 == 0,
				 &w->overlap[k - cells]);
}

int matrix_run(FILE *f, const char *const *args, int nargs, const struct strategy *const *v,
	       int S, const struct explore_opts *o, int jobs)
{
	struct scenario *sc;
	struct cell *cells = NULL;
	struct overlap_result *overlap = NULL;
	struct matrix_sweep w;
	int ns, width[MATRIX_MAX_SCENARIOS], rc, differ = 0, unstated = 0, incomplete = 0;
	int namew = 18;
	char why[128] = "";	/* why the first incomplete search stopped */
	char where[600];

	rc = read_scenarios(args, nargs, &sc, &ns, where, sizeof(where));
	if (rc == 3)
		fprintf(f, "INCOMPLETE: out of memory before the first search: no verdict matrix\n");
	if (rc)
		return rc;
	cells = calloc((size_t)ns * (size_t)S, sizeof(*cells));
	overlap = calloc(2 * (size_t)S, sizeof(*overlap));
	if (!cells || !overlap) {
		fprintf(f, "INCOMPLETE: out of memory before the first search: no verdict matrix\n");
		free(sc);
		free(cells);
		free(overlap);
		return 3;
	}
	w = (struct matrix_sweep){ v, S, ns, sc, cells, overlap, sweep_cell_opts(o) };
	sweep_run(jobs, S * ns + 2 * S, matrix_task, &w, o, "matrix");
	for (int k = 0; k < S * ns; k++) {
		differ += cells[k].state == CELL_DIFFERS;
		unstated += cells[k].state == CELL_UNSTATED;
		incomplete += cells[k].state == CELL_INCOMPLETE;
		if (cells[k].state == CELL_INCOMPLETE && !*why)
			snprintf(why, sizeof(why), "%s", cells[k].why);
	}
	for (int i = 0; i < S; i++)
		if ((int)strlen(v[i]->name) > namew)
			namew = (int)strlen(v[i]->name);

	fprintf(f, "Verdict matrix: %d strateg%s x %d scenario%s (%s).  A cell is ok (every\n"
		   "interleaving explored) or the property violated and the length of a shortest\n"
		   "counterexample; ! marks a verdict the files do not expect, ? one they do not\n"
		   "state.  The last two columns: can two write faults be inside their handlers at\n"
		   "once, on the same page / on different pages (./checker --concurrency explains).\n\n",
		S, S == 1 ? "y" : "ies", ns, ns == 1 ? "" : "s", where);
	fprintf(f, "%-*s", namew, "strategy");
	for (int j = 0; j < ns; j++) {
		width[j] = (int)strlen(sc[j].name);
		for (int i = 0; i < S; i++) {
			int l = (int)strlen(cells[i * ns + j].text);

			if (l > width[j])
				width[j] = l;
		}
		fprintf(f, "  %-*s", width[j], sc[j].name);
	}
	fprintf(f, "  %-9s  %s\n", "same-page", "other-pages");
	for (int i = 0; i < S; i++) {
		struct concurrency c = { overlap[2 * i], overlap[2 * i + 1] };

		fprintf(f, "%-*s", namew, v[i]->name);
		for (int j = 0; j < ns; j++)
			fprintf(f, "  %-*s", width[j], cells[i * ns + j].text);
		fprintf(f, "  %-9s  %s\n",
			c.same.answer == OVERLAP_YES ? "yes" : c.same.answer == OVERLAP_NO ? "no" : "?",
			c.other.answer == OVERLAP_YES ? "yes" : c.other.answer == OVERLAP_NO ? "no" : "?");
		if (c.same.answer == OVERLAP_INCOMPLETE || c.other.answer == OVERLAP_INCOMPLETE) {
			incomplete++;
			if (!*why)
				snprintf(why, sizeof(why), "%s",
					 c.same.answer == OVERLAP_INCOMPLETE ? c.same.why : c.other.why);
		}
	}
	fputc('\n', f);
	/* Interrupted, every search after the signal stopped at once: the
	 * table is whole, and its remaining cells say "incomplete". */
	if (interrupt_pending())
		snprintf(why, sizeof(why), "%s", interrupt_why());
	rc = 0;
	if (incomplete) {
		fprintf(f, "INCOMPLETE: %d search%s stopped early (%s); those cells have no verdict\n",
			incomplete, incomplete == 1 ? "" : "es", why);
		rc = 3;
	}
	if (differ || unstated) {
		fprintf(f, "UNEXPECTED: ");
		if (differ)
			fprintf(f, "%d cell%s differ%s from the expected verdict%s", differ,
				differ == 1 ? "" : "s", differ == 1 ? "s" : "", unstated ? ", " : "");
		if (unstated)
			fprintf(f, "%d cell%s no expected verdict", unstated,
				unstated == 1 ? " has" : "s have");
		fprintf(f, ":\n");
		for (int i = 0; i < S; i++)
			for (int j = 0; j < ns; j++)
				if (cells[i * ns + j].state == CELL_DIFFERS ||
				    cells[i * ns + j].state == CELL_UNSTATED)
					advice(f, v[i], &sc[j], &cells[i * ns + j], nargs == 0);
		rc = rc ? rc : 1;
	} else if (!incomplete) {
		fprintf(f, "every cell is what the files expect\n");
	}
	free(sc);
	free(cells);
	free(overlap);
	return rc;
}

/* One cell's command: ./checker --strategy=S --scenario=X, and the
 * sweep's options (extra). */
static void command(FILE *f, const struct strategy *st, const char *scenario, const char *extra)
{
	char sel[600], arg[700];

	fputs("./checker", f);
	snprintf(arg, sizeof(arg), "--strategy=%s", strategy_selector(st, sel, sizeof(sel)));
	sweep_arg(f, arg);
	if (scenario) {
		snprintf(arg, sizeof(arg), "--scenario=%s", scenario);
		sweep_arg(f, arg);
	}
	fprintf(f, "%s\n", extra);
}

void concurrency_commands(FILE *f, const struct strategy *st, const char *extra)
{
	char with[400];

	snprintf(with, sizeof(with), " --property=overlap-same-page%s", extra);
	command(f, st, NULL, with);
	snprintf(with, sizeof(with), " --threads=2 --pages=2 --words=1 "
		 "--property=overlap-other-pages%s", extra);
	command(f, st, NULL, with);
}

int matrix_commands(FILE *f, const char *const *args, int nargs,
		    const struct strategy *const *v, int S, const char *extra)
{
	struct scenario *sc;
	char where[600], path[600];
	int ns, rc = read_scenarios(args, nargs, &sc, &ns, where, sizeof(where));
	int dir = nargs == 1 && is_dir(args[0]);

	if (rc)
		return rc;
	for (int i = 0; i < S; i++) {
		for (int j = 0; j < ns; j++) {
			if (dir)
				snprintf(path, sizeof(path), "%s", sc[j].path);
			command(f, v[i], nargs == 0 ? sc[j].name : dir ? path : args[j], extra);
		}
	}
	for (int i = 0; i < S; i++)
		concurrency_commands(f, v[i], extra);
	free(sc);
	return 0;
}
