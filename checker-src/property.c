/*
 * property.c - lost-store, stale-read, use-after-free, stale-mapping,
 * lost-wakeup and deadlock: how each is judged and how each names its
 * culprit, and the list of every property (the two of a power failure are in
 * property_crash.c).  Also the two reachability goals of the concurrency
 * report, which are not violations.
 */
#include <stdio.h>
#include <string.h>

#include "../model/prim.h"
#include "property.h"
#include "trace.h"

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

/* The last step before `before` of kind k on block b (and page p if p >= 0). */
static int find_step(const struct trace *tr, int before, enum effect_kind k, int b, int p)
{
	for (int i = before - 1; i >= 0; i--) {
		const struct effect *e = &tr->v[i].e;

		if (e->kind == k && e->block == b && (p < 0 || e->page == p) &&
		    (k != EFF_INSERT || e->flag == INSERT_DONE))
			return i;
	}
	return -1;
}

/* The last step before `before` that put a block in page p's block map
 * entry: an allocation, or a block mapped. */
static int map_writer(const struct trace *tr, int before, int p)
{
	for (int i = before - 1; i >= 0; i--) {
		const struct effect *e = &tr->v[i].e;

		if (e->page == p && (e->kind == EFF_MAP || (e->kind == EFF_CREATE && e->flag)))
			return i;
	}
	return -1;
}

/*
 * Two ways a store is lost.  Something overwrites the block word it
 * landed in (clear_pmem, a free), and the store is the victim of the last
 * step.  Or the store itself is the last step, landing through a PTE in a
 * block the page no longer owns: a punch freed it (or the block map has
 * moved on to another block) before the store, which is lost as it lands.
 * The victim is then the step that took the block from the page, and the
 * culprit the store.
 */
static void lost_store_explain(const struct model *m, const struct trace *tr,
			       char *buf, size_t len, struct blame *bl)
{
	const struct trace_entry *last = &tr->v[tr->len - 1];
	int p = 0, w = 0, store = -1, writer;
	size_t n;

	lost_word(m, &tr->final, &p, &w);
	for (int i = tr->len - 1; i >= 0; i--) {
		const struct effect *e = &tr->v[i].e;

		if (e->kind == EFF_STORE && e->page == p && e->word == w) {
			store = i;
			break;
		}
	}
	if (store < 0) {
		*bl = (struct blame){ 0, tr->len, NULL };
		snprintf(buf, len, "page %d word %d lost its stored value at step %d",
			 p, w, tr->len);
		return;
	}
	if (store < tr->len - 1) {
		*bl = (struct blame){ store + 1, tr->len, "overwritten by" };
		snprintf(buf, len, "T%d's store of %u to page %d word %d (step %d) was overwritten "
			 "by T%d's %s (step %d)", tr->v[store].tid, tr->v[store].e.value, p, w,
			 store + 1, last->tid, last->name, tr->len);
		return;
	}
	n = (size_t)snprintf(buf, len, "T%d's store of %u to page %d word %d (step %d) landed in "
			     "block %u, ", last->tid, last->e.value, p, w, tr->len, last->e.block);
	/* The free of that very block first: a page punched and given
	 * another block since has written its map entry more than once. */
	writer = find_step(tr, store, EFF_FREE, last->e.block, -1);
	if (writer >= 0) {
		*bl = (struct blame){ writer + 1, tr->len, "frees the block then stored to by" };
		if (n < len)
			snprintf(buf + n, len - n, "which T%d's %s (step %d) had freed: page %d no "
				 "longer owns it", tr->v[writer].tid, tr->v[writer].name, writer + 1, p);
		return;
	}
	writer = map_writer(tr, store, p);
	if (writer < 0) {
		*bl = (struct blame){ 0, tr->len, NULL };
		if (n < len)
			snprintf(buf + n, len - n, "which page %d's block map does not hold", p);
		return;
	}
	*bl = (struct blame){ writer + 1, tr->len, "remaps the page before the store of" };
	if (n < len)
		snprintf(buf + n, len - n, "but T%d's %s (step %d) had put block %u in page %d's "
			 "block map", tr->v[writer].tid, tr->v[writer].name, writer + 1,
			 tr->v[writer].e.block, p);
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
			       char *buf, size_t len, struct blame *bl)
{
	const struct trace_entry *last = &tr->v[tr->len - 1];
	int b = last->e.block, alloc = -1, insert = -1;
	size_t n;

	*bl = (struct blame){ 0, tr->len, NULL };
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
	if (insert >= 0)
		*bl = (struct blame){ insert + 1, tr->len, "maps unzeroed data read by" };
	else if (alloc >= 0)
		*bl = (struct blame){ alloc + 1, tr->len, "allocates unzeroed data read by" };
	n = (size_t)snprintf(buf, len, "T%d's load of page %u word %u (step %d) returned STALE data of block %d",
			     last->tid, last->e.page, last->e.word, tr->len, b);
	if (alloc >= 0 && n < len)
		n += (size_t)snprintf(buf + n, len - n, ", allocated by T%d's %s (step %d)",
				      tr->v[alloc].tid, tr->v[alloc].name, alloc + 1);
	if (insert >= 0 && n < len)
		snprintf(buf + n, len - n, " and mapped by T%d's %s (step %d) before it was zeroed",
			 tr->v[insert].tid, tr->v[insert].name, insert + 1);
}

