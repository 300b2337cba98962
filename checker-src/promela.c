/*
 * promela.c - write a scenario under a strategy as a Promela model for SPIN
 * (--emit-promela), so that an independent tool can check our verdicts.
 *
 * The model is generated from the strategy's step tables, never written by
 * hand per strategy.  It mirrors the C model one for one:
 *
 *   - the state is the same variables (per-thread ip, pc, blk, flags, zpos
 *     and held locks; the block map, the page table, block contents, the
 *     store shadow, the allocation, page-cache and unwritten bitmaps), and
 *     nothing else: temporaries are `hidden`, and each thread process sits
 *     at one control location between steps.  An exhaustive SPIN search
 *     therefore stores as many states as ours (with -DNOREDUCE);
 *   - each of our atomic steps is one d_step: a guard (the thread is at
 *     that step and the step is enabled: its locks are free) followed by
 *     the primitive, the handler's move to its next step through any
 *     skipped steps, and the properties' assertions.  A counterexample is
 *     as many SPIN transitions as our schedule has steps;
 *   - the primitives are re-implemented here in Promela from their
 *     definitions in model/prim.c and model/exec.c, and the properties
 *     from checker-src/property.c, so the cross-check compares two
 *     implementations of the semantics and two search engines;
 *   - deadlock is SPIN's own: a watchdog process whose `timeout` fires
 *     when no thread can move, asserting then that every thread finished.
 *     Its trail is one step longer than ours (the timeout); it loops back
 *     to where it was, so it adds transitions but no states.
 *
 * tests/crosscheck.py runs every scenario x strategy x property through
 * both tools and compares verdicts, counterexample lengths and states.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "promela.h"

#define NONE_BITS	0xffffu

struct emitter {
	FILE *f;
	const struct model *m;
	unsigned props;		/* the properties checked, P_* */
};

enum {
	P_STALE_READ = 1,
	P_USE_AFTER_FREE = 2,
	P_LOST_STORE = 4,
	P_STALE_MAPPING = 8,
	P_DEADLOCK = 16,
	P_OVERLAP_SAME = 32,	/* the --concurrency goals: reaching them is */
	P_OVERLAP_OTHER = 64,	/* reported as an assertion violated */
};

static void out(struct emitter *E, int indent, const char *fmt, ...)
{
	va_list ap;

	for (int i = 0; i < indent; i++)
		putc('\t', E->f);
	va_start(ap, fmt);
	vfprintf(E->f, fmt, ap);
	va_end(ap);
	putc('\n', E->f);
}

/* "if :: cond -> then :: else -> skip fi;", the one-armed if of C. */
static void out_if(struct emitter *E, int in, const char *cond, const char *then)
{
	out(E, in, "if");
	out(E, in, ":: %s -> %s", cond, then);
	out(E, in, ":: else -> skip");
	out(E, in, "fi;");
}

static const char *const prim_names[NR_PRIMS] = {
	[PRIM_LOCK] = "LOCK", [PRIM_UNLOCK] = "UNLOCK",
	[PRIM_LOCK_SHARED] = "LOCK_SHARED", [PRIM_UNLOCK_SHARED] = "UNLOCK_SHARED",
	[PRIM_GET_BLOCK] = "GET_BLOCK", [PRIM_GET_BLOCK_CREATE] = "GET_BLOCK_CREATE",
	[PRIM_ALLOC] = "ALLOC", [PRIM_ZERO_WORD] = "ZERO_WORD", [PRIM_MAP_BLOCK] = "MAP_BLOCK",
	[PRIM_CONVERT] = "CONVERT", [PRIM_LOAD_HOLE] = "LOAD_HOLE", [PRIM_DROP_HOLE] = "DROP_HOLE",
	[PRIM_INSERT_PFN] = "INSERT_PFN", [PRIM_FIND_PAGE] = "FIND_PAGE", [PRIM_UNMAP] = "UNMAP",
	[PRIM_FREE_BLOCK] = "FREE_BLOCK",
};

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
			strcmp(field, "OPWD") == 0 ? op->word : op->value;

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

/* ---- locks: expressions for "lock l is busy for me" ---- */

