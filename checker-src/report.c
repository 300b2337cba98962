/*
 * report.c - printing a run's verdict, counterexample and statistics.
 */
#include <stdlib.h>
#include <string.h>

#include "../model/prim.h"
#include "strategy_file.h"
#include "coverage.h"
#include "json.h"
#include "matrix.h"
#include "outfile.h"
#include "property.h"
#include "report.h"
#include "registry.h"
#include "scenario_parse.h"
#include "shipped.h"
#include "trim.h"

const char *report_verdict_name(const struct report *r)
{
	if (r->violated)
		return r->violated->name;
	return r->verdict == EXPLORE_INCOMPLETE ? "incomplete" : "ok";
}

int report_finish(struct report *r, const char *args)
{
	char sel[OUTFILE_PATH_MAX + 64];
	size_t len, n;

	memset(&r->blame, 0, sizeof(r->blame));
	if (r->violated)
		r->violated->explain(r->m, &r->trace, r->culprit, sizeof(r->culprit), &r->blame);
	if (!r->violated && !r->replay)
		return 0;
	strategy_selector(r->m->st, sel, sizeof(sel));
	len = 64 + strlen(args) + strlen(sel) + 4 * (size_t)r->trace.len;
	r->replay_cmd = malloc(len);
	if (!r->replay_cmd)
		return -1;
	n = (size_t)snprintf(r->replay_cmd, len, "./checker --strategy=%s%s%s --replay=",
			     sel, *args ? " " : "", args);
	trace_schedule_string(&r->trace, r->replay_cmd + n, len - n);
	return 0;
}

void report_free(struct report *r)
{
	trace_free(&r->trace);
	free(r->replay_cmd);
	r->replay_cmd = NULL;
}

void report_header(FILE *f, const struct model *m)
{
	const struct scenario *sc = m->sc;
	char op[32];

	fprintf(f, "scenario  %s: %d thread%s, %d page%s x %d word%s\n", sc->name,
		sc->nthreads, sc->nthreads == 1 ? "" : "s", sc->pages, sc->pages == 1 ? "" : "s",
		sc->words, sc->words == 1 ? "" : "s");
	/* Each thread's program as a scenario file writes it. */
	for (int t = 0; t < sc->nthreads; t++) {
		fprintf(f, "          T%d:", t);
		for (int i = 0; i < sc->prog[t].nops; i++) {
			scenario_describe_op(&sc->prog[t].ops[i], op, sizeof(op));
			fprintf(f, "%s %s", i ? ";" : "", op);
		}
		fputc('\n', f);
	}
	for (int mm = 1; mm < sc->nmm; mm++) {
		fprintf(f, "process   %d:", mm);
		for (int t = 0; t < sc->nthreads; t++)
			if (sc->mm[t] == mm)
				fprintf(f, " T%d", t);
		fprintf(f, ", with its own page table (the other threads: process 0)\n");
	}
	if (sc->crash)
		fprintf(f, "crash     the power may fail at any point; %s\n", sc->no_adr ?
			"a platform without ADR: only pcommit makes a write-back durable" :
			"an ADR platform: a fence makes the write-backs durable");
	if (sc->map_sync)
		fprintf(f, "mmap      MAP_SHARED_VALIDATE | MAP_SYNC: a persist acknowledges the "
			"thread's stores to its page, as fsync does\n");
	fprintf(f, "strategy  %s: %s [%s]\n", m->st->name, m->st->summary, m->st->source);
}

/* Returns 1 if sc is one of the shipped scenarios (by name or by path),
 * whose expected verdicts the strategy files give. */
static int shipped_scenario(const struct scenario *sc)
{
	char err[256];
	struct scenario ship;
	int i = scenario_shipped_find(sc->name);

	return i >= 0 && scenario_shipped(&ship, i, err, sizeof(err)) == 0 &&
	       strcmp(ship.path, sc->path) == 0;
}

/*
 * Whether the verdict is the one the files expect.  A missing expect line
 * is pointed out only in a file that states expectations: the strategy's
 * file for a shipped scenario, the scenario's file for one's own; a
 * scenario of one's own that states none gets no notice.
 */
