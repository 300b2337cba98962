/*
 * property.c - lost-store, stale-read and deadlock: how each is judged and
 * how each names its culprit.
 */
#include <stdio.h>
#include <string.h>

#include "property.h"

/*
 * lost-store.  The state keeps a shadow of the last value a user stored to
 * each word of the file.  A completed store must stay visible in the file's
 * block until a later user store to the same word replaces it, so in every
 * state each shadowed word must hold its shadow value.  Checking every
 * state catches the overwrite at the step that does it, and a store gone
 * when all threads have finished.  User values are 1..VAL_MAX, never the
 * zero that clear_pmem writes, so a wipe is always visible.
 */
static int lost_word(const struct model *m, const struct state *s, int *page, int *word)
{
	for (int p = 0; p < m->sc->pages; p++) {
		for (int w = 0; w < m->sc->words; w++) {
			uint8_t want = s->shadow[p][w];

			if (want == 0)
				continue;
			if (s->map[p] == NO_BLOCK || s->data[s->map[p]][w] != want) {
				*page = p;
				*word = w;
				return 1;
			}
		}
	}
	return 0;
}

static int lost_store_check(const struct model *m, const struct state *s,
			    const struct effect *e)
{
	int p, w;

	(void)e;
	return lost_word(m, s, &p, &w);
}

static void lost_store_explain(const struct model *m, const struct trace *tr,
			       char *buf, size_t len)
{
	const struct trace_entry *last = &tr->v[tr->len - 1];
	int p = 0, w = 0, store = -1;

	lost_word(m, &tr->final, &p, &w);
	for (int i = tr->len - 1; i >= 0; i--) {
		const struct effect *e = &tr->v[i].e;

		if (e->kind == EFF_STORE && e->page == p && e->word == w) {
			store = i;
			break;
		}
	}
	if (store < 0) {
		snprintf(buf, len, "page %d word %d lost its stored value at step %d",
			 p, w, tr->len);
		return;
	}
	snprintf(buf, len, "T%d's store of %u to page %d word %d (step %d) was overwritten by T%d's %s (step %d)",
		 tr->v[store].tid, tr->v[store].e.value, p, w, store + 1,
		 last->tid, last->name, tr->len);
}

/* stale-read: a user load returned STALE, another file's old data. */
static int stale_read_check(const struct model *m, const struct state *s,
			    const struct effect *e)
{
	(void)m;
	(void)s;
	return e && e->kind == EFF_LOAD && e->value == VAL_STALE;
}

static void stale_read_explain(const struct model *m, const struct trace *tr,
			       char *buf, size_t len)
{
	const struct trace_entry *last = &tr->v[tr->len - 1];
	int b = last->e.block, alloc = -1, insert = -1;
	size_t n;

	(void)m;
	for (int i = 0; i < tr->len - 1; i++) {
		const struct effect *e = &tr->v[i].e;

		if (e->block != b)
			continue;
		if ((e->kind == EFF_CREATE && e->flag) || e->kind == EFF_ALLOC)
			alloc = i;
		if (e->kind == EFF_INSERT && e->flag != INSERT_EBUSY && e->page == last->e.page)
			insert = i;
	}
	n = (size_t)snprintf(buf, len, "T%d's load of page %u word %u (step %d) returned STALE data of block %d",
			     last->tid, last->e.page, last->e.word, tr->len, b);
	if (alloc >= 0 && n < len)
		n += (size_t)snprintf(buf + n, len - n, ", allocated by T%d's %s (step %d)",
				      tr->v[alloc].tid, tr->v[alloc].name, alloc + 1);
	if (insert >= 0 && n < len)
		snprintf(buf + n, len - n, " and mapped by T%d's %s (step %d) before it was zeroed",
			 tr->v[insert].tid, tr->v[insert].name, insert + 1);
}

/* deadlock: some thread has not finished and no thread can move. */
static int deadlock_check(const struct model *m, const struct state *s,
			  const struct effect *e)
{
	(void)e;
	if (exec_all_done(m, s))
		return 0;
	for (int i = 0; i < m->sc->nthreads; i++)
		if (exec_enabled(m, s, i))
			return 0;
	return 1;
}

static void deadlock_explain(const struct model *m, const struct trace *tr,
			     char *buf, size_t len)
{
	const struct state *s = &tr->final;
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < m->sc->nthreads && n < len; i++) {
		char name[48];
		int l = exec_blocked_on(m, s, i);

		if (l < 0)
			continue;
		n += (size_t)snprintf(buf + n, len - n, "%sT%d in %s waits for %s, held by T%d",
				      n ? "; " : "", i, exec_step_name(m, s, i, name, sizeof(name)),
				      exec_lock_name(l), exec_lock_holder(m, s, l));
	}
}

static const struct property lost_store = {
	"lost-store", "a completed user store is overwritten by anything but a later user store",
	PROP_STATE, lost_store_check, lost_store_explain,
};

static const struct property stale_read = {
	"stale-read", "a user load returns STALE: another file's old data leaks",
	PROP_STEP, stale_read_check, stale_read_explain,
};

static const struct property deadlock = {
	"deadlock", "some thread has not finished and no thread can move",
	PROP_STATE, deadlock_check, deadlock_explain,
};

/* Order matters only when one step violates two properties at once. */
const struct property *const property_all[] = {
	&stale_read,
	&lost_store,
	&deadlock,
};
const int property_count = sizeof(property_all) / sizeof(property_all[0]);

const struct property *property_find(const char *name)
{
	for (int i = 0; i < property_count; i++)
		if (strcmp(property_all[i]->name, name) == 0)
			return property_all[i];
	return NULL;
}

const struct property *property_check(const struct model *m, const struct state *s,
				      const struct effect *e, int fresh)
{
	for (int i = 0; i < property_count; i++) {
		const struct property *p = property_all[i];

		if (p->kind == PROP_STATE && !fresh)
			continue;
		if (p->check(m, s, p->kind == PROP_STEP ? e : NULL))
			return p;
	}
	return NULL;
}
