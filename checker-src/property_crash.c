/*
 * property_crash.c - the two properties of a power failure, judged in a
 * scenario with `crash` (README "After the power fails"):
 *
 *   stale-after-crash  if the power failed now, recovery could give the
 *                      file a block whose media still holds another
 *                      file's data: Wilcox's /etc/shadow exposure, after a
 *                      reboot.  A state property: the crash may come at
 *                      any point of any interleaving, and the search
 *                      judges every state it stores.
 *   fsync-loss         an fsync returned while a store its thread made
 *                      before calling it is not durable: a power failure
 *                      right after would lose it.  Judged on the step
 *                      where fsync returns: once a store is durable only a
 *                      later store or a punch, both allowed to, can take
 *                      it away, so that is the worst moment to crash.
 *                      A `persist` (pmem_persist from user space) through
 *                      a MAP_SYNC mapping acknowledges the thread's stores
 *                      to its page just as fsync does (v4.15: "While a
 *                      block is writeably mapped into page tables of this
 *                      mapping, it is guaranteed to be visible in the file
 *                      at that offset also after a crash"), and is judged
 *                      the same way; without MAP_SYNC it acknowledges
 *                      nothing (only fsync or msync would).
 *
 * After a crash only the media and the log remain.  Recovery gives each
 * page its entry in the durable block map or, if the log got that far, in
 * the committed one (model/prims/commit.c); an unwritten extent reads as
 * zeros.  Lines not written back and fenced are assumed lost: a cache may
 * write a line back early, but only ever with a newer value (zeroes or a
 * user's store, never another file's data), which can make neither
 * property worse.  Each explanation names the allocation or store, and
 * the step whose missing flush or early commit exposed it.
 */
#include <stdio.h>
#include <string.h>

#include "../model/prim.h"
#include "property.h"
#include "trace.h"

/* ---- stale-after-crash ------------------------------------------------------ */

/* Returns 1 if map entry e gives a block some word of which the media
 * holds as STALE, with the word in *word. */
static int stale_entry(const struct model *m, const struct state *s, uint8_t e, int *word)
{
	if (e == NO_BLOCK || (e & MAPE_UNWRITTEN))
		return 0;
	for (int w = 0; w < m->sc->words; w++) {
		if (s->media[MAPE_BLOCK(e)][w] == VAL_STALE) {
			*word = w;
			return 1;
		}
	}
	return 0;
}

/* The page whose recovered entry would expose STALE data: its entry in
 * *entry, the word in *word. */
static int crash_stale(const struct model *m, const struct state *s, int *page, uint8_t *entry,
		       int *word)
{
	if (!m->sc->crash)
		return 0;
	for (int p = 0; p < m->sc->pages; p++) {
		const uint8_t cand[2] = { s->durable[p], s->committed[p] };

		for (int k = 0; k < 2; k++) {
			if (stale_entry(m, s, cand[k], word)) {
				*page = p;
				*entry = cand[k];
				return 1;
			}
		}
	}
	return 0;
}

static int stale_after_crash_check(const struct model *m, const struct state *s,
				   const struct effect *e)
{
	int p, w;
	uint8_t en;

	(void)e;
	return crash_stale(m, s, &p, &en, &w);
}

/* Returns 2 if effect e is a PMD fault's allocation of the huge page's
 * blocks, zeroed inside (get_block with XFS_BMAPI_ZERO, ->iomap_begin);
 * 1 if one left unzeroed (BH_New, for clear_pmem after it); 0 if it is
 * neither.  Its blocks are the huge page's: a page of it whose committed
 * entry exposes stale data has its block from the last one. */
static int pmd_alloc(const struct effect *e)
{
	if (e->kind == EFF_GET_BLOCK_PMD && e->flag)
		return e->value ? 1 : 2;
	return e->kind == EFF_IOMAP && e->flag == ENTRY_PMD && e->value ? 2 : 0;
}

