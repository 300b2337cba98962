/*
 * pmd.c - the page-table side of faults of two sizes: mm's look at the
 * PMD slot (pmd_check), ->iomap_begin for a page or the huge page
 * (iomap_begin), dax_pmd_insert_mapping (insert_pmd) and
 * dax_pmd_load_hole (pmd_hole).  fs/dax.c at 642261ac995e and mm/memory.c
 * of v4.10-v4.12.
 *
 * The slot (struct state.slot, the faulting thread's process's) is not
 * the DAX entry: "there is isolation
 * between faults to the same range in the DAX fault handlers via our DAX
 * entry locking, [but] no isolation between faults in the code in
 * mm/memory.c" (Ross Zwisler, the colliding PMD & PTE entries fix,
 * e2093926a).  mm looks at the slot before the DAX handler runs, with no
 * lock, and vmf_insert_pfn_pmd() sets the PMD whatever the slot holds:
 * these are the two halves of that race.  A PTE installed while a leaf
 * is present (vm_insert_mixed, insert_pfn.c) goes into the page the leaf
 * maps, as if it were a table: the slot then holds both (pt-corruption).
 *
 * Only a strategy with a pmd_fault handler uses these; see pmd_entry.c
 * for why their futures are never walked.
 */
#include "prims.h"

/* ---- pmd_check: mm's look at the slot, outside any lock ---- */

/* Returns 1 if pmd_check(arg) of tid splits the huge zero page away. */
static int splits(const struct model *m, const struct state *s, int tid, const struct step *st,
		  int page)
{
	return st->arg == PMDC_SPLIT && scenario_in_huge(m->sc, page) &&
	       (PRIM_SLOT(m, s, tid) & SLOT_HZP) && prim_is_write(m, s, tid);
}

static void check_run(const struct model *m, struct state *s, int tid, int page,
		      const struct step *st, struct effect *e)
{
	struct thread_state *t = &s->t[tid];
	uint8_t *slot = &PRIM_SLOT(m, s, tid);
	int busy = 0;

	e->kind = EFF_PMD_CHECK;
	e->flag = (uint8_t)st->arg;
	if (splits(m, s, tid, st, page)) {
		/* wp_huge_pmd: the DAX PMD fault falls back (a write to a
		 * private mapping, or no 2 MiB extent), split_huge_pmd
		 * zaps the huge zero page of a file mapping (the
		 * faulting process's: its vma's PMD) */
		prim_zap_leaf(m, s, m->sc->mm[tid]);
		e->old = 1;
	}
	if (scenario_in_huge(m->sc, page))
		busy = st->arg == PMDC_TABLE ? (*slot & SLOT_TABLE) != 0 : (*slot & SLOT_LEAF) != 0;
	t->flags = (uint8_t)(busy ? t->flags | TF_BUSY : t->flags & ~TF_BUSY);
	e->value = (uint8_t)busy;
	e->block = *slot;
}

static void check_footprint(const struct model *m, const struct state *s, int tid,
			    const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)effect;
	if (!scenario_in_huge(m->sc, page))
		return;
	footprint_set(fp->read, FP_HUGE, FP_SLOT);
	if (splits(m, s, tid, st, page)) {
		footprint_set(fp->write, FP_HUGE, FP_SLOT);
		for (int q = 0; q < MAX_PAGES; q++)
			if ((prim_huge_mask(m) >> q) & 1)
				footprint_set(fp->write, FP_MISC, FP_PTE(q));
	}
}

static int busy_or_not_paths(struct paths *P, const struct step *s, uint32_t a)
{
	if (paths_go(P, a | A_BUSY, s->next, s))
		return -1;
	return paths_go(P, a & ~A_BUSY, s->next, s);
}

