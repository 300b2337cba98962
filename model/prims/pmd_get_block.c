/*
 * pmd_get_block.c - the PMD fault before the DAX entry locks: fs/dax.c's
 * __dax_pmd_fault of v4.3-v4.7.  get_block for PMD_SIZE (get_block_pmd),
 * the clear_pmem of the 2 MiB after it returned (zero_pmd), v4.4's
 * vmf_insert_pfn_pmd, which installs nothing over a present slot
 * (insert_pmd_none), and the shoot-down of the 4 KiB pages over the range
 * (unmap_huge: unmap_mapping_range, and from de14b9cb5e02
 * truncate_inode_pages_range); and v4.7's fallback while FS_DAX_PMD
 * depends on BROKEN (pmd_off).
 *
 * Nothing in DAX serialises these faults: get_block runs before
 * i_mmap_lock_read, which is shared, so two faults on one huge page run
 * through it together.  A get_block that hands the caller a new extent
 * BH_New leaves the zeroing to that caller, after the other fault may
 * have been given the same extent not new, mapped it and stored to it:
 * Wilcox's race of 2015, 2 MiB at a time.
 *
 * Only a strategy with a pmd_fault handler uses these; their futures are
 * prim_pmd_future's (never walked: such a search runs with sleep sets).
 * Each writes its step in Promela beside its run(), as pmd.c's do, so
 * that make crosscheck compares these schemes with SPIN too.
 */
#include "prims.h"

static int in_huge(const struct model *m, int q)
{
	return (prim_huge_mask(m) >> q) & 1;
}

/* ---- get_block_pmd: get_block(inode, block, &bh, write), b_size PMD_SIZE ---- */

/* The blocks the step allocates: the huge page's, for a write fault on a
 * hole (create = write). */
static int to_allocate(const struct model *m, const struct state *s, int tid)
{
	return prim_is_write(m, s, tid) && prim_huge_extent(m, s) == 0 ? m->sc->huge_pages : 0;
}

static int gb_enabled(const struct model *m, const struct state *s, int tid,
		      const struct step *st)
{
	(void)st;
	return prim_free_blocks(s) >= to_allocate(m, s, tid);
}

static int gb_waits_for(const struct model *m, const struct state *s, int tid,
			const struct step *st)
{
	return gb_enabled(m, s, tid, st) ? LOCK_NONE : LOCK_POOL;
}

static void gb_run(const struct model *m, struct state *s, int tid, int page,
		   const struct step *st, struct effect *e)
{
	struct thread_state *t = &s->t[tid];
	int n = to_allocate(m, s, tid), head = m->sc->huge_first;

	(void)page;
	e->kind = EFF_GET_BLOCK_PMD;
	t->flags &= (uint8_t)~(TF_BUSY | TF_NEW | TF_UNWRITTEN);
	t->zpos = 0;
	t->blk = NO_BLOCK;
	if (prim_huge_extent(m, s) < 0) {
		/* bh.b_size < PMD_SIZE, "allocated block too small": fall back */
		t->flags |= TF_BUSY;
		e->old = 1;
		e->block = NO_BLOCK;
		return;
	}
	for (int q = head; n && q < head + m->sc->huge_pages; q++) {
		int b = prim_alloc_block(s);

		/* MAP_CLEAR_NEW: zeroed inside, under the fs's lock; else the
		 * block keeps its old owner's data for the caller to clear */
		for (int w = 0; st->arg == MAP_CLEAR_NEW && w < m->sc->words; w++)
			s->data[b][w] = VAL_ZERO;
		s->map[q] = (uint8_t)b;
	}
	if (n && st->arg == MAP_KEEP_NEW)
		t->flags |= TF_NEW;
	t->blk = s->map[head];
	e->flag = n > 0;
	e->value = (t->flags & TF_NEW) != 0;
	e->block = t->blk;
}

static void gb_footprint(const struct model *m, const struct state *s, int tid,
			 const struct step *st, int page, int effect, struct footprint *fp)
{
	int n = to_allocate(m, s, tid);

	(void)page;
	(void)effect;
	footprint_set(fp->read, FP_MISC, FP_MAP(m->sc->huge_first));	/* the block it returns */
	for (int q = 0; q < MAX_PAGES; q++)
		if (in_huge(m, q)) {
			footprint_set(fp->read, FP_MISC, FP_MAP(q));
			if (n)
				footprint_set(fp->write, FP_MISC, FP_MAP(q));
		}
	prim_huge_alloc_footprint(m, s, n, st->arg == MAP_CLEAR_NEW, fp);
}

