/*
 * test_coverage.c - the explorer's record of executed handler steps: a
 * step is recorded when, and only when, some transition runs it; an
 * exhaustive search records the same steps in either search order and at
 * any table size; and the report's lists follow.
 *
 * Run from the top of the source tree (run_tests.py does).
 */
#include <stdlib.h>
#include <string.h>

#include "../../checker-src/coverage.h"
#include "../../checker-src/matrix.h"
#include "unit.h"
#include "../../checker-src/scenario_parse.h"
#include "../../checker-src/registry.h"

static int step_index(const struct step *t, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return i;
	return -1;
}

static void explore(const struct model *m, enum search_order order, unsigned bits,
		    struct explore_result *r)
{
	struct explore_opts o = { .order = order, .hash_bits = bits };

	explore_run(m, &o, r);
	free(r->schedule);
	r->schedule = NULL;
}

/* The seed race under dax-generic: stores only, so no read fault ever
 * reaches dax_load_hole, and nothing punches. */
static void test_seed_race(void)
{
	struct scenario sc;
	struct model m = { &sc, strategy_find("dax-generic") };
	struct explore_result r;
	char err[128];
	int hole = step_index(m.st->h[H_FAULT].steps, m.st->h[H_FAULT].n, "dax_load_hole");
	int zero = step_index(m.st->h[H_FAULT].steps, m.st->h[H_FAULT].n, "clear_pmem");
	int create = step_index(m.st->h[H_FAULT].steps, m.st->h[H_FAULT].n, "get_block(create=1)");

	scenario_default(&sc, 2, 1, 2, err, sizeof(err));
	explore(&m, SEARCH_BFS, 10, &r);
	CHECK(r.verdict == EXPLORE_VIOLATION, "seed race: verdict %d", r.verdict);
	CHECK(hole >= 0 && !coverage_reached(&r.stats.cover, H_FAULT, hole),
	      "dax_load_hole reached by stores alone");
	CHECK(coverage_reached(&r.stats.cover, H_FAULT, zero) &&
	      coverage_reached(&r.stats.cover, H_FAULT, create), "clear_pmem or get_block(create=1) unreached");
	CHECK(!coverage_reached(&r.stats.cover, H_PUNCH, 0) && !coverage_reached(&r.stats.cover, H_PUNCH, 1),
	      "punch steps reached without a punch");
	CHECK(coverage_exercised(&sc, H_FAULT) && !coverage_exercised(&sc, H_PUNCH), "exercised handlers");

	/* A load makes it reachable: T1 loads the hole. */
	sc.prog[1].ops[0].kind = OP_LOAD;
	explore(&m, SEARCH_BFS, 10, &r);
	CHECK(coverage_reached(&r.stats.cover, H_FAULT, hole), "a load never reached dax_load_hole");
}

/* Returns 1 if two records are the same, 0 otherwise. */
static int same(const struct explore_coverage *a, const struct explore_coverage *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

/* Every strategy against every scenario file: order and table size never
 * change what an exhaustive search executed, and no bit lies past the
 * end of a handler. */
static void test_every_cell(void)
{
	char *names[MATRIX_MAX_SCENARIOS];
	int n = scenario_files("scenarios", names, MATRIX_MAX_SCENARIOS), ok = 0;

	CHECK(n > 5, "%d scenario files", n);
	for (int j = 0; j < n; j++) {
		struct scenario sc;
		char path[512], err[1024];

		snprintf(path, sizeof(path), "scenarios/%s", names[j]);
		if (scenario_parse(&sc, path, err, sizeof(err))) {
			CHECK(0, "%s", err);
			continue;
		}
		for (int s = 0; s < strategy_count(); s++) {
			struct model m = { &sc, strategy_get(s) };
			struct explore_result bfs, dfs, small;

			if (strategy_runs(m.st, &sc, err, sizeof(err)))
				continue;	/* a PMD fault, and no PMD path */

			explore(&m, SEARCH_BFS, 16, &bfs);
			explore(&m, SEARCH_BFS, 4, &small);
			CHECK(same(&bfs.stats.cover, &small.stats.cover),
			      "%s x %s: coverage depends on the table size", names[j], m.st->name);
			for (int h = 0; h < NR_HANDLERS; h++) {
				int len = m.st->h[h].n, past = -1;

				for (int i = len; i < 256 && past < 0; i++)
					if (coverage_reached(&bfs.stats.cover, (enum handler_kind)h, i))
						past = i;
				CHECK(past < 0, "%s x %s: step %d of a %d-step handler reached",
				      names[j], m.st->name, past, len);
				if (!coverage_exercised(&sc, (enum handler_kind)h))
					CHECK(!coverage_reached(&bfs.stats.cover, (enum handler_kind)h, 0),
					      "%s x %s: an unexercised handler reached", names[j],
					      m.st->name);
			}
			if (bfs.verdict != EXPLORE_OK)
				continue;
			explore(&m, SEARCH_DFS, 16, &dfs);
			CHECK(dfs.verdict == EXPLORE_OK && same(&bfs.stats.cover, &dfs.stats.cover),
			      "%s x %s: exhaustive searches in two orders executed different steps",
			      names[j], m.st->name);
			ok++;
		}
		free(names[j]);
	}
	CHECK(ok > 20, "only %d exhaustive cells", ok);
}

int main(void)
{
	test_seed_race();
	test_every_cell();
	return unit_done("test_coverage");
}
