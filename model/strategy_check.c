/*
 * strategy_check.c - is a strategy's table one the model can run?
 * strategy_validate() is what every table goes through before a search:
 * a shipped file, a user's --strategy=FILE, and every known-bad twin.
 *
 * First the table itself: every target in range, no cycle of skips, each
 * primitive's argument valid, zeroing only while there is a word to zero.
 * Then every path through each handler, as one thread runs it.  The
 * primitives have preconditions on the thread's own state (prim.c asserts
 * them): a lock is released only by its holder, and not taken shared twice
 * (the model does not count a thread's read locks); a handler returns
 * holding no lock; a block is zeroed, mapped or installed only if the
 * handler has one; a block it allocates goes into the block map before it
 * looks up or allocates another, or returns.  A table that could break one
 * on some path is refused here, with the step, rather than abort a search.
 *
 * The paths are explored over an abstraction of the thread's locals: the
 * locks it holds (exactly), whether it has a block, BH_New, BH_Unwritten,
 * the hole page found and whether it still holds it locked in the page
 * cache, whether it has zeroed any word, and whether its block is out of
 * the block map.  What the other threads and the shared
 * state decide (is the page a hole? is a hole page cached?) is a choice,
 * every outcome explored, so a path here may be one no interleaving takes:
 * the check is sound (a table it passes cannot break a precondition) and
 * may refuse a table only a search could show is safe.  Waiting for a lock
 * is not modelled: another thread's lock only delays a path.  A thread
 * that takes a lock it holds waits forever, which the search reports as a
 * deadlock; that path ends there.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "exec.h"
#include "paths.h"
#include "scenario.h"
#include "prim.h"
#include "strategy.h"

/* --- the table ---------------------------------------------------------- */

const char *const strategy_handler_names[NR_HANDLERS] = { "fault", "punch", "fsync", "write",
							       "pmd_fault", "invalidate" };

/* Write "file:line: " for step i of handler h of a file's table, else
 * "name: step S: " (i -1: "name: ") into err; returns its length. */
static size_t where(char *err, size_t errlen, const struct strategy *st, int h, int i)
{
	const struct step *s = i < 0 ? NULL : &st->h[h].steps[i];
	int n;

	if (st->path && st->lines[h] && s)
		n = snprintf(err, errlen, "%s:%d: ", st->path, st->lines[h][i]);
	else if (s)
		n = snprintf(err, errlen, "%s: step %s: ", st->name ? st->name : "?",
			     s->name ? s->name : "?");
	else
		n = snprintf(err, errlen, "%s: ", st->name ? st->name : "?");
	return n < 0 ? 0 : (size_t)n < errlen ? (size_t)n : errlen - 1;
}

/* Only a PMD fault falls back (to the fault handler). */
static int valid_target(int h, int n, int target)
{
	return target == STEP_RETURN || (target == STEP_FALLBACK && h == H_PMD) ||
	       (target >= 0 && target < n);
}

/*
 * Returns 1 if a thread can pass from step i to step i again without a
 * transition: through skips (a step whose conditions fail) and through
 * durability steps, which a search without crashes passes over
 * (exec_step_live).  Such a cycle would hang the model.
 */
static int passes_in_cycle(const struct step *t, int n, int i)
{
	unsigned char seen[STEP_RETURN] = { 0 };
	int stack[2 * STEP_RETURN], sp = 0;

	stack[sp++] = i;
	while (sp > 0) {
		int pc = stack[--sp];
		int out[2], nout = 0;

		if (t[pc].when != 0)
			out[nout++] = t[pc].skip;
		if (prim_ops[t[pc].prim]->flags & PRIM_DURABILITY)
			out[nout++] = t[pc].next;
		for (int k = 0; k < nout; k++) {
			if (out[k] == i)
				return 1;
			if (out[k] != STEP_RETURN && out[k] != STEP_FALLBACK && !seen[out[k]]) {
				seen[out[k]] = 1;
				stack[sp++] = out[k];
			}
		}
	}
	(void)n;
	return 0;
}

