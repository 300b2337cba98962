/*
 * twins.c - the mutation operators, and the known-bad twins they derive
 * from the real strategies (see twins.h).
 *
 * A handler table is a graph: each step goes to `next`, or to `skip` when
 * its `when` does not hold.  The operators edit that graph, not the array:
 * a step is removed by sending every edge into it where it would have sent
 * the thread, and placed by splicing it into an edge.  The result is laid
 * out again with the entry step first and the others in their old order,
 * and every `next` and `skip` renumbered.
 *
 * The twins, per strategy, in the kinds of the issue that asked for them:
 * a lock removed, zeroing moved after the unlock, BH_New returned, the PTE
 * inserted before the block is zeroed, the punch lock dropped; and, for a
 * deadlock and a stale mapping, the punch's lock order inverted and mm's
 * pte_same check dropped from dax_load_hole.  A kind is left out where the
 * strategy survives it (said at its twins), and dax-generic has none: its
 * one safe scenario, different-pages, shares nothing a mutation could
 * break.  Removing the fault's i_mmap_lock_read from fs-zero-inside or
 * xfs-mmaplock breaks nothing either: no property depends on it.
 */
#include <stdio.h>
#include <string.h>

#include "exec.h"
#include "twins.h"

/* --- the operators ------------------------------------------------------ */

struct table {
	struct step s[TWIN_MAX_STEPS];
	unsigned char in[TWIN_MAX_STEPS];	/* 1: the step is in the handler */
	int n;					/* slots used */
	int entry;				/* where a thread enters */
	char *err;
	size_t errlen;
};

static int fail(struct table *T, const char *what, const char *name)
{
	snprintf(T->err, T->errlen, "%s '%s'", what, name);
	return -1;
}

/* The step called name; -1 (and a message) if none is, or several are. */
static int find(struct table *T, const char *name)
{
	int found = -1;

	if (!name)
		return fail(T, "operator names no step:", "(null)");
	for (int i = 0; i < T->n; i++) {
		if (!T->in[i] || strcmp(T->s[i].name, name) != 0)
			continue;
		if (found >= 0)
			return fail(T, "more than one step is called", name);
		found = i;
	}
	if (found < 0)
		return fail(T, "no step is called", name);
	return found;
}

/* Every edge into step `from` (but its own) now goes to `to`. */
static void redirect(struct table *T, int from, int to)
{
	for (int j = 0; j < T->n; j++) {
		if (!T->in[j] || j == from)
			continue;
		if (T->s[j].next == from)
			T->s[j].next = to;
		if (T->s[j].skip == from)
			T->s[j].skip = to;
	}
	if (T->entry == from)
		T->entry = to;
}

/* How many steps other than `except` have an edge into step x. */
static int edges_into(const struct table *T, int x, int except)
{
	int k = 0;

	for (int j = 0; j < T->n; j++)
		if (T->in[j] && j != except && (T->s[j].next == x || T->s[j].skip == x))
			k++;
	return k + (T->entry == x);
}

/*
 * Take step i out of the graph, keeping its own fields (a step moved is
 * put back by place()).  A thread that would have reached it goes where
 * it would have gone next: a loop's exit (its skip), the next step of an
 * unconditional step, and for a conditional step (next != skip) the next
 * step, which takes over the condition and the skip.  That is the kernel's
 * "if (cond) { this(); that(); }" losing this(): it needs `that` to be
 * unconditional and reached only from here.
 */
static int unlink_step(struct table *T, int i)
{
	struct step *s = &T->s[i];
	int target;

	if (s->next == i) {
		target = s->skip;
	} else if (s->when == 0 || s->next == s->skip) {
		target = s->next;
	} else {
		target = s->next;
		if (target == STEP_RETURN || T->s[target].when != 0 ||
		    edges_into(T, target, i) > 0)
			return fail(T, "cannot pass the condition of a removed step on from", s->name);
		T->s[target].when = s->when;
		T->s[target].skip = s->skip;
	}
	if (T->entry == i && target == STEP_RETURN)
		return fail(T, "removing it leaves the handler empty:", s->name);
	T->in[i] = 0;
	redirect(T, i, target);
	return 0;
}

/* Put detached step i back, going to x (a loop: repeating, then to x). */
static void place(struct table *T, int i, int x, int loop)
{
	T->in[i] = 1;
	T->s[i].next = loop ? i : x;
	T->s[i].skip = x;
}

