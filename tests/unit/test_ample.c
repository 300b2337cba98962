/*
 * test_ample.c - unit tests of model/ample.c and model/future.c: the
 * conditions the state reduction rests on, checked by brute force.
 *
 * For every model the checker ships (reach.h) and a sample of each one's
 * reachable states s without a violation (the search stops at one, and
 * expands no state that has one), wherever ample_choose() takes one thread t's step a
 * alone, every state x reachable from s by steps of the other threads only
 * (t never moves) and every step c another thread can take there are
 * checked:
 *   - the future: c's footprint is inside the footprint future_fixpoint()
 *     gave its thread in s, with t frozen;
 *   - persistence: a is enabled in x, c and a are still enabled after each
 *     other, both orders reach the same state, and each step's judgement
 *     by the step properties is the same either way;
 *   - no healing: if x violates a state property (or use-after-free's
 *     state half), so does a(x);
 *   - the proviso: a moves t forward, or it is a fault handler's return
 *     and t's access lands in every such x.
 * Two checks reach where the shipped models do not: a strategy written
 * for this test, tests/ample/keeps-hole-page.strategy, whose write fault
 * leaves the hole page mapped and faults again for ever (the one model in
 * which a store retried over the hole page never lands though no PTE is
 * ever zapped), and a state built by hand in which a store through a
 * stale PTE would heal a lost store (shared_block()).
 * The same is run with the overlap goals judged (AMPLE_OVERLAP).  Then
 * future_test_break breaks the analysis on purpose (the allocation lock,
 * or block contents, taken for private), and the same checks must fail:
 * they can.
 */
#include <stdlib.h>
#include <string.h>

#include "../../checker-src/property.h"
#include "../../model/ample.h"
#include "reach.h"
#include "../../checker-src/scenario_parse.h"
#include "../../checker-src/registry.h"

/* States checked per model, evenly spread: every one with the five
 * properties; fewer with the overlap goals, and under the sanitizers. */
#ifdef __SANITIZE_ADDRESS__
#define SAMPLE		300
#define SAMPLE_OVERLAP	300
#else
#define SAMPLE		(REACH_MAX + 1)
#define SAMPLE_OVERLAP	2000
#endif
#define INNER_MAX	4000	/* states of one inner search */

struct tally {
	long checked, singles, inner, wrong;
	int flags, quiet;
	struct future_memo *fm;
	/* The model's states, gathered first. */
	unsigned char *states;
	long n, cap;
	size_t bytes;
};

static void gather(const struct model *m, const struct pack *pk, const struct state *s,
		   void *arg)
{
	struct tally *t = arg;

	(void)m;
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 1024;
		t->states = realloc(t->states, (size_t)t->cap * pk->bytes);
		if (!t->states)
			abort();
	}
	pack_state(pk, s, t->states + (size_t)t->n++ * pk->bytes);
	t->bytes = pk->bytes;
}

static void fail(struct tally *t, const struct model *m, const struct state *s, int a, int c,
		 const char *what)
{
	char na[64], nc[64];

	if (t->wrong++ < 5 && !t->quiet)
		printf("  %s x %s: T%d %s taken alone, T%d %s: %s\n", m->sc->name, m->st->name,
		       a, exec_step_name(m, s, a, na, sizeof(na)), c,
		       exec_step_name(m, s, c, nc, sizeof(nc)), what);
}

/* Returns 1 if every bit of x is in y. */
static int inside(const uint64_t *x, const uint64_t *y)
{
	for (int i = 0; i < FP_WORDS; i++)
		if (x[i] & ~y[i])
			return 0;
	return 1;
}

/* A violated state property of s (use-after-free's state half included),
 * or NULL. */
static const struct property *bad(const struct model *m, const struct state *s, int flags)
{
	const struct property *p = property_check(property_all, property_count, m, s, NULL, 1);
	static const struct property *goals[] = { &property_overlap_same, &property_overlap_other };

	if (!p && (flags & AMPLE_OVERLAP))
		p = property_check(goals, 2, m, s, NULL, 1);
	return p;
}

/* The first step property violated by e into s, or NULL; &state_decides
 * if the state reached violates one whatever the step was (a state's own
 * violations are what `heals a violation' checks). */
static const char state_decides;

static const void *verdict(const struct model *m, const struct state *s, const struct effect *e)
{
	if (property_check(property_all, property_count, m, s, NULL, 0))
		return &state_decides;
	return property_check(property_all, property_count, m, s, e, 0);
}

/* Returns 1 if two verdicts on the same step disagree. */
static int differ(const void *x, const void *y)
{
	return x != y && x != &state_decides && y != &state_decides;
}