/* Another thread holds lock l in a mode that conflicts with taking it
 * shared (or exclusive): prim_lock_busy, unrolled over the threads. */
static void busy(struct emitter *E, int l, int shared)
{
	unsigned bits = shared ? LOCK_EXCL_BIT(l) : LOCK_SHARED_BIT(l) | LOCK_EXCL_BIT(l);
	int n = E->m->sc->nthreads;

	fputc('(', E->f);
	for (int i = 0; i < n; i++) {
		fprintf(E->f, "%s(_pid != %d && (held[%d] & %u) != 0", i ? " || " : "", i, i, bits);
		if (LOCK_IS_PER_PAGE(l))
			fprintf(E->f, " && OPPG(%d) == OPPG(_pid)", i);
		fputc(')', E->f);
	}
	fputc(')', E->f);
}

/* can_take: nobody else holds l, and neither do I (not recursive). */
static void can_take(struct emitter *E, int l)
{
	if (l == LOCK_NONE) {
		fputs("true", E->f);
		return;
	}
	fputs("(!", E->f);
	busy(E, l, 0);
	fprintf(E->f, " && (held[_pid] & %u) == 0)", LOCK_SHARED_BIT(l) | LOCK_EXCL_BIT(l));
}

/* The step's enabling condition: prim_enabled. */
static void enabled(struct emitter *E, const struct step *st)
{
	FILE *f = E->f;
	int l = st->arg;

	switch (st->prim) {
	case PRIM_LOCK:
		can_take(E, l);
		break;
	case PRIM_LOCK_SHARED:
		fputs("(!", f);
		busy(E, l, 1);
		fprintf(f, " && (held[_pid] & %u) == 0)", LOCK_EXCL_BIT(l));
		break;
	case PRIM_LOAD_HOLE:
		fputs("!", f);
		busy(E, LOCK_PAGE, 0);
		break;
	case PRIM_FIND_PAGE:
		fputs("(!CACHED || ", f);
		can_take(E, LOCK_PAGE);
		fputs(")", f);
		break;
	case PRIM_DROP_HOLE:
		fputs("(!CACHED || (!", f);
		busy(E, LOCK_PAGE, 0);
		fputs(" && ", f);
		can_take(E, l);
		fputs("))", f);
		break;
	case PRIM_UNMAP:
		fputs("((!CACHED || !", f);
		busy(E, LOCK_PAGE, 0);
		fputs(") && ", f);
		can_take(E, l);
		fputs(")", f);
		break;
	case PRIM_ALLOC:	/* a free block (LOCK_POOL) */
		fprintf(f, "(allocated != %u)", (1u << MAX_BLOCKS) - 1);
		break;
	case PRIM_GET_BLOCK_CREATE:
		fprintf(f, "(map[OPPG(_pid)] != NOB || allocated != %u)", (1u << MAX_BLOCKS) - 1);
		break;
	default:
		fputs("true", f);
		break;
	}
}

/* ---- a step's body: prim_run ---- */

