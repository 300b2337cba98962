/*
 * prim.h - the shared kernel primitives every strategy is built from: one
 * entry each (struct prim_ops), saying everything about it in one place.
 *
 * A primitive is one atomic step of a handler: take a lock, look the page
 * up, allocate, zero a word, install the PTE...  Its entry, in its own
 * file of model/prims/, gives:
 *
 *   name, arg      how a strategy file spells it, and what its argument is
 *   what, brief    what it does, in a line and in a few words
 *   enabled        when it can run (a lock held in a conflicting mode, a
 *                  pool run dry: it waits), and waits_for what it waits for
 *   run            what it does to the state, and the effect it reports
 *   footprint      the exact objects it reads, writes or counts in a state:
 *                  the independence relation of both reductions
 *   future         what it may read and write, and the values it may leave,
 *                  whatever the shared objects hold (value sets): the
 *                  futures of the persistent-set reduction (future_walk.h)
 *   heals_nothing  whether taking it early can make a violated state whole
 *                  again (condition 2 of model/ample.h)
 *   paths          what it does to a thread's abstract locals, for the
 *                  path checks of strategy_validate() (paths.h)
 *   promela        its guard and body in the Promela model (promela_emit.h)
 *
 * A new primitive is one file there and one line in prim.c's table, and
 * tests/unit/test_footprint.c, test_ample.c and make crosscheck hold each
 * aspect to its run().
 */
#ifndef DAX_PRIM_H
#define DAX_PRIM_H

#include "effect.h"
#include "exec.h"

struct footprint;
struct future_walk;
struct future_at;
struct paths;
struct emitter;

/* What a primitive's argument (struct step.arg) is. */
enum prim_arg {
	PRIM_ARG_NONE,		/* none: 0 */
	PRIM_ARG_LOCK,		/* a lock */
	PRIM_ARG_LOCK_OR_NONE,	/* a lock taken inside, or LOCK_NONE */
	PRIM_ARG_EXTENT,	/* GB_WRITTEN or GB_UNWRITTEN */
	PRIM_ARG_NEW,		/* MAP_CLEAR_NEW or MAP_KEEP_NEW */
	PRIM_ARG_PTE_SAME,	/* HOLE_PTE_SAME or HOLE_NO_PTE_SAME */
	PRIM_ARG_SIZE,		/* ENTRY_PTE or ENTRY_PMD */
	PRIM_ARG_PMDC,		/* PMDC_TABLE, PMDC_LEAF or PMDC_SPLIT */
	PRIM_ARG_WAKE,		/* INVAL_WAKE_NEXT or INVAL_WAKE_ALL */
};

/* struct prim_ops.flags */
#define PRIM_LOCK_STEP		0x1	/* takes or releases its argument, a lock:
					 * the twins' "drop the lock" removes it */
#define PRIM_OPENS_WINDOW	0x2	/* a fault's first get_block: from here
					 * until it installs a PTE it is inside
					 * (TF_INSIDE, the concurrency goals) */
#define PRIM_CLOSES_WINDOW	0x4	/* it tries to install a PTE */
#define PRIM_DURABILITY		0x8	/* it moves data or the block map towards
					 * the media: a search without crashes
					 * passes over it (exec_step_live) */
#define PRIM_MAY_STAY		0x10	/* it may leave its thread at the step
					 * (EFF_SLEEP: asleep on a wait queue, to
					 * run the step again when woken) */

/* struct prim_ops.lock: the step takes its argument. */
#define PRIM_LOCK_IS_ARG	(-2)

struct prim_ops {
	const char *name;
	enum prim_arg arg;
	const char *what;
	const char *brief;
	unsigned flags;
	int lock;		/* the lock it takes and may wait for: a lock,
				 * PRIM_LOCK_IS_ARG, or LOCK_NONE */
	/* NULL: it can always run.  Else 1 if thread tid can run st now. */
	int (*enabled)(const struct model *m, const struct state *s, int tid,
		       const struct step *st);
	/* NULL: it waits for its lock.  Else what tid, unable to run st,
	 * waits for. */
	int (*waits_for)(const struct model *m, const struct state *s, int tid,
			 const struct step *st);
	void (*run)(const struct model *m, struct state *s, int tid, int page,
		    const struct step *st, struct effect *e);
	/* Into *fp, which is zeroed: effect 1 adds what only the effect
	 * records (footprint_next), 0 leaves it out (footprint_semantic). */
	void (*footprint)(const struct model *m, const struct state *s, int tid,
			  const struct step *st, int page, int effect, struct footprint *fp);
	void (*future)(struct future_walk *w, const struct future_at *at);
	/* NULL: it writes nothing a property reads.  Else 1 if it heals no
	 * violation, with the reads that keep it so added to *fp. */
	int (*heals_nothing)(const struct model *m, const struct state *s, int tid,
			     const struct step *st, struct footprint *fp);
	int (*paths)(struct paths *P, const struct step *st, uint32_t a);
	/* NULL: always enabled. */
	void (*promela_enabled)(struct emitter *E, const struct step *st);
	void (*promela_body)(struct emitter *E, int in, const struct step *st);
};

/* The table, by enum prim (prim.c). */
extern const struct prim_ops *const prim_ops[NR_PRIMS];

/* The primitive a strategy file calls name, or NR_PRIMS. */
enum prim prim_named(const char *name);

/*
 * Returns 1 if thread tid can run step st now, 0 if it must wait: for a
 * lock held in a conflicting mode, by a lock primitive or by a step that
 * takes a lock inside (st->arg of PRIM_UNMAP and PRIM_DROP_HOLE).
 */