/* A write gets a block (new if it allocated and the fs leaves the zeroing
 * to the caller); a read a block or a hole; either may meet a short
 * extent (busy, no block). */
static int gb_paths(struct paths *P, const struct step *s, uint32_t a)
{
	uint32_t b = paths_looked_up(a) & ~A_BUSY;
	int write = P->acc == ACC_STORE || P->acc == ACC_WRITE;

	if (a & A_LOOSE)
		return paths_fail(P, s, "%s can run while the block allocated before it is out "
				  "of the block map (it would leak)", s->name);
	if (paths_go(P, b | A_BLK, s->next, s) || paths_go(P, b | A_BUSY, s->next, s))
		return -1;
	if (write && s->arg == MAP_KEEP_NEW && paths_go(P, b | A_BLK | A_NEW, s->next, s))
		return -1;
	return write ? 0 : paths_go(P, b, s->next, s);
}

/* The blocks the step allocates, to_allocate() as an expression on the
 * thread's operation (a guard runs before pg is set). */
#define TO_ALLOCATE	"(IS_WRITE -> (HUGE_HOLES == HUGE_PAGES -> HUGE_PAGES : 0) : 0)"

static void gb_promela_enabled(struct emitter *E, const struct step *st)
{
	(void)st;
	fputs("NFREE >= " TO_ALLOCATE, E->f);
}

/* gb_run in Promela, p the blocks to allocate: busy on a short extent,
 * else each page's block of the huge page allocated (zeroed inside for
 * clear_new; BH_New, its old contents kept, for keep_new). */
static void gb_promela(struct emitter *E, int in, const struct step *st)
{
	const struct scenario *sc = E->m->sc;

	emit(E, in, "p = " TO_ALLOCATE ";");
	emit(E, in, "flags[_pid] = flags[_pid] & %u;",
	     0xffu & ~(unsigned)(TF_BUSY | TF_NEW | TF_UNWRITTEN));
	emit(E, in, "zpos[_pid] = 0; blk[_pid] = NOB;");
	emit(E, in, "if");
	emit(E, in, ":: HUGE_HOLES != 0 && HUGE_HOLES != HUGE_PAGES ->\t/* too small: fall back */");
	emit(E, in + 1, "flags[_pid] = flags[_pid] | TF_BUSY");
	emit(E, in, ":: else ->");
	emit(E, in + 1, "if");
	for (int i = 0; i < in + 1; i++)
		putc('\t', E->f);
	fputs(":: p != 0 ->", E->f);
	for (int q = sc->huge_first; q < sc->huge_first + sc->huge_pages; q++)
		fprintf(E->f, st->arg == MAP_CLEAR_NEW ? " ALLOC_ZEROED(%d);" : " ALLOC_BLOCK; map[%d] = b;",
			q);
	fputs(st->arg == MAP_KEEP_NEW ? " flags[_pid] = flags[_pid] | TF_NEW\n" : " skip\n", E->f);
	emit(E, in + 1, ":: else -> skip");
	emit(E, in + 1, "fi;");
	emit(E, in + 1, "blk[_pid] = map[HUGE_FIRST]");
	emit(E, in, "fi;");
}

const struct prim_ops prim_get_block_pmd_ops = {
	.name = "get_block_pmd", .arg = PRIM_ARG_NEW,
	.what = "get_block for the huge page (PMD_SIZE): look up; a write fault on a hole "
		"allocates it, zeroed and not new (arg clear_new) or unzeroed and BH_New "
		"(keep_new); busy on a short extent",
	.brief = "look up, or allocate the 2 MiB",
	.flags = PRIM_OPENS_WINDOW, .lock = LOCK_NONE,
	.enabled = gb_enabled, .waits_for = gb_waits_for,
	.run = gb_run, .footprint = gb_footprint,
	.future = prim_pmd_future, .heals_nothing = prim_may_heal,
	.paths = gb_paths,
	.promela_enabled = gb_promela_enabled, .promela_body = gb_promela,
};

/* ---- zero_pmd: clear_pmem(kaddr, PMD_SIZE) ---- */

/*
 * One step for the whole huge page.  A store or load that another thread
 * makes in the middle of the clearing meets, word by word, either the old
 * value or zero, exactly as it does before or after this step, so a
 * word-by-word loop would find nothing more.
 */