/* Returns 1 if some thread has not finished and no thread can move. */
static int stuck(const struct model *m, const struct state *s)
{
	if (exec_all_done(m, s))
		return 0;
	for (int i = 0; i < m->sc->nthreads; i++)
		if (exec_enabled(m, s, i))
			return 0;
	return 1;
}

/* Returns 1 if some thread sleeps on a wait queue. */
static int any_asleep(const struct model *m, const struct state *s)
{
	for (int t = 0; t < m->sc->nthreads; t++)
		if (s->waitq[t])
			return 1;
	return 0;
}

/*
 * lost-wakeup: no thread can move, and a thread sleeps on the wait queue
 * of a DAX entry that no thread holds locked (it is unlocked, or a hole
 * page stands in its place, or it is gone): nobody will wake it.  Returns
 * the lowest such sleeper, or -1.  A sleeper that holds an entry lock
 * itself waits for itself: a deadlock, as for any lock.  Whether anyone
 * sleeps is asked first: it is a few bytes to read, and in a search whose
 * strategy has no wait queue (every one before v4.7) nobody ever does,
 * where stuck() asks every thread whether it can move, at every new state.
 */
static int lost_sleeper(const struct model *m, const struct state *s)
{
	if (!any_asleep(m, s) || !stuck(m, s))
		return -1;
	for (int t = 0; t < m->sc->nthreads; t++) {
		const struct step *st;

		if (!s->waitq[t])
			continue;
		st = exec_next_step(m, s, t);
		if (s->t[t].held & LOCK_EXCL_BIT(prim_lock(st)))
			continue;	/* it holds the entry: it waits for itself */
		if (exec_lock_holder(m, s, t, prim_lock(st)) == t)
			return t;	/* no thread holds it */
	}
	return -1;
}

static int lost_wakeup_check(const struct model *m, const struct state *s,
			     const struct effect *e)
{
	(void)e;
	return lost_sleeper(m, s) >= 0;
}

/*
 * The victim is the sleeper's last sleep.  The culprit, after it: the hole
 * page that replaced the entry, or the invalidation that deleted it, and
 * woke others but not it (a wake-one where all had to be woken), else the last release of its entry that
 * woke nobody (a hole page's unlock_page, or an entry removed).
 */
