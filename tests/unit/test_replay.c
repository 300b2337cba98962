/*
 * test_replay.c - end-to-end tests of explore_run and trace_replay: the
 * seed race's shortest counterexample, exhaustive proofs, limits, errors.
 */
#include <stdlib.h>
#include <string.h>

#include "../../checker-src/explore.h"
#include "../../checker-src/trace.h"
#include "../../checker-src/matrix.h"
#include "unit.h"
#include "../../checker-src/scenario_parse.h"
#include "../../checker-src/registry.h"

static struct scenario seed;	/* scenario_default(2, 1, 2): the seed race */
static struct model mg;		/* dax-generic on the seed race */
static struct model mz;		/* fs-zero-inside on the seed race */

static struct explore_opts opts(enum search_order order, uint64_t max_states,
				size_t max_memory, unsigned bits)
{
	struct explore_opts o = { .order = order, .max_states = max_states,
				  .max_memory = max_memory, .hash_bits = bits };

	return o;
}

/*
 * The length of the shortest schedule that violates a property, found by
 * trying every schedule of up to limit steps (no visited set, no search
 * order); limit + 1 if there is none.
 */
static int shortest_violation(const struct model *m, const struct state *s, int depth,
			      int limit)
{
	int best = limit + 1;

	for (int t = 0; t < m->sc->nthreads; t++) {
		struct state next = *s;
		struct effect e;
		int d;

		if (!exec_enabled(m, s, t))
			continue;
		exec_step(m, &next, t, &e);
		if (property_check(property_all, property_count, m, &next, &e, 1))
			return depth + 1;	/* nothing shorter from here */
		if (depth + 1 < limit) {
			d = shortest_violation(m, &next, depth + 1, limit);
			if (d < best)
				best = d;
		}
	}
	return best;
}

/*
 * The first violating schedule of exactly len steps in lexicographic order
 * (lower threads first), into sched.  Returns 1 if there is one.  With no
 * shorter violation, this is the one a breadth-first search that tries
 * threads in index order reports.
 */
static int first_violation(const struct model *m, const struct state *s, int depth,
			   int len, unsigned char *sched)
{
	for (int t = 0; t < m->sc->nthreads; t++) {
		struct state next = *s;
		struct effect e;

		if (!exec_enabled(m, s, t))
			continue;
		exec_step(m, &next, t, &e);
		sched[depth] = (unsigned char)t;
		if (property_check(property_all, property_count, m, &next, &e, 1)) {
			if (depth + 1 == len)
				return 1;
			continue;
		}
		if (depth + 1 < len && first_violation(m, &next, depth + 1, len, sched))
			return 1;
	}
	return 0;
}

/* Every reachable state, breadth-first, with a plain list: the reference. */
struct reach {
	int states;
	int transitions;
	int max_depth;
	int violations;
	int bad_ends;		/* finished states that lost a store */
};

#define REACH_MAX	4096

static void reachable(const struct model *m, struct reach *out)
{
	static struct state list[REACH_MAX];
	static int dist[REACH_MAX];
	int n = 1;

	memset(out, 0, sizeof(*out));
	state_init(&list[0], m->sc);
	dist[0] = 0;
	for (int i = 0; i < n; i++) {
		int enabled = 0;

		for (int t = 0; t < m->sc->nthreads; t++) {
			struct state next = list[i];
			struct effect e;
			int j;

			if (!exec_enabled(m, &list[i], t))
				continue;
			enabled++;
			exec_step(m, &next, t, &e);
			out->transitions++;
			if (property_check(property_all, property_count, m, &next, &e, 1))
				out->violations++;
			for (j = 0; j < n; j++)
				if (memcmp(&list[j], &next, sizeof(next)) == 0)
					break;
			if (j == n && n < REACH_MAX) {
				list[n] = next;
				dist[n] = dist[i] + 1;
				if (dist[n] > out->max_depth)
					out->max_depth = dist[n];
				n++;
			}
		}
		if (!enabled && exec_all_done(m, &list[i])) {
			/* Every thread's store is in the file at the end. */
			for (int t = 0; t < m->sc->nthreads; t++) {
				const struct op *op = &m->sc->prog[t].ops[0];
				int b = list[i].map[op->page];

				if (b == NO_BLOCK || list[i].data[b][op->word] != op->value)
					out->bad_ends++;
			}
		}
	}
	out->states = n;
}