static void zero_pmd_run(const struct model *m, struct state *s, int tid, int page,
			 const struct step *st, struct effect *e)
{
	(void)page;
	(void)st;
	assert(s->t[tid].blk != NO_BLOCK);
	e->kind = EFF_ZERO_PMD;
	e->block = s->t[tid].blk;
	for (int q = 0; q < MAX_PAGES; q++) {
		int b = s->map[q];

		if (!in_huge(m, q))
			continue;
		assert(b != NO_BLOCK);
		for (int w = 0; w < m->sc->words; w++) {
			uint8_t v = s->data[b][w];

			e->old |= v != VAL_ZERO && v != VAL_STALE;	/* a user's value wiped */
			s->data[b][w] = VAL_ZERO;
		}
	}
}

static void zero_pmd_footprint(const struct model *m, const struct state *s, int tid,
			       const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)tid;
	(void)st;
	(void)page;
	(void)effect;
	for (int q = 0; q < MAX_PAGES; q++) {
		if (!in_huge(m, q))
			continue;
		footprint_set(fp->read, FP_MISC, FP_MAP(q));
		for (int w = 0; s->map[q] != NO_BLOCK && w < m->sc->words; w++)
			footprint_block(fp, s->map[q], w, 1);
	}
}

static int zero_pmd_paths(struct paths *P, const struct step *s, uint32_t a)
{
	if (!(a & A_BLK))
		return paths_fail(P, s, "%s can run with no block to clear", s->name);
	return paths_go(P, a | A_ZEROED, s->next, s);
}

/* zero_pmd_run in Promela: every word of each page's block zeroed, in
 * data[] (the CPU's view, cached stores, as zero_word's): the media, for
 * a crash, only by a write-back and a fence after it. */
static void zero_pmd_promela(struct emitter *E, int in, const struct step *st)
{
	const struct scenario *sc = E->m->sc;

	(void)st;
	emit(E, in, "assert(blk[_pid] != NOB);");
	for (int q = sc->huge_first; q < sc->huge_first + sc->huge_pages; q++) {
		emit(E, in, "assert(map[%d] != NOB);", q);
		emit(E, in, "w = 0;");
		emit(E, in, "do :: w < NWORDS -> data[map[%d] * NWORDS + w] = %d; w++ :: else -> break od;",
		     q, VAL_ZERO);
	}
}

const struct prim_ops prim_zero_pmd_ops = {
	.name = "zero_pmd", .arg = PRIM_ARG_NONE,
	.what = "zero every word of the huge page's blocks (clear_pmem of PMD_SIZE)",
	.brief = "zero the 2 MiB",
	.flags = 0, .lock = LOCK_NONE,
	.run = zero_pmd_run, .footprint = zero_pmd_footprint,
	.future = prim_pmd_future, .heals_nothing = prim_may_heal,
	.paths = zero_pmd_paths, .promela_body = zero_pmd_promela,
};

/* ---- insert_pmd_none: vmf_insert_pfn_pmd of v4.2-v4.4 ---- */

/*
 * insert_pfn_pmd() of v4.2-v4.4 sets the PMD under pmd_lock only "if
 * (pmd_none(*pmd))"; over a PTE table or another PMD it does nothing and
 * the fault returns VM_FAULT_NOPAGE (the access is retried).  The fsync
 * series for v4.5 (9973c98ecfda, whose posting,
 * 1447459610-14259-9-git-send-email-ross.zwisler@linux.intel.com, drops
 * the test) made it set the PMD whatever the slot holds: insert_pmd.
 * No 2 MiB radix-tree entry either: v4.4 had none.
 */
static void insert_none_run(const struct model *m, struct state *s, int tid, int page,
			    const struct step *st, struct effect *e)
{
	(void)page;
	(void)st;
	assert(s->t[tid].blk != NO_BLOCK);
	e->kind = EFF_INSERT_PMD;
	e->block = s->t[tid].blk;
	e->old = PRIM_SLOT(m, s, tid);
	if (PRIM_SLOT(m, s, tid)) {
		e->flag = 1;	/* not pmd_none: left as it is */
		return;
	}
	PRIM_SLOT(m, s, tid) = SLOT_LEAF;
	for (int q = 0; q < MAX_PAGES; q++)
		if (in_huge(m, q))
			PRIM_PTE(m, s, tid)[q] = s->map[q];
}

static void insert_none_footprint(const struct model *m, const struct state *s, int tid,
				  const struct step *st, int page, int effect,
				  struct footprint *fp)
{
	(void)st;
	(void)page;
	(void)effect;
	footprint_set(fp->read, FP_HUGE, FP_SLOT);
	if (PRIM_SLOT(m, s, tid))
		return;
	footprint_set(fp->write, FP_HUGE, FP_SLOT);
	for (int q = 0; q < MAX_PAGES; q++)
		if (in_huge(m, q)) {
			footprint_set(fp->read, FP_MISC, FP_MAP(q));
			footprint_set(fp->write, FP_MISC, FP_PTE(q));
		}
}