static void lost_wakeup_explain(const struct model *m, const struct trace *tr,
				char *buf, size_t len, struct blame *bl)
{
	const struct state *s = &tr->final;
	int t = lost_sleeper(m, s), page = exec_op_page(m, s, t), slept = -1, culprit = -1;
	size_t n;

	for (int i = 0; i < tr->len; i++)
		if (tr->v[i].tid == t && tr->v[i].e.kind == EFF_SLEEP)
			slept = i;
	for (int i = slept + 1; i < tr->len && slept >= 0; i++) {
		const struct effect *e = &tr->v[i].e;

		if (e->page != page || tr->v[i].tid == t)
			continue;
		if ((e->kind == EFF_LOAD_HOLE || e->kind == EFF_INVAL_ENTRY) && e->word && e->old) {
			culprit = i;
			break;
		}
		if (e->kind == EFF_UNLOCK && e->block == LOCK_ENTRY && !e->word)
			culprit = i;
	}
	*bl = (struct blame){ slept + 1, culprit + 1, "left asleep by" };
	n = (size_t)snprintf(buf, len, "T%d sleeps for ever in %s (step %d) on the wait queue of "
			     "page %d's DAX entry, and no thread holds the entry",
			     t, slept >= 0 ? tr->v[slept].name : "?", slept + 1, page);
	if (culprit < 0 || n >= len)
		return;
	if (tr->v[culprit].e.kind == EFF_LOAD_HOLE)
		snprintf(buf + n, len - n, ": T%d's %s (step %d) replaced it with a hole page and "
			 "woke only T%d", tr->v[culprit].tid, tr->v[culprit].name, culprit + 1,
			 tr->v[culprit].e.value - 1);
	else if (tr->v[culprit].e.kind == EFF_INVAL_ENTRY)
		snprintf(buf + n, len - n, ": T%d's %s (step %d) deleted it and woke only T%d, "
			 "who found no entry and woke nobody", tr->v[culprit].tid,
			 tr->v[culprit].name, culprit + 1, tr->v[culprit].e.value - 1);
	else
		snprintf(buf + n, len - n, ": T%d's %s (step %d) released it and woke nobody",
			 tr->v[culprit].tid, tr->v[culprit].name, culprit + 1);
}

/* deadlock: some thread has not finished and no thread can move (and
 * none sleeps with nobody to wake it, which is a lost-wakeup). */
static int deadlock_check(const struct model *m, const struct state *s,
			  const struct effect *e)
{
	(void)e;
	return stuck(m, s) && lost_sleeper(m, s) < 0;
}

int property_wait_cycle(const struct model *m, const struct state *s, int *cycle)
{
	int n = m->sc->nthreads;

	/* From each thread in turn, follow "waits for a lock held by" until
	 * a thread repeats (a cycle) or one does not wait for a holder. */
	for (int start = 0; start < n; start++) {
		int pos[MAX_THREADS], path[MAX_THREADS], len = 0, t = start, k, low;

		for (int i = 0; i < n; i++)
			pos[i] = -1;
		while (t >= 0 && pos[t] < 0) {
			int l = exec_blocked_on(m, s, t);

			pos[t] = len;
			path[len++] = t;
			t = l < 0 || l == LOCK_POOL ? -1 : exec_lock_holder(m, s, t, l);
		}
		if (t < 0)
			continue;
		/* path[pos[t]..len-1] is the cycle: start it at its lowest thread. */
		k = len - pos[t];
		low = pos[t];
		for (int i = pos[t]; i < len; i++)
			if (path[i] < path[low])
				low = i;
		for (int i = 0; i < k; i++)
			cycle[i] = path[pos[t] + (low - pos[t] + i) % k];
		return k;
	}
	return 0;
}

/* "T0 in find_lock_page waits for page lock, held by T1" into buf. */
static size_t one_wait(const struct model *m, const struct state *s, int t, char *buf,
		       size_t len)
{
	char name[48];
	int l = exec_blocked_on(m, s, t), h;

	exec_step_name(m, s, t, name, sizeof(name));
	if (l == LOCK_POOL)
		return (size_t)snprintf(buf, len, "T%d in %s waits for a free block: all %d are "
					"allocated (the strategy leaks blocks)", t, name, MAX_BLOCKS);
	h = exec_lock_holder(m, s, t, l);
	return (size_t)snprintf(buf, len, "T%d in %s waits for %s, held by T%d%s", t, name,
				exec_lock_name(m, l), h, h == t ? " itself" : "");
}

