/*
 * coverage.c - listing the handler steps no explored transition executed,
 * in the strategy's own step names (see coverage.h).
 */
#include <string.h>

#include "../model/prim.h"
#include "coverage.h"
#include "json.h"

#define WRAP	100	/* text lines are wrapped before this column */
#define INDENT	10	/* the report's label column: "coverage  " */

int coverage_exercised(const struct scenario *sc, enum handler_kind h)
{
	for (int t = 0; t < sc->nthreads; t++)
		for (int i = 0; i < sc->prog[t].nops; i++) {
			enum handler_kind x = exec_op_handler(&sc->prog[t].ops[i]);

			/* a PMD fault may fall back to the fault handler */
			if (x == h || (x == H_PMD && h == H_FAULT))
				return 1;
		}
	return 0;
}

int coverage_reached(const struct explore_coverage *c, enum handler_kind h, int step)
{
	return step >= 0 && step < 256 && (c->bits[h][step / 64] >> (step % 64)) & 1;
}


/* Returns 1 if step i of handler h is one the report lists unreached. */
static int missed(const struct model *m, const struct explore_coverage *c, int h, int i)
{
	return !coverage_reached(c, (enum handler_kind)h, i) &&
	       exec_step_live(m, &m->st->h[h].steps[i]);
}

/* Print sep and item at column *col, first breaking the line if the item
 * would run past WRAP (a break drops sep's trailing space). */
static void emit(FILE *f, int *col, const char *sep, const char *item)
{
	int ls = (int)strlen(sep), li = (int)strlen(item);

	if (*col > INDENT && *col + ls + li > WRAP && sep[ls - 1] == ' ') {
		fprintf(f, "%.*s\n%*s", ls - 1, sep, INDENT, "");
		*col = INDENT;
	} else {
		fputs(sep, f);
		*col += ls;
	}
	fputs(item, f);
	*col += li;
}

/* "every fault and write step reached": the handlers the scenario runs, in
 * order, the last two joined by "and". */
static void exercised_steps(char *buf, size_t len, const int *ex, int nex)
{
	size_t n = (size_t)snprintf(buf, len, "every");
	int k = 0;

	for (int h = 0; h < NR_HANDLERS && n < len; h++) {
		if (!ex[h])
			continue;
		k++;
		n += (size_t)snprintf(buf + n, len - n, "%s%s",
				      k == 1 ? " " : k == nex ? " and " : ", ",
				      strategy_handler_names[h]);
	}
	if (n < len)
		snprintf(buf + n, len - n, " step reached");
}

void coverage_text(FILE *f, const struct model *m, const struct explore_coverage *c,
		   enum explore_verdict v, const char *why)
{
	int ex[NR_HANDLERS], nex = 0, col = INDENT, unreached = 0;
	char item[160];

	for (int h = 0; h < NR_HANDLERS; h++)
		nex += ex[h] = coverage_exercised(m->sc, (enum handler_kind)h);
	fputs("coverage  ", f);
	for (int h = 0; h < NR_HANDLERS; h++) {
		const struct step *steps = m->st->h[h].steps;

		for (int i = 0; ex[h] && i < m->st->h[h].n; i++) {
			if (!missed(m, c, h, i))
				continue;
			snprintf(item, sizeof(item), "%s step %d %s (%s)", strategy_handler_names[h], i,
				 steps[i].name, prim_ops[steps[i].prim]->brief);
			emit(f, &col, unreached++ ? ", " : "unreached: ", item);
		}
	}
	if (!unreached) {
		if (nex == NR_HANDLERS - !ex[H_PMD] - !ex[H_INVALIDATE] || (ex[H_FAULT] && ex[H_PUNCH] && !ex[H_WRITE]))
			snprintf(item, sizeof(item), "every step reached");
		else if (nex == 0)
			snprintf(item, sizeof(item), "no handler runs in this scenario");
		else
			exercised_steps(item, sizeof(item), ex, nex);
		emit(f, &col, "", item);
	}
	/* The fault handler and the punch path: one not exercised beside the
	 * other is worth a word (a scenario without fsync is the rule). */
	for (int h = H_FAULT; h <= H_PUNCH; h++) {
		if (ex[h] || !ex[!h])
			continue;
		snprintf(item, sizeof(item), "%s path not exercised by this scenario",
			 strategy_handler_names[h]);
		emit(f, &col, "; ", item);
	}
	fputc('\n', f);
	if (unreached && v == EXPLORE_VIOLATION)
		fprintf(f, "%*s(in the explored part only: the search stopped at the violation)\n",
			INDENT, "");
	else if (unreached && v != EXPLORE_OK)
		fprintf(f, "%*s(in the explored part only: %s)\n", INDENT, "",
			why && *why ? why : "the search stopped");
}

void coverage_json(FILE *f, const struct model *m, const struct explore_coverage *c,
		   enum explore_verdict v)
{
	int ex[NR_HANDLERS], k = 0;

	for (int h = 0; h < NR_HANDLERS; h++)
		ex[h] = coverage_exercised(m->sc, (enum handler_kind)h);
	fputs("  \"unreached\": [", f);
	for (int h = 0; h < NR_HANDLERS; h++) {
		const struct step *steps = m->st->h[h].steps;

		for (int i = 0; ex[h] && i < m->st->h[h].n; i++) {
			if (!missed(m, c, h, i))
				continue;
			fprintf(f, "%s\n    {\"handler\": \"%s\", \"step\": %d, \"name\": ",
				k++ ? "," : "", strategy_handler_names[h], i);
			json_string(f, steps[i].name);
			fputs(", \"does\": ", f);
			json_string(f, prim_ops[steps[i].prim]->brief);
			fputs("}", f);
		}
	}
	fprintf(f, "%s],\n", k ? "\n  " : "");
	/* The steps this scenario passes over (exec_step_live: durability
	 * steps without a crash): neither reached nor missed here, so a
	 * reader joining runs must not count them as either. */
	fputs("  \"inert\": [", f);
	k = 0;
	for (int h = 0; h < NR_HANDLERS; h++)
		for (int i = 0; ex[h] && i < m->st->h[h].n; i++) {
			if (exec_step_live(m, &m->st->h[h].steps[i]))
				continue;
			fprintf(f, "%s\n    {\"handler\": \"%s\", \"step\": %d, \"name\": ",
				k++ ? "," : "", strategy_handler_names[h], i);
			json_string(f, m->st->h[h].steps[i].name);
			fputs("}", f);
		}
	fprintf(f, "%s],\n", k ? "\n  " : "");
	fprintf(f, "  \"unreached_exhaustive\": %s,\n", v == EXPLORE_OK ? "true" : "false");
	for (int h = 0; h < NR_HANDLERS; h++)
		fprintf(f, "  \"%s_exercised\": %s,\n", strategy_handler_names[h], ex[h] ? "true" : "false");
}
