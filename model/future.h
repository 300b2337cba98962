/*
 * future.h - what a thread may still touch: an over-approximation of the
 * footprints of every step a thread can take from now on, for the state
 * reduction (model/ample.h).
 *
 * The analysis runs the thread's remaining program and handler tables
 * abstractly.  Its handler locals are sets (the block get_block returned
 * is one of a set of blocks, or none), its `when` conditions split those
 * sets, and the shared objects it reads come from an environment: for
 * each page, the set of values its block map entry, PTE (in any process:
 * one set for them all), hole-page cache
 * bit and unwritten bit may hold from now on, and the set of blocks a
 * future allocation may hand out.  The environment starts from the state's
 * values and grows by what the threads' futures may write, to a fixed
 * point (future_fixpoint).  This is what makes the reduction value-aware:
 * once a page's block is mapped and nobody can punch it, every later
 * get_block of the page returns that block, so nobody allocates for it,
 * zeroes, or takes the allocation lock again.
 *
 * Some threads may be frozen: the reduction asks what the others can do
 * on paths where the frozen threads never move.  A frozen thread writes
 * nothing, and the locks it holds stay held, so another thread's future
 * ends at a step that would take such a lock in a conflicting mode.
 */
#ifndef DAX_FUTURE_H
#define DAX_FUTURE_H

#include "exec.h"
#include "footprint.h"

/* Value sets.  A block map entry: bits 0-7 a block, FE_HOLE no block.  A
 * PTE: bits 0-7 a block, FE_NONE no PTE, FE_HPAGE the hole page.  A bit
 * (hole-page cache, unwritten): FE_0 clear, FE_1 set. */
#define FE_BLOCKS	0x00ff
#define FE_HOLE		0x0100
#define FE_NONE		0x0100
#define FE_HPAGE	0x0200
#define FE_0		0x01
#define FE_1		0x02

struct future_env {
	uint16_t map[MAX_PAGES];
	uint16_t pte[MAX_PAGES];
	uint8_t cache[MAX_PAGES];
	uint8_t unwritten[MAX_PAGES];
	uint8_t alloc;		/* blocks a future allocation may take */
	uint8_t pad[7];		/* zero: environments are compared as bytes */
};

/* Locks frozen threads hold: in the footprint lock layout (footprint.h),
 * the shared bit of an instance if held shared, the next bit if held
 * exclusive; words FP_MISC and FP_PLOCK. */
struct future_frozen {
	uint64_t misc, plock;
};

/* What one thread may do from now on. */
struct future {
	struct footprint fp;	/* every object its future steps may touch */
	struct future_env w;	/* the values they may write (as sets) */
};

/* A cache of each thread's futures, which depend only on the thread's
 * position and locals, the environment and the frozen locks.  One per
 * search thread; never shared. */
struct future_memo;

/* The size of a memo that fits in `most` bytes if any does (a smaller
 * one is slower, never different), and making zeroed memory of that
 * size, `bytes`, an empty memo (calloc'ed memory costs nothing until a
 * page is touched, which matters to the many small searches). */
size_t future_memo_bytes(size_t most);
void future_memo_init(struct future_memo *fm, size_t bytes);

/*
 * The working states of the search thread that owns memo fm (the state it
 * expands, its successors, and the one the persistent-set analysis tries a
 * step in: checker-src/explore.c, model/ample.c), for a search of scenario
 * sc.  Without crashes (sc->crash 0), their persistence fields hold the
 * initial state's, so that state_copy() of a crash-free state into them
 * may copy only the bytes before those; they are filled with state_init()
 * when that is not known to hold (a new memo, or one a crash search used).
 */
struct work_states {
	struct state cur;			/* the state expanded */
	struct state next[MAX_THREADS];		/* its successor by each thread */
	struct state step;			/* model/ample.c's trial step */
};

/* A memo begins with its working states (inline: they are asked for at
 * every state a search expands). */
struct future_memo_work {
	struct work_states states;
	int initial;		/* their persistence fields are initial */
};
/* Fill w's states with state_init(): future_memo_states()'s slow path. */
void future_memo_work_init(struct future_memo_work *w, const struct scenario *sc);

static inline struct work_states *future_memo_states(struct future_memo *fm,
						     const struct scenario *sc)
{
	struct future_memo_work *w = (struct future_memo_work *)(void *)fm;

	if (sc->crash)
		w->initial = 0;		/* a crash search writes them */
	else if (!w->initial)
		future_memo_work_init(w, sc);
	return &w->states;
}

/* The environment of state s: each object's present value only. */
void future_env_init(const struct model *m, const struct state *s, struct future_env *env);

/*
 * The futures of every thread not in `frozen` (a bit per thread) and not
 * done, under the least environment that contains the state's values and
 * everything those futures may write: fp[t], the footprint of each such
 * t's future, and the environment in *env if env is not NULL.  The locks
 * the frozen threads hold stay held.  Returns 0, or -1 if some future
 * could not be enumerated.
 */
int future_fixpoint(struct future_memo *fm, const struct model *m, const struct state *s,
		    unsigned frozen, struct footprint fp[MAX_THREADS], struct future_env *env);

/*
 * For the tests only, never set by the checker: a way to break the
 * analysis on purpose, so that the tests of the reduction can show they
 * notice (tests/unit/test_ample.c, test_differential.c).
 */
enum {
	FUTURE_BREAK_NONE,
	FUTURE_BREAK_ILOCK,	/* the allocation lock (ILOCK and the locks that
				 * stand for it) treated as private: its takes
				 * and releases are forgotten, and nobody stops
				 * at it */
	FUTURE_BREAK_DATA,	/* block contents treated as private: the
				 * stores and zeroing of other threads forgotten */
};
extern int future_test_break;

#endif