static void expectation(FILE *f, const struct report *r)
{
	const char *got = report_verdict_name(r);
	const struct twin *tw = twin_of(r->m->st);
	struct matrix_expect x[2];

	if (!r->m->sc->path[0] || r->replay)
		return;
	matrix_expectations(r->m->st, r->m->sc, x);
	if (r->only)
		fprintf(f, "expected  (not compared: --property=%s checks only some properties)\n",
			r->only);
	else if (r->changed)
		fprintf(f, "expected  (not compared: --crash or --platform changed the scenario "
			"that the expect lines are for)\n");
	else if (!r->expected && tw)
		fprintf(f, "expected  (a known-bad twin is judged on %s only)\n", tw->scenario);
	else if (!r->expected && x[0].verdict && x[1].verdict)
		fprintf(f, "expected  (%s:%d says %s, %s:%d says %s)\n", x[0].file, x[0].line,
			x[0].verdict, x[1].file, x[1].line, x[1].verdict);
	else if (!r->expected && shipped_scenario(r->m->sc) && r->m->st->file &&
		 r->m->st->file->nexpect)
		fprintf(f, "expected  (no 'expect %s' line in %s)\n", r->m->sc->name,
			r->m->st->file->path);
	else if (!r->expected && !shipped_scenario(r->m->sc) && r->m->sc->nexpect)
		fprintf(f, "expected  (no 'expect %s' line in %s)\n", r->m->st->name,
			r->m->sc->path);
	else if (r->expected && strcmp(r->expected, got) == 0)
		fprintf(f, "expected  %s, as the %s says\n", r->expected,
			tw ? "known-bad twin" : x[0].verdict ? "strategy file" : "scenario file");
	else if (r->expected)
		fprintf(f, "expected  %s, but the checker found %s: UNEXPECTED\n", r->expected, got);
	/* Else neither file states expectations: nothing to say. */
}

/*
 * What a search's statistics let the report claim.  Hash compaction may
 * have missed states, so its "ok" and its unreached list are no proof, and
 * its counterexample may not be the shortest; nor may one found after the
 * sleep sets found new states by expanding a state again, or one found
 * with persistent sets whose bounded search for a shortest one stopped.
 */
static int is_proof(const struct explore_stats *s)
{
	return s->storage == STORAGE_EXACT;
}

static int is_shortest(const struct explore_stats *s)
{
	return s->order == SEARCH_BFS && !s->reexpanded_new && is_proof(s) &&
	       !s->confirm_why[0];
}

static const char *reduction_name(enum explore_reduce r)
{
	return r == REDUCE_PERSISTENT ? "persistent" : r == REDUCE_POR ? "sleep" : "none";
}

/* The verdict the coverage list is judged by: complete only after a proof. */
static enum explore_verdict coverage_verdict(const struct report *r)
{
	return r->verdict == EXPLORE_OK && !is_proof(r->stats) ? EXPLORE_INCOMPLETE : r->verdict;
}

/* What to try after a search stopped by a limit, or NULL.  Hash
 * compaction is offered only to a search that does not use it. */
const char *report_incomplete_hint(const struct report *r)
{
	const char *why = r->why ? r->why : "";
	int compact = r->stats && r->stats->storage == STORAGE_HASH_COMPACT;

	if (strstr(why, "--max-memory"))
		return compact ? "a larger --max-memory (the limit is on the time line), or "
				 "--symmetry if threads share a program"
			       : "a larger --max-memory (the limit is on the time line), "
				 "--storage=hash-compact (a third of the memory a state), or "
				 "--symmetry if threads share a program";
	if (strstr(why, "--max-states"))
		return "a larger --max-states";
	if (strstr(why, "out of memory"))
		return compact ? "the machine ran out before --max-memory: a smaller --max-memory "
				 "stops cleanly"
			       : "the machine ran out before --max-memory: a smaller --max-memory "
				 "stops cleanly; --storage=hash-compact needs a third of the memory";
	return NULL;
}