static int insert_none_paths(struct paths *P, const struct step *s, uint32_t a)
{
	if (!(a & A_BLK))
		return paths_fail(P, s, "%s can run with no block to install", s->name);
	return paths_go(P, a, s->next, s);
}

/* insert_none_run in Promela: the PMD set only over pmd_none. */
static void insert_none_promela(struct emitter *E, int in, const struct step *st)
{
	(void)st;
	emit(E, in, "assert(blk[_pid] != NOB);");
	emit(E, in, "if");
	emit(E, in, ":: SLOT != 0 -> skip\t/* not pmd_none: left as it is */");
	emit(E, in, ":: else -> SLOT = SLOT_LEAF; MAP_HUGE");
	emit(E, in, "fi;");
}

const struct prim_ops prim_insert_pmd_none_ops = {
	.name = "insert_pmd_none", .arg = PRIM_ARG_NONE,
	.what = "vmf_insert_pfn_pmd before v4.5: set the PMD only if pmd_none, else nothing",
	.brief = "install the PMD if none",
	.flags = PRIM_CLOSES_WINDOW, .lock = LOCK_NONE,
	.run = insert_none_run, .footprint = insert_none_footprint,
	.future = prim_pmd_future, .heals_nothing = prim_may_heal,
	.paths = insert_none_paths, .promela_body = insert_none_promela,
};

/* ---- unmap_huge: unmap_mapping_range + truncate_inode_pages_range of the 2 MiB ---- */

/* The thread other than tid that holds the page lock of a hole page
 * cached over the huge page, or -1. */
static int page_lock_holder(const struct model *m, const struct state *s, int tid)
{
	for (int i = 0; i < m->sc->nthreads; i++) {
		int p = exec_op_page(m, s, i);

		if (i != tid && p >= 0 && in_huge(m, p) && (s->cache >> p & 1) &&
		    (s->t[i].held & LOCK_EXCL_BIT(LOCK_PAGE)))
			return i;
	}
	return -1;
}

static int unmap_huge_enabled(const struct model *m, const struct state *s, int tid,
			      const struct step *st)
{
	return page_lock_holder(m, s, tid) < 0 && prim_can_take(m, s, tid, st->arg);
}

static int unmap_huge_waits_for(const struct model *m, const struct state *s, int tid,
				const struct step *st)
{
	return page_lock_holder(m, s, tid) >= 0 ? LOCK_PAGE : st->arg;
}

static void unmap_huge_run(const struct model *m, struct state *s, int tid, int page,
			   const struct step *st, struct effect *e)
{
	(void)tid;
	(void)page;
	(void)st;
	e->kind = EFF_UNMAP_HUGE;
	e->old = prim_slots(m, s);
	e->flag = (uint8_t)(s->cache & prim_huge_mask(m));	/* hole pages dropped */
	for (int mm = 0; mm < m->sc->nmm; mm++)	/* the PMD and PTEs, in every process */
		e->value |= (uint8_t)prim_zap_leaf(m, s, mm);
	s->cache &= (uint8_t)~prim_huge_mask(m);
}

static void unmap_huge_footprint(const struct model *m, const struct state *s, int tid,
				 const struct step *st, int page, int effect,
				 struct footprint *fp)
{
	(void)tid;
	(void)page;
	(void)effect;
	footprint_set(fp->read, FP_HUGE, FP_SLOT);
	if (prim_slots(m, s) & (SLOT_LEAF | SLOT_HZP))
		footprint_set(fp->write, FP_HUGE, FP_SLOT);
	for (int q = 0; q < MAX_PAGES; q++) {
		if (!in_huge(m, q))
			continue;
		footprint_set(fp->read, FP_MISC, FP_CACHE(q));
		footprint_set(fp->read, FP_MISC, FP_PTE(q));
		if (s->cache >> q & 1) {
			footprint_set(fp->write, FP_MISC, FP_CACHE(q));
			footprint_holders(fp, LOCK_PAGE, q);
		}
		if (prim_pte_anywhere(m, s, q, 0))
			footprint_set(fp->write, FP_MISC, FP_PTE(q));
	}
	for (int q = 0; q < MAX_PAGES; q++)
		if (in_huge(m, q))
			footprint_holders(fp, st->arg, q);
}

/* Taking inside a lock it holds: it waits for itself. */
static int unmap_huge_paths(struct paths *P, const struct step *s, uint32_t a)
{
	int lock = s->arg >= 0 && s->arg < NR_LOCKS;
	unsigned mine = lock ? LOCK_EXCL_BIT(s->arg) | LOCK_SHARED_BIT(s->arg) : 0;

	if (s->arg != LOCK_NONE && (A_HELD(a) & mine))
		return 0;
	return paths_go(P, a, s->next, s);
}