static int is_block(uint8_t pte)
{
	return pte != PTE_NONE && pte != PTE_HOLE;
}

/* Returns 1 if thread t's access lands on the PTE of x. */
static int lands_in(const struct model *m, const struct state *x, int t)
{
	const struct op *op = &m->sc->prog[t].ops[x->t[t].ip];
	uint8_t pte = x->pte[m->sc->mm[t]][op->page];

	return op->kind == OP_STORE ? is_block(pte) : pte != PTE_NONE;
}

/* Everything reachable from s with thread a frozen, checked against a. */
static void check_state(struct tally *T, const struct model *m, const struct pack *pk,
			const struct state *s, int a)
{
	struct footprint fut[MAX_THREADS];
	struct state sa = *s, x;
	struct effect ea;
	struct budget b = { 0 };
	struct visited v;
	unsigned char *buf = malloc(pk->bytes);
	uint32_t idx;
	int fwd;

	exec_step(m, &sa, a, &ea);
	fwd = sa.t[a].ip > s->t[a].ip || (s->t[a].pc == PC_USER && sa.t[a].pc != PC_USER) ||
	      (sa.t[a].pc != PC_USER && s->t[a].pc != PC_USER &&
	       (sa.t[a].pc > s->t[a].pc || (sa.t[a].pc == s->t[a].pc && sa.t[a].zpos > s->t[a].zpos)));
	if (!fwd && ea.returned != RET_RETRY)
		fail(T, m, s, a, a, "a back edge taken alone");
	if (future_fixpoint(T->fm, m, s, 1u << a, fut, NULL)) {
		fail(T, m, s, a, a, "the futures it was chosen by cannot be enumerated");
		free(buf);
		return;
	}
	if (!buf || visited_init(&v, pk->bytes, 10, INNER_MAX, &b, 0)) {
		CHECK(0, "out of memory");
		free(buf);
		return;
	}
	pack_state(pk, s, buf);
	visited_insert(&v, buf, pack_hash(buf, pk->bytes), &idx);
	for (uint32_t i = 0; i < v.n; i++) {
		struct state xa;
		struct effect e;

		unpack_state(pk, visited_state(&v, i), &x);
		T->inner++;
		if (!exec_enabled(m, &x, a)) {
			fail(T, m, &x, a, a, "no longer enabled after the others' steps");
			continue;
		}
		if (!fwd && !lands_in(m, &x, a))
			fail(T, m, &x, a, a, "a return taken alone whose access may fault again");
		xa = x;
		exec_step(m, &xa, a, &e);
		if (bad(m, &x, T->flags) && !bad(m, &xa, T->flags))
			fail(T, m, &x, a, a, "heals a violation");
		for (int c = 0; c < m->sc->nthreads; c++) {
			struct state xc = x, xac, xca;
			struct effect ec, eac, eca, e2;
			struct footprint fc;

			if (c == a || !exec_enabled(m, &x, c))
				continue;
			footprint_semantic(m, &x, c, &fc);
			if (!inside(fc.read, fut[c].read) || !inside(fc.write, fut[c].write) ||
			    !inside(fc.count, fut[c].count))
				fail(T, m, &x, a, c, "a step outside its thread's future");
			exec_step(m, &xc, c, &ec);
			if (!exec_enabled(m, &xc, a) || !exec_enabled(m, &xa, c)) {
				fail(T, m, &x, a, c, "one disables the other");
			} else {
				xac = xa;
				exec_step(m, &xac, c, &eac);
				xca = xc;
				exec_step(m, &xca, a, &eca);
				if (memcmp(&xac, &xca, sizeof(xac)) != 0)
					fail(T, m, &x, a, c, "the two orders differ");
				else if (differ(verdict(m, &xac, &eac), verdict(m, &xc, &ec)) ||
					 differ(verdict(m, &xca, &eca), verdict(m, &xa, &e)))
					fail(T, m, &x, a, c, "judged differently in the two orders");
			}
			(void)e2;
			pack_state(pk, &xc, buf);
			visited_insert(&v, buf, pack_hash(buf, pk->bytes), &idx);
		}
	}
	visited_free(&v);
	free(buf);
}

