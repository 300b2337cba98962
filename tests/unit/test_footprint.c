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
 * grown to cover everything (sound, and useless) shows up too.
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

int main(void)
{
	struct tally t = { 0 };
	int models = reach_all(commute, &t);

	CHECK(t.wrong == 0, "%ld of %ld independent pairs do not commute", t.wrong, t.independent);
	CHECK(t.independent * 4 > t.pairs,
	      "only %ld of %ld pairs of enabled steps found independent", t.independent, t.pairs);
	printf("  %d models: %ld pairs of enabled steps, %ld independent, all commute\n",
	       models, t.pairs, t.independent);
	return unit_done("test_footprint");
}
