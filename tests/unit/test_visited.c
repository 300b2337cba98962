/*
 * test_visited.c - unit tests of checker-src/visited.c: the exact visited
 * set, its growth, its limits and its memory accounting.
 */
#include <string.h>

#include "../../checker-src/budget.h"
#include "../../checker-src/visited.h"
#include "../../model/pack.h"
#include "unit.h"

/* The set stores packed states as opaque bytes: 24 of them here. */
#define BYTES	24

struct pstate {
	unsigned char b[BYTES];
};

/* The i-th of many distinct packed states: i spread over three bytes. */
static void make_state(struct pstate *s, uint32_t i)
{
	memset(s, 0x5a, sizeof(*s));
	s->b[0] = (uint8_t)(i & 0xff);
	s->b[11] = (uint8_t)(i >> 8 & 0xff);
	s->b[23] = (uint8_t)(i >> 16 & 0xff);
}

static enum visited_result ins(struct visited *v, const struct pstate *s, uint32_t *idx)
{
	return visited_insert(v, s->b, pack_hash(s->b, BYTES), idx);
}

static int same_bytes(const unsigned char *a, const struct pstate *s)
{
	return memcmp(a, s->b, BYTES) == 0;
}

static void test_insert_and_find(void)
{
	struct budget b = { .limit = 0 };
	struct visited v;
	struct pstate s;
	uint32_t idx;
	enum visited_result r;
	int wrong = 0;
	const int n = 100;

	CHECK(visited_init(&v, BYTES, 10, 0, &b, 0) == 0, "visited_init(bits 10) failed");
	for (int i = 0; i < n; i++) {
		make_state(&s, (uint32_t)i);
		idx = 12345;
		r = ins(&v, &s, &idx);
		if (r != VISITED_NEW || idx != (uint32_t)i) {
			if (wrong++ < 5)
				printf("  insert %d: result %d index %u, want NEW index %d\n",
				       i, r, idx, i);
		}
	}
	CHECK(wrong == 0, "%d of %d fresh inserts were not NEW in insertion order", wrong, n);
	CHECK(v.n == (uint32_t)n, "%u states stored, want %d", v.n, n);

	wrong = 0;
	for (int i = n - 1; i >= 0; i--) {
		make_state(&s, (uint32_t)i);
		idx = 12345;
		r = ins(&v, &s, &idx);
		if (r != VISITED_OLD || idx != (uint32_t)i) {
			if (wrong++ < 5)
				printf("  re-insert %d: result %d index %u, want OLD index %d\n",
				       i, r, idx, i);
		}
	}
	CHECK(wrong == 0, "%d of %d re-inserts were not OLD with their index", wrong, n);
	CHECK(v.n == (uint32_t)n, "re-inserting stored more: %u states, want %d", v.n, n);

	/* The arena holds the states themselves, in order. */
	wrong = 0;
	for (int i = 0; i < n; i++) {
		make_state(&s, (uint32_t)i);
		wrong += !same_bytes(visited_state(&v, (uint32_t)i), &s);
	}
	CHECK(wrong == 0, "%d arena entries are not the state inserted at that index", wrong);

	visited_free(&v);
	CHECK(b.used == 0, "budget.used %zu after visited_free, want 0", b.used);
}

/* A state that differs in one byte only from a stored one is new. */
static void test_near_miss(void)
{
	struct budget b = { .limit = 0 };
	struct visited v;
	struct pstate s, t;
	uint32_t idx;

	CHECK(visited_init(&v, BYTES, 4, 0, &b, 0) == 0, "visited_init(bits 4) failed");
	make_state(&s, 7);
	CHECK(ins(&v, &s, &idx) == VISITED_NEW && idx == 0,
	      "first state not NEW at 0");
	t = s;
	t.b[BYTES - 1] ^= 1;
	CHECK(ins(&v, &t, &idx) == VISITED_NEW && idx == 1,
	      "a state differing only in its last byte was not NEW at 1");
	t = s;
	t.b[0] ^= 1;
	CHECK(ins(&v, &t, &idx) == VISITED_NEW && idx == 2,
	      "a state differing only in its first byte was not NEW at 2");
	CHECK(ins(&v, &s, &idx) == VISITED_OLD && idx == 0,
	      "the first state again was not OLD at 0");
	visited_free(&v);
	CHECK(b.used == 0, "budget.used %zu after visited_free, want 0", b.used);
}

