/*
 * promela.c - write a scenario under a strategy as a Promela model for SPIN
 * (--emit-promela), so that an independent tool can check our verdicts.
 *
 * The model is generated from the strategy's step tables, never written by
 * hand per strategy.  It mirrors the C model one for one:
 *
 *   - the state is the same variables (per-thread ip, pc, blk, flags, zpos
 *     and held locks; the block map, the page table, block contents, the
 *     store shadow, the allocation, page-cache and unwritten bitmaps; with
 *     faults of two sizes the PMD slot and the 2 MiB and 4 KiB DAX entries
 *     of the huge page), and nothing else: temporaries are `hidden`, and
 *     each thread process sits at one control location between steps.  An exhaustive SPIN search
 *     therefore stores as many states as ours (with -DNOREDUCE);
 *   - each of our atomic steps is one d_step: a guard (the thread is at
 *     that step and the step is enabled: its locks are free) followed by
 *     the primitive, the handler's move to its next step through any
 *     skipped steps, and the properties' assertions.  A counterexample is
 *     as many SPIN transitions as our schedule has steps;
 *   - a `pmd:` access faults into the pmd_fault handler's d_steps, and a
 *     PMD fault that falls back goes on at the fault handler's first step
 *     in the same d_step (exec.c goto_step);
 *   - each primitive writes its own step in Promela, re-implementing its
 *     run() beside it (its entry, model/prims/), and the properties are
 *     re-implemented here from checker-src/property.c, so the cross-check
 *     compares two implementations of the semantics and two search
 *     engines;
 *   - deadlock is SPIN's own: a watchdog process whose `timeout` fires
 *     when no thread can move, asserting then that every thread finished
 *     (or that one sleeps on an entry nobody holds: a lost-wakeup, which
 *     the same watchdog asserts there is not).
 *     Its trail is one step longer than ours (the timeout); it loops back
 *     to where it was, so it adds transitions but no states.
 *
 * tests/crosscheck.py runs every scenario x strategy x property through
 * both tools and compares verdicts, counterexample lengths and states.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../model/prim.h"
#include "../model/promela_emit.h"
#include "coverage.h"
#include "explore.h"
#include "promela.h"

enum {
	P_STALE_READ = 1,
	P_USE_AFTER_FREE = 2,
	P_LOST_STORE = 4,
	P_STALE_MAPPING = 8,
	P_DEADLOCK = 16,
	P_OVERLAP_SAME = 32,	/* the --concurrency goals: reaching them is */
	P_OVERLAP_OTHER = 64,	/* reported as an assertion violated */
	P_STALE_AFTER_CRASH = 128,
	P_FSYNC_LOSS = 256,
	P_LOST_WAKEUP = 512,
	P_PT_CORRUPTION = 1024,
};

/* The lock a grab_entry step of the strategy takes, or LOCK_NONE if it
 * has none: then no thread ever sleeps, and the model has no waitq[]. */
static int waitq_lock(const struct strategy *st)
{
	for (int h = 0; h < NR_HANDLERS; h++)
		for (int i = 0; i < st->h[h].n; i++)
			if (st->h[h].steps[i].prim == PRIM_GRAB_ENTRY)
				return st->h[h].steps[i].arg;
	return LOCK_NONE;
}


/* ---- the scenario: each thread's operations as expressions on ip ---- */

/* One field of thread t's operations as a conditional expression on
 * ip[t]; `dflt` past the last operation. */
static void op_field(struct emitter *E, int t, const char *field, int dflt)
{
	const struct program *p = &E->m->sc->prog[t];

	fprintf(E->f, "#define %s_%d\t", field, t);
	for (int i = 0; i < p->nops; i++) {
		const struct op *op = &p->ops[i];
		int v = strcmp(field, "OPK") == 0 ? (int)op->kind :
			strcmp(field, "OPPG") == 0 ? op->page :
			strcmp(field, "OPWD") == 0 ? op->word :
			strcmp(field, "OPPMD") == 0 ? op->pmd : op->value;

		fprintf(E->f, "(ip[%d] == %d -> %d : ", t, i, v);
	}
	fprintf(E->f, "%d", dflt);
	for (int i = 0; i < p->nops; i++)
		putc(')', E->f);
	putc('\n', E->f);
}

/* FIELD(t) for a thread number t known only at run time (_pid). */
static void op_dispatch(struct emitter *E, const char *field)
{
	int n = E->m->sc->nthreads;

	fprintf(E->f, "#define %s(t)\t", field);
	for (int t = 0; t < n - 1; t++)
		fprintf(E->f, "(t == %d -> %s_%d : ", t, field, t);
	fprintf(E->f, "%s_%d", field, n - 1);
	for (int t = 0; t < n - 1; t++)
		putc(')', E->f);
	putc('\n', E->f);
}

/* The step's enabling condition: its primitive's, or true. */
static void enabled(struct emitter *E, const struct step *st)
{
	if (prim_ops[st->prim]->promela_enabled)
		prim_ops[st->prim]->promela_enabled(E, st);
	else
		fputs("true", E->f);
}

/* ---- a step's body: prim_run ---- */

static void body(struct emitter *E, int in, const struct step *st)
{
	unsigned window = prim_ops[st->prim]->flags;

	prim_ops[st->prim]->promela_body(E, in, st);
	/* The overlap window of exec_step (TF_INSIDE): part of the state. */
	if (window & PRIM_OPENS_WINDOW)
		emit(E, in, "if :: IN_FAULT -> flags[_pid] = flags[_pid] | TF_INSIDE :: else -> skip fi;");
	if (window & PRIM_CLOSES_WINDOW)
		emit(E, in, "flags[_pid] = flags[_pid] & %u;", 0xffu & ~(unsigned)TF_INSIDE);
}

/* ---- moving to the next step: goto_step ---- */

static void when_expr(struct emitter *E, unsigned when)
{
	static const struct { unsigned bit; const char *expr; } conds[] = {
		{ WHEN_HOLE, "blk[_pid] == NOB" },
		{ WHEN_MAPPED, "blk[_pid] != NOB" },
		{ WHEN_NEW, "(flags[_pid] & TF_NEW) != 0" },
		{ WHEN_ZEROING, "((flags[_pid] & (TF_NEW | TF_UNWRITTEN)) != 0 && zpos[_pid] < NWORDS)" },
		{ WHEN_WRITE, "(OPK(_pid) == OP_STORE || OPK(_pid) == OP_WRITE)" },
		{ WHEN_READ, "(OPK(_pid) != OP_STORE && OPK(_pid) != OP_WRITE)" },
		{ WHEN_UNWRITTEN, "(flags[_pid] & TF_UNWRITTEN) != 0" },
		{ WHEN_PAGE, "(flags[_pid] & TF_PAGE) != 0" },
		{ WHEN_NOPAGE, "(flags[_pid] & TF_PAGE) == 0" },
		{ WHEN_DSYNC, "(flags[_pid] & TF_DSYNC) != 0" },
		{ WHEN_NODSYNC, "(flags[_pid] & TF_DSYNC) == 0" },
		{ WHEN_BUSY, "(flags[_pid] & TF_BUSY) != 0" },
		{ WHEN_CLEAR, "(flags[_pid] & TF_BUSY) == 0" },
	};
	int first = 1;

	for (size_t i = 0; i < sizeof(conds) / sizeof(conds[0]); i++) {
		if (!(when & conds[i].bit))
			continue;
		fprintf(E->f, "%s%s", first ? "" : " && ", conds[i].expr);
		first = 0;
	}
}

