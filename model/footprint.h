/*
 * footprint.h - which parts of the shared state a thread's next step reads
 * and writes, in the state it is taken from: the independence relation of
 * the partial-order reduction (checker-src/explore.c).
 *
 * Unlike prim_info's per-primitive summary (OBJ_*), a footprint names the
 * exact objects: this block's word, this page's PTE, this lock instance.
 * Three kinds of access:
 *   read    the step's enabledness, result, effect or judged property
 *           depends on the object;
 *   write   the step changes it;
 *   count   the step takes or releases a lock shared: shared holders do
 *           not exclude one another, so two such steps commute, while
 *           anything that reads the holders (an exclusive take) does not.
 * Two enabled steps of different threads are independent in a state when
 * neither writes what the other touches and neither counts what the other
 * reads: then each stays enabled after the other, and taking them in either
 * order gives the same state and the same two effects.  tests/unit/
 * test_footprint.c checks exactly that on every reachable state of every
 * scenario under every strategy and known-bad twin.
 */
#ifndef DAX_FOOTPRINT_H
#define DAX_FOOTPRINT_H

#include "exec.h"

#define FP_WORDS	4

struct footprint {
	uint64_t read[FP_WORDS];
	uint64_t write[FP_WORDS];
	uint64_t count[FP_WORDS];
};

/* The footprint of thread tid's next step in s (tid must be enabled). */
void footprint_next(const struct model *m, const struct state *s, int tid,
		    struct footprint *fp);

/* Returns 1 if steps with footprints a and b are independent. */
static inline int footprint_independent(const struct footprint *a, const struct footprint *b)
{
	uint64_t clash = 0;

	for (int i = 0; i < FP_WORDS; i++)
		clash |= (a->write[i] & (b->read[i] | b->write[i] | b->count[i])) |
			 (b->write[i] & (a->read[i] | a->count[i])) |
			 (a->count[i] & b->read[i]) | (b->count[i] & a->read[i]);
	return clash == 0;
}

#endif
