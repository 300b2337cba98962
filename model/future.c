/*
 * future.c - the abstract run of a thread's remaining program and handler
 * tables that over-approximates what it may still touch (future.h).
 *
 * A thread's abstract configuration is its position (operation, handler
 * step or user space) and its handler locals, the block being a set: bit b
 * for block b, FE_HOLE for none.  Configurations with the same position,
 * flags and zeroing position are merged by joining their block sets, so
 * the walk is a small data-flow fixed point over the handler graph.  Each
 * handler step is its primitive's future() (model/prims/, future_walk.h),
 * which mirrors its enabled(), run() and footprint(), reading the shared
 * objects from the environment's value sets instead of the state: where a
 * value decides what a step does, every value the set allows is followed.
 *
 * Nothing here may under-approximate: a future footprint that leaves out
 * an object some real path touches makes the reduction unsound.  The unit
 * test tests/unit/test_ample.c enumerates, from every reachable state of
 * the small models, every path of the other threads and checks each step
 * taken against these sets.
 */
#include <string.h>

#include "future.h"
#include "future_walk.h"
#include "prim.h"



/* ---- environments --------------------------------------------------------- */

static uint16_t block_bit(uint8_t b, uint16_t none)
{
	return b == NO_BLOCK ? none : (uint16_t)(1u << b);
}

void future_env_init(const struct model *m, const struct state *s, struct future_env *env)
{
	memset(env, 0, sizeof(*env));
	for (int p = 0; p < m->sc->pages; p++) {
		env->map[p] = block_bit(s->map[p], FE_HOLE);
		/* one set for every process's PTE of the page: a thread sees
		 * its own process's, which is in it */
		for (int mm = 0; mm < m->sc->nmm; mm++) {
			uint8_t v = s->pte[mm][p];

			env->pte[p] |= v == PTE_NONE ? FE_NONE : v == PTE_HOLE ? FE_HPAGE :
				       (uint16_t)(1u << v);
		}
		env->cache[p] = (s->cache >> p) & 1 ? FE_1 : FE_0;
		env->unwritten[p] = (s->unwritten >> p) & 1 ? FE_1 : FE_0;
	}
	env->alloc = (uint8_t)~s->allocated;
}

static void env_join(struct future_env *a, const struct future_env *b)
{
	for (int p = 0; p < MAX_PAGES; p++) {
		a->map[p] |= b->map[p];
		a->pte[p] |= b->pte[p];
		a->cache[p] |= b->cache[p];
		a->unwritten[p] |= b->unwritten[p];
	}
	a->alloc |= b->alloc;
}

/* ---- the walk --------------------------------------------------------------- */

static const struct op *op_at(const struct future_walk *w, int ip)
{
	return &w->m->sc->prog[w->tid].ops[ip];
}

static const struct step *handler(const struct future_walk *w, int ip, int *n)
{
	const struct handler *h = &w->m->st->h[exec_op_handler(op_at(w, ip))];

	*n = h->n;
	return h->steps;
}

/* Note configuration (ip, pc, flags, zpos) with blocks blk as reachable. */
static void reach(struct future_walk *w, int ip, int pc, uint16_t blk, int flags, int zpos)
{
	uint32_t key = ((uint32_t)ip << 24 | (uint32_t)pc << 16 | (uint32_t)flags << 8 |
			(uint32_t)zpos) + 1;
	uint32_t i = (key * 2654435761u) >> 23;		/* 9 bits: CFG_SLOTS */

	if (!blk)
		return;
	for (int probes = 0; probes < CFG_SLOTS; probes++, i = (i + 1) % CFG_SLOTS) {
		if (w->key[i] == 0) {
			if (++w->used > CFG_SLOTS * 3 / 4) {
				w->overflow = 1;
				return;
			}
			w->key[i] = key;
		} else if (w->key[i] != key) {
			continue;
		}
		if ((w->blk[i] | blk) == w->blk[i])
			return;
		w->blk[i] |= blk;
		if (!w->queued[i]) {
			w->queued[i] = 1;
			w->stack[w->sp++] = (uint16_t)i;
		}
		return;
	}
	w->overflow = 1;
}

/* Returns the subset of blk for which every condition of `when` holds;
 * the rest of blk skips the step.  The conditions other than HOLE and
 * MAPPED are on the op and on locals the configuration knows exactly. */
