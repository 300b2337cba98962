/*
 * allprops.c - `--all-properties`: every property the scenario violates.
 *
 * A search stops at the first violation it meets, so a scheme that both
 * maps a freed block and loses a store shows only the first.  Here each
 * property gets a search of its own, which judges that property alone:
 * exactly `--property=P`, the run `make crosscheck` compares with SPIN
 * property by property.  Each search stops at its own property's first
 * violation, and the bounded search that follows persistent sets (for a
 * shortest counterexample) judges that property alone too, so each
 * counterexample is a shortest one for its property, and its replay
 * command carries --property=P, without which a replay would stop at
 * whichever violation comes first on the way.
 *
 * One search continuing past its violations would store fewer states in
 * all, but the persistent-set reduction promises only that some violation
 * of the properties judged is reached, not one of each, and the depth at
 * which it meets each would still need a search for a shortest one; one
 * search a property keeps every verdict as sound as a single search's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "allprops.h"
#include "coverage.h"
#include "json.h"

int allprops_run(struct allprops *A, const struct model *m, const struct property *const *set,
		 int n, const struct explore_opts *o, const char *args, const char *expected,
		 int trim)
{
	char err[1024], cmd[800];

	memset(A, 0, sizeof(*A));
	A->m = m;
	A->expected = expected;
	A->n = n < ALLPROPS_MAX ? n : ALLPROPS_MAX;
	for (int i = 0; i < A->n; i++) {
		struct explore_opts eo = *o;
		struct explore_result *er = &A->res[i];
		struct report *r = &A->rep[i];
		int rc;

		A->one[i][0] = set[i];
		eo.props = A->one[i];
		eo.nprops = 1;
		explore_run(m, &eo, er);
		r->m = m;
		r->order = o->order;
		r->verdict = er->verdict;
		r->violated = er->violated;
		r->why = er->why;
		r->stats = &er->stats;
		r->only = set[i]->name;
		r->expected = expected;
		r->trim = trim;
		r->props = A->one[i];
		r->nprops = 1;
		if (er->verdict == EXPLORE_VIOLATION) {
			rc = trace_replay(m, eo.props, 1, er->schedule, er->len, &r->trace, err,
					  sizeof(err));
			if (rc == TRACE_NOMEM)
				return -1;
			if (rc || r->trace.violated != er->violated) {
				fprintf(stderr, "checker: internal error: the counterexample of %s "
					"does not replay%s%s\n", set[i]->name, *err ? ": " : "", err);
				return -2;
			}
		}
		snprintf(cmd, sizeof(cmd), "%s%s--property=%s", args, *args ? " " : "",
			 set[i]->name);
		if (report_finish(r, cmd))
			return -1;
	}
	return 0;
}

void allprops_free(struct allprops *A)
{
	for (int i = 0; i < A->n; i++) {
		report_free(&A->rep[i]);
		free(A->res[i].schedule);
		A->res[i].schedule = NULL;
	}
}

int allprops_status(const struct allprops *A)
{
	int incomplete = 0;

	for (int i = 0; i < A->n; i++) {
		if (A->rep[i].verdict == EXPLORE_VIOLATION)
			return 1;
		incomplete |= A->rep[i].verdict == EXPLORE_INCOMPLETE;
	}
	return incomplete ? 3 : 0;
}

/* The statistics of all the searches as one: counts summed, the deepest
 * level and the memory of the largest. */
static void sum_stats(const struct allprops *A, struct explore_stats *s, int *proof)
{
	*s = A->res[0].stats;
	*proof = 0;
	for (int i = 0; i < A->n; i++) {
		const struct explore_stats *t = &A->res[i].stats;

		if (A->rep[i].verdict == EXPLORE_OK && t->storage == STORAGE_EXACT)
			*proof = 1;
		for (int h = 0; h < NR_HANDLERS; h++)
			for (int w = 0; w < 4; w++)
				s->cover.bits[h][w] |= t->cover.bits[h][w];
		if (i == 0)
			continue;
		s->states += t->states;
		s->transitions += t->transitions;
		s->reduced += t->reduced;
		s->confirm_states += t->confirm_states;
		s->confirm_transitions += t->confirm_transitions;
		s->confirmed |= t->confirmed;
		if (t->confirm_why[0])
			memcpy(s->confirm_why, t->confirm_why, sizeof(s->confirm_why));
		s->seconds += t->seconds;
		if (t->memory > s->memory)
			s->memory = t->memory;
		if (t->max_depth > s->max_depth)
			s->max_depth = t->max_depth;
	}
}

