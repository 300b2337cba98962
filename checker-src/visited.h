/*
 * visited.h - the set of states seen so far: an arena of whole states in
 * insertion order, indexed by an open-addressing hash table.
 *
 * Exact: states are compared byte for byte, never by hash alone.  The
 * arena's order is the order states were found, which is all the explorer
 * iterates over, so nothing depends on the table's size or hash values.
 */
#ifndef DAX_VISITED_H
#define DAX_VISITED_H

#include <stdint.h>

#include "../model/state.h"
#include "budget.h"

struct visited {
	struct state *states;	/* the arena: state i is states[i] */
	uint32_t n;		/* states stored */
	uint32_t cap;		/* arena capacity */
	uint64_t *table;	/* slot: (hash >> 32) << 32 | (index + 1); 0 = empty */
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
 * Start an empty set with 2^bits table slots, storing at most max_states
 * states (0 = no limit).  Returns 0, or -1 out of memory.
 */
int visited_init(struct visited *v, unsigned bits, uint64_t max_states, struct budget *b);

/* Insert s unless present. */
enum visited_result visited_insert(struct visited *v, const struct state *s, uint32_t *idx);

static inline const struct state *visited_state(const struct visited *v, uint32_t idx)
{
	return &v->states[idx];
}

void visited_free(struct visited *v);

#endif
