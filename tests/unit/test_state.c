/*
 * test_state.c - unit tests of model/state.c: the initial state, and the
 * byte-exact hash (pack_hash, as the visited set uses it) and equality.
 */
#include <stddef.h>
#include <string.h>

#include "../../model/pack.h"
#include "../../model/scenario.h"
#include "../../model/state.h"
#include "unit.h"

/* The visited set's hash (model/pack.c), over a state's bytes. */
static uint64_t state_hash(const struct state *s)
{
	return pack_hash((const unsigned char *)s, sizeof(*s));
}

static struct scenario sc;

/* state_init from a buffer full of garbage, so nothing is left to chance. */
static void init_over(struct state *s, unsigned char garbage)
{
	memset(s, garbage, sizeof(*s));
	state_init(s, &sc);
}

static void test_init(void)
{
	struct state s;
	int bad;

	init_over(&s, 0xa5);

	bad = 0;
	for (int p = 0; p < MAX_PAGES; p++)
		bad += s.map[p] != 0xff;
	CHECK(bad == 0, "state_init: %d map entries are not NO_BLOCK (0xff)", bad);

	bad = 0;
	for (int mm = 0; mm < MAX_MMS; mm++)
		for (int p = 0; p < MAX_PAGES; p++)
			bad += s.pte[mm][p] != 0xff;
	CHECK(bad == 0, "state_init: %d PTEs are not PTE_NONE (0xff)", bad);

	bad = 0;
	for (int b = 0; b < MAX_BLOCKS; b++)
		for (int w = 0; w < MAX_WORDS; w++)
			bad += s.data[b][w] != 0xff;
	CHECK(bad == 0, "state_init: %d data words are not VAL_STALE (0xff)", bad);

	bad = 0;
	for (int p = 0; p < MAX_PAGES; p++)
		for (int w = 0; w < MAX_WORDS; w++)
			bad += s.shadow[p][w] != 0;
	CHECK(bad == 0, "state_init: %d shadow words are not 0 (no store yet)", bad);

	CHECK(s.allocated == 0, "state_init: allocated is 0x%02x, want 0 (pool free)",
	      s.allocated);

	bad = 0;
	for (size_t i = 0; i < sizeof(s.pad); i++)
		bad += s.pad[i] != 0;
	CHECK(bad == 0, "state_init: %d padding bytes are not zero", bad);

	for (int i = 0; i < MAX_THREADS; i++) {
		const struct thread_state *t = &s.t[i];

		CHECK(t->ip == 0, "state_init: T%d ip %u, want 0", i, t->ip);
		CHECK(t->pc == 0xff, "state_init: T%d pc %u, want PC_USER (0xff)", i, t->pc);
		CHECK(t->blk == 0xff, "state_init: T%d blk %u, want NO_BLOCK (0xff)", i, t->blk);
		CHECK(t->flags == 0, "state_init: T%d flags 0x%x, want 0", i, t->flags);
		CHECK(t->zpos == 0, "state_init: T%d zpos %u, want 0", i, t->zpos);
		CHECK(t->held == 0, "state_init: T%d holds locks 0x%x, want none", i, t->held);
		CHECK(t->wback == 0, "state_init: T%d has blocks 0x%x written back, want none",
		      i, t->wback);
	}
}

/* Whatever was in memory before, state_init gives the same bytes. */
static void test_init_overwrites_everything(void)
{
	struct state a, b;

	init_over(&a, 0x00);
	init_over(&b, 0xff);
	CHECK(memcmp(&a, &b, sizeof(a)) == 0,
	      "state_init over 0x00 and over 0xff gave different bytes");
	CHECK(state_equal(&a, &b) == 1, "two initial states are not state_equal");
	CHECK(state_hash(&a) == state_hash(&b), "two initial states hash differently");
}

/* Every byte of the struct is a field: no hidden compiler padding. */
static void test_layout(void)
{
	size_t fields = sizeof(((struct state *)0)->t) + MAX_PAGES + MAX_MMS * MAX_PAGES +
			MAX_BLOCKS * MAX_WORDS + MAX_PAGES * MAX_WORDS + 1 + 1 + 1 + MAX_THREADS +
			MAX_MMS + 2 + 2 * MAX_BLOCKS * MAX_WORDS + 2 * MAX_PAGES + 1 + 6;

	CHECK(sizeof(struct state) % 8 == 0, "sizeof(struct state) = %zu, not a multiple of 8",
	      sizeof(struct state));
	CHECK(sizeof(struct thread_state) == 8, "sizeof(struct thread_state) = %zu, want 8",
	      sizeof(struct thread_state));
	CHECK(sizeof(struct state) == fields,
	      "sizeof(struct state) = %zu but its fields take %zu bytes: hidden padding",
	      sizeof(struct state), fields);
	CHECK(offsetof(struct state, pad) + sizeof(((struct state *)0)->pad) ==
	      sizeof(struct state), "pad is not the last bytes of struct state");
}

static void test_hash_deterministic(void)
{
	struct state a, b;
	uint64_t h1, h2;

	init_over(&a, 0x11);
	a.data[2][3] = 42;
	a.t[1].pc = 3;
	h1 = state_hash(&a);
	h2 = state_hash(&a);
	CHECK(h1 == h2, "state_hash twice on one state: %016llx then %016llx",
	      (unsigned long long)h1, (unsigned long long)h2);

	memcpy(&b, &a, sizeof(b));
	CHECK(state_hash(&b) == h1, "a byte copy of a state hashes differently");
	CHECK(state_equal(&a, &b) == 1, "a byte copy of a state is not state_equal");
	CHECK(state_equal(&a, &a) == 1, "a state is not state_equal to itself");
}