static uint16_t when_holds(const struct future_walk *w, const struct op *op, unsigned when,
			   uint16_t blk, int flags, int zpos)
{
	int dirty = flags & (TF_NEW | TF_UNWRITTEN);
	uint16_t allowed = FE_BLOCKS | BLK_NONE;

	if (!when)
		return blk;	/* most steps: no condition (exec.c's when_holds) */
	if (((when & WHEN_NEW) && !(flags & TF_NEW)) ||
	    ((when & WHEN_UNWRITTEN) && !(flags & TF_UNWRITTEN)) ||
	    ((when & WHEN_ZEROING) && (!dirty || zpos >= w->m->sc->words)) ||
	    ((when & WHEN_WRITE) && op->kind != OP_STORE && op->kind != OP_WRITE) ||
	    ((when & WHEN_READ) && (op->kind == OP_STORE || op->kind == OP_WRITE)) ||
	    ((when & WHEN_PAGE) && !(flags & TF_PAGE)) ||
	    ((when & WHEN_NOPAGE) && (flags & TF_PAGE)) ||
	    ((when & WHEN_DSYNC) && !(flags & TF_DSYNC)) ||
	    ((when & WHEN_NODSYNC) && (flags & TF_DSYNC)))
		return 0;
	if (when & WHEN_HOLE)
		allowed &= BLK_NONE;
	if (when & WHEN_MAPPED)
		allowed &= FE_BLOCKS;
	return blk & allowed;
}

/* goto_step() of model/exec.c for a block set: go to handler step pc of
 * operation ip, skipping steps whose conditions fail and passing over
 * durability steps a search without crashes does not take, and back to
 * user space at STEP_RETURN. */
void future_go(struct future_walk *w, int ip, int pc, uint16_t blk, int flags, int zpos)
{
	int n, hops = 0;
	const struct op *op = op_at(w, ip);
	const struct step *steps = handler(w, ip, &n);

	flags &= TF_LOCALS;
	if (n == 0)
		pc = STEP_RETURN;
	while (blk && pc != STEP_RETURN && hops++ <= n) {
		uint16_t t = when_holds(w, op, steps[pc].when, blk, flags, zpos);

		if (t == blk && !exec_step_live(w->m, &steps[pc])) {
			/* The whole set passes over it: the call below, made
			 * here as the tail call it is. */
			pc = steps[pc].next;
			hops = 0;
			continue;
		}
		if (t && !exec_step_live(w->m, &steps[pc]))
			future_go(w, ip, steps[pc].next, t, flags, zpos);
		else
			reach(w, ip, pc, t, flags, zpos);
		blk &= (uint16_t)~t;
		pc = steps[pc].skip;
	}
	if (blk && pc == STEP_RETURN)
		reach(w, exec_op_handler(op) != H_FAULT ? ip + 1 : ip, PC_USER, BLK_NONE, 0, 0);
}

void future_rd(struct future_walk *w, int word, int bit)
{
	footprint_set(w->out->fp.read, word, bit);
}

int future_test_break;

void future_wr(struct future_walk *w, int word, int bit)
{
	if (future_test_break == FUTURE_BREAK_DATA && word == FP_DATA)
		return;
	footprint_set(w->out->fp.write, word, bit);
}

/* Returns 1 if the frozen threads hold lock l's instance for page p, in
 * any mode (excl 0) or exclusive (excl 1). */
int future_frozen_holds(const struct future_walk *w, int l, int p, int excl)
{
	int word, bit;
	uint64_t held;

	if (l == LOCK_NONE)
		return 0;
	footprint_lock_bit(l, p, &word, &bit);
	held = word == FP_MISC ? w->fz->misc : w->fz->plock;
	return (held >> bit) & (excl ? 2 : 3) ? 1 : 0;
}

/* The test hook: the allocation lock, forgotten. */
int future_forgotten(int l)
{
	return future_test_break == FUTURE_BREAK_ILOCK && l == LOCK_ILOCK;
}

void future_lock_excl(struct future_walk *w, int l, int p)
{
	int word, bit;

	footprint_lock_bit(l, p, &word, &bit);
	future_rd(w, word, bit);
	future_wr(w, word, bit + 1);
}

