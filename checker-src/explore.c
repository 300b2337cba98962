/*
 * explore.c - breadth-first (default) or depth-first search over the
 * state graph, with an exact visited set of packed states.
 *
 * Breadth-first, level by level: the arena of the visited set is the queue
 * (states are expanded in the order they were stored), and a level is cut
 * into batches of BATCH states (explore_opts.batch, for the tests).  A
 * batch is expanded in two phases:
 *
 *   1. expand (in parallel, --workers): unpack each state, take every step
 *      to be explored, pack the successor, hash it, look it up in the
 *      visited set (nobody inserts during this phase) and judge it;
 *      results go to fixed slots, state i's successor by thread t at
 *      i * nthreads + t, so where a result lands never depends on which
 *      worker computed it;
 *   2. merge (one thread, in slot order): count the transition, insert the
 *      successors not found, record parents, stop at the first violation.
 *
 * The merge order is the order a one-threaded search generates successors
 * in, so the verdict, the counterexample and every count are the same for
 * any number of workers.  Every transition is judged as it is generated,
 * and all schedules of length d are generated before any of length d+1:
 * the first violation found has a shortest schedule.
 *
 * Partial-order reduction (REDUCE_POR): sleep sets [Godefroid 1996, ch. 5],
 * with state caching.  Each state carries a sleep set: threads whose next
 * step need not be taken there, because a path already explored takes it
 * earlier, interleaved differently with steps independent of it
 * (model/footprint.h).  Expanding s with sleep set Z, the step of thread t
 * gives the successor the sleep set { x in Z or taken before t from s :
 * x independent of t in s }.  A state reached again keeps the intersection
 * of its sleep sets.  If the intersection drops a thread from the sleep
 * set of a state already expanded, that state is expanded again, at the
 * next level, for those threads only.  Sleep sets prune transitions, never
 * states: every reachable state is stored and judged, so state counts are
 * those of the unreduced search (tests check it), which is also why the
 * state properties, deadlock included, are preserved; the step-judged
 * properties are, because a step's footprint includes what its judgement
 * reads, so the pruned step had the same effect where it was taken.
 *
 * Persistent sets (REDUCE_PERSISTENT, the default): where model/ample.h
 * finds a thread whose next step is safe alone, only that step is taken,
 * so a state none of whose interleavings can matter is stored once, not
 * once per interleaving; ample.h's conditions include the cycle proviso.
 * Which states are stored then depends on the reduction, so a violation's
 * breadth-first depth is no longer the shortest; the search for it is
 * repeated with sleep sets, bounded by that depth, and the first violation
 * that finds is the one reported: the same as --reduce=sleep's.
 *
 * Depth-first order explores without reduction, in one thread.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <time.h>

#include "../model/ample.h"
#include "../model/footprint.h"
#include "../model/pack.h"
#include "explore.h"
#include "interrupt.h"
#include "progress.h"
#include "visited.h"

#define BATCH		4096	/* states expanded per batch */
#define GRAIN		64	/* states a worker takes at a time */
#define NO_PROP		0xff
#define MAX_WORKERS	64
#define MAX_JUDGED	32	/* properties a search can keep (judged()) */

/* One successor computed in phase 1, in its slot. */
struct succ {
	uint64_t hash;
	uint32_t found;		/* index + 1 if already stored, else 0 */
	uint16_t sleep;		/* its sleep set (REDUCE_POR) */
	uint8_t used;		/* the step was taken: the slot is a transition */
	uint8_t prop_new;	/* first violated property if the state is new */
	uint8_t prop_old;	/* ... if it is not (step properties only) */
	uint8_t h;		/* the handler whose step pc the step executed */
	int16_t pc;		/* handler step executed, -1 for a user step */
};

/* A state to expand in this level: a fresh one, or one expanded before
 * whose sleep set shrank (`redo`: the threads to take now). */
struct entry {
	uint32_t idx;
	uint16_t redo;		/* 0: a fresh expansion */
	uint8_t how;		/* REDUCE_PERSISTENT: EXPAND_* */
};

/* A state met again, at the end of its level, with the sleep set it was
 * met with (REDUCE_POR). */
struct pending {
	uint32_t idx;
	uint16_t sleep;
};

#define EXPAND_ALL	0	/* every enabled thread (or the sleep sets') */
#define EXPAND_ONE	1	/* one thread, of several enabled */