/* check_run in Promela: the split first, then busy or not. */
static void check_promela(struct emitter *E, int in, const struct step *st)
{
	const char *in_way = st->arg == PMDC_TABLE ? "SLOT_TABLE" : "SLOT_LEAF";
	char busy[80];

	if (st->arg == PMDC_SPLIT)
		emit_if(E, in, "IN_HUGE(pg) && (SLOT & SLOT_HZP) != 0 && IS_WRITE", "SPLIT_HUGE");
	snprintf(busy, sizeof(busy), "IN_HUGE(pg) && (SLOT & %s) != 0", in_way);
	emit_if(E, in, busy, "flags[_pid] = flags[_pid] | TF_BUSY");
	emit(E, in, "if :: !(%s) -> flags[_pid] = flags[_pid] & %u :: else -> skip fi;", busy,
	     0xffu & ~(unsigned)TF_BUSY);
}

const struct prim_ops prim_pmd_check_ops = {
	.name = "pmd_check", .arg = PRIM_ARG_PMDC,
	.what = "mm's unlocked look at the PMD slot: busy if a PTE table (arg table) or a huge "
		"PMD (leaf; split: a write splits the huge zero page away first) is there",
	.brief = "look at the PMD slot",
	.flags = 0, .lock = LOCK_NONE,
	.run = check_run, .footprint = check_footprint,
	.future = prim_pmd_future, .heals_nothing = prim_may_heal,
	.paths = busy_or_not_paths, .promela_body = check_promela,
};

/* ---- iomap_begin: the block lookup, and a write fault's allocation ---- */

/* The huge page's extent, and the free blocks (prims.h). */
int prim_huge_extent(const struct model *m, const struct state *s)
{
	int mapped = 0, holes = 0;

	for (int q = 0; q < MAX_PAGES; q++)
		if ((prim_huge_mask(m) >> q) & 1) {
			if (s->map[q] == NO_BLOCK)
				holes++;
			else
				mapped++;
		}
	return holes == 0 ? 1 : mapped == 0 ? 0 : -1;
}

void prim_huge_alloc_footprint(const struct model *m, const struct state *s, int n,
			       int zeroed, struct footprint *fp)
{
	struct state x = *s;

	if (!n)
		return;
	for (int b = 0; b < MAX_BLOCKS; b++)
		footprint_set(fp->read, FP_MISC, FP_POOL(b));
	for (int i = 0; i < n; i++) {
		int b = prim_alloc_block(&x);

		footprint_set(fp->write, FP_MISC, FP_POOL(b));
		for (int w = 0; zeroed && w < m->sc->words; w++)
			footprint_set(fp->write, FP_DATA, 8 * b + w);
	}
}

int prim_free_blocks(const struct state *s)
{
	int n = 0;

	for (int b = 0; b < MAX_BLOCKS; b++)
		n += !(s->allocated >> b & 1);
	return n;
}

/* The blocks the step must allocate (0: none). */
static int to_allocate(const struct model *m, const struct state *s, int tid,
		       const struct step *st, int page)
{
	if (!prim_is_write(m, s, tid))
		return 0;
	if (st->arg == ENTRY_PTE)
		return s->map[page] == NO_BLOCK;
	return prim_huge_extent(m, s) == 0 ? m->sc->huge_pages : 0;
}

static int iomap_enabled(const struct model *m, const struct state *s, int tid,
			 const struct step *st)
{
	return prim_free_blocks(s) >= to_allocate(m, s, tid, st, prim_op_page(m, s, tid));
}

static int iomap_waits_for(const struct model *m, const struct state *s, int tid,
			   const struct step *st)
{
	return iomap_enabled(m, s, tid, st) ? LOCK_NONE : LOCK_POOL;
}

/* Allocate, zero and map page p's block (XFS_BMAPI_ZERO, under ILOCK). */
static int alloc_zeroed(const struct model *m, struct state *s, int p)
{
	int b = prim_alloc_block(s);

	for (int w = 0; w < m->sc->words; w++)
		s->data[b][w] = VAL_ZERO;
	s->map[p] = (uint8_t)b;
	return b;
}