static void body(struct emitter *E, int in, const struct step *st)
{
	char buf[128];
	unsigned ex = 0, sh = 0;
	int l = st->arg;

	if (l >= 0 && l < NR_LOCKS) {
		ex = LOCK_EXCL_BIT(l);
		sh = LOCK_SHARED_BIT(l);
	}
	switch (st->prim) {
	case PRIM_LOCK:
		out(E, in, "held[_pid] = held[_pid] | %u;", ex);
		break;
	case PRIM_UNLOCK:
		out(E, in, "assert((held[_pid] & %u) != 0);", ex);
		out(E, in, "held[_pid] = held[_pid] & %u;", NONE_BITS & ~ex);
		break;
	case PRIM_LOCK_SHARED:
		out(E, in, "held[_pid] = held[_pid] | %u;", sh);
		break;
	case PRIM_UNLOCK_SHARED:
		out(E, in, "assert((held[_pid] & %u) != 0);", sh);
		out(E, in, "held[_pid] = held[_pid] & %u;", NONE_BITS & ~sh);
		break;
	case PRIM_GET_BLOCK:
		out(E, in, "blk[_pid] = map[pg];");
		out(E, in, "flags[_pid] = flags[_pid] & %u;", 0xffu & ~(unsigned)(TF_NEW | TF_UNWRITTEN));
		out(E, in, "if");
		out(E, in, ":: blk[_pid] != NOB && ((unwritten >> pg) & 1) == 1 ->");
		if (l == GB_UNWRITTEN)
			out(E, in + 1, "blk[_pid] = NOB	/* unwritten reads as a hole */");
		else
			out(E, in + 1, "flags[_pid] = flags[_pid] | TF_UNWRITTEN");
		out(E, in, ":: else -> skip");
		out(E, in, "fi;");
		out(E, in, "zpos[_pid] = 0;");
		break;
	case PRIM_GET_BLOCK_CREATE:
		out(E, in, "flags[_pid] = flags[_pid] & %u;", 0xffu & ~(unsigned)(TF_NEW | TF_UNWRITTEN));
		out(E, in, "zpos[_pid] = 0;");
		out(E, in, "if");
		out(E, in, ":: map[pg] != NOB ->");
		out(E, in + 1, "blk[_pid] = map[pg];");
		out(E, in + 1, "if");
		out(E, in + 1, ":: ((unwritten >> pg) & 1) == 1 -> flags[_pid] = flags[_pid] | TF_UNWRITTEN | TF_NEW");
		out(E, in + 1, ":: else -> skip");
		out(E, in + 1, "fi");
		out(E, in, ":: else ->");
		out(E, in + 1, "ALLOC_BLOCK;");
		out(E, in + 1, "map[pg] = b;");
		out(E, in + 1, "blk[_pid] = b;");
		out(E, in + 1, "flags[_pid] = flags[_pid] | TF_NEW%s",
		    l == GB_UNWRITTEN ? " | TF_UNWRITTEN;" : "");
		if (l == GB_UNWRITTEN)
			out(E, in + 1, "unwritten = unwritten | (1 << pg)");
		out(E, in, "fi;");
		break;
	case PRIM_ALLOC:
		out(E, in, "ALLOC_BLOCK;");
		out(E, in, "blk[_pid] = b;");
		out(E, in, "flags[_pid] = flags[_pid] | TF_NEW;");
		out(E, in, "zpos[_pid] = 0;");
		break;
	case PRIM_ZERO_WORD:
		out(E, in, "assert(blk[_pid] != NOB && zpos[_pid] < NWORDS);");
		out(E, in, "touched = blk[_pid];");
		out(E, in, "data[blk[_pid] * NWORDS + zpos[_pid]] = 0;");
		out(E, in, "zpos[_pid]++;");
		break;
	case PRIM_MAP_BLOCK:
		out(E, in, "assert(blk[_pid] != NOB);");
		out(E, in, "map[pg] = blk[_pid];");
		if (l == MAP_CLEAR_NEW)
			out(E, in, "flags[_pid] = flags[_pid] & %u;", 0xffu & ~(unsigned)TF_NEW);
		out(E, in, "zpos[_pid] = 0;");
		break;
	case PRIM_CONVERT:
		out(E, in, "unwritten = unwritten & (255 - (1 << pg));");
		break;
	case PRIM_LOAD_HOLE:
		out(E, in, "cache = cache | (1 << pg);");
		/* HOLE_NO_PTE_SAME: no pte_same check, it maps over a block. */
		out_if(E, in, l == HOLE_NO_PTE_SAME ? "pte[pg] != PTE_HOLE" : "pte[pg] == PTE_NONE",
		       "pte[pg] = PTE_HOLE");
		break;
	case PRIM_DROP_HOLE:
		out_if(E, in, "CACHED", "cache = cache & (255 - (1 << pg)); pte[pg] = PTE_NONE");
		break;
	case PRIM_INSERT_PFN:
		out(E, in, "assert(blk[_pid] != NOB);");
		out_if(E, in, "pte[pg] == PTE_NONE", "pte[pg] = blk[_pid]");	/* else -EBUSY */
		break;
	case PRIM_FIND_PAGE:
		snprintf(buf, sizeof(buf), "held[_pid] = held[_pid] | %u; flags[_pid] = flags[_pid] | TF_PAGE",
			 LOCK_EXCL_BIT(LOCK_PAGE));
		out_if(E, in, "CACHED", buf);
		break;
	case PRIM_UNMAP:
		out(E, in, "pte[pg] = PTE_NONE;");
		out(E, in, "cache = cache & (255 - (1 << pg));");
		break;
	case PRIM_FREE_BLOCK:
		out(E, in, "b = map[pg];");
		out(E, in, "if");
		out(E, in, ":: b != NOB ->");
		out(E, in + 1, "allocated = allocated & (255 - (1 << b));");
		out(E, in + 1, "w = 0;");
		out(E, in + 1, "do :: w < NWORDS -> data[b * NWORDS + w] = STALE; w++ :: else -> break od;");
		out(E, in + 1, "map[pg] = NOB;");
		out(E, in + 1, "unwritten = unwritten & (255 - (1 << pg))");
		out(E, in, ":: else -> skip");
		out(E, in, "fi;");
		out(E, in, "w = 0;");
		out(E, in, "do :: w < NWORDS -> shadow[pg * NWORDS + w] = 0; w++ :: else -> break od;");
		break;
	case NR_PRIMS:
		break;
	}
	/* The overlap window of exec_step (TF_INSIDE): part of the state. */
	if (st->prim == PRIM_GET_BLOCK || st->prim == PRIM_GET_BLOCK_CREATE ||
	    st->prim == PRIM_ALLOC)
		out(E, in, "if :: OPK(_pid) != OP_PUNCH -> flags[_pid] = flags[_pid] | TF_INSIDE :: else -> skip fi;");
	if (st->prim == PRIM_INSERT_PFN || st->prim == PRIM_LOAD_HOLE)
		out(E, in, "flags[_pid] = flags[_pid] & %u;", 0xffu & ~(unsigned)TF_INSIDE);
}

