/*
 * twins.c - the mutation operators, and the known-bad twins they derive
 * from the strategies' files (see twins.h).
 *
 * A handler table is a graph: each step goes to `next`, or to `skip` when
 * its `when` does not hold.  The operators edit that graph, not the array:
 * a step is removed by sending every edge into it where it would have sent
 * the thread, and placed by splicing it into an edge.  The result is laid
 * out again with the entry step first and the others in their old order,
 * and every `next` and `skip` renumbered.
 *
 * Which twins a strategy has, and why, its file says (`twin` blocks, and
 * `no-twin` where no mutation can break it): a lock removed, zeroing moved
 * after the unlock, BH_New returned, the PTE inserted before the block is
 * zeroed, the punch lock dropped; and, for a deadlock and a stale mapping,
 * the punch's lock order inverted and mm's pte_same check dropped from
 * dax_load_hole.
 */
#include <stdio.h>
#include <string.h>

#include "exec.h"
#include "prim.h"
#include "scenario.h"
#include "twins.h"

/* --- the operators ------------------------------------------------------ */

struct table {
	struct step s[TWIN_MAX_STEPS];
	unsigned char in[TWIN_MAX_STEPS];	/* 1: the step is in the handler */
	int n;					/* slots used */
	int n0;					/* steps of the strategy's table */
	int entry;				/* where a thread enters */
	char *err;
	size_t errlen;
};

static int fail(struct table *T, const char *what, const char *name)
{
	snprintf(T->err, T->errlen, "%s '%s'", what, name);
	return -1;
}

/* Step i of the strategy's table, if it is still in the handler; -1 (and
 * a message) if it is not. */
static int find(struct table *T, int i)
{
	char what[32];

	snprintf(what, sizeof(what), "%d", i);
	if (i < 0 || i >= T->n0)
		return fail(T, "the table has no step", what);
	if (!T->in[i])
		return fail(T, "an earlier operator removed step", T->s[i].name);
	return i;
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
		if (target == STEP_RETURN || target == STEP_FALLBACK || T->s[target].when != 0 ||
		    edges_into(T, target, i) > 0)
			return fail(T, "cannot pass the condition of a removed step on from", s->name);
		T->s[target].when = s->when;
		T->s[target].skip = s->skip;
	}
	if (T->entry == i && (target == STEP_RETURN || target == STEP_FALLBACK))
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
	return (prim_ops[s->prim]->flags & PRIM_LOCK_STEP) && s->arg == lock;
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
			return fail(T, "a step cannot move next to itself:", T->s[i].name);
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
			return fail(T, "the argument is already that of", T->s[i].name);
		T->s[i].arg = op->arg;
		return 0;
	case TWIN_DROP_STEP:
		if ((i = find(T, op->step)) < 0)
			return -1;
		return unlink_step(T, i);
	case TWIN_RENAME:
		if ((i = find(T, op->step)) < 0)
			return -1;
		if (strcmp(T->s[i].name, op->name) == 0)
			return fail(T, "the kernel name is already that of", T->s[i].name);
		T->s[i].name = op->name;
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
	return fail(T, "unknown operator", "?");
}

int twin_mutate(const struct step *in, int n, enum handler_kind h, const struct twin_op *ops,
		struct step *out, int *nout, char *err, size_t errlen)
{
	struct table T;
	int map[TWIN_MAX_STEPS], m = 0;

	memset(&T, 0, sizeof(T));
	T.err = err;
	T.errlen = errlen;
	if (n == 0 && strategy_handler_optional(h)) {	/* no such path: nothing to mutate */
		for (int k = 0; k < TWIN_MAX_OPS && ops[k].kind != TWIN_END; k++)
			if (ops[k].handler == h)
				return fail(&T, h == H_FSYNC ? "no fsync path to mutate:" :
					    "no write path to mutate:", strategy_handler_names[h]);
		*nout = 0;
		return 0;
	}
	if (n < 1 || n > TWIN_MAX_STEPS)
		return fail(&T, "handler too long or empty:", in && n > 0 ? in[0].name : "?");
	for (int i = 0; i < n; i++) {
		T.s[i] = in[i];
		T.in[i] = 1;
	}
	T.n = T.n0 = n;
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
		if ((s->next < STEP_FALLBACK && !T.in[s->next]) ||
		    (s->skip < STEP_FALLBACK && !T.in[s->skip]))
			return fail(&T, "internal error: an edge into a removed step from", s->name);
		out[map[i]] = *s;
		out[map[i]].next = s->next >= STEP_FALLBACK ? s->next : map[s->next];
		out[map[i]].skip = s->skip >= STEP_FALLBACK ? s->skip : map[s->skip];
	}
	*nout = m;
	return 0;
}
