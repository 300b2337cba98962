/*
 * exec.c - the transition relation of the model: user accesses, faults and
 * handler steps, one atomic step at a time.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "exec.h"
#include "prim.h"

static const char *const lock_names[NR_LOCKS] = {
	[LOCK_ILOCK]	= "ILOCK",
	[LOCK_I_MMAP]	= "i_mmap_rwsem",
};

const char *exec_lock_name(int lock)
{
	return lock >= 0 && lock < NR_LOCKS ? lock_names[lock] : "?";
}

int exec_done(const struct model *m, const struct state *s, int tid)
{
	return s->t[tid].ip >= m->sc->prog[tid].nops;
}

int exec_all_done(const struct model *m, const struct state *s)
{
	for (int i = 0; i < m->sc->nthreads; i++)
		if (!exec_done(m, s, i))
			return 0;
	return 1;
}

static const struct op *cur_op(const struct model *m, const struct state *s, int tid)
{
	return &m->sc->prog[tid].ops[s->t[tid].ip];
}

/* Returns 1 if every condition of `when` holds for thread tid, 0 otherwise. */
static int when_holds(const struct model *m, const struct state *s, int tid,
		      unsigned when)
{
	const struct thread_state *t = &s->t[tid];
	int write = cur_op(m, s, tid)->kind == OP_STORE;

	if ((when & WHEN_HOLE) && t->blk != NO_BLOCK)
		return 0;
	if ((when & WHEN_MAPPED) && t->blk == NO_BLOCK)
		return 0;
	if ((when & WHEN_NEW) && !(t->flags & TF_NEW))
		return 0;
	if ((when & WHEN_ZEROING) && (!(t->flags & TF_NEW) || t->zpos >= m->sc->words))
		return 0;
	if ((when & WHEN_WRITE) && !write)
		return 0;
	if ((when & WHEN_READ) && write)
		return 0;
	return 1;
}

/*
 * Move thread tid to handler step pc, skipping steps whose conditions do
 * not hold, and return to user space if the handler ends.  Skips are not
 * transitions: they only decide which step the thread will take next.
 * Returns 1 if the thread left the handler.
 */
static int goto_step(const struct model *m, struct state *s, int tid, int pc)
{
	const struct step *steps = m->st->fault;
	struct thread_state *t = &s->t[tid];

	while (pc != STEP_RETURN && !when_holds(m, s, tid, steps[pc].when))
		pc = steps[pc].skip;
	if (pc == STEP_RETURN) {
		assert(t->held == 0 && "handler returned holding a lock");
		t->pc = PC_USER;
		t->blk = NO_BLOCK;
		t->flags = 0;
		t->zpos = 0;
		return 1;
	}
	t->pc = (uint8_t)pc;
	return 0;
}

int exec_enabled(const struct model *m, const struct state *s, int tid)
{
	const struct thread_state *t = &s->t[tid];

	if (exec_done(m, s, tid))
		return 0;
	if (t->pc == PC_USER)
		return 1;
	return prim_enabled(m, s, tid, &m->st->fault[t->pc]);
}

int exec_blocked_on(const struct model *m, const struct state *s, int tid)
{
	const struct thread_state *t = &s->t[tid];

	if (exec_done(m, s, tid) || t->pc == PC_USER)
		return -1;
	if (prim_enabled(m, s, tid, &m->st->fault[t->pc]))
		return -1;
	return m->st->fault[t->pc].arg;
}

int exec_lock_holder(const struct model *m, const struct state *s, int lock)
{
	for (int i = 0; i < m->sc->nthreads; i++)
		if (s->t[i].held & (LOCK_SHARED_BIT(lock) | LOCK_EXCL_BIT(lock)))
			return i;
	return -1;
}

/* A user access: it lands if the PTE allows it, else it faults. */
static void user_access(const struct model *m, struct state *s, int tid,
			struct effect *e)
{
	const struct op *op = cur_op(m, s, tid);
	struct thread_state *t = &s->t[tid];
	uint8_t pte = s->pte[op->page];

	e->page = op->page;
	e->word = op->word;
	e->block = pte;
	if (op->kind == OP_STORE && pte != PTE_NONE && pte != PTE_HOLE) {
		e->kind = EFF_STORE;
		e->value = op->value;
		e->old = s->data[pte][op->word];
		s->data[pte][op->word] = op->value;
		s->shadow[op->page][op->word] = op->value;
		t->ip++;
	} else if (op->kind == OP_LOAD && pte != PTE_NONE) {
		e->kind = EFF_LOAD;
		e->value = pte == PTE_HOLE ? VAL_ZERO : s->data[pte][op->word];
		t->ip++;
	} else {
		/* No PTE, or a store to the read-only hole page: a fault. */
		e->kind = EFF_FAULT;
		e->flag = op->kind == OP_STORE;
		t->blk = NO_BLOCK;
		t->flags = 0;
		t->zpos = 0;
		e->returned = (uint8_t)goto_step(m, s, tid, 0);
	}
}

void exec_step(const struct model *m, struct state *s, int tid, struct effect *e)
{
	struct thread_state *t = &s->t[tid];
	const struct step *st;

	assert(exec_enabled(m, s, tid));
	memset(e, 0, sizeof(*e));
	e->tid = (uint8_t)tid;
	if (t->pc == PC_USER) {
		user_access(m, s, tid, e);
		return;
	}
	st = &m->st->fault[t->pc];
	prim_run(m, s, tid, cur_op(m, s, tid)->page, st, e);
	e->returned = (uint8_t)goto_step(m, s, tid, st->next);
}

const char *exec_step_name(const struct model *m, const struct state *s, int tid,
			   char *buf, size_t len)
{
	const struct thread_state *t = &s->t[tid];

	if (exec_done(m, s, tid))
		snprintf(buf, len, "(done)");
	else if (t->pc == PC_USER)
		scenario_describe_op(cur_op(m, s, tid), buf, len);
	else
		snprintf(buf, len, "%s", m->st->fault[t->pc].name);
	return buf;
}