static void check_model(struct tally *T, const struct model *m)
{
	struct pack pk;
	long step, sample;
	char err[512];

	/* A PMD fault under a strategy without a PMD path is refused; with
	 * faults of two sizes the search takes no persistent sets
	 * (explore_has_pmd): there is nothing to check. */
	if (strategy_runs(m->st, m->sc, err, sizeof(err)) || explore_has_pmd(m))
		return;

	T->n = 0;
	/* Its answers are for one model. */
	memset(T->fm, 0, future_memo_bytes((size_t)-1));
	future_memo_init(T->fm, future_memo_bytes((size_t)-1));
	reach_model(m, gather, T);
	pack_init(&pk, m->sc);
	sample = T->flags & AMPLE_OVERLAP ? SAMPLE_OVERLAP : SAMPLE;
	step = T->n > sample ? T->n / sample : 1;
	for (long i = 0; i < T->n; i += step) {
		struct state s;
		unsigned enabled = 0, pick;

		unpack_state(&pk, T->states + (size_t)i * pk.bytes, &s);
		/* The search stops at a violation: it never expands a state
		 * that has one, and condition 2 is argued from states that do
		 * not (a store that replaces a lost store heals it). */
		if (bad(m, &s, T->flags))
			continue;
		T->checked++;
		for (int t = 0; t < m->sc->nthreads; t++)
			if (exec_enabled(m, &s, t))
				enabled |= 1u << t;
		pick = ample_choose(T->fm, m, &s, enabled, T->flags);
		if (pick == enabled)
			continue;
		if (pick & (pick - 1) || !(pick & enabled)) {
			fail(T, m, &s, 0, 0, "a set that is neither one enabled thread nor all");
			continue;
		}
		T->singles++;
		check_state(T, m, &pk, &s, __builtin_ctz(pick));
	}
}

/* Every scenario file of dir under every strategy. */
static int run_dir(struct tally *T, const char *dir)
{
	char *names[MATRIX_MAX_SCENARIOS];
	int n = scenario_files(dir, names, MATRIX_MAX_SCENARIOS), models = 0;
	static struct scenario sc;
	char path[512], err[1024];

	CHECK(n > 5, "%d scenario files in %s", n, dir);
	for (int j = 0; j < n; j++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[j]);
		CHECK(scenario_parse(&sc, path, err, sizeof(err)) == 0, "%s", err);
		for (int s = 0; s < strategy_count(); s++) {
			/* A scheme without MAP_SYNC never runs map-sync. */
			if (strategy_runs(strategy_get(s), &sc, err, sizeof(err)))
				continue;
			check_model(T, &(struct model){ &sc, strategy_get(s) });
			models++;
		}
		free(names[j]);
	}
	return models;
}

/* Every model reach_all() covers, for the reduction. */
static int run_all(struct tally *T)
{
	int models = run_dir(T, "scenarios") + run_dir(T, "tests/boundary");
	static struct scenario sc;
	char err[1024];

	for (int i = 0; i < twin_count(); i++) {
		const struct twin *tw = twin_get(i);

		if (!tw->st || scenario_load(&sc, tw->scenario, err, sizeof(err)))
			continue;
		check_model(T, &(struct model){ &sc, tw->st });
		models++;
	}
	for (int pages = 1; pages <= 2; pages++) {
		CHECK(scenario_default(&sc, 3, pages, 3, err, sizeof(err)) == 0, "%s", err);
		for (int s = 0; s < strategy_count(); s++, models++)
			check_model(T, &(struct model){ &sc, strategy_get(s) });
	}
	return models;
}

static struct tally *tally_new(int flags, int quiet)
{
	struct tally *T = calloc(1, sizeof(*T));

	if (!T || !(T->fm = calloc(1, future_memo_bytes((size_t)-1))))
		abort();
	future_memo_init(T->fm, future_memo_bytes((size_t)-1));
	T->flags = flags;
	T->quiet = quiet;
	return T;
}

static void tally_free(struct tally *T)
{
	free(T->fm);
	free(T->states);
	free(T);
}

/* Three threads on one page under every strategy, with the analysis
 * broken on purpose: the failures found. */
static long broken(int how)
{
	struct tally *T = tally_new(0, 1);
	struct scenario sc;
	char err[256];
	long wrong;

	future_test_break = how;
	CHECK(scenario_default(&sc, 3, 1, 3, err, sizeof(err)) == 0, "%s", err);
	for (int s = 0; s < strategy_count(); s++)
		check_model(T, &(struct model){ &sc, strategy_get(s) });
	future_test_break = FUTURE_BREAK_NONE;
	wrong = T->wrong;
	tally_free(T);
	return wrong;
}

/* keeps-hole-page on hole-upgrade.dax: both threads map the hole page,
 * then store, and each store faults for ever.  Returns the failures. */