/* Go to step pc of handler h, following `skip` past steps whose
 * conditions do not hold and `next` past durability steps a search without
 * crashes does not take (exec_step_live); STEP_RETURN leaves the handler,
 * STEP_FALLBACK leaves the PMD fault handler for the fault handler's first
 * step, its locals reset (exec.c goto_step). */
static void emit_goto(struct emitter *E, int in, enum handler_kind h, int pc)
{
	const struct step *steps = E->m->st->h[h].steps;
	int live;

	if (pc == STEP_FALLBACK) {
		emit(E, in, "assert(held[_pid] == 0);	/* fell back holding a lock */");
		emit(E, in, "blk[_pid] = NOB; flags[_pid] = TF_FALLBACK; zpos[_pid] = 0;");
		emit_goto(E, in, H_FAULT, 0);
		return;
	}
	if (E->m->st->h[h].n == 0)
		pc = STEP_RETURN;
	if (pc == STEP_RETURN) {
		emit(E, in, "assert(held[_pid] == 0);	/* returned holding a lock */");
		emit(E, in, "pc[_pid] = USER; blk[_pid] = NOB; flags[_pid] = 0; zpos[_pid] = 0%s",
		    !exec_is_fault_handler(h) ? "; ip[_pid]++" : "");
		if (h == H_FSYNC && (E->props & P_FSYNC_LOSS))
			emit(E, in, ";CHECK_FSYNC_LOSS");
		return;
	}
	live = exec_step_live(E->m, &steps[pc]);
	if (!steps[pc].when) {
		if (live)
			emit(E, in, "pc[_pid] = %d", pc);
		else
			emit_goto(E, in, h, steps[pc].next);
		return;
	}
	emit(E, in, "if");
	for (int i = 0; i < in; i++)
		putc('\t', E->f);
	fputs(":: ", E->f);
	when_expr(E, steps[pc].when);
	if (live) {
		fprintf(E->f, " -> pc[_pid] = %d\n", pc);
	} else {
		fputs(" ->\n", E->f);
		emit_goto(E, in + 1, h, steps[pc].next);
	}
	emit(E, in, ":: else ->");
	emit_goto(E, in + 1, h, steps[pc].skip);
	emit(E, in, "fi");
}

/* ---- properties ---- */

/* The assertions after each step, in property_all's order. */
static void checks(struct emitter *E, int in)
{
	if (E->props & P_STALE_READ)
		emit(E, in, "assert(no_stale_read);");
	if (E->props & P_USE_AFTER_FREE) {
		emit(E, in, "CHECK_USE_AFTER_FREE;");
		emit(E, in, "assert(no_use_after_free);");
	}
	if (E->props & P_LOST_STORE) {
		emit(E, in, "CHECK_LOST_STORE;");
		emit(E, in, "assert(no_lost_store);");
	}
	if (E->props & P_STALE_MAPPING) {
		emit(E, in, "CHECK_STALE_MAPPING;");
		emit(E, in, "assert(no_stale_mapping);");
	}
	if (E->props & P_STALE_AFTER_CRASH) {
		emit(E, in, "CHECK_STALE_AFTER_CRASH;");
		emit(E, in, "assert(no_stale_after_crash);");
	}
	if (E->props & P_FSYNC_LOSS)
		emit(E, in, "assert(no_fsync_loss);");
	if (E->props & P_OVERLAP_SAME) {
		emit(E, in, "no_overlap_same = !OVERLAP_SAME;");
		emit(E, in, "assert(no_overlap_same);");
	}
	if (E->props & P_OVERLAP_OTHER) {
		emit(E, in, "no_overlap_other = !OVERLAP_OTHER;");
		emit(E, in, "assert(no_overlap_other);");
	}
	if (E->props & P_PT_CORRUPTION) {
		emit(E, in, "no_pt_corruption = !PT_CORRUPT;");
		emit(E, in, "assert(no_pt_corruption);");
	}
	/* Temporaries back to their constant values. */
	emit(E, in, "no_stale_read = 1; no_use_after_free = 1; no_lost_store = 1; no_stale_mapping = 1;");
	if (E->props & (P_OVERLAP_SAME | P_OVERLAP_OTHER))
		emit(E, in, "no_overlap_same = 1; no_overlap_other = 1;");
	if (E->props & P_PT_CORRUPTION)
		emit(E, in, "no_pt_corruption = 1;");
	if (E->m->sc->crash)
		emit(E, in, "no_stale_after_crash = 1; no_fsync_loss = 1; x = 0; y = 0;");
	emit(E, in, "touched = NOB; pg = 0; b = 0; w = 0; p = 0; q = 0");
}

/* Returns 1 if some thread of m faults as a PMD fault first (a `pmd:`
 * access, under a strategy with a pmd_fault handler): the model has the
 * PMD fault handler, and the fault handler is entered from it too. */
static int pmd_faults(const struct model *m)
{
	return scenario_has_pmd(m->sc) && m->st->h[H_PMD].n > 0;
}

static void handler(struct emitter *E, enum handler_kind h)
{
	static const char *const in_handler[NR_HANDLERS] = {
		"IN_FAULT", "OPK(_pid) == OP_PUNCH", "OPK(_pid) == OP_FSYNC", "OPK(_pid) == OP_WRITE",
		"IN_PMD", "OPK(_pid) == OP_INVALIDATE"
	};
	/* A PMD fault runs the PMD handler until it falls back (exec.h
	 * exec_thread_handler): the two share pc values. */
	const char *in = h == H_FAULT && pmd_faults(E->m) ? "IN_FAULT && !IN_PMD" : in_handler[h];

	for (int i = 0; i < E->m->st->h[h].n; i++) {
		const struct step *st = &E->m->st->h[h].steps[i];

		if (!exec_step_live(E->m, st))
			continue;	/* passed over: never a thread's pc */
		emit(E, 1, "/* %s step %d: %s (%s) */", strategy_handler_names[h], i, st->name,
		    prim_ops[st->prim]->name);
		fprintf(E->f, "\t:: d_step { (pc[_pid] == %d && %s && ", i, in);
		enabled(E, st);
		fputs(") ->\n", E->f);
		emit(E, 2, "pg = OPPG(_pid);");
		body(E, 2, st);
		if (prim_ops[st->prim]->flags & PRIM_MAY_STAY) {
			/* w = 1: asleep, it stays at the step */
			emit(E, 2, "if");
			emit(E, 2, ":: w == 0 ->");
			emit_goto(E, 3, h, st->next);
			emit(E, 2, ":: else -> skip");
			emit(E, 2, "fi;");
		} else {
			emit_goto(E, 2, h, st->next);
		}
		fputs("\t\t;\n", E->f);
		checks(E, 2);
		emit(E, 1, "}");
	}
}