/* --- the seed race under dax-generic ------------------------------------ */

static void test_seed_race_bfs(void)
{
	struct explore_opts o = opts(SEARCH_BFS, 0, 0, 16);
	struct explore_result r;
	struct state init;
	struct trace tr;
	char err[256] = "", sched[256], want[256];
	unsigned char first[64];
	int shortest, threads_seen = 0;
	size_t n = 0;

	CHECK(explore_run(&mg, &o, &r) == 0, "explore_run dax-generic failed: %s", r.why);
	CHECK(r.verdict == EXPLORE_VIOLATION, "dax-generic on the seed race: verdict %d, want "
	      "VIOLATION", r.verdict);
	CHECK(r.violated && strcmp(r.violated->name, "lost-store") == 0,
	      "dax-generic on the seed race violates '%s', want lost-store",
	      r.violated ? r.violated->name : "(none)");
	CHECK(r.schedule != NULL && r.len > 0, "no counterexample schedule (len %d)", r.len);
	if (r.verdict != EXPLORE_VIOLATION || !r.schedule || r.len <= 0) {
		free(r.schedule);
		return;
	}
	for (int i = 0; i < r.len; i++)
		threads_seen |= 1 << r.schedule[i];
	CHECK(threads_seen == 3, "the race's schedule does not involve both threads (0x%x)",
	      threads_seen);
	CHECK(r.stats.max_depth >= (uint32_t)r.len, "max_depth %u below the schedule's %d",
	      r.stats.max_depth, r.len);

	/* No schedule of fewer steps violates anything. */
	state_init(&init, &seed);
	shortest = shortest_violation(&mg, &init, 0, r.len);
	CHECK(shortest == r.len, "breadth-first counterexample has %d steps, the shortest "
	      "by enumeration %d", r.len, shortest);

	/* Threads tried in index order: the lexicographically first of them. */
	if (r.len <= (int)sizeof(first)) {
		CHECK(first_violation(&mg, &init, 0, r.len, first) == 1,
		      "enumeration found no violating schedule of %d steps", r.len);
		CHECK(memcmp(first, r.schedule, (size_t)r.len) == 0,
		      "breadth-first reported another schedule than the first in thread order");
	}

	/* Replayed, it violates lost-store at exactly its last step. */
	CHECK(trace_replay(&mg, NULL, 0, r.schedule, r.len, &tr, err, sizeof(err)) == 0,
	      "the counterexample does not replay: %s", err);
	CHECK(tr.violated == r.violated, "replay violated '%s', search '%s'",
	      tr.violated ? tr.violated->name : "(none)", r.violated->name);
	CHECK(tr.len == r.len, "replay stopped after %d of %d steps", tr.len, r.len);
	if (tr.len == r.len && tr.len > 0) {
		const struct trace_entry *last = &tr.v[tr.len - 1];

		/* The race: clear_pmem wipes a value a user stored. */
		CHECK(last->e.kind == EFF_ZERO, "the violating step's effect is %d, want EFF_ZERO",
		      last->e.kind);
		CHECK(last->e.old != VAL_ZERO && last->e.old != VAL_STALE,
		      "the violating zeroing wiped %u, want a user's stored value", last->e.old);
		CHECK(strcmp(last->name, "clear_pmem") == 0, "the violating step is '%s', want "
		      "clear_pmem", last->name);
		for (int i = 0; i < tr.len; i++)
			CHECK(tr.v[i].tid == r.schedule[i],
			      "trace step %d by T%d, schedule says T%d",
			      i + 1, tr.v[i].tid, r.schedule[i]);
	}
	trace_schedule_string(&tr, sched, sizeof(sched));
	for (int i = 0; i < r.len; i++)
		n += (size_t)snprintf(want + n, sizeof(want) - n, "%s%u", i ? "," : "",
				      r.schedule[i]);
	CHECK(strcmp(sched, want) == 0, "trace_schedule_string '%s', want '%s'", sched, want);
	trace_free(&tr);

	/* Every strict prefix replays cleanly. */
	for (int k = 0; k < r.len; k++) {
		int rc = trace_replay(&mg, NULL, 0, r.schedule, k, &tr, err, sizeof(err));

		CHECK(rc == 0, "prefix of %d steps does not replay: %s", k, err);
		if (rc)
			continue;
		CHECK(tr.violated == NULL, "prefix of %d steps already violates %s", k,
		      tr.violated->name);
		CHECK(tr.len == k, "prefix of %d steps replayed %d", k, tr.len);
		trace_free(&tr);
	}
	free(r.schedule);
}

