/*
 * reach.h - for the unit tests: every model the checker ships (each
 * scenario file under each strategy and each known-bad twin, and small
 * built-in scenarios), and every state each can reach, up to a bound.
 *
 * reach_all() calls visit(m, pk, s, arg) once per reachable state, in
 * breadth-first order, with its own exact visited set, independent of
 * checker-src/explore.c, so that the tests of the explorer's parts do not
 * lean on the explorer.
 */
#ifndef DAX_REACH_H
#define DAX_REACH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../checker-src/matrix.h"
#include "../../checker-src/visited.h"
#include "../../model/exec.h"
#include "../../model/footprint.h"
#include "../../model/pack.h"
#include "../../model/twins.h"
#include "unit.h"
#include "../../checker-src/scenario_parse.h"
#include "../../checker-src/registry.h"

#define REACH_MAX	200000	/* states per model */

typedef void (*reach_fn)(const struct model *m, const struct pack *pk,
			 const struct state *s, void *arg);

/* Every state of m, up to REACH_MAX.  Returns the number visited. */
static inline long reach_model(const struct model *m, reach_fn visit, void *arg)
{
	struct budget b = { 0 };
	struct visited v;
	struct pack pk;
	struct state s;
	unsigned char *buf;
	uint32_t idx;
	long n = 0;

	pack_init(&pk, m->sc);
	buf = malloc(pk.bytes);
	if (!buf || visited_init(&v, pk.bytes, 16, REACH_MAX, &b, 0)) {
		CHECK(0, "reach: out of memory");
		free(buf);
		return 0;
	}
	state_init(&s, m->sc);
	pack_state(&pk, &s, buf);
	visited_insert(&v, buf, pack_hash(buf, pk.bytes), &idx);
	for (uint32_t i = 0; i < v.n; i++, n++) {
		unpack_state(&pk, visited_state(&v, i), &s);
		visit(m, &pk, &s, arg);
		for (int t = 0; t < m->sc->nthreads; t++) {
			struct state next = s;
			struct effect e;

			if (!exec_enabled(m, &s, t))
				continue;
			exec_step(m, &next, t, &e);
			pack_state(&pk, &next, buf);
			visited_insert(&v, buf, pack_hash(buf, pk.bytes), &idx);
		}
	}
	visited_free(&v);
	free(buf);
	return n;
}

/* Every scenario file of dir under every strategy.  Returns the number of
 * models; at least `least` files must be there. */
static inline int reach_dir(const char *dir, int least, reach_fn visit, void *arg)
{
	char *names[MATRIX_MAX_SCENARIOS];
	int n = scenario_files(dir, names, MATRIX_MAX_SCENARIOS), models = 0;
	static struct scenario sc;
	char path[512], err[1024];

	CHECK(n >= least, "%d scenario files in %s", n, dir);
	for (int j = 0; j < n; j++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[j]);
		CHECK(scenario_parse(&sc, path, err, sizeof(err)) == 0, "%s", err);
		for (int s = 0; s < strategy_count(); s++) {
			/* a strategy without a write or PMD path refuses it,
			 * and a scheme without MAP_SYNC never runs map-sync:
			 * its mmap() fails (strategy_runs) */
			if (strategy_runs(strategy_get(s), &sc, err, sizeof(err)))
				continue;
			reach_model(&(struct model){ &sc, strategy_get(s) }, visit, arg);
			models++;
		}
		free(names[j]);
	}
	return models;
}

/* Every scenario file (the shipped ones, and the boundary cases of
 * tests/boundary/: a punch of page 1, a thread of 8 operations over 8
 * pages, store values at the packing's limits) under every strategy,
 * every twin on its scenario and the built-in scenario with 3 threads on
 * 1 and 2 pages of 3 words.  Returns the number of models. */
static inline int reach_all(reach_fn visit, void *arg)
{
	int models = reach_dir("scenarios", 6, visit, arg) + reach_dir("tests/boundary", 7, visit, arg);
	static struct scenario sc;
	char err[1024];

	for (int i = 0; i < twin_count(); i++) {
		const struct twin *tw = twin_get(i);

		if (!tw->st || scenario_load(&sc, tw->scenario, err, sizeof(err))) {
			CHECK(0, "twin %s: %s", tw->name, tw->st ? err : tw->error);
			continue;
		}
		reach_model(&(struct model){ &sc, tw->st }, visit, arg);
		models++;
	}
	for (int pages = 1; pages <= 2; pages++) {
		CHECK(scenario_default(&sc, 3, pages, 3, err, sizeof(err)) == 0, "%s", err);
		for (int s = 0; s < strategy_count(); s++, models++)
			reach_model(&(struct model){ &sc, strategy_get(s) }, visit, arg);
	}
	return models;
}

#endif
