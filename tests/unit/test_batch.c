/*
 * test_batch.c - the breadth-first search's batch size never changes its
 * answer.  Every shipped scenario under every strategy, and every twin on
 * its scenario, is searched with the default batch (4096 states) and with
 * batches of 1 and 3 states, without reduction, with sleep sets and with
 * persistent sets: the verdict, the property, the counterexample and the
 * counts of states and transitions must all agree.
 *
 * With the default batch these small models rarely meet a state that an
 * earlier batch of the same level stored: a level is one batch, so every
 * successor still to be stored is looked up before the merge stores it.
 * With a batch of one state, every successor a sibling stored first is
 * found by the lookup instead: the other of explore.c's two ways to judge
 * a step into a state already stored, which must judge it the same.
 */
#include <stdlib.h>
#include <string.h>

#include "../../checker-src/explore.h"
#include "unit.h"
#include "../../checker-src/matrix.h"
#include "../../checker-src/scenario_parse.h"
#include "../../checker-src/registry.h"

#define MAX_STATES	40000	/* a larger search stops here, alike for every batch */

static const enum explore_reduce reductions[] = { REDUCE_NONE, REDUCE_POR, REDUCE_PERSISTENT };
static const char *const reduce_name[] = { "none", "sleep", "persistent" };
static const uint32_t batches[] = { 1, 3 };

static int searches, violations;

/* The fields of a result the batch size must not change. */
static int same(const struct explore_result *a, const struct explore_result *b)
{
	return a->verdict == b->verdict && a->violated == b->violated && a->len == b->len &&
	       (!a->len || memcmp(a->schedule, b->schedule, (size_t)a->len) == 0) &&
	       a->stats.states == b->stats.states && a->stats.transitions == b->stats.transitions &&
	       a->stats.max_depth == b->stats.max_depth && a->stats.reexpanded == b->stats.reexpanded;
}

static void check_model(const struct model *m, const char *name)
{
	for (size_t r = 0; r < sizeof(reductions) / sizeof(reductions[0]); r++) {
		struct explore_opts o = { .order = SEARCH_BFS, .max_states = MAX_STATES,
					  .hash_bits = 12, .reduce = reductions[r] };
		struct explore_result want;

		explore_run(m, &o, &want);
		searches++;
		violations += want.verdict == EXPLORE_VIOLATION;
		for (size_t b = 0; b < sizeof(batches) / sizeof(batches[0]); b++) {
			struct explore_result got;

			o.batch = batches[b];
			explore_run(m, &o, &got);
			CHECK(same(&want, &got),
			      "%s, reduce %s: batches of %u give verdict %d %s in %d steps, %llu states, "
			      "%llu transitions; batches of 4096 give verdict %d %s in %d steps, %llu states, "
			      "%llu transitions", name, reduce_name[r], batches[b], got.verdict,
			      got.violated ? got.violated->name : "-", got.len,
			      (unsigned long long)got.stats.states, (unsigned long long)got.stats.transitions,
			      want.verdict, want.violated ? want.violated->name : "-", want.len,
			      (unsigned long long)want.stats.states,
			      (unsigned long long)want.stats.transitions);
			free(got.schedule);
		}
		free(want.schedule);
	}
}

int main(void)
{
	char *names[MATRIX_MAX_SCENARIOS];
	int n = scenario_files("scenarios", names, MATRIX_MAX_SCENARIOS);
	static struct scenario sc;
	char path[512], err[1024], name[600];

	CHECK(n >= 6, "%d scenario files in scenarios/", n);
	for (int j = 0; j < n; j++) {
		snprintf(path, sizeof(path), "scenarios/%s", names[j]);
		CHECK(scenario_parse(&sc, path, err, sizeof(err)) == 0, "%s", err);
		for (int s = 0; s < strategy_count(); s++) {
			/* a strategy without a write, MAP_SYNC or PMD path
			 * refuses the scenario (strategy_runs): no model */
			if (strategy_runs(strategy_get(s), &sc, err, sizeof(err)))
				continue;
			snprintf(name, sizeof(name), "%s on %s", strategy_get(s)->name, names[j]);
			check_model(&(struct model){ &sc, strategy_get(s) }, name);
		}
		free(names[j]);
	}
	for (int i = 0; i < twin_count(); i++) {
		const struct twin *tw = twin_get(i);

		if (!tw->st || scenario_load(&sc, tw->scenario, err, sizeof(err))) {
			CHECK(0, "twin %s: %s", tw->name, tw->st ? err : tw->error);
			continue;
		}
		check_model(&(struct model){ &sc, tw->st }, tw->name);
	}
	/* Else the test could not fail where it matters. */
	CHECK(violations >= searches / 4, "only %d of %d searches found a violation",
	      violations, searches);
	return unit_done("test_batch");
}