static void iomap_run(const struct model *m, struct state *s, int tid, int page,
		      const struct step *st, struct effect *e)
{
	struct thread_state *t = &s->t[tid];
	int n = to_allocate(m, s, tid, st, page), head = m->sc->huge_first;

	e->kind = EFF_IOMAP;
	e->flag = (uint8_t)st->arg;
	e->value = n > 0;
	t->flags &= (uint8_t)~TF_BUSY;
	if (st->arg == ENTRY_PTE) {
		if (n)
			alloc_zeroed(m, s, page);
		t->blk = s->map[page];
	} else if (prim_huge_extent(m, s) < 0) {
		t->flags |= TF_BUSY;	/* shorter than the PMD: fall back */
		t->blk = NO_BLOCK;
		e->old = 1;
	} else {
		for (int q = head; n && q < head + m->sc->huge_pages; q++)
			alloc_zeroed(m, s, q);
		t->blk = s->map[head];
	}
	e->block = t->blk;
}

static void iomap_footprint(const struct model *m, const struct state *s, int tid,
			    const struct step *st, int page, int effect, struct footprint *fp)
{
	int n = to_allocate(m, s, tid, st, page);

	(void)effect;
	if (st->arg == ENTRY_PTE) {
		footprint_set(fp->read, FP_MISC, FP_MAP(page));
		if (n)
			footprint_set(fp->write, FP_MISC, FP_MAP(page));
	} else {
		footprint_set(fp->read, FP_MISC, FP_MAP(m->sc->huge_first));
		for (int q = 0; q < MAX_PAGES; q++)
			if ((prim_huge_mask(m) >> q) & 1) {
				footprint_set(fp->read, FP_MISC, FP_MAP(q));
				if (n)
					footprint_set(fp->write, FP_MISC, FP_MAP(q));
			}
	}
	prim_huge_alloc_footprint(m, s, n, 1, fp);
}

/* A write gets a block; a read a block or a hole; a PMD request may meet
 * a short extent (busy, no block). */
static int iomap_paths(struct paths *P, const struct step *s, uint32_t a)
{
	uint32_t b = paths_looked_up(a) & ~A_BUSY;
	int write = P->acc == ACC_STORE || P->acc == ACC_WRITE;

	if (a & A_LOOSE)
		return paths_fail(P, s, "%s can run while the block allocated before it is out "
				  "of the block map (it would leak)", s->name);
	if (paths_go(P, b | A_BLK, s->next, s))
		return -1;
	if (!write && paths_go(P, b, s->next, s))
		return -1;
	if (s->arg == ENTRY_PMD)
		return paths_go(P, b | A_BUSY, s->next, s);
	return 0;
}

/* The blocks the step must allocate, to_allocate() as an expression on
 * the thread's operation (a guard runs before pg is set). */
static void to_allocate_expr(struct emitter *E, const struct step *st)
{
	fprintf(E->f, "(IS_WRITE -> %s : 0)", st->arg == ENTRY_PTE ?
		"(map[OPPG(_pid)] == NOB -> 1 : 0)" : "(HUGE_HOLES == HUGE_PAGES -> HUGE_PAGES : 0)");
}

static void iomap_promela_enabled(struct emitter *E, const struct step *st)
{
	fputs("NFREE >= ", E->f);
	to_allocate_expr(E, st);
}

/* iomap_run in Promela, p the blocks to allocate: the page's block, or
 * each page's of the huge page unless the extent is shorter than it. */
static void iomap_promela(struct emitter *E, int in, const struct step *st)
{
	const struct scenario *sc = E->m->sc;

	for (int i = 0; i < in; i++)
		putc('\t', E->f);
	fputs("p = ", E->f);
	to_allocate_expr(E, st);
	fputs(";\n", E->f);
	emit(E, in, "flags[_pid] = flags[_pid] & %u;", 0xffu & ~(unsigned)TF_BUSY);
	if (st->arg == ENTRY_PTE) {
		emit_if(E, in, "p != 0", "ALLOC_ZEROED(pg)");
		emit(E, in, "blk[_pid] = map[pg];");
		return;
	}
	emit(E, in, "if");
	emit(E, in, ":: HUGE_HOLES != 0 && HUGE_HOLES != HUGE_PAGES ->\t/* shorter than the PMD */");
	emit(E, in + 1, "flags[_pid] = flags[_pid] | TF_BUSY; blk[_pid] = NOB");
	emit(E, in, ":: else ->");
	emit(E, in + 1, "if");
	for (int i = 0; i < in + 1; i++)
		putc('\t', E->f);
	fputs(":: p != 0 ->", E->f);
	for (int q = sc->huge_first; q < sc->huge_first + sc->huge_pages; q++)
		fprintf(E->f, " ALLOC_ZEROED(%d);", q);
	fputs(" skip\n", E->f);
	emit(E, in + 1, ":: else -> skip");
	emit(E, in + 1, "fi;");
	emit(E, in + 1, "blk[_pid] = map[HUGE_FIRST]");
	emit(E, in, "fi;");
}