/* unmap_huge_enabled in Promela: no other thread holds the page lock of
 * a hole page cached over the huge page (page_lock_holder, unrolled), and
 * its lock can be taken. */
static void unmap_huge_promela_enabled(struct emitter *E, const struct step *st)
{
	fputs("(!(false", E->f);
	for (int i = 0; i < E->m->sc->nthreads; i++)
		fprintf(E->f, " || (_pid != %d && (held[%d] & %u) != 0 && IN_HUGE(OPPG(%d)) && "
			"((cache >> OPPG(%d)) & 1) == 1)", i, i, LOCK_EXCL_BIT(LOCK_PAGE), i, i);
	fputs(") && ", E->f);
	emit_can_take(E, st->arg);
	fputs(")", E->f);
}

/* unmap_huge_run in Promela: every PTE and the PMD over the huge page
 * zapped (ZAP_HUGE), its hole pages dropped. */
static void unmap_huge_promela(struct emitter *E, int in, const struct step *st)
{
	(void)st;
	emit(E, in, "ZAP_HUGE;");
	emit(E, in, "cache = cache & (255 - HUGE_MASK);");
}

const struct prim_ops prim_unmap_huge_ops = {
	.name = "unmap_huge", .arg = PRIM_ARG_LOCK_OR_NONE,
	.what = "zap every PTE and the PMD over the huge page, drop its hole pages "
		"(unmap_mapping_range, truncate_inode_pages_range of the 2 MiB)",
	.brief = "zap the 2 MiB and its hole pages",
	.flags = 0, .lock = PRIM_LOCK_IS_ARG,
	.enabled = unmap_huge_enabled, .waits_for = unmap_huge_waits_for,
	.run = unmap_huge_run, .footprint = unmap_huge_footprint,
	.future = prim_pmd_future, .heals_nothing = prim_may_heal,
	.paths = unmap_huge_paths,
	.promela_enabled = unmap_huge_promela_enabled, .promela_body = unmap_huge_promela,
};

/* ---- pmd_off: if (!IS_ENABLED(CONFIG_FS_DAX_PMD)) return VM_FAULT_FALLBACK ---- */

/*
 * v4.7's __dax_pmd_fault begins "if (!IS_ENABLED(CONFIG_FS_DAX_PMD))
 * return VM_FAULT_FALLBACK;", and 348e967ab07c made FS_DAX_PMD depend on
 * BROKEN: every PMD fault falls back to 4 KiB faults.  The step marks its
 * thread busy and touches nothing shared.  Its paths go on busy and clear
 * alike, an over-approximation: the PMD code it guards stays on a path,
 * so that a twin that drops the step (FS_DAX_PMD enabled) is derivable,
 * and a strategy file says with `unreached` lines that no scenario runs
 * that code.
 */
static void pmd_off_run(const struct model *m, struct state *s, int tid, int page,
			const struct step *st, struct effect *e)
{
	(void)m;
	(void)page;
	(void)st;
	e->kind = EFF_PMD_OFF;
	s->t[tid].flags |= TF_BUSY;
}

static void pmd_off_footprint(const struct model *m, const struct state *s, int tid,
			      const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)m;
	(void)s;
	(void)tid;
	(void)st;
	(void)page;
	(void)effect;
	(void)fp;	/* its thread's flags only */
}

static void pmd_off_promela(struct emitter *E, int in, const struct step *st)
{
	(void)st;
	emit(E, in, "flags[_pid] = flags[_pid] | TF_BUSY;");
}

static int pmd_off_paths(struct paths *P, const struct step *s, uint32_t a)
{
	if (paths_go(P, a | A_BUSY, s->next, s))
		return -1;
	return paths_go(P, a & ~A_BUSY, s->next, s);
}

const struct prim_ops prim_pmd_off_ops = {
	.name = "pmd_off", .arg = PRIM_ARG_NONE,
	.what = "CONFIG_FS_DAX_PMD off (v4.7, depends on BROKEN): the PMD fault returns "
		"VM_FAULT_FALLBACK at once (busy)",
	.brief = "fall back: no DAX PMD",
	.flags = 0, .lock = LOCK_NONE,
	.run = pmd_off_run, .footprint = pmd_off_footprint,
	.future = prim_pmd_future, .heals_nothing = NULL,
	.paths = pmd_off_paths, .promela_body = pmd_off_promela,
};