/* Splice detached step i in front of step b. */
static void place_before(struct table *T, int i, int b, int loop)
{
	redirect(T, b, i);
	place(T, i, b, loop);
}

/* Splice detached step i onto the edge leaving step a. */
static void place_after(struct table *T, int i, int a, int loop)
{
	struct step *A = &T->s[a];
	int x;

	if (A->next == a) {		/* after a loop: on its exit */
		x = A->skip;
		A->skip = i;
	} else {
		x = A->next;
		if (A->skip == x)
			A->skip = i;
		A->next = i;
	}
	place(T, i, x, loop);
}

static int is_lock_step(const struct step *s, int lock)
{
	return (s->prim == PRIM_LOCK || s->prim == PRIM_UNLOCK ||
		s->prim == PRIM_LOCK_SHARED || s->prim == PRIM_UNLOCK_SHARED) && s->arg == lock;
}

static int apply(struct table *T, const struct twin_op *op)
{
	int i, a, loop, dropped = 0;

	switch (op->kind) {
	case TWIN_DROP_LOCK:
		for (i = 0; i < T->n; i++) {
			if (T->in[i] && is_lock_step(&T->s[i], op->arg)) {
				if (unlink_step(T, i))
					return -1;
				dropped++;
			}
		}
		if (!dropped)
			return fail(T, "no step takes or releases lock", exec_lock_name(NULL, op->arg));
		return 0;
	case TWIN_MOVE_AFTER:
	case TWIN_MOVE_BEFORE:
		if ((i = find(T, op->step)) < 0 || (a = find(T, op->anchor)) < 0)
			return -1;
		if (i == a)
			return fail(T, "a step cannot move next to itself:", op->step);
		loop = T->s[i].next == i;
		if (unlink_step(T, i))
			return -1;
		if (op->kind == TWIN_MOVE_AFTER)
			place_after(T, i, a, loop);
		else
			place_before(T, i, a, loop);
		return 0;
	case TWIN_SET_ARG:
		if ((i = find(T, op->step)) < 0)
			return -1;
		if (T->s[i].arg == op->arg)
			return fail(T, "the argument is already that of", op->step);
		T->s[i].arg = op->arg;
		return 0;
	case TWIN_INSERT_BEFORE:
		if ((a = find(T, op->anchor)) < 0)
			return -1;
		if (T->n == TWIN_MAX_STEPS)
			return fail(T, "too many steps to insert", op->insert.name);
		i = T->n++;
		T->s[i] = op->insert;
		place_before(T, i, a, op->loop);
		return 0;
	case TWIN_END:
		break;
	}
	return fail(T, "unknown operator on", op->step ? op->step : "?");
}

int twin_mutate(const struct step *in, int n, enum twin_handler h, const struct twin_op *ops,
		struct step *out, int *nout, char *err, size_t errlen)
{
	struct table T;
	int map[TWIN_MAX_STEPS], m = 0;

	memset(&T, 0, sizeof(T));
	T.err = err;
	T.errlen = errlen;
	if (n < 1 || n > TWIN_MAX_STEPS)
		return fail(&T, "handler too long or empty:", in && n > 0 ? in[0].name : "?");
	for (int i = 0; i < n; i++) {
		T.s[i] = in[i];
		T.in[i] = 1;
	}
	T.n = n;
	T.entry = 0;
	for (int k = 0; k < TWIN_MAX_OPS && ops[k].kind != TWIN_END; k++)
		if (ops[k].handler == h && apply(&T, &ops[k]))
			return -1;

	/* Lay the graph out again: the entry first, then the others. */
	map[T.entry] = m++;
	for (int i = 0; i < T.n; i++)
		if (T.in[i] && i != T.entry)
			map[i] = m++;
	for (int i = 0; i < T.n; i++) {
		struct step *s = &T.s[i];

		if (!T.in[i])
			continue;
		if ((s->next != STEP_RETURN && !T.in[s->next]) ||
		    (s->skip != STEP_RETURN && !T.in[s->skip]))
			return fail(&T, "internal error: an edge into a removed step from", s->name);
		out[map[i]] = *s;
		out[map[i]].next = s->next == STEP_RETURN ? STEP_RETURN : map[s->next];
		out[map[i]].skip = s->skip == STEP_RETURN ? STEP_RETURN : map[s->skip];
	}
	*nout = m;
	return 0;
}

/* --- the twins ---------------------------------------------------------- */