void report_statistics(FILE *f, const struct explore_stats *s, int searches)
{
	/* Persistent sets may run a second search, for a shortest
	 * counterexample: the rate counts both, the memory is the larger's. */
	uint64_t all = s->states + s->confirm_states;
	uint64_t most = s->states > s->confirm_states ? s->states : s->confirm_states;
	double rate = s->seconds > 0 ? (double)all / s->seconds : 0;
	char red[160], limit[64];
	size_t n = 0;

	if (searches > 1)
		fprintf(f, "states    %d searches: %llu stored, %llu transitions in all, deepest "
			"level %u\n", searches, (unsigned long long)s->states,
			(unsigned long long)s->transitions, s->max_depth);
	else
		fprintf(f, "states    %llu stored, %llu transitions, deepest level %u\n",
			(unsigned long long)s->states, (unsigned long long)s->transitions,
			s->max_depth);
	red[0] = '\0';
	if (s->reduce == REDUCE_PERSISTENT)
		n += (size_t)snprintf(red, sizeof(red), "persistent sets (%llu states took one "
				      "thread's step alone)", (unsigned long long)s->reduced);
	else if (s->reduce == REDUCE_POR)
		n += (size_t)snprintf(red, sizeof(red), "sleep sets");
	if (s->symmetric && n < sizeof(red))
		n += (size_t)snprintf(red + n, sizeof(red) - n, "%ssymmetry (%d interchangeable "
				      "threads)", n ? ", " : "", s->symmetric);
	if (!n)
		n = (size_t)snprintf(red, sizeof(red), "no reduction");
	if (s->reduce_gave_way && n < sizeof(red))
		snprintf(red + n, sizeof(red) - n, s->reduce_gave_way == GAVE_WAY_PMD ?
			 " (faults of two sizes have no persistent sets)" :
			 " (a crash scenario has no persistent sets)");
	fprintf(f, "search    %s, %s, %s (%zu-byte packed states)\n",
		s->order == SEARCH_BFS ? "breadth-first" : "depth-first", red,
		s->storage == STORAGE_HASH_COMPACT ? "hash compaction" : "exact", s->state_bytes);
	if (s->reduce == REDUCE_PERSISTENT && (s->confirmed || s->confirm_why[0]) && searches > 1)
		fprintf(f, "shortest  searched for with sleep sets after each violation, no deeper "
			"than it: %llu states, %llu transitions in all%s%s\n",
			(unsigned long long)s->confirm_states,
			(unsigned long long)s->confirm_transitions,
			s->confirm_why[0] ? "; one stopped: " : "", s->confirm_why);
	else if (s->reduce == REDUCE_PERSISTENT && (s->confirmed || s->confirm_why[0]))
		fprintf(f, "shortest  %s with sleep sets, no deeper than the violation found: "
			"%llu states, %llu transitions%s%s\n",
			s->confirmed ? "found by a breadth-first search" : "searched for",
			(unsigned long long)s->confirm_states,
			(unsigned long long)s->confirm_transitions,
			s->confirmed ? "" : "; stopped: ", s->confirmed ? "" : s->confirm_why);
	/* The one line that depends on the machine (and on --hash-bits and
	 * --workers). */
	if (s->memory_limit >= (size_t)1 << 30)
		snprintf(limit, sizeof(limit), " of %.1f GiB", (double)s->memory_limit / (1 << 30));
	else if (s->memory_limit)
		snprintf(limit, sizeof(limit), " of %.1f MiB", (double)s->memory_limit / (1 << 20));
	else
		snprintf(limit, sizeof(limit), ", no limit");
	if (searches > 1)
		fprintf(f, "time      %.3f s in all, %.0f states/s, %.1f MiB%s at most in one "
			"search, %d worker%s\n", s->seconds, rate,
			(double)s->memory / (1024.0 * 1024.0), limit, s->workers,
			s->workers == 1 ? "" : "s");
	else
		fprintf(f, "time      %.3f s, %.0f states/s, %.1f MiB%s (%.0f bytes a state), %d "
			"worker%s\n", s->seconds, rate, (double)s->memory / (1024.0 * 1024.0),
			limit, most ? (double)s->memory / (double)most : 0.0, s->workers,
			s->workers == 1 ? "" : "s");
}

