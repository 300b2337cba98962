/*
 * trace.c - replaying a schedule and printing it as a swim-lane table.
 *
 * Counterexamples are printed by replaying their schedule, so what the
 * user sees and what --replay shows come from the same code.
 */
#include <stdlib.h>
#include <string.h>

#include "../model/prim.h"
#include "property.h"
#include "trace.h"

int trace_replay(const struct model *m, const struct property *const *set, int nset,
		 const unsigned char *schedule, int n, struct trace *tr, char *err, size_t errlen)
{
	struct state s;

	if (!set) {
		set = property_all;
		nset = property_count;
	}
	memset(tr, 0, sizeof(*tr));
	tr->v = calloc(n ? (size_t)n : 1, sizeof(*tr->v));
	if (!tr->v) {
		snprintf(err, errlen, "out of memory");
		return TRACE_NOMEM;
	}
	state_init(&s, m->sc);
	tr->violated = property_check(set, nset, m, &s, NULL, 1);
	for (int i = 0; i < n && !tr->violated; i++) {
		struct trace_entry *te = &tr->v[i];
		int t = schedule[i];

		if (t >= m->sc->nthreads) {
			snprintf(err, errlen, "step %d: there is no T%d (threads T0..T%d)",
				 i + 1, t, m->sc->nthreads - 1);
			goto fail;
		}
		if (!exec_enabled(m, &s, t)) {
			int l = exec_blocked_on(m, &s, t);

			if (l == LOCK_POOL)
				snprintf(err, errlen, "step %d: T%d cannot move: it waits for a free "
					 "block (all %d are allocated)", i + 1, t, MAX_BLOCKS);
			else if (l >= 0)
				snprintf(err, errlen, "step %d: T%d cannot move: it waits for %s, held by T%d",
					 i + 1, t, exec_lock_name(m, l), exec_lock_holder(m, &s, t, l));
			else
				snprintf(err, errlen, "step %d: T%d cannot move: it has finished",
					 i + 1, t);
			goto fail;
		}
		te->tid = t;
		te->h = exec_thread_handler(m, &s, t);
		exec_step_name(m, &s, t, te->name, sizeof(te->name));
		exec_step(m, &s, t, &te->e);
		for (int u = 0; u < m->sc->nthreads; u++) {
			te->held[u] = s.t[u].held;
			te->page[u] = (int8_t)exec_op_page(m, &s, u);
		}
		memcpy(te->pte, s.pte, sizeof(te->pte));
		memcpy(te->slot, s.slot, sizeof(te->slot));
		tr->len = i + 1;
		tr->violated = property_check(set, nset, m, &s, &te->e, 1);
	}
	tr->final = s;
	return 0;
fail:
	trace_free(tr);
	return -1;
}

int trace_rerun(const struct model *m, const struct property *const *set, int nset,
		const struct trace *tr, int skip, struct state *final,
		const struct property **violated)
{
	if (!set) {
		set = property_all;
		nset = property_count;
	}
	state_init(final, m->sc);
	*violated = property_check(set, nset, m, final, NULL, 1);
	for (int i = 0; i < tr->len && !*violated; i++) {
		int t = tr->v[i].tid;
		struct effect e;

		if (t == skip)
			continue;
		if (!exec_enabled(m, final, t))
			return -1;
		exec_step(m, final, t, &e);
		*violated = property_check(set, nset, m, final, &e, 1);
	}
	return 0;
}

void trace_free(struct trace *tr)
{
	free(tr->v);
	tr->v = NULL;
	tr->len = 0;
}

static const char *value_str(uint8_t v, char *buf, size_t len)
{
	if (v == VAL_STALE)
		snprintf(buf, len, "STALE");
	else
		snprintf(buf, len, "%u", v);
	return buf;
}

/* "block 0", "blocks 0, 2" or "no block", of the bit set `set`, into buf. */
static const char *blocks_str(unsigned set, const char *one, char *buf, size_t len)
{
	size_t n = 0;
	int k = 0;

	for (int b = 0; b < 8; b++)
		k += (set >> b) & 1;
	n = (size_t)snprintf(buf, len, "%s%s", k ? one : "no ", k > 1 ? "s " : k ? " " : one);
	for (int b = 0, i = 0; b < 8 && n < len; b++)
		if ((set >> b) & 1)
			n += (size_t)snprintf(buf + n, len - n, "%s%d", i++ ? ", " : "", b);
	return buf;
}