struct twin_def {
	const char *strategy;		/* the real strategy's name */
	const char *suffix;		/* the mutation's short name */
	const char *mutation;		/* what it does, in kernel vocabulary */
	const char *scenario;
	const char *property;
	struct twin_op ops[TWIN_MAX_OPS];
};

#define DROP(h, lock)		{ TWIN_DROP_LOCK, h, NULL, NULL, lock, { 0 }, 0 }
#define MOVE_AFTER(s, a)	{ TWIN_MOVE_AFTER, TWIN_FAULT, s, a, 0, { 0 }, 0 }
#define PUNCH_MOVE_AFTER(s, a)	{ TWIN_MOVE_AFTER, TWIN_PUNCH, s, a, 0, { 0 }, 0 }
#define SET_ARG(s, v)		{ TWIN_SET_ARG, TWIN_FAULT, s, NULL, v, { 0 }, 0 }

/* The generic zeroing of v4.2-v4.6's dax_insert_mapping, which the
 * fs-zeroing strategies leave out because a buffer they return is never
 * BH_New. */
#define GENERIC_CLEAR_PMEM(before) \
	{ TWIN_INSERT_BEFORE, TWIN_FAULT, NULL, before, 0, \
	  { "clear_pmem", PRIM_ZERO_WORD, 0, WHEN_ZEROING, 0, 0 }, 1 }

/* The twins of the strategies that zero inside get_block (fs-zero-inside,
 * xfs-mmaplock, entry-lock) share their step names. */
#define ADD_EXTENT	"xfs_bmap_add_extent_hole_real"
#define FS_ZERO		"xfs_zero_extent"
#define IUNLOCK		"xfs_iunlock(ILOCK_EXCL)"
#define PUNCH_ILOCK	"xfs_ilock(ILOCK_EXCL)"
#define PUNCH_MMAPLOCK	"xfs_ilock(MMAPLOCK_EXCL)"