static void test_seed_race_dfs(void)
{
	struct explore_opts ob = opts(SEARCH_BFS, 0, 0, 16), od = opts(SEARCH_DFS, 0, 0, 16);
	struct explore_result rb, rd;
	struct trace tr;
	char err[256] = "";

	explore_run(&mg, &ob, &rb);
	CHECK(explore_run(&mg, &od, &rd) == 0, "depth-first explore_run failed: %s", rd.why);
	CHECK(rd.verdict == EXPLORE_VIOLATION && rd.violated &&
	      strcmp(rd.violated->name, "lost-store") == 0,
	      "depth-first: verdict %d '%s', want VIOLATION lost-store", rd.verdict,
	      rd.violated ? rd.violated->name : "(none)");
	CHECK(rb.verdict == EXPLORE_VIOLATION && rd.len >= rb.len,
	      "depth-first counterexample of %d steps is shorter than breadth-first's %d",
	      rd.len, rb.len);
	if (rd.verdict == EXPLORE_VIOLATION && rd.schedule) {
		CHECK(trace_replay(&mg, NULL, 0, rd.schedule, rd.len, &tr, err, sizeof(err)) == 0,
		      "the depth-first counterexample does not replay: %s", err);
		CHECK(tr.violated == rd.violated && tr.len == rd.len,
		      "depth-first replay: violated '%s' after %d steps, want %s after %d",
		      tr.violated ? tr.violated->name : "(none)", tr.len, rd.violated->name,
		      rd.len);
		trace_free(&tr);
	}
	free(rb.schedule);
	free(rd.schedule);
}

/* The table size changes nothing: same schedule, same counts. */
static void test_seed_race_hash_bits(void)
{
	struct explore_opts o4 = opts(SEARCH_BFS, 0, 0, 4), o20 = opts(SEARCH_BFS, 0, 0, 20);
	struct explore_result a, b;

	explore_run(&mg, &o4, &a);
	explore_run(&mg, &o20, &b);
	CHECK(a.verdict == EXPLORE_VIOLATION && b.verdict == EXPLORE_VIOLATION,
	      "hash bits 4 / 20: verdicts %d %d, want VIOLATION twice", a.verdict, b.verdict);
	CHECK(a.len == b.len && a.schedule && b.schedule &&
	      memcmp(a.schedule, b.schedule, (size_t)a.len) == 0,
	      "hash bits 4 and 20 give different counterexamples (%d and %d steps)",
	      a.len, b.len);
	CHECK(a.stats.states == b.stats.states && a.stats.transitions == b.stats.transitions,
	      "hash bits 4 / 20: %llu/%llu states, %llu/%llu transitions",
	      (unsigned long long)a.stats.states, (unsigned long long)b.stats.states,
	      (unsigned long long)a.stats.transitions, (unsigned long long)b.stats.transitions);
	free(a.schedule);
	free(b.schedule);
}

/* --- the fix: fs-zero-inside ------------------------------------------------ */