/* From a 16-slot table, thousands of states: many table and arena growths. */
static void test_growth(void)
{
	struct budget b = { .limit = 0 };
	struct visited v;
	struct pstate s;
	uint32_t idx;
	int wrong = 0, lost = 0, moved = 0;
	const int n = 5000;

	CHECK(visited_init(&v, BYTES, 4, 0, &b, 0) == 0, "visited_init(bits 4) failed");
	CHECK(v.mask == 15, "bits 4: mask %llu, want 15", (unsigned long long)v.mask);
	CHECK(b.used == 16 * sizeof(uint64_t), "bits 4: budget.used %zu, want %zu",
	      b.used, 16 * sizeof(uint64_t));
	for (int i = 0; i < n; i++) {
		make_state(&s, (uint32_t)i);
		if (ins(&v, &s, &idx) != VISITED_NEW || idx != (uint32_t)i)
			wrong++;
		/* Every few inserts, the earlier states must still be found. */
		if (i % 97 == 0) {
			for (int j = 0; j <= i; j += 13) {
				make_state(&s, (uint32_t)j);
				if (ins(&v, &s, &idx) != VISITED_OLD)
					lost++;
				else if (idx != (uint32_t)j)
					moved++;
			}
		}
	}
	CHECK(wrong == 0, "%d of %d inserts were not NEW in insertion order", wrong, n);
	CHECK(lost == 0, "%d lookups during growth did not find a stored state", lost);
	CHECK(moved == 0, "%d lookups during growth found a wrong index", moved);
	CHECK(v.n == (uint32_t)n, "%u states stored, want %d", v.n, n);
	CHECK((v.mask + 1) * 3 >= 4 * (uint64_t)n,
	      "table of %llu slots for %d states: not kept at most three quarters full",
	      (unsigned long long)(v.mask + 1), n);

	lost = moved = 0;
	for (int i = 0; i < n; i++) {
		make_state(&s, (uint32_t)i);
		if (ins(&v, &s, &idx) != VISITED_OLD)
			lost++;
		else if (idx != (uint32_t)i)
			moved++;
	}
	CHECK(lost == 0, "after growth, %d of %d states were not found", lost, n);
	CHECK(moved == 0, "after growth, %d of %d states had a new index", moved, n);
	CHECK(v.n == (uint32_t)n, "looking states up stored more: %u, want %d", v.n, n);
	visited_free(&v);
	CHECK(b.used == 0, "budget.used %zu after visited_free, want 0", b.used);
}

/* With max_states 3, a fourth distinct state is refused, not stored. */
static void test_max_states(void)
{
	struct budget b = { .limit = 0 };
	struct visited v;
	struct pstate s;
	uint32_t idx;

	CHECK(visited_init(&v, BYTES, 4, 3, &b, 0) == 0, "visited_init(max_states 3) failed");
	for (uint32_t i = 0; i < 3; i++) {
		make_state(&s, i);
		CHECK(ins(&v, &s, &idx) == VISITED_NEW && idx == i,
		      "max_states 3: insert %u not NEW at %u", i, i);
	}
	make_state(&s, 3);
	idx = 999;
	CHECK(ins(&v, &s, &idx) == VISITED_FULL,
	      "max_states 3: a fourth state was not refused");
	CHECK(v.n == 3, "max_states 3: %u states stored after the refusal", v.n);
	CHECK(ins(&v, &s, &idx) == VISITED_FULL,
	      "max_states 3: the refused state was stored after all");
	make_state(&s, 1);
	CHECK(ins(&v, &s, &idx) == VISITED_OLD && idx == 1,
	      "max_states 3, full: a stored state is no longer found as OLD at 1");
	visited_free(&v);
	CHECK(b.used == 0, "budget.used %zu after visited_free, want 0", b.used);
}

/* A budget too small for the table: visited_init fails cleanly. */
static void test_budget_too_small_for_table(void)
{
	struct budget b = { .limit = 100 };	/* the 16-slot table needs 128 bytes */
	struct visited v;

	CHECK(visited_init(&v, BYTES, 4, 0, &b, 0) == -1,
	      "visited_init with 100 bytes for a 128-byte table did not fail");
	CHECK(b.used == 0, "failed visited_init left budget.used %zu, want 0", b.used);
	visited_free(&v);	/* must be safe */
	CHECK(b.used == 0, "visited_free after a failed init: budget.used %zu", b.used);
}

/* Room for the table, not for the arena: the first insert is refused. */
static void test_budget_too_small_for_arena(void)
{
	struct budget b = { .limit = 16 * sizeof(uint64_t) + 10 * BYTES };
	struct visited v;
	struct pstate s;
	uint32_t idx;

	CHECK(visited_init(&v, BYTES, 4, 0, &b, 0) == 0, "visited_init within the budget failed");
	make_state(&s, 0);
	CHECK(ins(&v, &s, &idx) == VISITED_FULL,
	      "insert beyond the budget was not FULL");
	CHECK(v.n == 0, "the refused state was stored: n = %u", v.n);
	CHECK(b.used <= b.limit, "budget.used %zu over the limit %zu", b.used, b.limit);
	visited_free(&v);
	CHECK(b.used == 0, "budget.used %zu after visited_free, want 0", b.used);
}

/*
 * Room for the 16-slot table and one arena (1024 states), not for a table
 * of 32 slots besides: the table, kept at most three quarters full, holds
 * 12 states, and the 13th is refused.  The 12 are still found.
 */