/* ---- moving to the next step: goto_step ---- */

static void when_expr(struct emitter *E, unsigned when)
{
	static const struct { unsigned bit; const char *expr; } conds[] = {
		{ WHEN_HOLE, "blk[_pid] == NOB" },
		{ WHEN_MAPPED, "blk[_pid] != NOB" },
		{ WHEN_NEW, "(flags[_pid] & TF_NEW) != 0" },
		{ WHEN_ZEROING, "((flags[_pid] & (TF_NEW | TF_UNWRITTEN)) != 0 && zpos[_pid] < NWORDS)" },
		{ WHEN_WRITE, "OPK(_pid) == OP_STORE" },
		{ WHEN_READ, "OPK(_pid) != OP_STORE" },
		{ WHEN_UNWRITTEN, "(flags[_pid] & TF_UNWRITTEN) != 0" },
		{ WHEN_PAGE, "(flags[_pid] & TF_PAGE) != 0" },
		{ WHEN_NOPAGE, "(flags[_pid] & TF_PAGE) == 0" },
	};
	int first = 1;

	for (size_t i = 0; i < sizeof(conds) / sizeof(conds[0]); i++) {
		if (!(when & conds[i].bit))
			continue;
		fprintf(E->f, "%s%s", first ? "" : " && ", conds[i].expr);
		first = 0;
	}
}

/* Go to step pc of the handler, following `skip` past steps whose
 * conditions do not hold; STEP_RETURN leaves the handler. */
static void emit_goto(struct emitter *E, int in, const struct step *steps, int punch, int pc)
{
	if (pc == STEP_RETURN) {
		out(E, in, "assert(held[_pid] == 0);	/* returned holding a lock */");
		out(E, in, "pc[_pid] = USER; blk[_pid] = NOB; flags[_pid] = 0; zpos[_pid] = 0%s",
		    punch ? "; ip[_pid]++" : "");
		return;
	}
	if (!steps[pc].when) {
		out(E, in, "pc[_pid] = %d", pc);
		return;
	}
	out(E, in, "if");
	for (int i = 0; i < in; i++)
		putc('\t', E->f);
	fputs(":: ", E->f);
	when_expr(E, steps[pc].when);
	fprintf(E->f, " -> pc[_pid] = %d\n", pc);
	out(E, in, ":: else ->");
	emit_goto(E, in + 1, steps, punch, steps[pc].skip);
	out(E, in, "fi");
}

/* ---- properties ---- */