/* ---- persistence: a scenario with `crash` (model/prim.c, property_crash.c) ---- */

/* The stores thread t made before its operation f (an fsync, or a persist
 * through a MAP_SYNC mapping) that f acknowledges: the last to each word
 * (property_crash.c). */
static void fsync_acked(struct emitter *E, int t, int f)
{
	const struct program *pr = &E->m->sc->prog[t];

	for (int i = f - 1; i >= 0; i--) {
		const struct op *o = &pr->ops[i];
		int later = 0;

		if (!property_acked(&pr->ops[f], o))
			continue;
		for (int j = i + 1; j < f; j++)
			later |= (pr->ops[j].kind == OP_STORE || pr->ops[j].kind == OP_WRITE) &&
				 pr->ops[j].page == o->page &&
				 pr->ops[j].word == o->word;
		if (!later)
			fprintf(E->f, " STORE_DURABLE(%u, %u, %u);", o->page, o->word, o->value);
	}
}

/* The persistence variables and what the durability steps and the two
 * crash properties do to them, as macros. */
static void crash_state(struct emitter *E)
{
	const struct scenario *sc = E->m->sc;

	emit(E, 0, "");
	emit(E, 0, "/* Persistence: what a power failure leaves (model/state.h). */");
	emit(E, 0, "#define FLIGHT_NONE\t%d", FLIGHT_NONE);
	emit(E, 0, "#define MAPE_UNWRITTEN\t%d", MAPE_UNWRITTEN);
	emit(E, 0, "#define NO_ADR\t\t%d\t/* platform: 1 without ADR */", sc->no_adr);
	emit(E, 0, "byte media[NBLOCKS * NWORDS] = STALE;\t/* what the media holds */");
	emit(E, 0, "byte flight[NBLOCKS * NWORDS] = FLIGHT_NONE;\t/* written back, not fenced */");
	emit(E, 0, "byte wback[NTHREADS];\t/* bit b: the thread wrote block b back, unfenced */");
	emit(E, 0, "byte committed[NPAGES] = NOB;\t/* the block map of committed transactions */");
	emit(E, 0, "byte durable[NPAGES] = NOB;\t/* the block map in the log */");
	emit(E, 0, "byte wpq;\t\t/* bit b: fenced into the write-pending queue */");
	emit(E, 0, "");
	emit(E, 0, "/* Page p's block-map entry as a commit records it. */");
	emit(E, 0, "#define MAP_ENTRY(p)\t(map[p] == NOB -> NOB : (map[p] | (((unwritten >> (p)) & 1) == 1 -> MAPE_UNWRITTEN : 0)))");
	emit(E, 0, "");
	emit(E, 0, "/* Block b's flights reach the media (prim_make_durable). */");
	emit(E, 0, "#define MAKE_DURABLE \\");
	emit(E, 0, "\tw = 0; \\");
	emit(E, 0, "\tdo \\");
	emit(E, 0, "\t:: w < NWORDS -> \\");
	emit(E, 0, "\t\tif :: flight[b * NWORDS + w] != FLIGHT_NONE -> media[b * NWORDS + w] = flight[b * NWORDS + w] :: else -> skip fi; \\");
	emit(E, 0, "\t\tflight[b * NWORDS + w] = FLIGHT_NONE; w++ \\");
	emit(E, 0, "\t:: else -> break \\");
	emit(E, 0, "\tod; \\");
	emit(E, 0, "\tx = 0; \\");
	emit(E, 0, "\tdo :: x < NTHREADS -> wback[x] = wback[x] & (255 - (1 << b)); x++ :: else -> break od; \\");
	emit(E, 0, "\twpq = wpq & (255 - (1 << b))");
	emit(E, 0, "");
	emit(E, 0, "/* Write block b back for this thread (prim_write_back). */");
	emit(E, 0, "#define WRITE_BACK \\");
	emit(E, 0, "\tw = 0; q = 0; \\");
	emit(E, 0, "\tdo \\");
	emit(E, 0, "\t:: w < NWORDS -> \\");
	emit(E, 0, "\t\tif :: data[b * NWORDS + w] == media[b * NWORDS + w] -> flight[b * NWORDS + w] = FLIGHT_NONE \\");
	emit(E, 0, "\t\t   :: else -> flight[b * NWORDS + w] = data[b * NWORDS + w]; q = 1 fi; \\");
	emit(E, 0, "\t\tw++ \\");
	emit(E, 0, "\t:: else -> break \\");
	emit(E, 0, "\tod; \\");
	emit(E, 0, "\tif :: q == 1 -> wback[_pid] = wback[_pid] | (1 << b) :: else -> MAKE_DURABLE fi");
	emit(E, 0, "");
	emit(E, 0, "/* sfence (pc 0) or wmb_pmem (pc 1): model/prims/fence.c. */");
	emit(E, 0, "#define FENCE(pc) \\");
	emit(E, 0, "\tif \\");
	emit(E, 0, "\t:: !(pc) && NO_ADR -> wpq = wpq | wback[_pid]; wback[_pid] = 0 \\");
	emit(E, 0, "\t:: else -> \\");
	emit(E, 0, "\t\ty = wback[_pid] | ((pc) -> wpq : 0); b = 0; \\");
	emit(E, 0, "\t\tdo :: b < NBLOCKS -> if :: ((y >> b) & 1) == 1 -> MAKE_DURABLE :: else -> skip fi; b++ :: else -> break od \\");
	emit(E, 0, "\tfi");
	emit(E, 0, "");
	emit(E, 0, "/* stale-after-crash: the durable or the committed entry of a page gives");
	emit(E, 0, " * a written block some word of which the media holds as STALE. */");
	emit(E, 0, "#define STALE_ENTRY \\");
	emit(E, 0, "\tif \\");
	emit(E, 0, "\t:: y != NOB && (y & MAPE_UNWRITTEN) == 0 -> \\");
	emit(E, 0, "\t\tw = 0; \\");
	emit(E, 0, "\t\tdo \\");
	emit(E, 0, "\t\t:: w < NWORDS -> if :: media[y * NWORDS + w] == STALE -> no_stale_after_crash = 0 :: else -> skip fi; w++ \\");
	emit(E, 0, "\t\t:: else -> break \\");
	emit(E, 0, "\t\tod \\");
	emit(E, 0, "\t:: else -> skip \\");
	emit(E, 0, "\tfi");
	emit(E, 0, "#define CHECK_STALE_AFTER_CRASH \\");
	emit(E, 0, "\tp = 0; \\");
	emit(E, 0, "\tdo :: p < NPAGES -> y = durable[p]; STALE_ENTRY; y = committed[p]; STALE_ENTRY; p++ :: else -> break od");
	emit(E, 0, "");
	emit(E, 0, "/* fsync-loss: at an fsync's return (or a persist through a MAP_SYNC");
	emit(E, 0, " * mapping), a store its thread made before it, not replaced since, is");
	emit(E, 0, " * not durable. */");
	emit(E, 0, "#define STORE_DURABLE(pp, ww, vv) \\");
	emit(E, 0, "\tif \\");
	emit(E, 0, "\t:: shadow[(pp) * NWORDS + (ww)] == (vv) && (durable[pp] == NOB || (durable[pp] & MAPE_UNWRITTEN) != 0 || \\");
	emit(E, 0, "\t   media[durable[pp] * NWORDS + (ww)] != (vv)) -> no_fsync_loss = 0 \\");
	emit(E, 0, "\t:: else -> skip \\");
	emit(E, 0, "\tfi");
	fputs("#define CHECK_FSYNC_LOSS \\\n\tif \\\n", E->f);
	for (int t = 0; t < sc->nthreads; t++) {
		for (int i = 0; i < sc->prog[t].nops; i++) {
			enum op_kind k = sc->prog[t].ops[i].kind;

			if (k != OP_FSYNC && !(k == OP_PERSIST && sc->map_sync))
				continue;
			fprintf(E->f, "\t:: _pid == %d && ip[%d] == %d ->", t, t, i + 1);
			fsync_acked(E, t, i);
			fputs(" skip \\\n", E->f);
		}
	}
	fputs("\t:: else -> skip \\\n\tfi\n", E->f);
}