int prim_enabled(const struct model *m, const struct state *s, int tid,
		 const struct step *st);

/*
 * Run step st's primitive for thread tid, faulting on page `page`, on s;
 * describe the change in *e.
 */
void prim_run(const struct model *m, struct state *s, int tid, int page,
	      const struct step *st, struct effect *e);

/*
 * Not a lock: what a fault that must allocate waits for while every block
 * of the pool is allocated.  A correct strategy never runs the pool dry (a
 * page holds one block); one that leaks blocks (two faults each allocating
 * and mapping a block for the same page, without a lock) can, and its
 * threads then wait, which the search reports as a deadlock, rather than
 * allocate a block that does not exist.
 */
#define LOCK_POOL	NR_LOCKS

/* The lock thread tid, unable to run step st, waits for (or LOCK_POOL). */
int prim_waits_for(const struct model *m, const struct state *s, int tid,
		   const struct step *st);

/* The thread thread tid, whose next step is a grab_entry that cannot run,
 * waits for: the holder of the 2 MiB entry's lock or of the 4 KiB entry's
 * it needs; tid itself if none (model/prims/pmd_entry.c). */
int prim_entry_holder(const struct model *m, const struct state *s, int tid);

/* The same for a wait_entry (dax_invalidate_mapping_entry_sync) that
 * cannot run: the holder of the 2 MiB entry's lock when a 2 MiB entry
 * covers its page, whatever page that holder faulted on; -1 when it waits
 * for the page's own entry lock, as lock does (model/prims/inval_sized.c). */
int prim_wait_entry_holder(const struct model *m, const struct state *s, int tid);

/* The lock step st takes (and may wait for), or LOCK_NONE. */
int prim_lock(const struct step *st);

/* Returns 1 if step st's argument is valid for its primitive. */
int prim_arg_ok(const struct step *st);

/* ---- for the primitives' own files (model/prims/) ---------------------- */

/* Returns 1 if lock l, in the mode a step of primitive p takes it, is
 * held by a thread other than tid in a conflicting mode. */
int prim_lock_busy(const struct model *m, const struct state *s, int tid, int l, int shared);

/* Returns 1 if thread tid may take lock l (exclusive) inside a step: no
 * other thread holds it, and tid does not (locks are not recursive). */
int prim_can_take(const struct model *m, const struct state *s, int tid, int l);

/* The page thread tid's current operation is on (it is in a handler). */
int prim_op_page(const struct model *m, const struct state *s, int tid);

/* Returns 1 if a hole page is cached for thread tid's page. */
int prim_cached(const struct model *m, const struct state *s, int tid);

/* The number of threads asleep on the wait queue of page's DAX entry. */
int prim_waitq_len(const struct model *m, const struct state *s, int page);

/*
 * Wake the sleepers on page's DAX entry: the first (all 0: a wake-one,
 * the exclusive waiter at the head of the queue) or every one.  A woken
 * thread is off the queue; it runs its grab_mapping_entry step again.
 * Records in e how many it woke (word), which if one (value, tid + 1) and
 * how many it left asleep (old).
 */
void prim_wake_entry(const struct model *m, struct state *s, int page, int all,
		     struct effect *e);

/* Returns 1 if every block of the pool is allocated. */
int prim_pool_dry(const struct state *s);

/* The lowest free block, as an allocation takes it; MAX_BLOCKS - 1 if none. */
int prim_lowest_free(const struct state *s);

/* Take the lowest free block (there is one: prim_pool_dry() says not). */
int prim_alloc_block(struct state *s);

/*
 * Write block b back (clwb of each of its lines) for thread tid: each word
 * whose CPU value is not what the media holds is in flight with that
 * value, and tid has b to fence.  Returns the words in flight, a bit each.
 */
unsigned prim_write_back(const struct model *m, struct state *s, int tid, int b);

/*
 * Block b's write-backs reach the media: each word in flight gets its
 * value, and no thread has b to fence any more.
 */
void prim_make_durable(const struct model *m, struct state *s, int b);

/*
 * sfence for thread tid: its write-backs durable on an ADR platform, or
 * (`platform no-adr`) in the write-pending queue.  Returns the blocks
 * made durable, a bit each.
 */
unsigned prim_sfence(const struct model *m, struct state *s, int tid);

/*
 * A user-space flush of block b (pmem_persist: clwb of each line, then
 * sfence) by thread tid.  Returns the words it wrote back, a bit each.
 */
unsigned prim_persist(const struct model *m, struct state *s, int tid, int b);

/* The committed or durable block-map entry of page p as it is now. */
static inline uint8_t prim_map_entry(const struct state *s, int p)
{
	if (s->map[p] == NO_BLOCK)
		return NO_BLOCK;
	return (uint8_t)(s->map[p] | ((s->unwritten >> p & 1) ? MAPE_UNWRITTEN : 0));
}

static inline int prim_pte_is_block(uint8_t pte)
{
	return pte != PTE_NONE && pte != PTE_HOLE;
}

/* Thread tid's process's page table (an array of PTEs, by page) and its
 * PMD slot over the huge page: a fault fills these.  An unmap walks every
 * process's (unmap_mapping_range goes through the file's i_mmap tree). */
#define PRIM_PTE(m, s, tid)	((s)->pte[(m)->sc->mm[tid]])
#define PRIM_SLOT(m, s, tid)	((s)->slot[(m)->sc->mm[tid]])

#endif