const struct prim_ops prim_iomap_begin_ops = {
	.name = "iomap_begin", .arg = PRIM_ARG_SIZE,
	.what = "->iomap_begin for the page (arg pte) or the huge page (pmd): look up; a write "
		"fault allocates, zeroes and maps under the fs's lock; busy on a short extent",
	.brief = "look up, or allocate zeroed",
	.flags = PRIM_OPENS_WINDOW, .lock = LOCK_NONE,
	.enabled = iomap_enabled, .waits_for = iomap_waits_for,
	.run = iomap_run, .footprint = iomap_footprint,
	.future = prim_pmd_future, .heals_nothing = prim_may_heal,
	.paths = iomap_paths,
	.promela_enabled = iomap_promela_enabled, .promela_body = iomap_promela,
};

/* ---- insert_pmd: dax_pmd_insert_mapping, vmf_insert_pfn_pmd ---- */

static void insert_pmd_run(const struct model *m, struct state *s, int tid, int page,
			   const struct step *st, struct effect *e)
{
	(void)page;
	(void)st;
	assert(s->t[tid].blk != NO_BLOCK);
	e->kind = EFF_INSERT_PMD;
	e->block = s->t[tid].blk;
	e->old = PRIM_SLOT(m, s, tid);
	s->hentry = HENTRY_DAX;
	/* insert_pfn_pmd: set_pmd_at whatever the slot holds */
	PRIM_SLOT(m, s, tid) = (uint8_t)((PRIM_SLOT(m, s, tid) & SLOT_TABLE) | SLOT_LEAF);
	for (int q = 0; q < MAX_PAGES; q++)
		if ((prim_huge_mask(m) >> q) & 1)
			PRIM_PTE(m, s, tid)[q] = s->map[q];
}

static void insert_pmd_footprint(const struct model *m, const struct state *s, int tid,
				 const struct step *st, int page, int effect,
				 struct footprint *fp)
{
	(void)s;
	(void)tid;
	(void)st;
	(void)page;
	(void)effect;
	footprint_set(fp->read, FP_HUGE, FP_SLOT);
	footprint_set(fp->write, FP_HUGE, FP_SLOT);
	footprint_set(fp->write, FP_HUGE, FP_HENTRY);
	for (int q = 0; q < MAX_PAGES; q++)
		if ((prim_huge_mask(m) >> q) & 1) {
			footprint_set(fp->read, FP_MISC, FP_MAP(q));
			footprint_set(fp->write, FP_MISC, FP_PTE(q));
		}
}

static int insert_pmd_paths(struct paths *P, const struct step *s, uint32_t a)
{
	if (!(a & A_BLK))
		return paths_fail(P, s, "%s can run with no block to install", s->name);
	return paths_go(P, a, s->next, s);
}

/* insert_pmd_run in Promela: the PMD set over whatever the slot holds. */
static void insert_pmd_promela(struct emitter *E, int in, const struct step *st)
{
	(void)st;
	emit(E, in, "assert(blk[_pid] != NOB);");
	emit(E, in, "hentry = HENTRY_DAX;");
	emit(E, in, "SLOT = (SLOT & SLOT_TABLE) | SLOT_LEAF;\t/* whatever the slot holds */");
	emit(E, in, "MAP_HUGE;");
}