static int validate_table(const struct strategy *st, int h, char *err, size_t errlen)
{
	const char *what = strategy_handler_names[h];
	const struct step *t = st->h[h].steps;
	int n = st->h[h].n;
	size_t k;

	if (strategy_handler_optional(h) && n == 0)
		return 0;	/* no fsync path: fsync(2) makes nothing durable;
				 * no write or PMD path: strategy_runs() refuses
				 * write(2) and PMD faults */
	if (!t || n < 1 || n >= STEP_RETURN) {
		k = where(err, errlen, st, h, -1);
		snprintf(err + k, errlen - k, "%s handler has %d steps", what, t ? n : 0);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		const struct step *s = &t[i];

		k = where(err, errlen, st, h, i);
		if (!s->name || !*s->name) {
			snprintf(err + k, errlen - k, "%s step %d has no name", what, i);
			return -1;
		}
		if (s->prim < 0 || s->prim >= NR_PRIMS) {
			snprintf(err + k, errlen - k, "bad primitive");
			return -1;
		}
		if (!valid_target(h, n, s->next) || !valid_target(h, n, s->skip)) {
			snprintf(err + k, errlen - k, "next or skip out of range");
			return -1;
		}
		if (!prim_arg_ok(s)) {
			snprintf(err + k, errlen - k, "bad argument %d", s->arg);
			return -1;
		}
		if (s->prim == PRIM_ZERO_WORD && !(s->when & WHEN_ZEROING)) {
			snprintf(err + k, errlen - k, "%s: zero_word needs 'if zeroing' (it zeroes "
				 "the next word of a BH_New or unwritten block, while one is left)",
				 s->name);
			return -1;
		}
	}
	/* A chain of skips must end: skips are not transitions, so a cycle of
	 * them would hang the model.  Every target is in range by now. */
	for (int i = 0; i < n; i++) {
		if (passes_in_cycle(t, n, i)) {
			k = where(err, errlen, st, h, i);
			snprintf(err + k, errlen - k, "%s: skips form a cycle (a durability step "
				 "counts as a skip: a search without crashes passes over it)",
				 t[i].name);
			return -1;
		}
	}
	return 0;
}

/* --- the paths ---------------------------------------------------------- */

int paths_fail(struct paths *P, const struct step *s, const char *fmt, ...)
{
	size_t k = where(P->err, P->errlen, P->st, P->h, s ? (int)(s - P->t) : -1);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(P->err + k, P->errlen - k, fmt, ap);
	va_end(ap);
	return -1;
}

const char *paths_lock_name(const struct paths *P, int l)
{
	return P->st->lock_names[l] ? P->st->lock_names[l] : exec_lock_name(NULL, l);
}

/* Remember state a; returns -1 if there are too many to follow. */
static int add(struct paths *P, uint32_t a)
{
	uint32_t i = (a * 2654435761u) >> (32 - TABLE_BITS);

	while (P->slot[i]) {
		if (P->slot[i] == a + 1)
			return 0;
		i = (i + 1) & (TABLE_SIZE - 1);
	}
	if (P->nqueue == TABLE_SIZE - 1)
		return paths_fail(P, NULL, "%s handler: too many paths to check", strategy_handler_names[P->h]);
	P->slot[i] = a + 1;
	P->queue[P->nqueue++] = a;
	return 0;
}

/*
 * Whether `when` holds in a: 1 yes, 0 no, 2 either (zeroing after a word
 * was zeroed: the words left are not tracked).
 */
static int holds(const struct paths *P, uint32_t a, unsigned when)
{
	int write = P->acc == ACC_STORE || P->acc == ACC_WRITE, dirty = (a & (A_NEW | A_UNW)) != 0;

	if ((when & WHEN_HOLE) && (a & A_BLK))
		return 0;
	if ((when & WHEN_MAPPED) && !(a & A_BLK))
		return 0;
	if ((when & WHEN_NEW) && !(a & A_NEW))
		return 0;
	if ((when & WHEN_UNWRITTEN) && !(a & A_UNW))
		return 0;
	if ((when & WHEN_ZEROING) && !dirty)
		return 0;
	if ((when & WHEN_WRITE) && !write)
		return 0;
	if ((when & WHEN_READ) && write)
		return 0;
	if ((when & WHEN_PAGE) && !(a & A_PAGE))
		return 0;
	if ((when & WHEN_NOPAGE) && (a & A_PAGE))
		return 0;
	if ((when & WHEN_DSYNC) && !(a & A_DSYNC))
		return 0;
	if ((when & WHEN_NODSYNC) && (a & A_DSYNC))
		return 0;
	if ((when & WHEN_BUSY) && !(a & A_BUSY))
		return 0;
	if ((when & WHEN_CLEAR) && (a & A_BUSY))
		return 0;
	return (when & WHEN_ZEROING) && (a & A_ZEROED) ? 2 : 1;
}