/* The per-thread OR "another thread holds the DAX entry lock, the 2 MiB
 * entry's (hentry "!=": TF_HENTRY) or a 4 KiB one (hentry "==") at
 * page pp (page non-NULL)" of pmd_entry.c, unrolled, as macro name. */
static void entry_holders(struct emitter *E, const char *name, const char *hentry,
			  const char *page)
{
	int n = E->m->sc->nthreads;

	fprintf(E->f, "#define %s\t(false", name);
	for (int i = 0; i < n; i++) {
		fprintf(E->f, " || (_pid != %d && (held[%d] & ENTRY_LOCKED) != 0 && "
			"(flags[%d] & TF_HENTRY) %s 0", i, i, i, hentry);
		if (page)
			fprintf(E->f, " && OPPG(%d) == (pp)", i);
		fputc(')', E->f);
	}
	fputs(")\n", E->f);
}

/* Macro `name`: the statement head, then one statement per page of the
 * huge page, fmt with the page for each %d (none: skip). */
/* Process mm's PMD slot, in Promela, into buf. */
static const char *slot_of(const struct scenario *sc, int mm, char *buf, size_t len)
{
	if (sc->nmm > 1)
		snprintf(buf, len, "slot[%d]", mm);
	else
		snprintf(buf, len, "slot");
	return buf;
}

/* fmt (with the page's %d) for each page of the huge page, joined by "; ". */
static void each_huge_page_of(struct emitter *E, const char *fmt)
{
	const struct scenario *sc = E->m->sc;

	if (!sc->huge_pages)
		fputs("skip", E->f);
	for (int q = sc->huge_first; q < sc->huge_first + sc->huge_pages; q++) {
		fputs(q > sc->huge_first ? "; " : "", E->f);
		fprintf(E->f, fmt, q);
	}
}

/* Process mm's PMD leaf and the huge page's PTEs under it, zapped. */
static void zap_huge_of(struct emitter *E, int mm)
{
	const struct scenario *sc = E->m->sc;
	char slot[24], zap[40];

	slot_of(sc, mm, slot, sizeof(slot));
	fprintf(E->f, "%s = %s & %u; ", slot, slot, 0xffu & ~(unsigned)(SLOT_LEAF | SLOT_HZP));
	snprintf(zap, sizeof(zap), "pte[%d + %%d] = PTE_NONE", mm * sc->pages);
	each_huge_page_of(E, zap);
}

static void each_huge_page(struct emitter *E, const char *name, const char *head,
			   const char *fmt)
{
	const struct scenario *sc = E->m->sc;

	fprintf(E->f, "#define %s\t%s", name, head);
	if (!sc->huge_pages)
		fputs("skip", E->f);
	for (int q = sc->huge_first; q < sc->huge_first + sc->huge_pages; q++) {
		fputs(q > sc->huge_first ? "; " : "", E->f);
		fprintf(E->f, fmt, q, q);
	}
	fputc('\n', E->f);
}

/* Faults of two sizes: the huge page's PMD slot and DAX entries, and what
 * the PMD primitives (model/prims/pmd.c, pmd_entry.c) and pt-corruption
 * read of them, as macros. */