struct search {
	const struct model *m;
	const struct explore_opts *o;
	struct explore_result *r;
	struct budget budget;
	struct pack pk;
	struct visited v;
	uint32_t *parent;	/* parent[i]: the state state i was found from */
	uint8_t *tid;		/* tid[i]: the thread whose step found it */
	uint16_t *sleep;	/* sleep[i]: its sleep set (REDUCE_POR) */
	uint32_t *depth;	/* depth-first only */
	size_t cap_parent, cap_tid, cap_sleep, cap_depth;
	uint32_t *stack;	/* depth-first only */
	uint32_t sn, scap;
	size_t peak;
	const struct property *const *props;	/* those judged: see judged() */
	int nprops;
	const struct property *applied[MAX_JUDGED];
	int nthreads;
	int por;
	int ample;		/* persistent sets */
	int ample_flags;	/* AMPLE_* for the properties judged */
	int sym;		/* symmetry reduction: states stored canonical */

	/* The batch: entries, and nthreads successor slots per entry. */
	struct entry *batch;
	uint32_t nbatch;
	struct succ *succ;
	unsigned char *packed;	/* slot k's packed successor at k * pk.bytes */

	/* Re-expansions: (state, sleep set met) pairs of this level, and the
	 * entries they make for the next one. */
	struct pending *pend;
	size_t npend, pendcap;
	struct entry *redo;
	size_t nredo, redocap;

	/* Workers.  Search thread w (0: this one) has its own cache of the
	 * persistent-set analysis, memo[w]. */
	struct future_memo *memo[MAX_WORKERS];
	atomic_uint next;	/* next batch entry to take */
	mtx_t mu;
	cnd_t go, done;
	unsigned generation;	/* bumped to start a batch */
	int running;		/* workers still expanding this batch */
	int quit;
	double t0;
	struct progress prog;	/* the progress line */
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void note_peak(struct search *S)
{
	if (S->budget.used > S->peak)
		S->peak = S->budget.used;
}

static void incomplete(struct search *S, const char *why)
{
	S->r->verdict = EXPLORE_INCOMPLETE;
	snprintf(S->r->why, sizeof(S->r->why), "%s", why);
}

/* Which limit refused to store one more state (or node, or stack slot). */
static void full(struct search *S)
{
	if (S->budget.oom)
		incomplete(S, "out of memory: an allocation failed");
	else if (S->o->max_states && S->v.n >= S->o->max_states)
		incomplete(S, "--max-states reached");
	else
		incomplete(S, "--max-memory reached");
}

/* Grow *p, an array of *cap elements of size sz, to hold at least n. */
static void *grow(struct search *S, void *p, size_t *cap, size_t n, size_t sz)
{
	size_t c = *cap ? *cap : 1024;
	void *q;

	while (c < n)
		c *= 2;
	if (c == *cap)
		return p;
	q = budget_realloc(&S->budget, p, *cap * sz, c * sz);
	if (q)
		*cap = c;
	return q;
}


/* Record how state idx was reached.  Returns 0, or -1 out of memory. */
static int add_node(struct search *S, uint32_t idx, uint32_t parent, int tid, uint16_t sleep)
{
	size_t need = (size_t)idx + 1;
	uint32_t *parents, *depth;
	uint8_t *tids;
	uint16_t *sleeps;

	if (!(parents = grow(S, S->parent, &S->cap_parent, need, sizeof(*parents))))
		return -1;
	S->parent = parents;
	if (!(tids = grow(S, S->tid, &S->cap_tid, need, sizeof(*tids))))
		return -1;
	S->tid = tids;
	if (S->por) {
		if (!(sleeps = grow(S, S->sleep, &S->cap_sleep, need, sizeof(*sleeps))))
			return -1;
		S->sleep = sleeps;
	}
	if (S->o->order == SEARCH_DFS) {
		if (!(depth = grow(S, S->depth, &S->cap_depth, need, sizeof(*depth))))
			return -1;
		S->depth = depth;
	}
	S->parent[idx] = parent;
	S->tid[idx] = (uint8_t)tid;
	if (S->por)
		S->sleep[idx] = sleep;
	if (S->o->order == SEARCH_DFS) {
		S->depth[idx] = idx == parent ? 0 : S->depth[parent] + 1;
		if (S->depth[idx] > S->r->stats.max_depth)
			S->r->stats.max_depth = S->depth[idx];
	}
	return 0;
}

/* The schedule to state `parent`, then thread tid (if tid >= 0). */
static int build_schedule(struct search *S, uint32_t parent, int tid)
{
	int len = tid >= 0;
	unsigned char *sched;
	int i;

	for (uint32_t x = parent; x != 0; x = S->parent[x])
		len++;
	sched = malloc(len ? (size_t)len : 1);
	if (!sched)
		return -1;
	i = len;
	if (tid >= 0)
		sched[--i] = (unsigned char)tid;
	for (uint32_t x = parent; x != 0; x = S->parent[x])
		sched[--i] = S->tid[x];
	S->r->schedule = sched;
	S->r->len = len;
	return 0;
}

/*
 * Under symmetry reduction the stored states are canonical, and the
 * schedule names threads as each canonical state numbers them.  Replay it
 * from the initial state, tracking which real thread each canonical thread
 * is (sigma), and rewrite it with the real ones.
 */
static void concrete_schedule(struct search *S)
{
	int sigma[MAX_THREADS], perm[MAX_THREADS], next_sigma[MAX_THREADS];
	unsigned char *buf = malloc(S->pk.bytes);
	struct state s;

	if (!buf) {
		free(S->r->schedule);
		S->r->schedule = NULL;
		return;
	}
	for (int t = 0; t < S->nthreads; t++)
		sigma[t] = t;
	state_init(&s, S->m->sc);
	for (int k = 0; k < S->r->len; k++) {
		int t = S->r->schedule[k];
		struct effect e;

		S->r->schedule[k] = (unsigned char)sigma[t];
		exec_step(S->m, &s, t, &e);
		pack_state(&S->pk, &s, buf);
		pack_canon(&S->pk, buf, perm);
		for (int j = 0; j < S->nthreads; j++)
			next_sigma[j] = sigma[perm[j]];
		memcpy(sigma, next_sigma, sizeof(sigma));
		unpack_state(&S->pk, buf, &s);
	}
	free(buf);
}

static void violation(struct search *S, const struct property *p, uint32_t parent, int tid)
{
	S->r->verdict = EXPLORE_VIOLATION;
	S->r->violated = p;
	if (build_schedule(S, parent, tid) == 0 && S->sym)
		concrete_schedule(S);
	if (!S->r->schedule) {
		/* A violation nobody can be shown is no verdict. */
		S->r->violated = NULL;
		incomplete(S, "out of memory building the counterexample");
	}
}

/* Note that a transition executed handler step pc. */
static void cover(struct explore_coverage *c, enum handler_kind h, int pc)
{
	uint64_t *bits = c->bits[h];

	bits[pc / 64] |= (uint64_t)1 << (pc % 64);
}

/* The index in S->props of the first property violated by the step e into
 * s (judging state properties too if fresh), or NO_PROP. */
static uint8_t judge(const struct search *S, const struct state *s, const struct effect *e,
		     int fresh)
{
	const struct property *p = property_check(S->props, S->nprops, S->m, s, e, fresh);

	for (int i = 0; p && i < S->nprops; i++)
		if (S->props[i] == p)
			return (uint8_t)i;
	return NO_PROP;
}

/* ---- breadth-first: phase 1, expanding one batch entry -------------------- */

/* The successors of batch entry k's state cur by the threads in take:
 * packed, hashed, their table slots prefetched.  zs and *done are the
 * sleep-set bookkeeping (REDUCE_POR); whole 0 if next[]'s persistence
 * fields hold their initial values and the scenario has no crashes, so
 * that copying the bytes before them is enough (state_copy). */
static void successors(struct search *S, uint32_t k, const struct state *cur, unsigned take,
		       unsigned zs, unsigned *done, const struct footprint *fp,
		       struct state *next, struct effect *eff, int whole)
{
	const struct model *m = S->m;
	const struct entry *en = &S->batch[k];
	int n = S->nthreads;