static long keeps_hole_page(int flags)
{
	static struct scenario sc;
	static const struct strategy *st;
	char err[1024] = "";
	int nomem;
	long wrong;
	struct tally *T;

	/* Loaded after the other checks: registering it adds it to
	 * strategy_count(), which they iterate over. */
	if (!st)
		st = strategy_load("tests/ample/keeps-hole-page.strategy", err, sizeof(err), &nomem);
	if (!st || scenario_parse(&sc, "scenarios/hole-upgrade.dax", err, sizeof(err))) {
		CHECK(0, "%s", err);
		return 0;
	}
	T = tally_new(flags, 0);
	check_model(T, &(struct model){ &sc, st });
	CHECK(T->singles > 0, "keeps-hole-page: no state reduced to one thread");
	wrong = T->wrong;
	tally_free(T);
	return wrong;
}

/*
 * A state no shipped strategy reaches, built by hand: block 1 is in the
 * block map of both pages (what a punch that freed a block and left it in
 * its page's map would leave once the pool gave it to the other page),
 * and page 0's PTE still maps block 0, which no map entry names.  Page 0
 * word 0 holds 3, as its last store left it; T0 stores 5 to it through
 * the stale PTE, and T1 write(2)s 5 to page 1 word 0 (block 1, page 0's
 * block too).  After T1's write page 0's store of 3 is lost, and T0's
 * store of 5 would make it whole again: T0 must not be taken alone.
 * ample.c's argument needs the PTE's block to be the page's (heals_nothing):
 * then it need not lean on every block being in one map entry at most.
 * Returns the failures.
 */
static long shared_block(void)
{
	static struct scenario sc;
	const struct model m = { &sc, strategy_find("dax-generic") };
	struct pack pk;
	struct state s;
	struct tally *T = tally_new(0, 0);
	unsigned pick;
	long wrong;

	memset(&sc, 0, sizeof(sc));
	snprintf(sc.name, sizeof(sc.name), "shared-block");
	sc.nmm = 1;
	sc.pages = 2;
	sc.words = 1;
	sc.nthreads = 2;
	sc.prog[0].nops = 1;
	sc.prog[0].ops[0] = (struct op){ .kind = OP_STORE, .page = 0, .word = 0, .value = 5 };
	sc.prog[1].nops = 1;
	sc.prog[1].ops[0] = (struct op){ .kind = OP_WRITE, .page = 1, .word = 0, .value = 5 };
	state_init(&s, &sc);
	s.allocated = 0x3;
	s.map[0] = 1;
	s.map[1] = 1;
	s.pte[0][0] = 0;
	s.data[1][0] = 3;
	s.shadow[0][0] = 3;
	pack_init(&pk, &sc);
	CHECK(!bad(&m, &s, 0), "shared-block: the state built has a violation");
	pick = ample_choose(T->fm, &m, &s, 0x3, 0);
	CHECK(pick == 0x1 || pick == 0x2, "shared-block: threads %#x taken: no choice to check", pick);
	if (pick == 0x1 || pick == 0x2)
		check_state(T, &m, &pk, &s, __builtin_ctz(pick));
	wrong = T->wrong;
	tally_free(T);
	return wrong;
}

int main(void)
{
	for (int flags = 0; flags <= AMPLE_OVERLAP; flags += AMPLE_OVERLAP) {
		struct tally *T = tally_new(flags, 0);
		int models = run_all(T);

		CHECK(T->wrong == 0, "%ld failures of the reduction's conditions", T->wrong);
		CHECK(T->singles * 4 > T->checked, "only %ld of %ld states reduced to one thread",
		      T->singles, T->checked);
		printf("  %s: %d models, %ld states, %ld taken for one thread, %ld states after "
		       "them checked\n", flags ? "overlap goals" : "properties", models, T->checked,
		       T->singles, T->inner);
		tally_free(T);
	}
	{
		long ilock = broken(FUTURE_BREAK_ILOCK), data = broken(FUTURE_BREAK_DATA);

		CHECK(ilock > 0, "with the allocation lock taken for private, nothing failed");
		CHECK(data > 0, "with block contents taken for private, nothing failed");
		printf("  broken on purpose, the allocation lock taken for private: %ld failures; "
		       "block contents: %ld\n", ilock, data);
	}
	CHECK(shared_block() == 0, "shared-block: the reduction's conditions fail");
	for (int flags = 0; flags <= AMPLE_OVERLAP; flags += AMPLE_OVERLAP)
		CHECK(keeps_hole_page(flags) == 0, "keeps-hole-page%s: the reduction's conditions fail",
		      flags ? ", overlap goals" : "");
	return unit_done("test_ample");
}