/* The assertions after each step, in property_all's order. */
static void checks(struct emitter *E, int in)
{
	if (E->props & P_STALE_READ)
		out(E, in, "assert(no_stale_read);");
	if (E->props & P_USE_AFTER_FREE) {
		out(E, in, "CHECK_USE_AFTER_FREE;");
		out(E, in, "assert(no_use_after_free);");
	}
	if (E->props & P_LOST_STORE) {
		out(E, in, "CHECK_LOST_STORE;");
		out(E, in, "assert(no_lost_store);");
	}
	if (E->props & P_STALE_MAPPING) {
		out(E, in, "CHECK_STALE_MAPPING;");
		out(E, in, "assert(no_stale_mapping);");
	}
	if (E->props & P_OVERLAP_SAME) {
		out(E, in, "no_overlap_same = !OVERLAP_SAME;");
		out(E, in, "assert(no_overlap_same);");
	}
	if (E->props & P_OVERLAP_OTHER) {
		out(E, in, "no_overlap_other = !OVERLAP_OTHER;");
		out(E, in, "assert(no_overlap_other);");
	}
	/* Temporaries back to their constant values. */
	out(E, in, "no_stale_read = 1; no_use_after_free = 1; no_lost_store = 1; no_stale_mapping = 1;");
	if (E->props & (P_OVERLAP_SAME | P_OVERLAP_OTHER))
		out(E, in, "no_overlap_same = 1; no_overlap_other = 1;");
	out(E, in, "touched = NOB; pg = 0; b = 0; w = 0; p = 0; q = 0");
}

static void handler(struct emitter *E, const struct step *steps, int n, int punch)
{
	for (int i = 0; i < n; i++) {
		const struct step *st = &steps[i];

		out(E, 1, "/* %s step %d: %s (%s) */", punch ? "punch" : "fault", i, st->name,
		    prim_names[st->prim]);
		fprintf(E->f, "\t:: d_step { (pc[_pid] == %d && OPK(_pid) %s OP_PUNCH && ", i,
			punch ? "==" : "!=");
		enabled(E, st);
		fputs(") ->\n", E->f);
		out(E, 2, "pg = OPPG(_pid);");
		body(E, 2, st);
		emit_goto(E, 2, steps, punch, st->next);
		fputs("\t\t;\n", E->f);
		checks(E, 2);
		out(E, 1, "}");
	}
}