static void pmd_state(struct emitter *E)
{
	const struct scenario *sc = E->m->sc;
	char zap[40], buf[24];

	emit(E, 0, "");
	emit(E, 0, "/* Faults of two sizes: the huge page (model/state.h). */");
	emit(E, 0, "#define HUGE_FIRST\t%d", sc->huge_first);
	emit(E, 0, "#define HUGE_PAGES\t%d\t/* 0: no huge page */", sc->huge_pages);
	emit(E, 0, "#define HUGE_MASK\t%u", ((1u << sc->huge_pages) - 1) << sc->huge_first);
	emit(E, 0, "#define IN_HUGE(pp)\t((pp) >= HUGE_FIRST && (pp) < HUGE_FIRST + HUGE_PAGES)");
	emit(E, 0, "#define SLOT_TABLE\t%d\t/* a PTE table hangs in the PMD slot */", SLOT_TABLE);
	emit(E, 0, "#define SLOT_LEAF\t%d\t/* a huge PMD maps the range */", SLOT_LEAF);
	emit(E, 0, "#define SLOT_HZP\t%d\t/* ... the huge zero page */", SLOT_HZP);
	emit(E, 0, "#define HENTRY_NONE\t%d", HENTRY_NONE);
	emit(E, 0, "#define HENTRY_EMPTY\t%d", HENTRY_EMPTY);
	emit(E, 0, "#define HENTRY_ZERO\t%d", HENTRY_ZERO);
	emit(E, 0, "#define HENTRY_DAX\t%d", HENTRY_DAX);
	emit(E, 0, "#define TF_HENTRY\t%d\t/* the entry lock held is the 2 MiB entry's */",
	     TF_HENTRY);
	emit(E, 0, "#define TF_BUSY\t\t%d\t/* the last PMD check or grab backed off */", TF_BUSY);
	emit(E, 0, "#define TF_FALLBACK\t%d\t/* a PMD fault fell back to the fault handler */",
	     TF_FALLBACK);
	emit(E, 0, "#define ENTRY_LOCKED\t%u\t/* held[]: the DAX entry lock */",
	     LOCK_EXCL_BIT(LOCK_ENTRY));
	emit(E, 0, "#define IS_WRITE\t(OPK(_pid) == OP_STORE || OPK(_pid) == OP_WRITE)");
	if (pmd_faults(E->m))
		emit(E, 0, "#define IN_PMD\t\t(OPPMD(_pid) && (flags[_pid] & TF_FALLBACK) == 0)");
	if (sc->nmm > 1) {
		emit(E, 0, "byte slot[NMM];\t\t/* each process's PMD slot over the huge page: SLOT_* */");
		emit(E, 0, "#define SLOT\t\tslot[MM]\t/* the running thread's process's */");
	} else {
		emit(E, 0, "byte slot;\t\t/* the PMD slot over the huge page: SLOT_* */");
		emit(E, 0, "#define SLOT\t\tslot");
	}
	emit(E, 0, "byte hentry;\t\t/* its 2 MiB DAX entry: HENTRY_* */");
	emit(E, 0, "byte pentry;\t\t/* bit p: a 4 KiB DAX entry at page p of it */");
	emit(E, 0, "");
	emit(E, 0, "/* pt-corruption: a slot holds a PMD and a PTE table at once. */");
	fputs("#define PT_CORRUPT\t(false", E->f);
	for (int mm = 0; mm < sc->nmm; mm++) {
		slot_of(sc, mm, buf, sizeof(buf));
		fprintf(E->f, " || ((%s & SLOT_TABLE) != 0 && (%s & SLOT_LEAF) != 0)", buf, buf);
	}
	fputs(")\n", E->f);
	emit(E, 0, "/* The huge page's PTEs: none (unmap_mapping_range, in every process; the");
	emit(E, 0, " * huge zero page split away, with the leaf, in the faulting thread's;");
	emit(E, 0, " * in every process whose slot has a leaf: SPLIT_LEAVES), each page's block");
	emit(E, 0, " * (a DAX PMD), the hole page (the huge zero page). */");
	fputs("#define ZAP_HUGE\t", E->f);
	for (int mm = 0; mm < sc->nmm; mm++) {
		fputs(mm ? "; " : "", E->f);
		zap_huge_of(E, mm);
	}
	fputc('\n', E->f);
	fputs("#define SPLIT_LEAVES\t", E->f);
	for (int mm = 0; mm < sc->nmm; mm++) {
		fprintf(E->f, "%sif :: (%s & SLOT_LEAF) != 0 -> ", mm ? "; " : "",
			slot_of(sc, mm, buf, sizeof(buf)));
		zap_huge_of(E, mm);
		fputs(" :: else -> skip fi", E->f);
	}
	fputc('\n', E->f);
	snprintf(zap, sizeof(zap), "SLOT = SLOT & %u; ", 0xffu & ~(unsigned)(SLOT_LEAF | SLOT_HZP));
	each_huge_page(E, "SPLIT_HUGE", zap, "PTE(%d) = PTE_NONE");
	each_huge_page(E, "MAP_HUGE", "", "PTE(%d) = map[%d]");
	each_huge_page(E, "HOLE_HUGE", "", "PTE(%d) = PTE_HOLE");
	emit(E, 0, "/* How many of the huge page's pages are holes; how many blocks are free. */");
	fputs("#define HUGE_HOLES\t(0", E->f);
	for (int q = sc->huge_first; q < sc->huge_first + sc->huge_pages; q++)
		fprintf(E->f, " + (map[%d] == NOB -> 1 : 0)", q);
	fputs(")\n#define NFREE\t\t(0", E->f);
	for (int b = 0; b < MAX_BLOCKS; b++)
		fprintf(E->f, " + (((allocated >> %d) & 1) == 0 -> 1 : 0)", b);
	fputs(")\n", E->f);
	emit(E, 0, "/* Allocate, zero and map page pp's block (XFS_BMAPI_ZERO). */");
	emit(E, 0, "#define ALLOC_ZEROED(pp) \\");
	emit(E, 0, "\tALLOC_BLOCK; \\");
	emit(E, 0, "\tw = 0; \\");
	emit(E, 0, "\tdo :: w < NWORDS -> data[b * NWORDS + w] = %d; w++ :: else -> break od; \\",
	     VAL_ZERO);
	emit(E, 0, "\tmap[pp] = b");
	emit(E, 0, "/* Another thread holds the 2 MiB entry's lock; page pp's 4 KiB entry's. */");
	entry_holders(E, "RANGE_LOCKED", "!=", NULL);
	entry_holders(E, "PAGE_HELD(pp)", "==", "page");
}

/* A property's check macro that clears flag if cond holds of any word w of
 * any page p while guard does: the page-by-word loop lost-store and
 * stale-mapping share. */
