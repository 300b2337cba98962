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
#include "strategy.h"

/* --- the table ---------------------------------------------------------- */

static const char *const handler_names[2] = { "fault", "punch" };

/* Write "file:line: " for step i of handler h of a file's table, else
 * "name: step S: " (i -1: "name: ") into err; returns its length. */
static size_t where(char *err, size_t errlen, const struct strategy *st, int h, int i)
{
	const struct step *s = i < 0 ? NULL : h ? &st->punch[i] : &st->fault[i];
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

static int valid_target(int n, int target)
{
	return target == STEP_RETURN || (target >= 0 && target < n);
}

static int lock_arg_ok(const struct step *s)
{
	switch (s->prim) {
	case PRIM_LOCK:
	case PRIM_UNLOCK:
	case PRIM_LOCK_SHARED:
	case PRIM_UNLOCK_SHARED:
		return s->arg >= 0 && s->arg < NR_LOCKS;
	case PRIM_UNMAP:
	case PRIM_DROP_HOLE:
		return s->arg == LOCK_NONE || (s->arg >= 0 && s->arg < NR_LOCKS);
	case PRIM_GET_BLOCK:
	case PRIM_GET_BLOCK_CREATE:
		return s->arg == GB_WRITTEN || s->arg == GB_UNWRITTEN;
	case PRIM_MAP_BLOCK:
		return s->arg == MAP_CLEAR_NEW || s->arg == MAP_KEEP_NEW;
	case PRIM_LOAD_HOLE:
		return s->arg == HOLE_PTE_SAME || s->arg == HOLE_NO_PTE_SAME;
	default:
		return 1;
	}
}

static int validate_table(const struct strategy *st, int h, const struct step *t, int n,
			  char *err, size_t errlen)
{
	const char *what = handler_names[h];
	size_t k;

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
		if (!valid_target(n, s->next) || !valid_target(n, s->skip)) {
			snprintf(err + k, errlen - k, "next or skip out of range");
			return -1;
		}
		if (!lock_arg_ok(s)) {
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
		int pc = i, hops = 0;

		while (pc != STEP_RETURN && t[pc].when != 0 && hops <= n) {
			pc = t[pc].skip;
			hops++;
		}
		if (hops > n) {
			k = where(err, errlen, st, h, i);
			snprintf(err + k, errlen - k, "%s: skips form a cycle", t[i].name);
			return -1;
		}
	}
	return 0;
}

/* --- the paths ---------------------------------------------------------- */

/* One thread's abstract state, packed: see the banner. */
#define A_PC(a)		((a) & 0xff)
#define A_HELD(a)	(((a) >> 8) & 0xfff)
#define A_BLK		(1u << 20)	/* it has a block */
#define A_NEW		(1u << 21)	/* BH_New */
#define A_UNW		(1u << 22)	/* BH_Unwritten */
#define A_PAGE		(1u << 23)	/* it found and locked the hole page */
#define A_ZEROED	(1u << 24)	/* it has zeroed a word since its lookup */
#define A_LOOSE		(1u << 25)	/* its block is not in the block map */
#define A_CACHED	(1u << 26)	/* the hole page it locked is still cached:
					 * no one else can delete it */
#define A_MAKE(pc, held, rest)	((uint32_t)(pc) | (uint32_t)(held) << 8 | (rest))

_Static_assert(2 * NR_LOCKS <= 12, "a thread's locks are 12 bits of an abstract state");
_Static_assert(STEP_RETURN <= 0xff, "a step index is 8 bits of an abstract state");

#define TABLE_BITS	14
#define TABLE_SIZE	(1u << TABLE_BITS)

enum access { ACC_STORE, ACC_LOAD, ACC_PUNCH };

struct paths {
	const struct strategy *st;
	const struct step *t;
	int n, h;
	enum access acc;
	uint32_t slot[TABLE_SIZE];	/* the set: value + 1, 0 empty */
	uint32_t queue[TABLE_SIZE];	/* the same, in the order found */
	int nqueue;
	uint8_t ran[256];		/* the steps some path executes */
	char *err;
	size_t errlen;
};

static int failp(struct paths *P, const struct step *s, const char *fmt, ...)
{
	size_t k = where(P->err, P->errlen, P->st, P->h, s ? (int)(s - P->t) : -1);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(P->err + k, P->errlen - k, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *lock_name(const struct paths *P, int l)
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
		return failp(P, NULL, "%s handler: too many paths to check", handler_names[P->h]);
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
	int write = P->acc == ACC_STORE, dirty = (a & (A_NEW | A_UNW)) != 0;

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
	return (when & WHEN_ZEROING) && (a & A_ZEROED) ? 2 : 1;
}

/* Go to pc from step `from` in state a (pc's fields but pc), skipping as
 * goto_step() does: every outcome of an uncertain condition is followed. */
static int go(struct paths *P, uint32_t a, int pc, const struct step *from)
{
	int hops = 0;

	while (pc != STEP_RETURN) {
		int w = holds(P, a, P->t[pc].when);

		if (w == 2 && go(P, a, P->t[pc].skip, &P->t[pc]))
			return -1;
		if (w)
			return add(P, (a & ~0xffu) | (uint32_t)pc);
		from = &P->t[pc];
		pc = P->t[pc].skip;
		if (++hops > P->n)
			return 0;	/* a cycle of skips: validate_table said so */
	}
	for (int l = 0; l < NR_LOCKS; l++)
		if (A_HELD(a) & (LOCK_SHARED_BIT(l) | LOCK_EXCL_BIT(l)))
			return failp(P, from, "%s: the %s handler can return after it holding %s",
				     from->name, handler_names[P->h], lock_name(P, l));
	if (a & A_LOOSE)
		return failp(P, from, "%s: the %s handler can return after it with the block it "
			     "allocated out of the block map (it would leak)", from->name,
			     handler_names[P->h]);
	return 0;
}

/* A new lookup's result: the block's flags cleared, nothing zeroed. */
static uint32_t looked_up(uint32_t a)
{
	return a & ~(A_BLK | A_NEW | A_UNW | A_ZEROED);
}

/* Run the step state a is at; follow every outcome. */
static int run(struct paths *P, uint32_t a)
{
	const struct step *s = &P->t[A_PC(a)];
	int lock = s->arg >= 0 && s->arg < NR_LOCKS;	/* the argument is a lock */
	unsigned held = A_HELD(a);
	unsigned x = lock ? LOCK_EXCL_BIT(s->arg) : 0, sh = lock ? LOCK_SHARED_BIT(s->arg) : 0;
	uint32_t b;

	P->ran[A_PC(a)] = 1;
	switch (s->prim) {
	case PRIM_LOCK:
		if (held & (x | sh))
			return 0;	/* waits for itself: a deadlock the search shows */
		return go(P, A_MAKE(0, held | x, a & ~0xfffffu), s->next, s);
	case PRIM_LOCK_SHARED:
		if (held & sh)
			return failp(P, s, "%s can take %s shared a second time: the model does not "
				     "count a thread's read locks", s->name, lock_name(P, s->arg));
		if (held & x)
			return 0;
		return go(P, A_MAKE(0, held | sh, a & ~0xfffffu), s->next, s);
	case PRIM_UNLOCK:
	case PRIM_UNLOCK_SHARED: {
		unsigned bit = s->prim == PRIM_UNLOCK ? x : sh;

		if (!(held & bit))
			return failp(P, s, "%s can run without %s held %s", s->name,
				     lock_name(P, s->arg), s->prim == PRIM_UNLOCK ?
				     "exclusive" : "shared");
		/* The page lock of a found hole page stays noted (TF_PAGE),
		 * but once it is released another thread may delete the page. */
		b = a & ~0xfffffu;
		if (s->arg == LOCK_PAGE)
			b &= ~A_CACHED;
		return go(P, A_MAKE(0, held & ~bit, b), s->next, s);
	}
	case PRIM_GET_BLOCK:
	case PRIM_GET_BLOCK_CREATE:
	case PRIM_ALLOC:
		if (a & A_LOOSE)
			return failp(P, s, "%s can run while the block allocated before it is out "
				     "of the block map (it would leak)", s->name);
		b = looked_up(a);
		if (s->prim == PRIM_GET_BLOCK) {
			/* A hole, a written block, or (written lookups) an unwritten one. */
			if (go(P, b, s->next, s) || go(P, b | A_BLK, s->next, s))
				return -1;
			return s->arg == GB_UNWRITTEN ? 0 : go(P, b | A_BLK | A_UNW, s->next, s);
		}
		if (s->prim == PRIM_ALLOC)
			return go(P, (b | A_BLK | A_NEW | A_LOOSE | (a & A_UNW)), s->next, s);
		/* Mapped already (written, or unwritten: BH_New too), or new. */
		if (go(P, b | A_BLK, s->next, s) || go(P, b | A_BLK | A_UNW | A_NEW, s->next, s))
			return -1;
		return go(P, b | A_BLK | A_NEW | (s->arg == GB_UNWRITTEN ? A_UNW : 0), s->next, s);
	case PRIM_ZERO_WORD:
		/* `if zeroing` (validate_table) means it has a block. */
		return go(P, a | A_ZEROED, s->next, s);
	case PRIM_MAP_BLOCK:
		if (!(a & A_BLK))
			return failp(P, s, "%s can run with no block to map", s->name);
		b = (a & ~A_LOOSE & ~A_ZEROED) & ~(s->arg == MAP_CLEAR_NEW ? A_NEW : 0u);
		return go(P, b, s->next, s);
	case PRIM_INSERT_PFN:
		if (!(a & A_BLK))
			return failp(P, s, "%s can run with no block to install", s->name);
		return go(P, a, s->next, s);
	case PRIM_FIND_PAGE:
		if (go(P, a, s->next, s))
			return -1;
		if (held & LOCK_EXCL_BIT(LOCK_PAGE))
			return 0;	/* a cached page: waits for itself */
		return go(P, A_MAKE(0, held | LOCK_EXCL_BIT(LOCK_PAGE),
				    (a & ~0xfffffu) | A_PAGE | A_CACHED), s->next, s);
	case PRIM_DROP_HOLE:
		/* unmap_mapping_range takes its lock only if a hole page is
		 * cached; if it is one this thread has locked, it certainly is. */
		if (s->arg != LOCK_NONE && (held & (x | sh)) && (a & A_CACHED))
			return 0;	/* waits for itself */
		return go(P, a & ~A_CACHED, s->next, s);
	case PRIM_UNMAP:
		if (s->arg != LOCK_NONE && (held & (x | sh)))
			return 0;	/* takes inside a lock it holds: waits for itself */
		return go(P, a, s->next, s);
	default:
		/* convert, load_hole, free_block: nothing of the
		 * thread's own changes (a lock taken inside is released inside). */
		return go(P, a, s->next, s);
	}
}

/* Every path of handler h for access acc; marks the steps run in ran[]. */
static int check_paths(struct paths *P, int h, enum access acc, uint8_t *ran)
{
	P->h = h;
	P->t = h ? P->st->punch : P->st->fault;
	P->n = h ? P->st->npunch : P->st->nfault;
	P->acc = acc;
	P->nqueue = 0;
	memset(P->slot, 0, sizeof(P->slot));
	memset(P->ran, 0, sizeof(P->ran));
	if (go(P, 0, 0, &P->t[0]))
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

int strategy_paths(const struct strategy *st, unsigned char fault_ran[256],
		   unsigned char punch_ran[256], char *err, size_t errlen)
{
	struct paths *P = &work;

	memset(fault_ran, 0, 256);
	memset(punch_ran, 0, 256);
	P->st = st;
	P->err = err;
	P->errlen = errlen;
	if (check_paths(P, 0, ACC_STORE, fault_ran) || check_paths(P, 0, ACC_LOAD, fault_ran) ||
	    check_paths(P, 1, ACC_PUNCH, punch_ran))
		return -1;
	return 0;
}

int strategy_validate(const struct strategy *st, char *err, size_t errlen)
{
	unsigned char fault_ran[256], punch_ran[256];

	if (validate_table(st, 0, st->fault, st->nfault, err, errlen) ||
	    validate_table(st, 1, st->punch, st->npunch, err, errlen))
		return -1;
	return strategy_paths(st, fault_ran, punch_ran, err, errlen);
}
