/*
 * explore.c - breadth-first (default) or depth-first search over the
 * state graph, with an exact visited set.
 *
 * Breadth-first, the arena of the visited set is the queue: states are
 * expanded in the order they were stored.  Depth-first, a stack of arena
 * indices.  Every transition is judged as it is generated, so a violation
 * is reported at the step that commits it; with breadth-first order all
 * schedules of length d are generated before any of length d+1, hence the
 * first violation found has a shortest schedule.  Each stored state keeps
 * its parent and the thread that moved, to rebuild the schedule.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "explore.h"
#include "interrupt.h"
#include "visited.h"

struct node {
	uint32_t parent;
	uint32_t depth;
	uint8_t tid;
};

struct search {
	const struct model *m;
	const struct explore_opts *o;
	struct explore_result *r;
	struct budget budget;
	struct visited v;
	struct node *nodes;	/* nodes[i] describes state i */
	uint32_t ncap;
	uint32_t *stack;	/* depth-first only */
	uint32_t sn, scap;
	size_t peak;
	const struct property *const *props;
	int nprops;
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

/* Record how state idx was reached.  Returns 0, or -1 out of memory. */
static int add_node(struct search *S, uint32_t idx, uint32_t parent, int tid)
{
	if (idx >= S->ncap) {
		uint32_t cap = S->ncap ? S->ncap * 2 : 1024;

		if (budget_resize(&S->budget, (void **)&S->nodes,
				  (size_t)S->ncap * sizeof(struct node),
				  (size_t)cap * sizeof(struct node)))
			return -1;
		S->ncap = cap;
	}
	S->nodes[idx].parent = parent;
	S->nodes[idx].tid = (uint8_t)tid;
	S->nodes[idx].depth = idx == parent ? 0 : S->nodes[parent].depth + 1;
	if (S->nodes[idx].depth > S->r->stats.max_depth)
		S->r->stats.max_depth = S->nodes[idx].depth;
	return 0;
}

static int push(struct search *S, uint32_t idx)
{
	if (S->sn == S->scap) {
		uint32_t cap = S->scap ? S->scap * 2 : 1024;

		if (budget_resize(&S->budget, (void **)&S->stack,
				  (size_t)S->scap * sizeof(uint32_t),
				  (size_t)cap * sizeof(uint32_t)))
			return -1;
		S->scap = cap;
	}
	S->stack[S->sn++] = idx;
	return 0;
}

/* The schedule to state `parent`, then thread tid (if tid >= 0). */
static int build_schedule(struct search *S, uint32_t parent, int tid)
{
	int len = (int)S->nodes[parent].depth + (tid >= 0);
	unsigned char *sched = malloc(len ? (size_t)len : 1);
	int i = len;

	if (!sched)
		return -1;
	if (tid >= 0)
		sched[--i] = (unsigned char)tid;
	for (uint32_t x = parent; x != 0; x = S->nodes[x].parent)
		sched[--i] = S->nodes[x].tid;
	S->r->schedule = sched;
	S->r->len = len;
	return 0;
}

static void violation(struct search *S, const struct property *p, uint32_t parent, int tid)
{
	S->r->verdict = EXPLORE_VIOLATION;
	S->r->violated = p;
	if (build_schedule(S, parent, tid)) {
		/* A violation nobody can be shown is no verdict. */
		S->r->violated = NULL;
		incomplete(S, "out of memory building the counterexample");
	}
}

/* Note that a transition executed handler step pc. */
static void cover(struct explore_coverage *c, int punch, int pc)
{
	uint64_t *bits = punch ? c->punch : c->fault;

	bits[pc / 64] |= (uint64_t)1 << (pc % 64);
}

/*
 * Expand state idx: take every enabled thread's step, judge it, store the
 * new states.  Returns 1 when the search must stop (violation or limit).
 */
static int expand(struct search *S, uint32_t idx)
{
	const struct model *m = S->m;
	int order[MAX_THREADS], n = 0;
	struct state cur = *visited_state(&S->v, idx);

	for (int t = 0; t < m->sc->nthreads; t++)
		if (exec_enabled(m, &cur, t))
			order[n++] = t;
	for (int k = 0; k < n; k++) {
		/* Depth-first pushes in reverse so that T0's successor is
		 * explored first. */
		int t = S->o->order == SEARCH_DFS ? order[n - 1 - k] : order[k];
		struct state next = cur;
		struct effect e;
		const struct property *p;
		uint32_t j;
		enum visited_result vr;
		int punch, pc = exec_pc(m, &cur, t, &punch);

		exec_step(m, &next, t, &e);
		S->r->stats.transitions++;
		if (pc >= 0)
			cover(&S->r->stats.cover, punch, pc);
		vr = visited_insert(&S->v, &next, &j);
		if (vr == VISITED_NEW && add_node(S, j, idx, t))
			vr = VISITED_FULL;
		note_peak(S);
		/* A state that could not be stored is still judged: the step
		 * that reached it is real even if the search must stop. */
		p = property_check(S->props, S->nprops, m, &next, &e, vr != VISITED_OLD);
		if (p) {
			violation(S, p, idx, t);
			return 1;
		}
		if (vr == VISITED_FULL || (vr == VISITED_NEW && S->o->order == SEARCH_DFS &&
					   push(S, j))) {
			full(S);
			return 1;
		}
	}
	return 0;
}

int explore_run(const struct model *m, const struct explore_opts *o,
		struct explore_result *r)
{
	struct search S;
	struct state init;
	const struct property *p;
	uint32_t idx;
	double t0 = now();
	int rc = 0;

	memset(r, 0, sizeof(*r));
	memset(&S, 0, sizeof(S));
	S.m = m;
	S.o = o;
	S.r = r;
	S.budget.limit = o->max_memory;
	S.props = o->props ? o->props : property_all;
	S.nprops = o->props ? o->nprops : property_count;
	r->verdict = EXPLORE_OK;

	state_init(&init, m->sc);
	if (visited_init(&S.v, o->hash_bits, o->max_states, &S.budget) ||
	    visited_insert(&S.v, &init, &idx) != VISITED_NEW ||
	    add_node(&S, idx, idx, 0)) {
		incomplete(&S, S.budget.oom ? "out of memory for the initial state"
			   : "--max-memory too small for the initial state");
		rc = -1;
		goto out;
	}
	note_peak(&S);
	p = property_check(S.props, S.nprops, m, &init, NULL, 1);
	if (p) {
		violation(&S, p, idx, -1);
		goto out;
	}
	/* The interrupt flag is polled once per expansion: a few
	 * microseconds apart, and the search stops between two states. */
	if (o->order == SEARCH_BFS) {
		for (uint32_t i = 0; i < S.v.n; i++) {
			if (interrupt_pending()) {
				incomplete(&S, interrupt_why());
				break;
			}
			if (expand(&S, i))
				break;
		}
	} else {
		if (push(&S, idx)) {
			full(&S);
			goto out;
		}
		while (S.sn > 0) {
			if (interrupt_pending()) {
				incomplete(&S, interrupt_why());
				break;
			}
			if (expand(&S, S.stack[--S.sn]))
				break;
		}
	}
out:
	r->stats.states = S.v.n;
	r->stats.memory = S.peak;
	r->stats.seconds = now() - t0;
	visited_free(&S.v);
	budget_free(&S.budget, (void **)&S.nodes, (size_t)S.ncap * sizeof(struct node));
	budget_free(&S.budget, (void **)&S.stack, (size_t)S.scap * sizeof(uint32_t));
	return rc;
}
