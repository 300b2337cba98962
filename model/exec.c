/*
 * exec.c - the transition relation of the model: user accesses, faults,
 * hole punches and handler steps, one atomic step at a time.
 */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "exec.h"
#include "prim.h"

static const char *const lock_names[NR_LOCKS] = {
	[LOCK_ILOCK]	= "ILOCK",
	[LOCK_I_MMAP]	= "i_mmap_rwsem",
	[LOCK_MMAPLOCK]	= "MMAPLOCK",
	[LOCK_RANGE]	= "range lock",
	[LOCK_ENTRY]	= "DAX entry lock",
	[LOCK_PAGE]	= "page lock",
	[LOCK_JOURNAL]	= "jbd2 journal",
};

const char *exec_lock_name(const struct model *m, int lock)
{
	if (lock == LOCK_POOL)
		return "a free block";
	if (lock < 0 || lock >= NR_LOCKS)
		return "?";
	if (m && m->st->lock_names[lock])
		return m->st->lock_names[lock];
	return lock_names[lock];
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

const struct step *exec_handler(const struct model *m, const struct state *s, int tid,
				int *n)
{
	const struct handler *h = &m->st->h[exec_thread_handler(m, s, tid)];

	*n = h->n;
	return h->steps;
}


/* Returns 1 if every condition of `when` holds for thread tid, 0 otherwise. */
static int when_holds(const struct model *m, const struct state *s, int tid,
		      unsigned when)
{
	const struct thread_state *t = &s->t[tid];
	int write, dirty = t->flags & (TF_NEW | TF_UNWRITTEN);

	/* Most steps have no condition, and every step a goto_step passes
	 * asks: answer them before reading the thread's operation. */
	if (!when)
		return 1;
	write = cur_op(m, s, tid)->kind == OP_STORE || cur_op(m, s, tid)->kind == OP_WRITE;
	if ((when & WHEN_HOLE) && t->blk != NO_BLOCK)
		return 0;
	if ((when & WHEN_MAPPED) && t->blk == NO_BLOCK)
		return 0;
	if ((when & WHEN_NEW) && !(t->flags & TF_NEW))
		return 0;
	if ((when & WHEN_UNWRITTEN) && !(t->flags & TF_UNWRITTEN))
		return 0;
	if ((when & WHEN_ZEROING) && (!dirty || t->zpos >= m->sc->words))
		return 0;
	if ((when & WHEN_WRITE) && !write)
		return 0;
	if ((when & WHEN_READ) && write)
		return 0;
	if ((when & WHEN_PAGE) && !(t->flags & TF_PAGE))
		return 0;
	if ((when & WHEN_NOPAGE) && (t->flags & TF_PAGE))
		return 0;
	if ((when & WHEN_DSYNC) && !(t->flags & TF_DSYNC))
		return 0;
	if ((when & WHEN_NODSYNC) && (t->flags & TF_DSYNC))
		return 0;
	if ((when & WHEN_BUSY) && !(t->flags & TF_BUSY))
		return 0;
	if ((when & WHEN_CLEAR) && (t->flags & TF_BUSY))
		return 0;
	return 1;
}

/*
 * Move thread tid, in handler h (exec_thread_handler's, which the caller
 * knows already: every step asks), to step pc, skipping steps whose
 * conditions do not hold, and leave the handler if it ends: a fault
 * returns to retry its access, a punch, fsync or write is done.  Skips are
 * not transitions: they only decide which step the thread will take next.
 * A durability step of a search without crashes is passed over the same
 * way, as if it ran and did nothing (exec_step_live).  A PMD fault that
 * falls back (STEP_FALLBACK) goes on, in the same transition, at the fault
 * handler's first step, its locals reset (VM_FAULT_FALLBACK:
 * __handle_mm_fault calls handle_pte_fault).  Returns 0 if the thread is
 * still in the handler, else RET_RETRY or RET_DONE.
 */
static int goto_step(const struct model *m, struct state *s, int tid, enum handler_kind h,
		     int pc)
{
	struct thread_state *t = &s->t[tid];
	int n, done = !exec_is_fault_handler(h);
	const struct step *steps;

again:
	if (pc == STEP_FALLBACK) {
		assert(h == H_PMD);
		assert(t->held == 0 && "PMD fault fell back holding a lock");
		t->blk = NO_BLOCK;
		t->flags = TF_FALLBACK;
		t->zpos = 0;
		pc = 0;
		h = H_FAULT;
	}
	steps = m->st->h[h].steps;
	n = m->st->h[h].n;

	if (n == 0) {
		/* no fsync path: fsync returns at once (strategy_runs() refuses
		 * a write without a write path) */
		assert(h == H_FSYNC);
		pc = STEP_RETURN;
	}

	while (pc != STEP_RETURN && pc != STEP_FALLBACK) {
		if (!when_holds(m, s, tid, steps[pc].when))
			pc = steps[pc].skip;
		else if (!exec_step_live(m, &steps[pc]))
			pc = steps[pc].next;
		else
			break;
	}
	if (pc == STEP_FALLBACK)
		goto again;
	if (pc == STEP_RETURN) {
		assert(t->held == 0 && "handler returned holding a lock");
		t->pc = PC_USER;
		t->blk = NO_BLOCK;
		t->flags = 0;
		t->zpos = 0;
		if (done)
			t->ip++;
		return done ? RET_DONE : RET_RETRY;
	}
	t->pc = (uint8_t)pc;
	return 0;
}

/* A thread that has run all its accesses is in user space (goto_step and
 * user_op leave it there), so that its pc alone says whether it is in a
 * handler: exec_next_step and exec_pc, which every enabled test and step
 * ask, need not ask exec_done too. */
const struct step *exec_next_step(const struct model *m, const struct state *s, int tid)
{
	int n;

	if (s->t[tid].pc == PC_USER)
		return NULL;
	return &exec_handler(m, s, tid, &n)[s->t[tid].pc];
}

int exec_pc(const struct model *m, const struct state *s, int tid, enum handler_kind *h)
{
	if (s->t[tid].pc == PC_USER)
		return -1;
	*h = exec_thread_handler(m, s, tid);
	return s->t[tid].pc;
}

int exec_enabled(const struct model *m, const struct state *s, int tid)
{
	const struct step *st;

	if (exec_done(m, s, tid))
		return 0;
	st = exec_next_step(m, s, tid);
	return !st || prim_enabled(m, s, tid, st);
}

int exec_blocked_on(const struct model *m, const struct state *s, int tid)
{
	const struct step *st = exec_next_step(m, s, tid);

	if (!st || prim_enabled(m, s, tid, st))
		return -1;
	return prim_waits_for(m, s, tid, st);
}

int exec_lock_holder(const struct model *m, const struct state *s, int tid, int lock)
{
	int range;

	if (lock == LOCK_POOL)
		return -1;	/* every block allocated: no one holds it */
	if (lock == LOCK_ENTRY && exec_next_step(m, s, tid) &&
	    exec_next_step(m, s, tid)->prim == PRIM_GRAB_SIZED)
		return prim_entry_holder(m, s, tid);	/* perhaps the 2 MiB entry's lock */
	if (lock == LOCK_ENTRY && (range = prim_wait_entry_holder(m, s, tid)) >= 0)
		return range;		/* write(2)'s wait on the 2 MiB entry's lock */
	/* The writer first: it is who a waiting reader waits for. */
	for (int mode = 1; mode >= 0; mode--) {
		unsigned bit = mode ? LOCK_EXCL_BIT(lock) : LOCK_SHARED_BIT(lock);

		for (int i = 0; i < m->sc->nthreads; i++) {
			if (i == tid || exec_done(m, s, i) || !(s->t[i].held & bit))
				continue;
			if (LOCK_IS_PER_PAGE(lock) &&
			    cur_op(m, s, i)->page != cur_op(m, s, tid)->page)
				continue;
			return i;
		}
	}
	return tid;	/* it waits for a lock it holds itself */
}

/* A user access lands if the PTE allows it, else it faults; a punch
 * enters the punch handler, an fsync the fsync handler, a write(2) the
 * write handler.  A persist never faults: through a PTE to a block it
 * writes the block back and fences (crash scenarios; without crashes it
 * passes, as the durability steps do). */
static void user_op(const struct model *m, struct state *s, int tid, struct effect *e)
{
	const struct op *op = cur_op(m, s, tid);
	struct thread_state *t = &s->t[tid];
	uint8_t pte = PRIM_PTE(m, s, tid)[op->page];

	e->page = op->page;
	e->word = op->word;
	e->block = pte;
	if (op->kind == OP_FSYNC) {
		e->kind = EFF_FSYNC;
		e->block = 0;	/* of the whole file: it reads no PTE */
		e->returned = (uint8_t)goto_step(m, s, tid, exec_op_handler(op), 0);
	} else if (op->kind == OP_WRITE) {
		e->kind = EFF_WRITE;
		e->value = op->value;
		e->block = 0;	/* a system call: it reads no PTE */
		e->returned = (uint8_t)goto_step(m, s, tid, exec_op_handler(op), 0);
	} else if (op->kind == OP_PERSIST) {
		e->kind = EFF_PERSIST;
		if (m->sc->crash && prim_pte_is_block(pte))
			e->flag = (uint8_t)prim_persist(m, s, tid, pte);
		t->ip++;
	} else if (op->kind == OP_INVALIDATE) {
		e->kind = EFF_INVALIDATE;
		e->block = 0;	/* a system call: it reads no PTE */
		e->returned = (uint8_t)goto_step(m, s, tid, exec_op_handler(op), 0);
	} else if (op->kind == OP_PUNCH) {
		e->kind = EFF_PUNCH;
		e->returned = (uint8_t)goto_step(m, s, tid, exec_op_handler(op), 0);
	} else if (op->kind == OP_STORE && pte != PTE_NONE && pte != PTE_HOLE) {
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
		e->old = op->pmd;	/* a PMD fault first */
		e->returned = (uint8_t)goto_step(m, s, tid, exec_op_handler(op), 0);
	}
}

void exec_step(const struct model *m, struct state *s, int tid, struct effect *e)
{
	struct thread_state *t = &s->t[tid];
	const struct step *st;
	enum handler_kind h;

	assert(!exec_done(m, s, tid));
	memset(e, 0, sizeof(*e));
	e->tid = (uint8_t)tid;
	if (t->pc == PC_USER) {
		user_op(m, s, tid, e);
		return;
	}
	/* The handler, asked once: exec_next_step()'s step, and goto_step's. */
	h = exec_thread_handler(m, s, tid);
	st = &m->st->h[h].steps[t->pc];
	assert(prim_enabled(m, s, tid, st));
	prim_run(m, s, tid, cur_op(m, s, tid)->page, st, e);
	/* The window the locking argument is about: from a fault's first
	 * get_block until it installs a PTE (or tries to: vm_insert_mixed,
	 * dax_load_hole) or returns. */
	if (exec_is_fault_handler(h) && (prim_ops[st->prim]->flags & PRIM_OPENS_WINDOW))
		t->flags |= TF_INSIDE;
	if (prim_ops[st->prim]->flags & PRIM_CLOSES_WINDOW)
		t->flags &= (uint8_t)~TF_INSIDE;
	/* A thread that went to sleep stays at its step, to run it again
	 * when woken (model/prims/waitq.c). */
	if (e->kind == EFF_SLEEP)
		return;
	e->returned = (uint8_t)goto_step(m, s, tid, h, st->next);
}

const char *exec_step_name(const struct model *m, const struct state *s, int tid,
			   char *buf, size_t len)
{
	const struct step *st = exec_next_step(m, s, tid);

	if (exec_done(m, s, tid))
		snprintf(buf, len, "(done)");
	else if (!st && cur_op(m, s, tid)->kind == OP_PUNCH)
		snprintf(buf, len, "fallocate(PUNCH_HOLE) %u", cur_op(m, s, tid)->page);
	else if (!st && cur_op(m, s, tid)->kind == OP_INVALIDATE)
		snprintf(buf, len, "invalidate_inode_pages2(%u)", cur_op(m, s, tid)->page);
	else if (!st && cur_op(m, s, tid)->kind == OP_FSYNC)
		snprintf(buf, len, "fsync()");
	else if (!st && cur_op(m, s, tid)->kind == OP_WRITE)
		snprintf(buf, len, "write(%u:%u=%u)", cur_op(m, s, tid)->page,
			 cur_op(m, s, tid)->word, cur_op(m, s, tid)->value);
	else if (!st)
		scenario_describe_op(cur_op(m, s, tid), buf, len);
	else
		snprintf(buf, len, "%s", st->name);
	return buf;
}

int exec_inside(const struct model *m, const struct state *s, int tid)
{
	return !exec_done(m, s, tid) && (s->t[tid].flags & TF_INSIDE);
}

int exec_op_page(const struct model *m, const struct state *s, int tid)
{
	return exec_done(m, s, tid) ? -1 : cur_op(m, s, tid)->page;
}
