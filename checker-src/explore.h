/*
 * explore.h - exhaustive explicit-state search of every interleaving.
 */
#ifndef DAX_EXPLORE_H
#define DAX_EXPLORE_H

#include <stdint.h>

#include "../model/exec.h"
#include "property.h"

enum search_order { SEARCH_BFS, SEARCH_DFS };

/* Reductions (breadth-first only). */
enum explore_reduce {
	REDUCE_NONE,	/* every enabled step of every state */
	REDUCE_POR,	/* sleep sets (partial-order reduction): skip a step
			 * whose interleaving with independent steps another
			 * path already covers; every state is still stored */
	REDUCE_PERSISTENT,	/* persistent sets (model/ample.h): in a state
			 * where one thread's step is safe alone, take only
			 * it; fewer states are stored.  A violation found is
			 * then searched for again with sleep sets, bounded by
			 * its depth, for a shortest counterexample */
};

/* What the visited set stores (breadth-first only for HASH_COMPACT). */
enum explore_storage {
	STORAGE_EXACT,		/* whole packed states: exact */
	STORAGE_HASH_COMPACT,	/* 64-bit hashes: a state may be missed, with a
				 * probability the report gives */
};

/*
 * How to search.  Not every combination goes together: the reductions and
 * --workers run breadth-first only, and sleep sets neither with hash
 * compaction (they expand old states again, which it does not keep) nor
 * with symmetry (they name threads, which it renumbers).  The caller
 * passes a combination that does (main.c's check_combinations() decides
 * which for the command line); explore_run() takes it as it is.
 */
struct explore_opts {
	enum search_order order;
	uint64_t max_states;	/* stop, incomplete, past this many; 0 = no limit */
	size_t max_memory;	/* bytes; 0 = no limit */
	unsigned hash_bits;	/* initial table size, 2^bits slots */
	/* The properties judged; NULL: property_all.  The concurrency report
	 * passes a reachability goal instead. */
	const struct property *const *props;
	int nprops;
	enum explore_reduce reduce;
	enum explore_storage storage;
	int symmetry;		/* store one state per permutation of the threads
				 * that run the same program (model/pack.h) */
	int workers;		/* threads expanding states; 0 or 1: one */
	uint32_t max_depth;	/* breadth-first: expand no state this deep (0 =
				 * no bound), for the bounded search that follows
				 * persistent sets; "ok" then means no violation
				 * up to that depth */
	uint32_t batch;		/* breadth-first: states expanded per batch; 0:
				 * the default, 4096.  The answer never depends
				 * on it; the tests make it small so that a
				 * small model meets states stored by an
				 * earlier batch of the same level */
	int progress;		/* print progress on stderr ... */
	double progress_every;	/* ... this many seconds apart */
};

/* Which handler steps some explored transition executed (a step skipped
 * because its `when` failed is not executed): bit i % 64 of word i / 64
 * for step i.  Handlers have fewer than STEP_RETURN steps. */
struct explore_coverage {
	uint64_t bits[NR_HANDLERS][4];	/* by handler (enum handler_kind) */
};

#define GAVE_WAY_CRASH	1
#define GAVE_WAY_PMD	2

struct explore_stats {
	uint64_t states;	/* distinct states stored */
	uint64_t transitions;	/* steps taken, to new or known states */
	uint32_t max_depth;	/* deepest level reached */
	double seconds;
	size_t memory;		/* peak bytes the search allocated */
	size_t memory_limit;	/* --max-memory it ran under; 0 = none */
	size_t state_bytes;	/* bytes per packed state (model/pack.h) */
	enum search_order order;	/* the search as it ran */
	enum explore_reduce reduce;
	int reduce_gave_way;	/* persistent sets were asked for, but a crash
				 * scenario (GAVE_WAY_CRASH) or a model with
				 * PMD faults (GAVE_WAY_PMD) has none: reduce
				 * is what ran */
	enum explore_storage storage;
	int workers;
	int symmetric;		/* threads interchangeable with another, if
				 * symmetry reduction ran; else 0 */
	uint64_t reexpanded;	/* states expanded again because the partial-order
				 * reduction reached them with a smaller sleep set */
	uint64_t reexpanded_new;	/* states first found by such a re-expansion:
				 * if any, a counterexample may not be shortest */
	uint64_t reduced;	/* REDUCE_PERSISTENT: states expanded for one
				 * thread of several enabled */
	/* REDUCE_PERSISTENT after a violation: the bounded search with sleep
	 * sets that found a shortest counterexample. */
	int confirmed;		/* 1: it found one; 0: not run, or it stopped
				 * (a limit): the counterexample is the reduced
				 * search's, perhaps not the shortest */
	uint64_t confirm_states, confirm_transitions;
	char confirm_why[128];	/* why it stopped, when it did */
	struct explore_coverage cover;	/* steps executed, for the report */
};

enum explore_verdict {
	EXPLORE_OK,		/* exhaustive, no violation (with STORAGE_HASH_COMPACT:
				 * unless a state was missed, explore_missed()) */
	EXPLORE_VIOLATION,	/* schedule leads to `violated` */
	EXPLORE_INCOMPLETE,	/* stopped early: `why` says which limit, out of
				 * memory or interrupted (interrupt.h) */
};

struct explore_result {
	enum explore_verdict verdict;
	const struct property *violated;
	unsigned char *schedule;	/* thread of each step; caller frees */
	int len;
	char why[128];
	struct explore_stats stats;
};

/* An upper bound on the probability that hash compaction missed a state:
 * n(n-1)/2 pairs of states, each sharing a 64-bit hash with probability
 * 2^-64.  0 for exact storage. */
double explore_missed(const struct explore_stats *s);

/*
 * Search every interleaving of m from its initial state.  Threads are tried
 * in index order.  Breadth-first, the first violation found is reached by a
 * shortest schedule (with REDUCE_POR, unless stats.reexpanded_new; with
 * REDUCE_PERSISTENT, if stats.confirmed).  The
 * verdict, schedule and statistics (but for seconds) are the same for
 * every number of workers.  Returns 0, or -1 if not even the initial state could
 * be stored (r->why says so).
 */
int explore_run(const struct model *m, const struct explore_opts *o,
		struct explore_result *r);

/* Returns 1 if m has faults of two sizes (a huge page, or a strategy with
 * a PMD path): their steps have no futures, so no persistent sets. */
int explore_has_pmd(const struct model *m);

#endif