static void every_word(struct emitter *E, const char *macro, const char *flag,
		       const char *guard, const char *cond)
{
	emit(E, 0, "#define %s \\", macro);
	emit(E, 0, "\t%s = 1; \\", flag);
	emit(E, 0, "\tp = 0; \\");
	emit(E, 0, "\tdo \\");
	emit(E, 0, "\t:: %s -> \\", guard);
	emit(E, 0, "\t\tw = 0; \\");
	emit(E, 0, "\t\tdo \\");
	emit(E, 0, "\t\t:: w < NWORDS -> \\");
	emit(E, 0, "\t\t\tif \\");
	emit(E, 0, "\t\t\t:: %s -> %s = 0 \\", cond, flag);
	emit(E, 0, "\t\t\t:: else -> skip \\");
	emit(E, 0, "\t\t\tfi; \\");
	emit(E, 0, "\t\t\tw++ \\");
	emit(E, 0, "\t\t:: else -> break \\");
	emit(E, 0, "\t\tod; \\");
	emit(E, 0, "\t\tp++ \\");
	emit(E, 0, "\t:: else -> break \\");
	emit(E, 0, "\tod");
	emit(E, 0, "");
}
static void prelude(struct emitter *E)
{
	const struct model *m = E->m;
	const struct scenario *sc = m->sc;
	int n = sc->nthreads;

	emit(E, 0, "#define NTHREADS\t%d", n);
	emit(E, 0, "#define NPAGES\t\t%d", sc->pages);
	emit(E, 0, "#define NWORDS\t\t%d", sc->words);
	emit(E, 0, "#define NBLOCKS\t\t%d", MAX_BLOCKS);
	emit(E, 0, "#define NOB\t\t%d\t/* no block */", NO_BLOCK);
	emit(E, 0, "#define PTE_NONE\t%d", PTE_NONE);
	emit(E, 0, "#define PTE_HOLE\t%d\t/* the read-only hole page */", PTE_HOLE);
	emit(E, 0, "#define USER\t\t%d\t/* pc: in user space */", PC_USER);
	emit(E, 0, "#define STALE\t\t%d\t/* another file's old data */", VAL_STALE);
	emit(E, 0, "#define TF_NEW\t\t%d", TF_NEW);
	emit(E, 0, "#define TF_UNWRITTEN\t%d", TF_UNWRITTEN);
	emit(E, 0, "#define TF_INSIDE\t%d", TF_INSIDE);
	emit(E, 0, "#define TF_PAGE\t\t%d", TF_PAGE);
	emit(E, 0, "#define TF_DSYNC\t%d", TF_DSYNC);
	emit(E, 0, "#define MAP_SYNC\t%d\t/* mmap(MAP_SHARED_VALIDATE | MAP_SYNC) */", sc->map_sync);
	emit(E, 0, "#define OP_LOAD\t\t%d", OP_LOAD);
	emit(E, 0, "#define OP_STORE\t%d", OP_STORE);
	emit(E, 0, "#define OP_PUNCH\t%d", OP_PUNCH);
	emit(E, 0, "#define OP_FSYNC\t%d", OP_FSYNC);
	emit(E, 0, "#define OP_WRITE\t%d", OP_WRITE);
	emit(E, 0, "#define OP_PERSIST\t%d", OP_PERSIST);
	emit(E, 0, "#define OP_INVALIDATE\t%d", OP_INVALIDATE);
	emit(E, 0, "#define OP_NONE\t\t9\t/* past the last operation */");
	emit(E, 0, "");
	emit(E, 0, "/* Each thread's operations (kind, page, word, value) by its ip. */");
	for (int t = 0; t < n; t++) {
		op_field(E, t, "OPK", 9);
		op_field(E, t, "OPPG", 0);
		op_field(E, t, "OPWD", 0);
		op_field(E, t, "OPVAL", 0);
		if (pmd_faults(m))
			op_field(E, t, "OPPMD", 0);
		fprintf(E->f, "#define NOPS_%d\t%d\n", t, sc->prog[t].nops);
	}
	op_dispatch(E, "OPK");
	op_dispatch(E, "OPPG");
	op_dispatch(E, "OPWD");
	op_dispatch(E, "OPVAL");
	if (pmd_faults(m))
		op_dispatch(E, "OPPMD");
	op_dispatch(E, "NOPS");
	fputs("#define ALL_DONE\t(", E->f);
	for (int t = 0; t < n; t++)
		fprintf(E->f, "%sip[%d] >= NOPS_%d", t ? " && " : "", t, t);
	fputs(")\n", E->f);
	/* lost-wakeup (property.c): a thread asleep on its page's DAX entry,
	 * which no other thread holds. */
	fputs("#define LOST_WAKEUP\t(false", E->f);
	for (int t = 0; t < n && E->waitq; t++) {
		unsigned bits = LOCK_SHARED_BIT(waitq_lock(m->st)) | LOCK_EXCL_BIT(waitq_lock(m->st));

		fprintf(E->f, " || (waitq[%d] != 0", t);
		for (int u = 0; u < n; u++)
			if (u != t)
				fprintf(E->f, " && !((held[%d] & %u) != 0 && OPPG_%d == OPPG_%d)",
					u, bits, u, t);
		fputs(")", E->f);
	}
	fputs(")\n", E->f);
	emit(E, 0, "#define CACHED\t\t(((cache >> OPPG(_pid)) & 1) == 1)");
	emit(E, 0, "#define IN_FAULT\t(OPK(_pid) != OP_PUNCH && OPK(_pid) != OP_FSYNC && "
	     "OPK(_pid) != OP_WRITE%s)",
	     E->m->sc->entries ? " && OPK(_pid) != OP_INVALIDATE" : "");
	/* The --concurrency goals (property.c overlap): two faults between
	 * their first get_block and vm_insert_mixed (TF_INSIDE), on one page
	 * or on two. */
	for (int same = 1; same >= 0; same--) {
		fprintf(E->f, "#define OVERLAP_%s\t(false", same ? "SAME" : "OTHER");
		for (int i = 0; i < n; i++)
			for (int j = i + 1; j < n; j++)
				fprintf(E->f, " || (ip[%d] < NOPS_%d && (flags[%d] & TF_INSIDE) != 0 && "
					"ip[%d] < NOPS_%d && (flags[%d] & TF_INSIDE) != 0 && OPPG_%d %s OPPG_%d)",
					i, i, i, j, j, j, i, same ? "==" : "!=", j);
		fputs(")\n", E->f);
	}
	emit(E, 0, "");
	emit(E, 0, "/* The state: struct state of model/state.h. */");
	emit(E, 0, "byte ip[NTHREADS];");
	emit(E, 0, "byte pc[NTHREADS] = USER;");
	emit(E, 0, "byte blk[NTHREADS] = NOB;");
	emit(E, 0, "byte flags[NTHREADS];");
	emit(E, 0, "byte zpos[NTHREADS];");
	emit(E, 0, "short held[NTHREADS];\t/* locks held: bit 2l shared, 2l+1 exclusive */");
	emit(E, 0, "byte map[NPAGES] = NOB;\t/* the file's block map */");
	_Static_assert(MAX_MMS == 2, "MM and ZAP_PTE below know two processes");
	if (sc->nmm > 1) {
		unsigned bits = 0;

		for (int t = 0; t < n; t++)
			bits |= (unsigned)sc->mm[t] << t;
		emit(E, 0, "#define NMM\t\t%d\t/* processes mapping the file */", sc->nmm);
		emit(E, 0, "#define MM\t\t((%u >> _pid) & 1)\t/* the running thread's process */",
		     bits);
		emit(E, 0, "byte pte[NMM * NPAGES] = PTE_NONE;\t/* process k's page table at k * NPAGES */");
		emit(E, 0, "#define PTE(pp)\t\tpte[MM * NPAGES + (pp)]\t/* the running thread's */");
		emit(E, 0, "#define ZAP_PTE(pp)\tpte[pp] = PTE_NONE; pte[NPAGES + (pp)] = PTE_NONE"
		     "\t/* in every process */");
	} else {
		emit(E, 0, "byte pte[NPAGES] = PTE_NONE;\t/* the page table */");
		emit(E, 0, "#define PTE(pp)\t\tpte[pp]");
		emit(E, 0, "#define ZAP_PTE(pp)\tpte[pp] = PTE_NONE");
	}
	emit(E, 0, "byte data[NBLOCKS * NWORDS] = STALE;\t/* the block pool's contents */");
	emit(E, 0, "byte shadow[NPAGES * NWORDS];\t/* the last user store to each word */");
	emit(E, 0, "byte allocated;\t\t/* bit b: block b allocated */");
	emit(E, 0, "byte cache;\t\t/* bit p: a hole page cached for page p */");
	emit(E, 0, "byte unwritten;\t\t/* bit p: page p's extent is unwritten */");
	if (E->waitq)
		emit(E, 0, "byte waitq[NTHREADS];\t/* 0, or the place in its page's DAX entry's wait queue */");
	if (m->sc->crash)
		crash_state(E);
	if (explore_has_pmd(m))
		pmd_state(E);
	else if (m->sc->entries)
		emit(E, 0, "byte pentry;\t\t/* bit p: page p has a DAX entry (`invalidate`) */");
	emit(E, 0, "");
	emit(E, 0, "/* The lowest free block (prim.c alloc_block). */");
	emit(E, 0, "#define ALLOC_BLOCK \\");
	emit(E, 0, "\tb = 0; \\");
	emit(E, 0, "\tdo :: b < NBLOCKS && ((allocated >> b) & 1) == 1 -> b++ :: else -> break od; \\");
	emit(E, 0, "\tassert(b < NBLOCKS); \\");
	emit(E, 0, "\tallocated = allocated | (1 << b)");
	emit(E, 0, "");
	emit(E, 0, "/* use-after-free: the step touched a freed block, or a PTE maps a");
	emit(E, 0, " * freed block or another page's block. */");
	emit(E, 0, "#define CHECK_USE_AFTER_FREE \\");
	emit(E, 0, "\tno_use_after_free = (touched == NOB || touched == PTE_HOLE || ((allocated >> touched) & 1) == 1); \\");
	emit(E, 0, "\tp = 0; \\");
	emit(E, 0, "\tdo \\");
	emit(E, 0, "\t:: p < %s -> \\", sc->nmm > 1 ? "NMM * NPAGES" : "NPAGES");
	emit(E, 0, "\t\tif \\");
	emit(E, 0, "\t\t:: pte[p] != PTE_NONE && pte[p] != PTE_HOLE -> \\");
	emit(E, 0, "\t\t\tif :: ((allocated >> pte[p]) & 1) == 0 -> no_use_after_free = 0 :: else -> skip fi; \\");
	emit(E, 0, "\t\t\tq = 0; \\");
	emit(E, 0, "\t\t\tdo \\");
	emit(E, 0, "\t\t\t:: q < NPAGES -> if :: q != %s && map[q] == pte[p] -> no_use_after_free = 0 :: else -> skip fi; q++ \\",
	     sc->nmm > 1 ? "p % NPAGES" : "p");
	emit(E, 0, "\t\t\t:: else -> break \\");
	emit(E, 0, "\t\t\tod \\");
	emit(E, 0, "\t\t:: else -> skip \\");
	emit(E, 0, "\t\tfi; \\");
	emit(E, 0, "\t\tp++ \\");
	emit(E, 0, "\t:: else -> break \\");
	emit(E, 0, "\tod");
	emit(E, 0, "");
	emit(E, 0, "/* lost-store: a word whose shadow is set does not hold it. */");
	every_word(E, "CHECK_LOST_STORE", "no_lost_store", "p < NPAGES",
		   "shadow[p * NWORDS + w] != 0 && (map[p] == NOB || data[map[p] * NWORDS + w] != shadow[p * NWORDS + w])");
	emit(E, 0, "/* stale-mapping: all done, and the hole page is mapped over a page");
	emit(E, 0, " * whose block holds stored data. */");
	every_word(E, "CHECK_STALE_MAPPING", "no_stale_mapping", "ALL_DONE && p < NPAGES",
		   sc->nmm > 1 ?
		   "(pte[p] == PTE_HOLE || pte[NPAGES + p] == PTE_HOLE) && map[p] != NOB && "
		   "shadow[p * NWORDS + w] != 0" :
		   "pte[p] == PTE_HOLE && map[p] != NOB && shadow[p * NWORDS + w] != 0");
}