static void stale_after_crash_explain(const struct model *m, const struct trace *tr,
				      char *buf, size_t len, struct blame *bl)
{
	const struct trace_entry *last = &tr->v[tr->len - 1];
	int p = 0, w = 0, b, zero = -1, alloc = -1, flushed = 0, huge;
	uint8_t en = NO_BLOCK;
	size_t n;

	crash_stale(m, &tr->final, &p, &en, &w);
	b = MAPE_BLOCK(en);
	huge = scenario_in_huge(m->sc, p);
	for (int i = 0; i < tr->len; i++) {
		const struct effect *e = &tr->v[i].e;

		if ((e->kind == EFF_ALLOC || (e->kind == EFF_CREATE && e->flag)) && e->block == b)
			alloc = i, zero = -1, flushed = 0;
		else if (huge && pmd_alloc(e))
			alloc = i, zero = pmd_alloc(e) > 1 ? i : -1, flushed = 0;
		else if ((e->kind == EFF_ZERO && e->block == b && e->word == w) ||
			 (e->kind == EFF_ZERO_PMD && huge))
			zero = i;
		else if (((e->kind == EFF_FLUSH && e->block == b) ||
			  (e->kind == EFF_FLUSH_PMD && (e->block >> b & 1))) && zero >= 0)
			flushed = 1;
	}
	n = (size_t)snprintf(buf, len, "T%d's %s (step %d) committed page %d -> block %d",
			     last->tid, last->name, tr->len, p, b);
	if (zero >= 0) {
		*bl = (struct blame){ zero + 1, tr->len, "not yet durable when committed by" };
		n += (size_t)snprintf(buf + n, len - n, " while T%d's %s of word %d (step %d) was %s",
				      tr->v[zero].tid, tr->v[zero].name, w, zero + 1,
				      flushed ? "written back but not fenced" :
				      "still in the CPU cache: nothing flushed it");
	} else {
		*bl = (struct blame){ alloc + 1, tr->len,
				      alloc >= 0 ? "allocated, not zeroed, when committed by" : NULL };
		n += (size_t)snprintf(buf + n, len - n, " before word %d of it was zeroed", w);
	}
	if (n < len)
		snprintf(buf + n, len - n, ": a power failure now gives the file block %d with "
			 "another file's data on the media", b);
}

const struct property property_stale_after_crash = {
	"stale-after-crash", "after a power failure, the file could own a block the media holds "
	"another file's data in",
	PROP_STATE, stale_after_crash_check, stale_after_crash_explain,
};

/* ---- fsync-loss ------------------------------------------------------------- */

/* Why a store is not durable. */
enum loss {
	LOSS_NONE,
	LOSS_MAP,		/* the durable block map gives the page no block */
	LOSS_UNWRITTEN,		/* it gives an unwritten extent: zeros */
	LOSS_CACHE,		/* the block's media lacks it: never written back */
	LOSS_UNFENCED,		/* written back, not fenced */
};

/* Returns 1 if operation o of a thread is a store its acknowledgement
 * `ack` (an fsync, or a persist of a MAP_SYNC mapping) vouches for: any
 * store or write(2) for an fsync; a store through the mapping to its page
 * for a persist. */
int property_acked(const struct op *ack, const struct op *o)
{
	if (ack->kind == OP_PERSIST)
		return o->kind == OP_STORE && o->page == ack->page;
	return o->kind == OP_STORE || o->kind == OP_WRITE;
}

/*
 * The store of thread t before its operation `fsync_op` (an fsync, or a
 * persist through a MAP_SYNC mapping) that a crash now would lose: the
 * last store to each word it acknowledges, unless a later store (another
 * thread's) has since replaced it.  Returns the loss, with the store's
 * operation in *op.
 */
static enum loss lost_store(const struct model *m, const struct state *s, int t, int fsync_op,
			    int *op)
{
	const struct program *pr = &m->sc->prog[t];

	for (int i = fsync_op - 1; i >= 0; i--) {
		const struct op *o = &pr->ops[i];
		uint8_t e;
		int later = 0;

		if (!property_acked(&pr->ops[fsync_op], o))
			continue;
		for (int j = i + 1; j < fsync_op; j++)
			later |= (pr->ops[j].kind == OP_STORE || pr->ops[j].kind == OP_WRITE) &&
				 pr->ops[j].page == o->page &&
				 pr->ops[j].word == o->word;
		if (later || s->shadow[o->page][o->word] != o->value)
			continue;	/* replaced since */
		*op = i;
		e = s->durable[o->page];
		if (e == NO_BLOCK)
			return LOSS_MAP;
		if (e & MAPE_UNWRITTEN)
			return LOSS_UNWRITTEN;
		if (s->media[MAPE_BLOCK(e)][o->word] != o->value)
			return s->flight[MAPE_BLOCK(e)][o->word] == o->value ? LOSS_UNFENCED
									      : LOSS_CACHE;
	}
	return LOSS_NONE;
}