static void test_fix_exhaustive(void)
{
	struct explore_opts o = opts(SEARCH_BFS, 0, 0, 16);
	struct explore_opts o4 = opts(SEARCH_BFS, 0, 0, 4), o20 = opts(SEARCH_BFS, 0, 0, 20);
	struct explore_opts od = opts(SEARCH_DFS, 0, 0, 16);
	struct explore_result r1, r2, r4, r20, rd;
	struct reach ref;

	CHECK(explore_run(&mz, &o, &r1) == 0, "explore_run fs-zero-inside failed: %s", r1.why);
	CHECK(r1.verdict == EXPLORE_OK, "fs-zero-inside on the seed race: verdict %d ('%s'), "
	      "want OK", r1.verdict, r1.violated ? r1.violated->name : r1.why);
	CHECK(r1.schedule == NULL && r1.len == 0, "no violation, yet a schedule of %d steps",
	      r1.len);

	explore_run(&mz, &o, &r2);
	CHECK(r2.verdict == EXPLORE_OK && r1.stats.states == r2.stats.states &&
	      r1.stats.transitions == r2.stats.transitions &&
	      r1.stats.max_depth == r2.stats.max_depth,
	      "two runs differ: %llu/%llu states, %llu/%llu transitions",
	      (unsigned long long)r1.stats.states, (unsigned long long)r2.stats.states,
	      (unsigned long long)r1.stats.transitions, (unsigned long long)r2.stats.transitions);

	explore_run(&mz, &o4, &r4);
	explore_run(&mz, &o20, &r20);
	CHECK(r4.verdict == EXPLORE_OK && r20.verdict == EXPLORE_OK,
	      "hash bits 4 / 20: verdicts %d %d, want OK", r4.verdict, r20.verdict);
	CHECK(r4.stats.states == r20.stats.states &&
	      r4.stats.transitions == r20.stats.transitions &&
	      r4.stats.states == r1.stats.states && r4.stats.transitions == r1.stats.transitions,
	      "hash bits 4 / 20 / 16: %llu/%llu/%llu states, %llu/%llu/%llu transitions",
	      (unsigned long long)r4.stats.states, (unsigned long long)r20.stats.states,
	      (unsigned long long)r1.stats.states, (unsigned long long)r4.stats.transitions,
	      (unsigned long long)r20.stats.transitions, (unsigned long long)r1.stats.transitions);

	/* The search stored every reachable state and took every step. */
	reachable(&mz, &ref);
	CHECK(ref.states < REACH_MAX, "reference enumeration overflowed");
	CHECK(ref.violations == 0, "the reference enumeration found %d violating steps",
	      ref.violations);
	CHECK(ref.bad_ends == 0, "%d finished states miss a thread's store", ref.bad_ends);
	CHECK(r1.stats.states == (uint64_t)ref.states,
	      "explore stored %llu states, %d are reachable",
	      (unsigned long long)r1.stats.states, ref.states);
	CHECK(r1.stats.transitions == (uint64_t)ref.transitions,
	      "explore took %llu transitions, the reachable graph has %d",
	      (unsigned long long)r1.stats.transitions, ref.transitions);
	CHECK(r1.stats.max_depth == (uint32_t)ref.max_depth,
	      "breadth-first deepest level %u, the farthest state is %d steps away",
	      r1.stats.max_depth, ref.max_depth);

	/* Depth-first explores the same graph. */
	explore_run(&mz, &od, &rd);
	CHECK(rd.verdict == EXPLORE_OK && rd.stats.states == (uint64_t)ref.states &&
	      rd.stats.transitions == (uint64_t)ref.transitions,
	      "depth-first: verdict %d, %llu states %llu transitions, want OK %d %d",
	      rd.verdict, (unsigned long long)rd.stats.states,
	      (unsigned long long)rd.stats.transitions, ref.states, ref.transitions);
	free(r1.schedule);
	free(r2.schedule);
	free(r4.schedule);
	free(r20.schedule);
	free(rd.schedule);
}

/* --- limits --------------------------------------------------------------------- */