/* "page 0 -> block 1", "page 0 -> unwritten block 1" or "page 0 a hole". */
static const char *entry_str(int page, uint8_t e, char *buf, size_t len)
{
	if (e == NO_BLOCK)
		snprintf(buf, len, "page %d a hole", page);
	else
		snprintf(buf, len, "page %d -> %sblock %d", page,
			 (e & MAPE_UNWRITTEN) ? "unwritten " : "", MAPE_BLOCK(e));
	return buf;
}

/* "0-1": the huge page's pages. */
static const char *huge_str(const struct model *m, char *buf, size_t len)
{
	snprintf(buf, len, "%d-%d", m->sc->huge_first, m->sc->huge_first + m->sc->huge_pages - 1);
	return buf;
}

/* Returns 1 if the strategy's PMD fault locks a 2 MiB DAX entry (v4.10 on):
 * before that, the huge zero page had no radix-tree entry of its own. */
static int pmd_entries(const struct model *m)
{
	const struct handler *h = &m->st->h[H_PMD];

	for (int i = 0; i < h->n; i++)
		if (h->steps[i].prim == PRIM_GRAB_SIZED)
			return 1;
	return 0;
}

/* What the PMD slot holds, in mm's words. */
static const char *slot_str(uint8_t slot)
{
	if ((slot & SLOT_TABLE) && (slot & SLOT_LEAF))
		return "a PMD and a PTE table";
	if (slot & SLOT_TABLE)
		return "a PTE table";
	if (slot & SLOT_HZP)
		return "the huge zero page";
	if (slot & SLOT_LEAF)
		return "a DAX PMD";
	return "pmd_none";
}

static size_t pmd_check_str(const struct model *m, const struct effect *e, char *buf, size_t len)
{
	size_t n = 0;

	if (!scenario_in_huge(m->sc, e->page))
		return (size_t)snprintf(buf, len, "page %u is in no huge page", e->page);
	if (e->old)
		n = (size_t)snprintf(buf, len, "huge zero page split away; ");
	return n + (size_t)snprintf(buf + n, len - n, "PMD slot: %s%s", slot_str(e->block),
				    !e->value ? "" : e->flag == PMDC_TABLE ? ": fall back" :
				    ": return, retry");
}

static size_t grab_str(const struct model *m, const struct effect *e, char *buf, size_t len)
{
	static const char *const entry[] = { "no", "an empty", "a zero", "a DAX" };

	(void)m;
	switch (e->value) {
	case GRAB_RANGE:
		return (size_t)snprintf(buf, len, "2 MiB DAX entry lock held (%s 2 MiB entry)",
					e->old == HENTRY_NONE ? "new, empty" : entry[e->old & 3]);
	case GRAB_DOWNGRADE:
		return (size_t)snprintf(buf, len, "%s 2 MiB entry downgraded%s: DAX entry lock held",
					entry[e->old & 3], e->old == HENTRY_ZERO ?
					", huge zero page unmapped" : "");
	case GRAB_EEXIST:
		return (size_t)snprintf(buf, len, "4 KiB entries in the range: -EEXIST, fall back");
	}
	return (size_t)snprintf(buf, len, "DAX entry lock held");
}