static void deadlock_explain(const struct model *m, const struct trace *tr,
			     char *buf, size_t len, struct blame *bl)
{
	const struct state *s = &tr->final;
	int cycle[MAX_THREADS], k = property_wait_cycle(m, s, cycle), in[MAX_THREADS] = { 0 };
	int behind = 0;
	size_t n = 0;

	*bl = (struct blame){ 0, 0, NULL };
	buf[0] = '\0';
	if (k)
		n += (size_t)snprintf(buf, len, "%s: ", k == 1 ? "a thread waits for itself" :
				      "a cycle of waits");
	for (int i = 0; i < k && n < len; i++) {
		in[cycle[i]] = 1;
		n += one_wait(m, s, cycle[i], buf + n, len - n);
		if (i < k - 1 && n < len)
			n += (size_t)snprintf(buf + n, len - n, "; ");
	}
	/* The other threads that cannot move: behind the cycle, or, with
	 * none, each waiting for a free block. */
	for (int t = 0; t < m->sc->nthreads && n < len; t++) {
		if (in[t] || exec_blocked_on(m, s, t) < 0)
			continue;
		n += (size_t)snprintf(buf + n, len - n, "%s", !n ? "" : !k || behind ? "; " :
				      "; behind it, ");
		if (n < len)
			n += one_wait(m, s, t, buf + n, len - n);
		behind = 1;
	}
}

/*
 * use-after-free: a PTE maps a freed block, or a block freed and since
 * given to another page (punch freed it; the pool hands it out again), or
 * a step wrote to or read from a freed block.
 */
static int bad_pte(const struct model *m, const struct state *s, int *page, int *mm)
{
	for (int k = 0; k < m->sc->nmm; k++)
		for (int p = 0; p < m->sc->pages; p++) {
			uint8_t b = s->pte[k][p];
			int other = 0;

			if (b == PTE_NONE || b == PTE_HOLE)
				continue;
			for (int q = 0; q < m->sc->pages; q++)
				other |= q != p && s->map[q] == b;
			if (!(s->allocated & (1u << b)) || other) {
				*page = p;
				*mm = k;
				return 1;
			}
		}
	return 0;
}

static int touches_freed(const struct state *s, const struct effect *e)
{
	if (!e || (e->kind != EFF_ZERO && e->kind != EFF_STORE && e->kind != EFF_LOAD))
		return 0;
	if (e->block == PTE_HOLE || e->block == PTE_NONE)
		return 0;
	return !(s->allocated & (1u << e->block));
}

static int use_after_free_check(const struct model *m, const struct state *s,
				const struct effect *e)
{
	int p, mm;

	return touches_freed(s, e) || bad_pte(m, s, &p, &mm);
}

static void use_after_free_explain(const struct model *m, const struct trace *tr,
				   char *buf, size_t len, struct blame *bl)
{
	const struct trace_entry *last = &tr->v[tr->len - 1];
	int p = -1, mm = 0, b, fr, ins;
	char where[24];
	size_t n;

	*bl = (struct blame){ 0, tr->len, NULL };
	if (touches_freed(&tr->final, &last->e)) {
		b = last->e.block;
		fr = find_step(tr, tr->len, EFF_FREE, b, -1);
		n = (size_t)snprintf(buf, len, "T%d's %s (step %d) %s block %d",
				     last->tid, last->name, tr->len,
				     last->e.kind == EFF_LOAD ? "read from" : "wrote to", b);
	} else {
		bad_pte(m, &tr->final, &p, &mm);
		scenario_in_process(m->sc, mm, where, sizeof(where));
		b = tr->final.pte[mm][p];
		fr = find_step(tr, tr->len, EFF_FREE, b, -1);
		ins = find_step(tr, tr->len, EFF_INSERT, b, p);
		if (last->e.kind == EFF_FREE && ins >= 0) {
			*bl = (struct blame){ ins + 1, tr->len, "maps a block then freed by" };
			snprintf(buf, len, "T%d's %s (step %d) freed block %d while page %d's PTE%s still "
				 "maps it (installed by T%d's %s, step %d)", last->tid, last->name, tr->len,
				 b, p, where, tr->v[ins].tid, tr->v[ins].name, ins + 1);
			return;
		}
		n = (size_t)snprintf(buf, len, "T%d's %s (step %d) mapped page %d%s to block %d",
				     last->tid, last->name, tr->len, p, where, b);
	}
	if (fr >= 0)
		*bl = (struct blame){ fr + 1, tr->len, "frees a block then used by" };
	if (fr >= 0 && n < len)
		snprintf(buf + n, len - n, ", which T%d's %s freed at step %d",
			 tr->v[fr].tid, tr->v[fr].name, fr + 1);
	else if (n < len)
		snprintf(buf + n, len - n, ", which belongs to another page");
}