/* "T1, T2" for the threads of mask, into buf. */
static const char *thread_list(unsigned mask, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int t = 0; t < MAX_THREADS && n < len; t++)
		if (mask & (1u << t))
			n += (size_t)snprintf(buf + n, len - n, "%sT%d", n ? ", " : "", t);
	return buf;
}

/* The trace as trim_view() shapes it, then a line for each kind of thread
 * not shown. */
static void print_trace(FILE *f, const struct report *r)
{
	struct trace_view v;
	unsigned idle, no_part;
	char who[64];
	int steps = 0, many;

	trim_view(r->m, r->props, r->nprops, &r->trace, r->trim, &v, &idle, &no_part);
	trace_print(f, r->m, &r->trace, &v);
	if (idle)
		fprintf(f, "  (%s took no step: not shown)\n", thread_list(idle, who, sizeof(who)));
	if (!no_part)
		return;
	for (int i = 0; i < r->trace.len; i++)
		steps += !!(no_part & (1u << r->trace.v[i].tid));
	thread_list(no_part, who, sizeof(who));
	many = (no_part & (no_part - 1)) != 0;
	if (r->trim)
		fprintf(f, "  (%s not shown: %s no part; without %s %d step%s, the same %s; "
			"the replay command keeps %s)\n", who, many ? "they play" : "it plays",
			many ? "their" : "its", steps, steps == 1 ? "" : "s",
			trim_same(r->violated), steps == 1 ? "it" : "them");
	else
		fprintf(f, "  (%s play%s no part: without %s %d step%s, the same %s; --trim "
			"hides %s)\n", who, many ? "" : "s", many ? "their" : "its", steps,
			steps == 1 ? "" : "s", trim_same(r->violated), many ? "them" : "it");
}

void report_counterexample(FILE *f, const struct report *r)
{
	fprintf(f, "counterexample, %d step%s (%s):\n", r->trace.len,
		r->trace.len == 1 ? "" : "s",
		r->order == SEARCH_DFS ? "depth-first search: not necessarily the shortest"
		: r->stats && !is_proof(r->stats)
		? "breadth-first with hash compaction: a shortest one unless a state was missed"
		: r->stats && r->stats->reexpanded_new
		? "breadth-first, but the partial-order reduction expanded a state again: "
		  "perhaps not the shortest; --reduce=none finds a shortest one"
		: r->stats && !is_shortest(r->stats)
		? "found with persistent sets; the search for a shortest one stopped: "
		  "perhaps not the shortest"
		: "a shortest one: breadth-first search");
	print_trace(f, r);
	fprintf(f, "\nreplay    %s\n\n", r->replay_cmd);
}

void report_text(FILE *f, const struct report *r)
{
	char why[200];

	report_header(f, r->m);
	fputc('\n', f);
	if (r->replay) {
		fprintf(f, "replay of %d step%s:\n", r->trace.len, r->trace.len == 1 ? "" : "s");
		print_trace(f, r);
		fputc('\n', f);
		if (r->violated)
			fprintf(f, "VIOLATION %s: %s\n", r->violated->name, r->culprit);
		if (r->unrun)
			fprintf(f, "stopped   at the violation: the schedule's last %d step%s "
				"%s not run (to go on, judge other properties: --property)\n",
				r->unrun, r->unrun == 1 ? "" : "s", r->unrun == 1 ? "was" : "were");
		if (!r->violated)
			fprintf(f, "no violation on this schedule%s\n",
				exec_all_done(r->m, &r->trace.final) ? "; every thread finished"
				: "; some threads have not finished");
		return;
	}
	switch (r->verdict) {
	case EXPLORE_VIOLATION:
		fprintf(f, "VIOLATION %s: %s\n", r->violated->name, r->culprit);
		expectation(f, r);
		fputc('\n', f);
		report_counterexample(f, r);
		break;
	case EXPLORE_OK:
		if (!is_proof(r->stats))
			fprintf(f, "no violation found: hash compaction explored every interleaving "
				"unless a state was missed\n          (probability at most %.1e); "
				"--storage=exact proves it\n", explore_missed(r->stats));
		else
			fprintf(f, "no violation: every interleaving explored (exhaustive)\n");
		expectation(f, r);
		fputc('\n', f);
		break;
	case EXPLORE_INCOMPLETE:
		fprintf(f, "INCOMPLETE: %s; the search did not finish, so there is no verdict\n", r->why);
		if (report_incomplete_hint(r))
			fprintf(f, "try       %s\n", report_incomplete_hint(r));
		expectation(f, r);
		fputc('\n', f);
		break;
	}
	if (r->verdict == EXPLORE_OK)
		snprintf(why, sizeof(why), "hash compaction may have missed a state");
	else
		snprintf(why, sizeof(why), "the search stopped: %s", r->why ? r->why : "incomplete");
	coverage_text(f, r->m, &r->stats->cover, coverage_verdict(r), why);
	report_statistics(f, r->stats, 1);
}