void future_lock_shared(struct future_walk *w, int l, int p)
{
	int word, bit;

	footprint_lock_bit(l, p, &word, &bit);
	footprint_set(w->out->fp.count, word, bit);
	future_rd(w, word, bit + 1);
}

void future_lock_holders(struct future_walk *w, int l, int p)
{
	int word, bit;

	if (l == LOCK_NONE)
		return;
	footprint_lock_bit(l, p, &word, &bit);
	future_rd(w, word, bit);
	future_rd(w, word, bit + 1);
}

void future_pool_all(struct future_walk *w)
{
	for (int b = 0; b < MAX_BLOCKS; b++)
		future_rd(w, FP_MISC, FP_POOL(b));
}

/* A user access of the operation at ip: it lands through a PTE to a
 * block or the hole page, or it faults. */
static void user(struct future_walk *w, int ip)
{
	const struct op *op = op_at(w, ip);
	int p = op->page, fault = 0;
	uint16_t pv = w->env->pte[p], blocks = pv & FE_BLOCKS;

	if (op->kind == OP_PUNCH || op->kind == OP_FSYNC || op->kind == OP_WRITE ||
	    op->kind == OP_INVALIDATE) {
		future_go(w, ip, 0, BLK_NONE, 0, 0);
		return;
	}
	future_rd(w, FP_MISC, FP_PTE(p));
	if (op->kind == OP_PERSIST) {
		/* It never faults; without crashes it writes nothing.  With
		 * them (whose search takes no persistent sets) it writes the
		 * block back and fences, as a durability step may. */
		for (int b = 0; b < MAX_BLOCKS; b++) {
			if (blocks >> b & 1)
				future_rd(w, FP_MISC, FP_POOL(b));
			if (!w->m->sc->crash)
				continue;
			for (int x = 0; x < MAX_WORDS; x++)
				future_rd(w, FP_DATA, 8 * b + x);
			future_wr(w, FP_DUR, FP_MEDIA(b));
			future_wr(w, FP_DUR, FP_FLIGHT(b));
		}
		reach(w, ip + 1, PC_USER, BLK_NONE, 0, 0);
		return;
	}
	for (int b = 0; b < MAX_BLOCKS; b++) {
		if (!(blocks >> b & 1))
			continue;
		future_rd(w, FP_MISC, FP_POOL(b));
		if (op->kind == OP_STORE)
			future_wr(w, FP_DATA, 8 * b + op->word);
		else
			future_rd(w, FP_DATA, 8 * b + op->word);
	}
	if (blocks && op->kind == OP_STORE)
		future_wr(w, FP_SHADOW, 8 * p + op->word);
	if (blocks || (op->kind == OP_LOAD && (pv & FE_HPAGE)))
		reach(w, ip + 1, PC_USER, BLK_NONE, 0, 0);
	if (pv & FE_NONE)
		fault = 1;
	if (op->kind == OP_STORE && (pv & FE_HPAGE))
		fault = 1;
	if (fault)
		future_go(w, ip, 0, BLK_NONE, 0, 0);
}

/* Handler step pc of operation ip with locals (blk, flags, zpos): its
 * primitive's future (model/prims/). */
static void step(struct future_walk *w, int ip, int pc, uint16_t blk, int flags, int zpos)
{
	int n;
	const struct step *st = &handler(w, ip, &n)[pc];
	const struct future_at at = { ip, op_at(w, ip)->page, st, blk, flags, zpos };

	prim_ops[st->prim]->future(w, &at);
}

static int walk(struct future_walk *w, const struct state *s)
{
	const struct thread_state *t = &s->t[w->tid];
	int nops = w->m->sc->prog[w->tid].nops;

	memset(w->key, 0, sizeof(w->key));
	memset(w->blk, 0, sizeof(w->blk));
	memset(w->queued, 0, sizeof(w->queued));
	w->sp = w->used = w->overflow = 0;
	if (t->ip >= nops)
		return 0;
	if (t->pc == PC_USER)
		reach(w, t->ip, PC_USER, BLK_NONE, 0, 0);
	else
		reach(w, t->ip, t->pc, block_bit(t->blk, BLK_NONE), t->flags & TF_LOCALS, t->zpos);
	while (w->sp > 0 && !w->overflow) {
		int i = w->stack[--w->sp];
		uint32_t key = w->key[i] - 1;
		int ip = key >> 24, pc = (key >> 16) & 0xff;

		w->queued[i] = 0;
		if (ip >= nops)
			continue;
		if (pc == PC_USER)
			user(w, ip);
		else
			step(w, ip, pc, w->blk[i], (key >> 8) & 0xff, key & 0xff);
	}
	return w->overflow ? -1 : 0;
}