static void prelude(struct emitter *E)
{
	const struct model *m = E->m;
	const struct scenario *sc = m->sc;
	int n = sc->nthreads;

	out(E, 0, "#define NTHREADS\t%d", n);
	out(E, 0, "#define NPAGES\t\t%d", sc->pages);
	out(E, 0, "#define NWORDS\t\t%d", sc->words);
	out(E, 0, "#define NBLOCKS\t\t%d", MAX_BLOCKS);
	out(E, 0, "#define NOB\t\t%d\t/* no block */", NO_BLOCK);
	out(E, 0, "#define PTE_NONE\t%d", PTE_NONE);
	out(E, 0, "#define PTE_HOLE\t%d\t/* the read-only hole page */", PTE_HOLE);
	out(E, 0, "#define USER\t\t%d\t/* pc: in user space */", PC_USER);
	out(E, 0, "#define STALE\t\t%d\t/* another file's old data */", VAL_STALE);
	out(E, 0, "#define TF_NEW\t\t%d", TF_NEW);
	out(E, 0, "#define TF_UNWRITTEN\t%d", TF_UNWRITTEN);
	out(E, 0, "#define TF_INSIDE\t%d", TF_INSIDE);
	out(E, 0, "#define TF_PAGE\t\t%d", TF_PAGE);
	out(E, 0, "#define OP_LOAD\t\t%d", OP_LOAD);
	out(E, 0, "#define OP_STORE\t%d", OP_STORE);
	out(E, 0, "#define OP_PUNCH\t%d", OP_PUNCH);
	out(E, 0, "#define OP_NONE\t\t9\t/* past the last operation */");
	out(E, 0, "");
	out(E, 0, "/* Each thread's operations (kind, page, word, value) by its ip. */");
	for (int t = 0; t < n; t++) {
		op_field(E, t, "OPK", 9);
		op_field(E, t, "OPPG", 0);
		op_field(E, t, "OPWD", 0);
		op_field(E, t, "OPVAL", 0);
		fprintf(E->f, "#define NOPS_%d\t%d\n", t, sc->prog[t].nops);
	}
	op_dispatch(E, "OPK");
	op_dispatch(E, "OPPG");
	op_dispatch(E, "OPWD");
	op_dispatch(E, "OPVAL");
	op_dispatch(E, "NOPS");
	fputs("#define ALL_DONE\t(", E->f);
	for (int t = 0; t < n; t++)
		fprintf(E->f, "%sip[%d] >= NOPS_%d", t ? " && " : "", t, t);
	fputs(")\n", E->f);
	out(E, 0, "#define CACHED\t\t(((cache >> OPPG(_pid)) & 1) == 1)");
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
	out(E, 0, "");
	out(E, 0, "/* The state: struct state of model/state.h. */");
	out(E, 0, "byte ip[NTHREADS];");
	out(E, 0, "byte pc[NTHREADS] = USER;");
	out(E, 0, "byte blk[NTHREADS] = NOB;");
	out(E, 0, "byte flags[NTHREADS];");
	out(E, 0, "byte zpos[NTHREADS];");
	out(E, 0, "short held[NTHREADS];\t/* locks held: bit 2l shared, 2l+1 exclusive */");
	out(E, 0, "byte map[NPAGES] = NOB;\t/* the file's block map */");
	out(E, 0, "byte pte[NPAGES] = PTE_NONE;\t/* the page table */");
	out(E, 0, "byte data[NBLOCKS * NWORDS] = STALE;\t/* the block pool's contents */");
	out(E, 0, "byte shadow[NPAGES * NWORDS];\t/* the last user store to each word */");
	out(E, 0, "byte allocated;\t\t/* bit b: block b allocated */");
	out(E, 0, "byte cache;\t\t/* bit p: a hole page cached for page p */");
	out(E, 0, "byte unwritten;\t\t/* bit p: page p's extent is unwritten */");
	out(E, 0, "");
	out(E, 0, "/* The lowest free block (prim.c alloc_block). */");
	out(E, 0, "#define ALLOC_BLOCK \\");
	out(E, 0, "\tb = 0; \\");
	out(E, 0, "\tdo :: b < NBLOCKS && ((allocated >> b) & 1) == 1 -> b++ :: else -> break od; \\");
	out(E, 0, "\tassert(b < NBLOCKS); \\");
	out(E, 0, "\tallocated = allocated | (1 << b)");
	out(E, 0, "");
	out(E, 0, "/* use-after-free: the step touched a freed block, or a PTE maps a");
	out(E, 0, " * freed block or another page's block. */");
	out(E, 0, "#define CHECK_USE_AFTER_FREE \\");
	out(E, 0, "\tno_use_after_free = (touched == NOB || touched == PTE_HOLE || ((allocated >> touched) & 1) == 1); \\");
	out(E, 0, "\tp = 0; \\");
	out(E, 0, "\tdo \\");
	out(E, 0, "\t:: p < NPAGES -> \\");
	out(E, 0, "\t\tif \\");
	out(E, 0, "\t\t:: pte[p] != PTE_NONE && pte[p] != PTE_HOLE -> \\");
	out(E, 0, "\t\t\tif :: ((allocated >> pte[p]) & 1) == 0 -> no_use_after_free = 0 :: else -> skip fi; \\");
	out(E, 0, "\t\t\tq = 0; \\");
	out(E, 0, "\t\t\tdo \\");
	out(E, 0, "\t\t\t:: q < NPAGES -> if :: q != p && map[q] == pte[p] -> no_use_after_free = 0 :: else -> skip fi; q++ \\");
	out(E, 0, "\t\t\t:: else -> break \\");
	out(E, 0, "\t\t\tod \\");
	out(E, 0, "\t\t:: else -> skip \\");
	out(E, 0, "\t\tfi; \\");
	out(E, 0, "\t\tp++ \\");
	out(E, 0, "\t:: else -> break \\");
	out(E, 0, "\tod");
	out(E, 0, "");
	out(E, 0, "/* lost-store: a word whose shadow is set does not hold it. */");
	out(E, 0, "#define CHECK_LOST_STORE \\");
	out(E, 0, "\tno_lost_store = 1; \\");
	out(E, 0, "\tp = 0; \\");
	out(E, 0, "\tdo \\");
	out(E, 0, "\t:: p < NPAGES -> \\");
	out(E, 0, "\t\tw = 0; \\");
	out(E, 0, "\t\tdo \\");
	out(E, 0, "\t\t:: w < NWORDS -> \\");
	out(E, 0, "\t\t\tif \\");
	out(E, 0, "\t\t\t:: shadow[p * NWORDS + w] != 0 && (map[p] == NOB || data[map[p] * NWORDS + w] != shadow[p * NWORDS + w]) -> no_lost_store = 0 \\");
	out(E, 0, "\t\t\t:: else -> skip \\");
	out(E, 0, "\t\t\tfi; \\");
	out(E, 0, "\t\t\tw++ \\");
	out(E, 0, "\t\t:: else -> break \\");
	out(E, 0, "\t\tod; \\");
	out(E, 0, "\t\tp++ \\");
	out(E, 0, "\t:: else -> break \\");
	out(E, 0, "\tod");
	out(E, 0, "");
	out(E, 0, "/* stale-mapping: all done, and the hole page is mapped over a page");
	out(E, 0, " * whose block holds stored data. */");
	out(E, 0, "#define CHECK_STALE_MAPPING \\");
	out(E, 0, "\tno_stale_mapping = 1; \\");
	out(E, 0, "\tp = 0; \\");
	out(E, 0, "\tdo \\");
	out(E, 0, "\t:: ALL_DONE && p < NPAGES -> \\");
	out(E, 0, "\t\tw = 0; \\");
	out(E, 0, "\t\tdo \\");
	out(E, 0, "\t\t:: w < NWORDS -> \\");
	out(E, 0, "\t\t\tif \\");
	out(E, 0, "\t\t\t:: pte[p] == PTE_HOLE && map[p] != NOB && shadow[p * NWORDS + w] != 0 -> no_stale_mapping = 0 \\");
	out(E, 0, "\t\t\t:: else -> skip \\");
	out(E, 0, "\t\t\tfi; \\");
	out(E, 0, "\t\t\tw++ \\");
	out(E, 0, "\t\t:: else -> break \\");
	out(E, 0, "\t\tod; \\");
	out(E, 0, "\t\tp++ \\");
	out(E, 0, "\t:: else -> break \\");
	out(E, 0, "\tod");
	out(E, 0, "");
}

