/*
 * test_pack.c - unit tests of model/pack.c: packing loses nothing.  Every
 * reachable state of every model the checker ships unpacks to itself, byte
 * for byte (so two different states never pack alike), also over the
 * state unpacked before it (unpack_over) and copied over the one copied
 * before it (state_copy, which leaves a crash-free state's persistence
 * fields alone), and every successor packs to the same bytes whole and as
 * a delta from its parent.
 */
#include "reach.h"
#include "../../checker-src/scenario_parse.h"
#include "../../checker-src/registry.h"

struct tally {
	long states, deltas, wrong;
	/* What the explorer keeps across the states of one search: a state
	 * only unpack_over() writes, and one state_copy() writes. */
	struct state over, copy;
};

static void roundtrip(const struct model *m, const struct pack *pk, const struct state *s,
		      void *arg)
{
	struct tally *t = arg;
	unsigned char buf[sizeof(struct state) + 8];
	struct state back;

	pack_state(pk, s, buf);
	unpack_state(pk, buf, &back);
	t->states++;
	/* Breadth-first, a model's first state is its initial one. */
	if (memcmp(s, &pk->init, sizeof(*s)) == 0)
		t->over = t->copy = pk->init;
	unpack_over(pk, buf, &t->over);
	if (memcmp(&t->over, s, sizeof(*s)) != 0 && t->wrong++ < 3)
		printf("  %s x %s: unpack_over over the last state is not the state\n",
		       m->sc->name, m->st->name);
	state_copy(&t->copy, s, m->sc->crash);
	if (memcmp(&t->copy, s, sizeof(*s)) != 0 && t->wrong++ < 3)
		printf("  %s x %s: state_copy over the last copy is not the state\n",
		       m->sc->name, m->st->name);
	/* Every successor packs alike whole and as a delta from s. */
	for (int i = 0; i < m->sc->nthreads; i++) {
		unsigned char whole[sizeof(struct state) + 8], delta[sizeof(struct state) + 8];
		struct state next = *s;
		struct effect e;

		if (!exec_enabled(m, s, i))
			continue;
		exec_step(m, &next, i, &e);
		pack_state(pk, &next, whole);
		pack_delta(pk, s, buf, &next, delta);
		t->deltas++;
		if (memcmp(whole, delta, pk->bytes) != 0 && t->wrong++ < 3)
			printf("  %s x %s: pack_delta differs from pack_state\n", m->sc->name,
			       m->st->name);
	}
	if (memcmp(&back, s, sizeof(back)) != 0 && t->wrong++ < 3)
		printf("  %s x %s: a state does not unpack to itself\n", m->sc->name, m->st->name);
}

/* The packed size: 5 bytes a thread, 2 a page, nibble rows, 3 bitmaps. */
static void test_sizes(void)
{
	struct scenario sc;
	struct pack pk;
	char err[256];

	CHECK(scenario_default(&sc, 8, 1, 8, err, sizeof(err)) == 0, "%s", err);
	pack_init(&pk, &sc);
	CHECK(pk.lownib && pk.row == 4, "8 words: row of %d bytes, lownib %d", pk.row, pk.lownib);
	CHECK(pk.bytes == 88, "8 threads, 1 page of 8 words: %zu bytes, want 40+2+36+3 -> 88",
	      pk.bytes);
	CHECK(pk.bytes < sizeof(struct state) / 2, "packed %zu of %zu bytes", pk.bytes,
	      sizeof(struct state));
}

/* Values the low-nibble code cannot hold take the table path. */
static void test_wide_values(void)
{
	struct scenario sc;
	struct pack pk;
	struct state s, back;
	unsigned char buf[sizeof(struct state) + 8];
	char err[256];

	CHECK(scenario_default(&sc, 2, 1, 3, err, sizeof(err)) == 0, "%s", err);
	sc.prog[1].ops[0].value = 200;
	pack_init(&pk, &sc);
	CHECK(!pk.lownib && pk.nibble, "value 200: lownib %d nibble %d", pk.lownib, pk.nibble);
	state_init(&s, &sc);
	s.data[2][1] = 200;
	s.shadow[0][2] = 200;
	s.data[0][0] = 1;
	pack_state(&pk, &s, buf);
	unpack_state(&pk, buf, &back);
	CHECK(memcmp(&s, &back, sizeof(s)) == 0, "value 200 does not survive packing");
}

