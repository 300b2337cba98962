/*
 * state.c - initial state and equality of model states (the visited set
 * hashes them packed: model/pack.c).
 */
#include <string.h>

#include "scenario.h"
#include "state.h"

void state_init(struct state *s, const struct scenario *sc)
{
	(void)sc;
	memset(s, 0, sizeof(*s));	/* padding and unused slots: zero */
	for (int i = 0; i < MAX_THREADS; i++) {
		s->t[i].pc = PC_USER;
		s->t[i].blk = NO_BLOCK;
	}
	memset(s->map, NO_BLOCK, sizeof(s->map));
	memset(s->pte, PTE_NONE, sizeof(s->pte));
	memset(s->data, VAL_STALE, sizeof(s->data));
	memset(s->media, VAL_STALE, sizeof(s->media));
	memset(s->flight, FLIGHT_NONE, sizeof(s->flight));
	memset(s->committed, NO_BLOCK, sizeof(s->committed));
	memset(s->durable, NO_BLOCK, sizeof(s->durable));
}

int state_equal(const struct state *a, const struct state *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}