/* A user access: it lands if the PTE allows it, else it faults; a punch
 * enters the punch path (exec.c user_op). */
static void user_step(struct emitter *E)
{
	const struct strategy *st = E->m->st;

	out(E, 1, "/* user space: the thread's next operation */");
	out(E, 1, ":: d_step { (pc[_pid] == USER && ip[_pid] < NOPS(_pid)) ->");
	out(E, 2, "pg = OPPG(_pid);");
	out(E, 2, "b = pte[pg];");
	out(E, 2, "if");
	out(E, 2, ":: OPK(_pid) == OP_PUNCH ->\t/* fallocate(PUNCH_HOLE) */");
	emit_goto(E, 3, st->punch, 1, 0);
	out(E, 2, ":: OPK(_pid) == OP_STORE && b != PTE_NONE && b != PTE_HOLE ->\t/* the store lands */");
	out(E, 3, "touched = b;");
	out(E, 3, "data[b * NWORDS + OPWD(_pid)] = OPVAL(_pid);");
	out(E, 3, "shadow[pg * NWORDS + OPWD(_pid)] = OPVAL(_pid);");
	out(E, 3, "ip[_pid]++");
	out(E, 2, ":: OPK(_pid) == OP_LOAD && b != PTE_NONE ->\t/* the load lands */");
	out(E, 3, "if");
	out(E, 3, ":: b != PTE_HOLE ->");
	out(E, 4, "touched = b;");
	out(E, 4, "no_stale_read = (data[b * NWORDS + OPWD(_pid)] != STALE)");
	out(E, 3, ":: else -> skip\t/* the hole page reads as zeros */");
	out(E, 3, "fi;");
	out(E, 3, "ip[_pid]++");
	out(E, 2, ":: else ->\t/* no PTE, or a store to the hole page: a fault */");
	emit_goto(E, 3, st->fault, 0, 0);
	out(E, 2, "fi;");
	checks(E, 2);
	out(E, 1, "}");
}