/* "lost-store, stale-read": the properties violated, into buf. */
static const char *violated_list(const struct allprops *A, char *buf, size_t len)
{
	size_t k = 0;

	buf[0] = '\0';
	for (int i = 0; i < A->n && k < len; i++)
		if (A->rep[i].verdict == EXPLORE_VIOLATION)
			k += (size_t)snprintf(buf + k, len - k, "%s%s", k ? ", " : "",
					      A->rep[i].violated->name);
	return buf;
}

/* Does the run say what the files expect of the whole search?  Its
 * verdict, the first violation met, must be among those found; "ok": none
 * may be. */
static void expectation(FILE *f, const struct allprops *A)
{
	char list[300];
	int found = 0;

	violated_list(A, list, sizeof(list));
	if (A->only) {
		fprintf(f, "expected  (not compared: --property=%s checks only some properties)\n",
			A->only);
		return;
	}
	if (!A->expected)
		return;
	for (int i = 0; i < A->n; i++)
		found |= A->rep[i].violated && strcmp(A->rep[i].violated->name, A->expected) == 0;
	if (strcmp(A->expected, "ok") == 0 && !*list && allprops_status(A) == 3)
		fprintf(f, "expected  ok (not decided: some searches are incomplete)\n");
	else if (strcmp(A->expected, "ok") == 0 && !*list)
		fprintf(f, "expected  ok, as the files say\n");
	else if (strcmp(A->expected, "ok") == 0)
		fprintf(f, "expected  ok, but %s violated: UNEXPECTED\n", list);
	else if (found)
		fprintf(f, "expected  %s, as the files say: violated here\n", A->expected);
	else if (allprops_status(A) != 3)
		fprintf(f, "expected  %s, but it is not violated: UNEXPECTED\n", A->expected);
}

/* A property's verdict, as its row of the summary table gives it. */
static const char *row_verdict(const struct report *r, char *verdict, size_t len)
{
	const struct explore_stats *s = r->stats;

	if (r->verdict == EXPLORE_VIOLATION)
		snprintf(verdict, len, "VIOLATION, %d step%s", r->trace.len,
			 r->trace.len == 1 ? "" : "s");
	else if (r->verdict == EXPLORE_OK)
		snprintf(verdict, len, "%s", s->storage == STORAGE_EXACT ?
			 "no violation (exhaustive)" : "no violation found (hash compaction)");
	else
		snprintf(verdict, len, "INCOMPLETE: %s", r->why);
	return verdict;
}

/* A property's row of the summary table: name and verdict columns w and v
 * wide. */
static void row(FILE *f, const struct report *r, const struct property *p, int w, int v)
{
	char verdict[200];

	fprintf(f, "  %-*s  %-*s  %10llu  %11llu\n", w, p->name, v,
		row_verdict(r, verdict, sizeof(verdict)), (unsigned long long)r->stats->states,
		(unsigned long long)r->stats->transitions);
}