static void test_limits(void)
{
	struct explore_opts o10 = opts(SEARCH_BFS, 10, 0, 16);
	struct explore_opts d10 = opts(SEARCH_DFS, 10, 0, 16);
	struct explore_opts tiny = opts(SEARCH_BFS, 0, 1000, 16);
	/* A 1024-state arena and 16 KiB besides: too little for the table
	 * of 512 slots that 145 states need. */
	size_t room = 1024 * sizeof(struct state) + 16384;
	struct explore_opts tight = opts(SEARCH_BFS, 0, room, 4);
	struct explore_result r;
	struct reach ref;

	explore_run(&mz, &o10, &r);
	CHECK(r.verdict == EXPLORE_INCOMPLETE, "max_states 10 on fs-zero-inside: verdict %d, "
	      "want INCOMPLETE", r.verdict);
	CHECK(r.stats.states == 10, "max_states 10: %llu states stored",
	      (unsigned long long)r.stats.states);
	CHECK(strstr(r.why, "max-states") != NULL, "max_states 10: why is '%s'", r.why);
	free(r.schedule);

	explore_run(&mz, &d10, &r);
	CHECK(r.verdict == EXPLORE_INCOMPLETE && r.stats.states == 10,
	      "max_states 10, depth-first: verdict %d, %llu states", r.verdict,
	      (unsigned long long)r.stats.states);
	free(r.schedule);

	/* The race needs more than 10 states: never OK, never a verdict. */
	explore_run(&mg, &o10, &r);
	CHECK(r.verdict == EXPLORE_INCOMPLETE, "max_states 10 on dax-generic: verdict %d, "
	      "want INCOMPLETE", r.verdict);
	free(r.schedule);

	CHECK(explore_run(&mz, &tiny, &r) == -1, "max_memory 1000: the initial state fit");
	CHECK(r.verdict == EXPLORE_INCOMPLETE, "max_memory 1000: verdict %d", r.verdict);
	free(r.schedule);

	/* Room to start, not to finish. */
	reachable(&mz, &ref);
	CHECK(explore_run(&mz, &tight, &r) == 0, "max_memory %zu could not start: %s", room,
	      r.why);
	CHECK(r.verdict == EXPLORE_INCOMPLETE, "max_memory %zu: verdict %d, want INCOMPLETE",
	      room, r.verdict);
	CHECK(strstr(r.why, "max-memory") != NULL, "max_memory: why is '%s'", r.why);
	CHECK(r.stats.memory <= room, "max_memory %zu: peak %zu bytes", room, r.stats.memory);
	CHECK(r.stats.states < (uint64_t)ref.states, "max_memory: %llu states of %d stored",
	      (unsigned long long)r.stats.states, ref.states);
	free(r.schedule);
}

/* --- replay errors ---------------------------------------------------------- */

static void test_replay_errors(void)
{
	unsigned char zeros[11] = { 0 };
	static const unsigned char ilock[] = { 0, 0, 0, 1, 1, 1 };
	static const unsigned char nobody[] = { 0, 7 };
	struct trace tr;
	char err[256];

	/* T0 alone: fault, 2 lookups, find_lock_page, lock, 2 zeroings, insert,
	 * unlock, store. */
	err[0] = '\0';
	CHECK(trace_replay(&mg, NULL, 0, zeros, 10, &tr, err, sizeof(err)) == 0,
	      "T0's 10 steps alone do not replay: %s", err);
	CHECK(tr.len == 10 && tr.violated == NULL, "T0 alone: %d steps, violated %s",
	      tr.len, tr.violated ? tr.violated->name : "nothing");
	CHECK(exec_done(&mg, &tr.final, 0) && tr.final.map[0] != NO_BLOCK &&
	      tr.final.data[tr.final.map[0]][0] == 1,
	      "after T0's 10 steps T0 has not finished its store");
	trace_free(&tr);

	err[0] = '\0';
	CHECK(trace_replay(&mg, NULL, 0, zeros, 11, &tr, err, sizeof(err)) == -1,
	      "an 11th step of the finished T0 replayed");
	CHECK(strstr(err, "T0") && strstr(err, "has finished") && strstr(err, "step 11"),
	      "finished thread: message '%s'", err);

	err[0] = '\0';
	CHECK(trace_replay(&mz, NULL, 0, ilock, 6, &tr, err, sizeof(err)) == -1,
	      "T1 took ILOCK while T0 held it");
	CHECK(strstr(err, "step 6") && strstr(err, "T1") && strstr(err, "ILOCK") &&
	      strstr(err, "held by T0"), "blocked thread: message '%s'", err);

	err[0] = '\0';
	CHECK(trace_replay(&mg, NULL, 0, nobody, 2, &tr, err, sizeof(err)) == -1,
	      "a schedule naming T7 of 2 threads replayed");
	CHECK(strstr(err, "T7") && strstr(err, "step 2"), "no such thread: message '%s'", err);

	err[0] = '\0';
	CHECK(trace_replay(&mg, NULL, 0, zeros, 0, &tr, err, sizeof(err)) == 0,
	      "the empty schedule does not replay: %s", err);
	{
		struct state init;

		state_init(&init, &seed);
		CHECK(tr.len == 0 && tr.violated == NULL && state_equal(&tr.final, &init),
		      "the empty schedule: %d steps, final state not the initial one", tr.len);
	}
	trace_free(&tr);
}