/* The fsync that the step e returned from, or the persist of a MAP_SYNC
 * mapping it was: its operation, or -1. */
static int fsync_returned(const struct model *m, const struct state *s, const struct effect *e)
{
	int ip;

	if (e && e->kind == EFF_PERSIST)
		return m->sc->map_sync ? s->t[e->tid].ip - 1 : -1;
	if (!e || e->returned != RET_DONE)
		return -1;
	ip = s->t[e->tid].ip - 1;
	return m->sc->prog[e->tid].ops[ip].kind == OP_FSYNC ? ip : -1;
}

/* The step that last installed a PTE for page p before step `before`, or
 * -1: under MAP_SYNC, the culprit when the log does not give the page the
 * block that PTE maps. */
static int pte_installed(const struct trace *tr, int before, int p)
{
	for (int i = before - 1; i >= 0; i--)
		if (tr->v[i].e.kind == EFF_INSERT && tr->v[i].e.flag == INSERT_DONE &&
		    tr->v[i].e.page == p)
			return i;
	return -1;
}

static int fsync_loss_check(const struct model *m, const struct state *s,
			    const struct effect *e)
{
	int f, op;

	if (!m->sc->crash || (f = fsync_returned(m, s, e)) < 0)
		return 0;
	return lost_store(m, s, e->tid, f, &op) != LOSS_NONE;
}

static void fsync_loss_explain(const struct model *m, const struct trace *tr,
			       char *buf, size_t len, struct blame *bl)
{
	static const char *const why[] = {
		[LOSS_MAP] = "the log does not give page %d a block: nothing forced the "
			     "allocation into it",
		[LOSS_UNWRITTEN] = "the log gives page %d an unwritten extent, which reads as "
				   "zeros: the conversion was not forced into it",
		[LOSS_CACHE] = "page %d's block does not hold it on the media: it is still in "
			       "the CPU cache, and nothing wrote it back",
		[LOSS_UNFENCED] = "page %d's block does not hold it on the media: it was written "
				  "back but not fenced",
	};
	const struct trace_entry *last = &tr->v[tr->len - 1];
	const struct op *o;
	int t = last->tid, f = fsync_returned(m, &tr->final, &last->e), op = 0, store = -1, pte;
	enum loss l = lost_store(m, &tr->final, t, f, &op);
	int persist = last->e.kind == EFF_PERSIST;
	size_t n;

	o = &m->sc->prog[t].ops[op];
	for (int i = tr->len - 1; i >= 0 && store < 0; i--)
		if (tr->v[i].tid == t && tr->v[i].e.kind == EFF_STORE &&
		    tr->v[i].e.page == o->page && tr->v[i].e.word == o->word)
			store = i;
	*bl = (struct blame){ store + 1, tr->len, store >= 0 ? "not durable when acknowledged by"
							     : NULL };
	if (persist)
		n = (size_t)snprintf(buf, len, "T%d's persist of page %u through its MAP_SYNC "
				     "mapping (step %d) left its store of %u to word %u (step %d) "
				     "not durable: ", t, o->page, tr->len, o->value, o->word,
				     store + 1);
	else
		n = (size_t)snprintf(buf, len, "T%d's fsync returned (step %d) with its store of "
				     "%u to page %u word %u (step %d) not durable: ", t, tr->len,
				     o->value, o->page, o->word, store + 1);
	if (n < len && l != LOSS_NONE)
		n += (size_t)snprintf(buf + n, len - n, why[l], o->page);
	/* MAP_SYNC's promise broken: the PTE the store went through was
	 * installed writable before the block map reached the log. */
	if (persist && (l == LOSS_MAP || l == LOSS_UNWRITTEN) && store >= 0 &&
	    (pte = pte_installed(tr, store, o->page)) >= 0) {
		*bl = (struct blame){ store + 1, pte + 1,
				      "persisted through a PTE installed before the log held its block by" };
		if (n < len)
			snprintf(buf + n, len - n, ": T%d's %s (step %d) installed the PTE writable "
				 "before the log held page %u's block", tr->v[pte].tid,
				 tr->v[pte].name, pte + 1, o->page);
	}
}

const struct property property_fsync_loss = {
	"fsync-loss", "a store made before an fsync that returned, or persisted from user "
	"space through a MAP_SYNC mapping, is not durable",
	PROP_STEP, fsync_loss_check, fsync_loss_explain,
};