static int promela_props(const struct property *const *props, int nprops)
{
	unsigned bits = 0;

	for (int i = 0; i < nprops; i++) {
		const char *n = props[i]->name;

		bits |= strcmp(n, "stale-read") == 0 ? P_STALE_READ :
			strcmp(n, "use-after-free") == 0 ? P_USE_AFTER_FREE :
			strcmp(n, "lost-store") == 0 ? P_LOST_STORE :
			strcmp(n, "stale-mapping") == 0 ? P_STALE_MAPPING :
			strcmp(n, "deadlock") == 0 ? P_DEADLOCK :
			strcmp(n, "overlap-same-page") == 0 ? P_OVERLAP_SAME :
			strcmp(n, "overlap-other-pages") == 0 ? P_OVERLAP_OTHER : 0;
	}
	return (int)bits;
}

void promela_emit(FILE *f, const struct model *m, const struct property *const *props,
		  int nprops, const char *command)
{
	struct emitter E = { .f = f, .m = m };
	const struct strategy *st = m->st;
	char progs[1024];

	E.props = (unsigned)promela_props(props, nprops);
	scenario_describe_programs(m->sc, progs, sizeof(progs));
	out(&E, 0, "/*");
	out(&E, 0, " * Generated by the DAX fault-path model checker: %s", command);
	out(&E, 0, " *");
	out(&E, 0, " * scenario  %s: %s", m->sc->name, progs);
	out(&E, 0, " * strategy  %s: %s", st->name, st->summary);
	out(&E, 0, " *           [%s]", st->source);
	fputs(" * checks    ", f);
	for (int i = 0; i < nprops; i++)
		fprintf(f, "%s%s", i ? ", " : "", props[i]->name);
	fputs("\n", f);
	out(&E, 0, " *");
	out(&E, 0, " * One d_step per step of the checker's model, so a counterexample has");
	out(&E, 0, " * as many transitions as the checker's schedule (a deadlock one more:");
	out(&E, 0, " * the watchdog's timeout).  Run a breadth-first search for a shortest");
	out(&E, 0, " * counterexample:");
	out(&E, 0, " *   spin -a FILE && cc -O2 -DBFS -DSAFETY -DNOREDUCE -o pan pan.c && ./pan");
	out(&E, 0, " */");
	out(&E, 0, "");
	prelude(&E);
	out(&E, 0, "active [NTHREADS] proctype thread()");
	out(&E, 0, "{");
	out(&E, 1, "/* Temporaries of one d_step.  SPIN's breadth-first search cannot");
	out(&E, 1, " * have `hidden` variables, so they are locals, and every d_step");
	out(&E, 1, " * ends by setting them back to these values: between steps they");
	out(&E, 1, " * are constant, and the states are exactly the C model's. */");
	out(&E, 1, "byte pg, b, w, p, q, touched = NOB;");
	out(&E, 1, "byte no_stale_read = 1, no_use_after_free = 1, no_lost_store = 1, no_stale_mapping = 1;");
	if (E.props & (P_OVERLAP_SAME | P_OVERLAP_OTHER))
		out(&E, 1, "byte no_overlap_same = 1, no_overlap_other = 1;");
	out(&E, 0, "end_loop:");
	out(&E, 1, "do");
	user_step(&E);
	handler(&E, st->fault, st->nfault, 0);
	handler(&E, st->punch, st->npunch, 1);
	out(&E, 1, "od");
	out(&E, 0, "}");
	if (E.props & P_DEADLOCK) {
		out(&E, 0, "");
		out(&E, 0, "/* deadlock: when no thread can move, every thread must have finished. */");
		out(&E, 0, "active proctype watchdog()");
		out(&E, 0, "{");
		out(&E, 0, "end_watch:");
		out(&E, 1, "do :: atomic { timeout -> assert(ALL_DONE) } od");
		out(&E, 0, "}");
	}
}
