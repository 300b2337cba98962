/*
 * test_footprint.c - unit tests of model/footprint.c: what the partial-
 * order reduction relies on.  In every reachable state of every model the
 * checker ships, for every two enabled threads whose next steps the
 * footprints call independent:
 *   - each is still enabled after the other;
 *   - taking them in either order gives the same state;
 *   - each has the same effect either way, and so the same judgement by
 *     the step properties (where the state alone does not already decide
 *     it: use-after-free is also a function of the state reached, which
 *     the reduction never misses, since it stores every state).
 * The test also counts the pairs found independent, so that a footprint
 * grown to cover everything (sound, and useless) shows up too.  Then the
 * same on generated states: random walks of random scenarios under every
 * strategy and twin, from shared objects drawn at random (any block in a
 * map entry or a PTE, blocks allocated or not), which the reachable states
 * of the shipped models never show.
 */
#include "../../checker-src/property.h"
#include "reach.h"

struct tally {
	long pairs, independent, wrong;
};

static int same_effect(const struct effect *a, const struct effect *b)
{
	return a->kind == b->kind && a->tid == b->tid && a->page == b->page &&
	       a->word == b->word && a->block == b->block && a->value == b->value &&
	       a->old == b->old && a->flag == b->flag && a->returned == b->returned;
}

/* The first step property violated by e into s, or NULL; &state_decides
 * if the state reached violates one whatever the step was. */
static const char state_decides;

static const void *step_verdict(const struct model *m, const struct state *s,
				const struct effect *e)
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

static void commute(const struct model *m, const struct pack *pk, const struct state *s,
		    void *arg)
{
	struct tally *t = arg;
	struct footprint fp[MAX_THREADS];
	int n = m->sc->nthreads, en[MAX_THREADS];

	(void)pk;
	for (int i = 0; i < n; i++)
		if ((en[i] = exec_enabled(m, s, i)))
			footprint_next(m, s, i, &fp[i]);
	for (int a = 0; a < n; a++) {
		for (int b = a + 1; b < n; b++) {
			struct state ab = *s, ba = *s, sa = *s, sb = *s;
			struct effect ea, eb, eab, eba;
			int bad = 0;

			if (!en[a] || !en[b])
				continue;
			t->pairs++;
			if (!footprint_independent(&fp[a], &fp[b]))
				continue;
			t->independent++;
			exec_step(m, &sa, a, &ea);
			exec_step(m, &sb, b, &eb);
			bad |= !exec_enabled(m, &sa, b) || !exec_enabled(m, &sb, a);
			if (!bad) {
				ab = sa;
				exec_step(m, &ab, b, &eab);	/* a then b */
				ba = sb;
				exec_step(m, &ba, a, &eba);	/* b then a */
				bad |= memcmp(&ab, &ba, sizeof(ab)) != 0;
				bad |= !same_effect(&eab, &eb) || !same_effect(&eba, &ea);
				bad |= differ(step_verdict(m, &ab, &eab), step_verdict(m, &sb, &eb));
				bad |= differ(step_verdict(m, &ba, &eba), step_verdict(m, &sa, &ea));
			}
			if (bad && t->wrong++ < 5) {
				char na[64], nb[64];

				printf("  %s x %s: T%d %s and T%d %s called independent, do not commute\n",
				       m->sc->name, m->st->name, a, exec_step_name(m, s, a, na, sizeof(na)),
				       b, exec_step_name(m, s, b, nb, sizeof(nb)));
			}
		}
	}
}

/* ---- generated states ------------------------------------------------------ */

static uint64_t rng = 0x2545f4914f6cdd1dull;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* A random scenario of 3 threads of 1 or 2 operations (stores, loads and
 * punches) on 2 pages of 2 words, T2 sometimes in a second process. */