	for (int t = 0; t < n; t++) {
		struct succ *sc = &S->succ[(size_t)k * n + t];
		unsigned char *out = S->packed + ((size_t)k * n + t) * S->pk.bytes;
		enum handler_kind h = H_FAULT;
		int pc;

		if (!(take & (1u << t)))
			continue;
		pc = exec_pc(m, cur, t, &h);
		state_copy(&next[t], cur, whole);
		exec_step(m, &next[t], t, &eff[t]);
		sc->used = 1;
		sc->pc = (int16_t)pc;
		sc->h = (uint8_t)h;
		sc->sleep = 0;
		if (S->por) {
			unsigned cand = (zs | *done) & ~(1u << t);

			for (int x = 0; x < n; x++)
				if ((cand & (1u << x)) && footprint_independent(&fp[x], &fp[t]))
					sc->sleep |= (uint16_t)(1u << x);
			*done |= 1u << t;
		}
		pack_delta(&S->pk, cur, visited_state(&S->v, en->idx), &next[t], out);
		if (S->sym)
			pack_canon(&S->pk, out, NULL);
		sc->hash = pack_hash(out, S->pk.bytes);
		visited_prefetch(&S->v, sc->hash);
	}
}

/* Look the successors by the threads in take up, and judge them. */
static void lookups(struct search *S, uint32_t k, unsigned take, const struct state *next,
		    const struct effect *eff)
{
	int n = S->nthreads;

	for (int t = 0; t < n; t++) {
		struct succ *sc = &S->succ[(size_t)k * n + t];
		unsigned char *out = S->packed + ((size_t)k * n + t) * S->pk.bytes;

		if (!(take & (1u << t)))
			continue;
		sc->found = 0;
		if (visited_find(&S->v, out, sc->hash, &sc->found))
			sc->found++;
		/* The state properties are judged only for a state not seen
		 * before (property_check's `fresh`): for one already stored,
		 * judge the step alone.  A state not found here may still be
		 * stored by the merge first; its step verdict is the full one
		 * unless that names a state property. */
		if (sc->found) {
			sc->prop_new = NO_PROP;
			sc->prop_old = judge(S, &next[t], &eff[t], 0);
		} else {
			sc->prop_new = judge(S, &next[t], &eff[t], 1);
			sc->prop_old = sc->prop_new == NO_PROP ||
				       S->props[sc->prop_new]->kind == PROP_STEP ?
				       sc->prop_new : judge(S, &next[t], &eff[t], 0);
		}
	}
}

static void expand_entry(struct search *S, uint32_t k, struct future_memo *memo)
{
	const struct model *m = S->m;
	struct entry *en = &S->batch[k];
	struct footprint fp[MAX_THREADS];
	/* The memo's working states, whose persistence fields a crash-free
	 * search need not copy, and whose cur only unpacking writes (a memo
	 * is one search's own), so that it already holds what the packing
	 * leaves out; a search without persistent sets has no memo, and
	 * copies whole states. */
	struct work_states local, *w = memo ? future_memo_states(memo, m->sc) : &local;
	struct state *cur = &w->cur, *next = w->next;
	struct effect eff[MAX_THREADS];
	unsigned enabled = 0, take, done = 0, zs = 0;
	int n = S->nthreads, whole = !memo || m->sc->crash;

	if (whole)
		unpack_state(&S->pk, visited_state(&S->v, en->idx), cur);
	else
		unpack_over(&S->pk, visited_state(&S->v, en->idx), cur);
	for (int t = 0; t < n; t++) {
		S->succ[(size_t)k * n + t].used = 0;
		if (exec_enabled(m, cur, t))
			enabled |= 1u << t;
	}
	en->how = EXPAND_ALL;
	if (S->por) {
		zs = S->sleep[en->idx];
		/* A re-expansion takes the threads dropped from the sleep
		 * set; the others were taken the first time. */
		take = en->redo ? en->redo & enabled : enabled & ~zs;
		done = en->redo ? enabled & ~(zs | en->redo) : 0;
		for (int t = 0; t < n; t++)
			if (enabled & (1u << t))
				footprint_next(m, cur, t, &fp[t]);
	} else if (S->ample) {
		take = ample_choose(memo, m, cur, enabled, S->ample_flags);
		if (take != enabled)
			en->how = EXPAND_ONE;
	} else {
		take = enabled;
	}
	/* First every successor, packed and hashed, with its table slot
	 * prefetched; then the lookups, whose cache misses now overlap. */
	successors(S, k, cur, take, zs, &done, fp, next, eff, whole);
	lookups(S, k, take, next, eff);
}

/* Take batch entries GRAIN at a time until none is left. */
static void expand_share(struct search *S, struct future_memo *memo)
{
	for (;;) {
		uint32_t k = atomic_fetch_add(&S->next, GRAIN);

		if (k >= S->nbatch)
			return;
		for (uint32_t end = k + GRAIN < S->nbatch ? k + GRAIN : S->nbatch; k < end; k++)
			expand_entry(S, k, memo);
	}
}

struct worker {
	struct search *S;
	int id;			/* 1.. (0 is the thread that merges) */
};

static int worker(void *arg)
{
	const struct worker *me = arg;
	struct search *S = me->S;
	unsigned seen = 0;

	for (;;) {
		mtx_lock(&S->mu);
		while (S->generation == seen && !S->quit)
			cnd_wait(&S->go, &S->mu);
		if (S->quit) {
			mtx_unlock(&S->mu);
			return 0;
		}
		seen = S->generation;
		mtx_unlock(&S->mu);
		expand_share(S, S->memo[me->id]);
		mtx_lock(&S->mu);
		if (--S->running == 0)
			cnd_signal(&S->done);
		mtx_unlock(&S->mu);
	}
}

/* Phase 1 over the current batch, with every worker and this thread. */
static void expand_batch(struct search *S, int nworkers)
{
	atomic_store(&S->next, 0);
	if (nworkers > 0) {
		mtx_lock(&S->mu);
		S->running = nworkers;
		S->generation++;
		cnd_broadcast(&S->go);
		mtx_unlock(&S->mu);
	}
	expand_share(S, S->memo[0]);
	if (nworkers > 0) {
		mtx_lock(&S->mu);
		while (S->running > 0)
			cnd_wait(&S->done, &S->mu);
		mtx_unlock(&S->mu);
	}
}

/* ---- breadth-first: phase 2, merging a batch ------------------------------- */

static int pend(struct search *S, uint32_t idx, uint16_t sleep)
{
	struct pending *p = grow(S, S->pend, &S->pendcap, S->npend + 1, sizeof(*p));

	if (!p)
		return -1;
	S->pend = p;
	S->pend[S->npend].idx = idx;
	S->pend[S->npend].sleep = sleep;
	S->npend++;
	return 0;
}

/* Merge the batch in slot order.  level_end: the first state of the next
 * level.  Returns 1 when the search must stop. */
static int merge_batch(struct search *S, uint32_t level_end, uint32_t level)
{
	int n = S->nthreads;

	for (uint32_t k = 0; k < S->nbatch; k++) {
		uint32_t idx = S->batch[k].idx;

		if (interrupt_pending()) {
			incomplete(S, interrupt_why());
			return 1;
		}
		if (S->batch[k].redo)
			S->r->stats.reexpanded++;
		S->r->stats.reduced += S->batch[k].how == EXPAND_ONE;
		for (int t = 0; t < n; t++) {
			const struct succ *sc = &S->succ[(size_t)k * n + t];
			const unsigned char *st = S->packed + ((size_t)k * n + t) * S->pk.bytes;
			enum visited_result vr = VISITED_OLD;
			uint32_t j = sc->found - 1;
			uint8_t p;

			if (!sc->used)
				continue;
			S->r->stats.transitions++;
			if (sc->pc >= 0)
				cover(&S->r->stats.cover, (enum handler_kind)sc->h, sc->pc);
			if (!sc->found) {
				vr = visited_insert(&S->v, st, sc->hash, &j);
				if (vr == VISITED_NEW && add_node(S, j, idx, t, sc->sleep))
					vr = VISITED_FULL;
				if (vr == VISITED_NEW && S->batch[k].redo)
					S->r->stats.reexpanded_new++;
				if (vr == VISITED_NEW)
					S->r->stats.max_depth = level + 1;
			}
			note_peak(S);
			/* A state that could not be stored is still judged: the
			 * step that reached it is real even if the search must
			 * stop. */
			p = vr == VISITED_OLD ? sc->prop_old : sc->prop_new;
			if (p != NO_PROP) {
				violation(S, S->props[p], idx, t);
				return 1;
			}
			if (vr == VISITED_FULL) {
				full(S);
				return 1;
			}
			if (!S->por || vr == VISITED_NEW)
				continue;
			/* Met again: keep the intersection of the sleep sets. */
			if (j >= level_end)
				S->sleep[j] &= sc->sleep;
			else if ((S->sleep[j] & ~sc->sleep) && pend(S, j, sc->sleep)) {
				full(S);
				return 1;
			}
		}
	}
	return 0;
}

static int cmp_pend(const void *a, const void *b)
{
	const uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* End of a level: apply the sleep sets met by states already expanded and
 * list those to expand again.  The result does not depend on the order
 * the pairs were met in. */
static int settle_sleep(struct search *S)
{
	S->nredo = 0;
	if (S->npend == 0)
		return 0;
	/* Sort by state (the sleep set rides along; equal states end up
	 * adjacent, and intersection does not care about their order). */
	qsort(S->pend, S->npend, sizeof(*S->pend), cmp_pend);
	for (size_t i = 0; i < S->npend;) {
		uint32_t idx = S->pend[i].idx;
		uint16_t old = S->sleep[idx], z = old;

		for (; i < S->npend && S->pend[i].idx == idx; i++)
			z &= S->pend[i].sleep;
		S->sleep[idx] = z;
		if (old & ~z) {
			struct entry *r = grow(S, S->redo, &S->redocap, S->nredo + 1, sizeof(*r));

			if (!r)
				return -1;
			S->redo = r;
			S->redo[S->nredo].idx = idx;
			S->redo[S->nredo].redo = (uint16_t)(old & ~z);
			S->nredo++;
		}
	}
	S->npend = 0;
	return 0;
}

/* The progress line (progress.h), if it is due: level's done states of
 * size expanded, queued found and not yet expanded. */
static void progress(struct search *S, uint32_t level, uint64_t done, uint64_t size,
		     uint64_t queued)
{
	struct progress_now w = {
		.states = S->v.n, .dfs = S->o->order == SEARCH_DFS, .level = level,
		.level_size = size, .level_done = done, .queued = queued,
		.memory = S->budget.used, .limit = S->budget.limit,
	};

	progress_show(&S->prog, &w);
}

static void bfs(struct search *S)
{
	uint32_t level_start = 0, level_end = S->v.n, level = 0;
	uint32_t bsz = S->o->batch ? S->o->batch : BATCH;
	size_t slots = (size_t)bsz * S->nthreads;
	int nworkers = S->o->workers > 1 ? S->o->workers - 1 : 0;
	thrd_t th[MAX_WORKERS];
	struct worker who[MAX_WORKERS];
	int started = 0, memos = 0;
	size_t memo_bytes;

	if (nworkers > MAX_WORKERS - 1)
		nworkers = MAX_WORKERS - 1;
	/* At most an eighth of --max-memory, for the analysis caches. */
	memo_bytes = future_memo_bytes(S->budget.limit ? S->budget.limit / 8 : (size_t)-1);
	S->batch = budget_alloc(&S->budget, bsz * sizeof(*S->batch));
	S->succ = S->batch ? budget_alloc(&S->budget, slots * sizeof(*S->succ)) : NULL;
	S->packed = S->succ ? budget_alloc(&S->budget, slots * S->pk.bytes) : NULL;
	if (!S->packed) {
		full(S);
		goto out;
	}
	/* The analysis caches: this thread's counts against --max-memory; the
	 * other workers' do not, so that where a limit stops a search never
	 * depends on --workers (they are a few MiB each). */
	for (; S->ample && memos <= nworkers; memos++) {
		S->memo[memos] = memos == 0 ? budget_calloc(&S->budget, memo_bytes) :
				  calloc(1, memo_bytes);
		if (!S->memo[memos]) {
			S->budget.oom |= memos > 0;
			full(S);
			goto out;
		}
		future_memo_init(S->memo[memos], memo_bytes);
	}
	note_peak(S);
	mtx_init(&S->mu, mtx_plain);
	cnd_init(&S->go);
	cnd_init(&S->done);
	for (; started < nworkers; started++) {
		who[started] = (struct worker){ S, started + 1 };
		if (thrd_create(&th[started], worker, &who[started]) != thrd_success)
			break;
	}
	nworkers = started;

	while (level_start < level_end || S->nredo) {
		/* This level: the re-expansions, then the states found by the
		 * last level, bsz at a time. */
		size_t r = 0;
		uint32_t i = level_start;
		int stop = 0;

		if (S->o->max_depth && level >= S->o->max_depth)
			break;
		progress_level(&S->prog, level_end - level_start);

		while (!stop && (r < S->nredo || i < level_end)) {
			S->nbatch = 0;
			for (; S->nbatch < bsz && r < S->nredo; r++)
				S->batch[S->nbatch++] = S->redo[r];
			for (; S->nbatch < bsz && i < level_end; i++)
				S->batch[S->nbatch++] = (struct entry){ i, 0, 0 };
			expand_batch(S, nworkers);
			stop = merge_batch(S, level_end, level);
			progress(S, level, i - level_start, level_end - level_start,
				 (uint64_t)(level_end - i) + (S->v.n - level_end));
		}
		if (stop)
			break;
		if (S->por && settle_sleep(S)) {
			full(S);
			break;
		}
		level_start = level_end;
		level_end = S->v.n;
		level++;
		/* Hash compaction keeps only the states still to expand. */
		visited_release(&S->v, level_start);
	}

	mtx_lock(&S->mu);
	S->quit = 1;
	cnd_broadcast(&S->go);
	mtx_unlock(&S->mu);
	for (int w = 0; w < started; w++)
		thrd_join(th[w], NULL);
	cnd_destroy(&S->go);
	cnd_destroy(&S->done);
	mtx_destroy(&S->mu);
out:
	for (int w = 1; w < memos; w++)
		free(S->memo[w]);
	if (memos)
		budget_free(&S->budget, S->memo[0], memo_bytes);
	budget_free(&S->budget, S->batch, S->batch ? bsz * sizeof(*S->batch) : 0);
	budget_free(&S->budget, S->succ, S->succ ? slots * sizeof(*S->succ) : 0);
	budget_free(&S->budget, S->packed, S->packed ? slots * S->pk.bytes : 0);
}

/* ---- depth-first ------------------------------------------------------------ */

static int push(struct search *S, uint32_t idx)
{
	if (S->sn == S->scap) {
		uint32_t cap = S->scap ? S->scap * 2 : 1024;

		uint32_t *stack = budget_realloc(&S->budget, S->stack,
						 (size_t)S->scap * sizeof(*stack),
						 (size_t)cap * sizeof(*stack));

		if (!stack)
			return -1;
		S->stack = stack;
		S->scap = cap;
	}
	S->stack[S->sn++] = idx;
	return 0;
}

/* Expand state idx, pushing new states so that T0's successor is explored
 * first.  Returns 1 when the search must stop. */
static int dfs_expand(struct search *S, uint32_t idx, unsigned char *buf)
{
	const struct model *m = S->m;
	int order[MAX_THREADS], n = 0;
	struct state cur;

	unpack_state(&S->pk, visited_state(&S->v, idx), &cur);
	for (int t = 0; t < S->nthreads; t++)
		if (exec_enabled(m, &cur, t))
			order[n++] = t;
	for (int k = n - 1; k >= 0; k--) {
		enum handler_kind h = H_FAULT;
		int t = order[k], pc = exec_pc(m, &cur, t, &h);
		struct state next = cur;
		struct effect e;
		uint32_t j;
		enum visited_result vr;
		uint8_t p;

		exec_step(m, &next, t, &e);
		S->r->stats.transitions++;
		if (pc >= 0)
			cover(&S->r->stats.cover, h, pc);
		pack_state(&S->pk, &next, buf);
		if (S->sym)
			pack_canon(&S->pk, buf, NULL);
		vr = visited_insert(&S->v, buf, pack_hash(buf, S->pk.bytes), &j);
		if (vr == VISITED_NEW && add_node(S, j, idx, t, 0))
			vr = VISITED_FULL;
		note_peak(S);
		p = judge(S, &next, &e, vr != VISITED_OLD);
		if (p != NO_PROP) {
			violation(S, S->props[p], idx, t);
			return 1;
		}
		if (vr == VISITED_FULL || (vr == VISITED_NEW && push(S, j))) {
			full(S);
			return 1;
		}
	}
	return 0;
}

static void dfs(struct search *S)
{
	unsigned char *buf = malloc(S->pk.bytes);

	if (!buf || push(S, 0)) {
		if (!buf)
			S->budget.oom = 1;
		full(S);
		free(buf);
		return;
	}
	while (S->sn > 0) {
		if (interrupt_pending()) {
			incomplete(S, interrupt_why());
			break;
		}
		if (dfs_expand(S, S->stack[--S->sn], buf))
			break;
		progress(S, 0, 0, 0, S->sn);
	}
	free(buf);
}

double explore_missed(const struct explore_stats *s)
{
	double n = (double)s->states;

	if (s->storage != STORAGE_HASH_COMPACT)
		return 0;
	return n * (n - 1) / 2 / 18446744073709551616.0;
}

/* The properties S judges: those of props[0..n) that the model can
 * violate (property_judged), in their order.  A power failure's
 * properties find nothing without one, nor lost-wakeup under a strategy
 * whose threads never sleep, and asking them at every step of such a
 * search was a cost for nothing. */
static void judged(struct search *S, const struct property *const *props, int n)
{
	int k = 0;

	S->props = props;
	S->nprops = n;
	if (n > (int)(sizeof(S->applied) / sizeof(S->applied[0])))
		return;		/* more than fit: judge them all, which finds the same */
	for (int i = 0; i < n; i++)
		if (property_judged(props[i], S->m))
			S->applied[k++] = props[i];
	S->props = S->applied;
	S->nprops = k;
}

/* The overlap goals read every thread's fault window (model/ample.h). */
static int ample_flags(const struct property *const *props, int n)
{
	for (int i = 0; i < n; i++)
		if (props[i] == &property_overlap_same || props[i] == &property_overlap_other)
			return AMPLE_OVERLAP;
	return 0;
}

int explore_has_pmd(const struct model *m)
{
	return m->sc->huge_pages || m->st->h[H_PMD].n > 0;
}

/* One search of m; explore_run() may follow it with a second. */
static int run_search(const struct model *m, const struct explore_opts *o,
		      struct explore_result *r)
{
	struct search *S = calloc(1, sizeof(*S));
	struct state init;
	unsigned char *buf = NULL;
	uint32_t idx;
	uint8_t p;
	int rc = 0;
	enum explore_reduce reduce;

	memset(r, 0, sizeof(*r));
	if (!S) {
		r->verdict = EXPLORE_INCOMPLETE;
		snprintf(r->why, sizeof(r->why), "out of memory for the initial state");
		return -1;
	}
	S->t0 = now();
	/* The bounded search for a shortest counterexample is the second. */
	progress_start(&S->prog, o->progress, o->progress_every,
		       o->max_depth ? "shortest" : "search");
	S->m = m;
	S->o = o;
	S->r = r;
	S->budget.limit = o->max_memory;
	judged(S, o->props ? o->props : property_all, o->props ? o->nprops : property_count);
	S->nthreads = m->sc->nthreads;
	/* The options go together (explore.h): main.c decides which do. */
	pack_init(&S->pk, m->sc);
	S->sym = o->symmetry && S->pk.symmetric;
	/* The durability steps of a crash scenario have no futures the
	 * persistent-set reduction could use (model/prims/flush.c), nor have
	 * the steps of faults of two sizes (model/prims/pmd_entry.c): there it
	 * gives way to sleep sets, which store every state. */
	reduce = (m->sc->crash || explore_has_pmd(m)) && o->reduce == REDUCE_PERSISTENT ?
		 REDUCE_POR : o->reduce;
	S->por = reduce == REDUCE_POR && o->order == SEARCH_BFS &&
		 o->storage == STORAGE_EXACT && !S->sym;
	S->ample = reduce == REDUCE_PERSISTENT && o->order == SEARCH_BFS;
	S->ample_flags = ample_flags(S->props, S->nprops);
	r->verdict = EXPLORE_OK;
	r->stats.state_bytes = S->pk.bytes;
	r->stats.memory_limit = o->max_memory;
	r->stats.order = o->order;
	r->stats.reduce = S->ample ? REDUCE_PERSISTENT : S->por ? REDUCE_POR : REDUCE_NONE;
	r->stats.reduce_gave_way = r->stats.reduce == o->reduce ? 0 :
				   explore_has_pmd(m) && !m->sc->crash ? GAVE_WAY_PMD : GAVE_WAY_CRASH;
	r->stats.workers = o->workers > 1 ? o->workers : 1;
	r->stats.storage = o->storage;
	r->stats.symmetric = S->sym ? S->pk.symmetric : 0;

	state_init(&init, m->sc);
	if (!(buf = budget_alloc(&S->budget, S->pk.bytes)) ||
	    visited_init(&S->v, S->pk.bytes, o->hash_bits, o->max_states, &S->budget,
			 o->storage == STORAGE_HASH_COMPACT) ||
	    (pack_state(&S->pk, &init, buf),
	     visited_insert(&S->v, buf, pack_hash(buf, S->pk.bytes), &idx) != VISITED_NEW) ||
	    add_node(S, idx, idx, 0, 0)) {
		incomplete(S, S->budget.oom ? "out of memory for the initial state"
			   : "--max-memory too small for the initial state");
		rc = -1;
		goto out;
	}
	note_peak(S);
	p = judge(S, &init, NULL, 1);
	if (p != NO_PROP) {
		violation(S, S->props[p], idx, -1);
		goto out;
	}
	if (o->order == SEARCH_BFS)
		bfs(S);
	else
		dfs(S);
out:
	progress_end(&S->prog);
	r->stats.states = S->v.n;
	r->stats.memory = S->peak;
	r->stats.seconds = now() - S->t0;
	budget_free(&S->budget, buf, buf ? S->pk.bytes : 0);
	visited_free(&S->v);
	budget_free(&S->budget, S->parent, S->cap_parent * sizeof(uint32_t));
	budget_free(&S->budget, S->tid, S->cap_tid);
	budget_free(&S->budget, S->sleep, S->cap_sleep * sizeof(uint16_t));
	budget_free(&S->budget, S->depth, S->cap_depth * sizeof(uint32_t));
	budget_free(&S->budget, S->stack, (size_t)S->scap * sizeof(uint32_t));
	budget_free(&S->budget, S->pend, S->pendcap * sizeof(*S->pend));
	budget_free(&S->budget, S->redo, S->redocap * sizeof(*S->redo));
	free(S);
	return rc;
}

/*
 * A violation found with persistent sets: search again with sleep sets
 * (which store every state), no deeper than the violation was found, for
 * the first violation in breadth-first order, a shortest one.  If that
 * search stops first (a limit, Ctrl-C), the violation found stands, but
 * it may not be the shortest.
 */
static void confirm(const struct model *m, const struct explore_opts *o,
		    struct explore_result *r)
{
	struct explore_opts co = *o;
	struct explore_result cr;

	co.reduce = o->storage == STORAGE_EXACT && !o->symmetry ? REDUCE_POR : REDUCE_NONE;
	co.max_depth = (uint32_t)r->len;
	run_search(m, &co, &cr);
	r->stats.confirm_states = cr.stats.states;
	r->stats.confirm_transitions = cr.stats.transitions;
	r->stats.seconds += cr.stats.seconds;
	if (cr.stats.memory > r->stats.memory)
		r->stats.memory = cr.stats.memory;
	r->stats.reexpanded_new = cr.stats.reexpanded_new;
	if (cr.verdict == EXPLORE_VIOLATION) {
		free(r->schedule);
		r->schedule = cr.schedule;
		r->len = cr.len;
		r->violated = cr.violated;
		r->stats.confirmed = 1;
		return;
	}
	snprintf(r->stats.confirm_why, sizeof(r->stats.confirm_why), "%s",
		 cr.verdict == EXPLORE_INCOMPLETE ? cr.why : "none found within its depth");
	free(cr.schedule);
}

int explore_run(const struct model *m, const struct explore_opts *o,
		struct explore_result *r)
{
	int rc = run_search(m, o, r);

	if (rc == 0 && r->verdict == EXPLORE_VIOLATION && r->stats.reduce == REDUCE_PERSISTENT)
		confirm(m, o, r);
	return rc;
}

