/*
 * twin_registry.c - the known-bad twins of the registered strategies: each
 * `twin` block of a strategy file (checker-src/strategy_file.h), derived by
 * the mutation operators of model/twins.c and validated as a strategy is.
 */
#include <stdio.h>
#include <string.h>

#include "../model/scenario.h"
#include "registry.h"
#include "strategy_file.h"

/* A derived twin: its strategy, tables and names, in static storage. */
struct built {
	struct twin pub;
	struct strategy st;
	struct step steps[NR_HANDLERS][TWIN_MAX_STEPS];
	char name[80];
	char summary[300];
	char error[640];
};

#define TWIN_MAX	(STRATEGY_MAX_FILES * STRATEGY_MAX_TWINS)

static struct built built[TWIN_MAX];
static int nbuilt = -1;			/* -1: not derived yet */
static int built_for;			/* strategy_count() they were derived for */

static int same_table(const struct step *a, int na, const struct step *b, int nb)
{
	if (na != nb)
		return 0;
	for (int i = 0; i < na; i++)
		if (strcmp(a[i].name, b[i].name) != 0 || a[i].prim != b[i].prim ||
		    a[i].arg != b[i].arg || a[i].when != b[i].when ||
		    a[i].next != b[i].next || a[i].skip != b[i].skip)
			return 0;
	return 1;
}

/* Derive twin d of strategy base into *b; on failure, b->pub.st stays NULL
 * and b->pub.error says why, at the twin's line of its file. */
static void derive(const struct strategy *base, const struct twin_def *d, struct built *b)
{
	const char *path = base->file ? base->file->path : base->name;
	char err[240];
	int n[NR_HANDLERS], same = 1;

	memset(b, 0, sizeof(*b));
	snprintf(b->name, sizeof(b->name), "%s%c%s", base->name, TWIN_SEP, d->suffix);
	b->pub.name = b->name;
	b->pub.base = base;
	b->pub.def = d;
	b->pub.mutation = d->mutation;
	b->pub.scenario = d->scenario;
	b->pub.property = d->property;
	for (int h = 0; h < NR_HANDLERS; h++) {
		if (twin_mutate(base->h[h].steps, base->h[h].n, (enum handler_kind)h, d->ops,
				b->steps[h], &n[h], err, sizeof(err))) {
			snprintf(b->error, sizeof(b->error), "%.255s:%d: twin %.31s: %s handler: %.200s",
				 path, d->line, d->suffix, strategy_handler_names[h], err);
			goto fail;
		}
		same &= same_table(b->steps[h], n[h], base->h[h].steps, base->h[h].n);
	}
	if (same) {
		snprintf(b->error, sizeof(b->error), "%.255s:%d: twin %.31s: the mutation changes nothing",
			 path, d->line, d->suffix);
		goto fail;
	}
	snprintf(b->summary, sizeof(b->summary), "known-bad twin of %s: %s", base->name,
		 d->mutation);
	b->st = *base;
	b->st.name = b->name;
	b->st.summary = b->summary;
	for (int h = 0; h < NR_HANDLERS; h++) {
		b->st.h[h].steps = b->steps[h];
		b->st.h[h].n = n[h];
		b->st.lines[h] = NULL;	/* its steps are not the file's */
	}
	b->st.file = NULL;
	b->st.path = NULL;
	if (strategy_validate(&b->st, err, sizeof(err))) {
		snprintf(b->error, sizeof(b->error), "%.255s:%d: twin %.31s: %.200s", path, d->line,
			 d->suffix, err);
		goto fail;
	}
	b->pub.st = &b->st;
	return;
fail:
	b->pub.error = b->error;
}

/* Derive every registered strategy's twins, unless that is done. */
static void derive_all(void)
{
	int n = strategy_count();

	if (nbuilt >= 0 && built_for == n)
		return;
	nbuilt = 0;
	for (int i = 0; i < n; i++) {
		const struct strategy *st = strategy_get(i);

		for (int k = 0; st->file && k < st->file->ntwins && nbuilt < TWIN_MAX; k++)
			derive(st, &st->file->twins[k], &built[nbuilt++]);
	}
	built_for = n;
}

int twin_count(void)
{
	derive_all();
	return nbuilt;
}

const struct twin *twin_get(int i)
{
	derive_all();
	return i >= 0 && i < nbuilt ? &built[i].pub : NULL;
}

const struct twin *twin_find(const char *name)
{
	derive_all();
	for (int i = 0; i < nbuilt; i++)
		if (strcmp(built[i].pub.name, name) == 0)
			return &built[i].pub;
	return NULL;
}

const struct twin *twin_of(const struct strategy *st)
{
	if (nbuilt < 0)
		return NULL;	/* nothing derived: no twin exists yet */
	for (int i = 0; i < nbuilt; i++)
		if (built[i].pub.st == st)
			return &built[i].pub;
	return NULL;
}

const char *twin_expected(const struct twin *tw, const struct scenario *sc)
{
	if (!sc->path[0] || strcmp(tw->scenario, sc->name) != 0)
		return NULL;
	return tw->property;
}

const char *strategy_selector(const struct strategy *st, char *buf, size_t len)
{
	const struct twin *tw = twin_of(st);
	const struct strategy *base = tw ? tw->base : st;
	const char *sel = base->file && !base->file->shipped ? base->file->path : base->name;

	if (tw)
		snprintf(buf, len, "%s%c%s", sel, TWIN_SEP, tw->def->suffix);
	else
		snprintf(buf, len, "%s", sel);
	return buf;
}