/* The file a strategy (or a twin's strategy) was read from, or NULL. */
static const char *strategy_file_of(const struct strategy *st)
{
	const struct twin *tw = twin_of(st);

	st = tw ? tw->base : st;
	return st->file ? st->file->path : NULL;
}

static void json_field(FILE *f, const char *key, const char *value, int comma)
{
	fprintf(f, "  \"%s\": ", key);
	json_string(f, value);
	fputs(comma ? ",\n" : "\n", f);
}

/*
 * The page table after a step, for scripts/diagram.py: "pte", per page, the
 * block a PTE maps, "hole" for the hole page, or null; and, in a scenario
 * with a huge page, "pmd", what the PMD slot over it holds.  Under a PMD
 * the pages' entries say what the PMD maps (the hole page: the huge zero
 * page's).  A scenario with a second process gives its table as "pte1"
 * and "pmd1".
 */
static void json_page_table(FILE *f, const struct scenario *sc, const struct trace_entry *te)
{
	for (int mm = 0; mm < sc->nmm; mm++) {
		const uint8_t *pte = te->pte[mm];
		uint8_t slot = te->slot[mm];

		/* "%.0d": nothing for process 0 */
		fprintf(f, "%s\"pte%.0d\": [", mm ? ", " : "", mm);
		for (int p = 0; p < sc->pages; p++) {
			if (p)
				fputs(", ", f);
			if (pte[p] == PTE_NONE)
				fputs("null", f);
			else if (pte[p] == PTE_HOLE)
				fputs("\"hole\"", f);
			else
				fprintf(f, "%u", pte[p]);
		}
		fputs("]", f);
		if (!sc->huge_pages)
			continue;
		fprintf(f, ", \"pmd%.0d\": ", mm);
		json_string(f, (slot & SLOT_TABLE) && (slot & SLOT_LEAF) ? "pmd+table" :
			    slot & SLOT_TABLE ? "table" : slot & SLOT_HZP ? "huge-zero" :
			    slot & SLOT_LEAF ? "pmd" : "none");
	}
}

/* The locks of bitmap held, as {"lock": name, "page": P or null, "mode"}. */
static void json_locks(FILE *f, const struct model *m, unsigned held, int page)
{
	int first = 1;

	for (int l = 0; l < NR_LOCKS; l++) {
		if (!(held & (LOCK_SHARED_BIT(l) | LOCK_EXCL_BIT(l))))
			continue;
		fputs(first ? "{\"lock\": " : ", {\"lock\": ", f);
		json_string(f, exec_lock_name(m, l));
		if (LOCK_IS_PER_PAGE(l))
			fprintf(f, ", \"page\": %d", page);
		else
			fputs(", \"page\": null", f);
		fprintf(f, ", \"mode\": \"%s\"}",
			held & LOCK_EXCL_BIT(l) ? "exclusive" : "shared");
		first = 0;
	}
}

/* The two steps the violation turns on (struct blame), or null. */
static void json_blame(FILE *f, const struct report *r)
{
	const struct blame *b = &r->blame;

	if (!r->violated || (!b->victim && !b->culprit)) {
		fputs("  \"blame\": null,\n", f);
		return;
	}
	fputs("  \"blame\": {\"victim_step\": ", f);
	if (b->victim)
		fprintf(f, "%d", b->victim);
	else
		fputs("null", f);
	fprintf(f, ", \"culprit_step\": %d, \"link\": ", b->culprit);
	json_string(f, b->link);
	fputs("},\n", f);
}