static void test_budget_too_small_for_growth(void)
{
	struct budget b = { .limit = 16 * sizeof(uint64_t) + 1024 * BYTES +
				     16 * sizeof(uint64_t) };
	struct visited v;
	struct pstate s;
	uint32_t idx;
	int lost = 0;

	CHECK(visited_init(&v, BYTES, 4, 0, &b, 0) == 0, "visited_init within the budget failed");
	for (uint32_t i = 0; i < 12; i++) {
		make_state(&s, i);
		CHECK(ins(&v, &s, &idx) == VISITED_NEW && idx == i,
		      "tight budget: insert %u not NEW at %u", i, i);
	}
	make_state(&s, 12);
	CHECK(ins(&v, &s, &idx) == VISITED_FULL,
	      "tight budget: the 13th state, needing a bigger table, was not FULL");
	CHECK(v.n == 12, "tight budget: %u states stored, want 12", v.n);
	CHECK(b.used <= b.limit, "budget.used %zu over the limit %zu", b.used, b.limit);
	for (uint32_t i = 0; i < 12; i++) {
		make_state(&s, i);
		if (ins(&v, &s, &idx) != VISITED_OLD || idx != i)
			lost++;
	}
	CHECK(lost == 0, "tight budget: %d of the 8 stored states not found after FULL", lost);
	visited_free(&v);
	CHECK(b.used == 0, "budget.used %zu after visited_free, want 0", b.used);
}

/* The budget itself: the limit respected, the memory kept on a refusal,
 * shrinking allowed, calloc zeroed and counted. */
static void test_budget(void)
{
	struct budget b = { .limit = 1000 };
	unsigned char *p, *q, *z;

	p = budget_alloc(&b, 600);
	CHECK(p != NULL, "600 of 1000 bytes refused");
	CHECK(b.used == 600, "budget.used %zu, want 600", b.used);
	CHECK(budget_realloc(&b, p, 600, 1001) == NULL, "1001 of 1000 bytes allowed");
	CHECK(b.used == 600, "a refused resize changed used (%zu)", b.used);
	CHECK(!b.oom, "a refusal by the limit was taken for out of memory");
	p[599] = 7;	/* still ours: ASan says so if not */
	q = budget_realloc(&b, p, 600, 1000);
	CHECK(q != NULL, "exactly the limit refused");
	if (q)
		p = q;
	CHECK(b.used == 1000 && p[599] == 7, "budget.used %zu, want 1000; contents kept", b.used);
	CHECK(budget_calloc(&b, 1) == NULL, "calloc past the limit allowed");
	q = budget_realloc(&b, p, 1000, 10);
	CHECK(q != NULL, "shrinking refused");
	if (q)
		p = q;
	CHECK(b.used == 10, "budget.used %zu after shrinking, want 10", b.used);
	z = budget_calloc(&b, 100);
	CHECK(z && z[0] == 0 && z[99] == 0 && b.used == 110, "calloc: not zeroed or not counted");
	budget_free(&b, z, 100);
	budget_free(&b, p, 10);
	CHECK(b.used == 0, "budget_free left used %zu", b.used);
}

/* Hash compaction: states found by hash alone, the table grown from the
 * hashes, and the arena keeping only the states not released. */
static void test_compact(void)
{
	struct budget b = { .limit = 0 };
	struct visited v;
	struct pstate s;
	uint32_t idx;
	int wrong = 0, lost = 0;
	const int n = 3000;

	CHECK(visited_init(&v, BYTES, 4, 0, &b, 1) == 0, "compact visited_init failed");
	for (int i = 0; i < n; i++) {
		make_state(&s, (uint32_t)i);
		if (ins(&v, &s, &idx) != VISITED_NEW || idx != (uint32_t)i)
			wrong++;
		if (i == 1000)
			visited_release(&v, 900);
	}
	CHECK(wrong == 0, "compact: %d of %d inserts not NEW in order", wrong, n);
	CHECK(v.base == 900, "compact: arena starts at %u, want 900", v.base);
	for (int i = 0; i < n; i++) {
		make_state(&s, (uint32_t)i);
		if (ins(&v, &s, &idx) != VISITED_OLD || idx != (uint32_t)i)
			lost++;
	}
	CHECK(lost == 0, "compact: %d of %d states not found, or at another index", lost, n);
	wrong = 0;
	for (int i = 900; i < n; i++) {
		make_state(&s, (uint32_t)i);
		wrong += !same_bytes(visited_state(&v, (uint32_t)i), &s);
	}
	CHECK(wrong == 0, "compact: %d kept states are not what was inserted", wrong);
	CHECK(v.mask + 1 >= 4096 && b.used >= (v.mask + 1) * 12,
	      "compact: %llu slots, %zu bytes: a hash and an index per slot",
	      (unsigned long long)(v.mask + 1), b.used);
	visited_free(&v);
	CHECK(b.used == 0, "compact: budget.used %zu after visited_free, want 0", b.used);
}

int main(void)
{
	test_insert_and_find();
	test_near_miss();
	test_growth();
	test_max_states();
	test_budget_too_small_for_table();
	test_budget_too_small_for_arena();
	test_budget_too_small_for_growth();
	test_budget();
	test_compact();
	return unit_done("test_visited");
}
