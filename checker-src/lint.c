/*
 * lint.c - `--lint FILE...`: what a strategy's author wants to know before
 * a search, each defect as "file:line: what".
 *
 * Loading the file already checks its syntax and its tables (the same
 * strategy_validate() every strategy goes through: a lock released that
 * is not held, a handler that can return holding one, ...).  Lint adds
 * what is not wrong in itself but is dead weight or untested: a step no
 * path reaches, a step no interleaving of the shipped scenarios runs (its
 * file may say why, with `unreached HANDLER LABEL REASON`), and a twin
 * that cannot be derived.  The coverage comes from an exhaustive search of
 * each shipped scenario that judges no property, so that a violation does
 * not stop it short.
 */
#include <stdlib.h>
#include <string.h>

#include "../model/scenario.h"
#include "strategy_file.h"
#include "coverage.h"
#include "lint.h"
#include "scenario_parse.h"
#include "registry.h"


/* The `unreached` line of f for step i of handler h, or NULL. */
static const struct strategy_unreached *excused(const struct strategy_file *f, int h, int i)
{
	for (int k = 0; k < f->nunreached; k++)
		if ((int)f->unreached[k].h == h && f->unreached[k].step == i)
			return &f->unreached[k];
	return NULL;
}

/*
 * Which steps of st run over the shipped scenarios, into ran[h][i].
 * Returns 0, or -1 if a search was incomplete (*why says why).
 */
static int coverage(const struct strategy *st, const struct explore_opts *o,
		    unsigned char ran[NR_HANDLERS][256], char *why, size_t whylen)
{
	static const struct property *none[1];
	char err[1024];

	memset(ran, 0, NR_HANDLERS * 256);
	for (int j = 0; j < scenario_shipped_count(); j++) {
		struct scenario sc;
		struct model m = { &sc, st };
		struct explore_opts eo = *o;
		struct explore_result r;

		if (scenario_shipped(&sc, j, err, sizeof(err))) {
			snprintf(why, whylen, "%s", err);
			return -1;
		}
		if (strategy_runs(st, &sc, err, sizeof(err)))
			continue;	/* write(2) or a PMD fault, and no path to run it */
		eo.props = none;
		eo.nprops = 0;
		explore_run(&m, &eo, &r);
		free(r.schedule);
		if (r.verdict == EXPLORE_INCOMPLETE) {
			snprintf(why, whylen, "%s: %s", sc.path, r.why);
			return -1;
		}
		for (int h = 0; h < NR_HANDLERS; h++)
			for (int i = 0; i < 256; i++)
				ran[h][i] |= (unsigned char)coverage_reached(&r.stats.cover,
									    (enum handler_kind)h, i);
	}
	return 0;
}