void trace_describe_effect(const struct model *m, const struct trace_entry *te,
			   char *buf, size_t len)
{
	const struct effect *e = &te->e;
	char a[16], b[16], long_a[48], proc[24];
	/* the page table a mapping step filled: "" with one process */
	const char *in_mm = scenario_in_process(m->sc, m->sc->mm[te->tid], proc, sizeof(proc));
	size_t n = 0;

	switch (e->kind) {
	case EFF_STORE:
		n = (size_t)snprintf(buf, len, "block %u word %u: %s -> %s", e->block, e->word,
				     value_str(e->old, a, sizeof(a)), value_str(e->value, b, sizeof(b)));
		break;
	case EFF_LOAD:
		if (e->block == PTE_HOLE)
			n = (size_t)snprintf(buf, len, "read 0 from the hole page");
		else
			n = (size_t)snprintf(buf, len, "read %s from block %u word %u",
					     value_str(e->value, a, sizeof(a)), e->block, e->word);
		break;
	case EFF_FAULT:
		n = (size_t)snprintf(buf, len, "%s: %s%s fault on page %u",
				     e->block == PTE_HOLE ? "hole page is read-only" : "no PTE",
				     e->old ? "PMD " : "", e->flag ? "write" : "read", e->page);
		break;
	case EFF_LOCK:
		if (e->block == LOCK_JOURNAL)	/* model/prims/journal.c */
			n = (size_t)snprintf(buf, len, e->flag ? "a handle on the %s" :
					     "%s T_LOCKED: new handles wait", exec_lock_name(m, e->block));
		else
			n = (size_t)snprintf(buf, len, "%s held %s", exec_lock_name(m, e->block),
					     e->flag ? "shared" : "exclusive");
		break;
	case EFF_UPDATES:
		n = (size_t)snprintf(buf, len, "no handle running (t_updates == 0)");
		break;
	case EFF_UNLOCK:
		if (e->block == LOCK_JOURNAL)
			n = (size_t)snprintf(buf, len, e->flag ? "handle on the %s stopped" :
					     "%s no longer running (T_FLUSH): new handles start "
					     "the next", exec_lock_name(m, e->block));
		else
			n = (size_t)snprintf(buf, len, "%s released", exec_lock_name(m, e->block));
		break;
	case EFF_LOOKUP:
		if (e->block == NO_BLOCK)
			n = (size_t)snprintf(buf, len, "page %u is a hole", e->page);
		else
			n = (size_t)snprintf(buf, len, "page %u is %sblock %u", e->page,
					     e->flag ? "unwritten " : "", e->block);
		break;
	case EFF_CREATE:
		if (e->flag)
			n = (size_t)snprintf(buf, len, "block %u allocated%s, mapped, BH_New",
					     e->block, e->old ? " unwritten" : "");
		else
			n = (size_t)snprintf(buf, len, "page %u is %sblock %u, not new", e->page,
					     e->old ? "unwritten " : "", e->block);
		break;
	case EFF_ALLOC:
		n = (size_t)snprintf(buf, len, "block %u allocated, not yet mapped", e->block);
		break;
	case EFF_ZERO:
		n = (size_t)snprintf(buf, len, "block %u word %u: %s -> 0", e->block, e->word,
				     value_str(e->old, a, sizeof(a)));
		break;
	case EFF_MAP:
		n = (size_t)snprintf(buf, len, "page %u -> block %u in the block map%s",
				     e->page, e->block, e->flag ? ", still BH_New" : "");
		break;
	case EFF_CONVERT:
		if (e->flag)
			n = (size_t)snprintf(buf, len, "page %u: unwritten extent -> written", e->page);
		else
			n = (size_t)snprintf(buf, len, "page %u: nothing unwritten to convert", e->page);
		break;
	case EFF_LOAD_HOLE:
		n = (size_t)snprintf(buf, len, e->flag ? "hole page cached, mapped read-only%s"
				     : "hole page cached; a PTE is present%s: not mapped",
				     in_mm);
		break;
	case EFF_DROP_HOLE:
		if (!e->flag)
			n = (size_t)snprintf(buf, len, "no hole page cached");
		else if (e->block == PTE_NONE)
			n = (size_t)snprintf(buf, len, "hole page cached: delete_from_page_cache");
		else if (e->block == PTE_HOLE)
			n = (size_t)snprintf(buf, len, "hole page cached: unmap_mapping_range, "
					     "delete_from_page_cache");
		else
			n = (size_t)snprintf(buf, len, "hole page cached: unmap_mapping_range zaps "
					     "PTE -> block %u, delete_from_page_cache", e->block);
		break;
	case EFF_INSERT:
		if (e->flag == INSERT_UNDER_PMD)
			n = (size_t)snprintf(buf, len, "a huge PMD maps page %u: the PTE is written "
					     "into the page it maps, as if a PTE table", e->page);
		else if (e->flag == INSERT_EBUSY && e->old == PTE_HOLE)
			n = (size_t)snprintf(buf, len, "-EBUSY: the hole page is mapped");
		else if (e->flag == INSERT_EBUSY)
			n = (size_t)snprintf(buf, len, "-EBUSY: PTE already present");
		else
			n = (size_t)snprintf(buf, len, "PTE page %u -> block %u%s", e->page, e->block,
					     in_mm);
		break;
	case EFF_FIND_PAGE:
		n = (size_t)snprintf(buf, len, e->flag ? "hole page found: page lock held"
				     : "no hole page cached");
		break;
	case EFF_PUNCH:
		n = (size_t)snprintf(buf, len, "punch a hole at page %u", e->page);
		break;
	case EFF_UNMAP:
		if (e->block == PTE_NONE)
			n = (size_t)snprintf(buf, len, "no PTE to zap");
		else if (e->block == PTE_HOLE)
			n = (size_t)snprintf(buf, len, "hole page unmapped");
		else
			n = (size_t)snprintf(buf, len, "PTE -> block %u zapped", e->block);
		if (e->flag && n < len)
			n += (size_t)snprintf(buf + n, len - n, ", hole page dropped");
		break;
	case EFF_FREE:
		if (e->block == NO_BLOCK)
			n = (size_t)snprintf(buf, len, "page %u is a hole already", e->page);
		else
			n = (size_t)snprintf(buf, len, "page %u is a hole; block %u freed",
					     e->page, e->block);
		break;
	case EFF_FSYNC:
		n = (size_t)snprintf(buf, len, "fsync the file");
		break;
	case EFF_WRITE:
		n = (size_t)snprintf(buf, len, "write(2) of %u at page %u word %u", e->value, e->page,
				     e->word);
		break;
	case EFF_FLUSH:
		if (e->block == NO_BLOCK)
			n = (size_t)snprintf(buf, len, "no block to write back");
		else if (!e->flag)
			n = (size_t)snprintf(buf, len, "block %u: the media has it all", e->block);
		else
			n = (size_t)snprintf(buf, len, "block %u written back, not yet durable",
					     e->block);
		break;
	case EFF_WRITEBACK:
		n = (size_t)snprintf(buf, len, e->block ? "%s written back, not yet durable" :
				     "the media has every mapped block",
				     blocks_str(e->block, "block", long_a, sizeof(long_a)));
		break;
	case EFF_FENCE:
		if (e->old)
			n = (size_t)snprintf(buf, len, "%s in the write-pending queue: durable at "
					     "pcommit (no ADR)",
					     blocks_str(e->old, "block", long_a, sizeof(long_a)));
		else if (e->block)
			n = (size_t)snprintf(buf, len, "%s durable",
					     blocks_str(e->block, "block", long_a, sizeof(long_a)));
		else
			n = (size_t)snprintf(buf, len, "nothing written back to make durable");
		break;
	case EFF_COMMIT:
		if (e->block == e->old)
			n = (size_t)snprintf(buf, len, "%s committed already",
					     entry_str(e->page, e->block, long_a, sizeof(long_a)));
		else
			n = (size_t)snprintf(buf, len, "%s committed: in the log from any moment",
					     entry_str(e->page, e->block, long_a, sizeof(long_a)));
		break;
	case EFF_PMD_CHECK:
		n = pmd_check_str(m, e, buf, len);
		break;
	case EFF_GRAB:
		n = grab_str(m, e, buf, len);
		break;
	case EFF_PUT:
		n = (size_t)snprintf(buf, len, "%s released", e->flag ? "2 MiB DAX entry lock" :
				     "DAX entry lock");
		break;
	case EFF_IOMAP:
		if (e->old)
			n = (size_t)snprintf(buf, len, "pages %s: an extent shorter than the PMD: "
					     "fall back", huge_str(m, a, sizeof(a)));
		else if (e->value && e->flag == ENTRY_PMD)
			n = (size_t)snprintf(buf, len, "pages %s allocated from block %u, zeroed, "
					     "mapped (XFS_BMAPI_ZERO)", huge_str(m, a, sizeof(a)),
					     e->block);
		else if (e->value)
			n = (size_t)snprintf(buf, len, "block %u allocated, zeroed, mapped "
					     "(XFS_BMAPI_ZERO)", e->block);
		else if (e->block == NO_BLOCK && e->flag == ENTRY_PMD)
			n = (size_t)snprintf(buf, len, "pages %s are holes", huge_str(m, a, sizeof(a)));
		else if (e->block == NO_BLOCK)
			n = (size_t)snprintf(buf, len, "page %u is a hole", e->page);
		else if (e->flag == ENTRY_PMD)
			n = (size_t)snprintf(buf, len, "pages %s are mapped, from block %u",
					     huge_str(m, a, sizeof(a)), e->block);
		else
			n = (size_t)snprintf(buf, len, "page %u is block %u", e->page, e->block);
		break;
	case EFF_INSERT_PMD:
		if (e->flag) {
			n = (size_t)snprintf(buf, len, "%s there: pmd not none, nothing installed",
					     slot_str(e->old));
			break;
		}
		n = (size_t)snprintf(buf, len, "%sPMD pages %s -> blocks from %u%s",
				     (e->old & SLOT_TABLE) ? "over a PTE table: " : "",
				     huge_str(m, a, sizeof(a)), e->block, in_mm);
		break;
	case EFF_PMD_HOLE:
		if (e->flag)
			n = (size_t)snprintf(buf, len, "%shuge zero page mapped over pages %s%s",
					     pmd_entries(m) ? "2 MiB zero entry; " : "",
					     huge_str(m, a, sizeof(a)), in_mm);
		else
			n = (size_t)snprintf(buf, len, "%spmd not none: fall back",
					     pmd_entries(m) ? "2 MiB zero entry; " : "");
		break;
	case EFF_GET_BLOCK_PMD:
		if (e->old)
			n = (size_t)snprintf(buf, len, "pages %s: an extent shorter than the PMD: "
					     "fall back", huge_str(m, a, sizeof(a)));
		else if (e->flag)
			n = (size_t)snprintf(buf, len, "pages %s allocated from block %u, mapped, %s",
					     huge_str(m, a, sizeof(a)), e->block,
					     e->value ? "BH_New (not zeroed)" : "zeroed, not new");
		else if (e->block == NO_BLOCK)
			n = (size_t)snprintf(buf, len, "pages %s are holes", huge_str(m, a, sizeof(a)));
		else
			n = (size_t)snprintf(buf, len, "pages %s are mapped, from block %u, not new",
					     huge_str(m, a, sizeof(a)), e->block);
		break;
	case EFF_ZERO_PMD:
		n = (size_t)snprintf(buf, len, "the blocks of pages %s zeroed, from block %u%s",
				     huge_str(m, a, sizeof(a)), e->block,
				     e->old ? ", over stored data" : "");
		break;
	case EFF_UNMAP_HUGE:
		n = (size_t)snprintf(buf, len, "%s%s%s", e->word ? "2 MiB entry deleted, " : "",
				     (e->old & SLOT_LEAF) ?
				     ((e->old & SLOT_HZP) ? "huge zero page unmapped" : "PMD zapped") :
				     e->value ? "PTEs zapped" : "nothing mapped",
				     e->flag ? ", hole pages dropped" : "");
		break;
	case EFF_FLUSH_PMD:
		if (!e->value)
			n = (size_t)snprintf(buf, len, "no new block of pages %s to write back",
					     huge_str(m, a, sizeof(a)));
		else if (!e->block)
			n = (size_t)snprintf(buf, len, "the media has the new blocks of pages %s",
					     huge_str(m, a, sizeof(a)));
		else
			n = (size_t)snprintf(buf, len, "%s written back, not yet durable",
					     blocks_str(e->block, "block", long_a, sizeof(long_a)));
		break;
	case EFF_COMMIT_PMD:
		if (e->block)
			n = (size_t)snprintf(buf, len, "the 2 MiB allocation committed (%s): in the "
					     "log from any moment",
					     blocks_str(e->block, "page", long_a, sizeof(long_a)));
		else
			n = (size_t)snprintf(buf, len, "pages %s committed already",
					     huge_str(m, a, sizeof(a)));
		break;
	case EFF_PMD_OFF:
		n = (size_t)snprintf(buf, len, "CONFIG_FS_DAX_PMD off: VM_FAULT_FALLBACK");
		break;
	case EFF_LOG_FORCE:
		n = (size_t)snprintf(buf, len, e->block ? "the log holds every commit: %s" :
				     "the log held every commit already",
				     blocks_str(e->block, "page", long_a, sizeof(long_a)));
		break;
	case EFF_PERSIST:
		if (!prim_pte_is_block(e->block))
			n = (size_t)snprintf(buf, len, "page %u: no PTE to a block, nothing to "
					     "write back", e->page);
		else
			n = (size_t)snprintf(buf, len, "clwb + sfence of page %u: block %u %s",
					     e->page, e->block, e->flag ? "written back and fenced" :
					     "on the media already");
		break;
	case EFF_NEED_DSYNC:
		if (e->flag)
			n = (size_t)snprintf(buf, len, "IOMAP_F_DIRTY: %s not in the log: "
					     "VM_FAULT_NEEDDSYNC",
					     blocks_str(e->block, "page", long_a, sizeof(long_a)));
		else if (!e->old)
			n = (size_t)snprintf(buf, len, "not synchronous: %s",
					     "not a write fault through a MAP_SYNC mapping");
		else
			n = (size_t)snprintf(buf, len, "not synchronous: the log holds every "
					     "commit");
		break;
	case EFF_SLEEP:
		n = (size_t)snprintf(buf, len, "%s held: asleep on its wait queue (place %u)",
				     exec_lock_name(m, e->block), e->value);
		break;
	case EFF_INVALIDATE:
		n = (size_t)snprintf(buf, len, "invalidate page %u's mapping", e->page);
		break;
	case EFF_INVAL_ENTRY:
		n = (size_t)snprintf(buf, len, e->flag ? "DAX entry deleted" :
				     "no DAX entry: nothing to invalidate, wakes nobody");
		break;
	}
	/* The wake-ups of a DAX entry's wait queue (model/prims/waitq.c). */
	if ((e->kind == EFF_UNLOCK || e->kind == EFF_LOAD_HOLE || e->kind == EFF_INVAL_ENTRY) &&
	    (e->word || e->old) && n < len) {
		if (e->value)
			n += (size_t)snprintf(buf + n, len - n, "; wakes T%u", e->value - 1);
		else
			n += (size_t)snprintf(buf + n, len - n, "; wakes all %u", e->word);
		if (e->old && n < len)
			n += (size_t)snprintf(buf + n, len - n, ", %u left asleep", e->old);
	}
	if (e->returned == RET_RETRY && n < len)
		snprintf(buf + n, len - n, "; return, retry the access");
	else if (e->returned == RET_DONE && n < len)
		snprintf(buf + n, len - n, "; return: %s done", strategy_handler_names[te->h]);
}