/* A user access: it lands if the PTE allows it, else it faults; a punch,
 * an fsync or a write(2) enters its path (exec.c user_op). */
static void user_step(struct emitter *E)
{
	emit(E, 1, "/* user space: the thread's next operation */");
	emit(E, 1, ":: d_step { (pc[_pid] == USER && ip[_pid] < NOPS(_pid)) ->");
	emit(E, 2, "pg = OPPG(_pid);");
	emit(E, 2, "b = PTE(pg);");
	emit(E, 2, "if");
	emit(E, 2, ":: OPK(_pid) == OP_PUNCH ->\t/* fallocate(PUNCH_HOLE) */");
	emit_goto(E, 3, H_PUNCH, 0);
	emit(E, 2, ":: OPK(_pid) == OP_FSYNC ->\t/* fsync(2) */");
	emit_goto(E, 3, H_FSYNC, 0);
	emit(E, 2, ":: OPK(_pid) == OP_WRITE ->\t/* write(2) */");
	emit_goto(E, 3, H_WRITE, 0);
	if (coverage_exercised(E->m->sc, H_INVALIDATE)) {
		emit(E, 2, ":: OPK(_pid) == OP_INVALIDATE ->\t/* invalidate_inode_pages2_range */");
		emit_goto(E, 3, H_INVALIDATE, 0);
	}
	emit(E, 2, ":: OPK(_pid) == OP_PERSIST ->\t/* pmem_persist: clwb + sfence, no fault */");
	if (E->m->sc->crash)
		emit(E, 3, "if :: b != PTE_NONE && b != PTE_HOLE -> WRITE_BACK; FENCE(0) :: else -> skip fi;");
	emit(E, 3, "ip[_pid]++%s", (E->props & P_FSYNC_LOSS) && E->m->sc->map_sync ?
	     ";\n\t\t\tCHECK_FSYNC_LOSS" : "");
	emit(E, 2, ":: OPK(_pid) == OP_STORE && b != PTE_NONE && b != PTE_HOLE ->\t/* the store lands */");
	emit(E, 3, "touched = b;");
	emit(E, 3, "data[b * NWORDS + OPWD(_pid)] = OPVAL(_pid);");
	emit(E, 3, "shadow[pg * NWORDS + OPWD(_pid)] = OPVAL(_pid);");
	emit(E, 3, "ip[_pid]++");
	emit(E, 2, ":: OPK(_pid) == OP_LOAD && b != PTE_NONE ->\t/* the load lands */");
	emit(E, 3, "if");
	emit(E, 3, ":: b != PTE_HOLE ->");
	emit(E, 4, "touched = b;");
	emit(E, 4, "no_stale_read = (data[b * NWORDS + OPWD(_pid)] != STALE)");
	emit(E, 3, ":: else -> skip\t/* the hole page reads as zeros */");
	emit(E, 3, "fi;");
	emit(E, 3, "ip[_pid]++");
	emit(E, 2, ":: else ->\t/* no PTE, or a store to the hole page: a fault */");
	if (pmd_faults(E->m)) {
		/* a `pmd:` access faults as a PMD fault first */
		emit(E, 3, "if");
		emit(E, 3, ":: OPPMD(_pid) ->");
		emit_goto(E, 4, H_PMD, 0);
		emit(E, 3, ":: else ->");
		emit_goto(E, 4, H_FAULT, 0);
		emit(E, 3, "fi");
	} else {
		emit_goto(E, 3, H_FAULT, 0);
	}
	emit(E, 2, "fi;");
	checks(E, 2);
	emit(E, 1, "}");
}

