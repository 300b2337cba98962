/*
 * test_differential.c - the state reduction against no reduction, on
 * scenarios nobody wrote: RANDOM_SCENARIOS random small scenarios (2-4
 * threads, 1-2 pages of 1-3 words, stores, loads, write(2)s and punches mixed),
 * each under every strategy, searched with persistent sets and without
 * any reduction.  Both must give the same verdict, the same property and
 * a counterexample of the same length (persistent sets promise a shortest
 * one once its bounded search has confirmed it).
 *
 * The scenarios come from a fixed seed, so every run checks the same ones;
 * DIFFERENTIAL_SEED=N checks others, and a failure names the seed and the
 * scenario.  Then the same is run with the analysis broken on purpose
 * (FUTURE_BREAK_DATA: other threads' stores and zeroing forgotten): some
 * verdict must differ, or this test could not fail.  (Forgetting a lock,
 * FUTURE_BREAK_ILOCK, changes no verdict here: the write to the block map
 * that decides these races is visible, so the order of two lock takes
 * never hides one; test_ample.c catches that break state by state.)
 */
#include <stdlib.h>
#include <string.h>

#include "../../checker-src/explore.h"
#include "../../model/future.h"
#include "unit.h"
#include "../../checker-src/registry.h"

#if defined(__SANITIZE_ADDRESS__) || defined(DAX_COVERAGE)
/* The plain build runs all of them; the sanitizers' and the coverage
 * build's (-O0, counting every branch) ten times slower searches a tenth. */
#define RANDOM_SCENARIOS	200
#else
#define RANDOM_SCENARIOS	2000
#endif
#define MAX_STATES	300000	/* a search past this is skipped, and counted */

static uint64_t rng;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* Scenario i of the seed's sequence. */
static void random_scenario(struct scenario *sc, int i)
{
	int value = 1, total = 0;

	memset(sc, 0, sizeof(*sc));
	snprintf(sc->name, sizeof(sc->name), "random-%d", i);
	/* Four threads interleave so much more that they are made rarer and
	 * their pages smaller: the test must stay well under a minute. */
	sc->nthreads = 2 + (rnd(20) >= 9) + (rnd(20) >= 17);
	sc->pages = 1 + (int)rnd(2);
	sc->words = 1 + (int)rnd(sc->nthreads == 2 ? 3 : 2);
	for (int t = 0; t < sc->nthreads; t++) {
		struct program *pr = &sc->prog[t];

		/* At most 4 operations in all keeps the unreduced search small. */
		int room = 4 - total - (sc->nthreads - t - 1);

		pr->nops = 1 + (int)rnd((unsigned)(room < 3 ? room : 3));
		total += pr->nops;
		for (int k = 0; k < pr->nops; k++) {
			struct op *op = &pr->ops[k];
			unsigned r = rnd(20);

			op->kind = r < 10 ? OP_STORE : r < 15 ? OP_LOAD : r < 18 ? OP_WRITE : OP_PUNCH;
			op->page = (uint8_t)rnd((unsigned)sc->pages);
			op->word = (uint8_t)rnd((unsigned)sc->words);
			op->value = op->kind == OP_STORE || op->kind == OP_WRITE ? (uint8_t)value++ : 0;
		}
	}
	/* One scenario in four runs a thread in a second process, with its
	 * own page table (`process 1: Tn`). */
	sc->nmm = 1;
	if (rnd(4) == 0) {
		sc->mm[rnd((unsigned)sc->nthreads)] = 1;
		sc->nmm = 2;
	}
}

static void describe(const struct scenario *sc, char *buf, size_t len)
{
	scenario_describe_programs(sc, buf, len);
}

struct tally {
	long runs, skipped, differ, violations;
};

static void compare(struct tally *T, const struct model *m, int quiet)
{
	struct explore_opts a = { 0 }, b;
	struct explore_result ra, rb;
	char buf[512];

	a.order = SEARCH_BFS;
	a.max_states = MAX_STATES;
	a.hash_bits = 12;
	a.reduce = REDUCE_PERSISTENT;
	b = a;
	b.reduce = REDUCE_NONE;
	explore_run(m, &a, &ra);
	explore_run(m, &b, &rb);
	T->runs++;
	if (ra.verdict == EXPLORE_INCOMPLETE || rb.verdict == EXPLORE_INCOMPLETE) {
		T->skipped++;
	} else if (ra.verdict != rb.verdict || ra.violated != rb.violated || ra.len != rb.len ||
		   (ra.verdict == EXPLORE_VIOLATION && ra.stats.reduce == REDUCE_PERSISTENT &&
		    !ra.stats.confirmed)) {
		if (T->differ++ < 5 && !quiet) {
			describe(m->sc, buf, sizeof(buf));
			printf("  seed %llu %s (%d pages x %d words: %s) under %s: persistent %s %d, "
			       "none %s %d\n", (unsigned long long)rng, m->sc->name, m->sc->pages,
			       m->sc->words, buf, m->st->name,
			       ra.violated ? ra.violated->name : "ok", ra.len,
			       rb.violated ? rb.violated->name : "ok", rb.len);
		}
	}
	T->violations += rb.verdict == EXPLORE_VIOLATION;
	free(ra.schedule);
	free(rb.schedule);
}

/* n scenarios from seed, each under every strategy; with `quiet`, only
 * until one differs. */
static void run(struct tally *T, uint64_t seed, int n, int quiet)
{
	static struct scenario sc;

	rng = seed;
	for (int i = 0; i < n && !(quiet && T->differ); i++) {
		random_scenario(&sc, i);
		for (int s = 0; s < strategy_count(); s++)
			compare(T, &(struct model){ &sc, strategy_get(s) }, quiet);
	}
}

int main(void)
{
	uint64_t seed = 0x2015081121482ull;	/* Chinner's reply, 2015-08-11 21:48 */
	struct tally T = { 0 }, B = { 0 };

	if (getenv("DIFFERENTIAL_SEED"))
		seed = strtoull(getenv("DIFFERENTIAL_SEED"), NULL, 0);
	run(&T, seed, RANDOM_SCENARIOS, 0);
	CHECK(T.differ == 0, "%ld of %ld searches differ from the unreduced search", T.differ,
	      T.runs);
	CHECK(T.skipped * 20 < T.runs, "%ld of %ld searches skipped past %d states", T.skipped,
	      T.runs, MAX_STATES);
	CHECK(T.violations * 5 > T.runs && T.violations * 5 < T.runs * 4,
	      "%ld of %ld searches found a violation: the scenarios are too easy or too hard",
	      T.violations, T.runs);
	printf("  %d random scenarios x %d strategies (seed %#llx): %ld searches, %ld violations, "
	       "%ld skipped, all agree\n", RANDOM_SCENARIOS, strategy_count(),
	       (unsigned long long)seed, T.runs, T.violations, T.skipped);

	future_test_break = FUTURE_BREAK_DATA;
	run(&B, seed, RANDOM_SCENARIOS, 1);
	future_test_break = FUTURE_BREAK_NONE;
	CHECK(B.differ > 0, "with block contents taken for private, every verdict still agrees");
	printf("  with block contents taken for private, a verdict differs after %ld searches, "
	       "as it must\n", B.runs);
	return unit_done("test_differential");
}