/*
 * stale-mapping: when every thread has finished, a PTE still maps the
 * read-only hole page over a page whose block holds stored data: a reader
 * of the mapping sees zeros instead of the data.
 */
static int stale_hole(const struct model *m, const struct state *s, int *page, int *word,
		      int *mm)
{
	if (!exec_all_done(m, s))
		return 0;
	for (int k = 0; k < m->sc->nmm; k++)
		for (int p = 0; p < m->sc->pages; p++) {
			if (s->pte[k][p] != PTE_HOLE || s->map[p] == NO_BLOCK)
				continue;
			for (int w = 0; w < m->sc->words; w++) {
				if (s->shadow[p][w]) {
					*page = p;
					*word = w;
					*mm = k;
					return 1;
				}
			}
		}
	return 0;
}

static int stale_mapping_check(const struct model *m, const struct state *s,
			       const struct effect *e)
{
	int p, w, mm;

	(void)e;
	return stale_hole(m, s, &p, &w, &mm);
}

static void stale_mapping_explain(const struct model *m, const struct trace *tr,
				  char *buf, size_t len, struct blame *bl)
{
	int p = 0, w = 0, mm = 0, hole = -1, store = -1;
	char where[24];
	size_t n;

	*bl = (struct blame){ 0, tr->len, NULL };
	stale_hole(m, &tr->final, &p, &w, &mm);
	for (int i = tr->len - 1; i >= 0; i--) {
		const struct effect *e = &tr->v[i].e;

		/* the hole page, or the huge zero page over the huge page, in
		 * the process whose PTE it is */
		if (hole < 0 && e->flag && m->sc->mm[tr->v[i].tid] == mm &&
		    ((e->kind == EFF_LOAD_HOLE && e->page == p) ||
		     (e->kind == EFF_PMD_HOLE && scenario_in_huge(m->sc, p))))
			hole = i;
		if (store < 0 && e->kind == EFF_STORE && e->page == p && e->word == w)
			store = i;
	}
	if (store >= 0 && hole >= 0 && store < hole) {
		*bl = (struct blame){ store + 1, hole + 1, "hidden by the hole page of" };
	} else if (hole >= 0) {
		/* The store came after the hole page was mapped (write(2) copies
		 * with no fault): the victim is the step that gave the page its
		 * block, before the hole page went over it. */
		for (int i = hole - 1; i >= 0; i--) {
			const struct effect *e = &tr->v[i].e;

			if (e->page == p && (e->kind == EFF_MAP || (e->kind == EFF_CREATE && e->flag))) {
				*bl = (struct blame){ i + 1, hole + 1, "given a block hidden by the hole page of" };
				break;
			}
		}
		/* The page got its block only after the hole page was mapped
		 * (a write(2) that invalidated before it allocated): the hole
		 * page is left over the data the last step completes. */
		if (!bl->victim && hole + 1 < tr->len)
			*bl = (struct blame){ hole + 1, tr->len, "left mapped over the data of" };
	}
	n = (size_t)snprintf(buf, len, "page %d's PTE%s still maps the hole page over block %d",
			     p, scenario_in_process(m->sc, mm, where, sizeof(where)), tr->final.map[p]);
	if (hole >= 0 && n < len)
		n += (size_t)snprintf(buf + n, len - n, " (mapped by T%d's %s, step %d)",
				      tr->v[hole].tid, tr->v[hole].name, hole + 1);
	if (store >= 0 && n < len)
		snprintf(buf + n, len - n, ", which holds T%d's store of %u (step %d): readers see 0",
			 tr->v[store].tid, tr->v[store].e.value, store + 1);
}

/*
 * pt-corruption: the PMD slot over the huge page holds a huge PMD and a PTE
 * table at once: a PMD set over a PTE table, or a PTE written under a live
 * PMD (the "bad pmd", "BUG: Bad rss-counter state" and "non-zero nr_ptes
 * on freeing mm" of the colliding PMD & PTE entries race).
 */