static int promela_props(const struct scenario *sc, const struct property *const *props,
			 int nprops)
{
	unsigned bits = 0;

	for (int i = 0; i < nprops; i++) {
		const char *n = props[i]->name;

		if (!property_applies(props[i], sc))
			continue;	/* holds vacuously: its variables are not written */

		bits |= strcmp(n, "stale-read") == 0 ? P_STALE_READ :
			strcmp(n, "use-after-free") == 0 ? P_USE_AFTER_FREE :
			strcmp(n, "lost-store") == 0 ? P_LOST_STORE :
			strcmp(n, "stale-mapping") == 0 ? P_STALE_MAPPING :
			strcmp(n, "deadlock") == 0 ? P_DEADLOCK :
			strcmp(n, "lost-wakeup") == 0 ? P_LOST_WAKEUP :
			strcmp(n, "overlap-same-page") == 0 ? P_OVERLAP_SAME :
			strcmp(n, "overlap-other-pages") == 0 ? P_OVERLAP_OTHER :
			strcmp(n, "stale-after-crash") == 0 ? P_STALE_AFTER_CRASH :
			strcmp(n, "fsync-loss") == 0 ? P_FSYNC_LOSS :
			strcmp(n, "pt-corruption") == 0 ? P_PT_CORRUPTION : 0;
	}
	return (int)bits;
}

void promela_emit(FILE *f, const struct model *m, const struct property *const *props,
		  int nprops, const char *command)
{
	struct emitter E = { .f = f, .m = m };
	const struct strategy *st = m->st;
	char progs[1024];

	/* Without `crash` the power never fails: the crash properties hold
	 * vacuously, and their macros (crash_state) are not written. */
	E.props = (unsigned)promela_props(m->sc, props, nprops);
	E.waitq = waitq_lock(st) != LOCK_NONE;
	scenario_describe_programs(m->sc, progs, sizeof(progs));
	emit(&E, 0, "/*");
	emit(&E, 0, " * Generated by the DAX fault-path model checker: %s", command);
	emit(&E, 0, " *");
	emit(&E, 0, " * scenario  %s: %s", m->sc->name, progs);
	emit(&E, 0, " * strategy  %s: %s", st->name, st->summary);
	emit(&E, 0, " *           [%s]", st->source);
	fputs(" * checks    ", f);
	for (int i = 0; i < nprops; i++)
		fprintf(f, "%s%s", i ? ", " : "", props[i]->name);
	fputs("\n", f);
	emit(&E, 0, " *");
	emit(&E, 0, " * One d_step per step of the checker's model, so a counterexample has");
	emit(&E, 0, " * as many transitions as the checker's schedule (a deadlock one more:");
	emit(&E, 0, " * the watchdog's timeout).  Run a breadth-first search for a shortest");
	emit(&E, 0, " * counterexample:");
	emit(&E, 0, " *   spin -a -o2 FILE && cc -O2 -DBFS -DSAFETY -DNOREDUCE -o pan pan.c && ./pan");
	emit(&E, 0, " * (-o2: keep the store shadow in the state even where no checked property");
	emit(&E, 0, " * reads it, as the checker does, so that both store the same states.)");
	emit(&E, 0, " */");
	emit(&E, 0, "");
	prelude(&E);
	emit(&E, 0, "active [NTHREADS] proctype thread()");
	emit(&E, 0, "{");
	emit(&E, 1, "/* Temporaries of one d_step.  SPIN's breadth-first search cannot");
	emit(&E, 1, " * have `hidden` variables, so they are locals, and every d_step");
	emit(&E, 1, " * ends by setting them back to these values: between steps they");
	emit(&E, 1, " * are constant, and the states are exactly the C model's. */");
	emit(&E, 1, "byte pg, b, w, p, q, touched = NOB;");
	if (m->sc->crash)
		emit(&E, 1, "byte x, y, no_stale_after_crash = 1, no_fsync_loss = 1;");
	emit(&E, 1, "byte no_stale_read = 1, no_use_after_free = 1, no_lost_store = 1, no_stale_mapping = 1;");
	if (E.props & (P_OVERLAP_SAME | P_OVERLAP_OTHER))
		emit(&E, 1, "byte no_overlap_same = 1, no_overlap_other = 1;");
	if (E.props & P_PT_CORRUPTION)
		emit(&E, 1, "byte no_pt_corruption = 1;");
	emit(&E, 0, "end_loop:");
	emit(&E, 1, "do");
	user_step(&E);
	for (int h = 0; h < NR_HANDLERS; h++)
		if ((h != H_WRITE || coverage_exercised(m->sc, H_WRITE)) &&
		    (h != H_INVALIDATE || coverage_exercised(m->sc, H_INVALIDATE)) &&
		    (h != H_PMD || pmd_faults(m)))
			handler(&E, (enum handler_kind)h);	/* the write, invalidate and PMD
								 * paths only if they run */
	emit(&E, 1, "od");
	emit(&E, 0, "}");
	if (E.props & (P_DEADLOCK | P_LOST_WAKEUP)) {
		emit(&E, 0, "");
		emit(&E, 0, "/* When no thread can move: deadlock, every thread must have finished,");
		emit(&E, 0, " * unless one sleeps on an entry nobody holds; lost-wakeup, none does. */");
		emit(&E, 0, "active proctype watchdog()");
		emit(&E, 0, "{");
		emit(&E, 0, "end_watch:");
		fputs("\tdo :: atomic { timeout -> ", f);
		if (E.props & P_LOST_WAKEUP)
			fputs((E.props & P_DEADLOCK) ? "assert(!LOST_WAKEUP); " : "assert(!LOST_WAKEUP) ", f);
		if (E.props & P_DEADLOCK)
			fputs(E.waitq ? "assert(ALL_DONE || LOST_WAKEUP) " : "assert(ALL_DONE) ", f);
		fputs("} od\n", f);
		emit(&E, 0, "}");
	}
}