/* One named field set to a value different from the initial state's. */
struct change {
	const char *what;
	size_t off;		/* offsetof the byte in struct state */
	uint8_t value;
};

#define T_OFF(i, f)	(offsetof(struct state, t) + (i) * sizeof(struct thread_state) + \
			 offsetof(struct thread_state, f))

static const struct change changes[] = {
	{ "one data word", offsetof(struct state, data) + 3 * MAX_WORDS + 5, 1 },
	{ "the last data word", offsetof(struct state, data) + MAX_BLOCKS * MAX_WORDS - 1, 0 },
	{ "one PTE", offsetof(struct state, pte), 0 },
	{ "the last PTE, to the hole page", offsetof(struct state, pte) + MAX_PAGES - 1, PTE_HOLE },
	{ "one block map entry", offsetof(struct state, map) + 2, 1 },
	{ "one shadow word", offsetof(struct state, shadow) + MAX_WORDS + 1, 9 },
	{ "the allocation bitmap", offsetof(struct state, allocated), 0x80 },
	{ "T0's ip", T_OFF(0, ip), 1 },
	{ "T1's pc", T_OFF(1, pc), 0 },
	{ "the last thread's blk", T_OFF(MAX_THREADS - 1, blk), 0 },
	{ "T2's flags", T_OFF(2, flags), TF_NEW },
	{ "T3's zpos", T_OFF(3, zpos), 1 },
	{ "T4's held locks", T_OFF(4, held), 0x04 },
};

static void test_single_field_changes(void)
{
	for (size_t i = 0; i < sizeof(changes) / sizeof(changes[0]); i++) {
		const struct change *c = &changes[i];
		struct state a, b;

		init_over(&a, 0);
		init_over(&b, 0);
		((unsigned char *)&b)[c->off] = c->value;
		CHECK(memcmp(&a, &b, sizeof(a)) != 0, "%s: the change did not change the state",
		      c->what);
		CHECK(state_equal(&a, &b) == 0, "%s: state_equal still says equal", c->what);
		CHECK(state_equal(&b, &a) == 0, "%s: state_equal (reversed) still says equal",
		      c->what);
		CHECK(state_hash(&a) != state_hash(&b), "%s: the hash did not change", c->what);
	}
}

/* Every single byte of the state, flipped any way, is seen by both. */
static void test_every_byte(void)
{
	static const unsigned char deltas[] = { 0x01, 0x80, 0xff };
	struct state a, b;
	int not_seen = 0, same_hash = 0;
	uint64_t ha;

	init_over(&a, 0);
	a.data[0][0] = 5;
	a.shadow[0][0] = 5;
	ha = state_hash(&a);
	for (size_t i = 0; i < sizeof(a); i++) {
		for (size_t d = 0; d < sizeof(deltas); d++) {
			memcpy(&b, &a, sizeof(b));
			((unsigned char *)&b)[i] ^= deltas[d];
			if (state_equal(&a, &b) || state_equal(&b, &a)) {
				if (not_seen++ < 5)
					printf("  byte %zu ^ 0x%02x: still equal\n", i, deltas[d]);
			}
			if (state_hash(&b) == ha) {
				if (same_hash++ < 5)
					printf("  byte %zu ^ 0x%02x: same hash\n", i, deltas[d]);
			}
		}
	}
	CHECK(not_seen == 0, "%d single-byte changes were not seen by state_equal", not_seen);
	CHECK(same_hash == 0, "%d single-byte changes left the hash unchanged", same_hash);
}

/* state_copy: without crashes, the bytes before STATE_PERSIST_START, which
 * over a destination whose persistence fields are initial gives the source
 * byte for byte; with crashes, every byte. */
static void test_copy(void)
{
	struct state src, dst;
	int bad;

	init_over(&src, 0);
	src.t[0].ip = 1;
	src.t[1].held = 0x0102;
	src.map[0] = 3;
	src.data[3][1] = 7;
	src.unwritten = 1;
	init_over(&dst, 0x5a);
	state_copy(&dst, &src, 0);
	CHECK(memcmp(&dst, &src, sizeof(dst)) == 0,
	      "state_copy without crashes over an initial state: not the source");

	/* Without crashes the persistence fields are left alone... */
	init_over(&dst, 0);
	dst.media[0][0] = 9;
	dst.wpq = 1;
	state_copy(&dst, &src, 0);
	CHECK(dst.media[0][0] == 9 && dst.wpq == 1,
	      "state_copy without crashes wrote a persistence field");
	bad = memcmp(&dst, &src, STATE_PERSIST_START) != 0;
	CHECK(!bad, "state_copy without crashes: the bytes before the persistence fields differ");

	/* ... and with crashes they are copied too. */
	src.media[2][1] = 4;
	src.durable[0] = 2;
	state_copy(&dst, &src, 1);
	CHECK(memcmp(&dst, &src, sizeof(dst)) == 0, "state_copy with crashes: not the source");

	CHECK(STATE_PERSIST_START == offsetof(struct state, media) &&
	      STATE_PERSIST_START > offsetof(struct state, unwritten) &&
	      STATE_PERSIST_START < sizeof(struct state),
	      "STATE_PERSIST_START is %zu, not where media begins", (size_t)STATE_PERSIST_START);
}

int main(void)
{
	char err[256];

	if (scenario_default(&sc, 2, 1, 2, err, sizeof(err)) != 0) {
		printf("scenario_default(2, 1, 2) failed: %s\n", err);
		return 1;
	}
	test_init();
	test_init_overwrites_everything();
	test_layout();
	test_hash_deterministic();
	test_single_field_changes();
	test_every_byte();
	test_copy();
	return unit_done("test_state");
}