static int corrupt_slot(const struct model *m, const struct state *s)
{
	for (int mm = 0; mm < m->sc->nmm; mm++)
		if ((s->slot[mm] & SLOT_TABLE) && (s->slot[mm] & SLOT_LEAF))
			return mm;
	return -1;
}

static int pt_corruption_check(const struct model *m, const struct state *s,
			       const struct effect *e)
{
	(void)e;
	return corrupt_slot(m, s) >= 0;
}

/* Returns 1 if step e of the trace put a PTE table in the huge page's
 * slot (a 4 KiB PTE, or vm_insert_mixed's table under a PMD). */
static int makes_table(const struct model *m, const struct effect *e)
{
	if (!scenario_in_huge(m->sc, e->page))
		return 0;
	return e->kind == EFF_INSERT || (e->kind == EFF_LOAD_HOLE && e->flag);
}

static void pt_corruption_explain(const struct model *m, const struct trace *tr,
				  char *buf, size_t len, struct blame *bl)
{
	int leaf = -1, table = -1, mm = corrupt_slot(m, &tr->final);
	char where[24];

	for (int i = 0; i < tr->len; i++) {
		const struct effect *e = &tr->v[i].e;

		if (m->sc->mm[tr->v[i].tid] != mm)
			continue;	/* another process's page table */
		if ((e->kind == EFF_INSERT_PMD && !e->flag) || (e->kind == EFF_PMD_HOLE && e->flag))
			leaf = i;
		if (table < 0 && makes_table(m, e))
			table = i;
	}
	*bl = (struct blame){ 0, tr->len, NULL };
	scenario_in_process(m->sc, mm, where, sizeof(where));
	if (leaf < 0 || table < 0) {
		snprintf(buf, len, "the PMD slot over pages %d-%d%s holds a PMD and a PTE table",
			 m->sc->huge_first, m->sc->huge_first + m->sc->huge_pages - 1, where);
		return;
	}
	if (leaf < table) {
		*bl = (struct blame){ leaf + 1, table + 1, "walked over by the PTE of" };
		snprintf(buf, len, "a PTE of page %u (T%d's %s, step %d) went under the live PMD "
			 "over pages %d-%d (T%d's %s, step %d): the PMD slot%s holds both",
			 tr->v[table].e.page, tr->v[table].tid, tr->v[table].name, table + 1,
			 m->sc->huge_first, m->sc->huge_first + m->sc->huge_pages - 1,
			 tr->v[leaf].tid, tr->v[leaf].name, leaf + 1, where);
	} else {
		*bl = (struct blame){ table + 1, leaf + 1, "overwritten by the PMD of" };
		snprintf(buf, len, "the PMD over pages %d-%d (T%d's %s, step %d) was set over the "
			 "PTE table of page %u's PTE (T%d's %s, step %d): the PMD slot%s holds both",
			 m->sc->huge_first, m->sc->huge_first + m->sc->huge_pages - 1,
			 tr->v[leaf].tid, tr->v[leaf].name, leaf + 1, tr->v[table].e.page,
			 tr->v[table].tid, tr->v[table].name, table + 1, where);
	}
}

/*
 * The concurrency goals: two faults both between their first get_block
 * and their return (TF_INSIDE), on the same page or on different pages.
 */
static int overlap(const struct model *m, const struct state *s, int same,
		   int *a, int *b)
{
	for (int i = 0; i < m->sc->nthreads; i++) {
		if (!exec_inside(m, s, i))
			continue;
		for (int j = i + 1; j < m->sc->nthreads; j++) {
			if (exec_inside(m, s, j) &&
			    (exec_op_page(m, s, i) == exec_op_page(m, s, j)) == same) {
				*a = i;
				*b = j;
				return 1;
			}
		}
	}
	return 0;
}

static int overlap_same_check(const struct model *m, const struct state *s,
			      const struct effect *e)
{
	int a, b;

	(void)e;
	return overlap(m, s, 1, &a, &b);
}

static int overlap_other_check(const struct model *m, const struct state *s,
			       const struct effect *e)
{
	int a, b;

	(void)e;
	return overlap(m, s, 0, &a, &b);
}