static const struct twin_def defs[] = {
	/* xfs-unwritten is safe against punch only by MMAPLOCK. */
	{ "xfs-unwritten", "punch-no-mmaplock",
	  "xfs_free_file_space without XFS_MMAPLOCK_EXCL: punch is not excluded from faults",
	  "scenarios/punch-race.dax", "use-after-free",
	  { DROP(TWIN_PUNCH, LOCK_MMAPLOCK) } },

	/* i-mmap-write and range-lock pass the seed race by their lock alone. */
	{ "i-mmap-write", "no-i-mmap-lock",
	  "__dax_fault without i_mmap_lock_write: clear_pmem races the other fault again",
	  "scenarios/seed-race.dax", "lost-store",
	  { DROP(TWIN_FAULT, LOCK_I_MMAP) } },
	{ "i-mmap-write", "pte-before-zero",
	  "clear_pmem after vm_insert_mixed: a store through the PTE takes no i_mmap_rwsem",
	  "scenarios/three-threads.dax", "lost-store",
	  { MOVE_AFTER("clear_pmem", "vm_insert_mixed") } },
	{ "range-lock", "no-range-lock",
	  "__dax_fault without range_lock(pgoff): v4.2's race, unlocked",
	  "scenarios/same-word.dax", "lost-store",
	  { DROP(TWIN_FAULT, LOCK_RANGE) } },

	/* Chinner's fix, each way of getting it wrong. */
	{ "fs-zero-inside", "no-ilock",
	  "get_block allocates, zeroes and maps without xfs_ilock(ILOCK_EXCL)",
	  "scenarios/seed-race.dax", "lost-store",
	  { DROP(TWIN_FAULT, LOCK_ILOCK) } },
	{ "fs-zero-inside", "zero-after-iunlock",
	  "extent added BH_New, xfs_zero_extent after xfs_iunlock(ILOCK_EXCL)",
	  "scenarios/three-threads.dax", "lost-store",
	  { SET_ARG(ADD_EXTENT, MAP_KEEP_NEW), MOVE_AFTER(FS_ZERO, IUNLOCK) } },
	{ "fs-zero-inside", "bh-new",
	  "get_block returns the zeroed block BH_New: v4.5's clear_pmem zeroes it again",
	  "scenarios/same-word.dax", "lost-store",
	  { SET_ARG(ADD_EXTENT, MAP_KEEP_NEW), GENERIC_CLEAR_PMEM("vm_insert_mixed") } },
	{ "fs-zero-inside", "pte-before-zero",
	  "vm_insert_mixed before xfs_zero_extent: the block is mapped unzeroed",
	  "scenarios/store-vs-load.dax", "stale-read",
	  { SET_ARG(ADD_EXTENT, MAP_KEEP_NEW), MOVE_AFTER(FS_ZERO, "vm_insert_mixed") } },

	/* xfs-mmaplock: the same, and its MMAPLOCK against punch. */
	{ "xfs-mmaplock", "no-ilock",
	  "get_block allocates, zeroes and maps without xfs_ilock(ILOCK_EXCL)",
	  "scenarios/three-threads.dax", "lost-store",
	  { DROP(TWIN_FAULT, LOCK_ILOCK) } },
	{ "xfs-mmaplock", "zero-after-iunlock",
	  "extent added BH_New, xfs_zero_extent after xfs_iunlock(ILOCK_EXCL)",
	  "scenarios/seed-race.dax", "lost-store",
	  { SET_ARG(ADD_EXTENT, MAP_KEEP_NEW), MOVE_AFTER(FS_ZERO, IUNLOCK) } },
	{ "xfs-mmaplock", "bh-new",
	  "get_block returns the zeroed block BH_New: v4.5's clear_pmem zeroes it again",
	  "scenarios/seed-race.dax", "lost-store",
	  { SET_ARG(ADD_EXTENT, MAP_KEEP_NEW), GENERIC_CLEAR_PMEM("vm_insert_mixed") } },
	{ "xfs-mmaplock", "pte-before-zero",
	  "vm_insert_mixed before xfs_zero_extent: the block is mapped unzeroed",
	  "scenarios/hole-page.dax", "stale-read",
	  { SET_ARG(ADD_EXTENT, MAP_KEEP_NEW), MOVE_AFTER(FS_ZERO, "vm_insert_mixed") } },
	{ "xfs-mmaplock", "punch-no-mmaplock",
	  "xfs_free_file_space without XFS_MMAPLOCK_EXCL: punch is not excluded from faults",
	  "scenarios/punch-race.dax", "use-after-free",
	  { DROP(TWIN_PUNCH, LOCK_MMAPLOCK) } },
	{ "xfs-mmaplock", "fault-no-mmaplock",
	  "xfs_filemap_page_mkwrite without XFS_MMAPLOCK_SHARED: faults race punch",
	  "scenarios/punch-race.dax", "use-after-free",
	  { DROP(TWIN_FAULT, LOCK_MMAPLOCK) } },
	{ "xfs-mmaplock", "punch-lock-order",
	  "punch takes XFS_MMAPLOCK_EXCL inside ILOCK_EXCL: faults take MMAPLOCK first",
	  "scenarios/punch-race.dax", "deadlock",
	  { PUNCH_MOVE_AFTER(PUNCH_MMAPLOCK, PUNCH_ILOCK) } },
	{ "xfs-mmaplock", "no-pte-same",
	  "dax_load_hole maps the hole page without mm's pte_same check",
	  "scenarios/store-vs-load.dax", "stale-mapping",
	  { SET_ARG("dax_load_hole", HOLE_NO_PTE_SAME) } },

	/* ext2 is safe against truncate only by dax_sem. */
	{ "ext2-zero-and-new", "punch-no-dax-sem",
	  "ext2_setsize's truncate without down_write(dax_sem): not excluded from faults",
	  "scenarios/punch-race.dax", "use-after-free",
	  { DROP(TWIN_PUNCH, LOCK_MMAPLOCK) } },

	/*
	 * entry-lock: what its entry lock does not cover.  Faults on one page
	 * are serialised from before get_block until the PTE is in, so
	 * returning BH_New (with v4.5's clear_pmem), zeroing after
	 * xfs_iunlock, mm without pte_same, and removing ILOCK or the entry
	 * lock alone all pass every scenario: the entry lock and ILOCK each
	 * suffice against the fault-vs-fault race.  Removing both does not.
	 */
	{ "entry-lock", "no-locks",
	  "neither grab_mapping_entry nor xfs_ilock(ILOCK_EXCL): allocation is unserialised",
	  "scenarios/seed-race.dax", "lost-store",
	  { DROP(TWIN_FAULT, LOCK_ENTRY), DROP(TWIN_FAULT, LOCK_ILOCK) } },
	{ "entry-lock", "pte-before-zero",
	  "vm_insert_mixed before xfs_zero_extent: a store needs no fault, no entry lock",
	  "scenarios/seed-race.dax", "lost-store",
	  { SET_ARG(ADD_EXTENT, MAP_KEEP_NEW), MOVE_AFTER(FS_ZERO, "vm_insert_mixed") } },
	{ "entry-lock", "punch-no-mmaplock",
	  "xfs_free_file_space without XFS_MMAPLOCK_EXCL: punch is not excluded from faults",
	  "scenarios/punch-race.dax", "use-after-free",
	  { DROP(TWIN_PUNCH, LOCK_MMAPLOCK) } },
	{ "entry-lock", "fault-no-mmaplock",
	  "xfs_filemap_page_mkwrite without XFS_MMAPLOCK_SHARED: faults race punch",
	  "scenarios/punch-race.dax", "use-after-free",
	  { DROP(TWIN_FAULT, LOCK_MMAPLOCK) } },
	{ "entry-lock", "punch-lock-order",
	  "punch takes XFS_MMAPLOCK_EXCL inside ILOCK_EXCL: faults take MMAPLOCK first",
	  "scenarios/punch-race.dax", "deadlock",
	  { PUNCH_MOVE_AFTER(PUNCH_MMAPLOCK, PUNCH_ILOCK) } },
};

