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

int coverage_exercised(const struct scenario *sc, int punch)
{
	for (int t = 0; t < sc->nthreads; t++)
		for (int i = 0; i < sc->prog[t].nops; i++)
			if ((sc->prog[t].ops[i].kind == OP_PUNCH) == punch)
				return 1;
	return 0;
}

int coverage_reached(const struct explore_coverage *c, int punch, int step)
{
	const uint64_t *bits = punch ? c->punch : c->fault;

	return step >= 0 && step < 256 && (bits[step / 64] >> (step % 64)) & 1;
}

static const struct step *handler(const struct model *m, int punch, int *n)
{
	*n = punch ? m->st->npunch : m->st->nfault;
	return punch ? m->st->punch : m->st->fault;
}

static const char *const handler_name[2] = { "fault", "punch" };

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

void coverage_text(FILE *f, const struct model *m, const struct explore_coverage *c,
		   enum explore_verdict v, const char *why)
{
	int ex[2] = { coverage_exercised(m->sc, 0), coverage_exercised(m->sc, 1) };
	int col = INDENT, unreached = 0;
	char item[160];

	fputs("coverage  ", f);
	for (int h = 0; h < 2; h++) {
		int n;
		const struct step *steps = handler(m, h, &n);

		for (int i = 0; ex[h] && i < n; i++) {
			if (coverage_reached(c, h, i))
				continue;
			snprintf(item, sizeof(item), "%s step %d %s (%s)", handler_name[h], i,
				 steps[i].name, prim_ops[steps[i].prim]->brief);
			emit(f, &col, unreached++ ? ", " : "unreached: ", item);
		}
	}
	if (!unreached) {
		snprintf(item, sizeof(item), "%s",
			 ex[0] && ex[1] ? "every step reached" :
			 ex[0] ? "every fault step reached" :
			 ex[1] ? "every punch step reached" : "no handler runs in this scenario");
		emit(f, &col, "", item);
	}
	for (int h = 0; h < 2; h++) {
		if (ex[h] || !ex[!h])
			continue;
		snprintf(item, sizeof(item), "%s path not exercised by this scenario",
			 handler_name[h]);
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
	int ex[2] = { coverage_exercised(m->sc, 0), coverage_exercised(m->sc, 1) };
	int k = 0;

	fputs("  \"unreached\": [", f);
	for (int h = 0; h < 2; h++) {
		int n;
		const struct step *steps = handler(m, h, &n);

		for (int i = 0; ex[h] && i < n; i++) {
			if (coverage_reached(c, h, i))
				continue;
			fprintf(f, "%s\n    {\"handler\": \"%s\", \"step\": %d, \"name\": ",
				k++ ? "," : "", handler_name[h], i);
			json_string(f, steps[i].name);
			fputs(", \"does\": ", f);
			json_string(f, prim_ops[steps[i].prim]->brief);
			fputs("}", f);
		}
	}
	fprintf(f, "%s],\n", k ? "\n  " : "");
	fprintf(f, "  \"unreached_exhaustive\": %s,\n", v == EXPLORE_OK ? "true" : "false");
	fprintf(f, "  \"fault_exercised\": %s,\n  \"punch_exercised\": %s,\n",
		ex[0] ? "true" : "false", ex[1] ? "true" : "false");
}