void allprops_text(FILE *f, const struct allprops *A)
{
	struct explore_stats sum;
	char list[300], why[200], verdict[200];
	int w = 8, v = 7, proof, nviol = 0, nincomplete = 0;

	report_header(f, A->m);
	fputc('\n', f);
	for (int i = 0; i < A->n; i++) {
		if ((int)strlen(A->one[i][0]->name) > w)
			w = (int)strlen(A->one[i][0]->name);
		if ((int)strlen(row_verdict(&A->rep[i], verdict, sizeof(verdict))) > v)
			v = (int)strlen(verdict);
		nviol += A->rep[i].verdict == EXPLORE_VIOLATION;
		nincomplete += A->rep[i].verdict == EXPLORE_INCOMPLETE;
	}
	fprintf(f, "%d propert%s, each searched for on its own; %s%s", A->n,
		A->n == 1 ? "y" : "ies", nviol ? "violated: " : "none violated",
		violated_list(A, list, sizeof(list)));
	if (nincomplete)
		fprintf(f, "; %d incomplete, no verdict for %s", nincomplete,
			nincomplete == 1 ? "it" : "them");
	fputc('\n', f);
	fprintf(f, "  %-*s  %-*s  %10s  %11s\n", w, "property", v, "verdict", "states",
		"transitions");
	for (int i = 0; i < A->n; i++)
		row(f, &A->rep[i], A->one[i][0], w, v);
	expectation(f, A);
	/* What to try, once for each different hint. */
	for (int i = 0; i < A->n; i++) {
		const char *hint = report_incomplete_hint(&A->rep[i]);
		int seen = 0;

		for (int k = 0; k < i && hint; k++)
			seen |= report_incomplete_hint(&A->rep[k]) == hint;
		if (A->rep[i].verdict == EXPLORE_INCOMPLETE && hint && !seen)
			fprintf(f, "try       %s\n", hint);
	}
	fputc('\n', f);
	for (int i = 0; i < A->n; i++) {
		const struct report *r = &A->rep[i];

		if (r->verdict != EXPLORE_VIOLATION)
			continue;
		fprintf(f, "VIOLATION %s: %s\n\n", r->violated->name, r->culprit);
		report_counterexample(f, r);
	}
	/* The steps some search ran: complete if one search was exhaustive. */
	sum_stats(A, &sum, &proof);
	snprintf(why, sizeof(why), "each search stopped, at its violation or a limit");
	coverage_text(f, A->m, &sum.cover, proof ? EXPLORE_OK : EXPLORE_INCOMPLETE, why);
	report_statistics(f, &sum, A->n);
}

/* Write r's JSON object indented by four spaces (it is an element of an
 * array); unindented if there is no memory to indent it in. */
static void nested(FILE *f, const struct report *r)
{
	char *buf = NULL, *p;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m) {
		report_json(f, r);
		return;
	}
	report_json(m, r);
	if (fclose(m)) {
		free(buf);
		report_json(f, r);
		return;
	}
	/* Drop the last newline; indent every line but the first. */
	if (len && buf[len - 1] == '\n')
		buf[--len] = '\0';
	for (p = buf; *p; p++) {
		putc(*p, f);
		if (*p == '\n')
			fputs("    ", f);
	}
	free(buf);
}

void allprops_json(FILE *f, const struct allprops *A)
{
	int status = allprops_status(A), first = 1;

	fputs("{\n  \"mode\": \"all-properties\",\n  \"scenario\": ", f);
	json_string(f, A->m->sc->name);
	fputs(",\n  \"strategy\": ", f);
	json_string(f, A->m->st->name);
	fputs(",\n  \"verdict\": ", f);
	json_string(f, status == 1 ? "violation" : status == 3 ? "incomplete" : "ok");
	fputs(",\n  \"violated\": [", f);
	for (int i = 0; i < A->n; i++) {
		if (A->rep[i].verdict != EXPLORE_VIOLATION)
			continue;
		fputs(first ? "" : ", ", f);
		json_string(f, A->rep[i].violated->name);
		first = 0;
	}
	fputs("],\n  \"expected\": ", f);
	json_string(f, A->only ? NULL : A->expected);
	fputs(",\n  \"only_properties\": ", f);
	json_string(f, A->only);
	fputs(",\n  \"properties\": [", f);
	for (int i = 0; i < A->n; i++) {
		fputs(i ? ",\n    " : "\n    ", f);
		nested(f, &A->rep[i]);
	}
	fputs("\n  ]\n}\n", f);
}