/* ---- the memo --------------------------------------------------------------- */

/*
 * A walk's answer depends on the thread (its program), its position and
 * locals, the environment and the frozen locks.  The last two, a context,
 * are interned once per fixpoint round (ctx_intern), so that a memo key is
 * two words.  When the context table fills up, both tables start afresh.
 * The tables are as large as the memory given allows, up to MEMO_MAX
 * entries: their size changes the speed, never an answer.
 */
#define MEMO_MAX	16384	/* entries, direct-mapped; contexts are a quarter */
#define MEMO_MIN	256

struct context {
	struct future_env env;
	struct future_frozen fz;
};

struct memo_entry {
	uint64_t k1, k2;	/* 0, 0: empty */
	struct footprint fp;
	struct future_env w;
	int rc;
};

struct future_memo {
	struct future_memo_work work;	/* first: future_memo_states() */
	uint32_t nentries, nctx_max;	/* powers of two */
	uint32_t used, misses;		/* entries in use (a power of two), and
					 * misses since it last grew */
	uint32_t nctx;
	struct context *ctx;		/* nctx_max of them */
	uint32_t *ctx_slot;		/* 2 nctx_max: hash slot -> context index + 1 */
	struct memo_entry *e;		/* nentries */
	struct future_walk w;
};

/* The entries a memo of at most `bytes` bytes holds. */
static uint32_t memo_entries(size_t bytes)
{
	uint32_t n = MEMO_MAX;

	while (n > MEMO_MIN && sizeof(struct future_memo) + (size_t)n * sizeof(struct memo_entry) +
	       (size_t)(n / 4) * (sizeof(struct context) + 2 * sizeof(uint32_t)) > bytes)
		n /= 2;
	return n;
}

size_t future_memo_bytes(size_t most)
{
	uint32_t n = memo_entries(most);

	return sizeof(struct future_memo) + (size_t)n * sizeof(struct memo_entry) +
	       (size_t)(n / 4) * (sizeof(struct context) + 2 * sizeof(uint32_t));
}

void future_memo_init(struct future_memo *fm, size_t bytes)
{
	uint32_t n = memo_entries(bytes);
	unsigned char *p = (unsigned char *)(fm + 1);

	fm->nentries = n;
	fm->used = MEMO_MIN;
	fm->nctx_max = n / 4;
	fm->e = (struct memo_entry *)p;
	p += (size_t)n * sizeof(struct memo_entry);
	fm->ctx = (struct context *)p;
	p += (size_t)fm->nctx_max * sizeof(struct context);
	fm->ctx_slot = (uint32_t *)p;
}

void future_memo_work_init(struct future_memo_work *w, const struct scenario *sc)
{
	state_init(&w->states.cur, sc);
	w->states.step = w->states.cur;
	for (int t = 0; t < MAX_THREADS; t++)
		w->states.next[t] = w->states.cur;
	w->initial = 1;
}

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h;
}

static uint64_t ctx_hash(const struct context *c)
{
	const unsigned char *p = (const unsigned char *)c;
	uint64_t h = 0x9e3779b97f4a7c15ull;

	for (size_t i = 0; i + 8 <= sizeof(*c); i += 8) {
		uint64_t x;

		memcpy(&x, p + i, 8);
		h = mix(h ^ x);
	}
	return h;
}

_Static_assert(sizeof(struct context) % 8 == 0, "contexts are hashed 8 bytes at a time");