/* Go to pc from step `from` in state a (pc's fields but pc), skipping as
 * goto_step() does: every outcome of an uncertain condition is followed. */
int paths_go(struct paths *P, uint32_t a, int pc, const struct step *from)
{
	int hops = 0;
	const char *how = pc == STEP_FALLBACK ? "fall back" : "return";

	while (pc != STEP_RETURN && pc != STEP_FALLBACK) {
		int w = holds(P, a, P->t[pc].when);

		if (w == 2 && paths_go(P, a, P->t[pc].skip, &P->t[pc]))
			return -1;
		if (w)
			return add(P, (a & ~0xffu) | (uint32_t)pc);
		from = &P->t[pc];
		pc = P->t[pc].skip;
		how = pc == STEP_FALLBACK ? "fall back" : "return";
		if (++hops > P->n)
			return 0;	/* a cycle of skips: validate_table said so */
	}
	for (int l = 0; l < NR_LOCKS; l++)
		if (A_HELD(a) & (LOCK_SHARED_BIT(l) | LOCK_EXCL_BIT(l)))
			return paths_fail(P, from, "%s: the %s handler can %s after it holding %s",
				     from->name, strategy_handler_names[P->h], how,
				     paths_lock_name(P, l));
	if (a & A_LOOSE)
		return paths_fail(P, from, "%s: the %s handler can %s after it with the block it "
			     "allocated out of the block map (it would leak)", from->name,
			     strategy_handler_names[P->h], how);
	return 0;
}

/* Run the step state a is at: its primitive's paths() follows every
 * outcome (model/prims/). */
static int run(struct paths *P, uint32_t a)
{
	const struct step *s = &P->t[A_PC(a)];

	P->ran[A_PC(a)] = 1;
	return prim_ops[s->prim]->paths(P, s, a);
}

/* Every path of handler h for access acc; marks the steps run in ran[]. */
static int check_paths(struct paths *P, int h, enum access acc, uint8_t *ran)
{
	P->h = h;
	P->t = P->st->h[h].steps;
	P->n = P->st->h[h].n;
	if (P->n == 0)
		return 0;
	P->acc = acc;
	P->nqueue = 0;
	memset(P->slot, 0, sizeof(P->slot));
	memset(P->ran, 0, sizeof(P->ran));
	if (paths_go(P, 0, 0, &P->t[0]))
		return -1;
	for (int i = 0; i < P->nqueue; i++)
		if (run(P, P->queue[i]))
			return -1;
	for (int i = 0; i < P->n; i++)
		ran[i] |= P->ran[i];
	return 0;
}

/* The work space of a check (too big for some threads' stacks): checks
 * run one at a time, in the main thread. */
static struct paths work;

int strategy_paths(const struct strategy *st, unsigned char ran[NR_HANDLERS][256],
		   char *err, size_t errlen)
{
	struct paths *P = &work;

	memset(ran, 0, NR_HANDLERS * sizeof(ran[0]));
	P->st = st;
	P->err = err;
	P->errlen = errlen;
	if (check_paths(P, H_FAULT, ACC_STORE, ran[H_FAULT]) ||
	    check_paths(P, H_FAULT, ACC_LOAD, ran[H_FAULT]) ||
	    check_paths(P, H_PUNCH, ACC_PUNCH, ran[H_PUNCH]) ||
	    check_paths(P, H_FSYNC, ACC_FSYNC, ran[H_FSYNC]) ||
	    check_paths(P, H_WRITE, ACC_WRITE, ran[H_WRITE]) ||
	    check_paths(P, H_PMD, ACC_STORE, ran[H_PMD]) ||
	    check_paths(P, H_PMD, ACC_LOAD, ran[H_PMD]) ||
	    check_paths(P, H_INVALIDATE, ACC_PUNCH, ran[H_INVALIDATE]))
		return -1;
	return 0;
}