void trace_schedule_string(const struct trace *tr, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < tr->len && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%d", i ? "," : "", tr->v[i].tid);
}

/* The note v gives step i, or NULL. */
static const char *mark_of(const struct trace_view *v, int i)
{
	for (int k = 0; v && k < v->nmarks; k++)
		if (v->marks[k].step == i)
			return v->marks[k].text;
	return NULL;
}

void trace_print(FILE *f, const struct model *m, const struct trace *tr,
		 const struct trace_view *v)
{
	int nt = m->sc->nthreads;
	int width = 8, sw = 4;
	unsigned hide = v ? v->hide : 0;
	char what[160], name[48];

	for (int i = 0; i < tr->len; i++) {
		int l = (int)strlen(tr->v[i].name);

		if (l > width)
			width = l;
	}
	for (int t = 0; v && v->waits && t < nt; t++)
		if ((int)strlen(exec_step_name(m, &tr->final, t, name, sizeof(name))) > width)
			width = (int)strlen(name);
	fprintf(f, "  %*s", sw, "step");
	for (int t = 0; t < nt; t++) {
		char h[16];

		if (hide & (1u << t))
			continue;
		snprintf(h, sizeof(h), "T%d", t);
		fprintf(f, "  %-*s", width, h);
	}
	fprintf(f, "  what changed\n");
	for (int i = 0; i < tr->len; i++) {
		const struct trace_entry *te = &tr->v[i];
		const char *mark = mark_of(v, i);

		if (hide & (1u << te->tid))
			continue;
		fprintf(f, "  %*d", sw, i + 1);
		for (int t = 0; t < nt; t++)
			if (!(hide & (1u << t)))
				fprintf(f, "  %-*s", width, t == te->tid ? te->name : "");
		trace_describe_effect(m, te, what, sizeof(what));
		if (mark)
			fprintf(f, "  %s   %s\n", what, mark);
		else
			fprintf(f, "  %s\n", what);
	}
	if (!v || !v->waits)
		return;
	/* Where each thread that cannot move stands. */
	fprintf(f, "  %*s", sw, "wait");
	for (int t = 0; t < nt; t++) {
		if (hide & (1u << t))
			continue;
		if (exec_blocked_on(m, &tr->final, t) >= 0)
			exec_step_name(m, &tr->final, t, name, sizeof(name));
		else
			snprintf(name, sizeof(name), "%s",
				 exec_done(m, &tr->final, t) ? "(finished)" : "");
		fprintf(f, "  %-*s", width, name);
	}
	fprintf(f, "  no thread can move   %s\n", v->waits_mark);
}