/* --- a scenario file --------------------------------------------------------- */

static void test_scenario_file(void)
{
	struct scenario sc;
	struct model fg, fz;
	struct explore_opts o = opts(SEARCH_BFS, 0, 0, 16);
	struct explore_result rf, rd, rz;
	char err[256] = "";
	const char *want;

	CHECK(scenario_parse(&sc, "scenarios/seed-race.dax", err, sizeof(err)) == 0,
	      "scenarios/seed-race.dax does not parse: %s", err);
	CHECK(sc.nthreads == 2 && sc.pages == 1 && sc.words == 2,
	      "seed-race.dax: %d threads %d pages %d words, want 2 1 2",
	      sc.nthreads, sc.pages, sc.words);
	CHECK(memcmp(sc.prog, seed.prog, sizeof(sc.prog)) == 0,
	      "seed-race.dax's programs differ from the default seed race");
	fg.sc = &sc;
	fg.st = mg.st;
	fz.sc = &sc;
	fz.st = mz.st;

	explore_run(&fg, &o, &rf);
	explore_run(&mg, &o, &rd);
	CHECK(rf.verdict == rd.verdict && rf.violated == rd.violated && rf.len == rd.len &&
	      rf.schedule && rd.schedule && memcmp(rf.schedule, rd.schedule, (size_t)rf.len) == 0,
	      "dax-generic: the file and the default scenario give different verdicts");
	want = matrix_expected(strategy_find("dax-generic"), &sc);
	CHECK(want && rf.violated && strcmp(want, rf.violated->name) == 0,
	      "dax-generic: the file expects '%s', the search found '%s'", want ? want : "(none)",
	      rf.violated ? rf.violated->name : "(none)");

	explore_run(&fz, &o, &rz);
	want = matrix_expected(strategy_find("fs-zero-inside"), &sc);
	CHECK(want && strcmp(want, "ok") == 0 && rz.verdict == EXPLORE_OK,
	      "fs-zero-inside: the file expects '%s', the search gave verdict %d",
	      want ? want : "(none)", rz.verdict);
	free(rf.schedule);
	free(rd.schedule);
	free(rz.schedule);
}

int main(void)
{
	char err[256];

	if (scenario_default(&seed, 2, 1, 2, err, sizeof(err)) != 0) {
		printf("scenario_default(2, 1, 2) failed: %s\n", err);
		return 1;
	}
	mg.sc = &seed;
	mg.st = strategy_find("dax-generic");
	mz.sc = &seed;
	mz.st = strategy_find("fs-zero-inside");
	if (!mg.st || !mz.st) {
		printf("strategy dax-generic or fs-zero-inside not found\n");
		return 1;
	}
	test_seed_race_bfs();
	test_seed_race_dfs();
	test_seed_race_hash_bits();
	test_fix_exhaustive();
	test_limits();
	test_replay_errors();
	test_scenario_file();
	return unit_done("test_replay");
}