/* The threads waiting for a lock after the last step: who holds it. */
static void json_blocked(FILE *f, const struct report *r)
{
	const struct state *s = &r->trace.final;
	int first = 1;

	fputs("  \"blocked\": [", f);
	for (int t = 0; t < r->m->sc->nthreads; t++) {
		char name[48];
		int l = exec_blocked_on(r->m, s, t);

		if (l < 0)
			continue;
		fprintf(f, "%s{\"thread\": %d, \"next\": ", first ? "" : ", ", t);
		json_string(f, exec_step_name(r->m, s, t, name, sizeof(name)));
		fputs(", \"lock\": ", f);
		json_string(f, exec_lock_name(r->m, l));
		if (l == LOCK_POOL || (s->waitq[t] && exec_lock_holder(r->m, s, t, l) == t))
			fprintf(f, ", \"holder\": null}");	/* asleep: nobody holds it */
		else
			fprintf(f, ", \"holder\": %d}", exec_lock_holder(r->m, s, t, l));
		first = 0;
	}
	fputs("]", f);
}

/* A deadlock's cycle of waits (property_wait_cycle), or null. */
static void json_cycle(FILE *f, const struct report *r)
{
	int cycle[MAX_THREADS], k = 0;

	if (r->violated && strcmp(r->violated->name, "deadlock") == 0)
		k = property_wait_cycle(r->m, &r->trace.final, cycle);
	if (!k) {
		fputs(",\n  \"wait_cycle\": null", f);
		return;
	}
	fputs(",\n  \"wait_cycle\": [", f);
	for (int i = 0; i < k; i++)
		fprintf(f, "%s%d", i ? ", " : "", cycle[i]);
	fputs("]", f);
}