/* Symmetry: permuting threads that run the same program packs, once
 * canonical, to the same bytes; canonical form is stable; perm says where
 * each record came from. */
static void symmetric(const struct model *m, const struct pack *pk, const struct state *s,
		      void *arg)
{
	struct tally *t = arg;
	unsigned char a[sizeof(struct state) + 8], b[sizeof(struct state) + 8];
	unsigned char c[sizeof(struct state) + 8];
	int perm[MAX_THREADS];

	pack_state(pk, s, a);
	memcpy(c, a, pk->bytes);
	pack_canon(pk, a, perm);
	for (int j = 0; j < pk->threads; j++)
		if (memcmp(a + 5 * j, c + 5 * perm[j], 5) != 0 && t->wrong++ < 3)
			printf("  %s: perm[%d] = %d is not where the record came from\n",
			       m->sc->name, j, perm[j]);
	memcpy(b, a, pk->bytes);
	pack_canon(pk, b, NULL);
	if (memcmp(a, b, pk->bytes) != 0 && t->wrong++ < 3)
		printf("  %s: canonical form is not stable\n", m->sc->name);
	for (int x = 0; x < pk->threads; x++) {
		for (int y = x + 1; y < pk->threads; y++) {
			struct state sw = *s;

			if (pk->symclass[x] != pk->symclass[y])
				continue;
			sw.t[x] = s->t[y];
			sw.t[y] = s->t[x];
			sw.waitq[x] = s->waitq[y];
			sw.waitq[y] = s->waitq[x];
			pack_state(pk, &sw, b);
			pack_canon(pk, b, NULL);
			t->deltas++;
			if (memcmp(a, b, pk->bytes) != 0 && t->wrong++ < 3)
				printf("  %s: swapping T%d and T%d changes the canonical state\n",
				       m->sc->name, x, y);
		}
	}
	t->states++;
}

static void test_symmetry(void)
{
	const char *files[] = { "tests/sym/crowd.dax", "tests/sym/crowd-punch.dax",
				"tests/sym/two-crowds.dax" };
	struct tally t = { 0 };
	struct scenario sc;
	char err[1024];
	struct pack pk;

	for (int i = 0; i < 3; i++) {
		CHECK(scenario_parse(&sc, files[i], err, sizeof(err)) == 0, "%s", err);
		pack_init(&pk, &sc);
		CHECK(pk.symmetric >= 3, "%s: %d interchangeable threads", files[i], pk.symmetric);
		for (int s = 0; s < strategy_count(); s++)
			reach_model(&(struct model){ &sc, strategy_get(s) }, symmetric, &t);
	}
	CHECK(t.wrong == 0, "%ld symmetry failures", t.wrong);
	CHECK(t.deltas > 100000, "only %ld swaps tried", t.deltas);
	CHECK(scenario_default(&sc, 4, 1, 4, err, sizeof(err)) == 0, "%s", err);
	pack_init(&pk, &sc);
	CHECK(pk.symmetric == 0, "distinct programs: %d interchangeable threads", pk.symmetric);
}

int main(void)
{
	struct tally t = { 0 };
	int models = reach_all(roundtrip, &t);

	CHECK(t.wrong == 0, "%ld of %ld states do not unpack to themselves or delta-pack alike",
	      t.wrong, t.states);
	CHECK(t.deltas > t.states, "only %ld successors delta-packed", t.deltas);
	CHECK(models > 90 && t.states > 100000, "only %d models, %ld states", models, t.states);
	printf("  %d models, %ld states packed and unpacked\n", models, t.states);
	test_sizes();
	test_wide_values();
	test_symmetry();
	return unit_done("test_pack");
}