const struct prim_ops prim_insert_pmd_ops = {
	.name = "insert_pmd", .arg = PRIM_ARG_NONE,
	.what = "dax_pmd_insert_mapping: the 2 MiB DAX entry, and vmf_insert_pfn_pmd sets the "
		"PMD whatever the slot holds",
	.brief = "install the PMD",
	.flags = PRIM_CLOSES_WINDOW, .lock = LOCK_NONE,
	.run = insert_pmd_run, .footprint = insert_pmd_footprint,
	.future = prim_pmd_future, .heals_nothing = prim_may_heal,
	.paths = insert_pmd_paths, .promela_body = insert_pmd_promela,
};

/* ---- pmd_hole: dax_pmd_load_hole ---- */

static void pmd_hole_run(const struct model *m, struct state *s, int tid, int page,
			 const struct step *st, struct effect *e)
{
	struct thread_state *t = &s->t[tid];

	(void)page;
	(void)st;
	e->kind = EFF_PMD_HOLE;
	e->old = PRIM_SLOT(m, s, tid);
	s->hentry = HENTRY_ZERO;	/* dax_insert_mapping_entry(RADIX_DAX_HZP) */
	if (PRIM_SLOT(m, s, tid)) {	/* pmd_lock; !pmd_none(*pmd): fall back */
		t->flags |= TF_BUSY;
		return;
	}
	t->flags &= (uint8_t)~TF_BUSY;
	PRIM_SLOT(m, s, tid) = SLOT_LEAF | SLOT_HZP;
	for (int q = 0; q < MAX_PAGES; q++)
		if ((prim_huge_mask(m) >> q) & 1)
			PRIM_PTE(m, s, tid)[q] = PTE_HOLE;
	e->flag = 1;
}

static void pmd_hole_footprint(const struct model *m, const struct state *s, int tid,
			       const struct step *st, int page, int effect, struct footprint *fp)
{
	(void)st;
	(void)page;
	(void)effect;
	footprint_set(fp->read, FP_HUGE, FP_SLOT);
	footprint_set(fp->read, FP_HUGE, FP_HENTRY);
	footprint_set(fp->write, FP_HUGE, FP_HENTRY);
	if (PRIM_SLOT(m, s, tid))
		return;
	footprint_set(fp->write, FP_HUGE, FP_SLOT);
	for (int q = 0; q < MAX_PAGES; q++)
		if ((prim_huge_mask(m) >> q) & 1)
			footprint_set(fp->write, FP_MISC, FP_PTE(q));
}

/* pmd_hole_run in Promela: the zero entry; the huge zero page if pmd_none. */
static void pmd_hole_promela(struct emitter *E, int in, const struct step *st)
{
	(void)st;
	emit(E, in, "hentry = HENTRY_ZERO;");
	emit(E, in, "if");
	emit(E, in, ":: SLOT != 0 -> flags[_pid] = flags[_pid] | TF_BUSY\t/* !pmd_none: fall back */");
	emit(E, in, ":: else ->");
	emit(E, in + 1, "flags[_pid] = flags[_pid] & %u;", 0xffu & ~(unsigned)TF_BUSY);
	emit(E, in + 1, "SLOT = SLOT_LEAF | SLOT_HZP;");
	emit(E, in + 1, "HOLE_HUGE");
	emit(E, in, "fi;");
}

const struct prim_ops prim_pmd_hole_ops = {
	.name = "pmd_hole", .arg = PRIM_ARG_NONE,
	.what = "dax_pmd_load_hole: the 2 MiB zero entry, and the huge zero page mapped if "
		"pmd_none under pmd_lock, else busy (fall back)",
	.brief = "map the huge zero page",
	.flags = PRIM_CLOSES_WINDOW, .lock = LOCK_NONE,
	.run = pmd_hole_run, .footprint = pmd_hole_footprint,
	.future = prim_pmd_future, .heals_nothing = prim_may_heal,
	.paths = busy_or_not_paths, .promela_body = pmd_hole_promela,
};