void report_json(FILE *f, const struct report *r)
{
	const struct scenario *sc = r->m->sc;
	char buf[256];

	fputs("{\n", f);
	json_field(f, "scenario", sc->name, 1);
	json_field(f, "scenario_doc", sc->doc, 1);
	json_field(f, "scenario_file", sc->path[0] ? sc->path : NULL, 1);
	fprintf(f, "  \"pages\": %d,\n  \"words\": %d,\n", sc->pages, sc->words);
	fprintf(f, "  \"crash\": %s,\n  \"pmd\": %s,\n  \"platform\": \"%s\",\n"
		"  \"map_sync\": %s,\n", sc->crash ? "true" : "false",
		explore_has_pmd(r->m) ? "true" : "false", sc->no_adr ? "no-adr" : "adr",
		sc->map_sync ? "true" : "false");
	/* The huge page's pages (`huge A-B`), which a PMD maps at once. */
	if (sc->huge_pages)
		fprintf(f, "  \"huge_page\": {\"first\": %d, \"pages\": %d},\n",
			sc->huge_first, sc->huge_pages);
	else
		fputs("  \"huge_page\": null,\n", f);
	fputs("  \"threads\": [", f);
	for (int t = 0; t < sc->nthreads; t++) {
		fputs(t ? ", [" : "[", f);
		for (int i = 0; i < sc->prog[t].nops; i++) {
			scenario_describe_op(&sc->prog[t].ops[i], buf, sizeof(buf));
			if (i)
				fputs(", ", f);
			json_string(f, buf);
		}
		fputs("]", f);
	}
	fputs("],\n", f);
	/* Each thread's process (`process 1: T1`): its own page table. */
	fputs("  \"process\": [", f);
	for (int t = 0; t < sc->nthreads; t++)
		fprintf(f, "%s%u", t ? ", " : "", sc->mm[t]);
	fputs("],\n", f);
	json_field(f, "strategy", r->m->st->name, 1);
	json_field(f, "strategy_source", r->m->st->source, 1);
	json_field(f, "strategy_file", strategy_file_of(r->m->st), 1);
	json_field(f, "mode", r->replay ? "replay" : r->order == SEARCH_BFS ? "bfs" : "dfs", 1);
	if (r->replay)
		json_field(f, "verdict", r->violated ? "violation" : "no violation on this schedule", 1);
	else
		json_field(f, "verdict", r->verdict == EXPLORE_OK ? "ok" :
			   r->verdict == EXPLORE_VIOLATION ? "violation" : "incomplete", 1);
	json_field(f, "property", r->violated ? r->violated->name : NULL, 1);
	json_field(f, "culprit", r->violated ? r->culprit : NULL, 1);
	json_field(f, "incomplete_reason", r->verdict == EXPLORE_INCOMPLETE ? r->why : NULL, 1);
	json_field(f, "incomplete_hint", r->verdict == EXPLORE_INCOMPLETE ? report_incomplete_hint(r) : NULL,
		   1);
	json_field(f, "expected", r->expected, 1);
	json_field(f, "only_properties", r->only, 1);
	json_field(f, "replay", r->replay_cmd, 1);
	if (r->replay)
		fprintf(f, "  \"replay_steps_not_run\": %d,\n", r->unrun);
	fputs("  \"schedule\": [", f);
	for (int i = 0; i < r->trace.len; i++)
		fprintf(f, "%s%d", i ? ", " : "", r->trace.v[i].tid);
	fputs("],\n  \"trace\": [", f);
	for (int i = 0; i < r->trace.len; i++) {
		const struct trace_entry *te = &r->trace.v[i];

		trace_describe_effect(r->m, te, buf, sizeof(buf));
		fprintf(f, "%s\n    {\"step\": %d, \"thread\": %d, \"name\": ", i ? "," : "", i + 1, te->tid);
		json_string(f, te->name);
		fputs(", \"effect\": ", f);
		json_string(f, buf);
		fputs(", \"held\": [", f);
		for (int t = 0; t < sc->nthreads; t++) {
			fputs(t ? ", [" : "[", f);
			json_locks(f, r->m, te->held[t], te->page[t]);
			fputs("]", f);
		}
		fputs("], ", f);
		json_page_table(f, sc, te);
		fputs("}", f);
	}
	fputs(r->trace.len ? "\n  ],\n" : "],\n", f);
	json_blame(f, r);
	json_blocked(f, r);
	json_cycle(f, r);
	if (r->stats) {
		const struct explore_stats *s = r->stats;

		fputs(",\n", f);
		coverage_json(f, r->m, &s->cover, coverage_verdict(r));
		fprintf(f, "  \"states\": %llu,\n  \"transitions\": %llu,\n  \"max_depth\": %u,\n",
			(unsigned long long)s->states, (unsigned long long)s->transitions, s->max_depth);
		fprintf(f, "  \"reduction\": \"%s\",\n  \"reexpanded\": %llu,\n"
			"  \"shortest\": %s,\n  \"state_bytes\": %zu,\n"
			"  \"one_thread_states\": %llu,\n"
			"  \"storage\": \"%s\",\n  \"missed_probability\": %.3g,\n"
			"  \"symmetric_threads\": %d,\n",
			reduction_name(s->reduce), (unsigned long long)s->reexpanded,
			is_shortest(s) ? "true" : "false", s->state_bytes,
			(unsigned long long)s->reduced,
			s->storage == STORAGE_HASH_COMPACT ? "hash-compact" : "exact",
			explore_missed(s), s->symmetric);
		/* Persistent sets: the bounded search for a shortest
		 * counterexample, when a violation ran one. */
		if (s->reduce == REDUCE_PERSISTENT && (s->confirmed || s->confirm_why[0])) {
			fprintf(f, "  \"shortest_search\": {\"states\": %llu, \"transitions\": %llu, "
				"\"stopped\": ", (unsigned long long)s->confirm_states,
				(unsigned long long)s->confirm_transitions);
			json_string(f, s->confirmed ? NULL : s->confirm_why);
			fputs("},\n", f);
		} else {
			fputs("  \"shortest_search\": null,\n", f);
		}
		/* The one line that depends on the machine (and the workers). */
		fprintf(f, "  \"time\": {\"seconds\": %.6f, \"states_per_second\": %.0f, \"memory_bytes\": %zu, \"memory_limit_bytes\": %zu, \"workers\": %d}",
			s->seconds, s->seconds > 0 ? (double)(s->states + s->confirm_states) /
			s->seconds : 0.0, s->memory, s->memory_limit, s->workers);
	}
	fputs("\n}\n", f);
}