static void random_scenario(struct scenario *sc)
{
	memset(sc, 0, sizeof(*sc));
	snprintf(sc->name, sizeof(sc->name), "generated");
	sc->nthreads = 3;
	sc->pages = 2;
	sc->words = 2;
	for (int t = 0; t < sc->nthreads; t++) {
		sc->prog[t].nops = 1 + (int)rnd(2);
		for (int k = 0; k < sc->prog[t].nops; k++) {
			struct op *op = &sc->prog[t].ops[k];
			unsigned r = rnd(10);

			op->kind = r < 5 ? OP_STORE : r < 8 ? OP_LOAD : OP_PUNCH;
			op->page = (uint8_t)rnd(2);
			op->word = op->kind == OP_PUNCH ? 0 : (uint8_t)rnd(2);
			op->value = op->kind == OP_STORE ? (uint8_t)(1 + rnd(3)) : 0;
		}
	}
	/* One in three: T2 in a second process, with its own page table. */
	sc->nmm = 1;
	if (rnd(3) == 0) {
		sc->mm[2] = 1;
		sc->nmm = 2;
	}
}

/*
 * A random start: the shared objects drawn at random, as no search would
 * reach them (any block in a map entry or a PTE, blocks allocated or not,
 * hole pages, unwritten extents, block contents and shadows), and every
 * thread at its first operation.  The threads then take a random walk
 * from it, so that their positions, locals and locks are ones the handler
 * tables give.
 */
static void random_start(const struct scenario *sc, struct state *s)
{
	state_init(s, sc);
	for (int p = 0; p < sc->pages; p++) {
		unsigned r = rnd(12);

		s->map[p] = r < 8 ? (uint8_t)r : NO_BLOCK;
		for (int mm = 0; mm < sc->nmm; mm++) {
			r = rnd(12);
			s->pte[mm][p] = r < 8 ? (uint8_t)r : r < 10 ? PTE_HOLE : PTE_NONE;
		}
		for (int w = 0; w < sc->words; w++)
			s->shadow[p][w] = (uint8_t)rnd(4);
	}
	for (int b = 0; b < MAX_BLOCKS; b++)
		for (int w = 0; w < sc->words; w++) {
			unsigned r = rnd(5);

			s->data[b][w] = r < 4 ? (uint8_t)r : VAL_STALE;
		}
	s->allocated = (uint8_t)rnd(256);
	s->cache = (uint8_t)(rnd(4) & 3);
	s->unwritten = (uint8_t)(rnd(4) & 3);
}

/* Walks from random starts under every strategy and twin, checking every
 * pair of enabled steps in every state met as commute() does. */
static void generated(struct tally *t, int walks)
{
	static struct scenario sc;
	int nst = strategy_count() + twin_count();

	for (int k = 0; k < walks; k++) {
		const struct strategy *st;
		struct model m = { &sc, NULL };
		struct pack pk;
		struct state s;
		int i = (int)rnd((unsigned)nst);

		st = i < strategy_count() ? strategy_get(i) : twin_get(i - strategy_count())->st;
		if (!st)
			continue;
		m.st = st;
		random_scenario(&sc);
		pack_init(&pk, &sc);
		random_start(&sc, &s);
		for (int step = 0; step < 40; step++) {
			unsigned en = 0;

			commute(&m, &pk, &s, t);
			for (int x = 0; x < sc.nthreads; x++)
				if (exec_enabled(&m, &s, x))
					en |= 1u << x;
			if (!en)
				break;
			for (int x = (int)rnd(3);; x = (x + 1) % 3) {
				if (en >> x & 1) {
					struct effect e;

					exec_step(&m, &s, x, &e);
					break;
				}
			}
		}
	}
}

int main(void)
{
	struct tally t = { 0 }, g = { 0 };
	int models = reach_all(commute, &t);

	CHECK(t.wrong == 0, "%ld of %ld independent pairs do not commute", t.wrong, t.independent);
	CHECK(t.independent * 4 > t.pairs,
	      "only %ld of %ld pairs of enabled steps found independent", t.independent, t.pairs);
	printf("  %d models: %ld pairs of enabled steps, %ld independent, %ld of them do not "
	       "commute\n", models, t.pairs, t.independent, t.wrong);

	/* The reachable states of a few models are a small part of the
	 * states a footprint must be right in. */
	generated(&g, 20000);
	CHECK(g.wrong == 0, "generated states: %ld of %ld independent pairs do not commute",
	      g.wrong, g.independent);
	CHECK(g.independent * 4 > g.pairs && g.pairs > 100000,
	      "generated states: only %ld of %ld pairs of enabled steps found independent",
	      g.independent, g.pairs);
	printf("  generated states: %ld pairs of enabled steps, %ld independent, %ld of them do "
	       "not commute\n", g.pairs, g.independent, g.wrong);
	return unit_done("test_footprint");
}
