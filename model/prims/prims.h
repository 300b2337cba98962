/*
 * prims.h - what every primitive's file includes: the views of the model
 * each aspect of a primitive is written against (model/prim.h lists them),
 * and the entries of the table, one per primitive.
 */
#ifndef DAX_PRIMS_H
#define DAX_PRIMS_H

#include <assert.h>
#include <string.h>

#include "../footprint.h"
#include "../future_walk.h"
#include "../paths.h"
#include "../prim.h"
#include "../promela_emit.h"

extern const struct prim_ops prim_lock_ops, prim_unlock_ops, prim_lock_shared_ops,
	prim_unlock_shared_ops, prim_get_block_ops, prim_get_block_create_ops, prim_alloc_ops,
	prim_zero_word_ops, prim_map_block_ops, prim_convert_ops, prim_load_hole_ops,
	prim_drop_hole_ops, prim_insert_pfn_ops, prim_find_page_ops, prim_unmap_ops,
	prim_free_block_ops, prim_copy_ops, prim_grab_entry_ops, prim_put_entry_ops,
	prim_flush_ops, prim_writeback_ops, prim_fence_ops, prim_pcommit_ops, prim_commit_ops,
	prim_log_force_ops, prim_need_dsync_ops, prim_pmd_check_ops, prim_grab_sized_ops,
	prim_put_sized_ops, prim_iomap_begin_ops, prim_insert_pmd_ops, prim_pmd_hole_ops,
	prim_get_block_pmd_ops, prim_zero_pmd_ops, prim_insert_pmd_none_ops, prim_unmap_huge_ops,
	prim_t_locked_ops, prim_wait_updates_ops, prim_flush_pmd_ops, prim_commit_pmd_ops,
	prim_invalidate_entry_ops,
	prim_pmd_off_ops, prim_wait_entry_ops, prim_inval_range_ops;

/* Take lock arg exclusive, and its Promela, as lock does (locks.c); T_LOCKED
 * too (journal.c). */
void prim_lock_run(const struct model *m, struct state *s, int tid, int page,
		   const struct step *st, struct effect *e);
void prim_lock_promela(struct emitter *E, int in, const struct step *st);

/* What the PMD primitives share (pmd_entry.c): a future that touches
 * everything they may, never walked (no persistent sets with PMD faults);
 * heals_nothing prim_may_heal. */
void prim_pmd_future(struct future_walk *w, const struct future_at *at);

/* What the durability primitives share (flush.c): a future that touches
 * every persistence object, and paths that go on. */
void prim_durability_future(struct future_walk *w, const struct future_at *at);
/* heals_nothing for a step that may heal a violation (flush.c): returns 0.
 * The durability primitives' and the PMD primitives' (never asked: no
 * persistent sets with PMD faults). */
int prim_may_heal(const struct model *m, const struct state *s, int tid,
		  const struct step *st, struct footprint *fp);
int prim_durability_paths(struct paths *P, const struct step *s, uint32_t a);

/* What the primitives of faults of two sizes ask of the huge page (pmd.c,
 * pmd_entry.c, pmd_get_block.c): its pages, a bit each; whether tid's
 * access writes; the huge page's extent (1 every page mapped, 0 every
 * page a hole, -1 some of each: shorter than PMD_SIZE); the free blocks. */
static inline unsigned prim_huge_mask(const struct model *m)
{
	return ((1u << m->sc->huge_pages) - 1) << m->sc->huge_first;
}

/* unmap_mapping_range of page p: its PTE zapped in every process that
 * maps the file (the i_mmap tree's walk).  Returns 1 if some process had
 * one. */
static inline int prim_zap_pte(const struct model *m, struct state *s, int p)
{
	int had = 0;

	for (int mm = 0; mm < m->sc->nmm; mm++) {
		had |= s->pte[mm][p] != PTE_NONE;
		s->pte[mm][p] = PTE_NONE;
	}
	return had;
}

/* Process mm's huge PMD (a DAX PMD or the huge zero page) cleared, and
 * the PTEs of the huge page's pages in its table with it; a PTE table in
 * the slot stays (zap_pmd_range frees none).  Returns the pages whose
 * entry was present, a bit each. */
static inline unsigned prim_zap_leaf(const struct model *m, struct state *s, int mm)
{
	unsigned had = 0;

	for (int q = m->sc->huge_first; q < m->sc->huge_first + m->sc->huge_pages; q++) {
		had |= (unsigned)(s->pte[mm][q] != PTE_NONE) << q;
		s->pte[mm][q] = PTE_NONE;
	}
	s->slot[mm] &= (uint8_t)~(SLOT_LEAF | SLOT_HZP);
	return had;
}

/* What the PMD slots of every process hold between them: SLOT_* bits. */
static inline uint8_t prim_slots(const struct model *m, const struct state *s)
{
	uint8_t all = 0;

	for (int mm = 0; mm < m->sc->nmm; mm++)
		all |= s->slot[mm];
	return all;
}

/* Returns 1 if some process has a PTE for page p: any (blocks_only 0),
 * or one mapping a block (1). */
static inline int prim_pte_anywhere(const struct model *m, const struct state *s, int p,
				    int blocks_only)
{
	for (int mm = 0; mm < m->sc->nmm; mm++)
		if (blocks_only ? prim_pte_is_block(s->pte[mm][p]) : s->pte[mm][p] != PTE_NONE)
			return 1;
	return 0;
}

static inline int prim_is_write(const struct model *m, const struct state *s, int tid)
{
	const struct op *op = &m->sc->prog[tid].ops[s->t[tid].ip];

	return op->kind == OP_STORE || op->kind == OP_WRITE;
}

int prim_huge_extent(const struct model *m, const struct state *s);
int prim_free_blocks(const struct state *s);
/* The footprint of allocating n blocks (0: none): every block's pool bit
 * read, the n it takes written, and their words if it zeroes them. */
void prim_huge_alloc_footprint(const struct model *m, const struct state *s, int n,
			       int zeroed, struct footprint *fp);

/* The paths of a step that takes lock arg exclusive (locks.c): on; a path
 * that holds it already ends there, waiting for itself. */
int prim_lock_paths(struct paths *P, const struct step *s, uint32_t a);

/* Returns 1 if a thread other than tid holds the 2 MiB entry's lock
 * (pmd_entry.c: the holder has TF_HENTRY with the entry lock). */
int prim_range_locked(const struct model *m, const struct state *s, int tid);

/* The Promela of prim_wake_entry() on page pg: the first sleeper (all 0)
 * or every one (waitq.c). */
void prim_promela_wake(struct emitter *E, int in, int all);

#endif
