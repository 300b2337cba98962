/*
 * state.c - initial state, hashing and equality of model states.
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
}

/*
 * The state is hashed 8 bytes at a time with a multiply-xorshift mix (the
 * finaliser of MurmurHash3 / splitmix64).  Nothing printed depends on hash
 * values: the explorer's order is that of its state arena, never of its
 * hash table, so output is the same for every table size and machine.
 */
static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

uint64_t state_hash(const struct state *s)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t h = 0x9e3779b97f4a7c15ULL;

	for (size_t i = 0; i < sizeof(*s); i += 8) {
		uint64_t w;

		memcpy(&w, p + i, 8);
		h = mix(h ^ w) + 0x9e3779b97f4a7c15ULL;
	}
	return mix(h);
}

int state_equal(const struct state *a, const struct state *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}