/* Lint one file.  Returns 0 good, 2 defects found, 3 incomplete. */
static int lint_one(FILE *out, const char *path, const struct explore_opts *o)
{
	const struct strategy *st;
	const struct strategy_file *f;
	unsigned char reach[NR_HANDLERS][256], ran[NR_HANDLERS][256];
	char err[1024], why[1400];
	int nomem, bad = 0, twins = 0, nexp = 0;

	st = strategy_load(path, err, sizeof(err), &nomem);
	if (!st) {
		fprintf(stderr, "%s\n", err);
		return nomem ? 3 : 2;
	}
	f = st->file;
	if (strategy_paths(st, reach, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);	/* validated on load: cannot happen */
		return 2;
	}
	for (int h = 0; h < NR_HANDLERS; h++) {
		const struct step *t = st->h[h].steps;
		int n = st->h[h].n;

		for (int i = 0; i < n; i++) {
			if (reach[h][i])
				continue;
			fprintf(stderr, "%s:%d: %s step %s (%s) is on no path: no way through the "
				"handler reaches it with its conditions holding\n", path,
				f->line[h][i], strategy_handler_names[h], f->label[h][i], t[i].name);
			bad = 1;
		}
	}
	for (int i = 0; i < twin_count(); i++) {
		const struct twin *tw = twin_get(i);

		if (tw->base != st)
			continue;
		twins++;
		if (tw->error) {
			fprintf(stderr, "%s\n", tw->error);
			bad = 1;
		}
	}
	if (bad)
		return 2;
	if (coverage(st, o, ran, why, sizeof(why))) {
		fprintf(stderr, "%s: coverage over the shipped scenarios incomplete: %s\n", path,
			why);
		return 3;
	}
	for (int h = 0; h < NR_HANDLERS; h++) {
		const struct step *t = st->h[h].steps;
		int n = st->h[h].n;

		for (int i = 0; i < n; i++) {
			const struct strategy_unreached *u = excused(f, h, i);

			if (!ran[h][i] && !u) {
				fprintf(stderr, "%s:%d: %s step %s (%s) runs in no interleaving of the "
					"shipped scenarios: add a scenario that runs it, or say why "
					"with 'unreached %s %s REASON'\n", path, f->line[h][i],
					strategy_handler_names[h], f->label[h][i], t[i].name, strategy_handler_names[h],
					f->label[h][i]);
				bad = 1;
			} else if (ran[h][i] && u) {
				fprintf(stderr, "%s:%d: unreached %s %s, but a shipped scenario runs "
					"it: remove the line\n", path, u->line, strategy_handler_names[h],
					f->label[h][i]);
				bad = 1;
			}
		}
	}
	if (bad)
		return 2;
	for (int j = 0; j < scenario_shipped_count(); j++) {
		struct scenario sc;

		if (scenario_shipped(&sc, j, err, sizeof(err)) == 0 &&
		    strategy_file_expected(f, sc.name, NULL))
			nexp++;
	}
	if (st->h[H_INVALIDATE].n)
		fprintf(out, "%s: strategy %s: %d fault, %d punch, %d fsync, %d write and %d "
			"invalidate steps, %d lock%s: ok\n", path, st->name, st->h[H_FAULT].n,
			st->h[H_PUNCH].n, st->h[H_FSYNC].n, st->h[H_WRITE].n,
			st->h[H_INVALIDATE].n, f->nlocks, f->nlocks == 1 ? "" : "s");
	else if (st->h[H_PMD].n)
		fprintf(out, "%s: strategy %s: %d fault, %d punch, %d fsync, %d write and %d "
			"pmd_fault steps, %d lock%s: ok\n", path, st->name, st->h[H_FAULT].n,
			st->h[H_PUNCH].n, st->h[H_FSYNC].n, st->h[H_WRITE].n, st->h[H_PMD].n,
			f->nlocks, f->nlocks == 1 ? "" : "s");
	else
		fprintf(out, "%s: strategy %s: %d fault, %d punch, %d fsync and %d write steps, "
			"%d lock%s: ok\n", path, st->name, st->h[H_FAULT].n, st->h[H_PUNCH].n,
			st->h[H_FSYNC].n, st->h[H_WRITE].n, f->nlocks, f->nlocks == 1 ? "" : "s");
	fprintf(out, "  every path releases every lock it takes; every step is on a path\n");
	fprintf(out, "  every step runs in some interleaving of the %d shipped scenarios%s\n",
		scenario_shipped_count(), f->nunreached ? " (but those its file excuses)" : "");
	if (twins)
		fprintf(out, "  %d known-bad twin%s derive%s (./checker --twins --strategy=%s runs "
			"them)\n", twins, twins == 1 ? "" : "s", twins == 1 ? "s" : "", path);
	else
		fprintf(out, "  no known-bad twin%s%s\n", f->no_twin ? ": " : "",
			f->no_twin ? f->no_twin : "");
	fprintf(out, "  expected verdicts for %d of the %d shipped scenarios (./checker --matrix "
		"--strategy=%s checks them)\n", nexp, scenario_shipped_count(), path);
	return 0;
}

int lint_files(FILE *f, const char *const *files, int n, const struct explore_opts *o)
{
	int rc = 0;

	for (int i = 0; i < n; i++) {
		int r = lint_one(f, files[i], o);

		if (r == 2 || (r == 3 && rc == 0))
			rc = r;
	}
	return rc;
}
