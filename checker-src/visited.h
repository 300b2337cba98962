/*
 * visited.h - the set of states seen so far: an arena of packed states
 * (model/pack.h) in insertion order, indexed by an open-addressing hash
 * table.
 *
 * Exact: states are compared byte for byte, never by hash alone.  The
 * arena's order is the order states were found, which is all the explorer
 * iterates over, so nothing depends on the table's size or hash values.
 *
 * Lookups may run in several threads at once while nobody inserts (the
 * explorer's workers probe it between two merges, checker-src/explore.c);
 * inserts are made by one thread.
 *
 * Hash compaction (`compact`, --storage=hash-compact): a slot holds the
 * state's whole 64-bit hash and, beside it, its index; two states with the
 * same hash count as one, so a state may be missed, with a probability the
 * explorer reports.  The arena then keeps only the states not yet expanded:
 * visited_release() drops those before an index, and the memory per state
 * is the table's alone.
 */
#ifndef DAX_VISITED_H
#define DAX_VISITED_H

#include <stddef.h>
#include <stdint.h>

#include "budget.h"

struct visited {
	unsigned char *states;	/* the arena: state i at states + (i - base) * bytes */
	size_t bytes;		/* packed state size, a multiple of 8 */
	uint32_t n;		/* states stored */
	uint32_t base;		/* the first state still in the arena */
	uint32_t cap;		/* arena capacity */
	int compact;		/* hash compaction */
	uint64_t *table;	/* slot: (hash >> 32) << 32 | (index + 1); 0 = empty;
				 * compact: the hash (never 0) */
	uint32_t *index;	/* compact: the index of slot i's state */
	uint64_t mask;		/* table slots - 1 (a power of two minus one) */
	uint64_t max_states;	/* refuse to store more; 0 = no limit */
	struct budget *budget;
};

enum visited_result {
	VISITED_NEW,		/* inserted: *idx is its index */
	VISITED_OLD,		/* already present: *idx is its index */
	VISITED_FULL,		/* new, but out of memory, budget or max_states:
				 * nothing inserted */
};

/*
 * Start an empty set of packed states of `bytes` bytes with 2^bits table
 * slots, storing at most max_states states (0 = no limit).  Returns 0, or
 * -1 out of memory.
 */
int visited_init(struct visited *v, size_t bytes, unsigned bits, uint64_t max_states,
		 struct budget *b, int compact);

/* Compact only: drop the states before index `from` from the arena. */
void visited_release(struct visited *v, uint32_t from);

/* Find packed state p, whose pack_hash is h.  Returns 1 with *idx set if
 * present, 0 if not. */
int visited_find(const struct visited *v, const unsigned char *p, uint64_t h, uint32_t *idx);

/* Insert packed state p, whose pack_hash is h, unless present. */
enum visited_result visited_insert(struct visited *v, const unsigned char *p, uint64_t h,
				   uint32_t *idx);

/* Start loading the table slot where a state hashing to h would be. */
static inline void visited_prefetch(const struct visited *v, uint64_t h)
{
#if defined(__GNUC__)
	__builtin_prefetch(&v->table[h & v->mask]);
#else
	(void)v;
	(void)h;
#endif
}

static inline const unsigned char *visited_state(const struct visited *v, uint32_t idx)
{
	return v->states + (size_t)(idx - v->base) * v->bytes;
}

void visited_free(struct visited *v);

#endif
