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
		 struct budget *b, int compact)
{
	size_t slots;

	memset(v, 0, sizeof(*v));
	v->budget = b;
	v->bytes = bytes;
	v->compact = compact;
	v->max_states = max_states;
	if (bits < 4)
		bits = 4;
	if (bits > 40)
		bits = 40;
	slots = (size_t)1 << bits;
	if (!(v->table = budget_alloc(b, slots * sizeof(uint64_t))))
		return -1;
	if (compact && !(v->index = budget_alloc(b, slots * sizeof(uint32_t)))) {
		budget_free(b, v->table, slots * sizeof(uint64_t));
		v->table = NULL;
		return -1;
	}
	memset(v->table, 0, slots * sizeof(uint64_t));
	v->mask = slots - 1;
	return 0;
}

/* A compact slot's key: the hash, with 0 (an empty slot) taken as 1. */
static uint64_t key(uint64_t h)
{
	return h ? h : 1;
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
	size_t slots = v->mask + 1;
	uint64_t *t = NULL;
	uint32_t *ix = NULL;
	uint64_t mask = v->mask * 2 + 1;

	if (!(t = budget_alloc(v->budget, 2 * slots * sizeof(uint64_t))))
		return -1;
	if (v->compact && !(ix = budget_alloc(v->budget, 2 * slots * sizeof(uint32_t)))) {
		budget_free(v->budget, t, 2 * slots * sizeof(uint64_t));
		return -1;
	}
	memset(t, 0, 2 * slots * sizeof(uint64_t));
	if (v->compact) {
		/* The states are gone: rehash the hashes. */
		for (uint64_t i = 0; i < slots; i++) {
			uint64_t j;

			if (!v->table[i])
				continue;
			for (j = v->table[i] & mask; t[j]; j = (j + 1) & mask)
				;
			t[j] = v->table[i];
			ix[j] = v->index[i];
		}
		budget_free(v->budget, v->index, slots * sizeof(uint32_t));
		v->index = ix;
	} else {
		for (uint32_t i = 0; i < v->n; i++)
			place(t, mask, pack_hash(visited_state(v, i), v->bytes), i);
	}
	budget_free(v->budget, v->table, slots * sizeof(uint64_t));
	v->table = t;
	v->mask = mask;
	return 0;
}

static int grow_arena(struct visited *v)
{
	uint32_t cap = v->cap ? v->cap * 2 : ARENA_MIN;
	unsigned char *states;

	if (cap <= v->cap)	/* 2^32 states: the index would overflow */
		return -1;
	states = budget_realloc(v->budget, v->states, (size_t)v->cap * v->bytes,
				(size_t)cap * v->bytes);
	if (!states)
		return -1;
	v->states = states;
	v->cap = cap;
	return 0;
}

void visited_release(struct visited *v, uint32_t from)
{
	if (!v->compact || from <= v->base)
		return;
	memmove(v->states, visited_state(v, from), (size_t)(v->n - from) * v->bytes);
	v->base = from;
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

	if (v->compact) {
		for (; v->table[i] && v->table[i] != key(h); i = (i + 1) & v->mask)
			;
		return i;
	}
	for (; v->table[i]; i = (i + 1) & v->mask) {
		uint64_t slot = v->table[i];
		uint32_t j = (uint32_t)(slot & 0xffffffffu) - 1;

		if ((slot & ~0xffffffffULL) == tag &&
		    same(visited_state(v, j), p, v->bytes))
			return i;
	}
	return i;
}

/* The index of the state in occupied slot i. */
static uint32_t slot_index(const struct visited *v, uint64_t i)
{
	return v->compact ? v->index[i] : (uint32_t)(v->table[i] & 0xffffffffu) - 1;
}

int visited_find(const struct visited *v, const unsigned char *p, uint64_t h, uint32_t *idx)
{
	uint64_t i = probe(v, p, h);

	if (!v->table[i])
		return 0;
	*idx = slot_index(v, i);
	return 1;
}

enum visited_result visited_insert(struct visited *v, const unsigned char *p, uint64_t h,
				   uint32_t *idx)
{
	uint64_t i = probe(v, p, h);

	if (v->table[i]) {
		*idx = slot_index(v, i);
		return VISITED_OLD;
	}
	if (v->max_states && v->n >= v->max_states)
		return VISITED_FULL;
	if (v->n - v->base == v->cap && grow_arena(v))
		return VISITED_FULL;
	if ((uint64_t)(v->n + 1) * 4 > (v->mask + 1) * 3) {
		if (grow_table(v))
			return VISITED_FULL;
		i = probe(v, p, h);
	}
	memcpy(v->states + (size_t)(v->n - v->base) * v->bytes, p, v->bytes);
	if (v->compact) {
		v->table[i] = key(h);
		v->index[i] = v->n;
	} else {
		v->table[i] = ((h >> 32) << 32) | ((uint64_t)v->n + 1);
	}
	*idx = v->n++;
	return VISITED_NEW;
}

void visited_free(struct visited *v)
{
	if (!v->table)
		return;
	budget_free(v->budget, v->table, (v->mask + 1) * sizeof(uint64_t));
	if (v->index)
		budget_free(v->budget, v->index, (v->mask + 1) * sizeof(uint32_t));
	budget_free(v->budget, v->states, (size_t)v->cap * v->bytes);
	v->table = NULL;
	v->index = NULL;
	v->states = NULL;
}
