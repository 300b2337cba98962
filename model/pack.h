/*
 * pack.h - the compact encoding of a state that the visited set stores.
 *
 * struct state is sized for the largest scenario (10 threads, 8 pages of 8
 * words, the persistence fields: 384 bytes).  A search stores millions of states of one scenario,
 * so it stores them packed for that scenario: only its threads, pages and
 * words, small fields two to a byte, and block contents and shadow values
 * as 4-bit codes when the scenario stores few enough distinct values.  The
 * parts left out never leave their initial value, so unpacking over the
 * initial state gives the state back byte for byte (tests/unit/test_pack.c
 * checks that over every state of every scenario).
 */
#ifndef DAX_PACK_H
#define DAX_PACK_H

#include <stddef.h>
#include <stdint.h>

#include "scenario.h"
#include "state.h"

struct pack {
	size_t bytes;		/* packed size: a multiple of 8 */
	int threads, pages, words;
	int mms;		/* processes: page tables and PMD slots packed */
	int nibble;		/* data and shadow as 4-bit codes */
	int lownib;		/* ... and a value's code is its low 4 bits */
	int row;		/* bytes per packed row of `words` values */
	int crash;		/* the scenario's persistence fields are packed */
	int huge;		/* the huge page's fields are packed */
	int entries;		/* pentry alone is packed (`invalidate`) */
	int hiflags;		/* the thread flags above 15 are packed (TF_DSYNC
				 * with `mmap sync`, TF_HENTRY.. with a huge page) */
	int trec;		/* bytes per thread record: 5, one more with
				 * crashes, one more with hiflags */
	uint8_t code[256];	/* value -> code (0xff: not a value of this scenario) */
	uint8_t value[16];	/* code -> value */
	struct state init;	/* what every unpacked state starts from */
	/* Symmetry: threads with the same program are interchangeable.
	 * symclass[t] is the smallest thread with t's program in t's
	 * process. */
	int symclass[MAX_THREADS];
	int symmetric;		/* threads that share their program with another */
};

/* Lay out the encoding for scenario sc. */
void pack_init(struct pack *pk, const struct scenario *sc);

/* Write s, packed, to out[0..pk->bytes). */
void pack_state(const struct pack *pk, const struct state *s, unsigned char *out);

/* Pack s, a successor of `from`, whose packing is `packed`: the same bytes
 * as pack_state(), rewriting only the threads and rows that changed. */
void pack_delta(const struct pack *pk, const struct state *from, const unsigned char *packed,
		const struct state *s, unsigned char *out);

/* Rebuild the state packed in in[0..pk->bytes) into *s. */
void unpack_state(const struct pack *pk, const unsigned char *in, struct state *s);

/* The same over *s, which holds pk's initial state or the state last
 * unpacked over it (by this or unpack_state(), with pk), and which nothing
 * else has written since: only the fields the packing holds are written,
 * since the rest of every state of the scenario is its initial value. */
void unpack_over(const struct pack *pk, const unsigned char *in, struct state *s);

/*
 * Symmetry reduction: put packed state p in canonical form, the thread
 * records of each class of interchangeable threads in ascending byte
 * order, so that states differing only by a permutation of such threads
 * pack alike.  If perm is not NULL, perm[j] is the thread whose record is
 * now thread j's.  Swapping two threads with the same program changes
 * nothing the model or the properties can tell, so the canonical state
 * stands for all of them.
 */
void pack_canon(const struct pack *pk, unsigned char *p, int *perm);

/* A 64-bit hash of a packed state (multiply-xorshift, 8 bytes at a time). */
uint64_t pack_hash(const unsigned char *p, size_t bytes);

#endif