/* The index of context c, interning it. */
static uint32_t ctx_intern(struct future_memo *fm, const struct context *c)
{
	uint64_t h = ctx_hash(c);

	uint32_t slots = 2 * fm->nctx_max;

	if (fm->nctx >= fm->nctx_max) {
		memset(fm->ctx_slot, 0, slots * sizeof(*fm->ctx_slot));
		memset(fm->e, 0, fm->used * sizeof(*fm->e));
		fm->nctx = 0;
	}
	for (uint32_t i = (uint32_t)(h & (slots - 1));; i = (i + 1) & (slots - 1)) {
		uint32_t x = fm->ctx_slot[i];

		if (x == 0) {
			fm->ctx[fm->nctx] = *c;
			fm->ctx_slot[i] = ++fm->nctx;
			return fm->nctx - 1;
		}
		if (memcmp(&fm->ctx[x - 1], c, sizeof(*c)) == 0)
			return x - 1;
	}
}

/*
 * The future of thread tid of s in context ctx (index ci in fm, or fm
 * NULL: no caching): its footprint into *fp, its writes joined into *w.
 * Returns 0, or -1 if it could not be enumerated.
 */
static int thread_future(struct future_memo *fm, uint32_t ci, const struct model *m,
			 const struct state *s, int tid, const struct context *ctx,
			 struct footprint *fp, struct future_env *w)
{
	const struct thread_state *t = &s->t[tid];
	int user = t->pc == PC_USER;
	uint64_t k1 = (uint64_t)ci << 32 | (uint64_t)tid << 24 | (uint64_t)t->ip << 16 |
		      (uint64_t)t->pc << 8 | (user ? NO_BLOCK : t->blk);
	uint64_t k2 = 1u << 16 | (user ? 0 : (t->flags & TF_LOCALS) << 8 | t->zpos);
	struct memo_entry *e = NULL;
	struct future_walk local, *wk = fm ? &fm->w : &local;
	struct future out;
	int rc;

	if (fm) {
		e = &fm->e[mix(k1 ^ mix(k2)) & (fm->used - 1)];
		if (e->k1 == k1 && e->k2 == k2) {
			*fp = e->fp;
			env_join(w, &e->w);
			return e->rc;
		}
		/* Use more of the table only once the part in use thrashes:
		 * a small search then touches (and the system zero-fills)
		 * few of its pages. */
		if (++fm->misses > 4 * fm->used && fm->used < fm->nentries) {
			fm->used *= 2;
			fm->misses = 0;
		}
	}
	memset(&out, 0, sizeof(out));
	wk->m = m;
	wk->tid = tid;
	wk->env = &ctx->env;
	wk->fz = &ctx->fz;
	wk->out = &out;
	rc = walk(wk, s);
	if (e) {
		e->k1 = k1;
		e->k2 = k2;
		e->fp = out.fp;
		e->w = out.w;
		e->rc = rc;
	}
	*fp = out.fp;
	env_join(w, &out.w);
	return rc;
}

int future_fixpoint(struct future_memo *fm, const struct model *m, const struct state *s,
		    unsigned frozen, struct footprint fp[MAX_THREADS], struct future_env *env)
{
	struct future_env env0, next;
	struct context c;
	int n = m->sc->nthreads;

	memset(&c, 0, sizeof(c));
	for (int t = 0; t < n; t++) {
		if (!(frozen >> t & 1) || exec_done(m, s, t))
			continue;
		for (int l = 0; l < NR_LOCKS; l++) {
			unsigned held = s->t[t].held;
			int word, bit;
			uint64_t mode;

			mode = (held & LOCK_EXCL_BIT(l)) ? 2 : (held & LOCK_SHARED_BIT(l)) ? 1 : 0;
			if (!mode)
				continue;
			footprint_lock_bit(l, exec_op_page(m, s, t), &word, &bit);
			if (word == FP_MISC)
				c.fz.misc |= mode << bit;
			else
				c.fz.plock |= mode << bit;
		}
	}
	future_env_init(m, s, &env0);
	c.env = env0;
	/* Monotone on finite sets: at most one round per value that can be
	 * added, and in practice two or three. */
	for (int round = 0; round < 64; round++) {
		uint32_t ci = fm ? ctx_intern(fm, &c) : 0;

		next = env0;
		for (int t = 0; t < n; t++) {
			if ((frozen >> t & 1) || exec_done(m, s, t))
				continue;
			if (thread_future(fm, ci, m, s, t, &c, &fp[t], &next))
				return -1;
		}
		if (memcmp(&next, &c.env, sizeof(next)) == 0) {
			if (env)
				*env = next;
			return 0;
		}
		c.env = next;
	}
	return -1;
}