/* A write(2) in a scenario with a huge page: st's write handler must say
 * how it deletes the 2 MiB entry over the page it allocated and unmaps its
 * PMD (inval_range; its wait, wait_entry, a twin may drop), or its 4 KiB
 * invalidation would leave the huge zero page mapped in a way no kernel
 * did. */
static int huge_write_runs(const struct strategy *st, const struct scenario *sc, char *err,
			   size_t errlen)
{
	for (int i = 0; i < st->h[H_WRITE].n; i++)
		if (st->h[H_WRITE].steps[i].prim == PRIM_INVAL_RANGE)
			return 0;
	for (int t = 0; t < sc->nthreads; t++) {
		for (int i = 0; i < sc->prog[t].nops; i++) {
			const struct op *op = &sc->prog[t].ops[i];

			if (op->kind != OP_WRITE)
				continue;
			snprintf(err, errlen, "strategy %s's write(2) does not invalidate a 2 MiB "
				 "entry (its write handler has no inval_range step), and scenario "
				 "%s has write(2) (T%d write %u:%u=%u) and a huge page: add one to "
				 "its file to say how dax_iomap_actor deletes and unmaps the huge "
				 "zero page", st->name, sc->name, t, op->page, op->word, op->value);
			return STRATEGY_NO_HUGE_WRITE;
		}
	}
	return 0;
}

int strategy_runs(const struct strategy *st, const struct scenario *sc, char *err,
		  size_t errlen)
{
	if (sc->map_sync && !st->map_sync) {
		snprintf(err, errlen, "strategy %s does not support MAP_SYNC (its file has no "
			 "`mmap_supported_flags MAP_SYNC` line), and scenario %s maps the file "
			 "MAP_SYNC (`mmap sync`): mmap(MAP_SHARED_VALIDATE | MAP_SYNC) fails, "
			 "EINVAL before v4.15, EOPNOTSUPP where the filesystem does not support it",
			 st->name, sc->name);
		return STRATEGY_NO_MAP_SYNC;
	}
	for (int t = 0; t < sc->nthreads && st->h[H_PMD].n == 0; t++) {
		for (int i = 0; i < sc->prog[t].nops; i++) {
			const struct op *op = &sc->prog[t].ops[i];
			char what[32];

			if (!op->pmd)
				continue;
			scenario_describe_op(op, what, sizeof(what));
			snprintf(err, errlen, "strategy %s states no PMD fault path (no pmd_fault "
				 "handler), and scenario %s has a PMD fault (T%d %s): add one to its "
				 "file to say how its PMD faults lock and fall back",
				 st->name, sc->name, t, what);
			return STRATEGY_NO_PMD;
		}
	}
	for (int t = 0; t < sc->nthreads && st->h[H_INVALIDATE].n == 0; t++) {
		for (int i = 0; i < sc->prog[t].nops; i++) {
			if (sc->prog[t].ops[i].kind != OP_INVALIDATE)
				continue;
			snprintf(err, errlen, "strategy %s states no invalidate path (no invalidate "
				 "handler), and scenario %s invalidates (T%d invalidate %u): add one "
				 "to its file to say how invalidate_inode_pages2_range waits for and "
				 "deletes the page's entry", st->name, sc->name, t,
				 sc->prog[t].ops[i].page);
			return STRATEGY_NO_INVALIDATE;
		}
	}
	if (st->h[H_WRITE].n > 0)
		return sc->huge_pages ? huge_write_runs(st, sc, err, errlen) : 0;
	for (int t = 0; t < sc->nthreads; t++) {
		for (int i = 0; i < sc->prog[t].nops; i++) {
			if (sc->prog[t].ops[i].kind != OP_WRITE)
				continue;
			snprintf(err, errlen, "strategy %s states no write path (no write handler), "
				 "and scenario %s has write(2) (T%d write %u:%u=%u): "
				 "add one to its file to say how its write(2) allocates and copies",
				 st->name, sc->name, t, sc->prog[t].ops[i].page,
				 sc->prog[t].ops[i].word, sc->prog[t].ops[i].value);
			return STRATEGY_NO_WRITE;
		}
	}
	return 0;
}

int strategy_validate(const struct strategy *st, char *err, size_t errlen)
{
	unsigned char ran[NR_HANDLERS][256];

	for (int h = 0; h < NR_HANDLERS; h++)
		if (validate_table(st, h, err, errlen))
			return -1;
	return strategy_paths(st, ran, err, errlen);
}
