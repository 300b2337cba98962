/*
 * visited.c - open addressing with linear probing over a power-of-two
 * table, kept at most three quarters full.  A slot holds the high 32 bits
 * of the state's hash, so most mismatches are rejected without touching
 * the arena, and the state's index + 1.  Growing rehashes from the arena.
 */
#include <string.h>

#include "../model/pack.h"
#include "visited.h"

#define ARENA_MIN	1024

int visited_init(struct visited *v, size_t bytes, unsigned bits, uint64_t max_states,
		 struct budget *b)
{
	size_t slots;

	memset(v, 0, sizeof(*v));
	v->budget = b;
	v->bytes = bytes;
	v->max_states = max_states;
	if (bits < 4)
		bits = 4;
	if (bits > 40)
		bits = 40;
	slots = (size_t)1 << bits;
	if (budget_resize(b, (void **)&v->table, 0, slots * sizeof(uint64_t)))
		return -1;
	memset(v->table, 0, slots * sizeof(uint64_t));
	v->mask = slots - 1;
	return 0;
}

/* Put index idx, whose state hashes to h, into the first free slot. */
static void place(uint64_t *table, uint64_t mask, uint64_t h, uint32_t idx)
{
	uint64_t i = h & mask;

	while (table[i])
		i = (i + 1) & mask;
	table[i] = (h >> 32) << 32 | ((uint64_t)idx + 1);
}

static int grow_table(struct visited *v)
{
	size_t old = (v->mask + 1) * sizeof(uint64_t);
	uint64_t *t = NULL;
	uint64_t mask = v->mask * 2 + 1;

	if (budget_resize(v->budget, (void **)&t, 0, old * 2))
		return -1;
	memset(t, 0, old * 2);
	for (uint32_t i = 0; i < v->n; i++)
		place(t, mask, pack_hash(visited_state(v, i), v->bytes), i);
	budget_free(v->budget, (void **)&v->table, old);
	v->table = t;
	v->mask = mask;
	return 0;
}

static int grow_arena(struct visited *v)
{
	uint32_t cap = v->cap ? v->cap * 2 : ARENA_MIN;

	if (cap <= v->cap)	/* 2^32 states: the index would overflow */
		return -1;
	if (budget_resize(v->budget, (void **)&v->states, (size_t)v->cap * v->bytes,
			  (size_t)cap * v->bytes))
		return -1;
	v->cap = cap;
	return 0;
}

/* Returns 1 if the packed states a and b (bytes, a multiple of 8) are
 * equal. */
static int same(const unsigned char *a, const unsigned char *b, size_t bytes)
{
	uint64_t diff = 0;

	for (size_t i = 0; i < bytes; i += 8) {
		uint64_t x, y;

		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		diff |= x ^ y;
	}
	return diff == 0;
}

/* The slot holding p, or the empty slot where it would go. */
static uint64_t probe(const struct visited *v, const unsigned char *p, uint64_t h)
{
	uint64_t tag = (h >> 32) << 32;
	uint64_t i = h & v->mask;

	for (; v->table[i]; i = (i + 1) & v->mask) {
		uint64_t slot = v->table[i];
		uint32_t j = (uint32_t)(slot & 0xffffffffu) - 1;

		if ((slot & ~0xffffffffULL) == tag &&
		    same(visited_state(v, j), p, v->bytes))
			return i;
	}
	return i;
}

int visited_find(const struct visited *v, const unsigned char *p, uint64_t h, uint32_t *idx)
{
	uint64_t slot = v->table[probe(v, p, h)];

	if (!slot)
		return 0;
	*idx = (uint32_t)(slot & 0xffffffffu) - 1;
	return 1;
}

enum visited_result visited_insert(struct visited *v, const unsigned char *p, uint64_t h,
				   uint32_t *idx)
{
	uint64_t i = probe(v, p, h);

	if (v->table[i]) {
		*idx = (uint32_t)(v->table[i] & 0xffffffffu) - 1;
		return VISITED_OLD;
	}
	if (v->max_states && v->n >= v->max_states)
		return VISITED_FULL;
	if (v->n == v->cap && grow_arena(v))
		return VISITED_FULL;
	if ((uint64_t)(v->n + 1) * 4 > (v->mask + 1) * 3) {
		if (grow_table(v))
			return VISITED_FULL;
		i = h & v->mask;
		while (v->table[i])
			i = (i + 1) & v->mask;
	}
	memcpy(v->states + (size_t)v->n * v->bytes, p, v->bytes);
	v->table[i] = ((h >> 32) << 32) | ((uint64_t)v->n + 1);
	*idx = v->n++;
	return VISITED_NEW;
}

void visited_free(struct visited *v)
{
	if (!v->table)
		return;
	budget_free(v->budget, (void **)&v->table, (v->mask + 1) * sizeof(uint64_t));
	budget_free(v->budget, (void **)&v->states, (size_t)v->cap * v->bytes);
}
