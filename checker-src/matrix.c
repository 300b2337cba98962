/*
 * matrix.c - the verdict matrix: a row per strategy, a column per
 * scenario file, each cell "ok" (exhaustive) or the property violated with
 * the length of a shortest counterexample; then whether two write faults
 * can overlap on one page and on different pages.  A cell that differs
 * from the file's `expect` line is marked, and the run fails.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../model/scenario.h"
#include "concurrency.h"
#include "interrupt.h"
#include "matrix.h"

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int matrix_scenario_files(const char *dir, char **names, int max)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (!d)
		return errno == ENOMEM ? MATRIX_NOMEM : -1;
	while ((de = readdir(d)) && n < max) {
		size_t l = strlen(de->d_name);
		char *copy;

		if (l <= 4 || strcmp(de->d_name + l - 4, ".dax") != 0)
			continue;
		copy = malloc(l + 1);
		if (!copy) {
			/* Fewer columns would be a wrong matrix: none at all. */
			while (n > 0)
				free(names[--n]);
			closedir(d);
			return MATRIX_NOMEM;
		}
		memcpy(copy, de->d_name, l + 1);
		names[n++] = copy;
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), compare_names);
	return n;
}

struct cell {
	char text[40];
	int mismatch;		/* differs from (or has no) expectation */
	int incomplete;
};

int matrix_run(FILE *f, const char *dir, const struct explore_opts *o)
{
	char *names[MATRIX_MAX_SCENARIOS];
	struct scenario *sc;
	struct cell *cells;
	int ns, width[MATRIX_MAX_SCENARIOS], rc = 0, mismatches = 0, incomplete = 0;
	char why[128] = "";	/* why the first incomplete search stopped */
	int S = strategy_count;

	ns = matrix_scenario_files(dir, names, MATRIX_MAX_SCENARIOS);
	sc = ns > 0 ? calloc((size_t)ns, sizeof(*sc)) : NULL;
	cells = ns > 0 ? calloc((size_t)ns * (size_t)S, sizeof(*cells)) : NULL;
	if (ns == MATRIX_NOMEM || (ns > 0 && (!sc || !cells))) {
		fprintf(f, "INCOMPLETE: out of memory before the first search: no verdict matrix\n");
		rc = 3;
		goto out;
	}
	if (ns <= 0) {
		fprintf(stderr, "checker: --matrix: no scenario files (*.dax) in %s\n", dir);
		return 2;
	}
	for (int j = 0; j < ns; j++) {
		char path[512], err[1024];
		int bad;

		snprintf(path, sizeof(path), "%s/%s", dir, names[j]);
		bad = scenario_parse(&sc[j], path, err, sizeof(err));
		if (bad == SCENARIO_NOMEM) {
			fprintf(f, "INCOMPLETE: out of memory before the first search: no verdict matrix\n");
			rc = 3;
			goto out;
		}
		if (bad) {
			fprintf(stderr, "checker: %s\n", err);
			rc = 2;
			goto out;
		}
	}
	for (int i = 0; i < S; i++) {
		for (int j = 0; j < ns; j++) {
			struct cell *c = &cells[i * ns + j];
			struct model m = { &sc[j], strategy_all[i] };
			struct explore_opts eo = *o;
			struct explore_result r;
			const char *want = scenario_expected(&sc[j], strategy_all[i]->name);
			const char *got;

			eo.order = SEARCH_BFS;
			explore_run(&m, &eo, &r);
			got = r.verdict == EXPLORE_OK ? "ok" :
			      r.verdict == EXPLORE_VIOLATION ? r.violated->name : "incomplete";
			if (r.verdict == EXPLORE_VIOLATION)
				snprintf(c->text, sizeof(c->text), "%s %d", got, r.len);
			else
				snprintf(c->text, sizeof(c->text), "%s", got);
			c->incomplete = r.verdict == EXPLORE_INCOMPLETE;
			if (c->incomplete && !*why)
				snprintf(why, sizeof(why), "%s", r.why);
			c->mismatch = !c->incomplete && (!want || strcmp(want, got) != 0);
			if (c->mismatch) {
				size_t l = strlen(c->text);

				snprintf(c->text + l, sizeof(c->text) - l, " !");
			}
			mismatches += c->mismatch;
			incomplete += c->incomplete;
			free(r.schedule);
		}
	}

	fprintf(f, "Verdict matrix: %d strategies x %d scenarios (%s/*.dax).  A cell is ok (every\n"
		   "interleaving explored) or the property violated and the length of a shortest\n"
		   "counterexample; ! marks a verdict the scenario file does not expect.  The last\n"
		   "two columns: can two write faults be inside their handlers at once, on the\n"
		   "same page / on different pages (./checker --concurrency explains).\n\n",
		S, ns, dir);
	fprintf(f, "%-18s", "strategy");
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
		struct concurrency c;

		concurrency_run(strategy_all[i], o, &c);
		fprintf(f, "%-18s", strategy_all[i]->name);
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
	if (incomplete) {
		fprintf(f, "INCOMPLETE: %d search%s stopped early (%s); those cells have no verdict\n",
			incomplete, incomplete == 1 ? "" : "es", why);
		rc = 3;
	}
	if (mismatches) {
		fprintf(f, "UNEXPECTED: %d cell%s differ%s from the scenario files' expect lines\n",
			mismatches, mismatches == 1 ? "" : "s", mismatches == 1 ? "s" : "");
		rc = rc ? rc : 1;
	} else if (!incomplete) {
		fprintf(f, "every cell is what its scenario file expects\n");
	}
out:
	for (int j = 0; j < ns; j++)
		free(names[j]);
	free(sc);
	free(cells);
	return rc;
}