static void overlap_explain(const struct model *m, const struct trace *tr,
			    char *buf, size_t len, struct blame *bl)
{
	const struct state *s = &tr->final;
	int a = 0, b = 0, same = overlap(m, s, 1, &a, &b);
	char na[48], nb[48];

	*bl = (struct blame){ 0, 0, NULL };
	if (!same)
		overlap(m, s, 0, &a, &b);
	snprintf(buf, len, "T%d (next: %s) and T%d (next: %s) are both inside the fault handler, on %s",
		 a, exec_step_name(m, s, a, na, sizeof(na)), b, exec_step_name(m, s, b, nb, sizeof(nb)),
		 same ? "the same page" : "different pages");
}

static const struct property lost_store = {
	"lost-store", "a completed user store is overwritten by anything but a later user store",
	PROP_STATE, lost_store_check, lost_store_explain,
};

static const struct property stale_read = {
	"stale-read", "a user load returns STALE: another file's old data leaks",
	PROP_STEP, stale_read_check, stale_read_explain,
};

static const struct property use_after_free = {
	"use-after-free", "a PTE maps a freed block, or a step touches a freed block",
	PROP_STEP, use_after_free_check, use_after_free_explain,
};

static const struct property stale_mapping = {
	"stale-mapping", "at the end, the hole page is still mapped over a page with data",
	PROP_STATE, stale_mapping_check, stale_mapping_explain,
};

static const struct property lost_wakeup = {
	"lost-wakeup", "a thread sleeps on a DAX entry's wait queue, the entry unlocked or gone, "
	"and no thread can move",
	PROP_STATE, lost_wakeup_check, lost_wakeup_explain,
};

const struct property property_pt_corruption = {
	"pt-corruption", "the PMD slot of a huge page holds a PMD and a PTE table at once",
	PROP_STATE, pt_corruption_check, pt_corruption_explain,
};

static const struct property deadlock = {
	"deadlock", "some thread has not finished and no thread can move",
	PROP_STATE, deadlock_check, deadlock_explain,
};

/* Order matters only when one step violates two properties at once. */
const struct property *const property_all[] = {
	&stale_read,
	&use_after_free,
	&lost_store,
	&stale_mapping,
	&lost_wakeup,
	&deadlock,
	&property_stale_after_crash,	/* property_crash.c */
	&property_fsync_loss,
	&property_pt_corruption,
};

const struct property property_overlap_same = {
	"overlap-same-page", "two faults on one page are inside their handlers at once",
	PROP_STATE, overlap_same_check, overlap_explain,
};

const struct property property_overlap_other = {
	"overlap-other-pages", "two faults on different pages are inside their handlers at once",
	PROP_STATE, overlap_other_check, overlap_explain,
};
const int property_count = sizeof(property_all) / sizeof(property_all[0]);

int property_applies(const struct property *p, const struct scenario *sc)
{
	if (p == &property_pt_corruption)
		return sc->huge_pages != 0;
	return sc->crash || (p != &property_stale_after_crash && p != &property_fsync_loss);
}

/* Returns 1 if some step of strategy st may put its thread to sleep on a
 * wait queue (PRIM_MAY_STAY: model/prims/waitq.c), 0 if no thread of its
 * model ever sleeps. */
static int may_sleep(const struct strategy *st)
{
	for (int h = 0; h < NR_HANDLERS; h++)
		for (int i = 0; i < st->h[h].n; i++)
			if (prim_ops[st->h[h].steps[i].prim]->flags & PRIM_MAY_STAY)
				return 1;
	return 0;
}

int property_judged(const struct property *p, const struct model *m)
{
	if (p == &lost_wakeup && !may_sleep(m->st))
		return 0;
	return property_applies(p, m->sc);
}

const struct property *property_find(const char *name)
{
	for (int i = 0; i < property_count; i++)
		if (strcmp(property_all[i]->name, name) == 0)
			return property_all[i];
	return NULL;
}

const struct property *property_check(const struct property *const *set, int n,
				      const struct model *m, const struct state *s,
				      const struct effect *e, int fresh)
{
	for (int i = 0; i < n; i++) {
		const struct property *p = set[i];

		if (p->kind == PROP_STATE && !fresh)
			continue;
		if (p->check(m, s, p->kind == PROP_STEP ? e : NULL))
			return p;
	}
	return NULL;
}