const int twin_count = ARRAY_SIZE(defs);

struct built {
	struct twin pub;
	struct strategy st;
	struct step fault[TWIN_MAX_STEPS];
	struct step punch[TWIN_MAX_STEPS];
	char name[64];
	char summary[160];
	char error[256];
};

static struct built built[ARRAY_SIZE(defs)];
static int built_done;

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

/* Derive twin i into built[i]; on failure, pub.st stays NULL. */
static void derive(int i)
{
	const struct twin_def *d = &defs[i];
	struct built *b = &built[i];
	const struct strategy *base = strategy_find(d->strategy);
	char err[200];
	int nf, np;

	snprintf(b->name, sizeof(b->name), "%s%c%s", d->strategy, TWIN_SEP, d->suffix);
	b->pub.name = b->name;
	b->pub.base = base;
	b->pub.mutation = d->mutation;
	b->pub.scenario = d->scenario;
	b->pub.property = d->property;
	if (!base) {
		snprintf(b->error, sizeof(b->error), "no strategy %s", d->strategy);
		goto fail;
	}
	if (twin_mutate(base->fault, base->nfault, TWIN_FAULT, d->ops, b->fault, &nf,
			err, sizeof(err))) {
		snprintf(b->error, sizeof(b->error), "fault handler: %s", err);
		goto fail;
	}
	if (twin_mutate(base->punch, base->npunch, TWIN_PUNCH, d->ops, b->punch, &np,
			err, sizeof(err))) {
		snprintf(b->error, sizeof(b->error), "punch handler: %s", err);
		goto fail;
	}
	if (same_table(b->fault, nf, base->fault, base->nfault) &&
	    same_table(b->punch, np, base->punch, base->npunch)) {
		snprintf(b->error, sizeof(b->error), "the mutation changes nothing");
		goto fail;
	}
	snprintf(b->summary, sizeof(b->summary), "known-bad twin of %s: %s",
		 d->strategy, d->mutation);
	b->st = *base;
	b->st.name = b->name;
	b->st.summary = b->summary;
	b->st.fault = b->fault;
	b->st.nfault = nf;
	b->st.punch = b->punch;
	b->st.npunch = np;
	if (strategy_validate(&b->st, err, sizeof(err))) {
		snprintf(b->error, sizeof(b->error), "%s", err);
		goto fail;
	}
	b->pub.st = &b->st;
	return;
fail:
	b->pub.error = b->error;
}

const struct twin *twin_get(int i)
{
	if (!built_done) {
		for (int k = 0; k < twin_count; k++)
			derive(k);
		built_done = 1;
	}
	return i >= 0 && i < twin_count ? &built[i].pub : NULL;
}

const struct twin *twin_find(const char *name)
{
	for (int i = 0; i < twin_count; i++)
		if (strcmp(twin_get(i)->name, name) == 0)
			return twin_get(i);
	return NULL;
}

const struct twin *twin_of(const struct strategy *st)
{
	for (int i = 0; i < twin_count; i++)
		if (twin_get(i)->st == st)
			return twin_get(i);
	return NULL;
}

const char *twin_expected(const struct twin *tw, const struct scenario *sc)
{
	const char *b = strrchr(tw->scenario, '/');
	size_t n;

	b = b ? b + 1 : tw->scenario;
	n = strlen(sc->name);
	if (!sc->path[0] || strncmp(b, sc->name, n) != 0 || strcmp(b + n, ".dax") != 0)
		return NULL;
	return tw->property;
}
