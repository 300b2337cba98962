/*
 * test_exec.c - unit tests of model/exec.c and model/prim.c: user accesses,
 * faults, every primitive, handler skips and returns, strategy tables.
 */
#include <string.h>

#include "../../model/exec.h"
#include "../../model/footprint.h"
#include "../../model/prim.h"
#include "unit.h"
#include "../../checker-src/registry.h"

/* The seed race: T0 store 0:0=1, T1 store 0:1=2; one page of two words. */
static struct scenario sc;
/* The same, but T0 loads 0:1 instead. */
static struct scenario sc_load;
/* Two pages of two words, for primitives run on either page. */
static struct scenario sc2;

static struct model mg;		/* dax-generic on sc */
static struct model mz;		/* fs-zero-inside on sc */
static struct model mg_load;	/* dax-generic on sc_load */
static struct model mg2;	/* dax-generic on sc2 */
static struct model me2;	/* ext2-zero-and-new on sc: its own lock names */

/* The index of the step called name in st's handler, or -1. */
static int step_index(const struct strategy *st, const char *name)
{
	for (int i = 0; i < st->h[H_FAULT].n; i++)
		if (strcmp(st->h[H_FAULT].steps[i].name, name) == 0)
			return i;
	printf("  %s has no step %s\n", st->name, name);
	return -1;
}

/* A one-step table entry for prim_run. */
static struct step one_step(enum prim p, int arg)
{
	struct step st = { "x", p, arg, 0, STEP_RETURN, STEP_RETURN };

	return st;
}

/* s with thread tid in the handler at step pc, on its first access. */
static void in_handler(struct state *s, const struct scenario *scn, int tid, int pc)
{
	state_init(s, scn);
	s->t[tid].pc = (uint8_t)pc;
}

/* Returns 1 if a and b are equal apart from thread tid's locals. */
static int same_but_thread(const struct state *a, const struct state *b, int tid)
{
	struct state x = *a, y = *b;

	memset(&x.t[tid], 0, sizeof(x.t[tid]));
	memset(&y.t[tid], 0, sizeof(y.t[tid]));
	return memcmp(&x, &y, sizeof(x)) == 0;
}

/* --- user accesses and faults ------------------------------------------ */

static void test_store_without_pte_faults(void)
{
	struct state s, before;
	struct effect e;
	char name[64];

	state_init(&s, &sc);
	before = s;
	CHECK(exec_enabled(&mg, &s, 0) == 1, "T0 at its first store is not enabled");
	CHECK(strcmp(exec_step_name(&mg, &s, 0, name, sizeof(name)), "store 0:0=1") == 0,
	      "T0's first step is named '%s', want 'store 0:0=1'", name);
	exec_step(&mg, &s, 0, &e);
	CHECK(e.kind == EFF_FAULT, "store without PTE: effect %d, want EFF_FAULT", e.kind);
	CHECK(e.flag == 1, "store without PTE: flag %u, want 1 (write fault)", e.flag);
	CHECK(e.tid == 0 && e.page == 0, "store without PTE: tid %u page %u, want 0 0",
	      e.tid, e.page);
	CHECK(e.block == PTE_NONE, "store without PTE: block %u, want PTE_NONE", e.block);
	CHECK(e.returned == 0, "store without PTE: the handler returned at once");
	CHECK(s.t[0].pc != PC_USER, "store without PTE: T0 is not in the handler");
	CHECK(s.t[0].pc == 0, "store without PTE: T0 at handler step %u, want 0", s.t[0].pc);
	CHECK(s.t[0].ip == 0, "store without PTE: ip %u moved on, want 0 (retry)", s.t[0].ip);
	CHECK(same_but_thread(&before, &s, 0), "the fault changed shared state");
	CHECK(strcmp(exec_step_name(&mg, &s, 0, name, sizeof(name)), "get_block(create=0)") == 0,
	      "in the handler T0's step is '%s', want 'get_block(create=0)'", name);
}

static void test_load_without_pte_faults(void)
{
	struct state s, before;
	struct effect e;

	state_init(&s, &sc_load);
	before = s;
	exec_step(&mg_load, &s, 0, &e);
	CHECK(e.kind == EFF_FAULT, "load without PTE: effect %d, want EFF_FAULT", e.kind);
	CHECK(e.flag == 0, "load without PTE: flag %u, want 0 (read fault)", e.flag);
	CHECK(e.page == 0 && e.word == 1, "load without PTE: page %u word %u, want 0 1",
	      e.page, e.word);
	CHECK(s.t[0].pc != PC_USER, "load without PTE: T0 is not in the handler");
	CHECK(s.t[0].ip == 0, "load without PTE: ip %u, want 0", s.t[0].ip);
	CHECK(same_but_thread(&before, &s, 0), "the read fault changed shared state");
}

static void test_store_through_block_pte(void)
{
	struct state s, before;
	struct effect e;
	char name[64];

	state_init(&s, &sc);
	s.map[0] = 3;
	s.pte[0][0] = 3;
	s.allocated = 1 << 3;
	s.data[3][1] = 0;
	s.data[3][0] = 0;
	before = s;
	exec_step(&mg, &s, 1, &e);
	CHECK(e.kind == EFF_STORE, "store through a PTE: effect %d, want EFF_STORE", e.kind);
	CHECK(e.tid == 1 && e.page == 0 && e.word == 1 && e.block == 3,
	      "store through a PTE: tid %u page %u word %u block %u, want 1 0 1 3",
	      e.tid, e.page, e.word, e.block);
	CHECK(e.value == 2 && e.old == 0, "store through a PTE: value %u old %u, want 2 0",
	      e.value, e.old);
	CHECK(s.data[3][1] == 2, "store through a PTE: block 3 word 1 is %u, want 2",
	      s.data[3][1]);
	CHECK(s.shadow[0][1] == 2, "store through a PTE: shadow 0:1 is %u, want 2",
	      s.shadow[0][1]);
	CHECK(s.data[3][0] == 0, "store through a PTE: the other word changed to %u",
	      s.data[3][0]);
	CHECK(s.t[1].ip == 1, "store through a PTE: ip %u, want 1", s.t[1].ip);
	CHECK(s.t[1].pc == PC_USER, "store through a PTE: T1 entered the handler");
	CHECK(e.returned == 0, "store through a PTE: returned flag set");
	CHECK(exec_done(&mg, &s, 1) == 1, "T1 ran its only access but is not done");
	CHECK(exec_enabled(&mg, &s, 1) == 0, "T1 is done but still enabled");
	CHECK(exec_all_done(&mg, &s) == 0, "all done although T0 has not run");
	CHECK(strcmp(exec_step_name(&mg, &s, 1, name, sizeof(name)), "(done)") == 0,
	      "a finished thread's step is '%s', want '(done)'", name);
	CHECK(memcmp(before.pte, s.pte, sizeof(s.pte)) == 0 &&
	      memcmp(before.map, s.map, sizeof(s.map)) == 0 && before.allocated == s.allocated,
	      "a landing store changed the PTEs, block map or pool");
}

static void test_store_to_hole_page_faults(void)
{
	struct state s, before;
	struct effect e;

	state_init(&s, &sc);
	s.pte[0][0] = PTE_HOLE;
	before = s;
	exec_step(&mg, &s, 0, &e);
	CHECK(e.kind == EFF_FAULT && e.flag == 1,
	      "store to the hole page: effect %d flag %u, want EFF_FAULT 1", e.kind, e.flag);
	CHECK(e.block == PTE_HOLE, "store to the hole page: block %u, want PTE_HOLE", e.block);
	CHECK(s.t[0].pc != PC_USER && s.t[0].ip == 0,
	      "store to the hole page: T0 pc %u ip %u, want in the handler, ip 0",
	      s.t[0].pc, s.t[0].ip);
	CHECK(same_but_thread(&before, &s, 0), "the write fault on the hole page changed state");
}

static void test_load_through_ptes(void)
{
	struct state s;
	struct effect e;

	state_init(&s, &sc_load);
	s.pte[0][0] = PTE_HOLE;
	exec_step(&mg_load, &s, 0, &e);
	CHECK(e.kind == EFF_LOAD, "load via the hole page: effect %d, want EFF_LOAD", e.kind);
	CHECK(e.value == 0, "load via the hole page returned %u, want 0", e.value);
	CHECK(e.block == PTE_HOLE, "load via the hole page: block %u, want PTE_HOLE", e.block);
	CHECK(s.t[0].ip == 1 && s.t[0].pc == PC_USER,
	      "load via the hole page: ip %u pc %u, want 1 PC_USER", s.t[0].ip, s.t[0].pc);

	state_init(&s, &sc_load);
	s.map[0] = 4;
	s.pte[0][0] = 4;
	s.data[4][1] = 77;
	exec_step(&mg_load, &s, 0, &e);
	CHECK(e.kind == EFF_LOAD && e.value == 77 && e.block == 4,
	      "load via block 4: effect %d value %u block %u, want EFF_LOAD 77 4",
	      e.kind, e.value, e.block);
	CHECK(s.shadow[0][1] == 0, "a load wrote the shadow: %u", s.shadow[0][1]);

	state_init(&s, &sc_load);
	s.pte[0][0] = 5;
	exec_step(&mg_load, &s, 0, &e);
	CHECK(e.kind == EFF_LOAD && e.value == VAL_STALE,
	      "load of a never-zeroed block: effect %d value %u, want EFF_LOAD STALE",
	      e.kind, e.value);
}

/* --- locks ---------------------------------------------------------------- */

static void test_lock_exclusive(void)
{
	int ilock = step_index(mz.st, "xfs_ilock(ILOCK_EXCL)");
	int relookup = step_index(mz.st, "xfs_bmapi_read");
	struct state s;
	struct effect e;

	if (ilock < 0 || relookup < 0) {
		CHECK(0, "fs-zero-inside lacks the steps this test drives");
		return;
	}
	in_handler(&s, &sc, 1, ilock);
	s.t[0].pc = (uint8_t)ilock;
	s.t[0].held = (uint8_t)LOCK_EXCL_BIT(LOCK_ILOCK);
	CHECK(exec_enabled(&mz, &s, 1) == 0, "ILOCK held exclusive by T0: T1 may take it");
	CHECK(exec_blocked_on(&mz, &s, 1) == LOCK_ILOCK,
	      "T1 blocked on %d, want LOCK_ILOCK (%d)", exec_blocked_on(&mz, &s, 1), LOCK_ILOCK);
	CHECK(exec_lock_holder(&mz, &s, 1, LOCK_ILOCK) == 0, "ILOCK holder %d, want T0",
	      exec_lock_holder(&mz, &s, 1, LOCK_ILOCK));
	CHECK(exec_lock_holder(&mz, &s, 1, LOCK_I_MMAP) == 1,
	      "i_mmap_rwsem holder %d, want none (T1 itself)",
	      exec_lock_holder(&mz, &s, 1, LOCK_I_MMAP));
	CHECK(strcmp(exec_lock_name(NULL, LOCK_ILOCK), "ILOCK") == 0 &&
	      strcmp(exec_lock_name(NULL, LOCK_I_MMAP), "i_mmap_rwsem") == 0 &&
	      strcmp(exec_lock_name(&me2, LOCK_ILOCK), "truncate_mutex") == 0,
	      "lock names '%s' '%s' '%s'", exec_lock_name(NULL, LOCK_ILOCK),
	      exec_lock_name(NULL, LOCK_I_MMAP), exec_lock_name(&me2, LOCK_ILOCK));

	s.t[0].held = (uint8_t)LOCK_SHARED_BIT(LOCK_ILOCK);
	CHECK(exec_enabled(&mz, &s, 1) == 0, "ILOCK held shared by T0: T1 may take it exclusive");

	s.t[0].held = (uint8_t)(LOCK_EXCL_BIT(LOCK_I_MMAP) | LOCK_SHARED_BIT(LOCK_I_MMAP));
	CHECK(exec_enabled(&mz, &s, 1) == 1, "another lock held: T1 cannot take ILOCK");
	CHECK(exec_blocked_on(&mz, &s, 1) == -1, "T1 enabled but blocked on %d",
	      exec_blocked_on(&mz, &s, 1));

	s.t[0].held = 0;
	CHECK(exec_enabled(&mz, &s, 1) == 1, "ILOCK free: T1 cannot take it");
	exec_step(&mz, &s, 1, &e);
	CHECK(e.kind == EFF_LOCK && e.block == LOCK_ILOCK && e.flag == 0,
	      "taking ILOCK: effect %d lock %u flag %u, want EFF_LOCK ILOCK exclusive",
	      e.kind, e.block, e.flag);
	CHECK(s.t[1].held == LOCK_EXCL_BIT(LOCK_ILOCK), "T1 holds 0x%x, want ILOCK exclusive",
	      s.t[1].held);
	CHECK(s.t[1].pc == relookup, "after ILOCK T1 at step %u, want xfs_bmapi_read (%d)",
	      s.t[1].pc, relookup);
	CHECK(exec_lock_holder(&mz, &s, 0, LOCK_ILOCK) == 1, "ILOCK holder %d, want T1",
	      exec_lock_holder(&mz, &s, 0, LOCK_ILOCK));
	CHECK(exec_enabled(&mz, &s, 0) == 0 && exec_blocked_on(&mz, &s, 0) == LOCK_ILOCK,
	      "T1 holds ILOCK, yet T0 at xfs_ilock is not blocked on it");
}

static void test_lock_shared(void)
{
	int lk = step_index(mg.st, "i_mmap_lock_read");
	struct step wr = one_step(PRIM_LOCK, LOCK_I_MMAP);
	struct state s;
	struct effect e;

	if (lk < 0) {
		CHECK(0, "dax-generic has no i_mmap_lock_read");
		return;
	}
	/* Two readers. */
	in_handler(&s, &sc, 1, lk);
	s.t[1].blk = 0;
	s.t[0].pc = (uint8_t)lk;
	s.t[0].held = (uint8_t)LOCK_SHARED_BIT(LOCK_I_MMAP);
	CHECK(exec_enabled(&mg, &s, 1) == 1, "T0 reads i_mmap_rwsem: T1 cannot read it too");
	CHECK(exec_blocked_on(&mg, &s, 1) == -1, "T1 reader blocked on %d by a reader",
	      exec_blocked_on(&mg, &s, 1));
	exec_step(&mg, &s, 1, &e);
	CHECK(e.kind == EFF_LOCK && e.block == LOCK_I_MMAP && e.flag == 1,
	      "down_read: effect %d lock %u flag %u, want EFF_LOCK i_mmap shared",
	      e.kind, e.block, e.flag);
	CHECK(s.t[1].held == LOCK_SHARED_BIT(LOCK_I_MMAP), "T1 holds 0x%x, want i_mmap shared",
	      s.t[1].held);
	CHECK(s.t[0].held == LOCK_SHARED_BIT(LOCK_I_MMAP), "T0's read lock changed to 0x%x",
	      s.t[0].held);
	/* A writer waits for the readers. */
	s.t[0].held = 0;
	CHECK(prim_enabled(&mg, &s, 0, &wr) == 0,
	      "T1 reads i_mmap_rwsem: T0 may take it exclusive");
	s.t[1].held = 0;
	CHECK(prim_enabled(&mg, &s, 0, &wr) == 1, "i_mmap_rwsem free: T0 cannot take it");

	/* A reader waits for a writer. */
	in_handler(&s, &sc, 1, lk);
	s.t[0].held = (uint8_t)LOCK_EXCL_BIT(LOCK_I_MMAP);
	CHECK(exec_enabled(&mg, &s, 1) == 0, "T0 writes i_mmap_rwsem: T1 may read it");
	CHECK(exec_blocked_on(&mg, &s, 1) == LOCK_I_MMAP, "T1 blocked on %d, want I_MMAP (%d)",
	      exec_blocked_on(&mg, &s, 1), LOCK_I_MMAP);
	CHECK(exec_lock_holder(&mg, &s, 1, LOCK_I_MMAP) == 0, "i_mmap holder %d, want T0",
	      exec_lock_holder(&mg, &s, 1, LOCK_I_MMAP));
}

static void test_unlock(void)
{
	struct step ux = one_step(PRIM_UNLOCK, LOCK_ILOCK);
	struct step us = one_step(PRIM_UNLOCK_SHARED, LOCK_I_MMAP);
	struct state s;
	struct effect e;

	state_init(&s, &sc);
	s.t[0].held = (uint8_t)(LOCK_EXCL_BIT(LOCK_ILOCK) | LOCK_SHARED_BIT(LOCK_I_MMAP));
	memset(&e, 0, sizeof(e));
	prim_run(&mg, &s, 0, 0, &ux, &e);
	CHECK(e.kind == EFF_UNLOCK && e.block == LOCK_ILOCK && e.flag == 0,
	      "unlock ILOCK: effect %d lock %u flag %u", e.kind, e.block, e.flag);
	CHECK(s.t[0].held == LOCK_SHARED_BIT(LOCK_I_MMAP),
	      "after unlocking ILOCK T0 holds 0x%x, want only i_mmap shared", s.t[0].held);
	memset(&e, 0, sizeof(e));
	prim_run(&mg, &s, 0, 0, &us, &e);
	CHECK(e.kind == EFF_UNLOCK && e.block == LOCK_I_MMAP && e.flag == 1,
	      "up_read i_mmap: effect %d lock %u flag %u", e.kind, e.block, e.flag);
	CHECK(s.t[0].held == 0, "after both unlocks T0 holds 0x%x", s.t[0].held);
}

/* --- block map and pool ---------------------------------------------------- */

static void test_get_block(void)
{
	struct step st = one_step(PRIM_GET_BLOCK, 0);
	struct state s;
	struct effect e;

	state_init(&s, &sc2);
	s.map[1] = 4;
	s.t[0].flags = TF_NEW;
	memset(&e, 0, sizeof(e));
	prim_run(&mg2, &s, 0, 1, &st, &e);
	CHECK(e.kind == EFF_LOOKUP && e.block == 4 && e.page == 1,
	      "lookup of page 1 (block 4): effect %d block %u page %u", e.kind, e.block, e.page);
	CHECK(s.t[0].blk == 4 && !(s.t[0].flags & TF_NEW),
	      "lookup of a mapped page: blk %u flags 0x%x, want 4, not new",
	      s.t[0].blk, s.t[0].flags);

	memset(&e, 0, sizeof(e));
	prim_run(&mg2, &s, 0, 0, &st, &e);
	CHECK(e.kind == EFF_LOOKUP && e.block == NO_BLOCK && s.t[0].blk == NO_BLOCK,
	      "lookup of a hole: effect %d block %u blk %u, want NO_BLOCK",
	      e.kind, e.block, s.t[0].blk);
}

static void test_get_block_create(void)
{
	struct step st = one_step(PRIM_GET_BLOCK_CREATE, 0);
	struct state s;
	struct effect e;

	/* On a hole: blocks 0 and 2 are taken, so block 1 is the lowest free. */
	state_init(&s, &sc2);
	s.allocated = 0x05;
	s.map[0] = 0;
	s.t[1].zpos = 1;
	memset(&e, 0, sizeof(e));
	prim_run(&mg2, &s, 1, 1, &st, &e);
	CHECK(e.kind == EFF_CREATE && e.flag == 1 && e.block == 1,
	      "create on a hole: effect %d flag %u block %u, want EFF_CREATE new block 1",
	      e.kind, e.flag, e.block);
	CHECK(s.map[1] == 1, "create on a hole: map[1] %u, want 1", s.map[1]);
	CHECK(s.allocated == 0x07, "create on a hole: pool 0x%02x, want 0x07", s.allocated);
	CHECK(s.t[1].blk == 1 && (s.t[1].flags & TF_NEW) && s.t[1].zpos == 0,
	      "create on a hole: blk %u flags 0x%x zpos %u, want 1 TF_NEW 0",
	      s.t[1].blk, s.t[1].flags, s.t[1].zpos);
	CHECK(s.map[0] == 0, "create on page 1 changed page 0's map entry to %u", s.map[0]);

	/* On a mapped page: that block, not new, nothing allocated. */
	state_init(&s, &sc2);
	s.map[0] = 6;
	s.allocated = 0x40;
	s.t[0].flags = TF_NEW;
	memset(&e, 0, sizeof(e));
	prim_run(&mg2, &s, 0, 0, &st, &e);
	CHECK(e.kind == EFF_CREATE && e.flag == 0 && e.block == 6,
	      "create on a mapped page: effect %d flag %u block %u, want not new block 6",
	      e.kind, e.flag, e.block);
	CHECK(s.map[0] == 6 && s.allocated == 0x40,
	      "create on a mapped page: map %u pool 0x%02x, want 6 0x40", s.map[0], s.allocated);
	CHECK(s.t[0].blk == 6 && !(s.t[0].flags & TF_NEW),
	      "create on a mapped page: blk %u flags 0x%x, want 6, not new",
	      s.t[0].blk, s.t[0].flags);
}

static void test_alloc_and_map(void)
{
	struct step al = one_step(PRIM_ALLOC, 0);
	struct step mp = one_step(PRIM_MAP_BLOCK, 0);
	struct state s;
	struct effect e;

	state_init(&s, &sc2);
	s.allocated = 0x03;
	s.t[0].zpos = 1;
	memset(&e, 0, sizeof(e));
	prim_run(&mg2, &s, 0, 1, &al, &e);
	CHECK(e.kind == EFF_ALLOC && e.block == 2, "alloc: effect %d block %u, want block 2",
	      e.kind, e.block);
	CHECK(s.allocated == 0x07, "alloc: pool 0x%02x, want 0x07", s.allocated);
	CHECK(s.t[0].blk == 2 && (s.t[0].flags & TF_NEW) && s.t[0].zpos == 0,
	      "alloc: blk %u flags 0x%x zpos %u, want 2 TF_NEW 0",
	      s.t[0].blk, s.t[0].flags, s.t[0].zpos);
	CHECK(s.map[1] == NO_BLOCK, "alloc put the block in the map: map[1] %u", s.map[1]);

	memset(&e, 0, sizeof(e));
	prim_run(&mg2, &s, 0, 1, &mp, &e);
	CHECK(e.kind == EFF_MAP && e.block == 2 && e.page == 1,
	      "map: effect %d block %u page %u, want EFF_MAP 2 1", e.kind, e.block, e.page);
	CHECK(s.map[1] == 2 && s.map[0] == NO_BLOCK, "map: map[0] %u map[1] %u, want hole 2",
	      s.map[0], s.map[1]);
	/* strategy.h: MAP_CLEAR_NEW returns the buffer not new. */
	CHECK(s.t[0].flags == 0 && s.t[0].blk == 2 && s.t[0].zpos == 0,
	      "map: flags 0x%x blk %u zpos %u, want BH_New cleared, 2, 0",
	      s.t[0].flags, s.t[0].blk, s.t[0].zpos);
	CHECK(s.allocated == 0x07, "map changed the pool to 0x%02x", s.allocated);
}

/* A strategy that leaks blocks runs the pool dry: the next allocation
 * waits (LOCK_POOL, "a free block"), it does not allocate past the pool. */
static void test_pool_dry(void)
{
	int alloc = step_index(mz.st, "xfs_bmap_alloc");
	int create = step_index(mg.st, "get_block(create=1)");
	struct state s;

	if (alloc < 0 || create < 0) {
		CHECK(0, "fs-zero-inside or dax-generic lacks the steps this test drives");
		return;
	}
	in_handler(&s, &sc, 0, alloc);
	s.t[0].blk = NO_BLOCK;
	CHECK(exec_enabled(&mz, &s, 0) == 1, "xfs_bmap_alloc with free blocks: not enabled");
	s.allocated = 0xff;
	CHECK(exec_enabled(&mz, &s, 0) == 0 && exec_blocked_on(&mz, &s, 0) == LOCK_POOL,
	      "xfs_bmap_alloc with every block allocated: enabled %d, blocked on %d",
	      exec_enabled(&mz, &s, 0), exec_blocked_on(&mz, &s, 0));
	CHECK(strcmp(exec_lock_name(&mz, LOCK_POOL), "a free block") == 0 &&
	      exec_lock_holder(&mz, &s, 0, LOCK_POOL) == -1, "the pool's name '%s', holder %d",
	      exec_lock_name(&mz, LOCK_POOL), exec_lock_holder(&mz, &s, 0, LOCK_POOL));

	/* get_block(create=1) waits only if it must allocate. */
	in_handler(&s, &sc, 0, create);
	s.allocated = 0xff;
	CHECK(exec_enabled(&mg, &s, 0) == 0 && exec_blocked_on(&mg, &s, 0) == LOCK_POOL,
	      "get_block(create=1) on a hole with the pool dry: enabled %d",
	      exec_enabled(&mg, &s, 0));
	s.map[0] = 3;
	CHECK(exec_enabled(&mg, &s, 0) == 1, "get_block(create=1) of a mapped page waits for "
	      "a free block");
}

static void test_zero_word(void)
{
	struct step st = one_step(PRIM_ZERO_WORD, 0);
	struct state s, before;
	struct effect e;

	state_init(&s, &sc);
	memset(s.data[2], 7, sizeof(s.data[2]));
	s.t[0].blk = 2;
	s.t[0].flags = TF_NEW;
	s.t[0].zpos = 1;
	before = s;
	memset(&e, 0, sizeof(e));
	prim_run(&mg, &s, 0, 0, &st, &e);
	CHECK(e.kind == EFF_ZERO && e.block == 2 && e.word == 1 && e.old == 7,
	      "zero: effect %d block %u word %u old %u, want EFF_ZERO 2 1 7",
	      e.kind, e.block, e.word, e.old);
	CHECK(s.data[2][1] == 0, "zero: block 2 word 1 is %u, want 0", s.data[2][1]);
	CHECK(s.data[2][0] == 7, "zero: block 2 word 0 changed to %u", s.data[2][0]);
	for (int w = 2; w < MAX_WORDS; w++)
		CHECK(s.data[2][w] == 7, "zero: block 2 word %d changed to %u", w, s.data[2][w]);
	for (int b = 0; b < MAX_BLOCKS; b++)
		if (b != 2)
			CHECK(memcmp(before.data[b], s.data[b], sizeof(s.data[b])) == 0,
			      "zero of block 2 changed block %d", b);
	CHECK(s.t[0].zpos == 2, "zero: zpos %u, want 2", s.t[0].zpos);
	CHECK(s.t[0].blk == 2 && s.t[0].flags == TF_NEW, "zero changed blk %u or flags 0x%x",
	      s.t[0].blk, s.t[0].flags);
}

/* write(2)'s copy: the value in the thread's block, and in the word's
 * shadow (a completed user store), reported as a store. */
static void test_copy(void)
{
	struct step st = one_step(PRIM_COPY, 0);
	struct scenario w = sc;
	struct model mw = { &w, mg.st };
	struct state s, before;
	struct effect e;

	w.prog[0].ops[0] = (struct op){ .kind = OP_WRITE, .page = 0, .word = 1, .value = 42, .pmd = 0 };
	state_init(&s, &w);
	memset(s.data[3], 7, sizeof(s.data[3]));
	s.t[0].blk = 3;
	before = s;
	memset(&e, 0, sizeof(e));
	prim_run(&mw, &s, 0, 0, &st, &e);
	CHECK(e.kind == EFF_STORE && e.block == 3 && e.word == 1 && e.value == 42 && e.old == 7,
	      "copy: effect %d block %u word %u value %u old %u, want EFF_STORE 3 1 42 7",
	      e.kind, e.block, e.word, e.value, e.old);
	CHECK(s.data[3][1] == 42 && s.shadow[0][1] == 42,
	      "copy: block 3 word 1 is %u, shadow %u, want 42 and 42", s.data[3][1],
	      s.shadow[0][1]);
	s.data[3][1] = 7;
	s.shadow[0][1] = 0;
	CHECK(memcmp(&s, &before, sizeof(s)) == 0, "copy changed more than its word and shadow");
}

/* --- page table ------------------------------------------------------------- */

static void test_insert_pfn(void)
{
	struct step st = one_step(PRIM_INSERT_PFN, 0);
	struct state s;
	struct effect e;

	state_init(&s, &sc2);
	s.t[0].blk = 2;
	memset(&e, 0, sizeof(e));
	prim_run(&mg2, &s, 0, 1, &st, &e);
	CHECK(e.kind == EFF_INSERT && e.flag == INSERT_DONE && e.block == 2,
	      "insert on no PTE: effect %d flag %u block %u, want EFF_INSERT DONE 2",
	      e.kind, e.flag, e.block);
	CHECK(s.pte[0][1] == 2 && s.pte[0][0] == PTE_NONE, "insert on no PTE: pte %u %u, want NONE 2",
	      s.pte[0][0], s.pte[0][1]);

	state_init(&s, &sc2);
	s.t[0].blk = 2;
	s.pte[0][1] = PTE_HOLE;
	memset(&e, 0, sizeof(e));
	prim_run(&mg2, &s, 0, 1, &st, &e);
	CHECK(e.kind == EFF_INSERT && e.flag == INSERT_EBUSY && e.old == PTE_HOLE,
	      "insert on the hole page: effect %d flag %u old %u, want EBUSY over the hole page",
	      e.kind, e.flag, e.old);
	CHECK(s.pte[0][1] == PTE_HOLE, "insert on the hole page: pte %u, want it left alone",
	      s.pte[0][1]);

	state_init(&s, &sc2);
	s.t[0].blk = 2;
	s.pte[0][1] = 5;
	memset(&e, 0, sizeof(e));
	prim_run(&mg2, &s, 0, 1, &st, &e);
	CHECK(e.kind == EFF_INSERT && e.flag == INSERT_EBUSY,
	      "insert on a block PTE: effect %d flag %u, want EBUSY", e.kind, e.flag);
	CHECK(s.pte[0][1] == 5, "insert on a block PTE changed it to %u, want 5", s.pte[0][1]);
}

static void test_load_hole(void)
{
	struct step st = one_step(PRIM_LOAD_HOLE, 0);
	static const uint8_t present[] = { 3, PTE_HOLE };
	struct state s;
	struct effect e;

	state_init(&s, &sc2);
	memset(&e, 0, sizeof(e));
	prim_run(&mg2, &s, 0, 1, &st, &e);
	CHECK(e.kind == EFF_LOAD_HOLE && e.flag == 1,
	      "load_hole on no PTE: effect %d flag %u, want EFF_LOAD_HOLE 1", e.kind, e.flag);
	CHECK(s.pte[0][1] == PTE_HOLE && s.pte[0][0] == PTE_NONE,
	      "load_hole on no PTE: pte %u %u, want NONE HOLE", s.pte[0][0], s.pte[0][1]);

	for (size_t i = 0; i < sizeof(present); i++) {
		state_init(&s, &sc2);
		s.pte[0][1] = present[i];
		memset(&e, 0, sizeof(e));
		prim_run(&mg2, &s, 0, 1, &st, &e);
		CHECK(e.kind == EFF_LOAD_HOLE && e.flag == 0,
		      "load_hole on PTE %u: effect %d flag %u, want EFF_LOAD_HOLE 0",
		      present[i], e.kind, e.flag);
		CHECK(s.pte[0][1] == present[i], "load_hole replaced PTE %u with %u",
		      present[i], s.pte[0][1]);
	}

	/* Without mm's pte_same check (a known-bad twin's mutation) the hole
	 * page replaces a block's PTE. */
	st.arg = HOLE_NO_PTE_SAME;
	for (size_t i = 0; i < sizeof(present); i++) {
		state_init(&s, &sc2);
		s.pte[0][1] = present[i];
		memset(&e, 0, sizeof(e));
		prim_run(&mg2, &s, 0, 1, &st, &e);
		CHECK(s.pte[0][1] == PTE_HOLE && e.flag == (present[i] != PTE_HOLE),
		      "load_hole without pte_same on PTE %u: PTE %u, flag %u", present[i],
		      s.pte[0][1], e.flag);
	}
}

/* truncate_pagecache_range: the punched page's PTE zapped and its hole
 * page dropped from the page cache; the other page's left alone. */
/* The DAX entry's wait queue (model/prims/waitq.c): three faults on one
 * page, T0 holding the entry, T1 and T2 asleep on it in that order. */
static void three_on_one_entry(const struct model *m, struct state *s)
{
	struct step grab = one_step(PRIM_GRAB_ENTRY, LOCK_ENTRY);
	struct effect e;

	state_init(s, m->sc);
	for (int t = 0; t < 3; t++) {
		s->t[t].pc = 0;
		CHECK(prim_enabled(m, s, t, &grab), "T%d cannot run grab_entry", t);
		memset(&e, 0, sizeof(e));
		prim_run(m, s, t, 0, &grab, &e);
		CHECK(t ? e.kind == EFF_SLEEP && e.value == t && s->waitq[t] == t :
			  e.kind == EFF_LOCK && (s->t[0].held & LOCK_EXCL_BIT(LOCK_ENTRY)),
		      "T%d's grab_entry: effect %d place %u, want %s", t, e.kind, s->waitq[t],
		      t ? "asleep, in order" : "the entry locked");
	}
	CHECK(!prim_enabled(m, s, 1, &grab) && !prim_enabled(m, s, 2, &grab),
	      "a sleeper can move before it is woken");
}

static void test_wait_queue(void)
{
	struct step load = one_step(PRIM_LOAD_HOLE, HOLE_PTE_SAME);
	struct step put = one_step(PRIM_PUT_ENTRY, LOCK_ENTRY);
	struct step grab = one_step(PRIM_GRAB_ENTRY, LOCK_ENTRY);
	struct scenario s3;
	struct model m = { &s3, strategy_find("entry-lock") };
	struct state s;
	struct effect e;
	char err[256];

	CHECK(scenario_default(&s3, 3, 1, 3, err, sizeof(err)) == 0, "%s", err);
	/* v4.7's page_cache_tree_insert: the hole page wakes the head only;
	 * the page then stands for the entry: T1 waits for its lock, and its
	 * unlock_page wakes nobody on the DAX queue. */
	three_on_one_entry(&m, &s);
	memset(&e, 0, sizeof(e));
	prim_run(&m, &s, 0, 0, &load, &e);
	CHECK(s.waitq[1] == 0 && s.waitq[2] == 1 && e.word == 1 && e.value == 2 && e.old == 1,
	      "wake-one: places %u %u, woke %u (T%d), left %u; want T1 off, T2 first",
	      s.waitq[1], s.waitq[2], e.word, e.value - 1, e.old);
	CHECK(!prim_enabled(&m, &s, 1, &grab), "T1 takes the hole page's lock from T0");
	memset(&e, 0, sizeof(e));
	prim_run(&m, &s, 0, 0, &put, &e);
	CHECK(s.waitq[2] == 1 && e.word == 0 && prim_enabled(&m, &s, 1, &grab),
	      "unlock_page of the hole page: T2's place %u, woke %u; T1 cannot take it",
	      s.waitq[2], e.word);
	/* 965d004af540: the hole page wakes every sleeper. */
	three_on_one_entry(&m, &s);
	load.arg = HOLE_WAKE_ALL;
	memset(&e, 0, sizeof(e));
	prim_run(&m, &s, 0, 0, &load, &e);
	CHECK(s.waitq[1] == 0 && s.waitq[2] == 0 && e.word == 2 && e.value == 0,
	      "wake-all: places %u %u, woke %u", s.waitq[1], s.waitq[2], e.word);
	/* A hole page already cached: nothing inserted, nobody woken. */
	three_on_one_entry(&m, &s);
	s.cache = 1;
	memset(&e, 0, sizeof(e));
	prim_run(&m, &s, 0, 0, &load, &e);
	CHECK(s.waitq[1] == 1 && s.waitq[2] == 2 && e.word == 0,
	      "load_hole of a cached page woke %u", e.word);
	/* dax_unlock_mapping_entry: a DAX entry's unlock wakes the head. */
	three_on_one_entry(&m, &s);
	memset(&e, 0, sizeof(e));
	prim_run(&m, &s, 0, 0, &put, &e);
	CHECK(s.waitq[1] == 0 && s.waitq[2] == 1 && e.value == 2 && s.t[0].held == 0,
	      "put_entry: places %u %u, woke T%d, held 0x%x", s.waitq[1], s.waitq[2],
	      e.value - 1, s.t[0].held);
	/* The woken one looks again: free, it takes the entry; T2 sleeps on. */
	CHECK(prim_enabled(&m, &s, 1, &grab) && !prim_enabled(&m, &s, 2, &grab),
	      "after the wake-up T1 cannot move, or T2 can");
}

static void test_unmap(void)
{
	struct step st = one_step(PRIM_UNMAP, 0);
	struct state s;
	struct effect e;

	state_init(&s, &sc2);
	s.pte[0][0] = PTE_HOLE;
	s.pte[0][1] = PTE_HOLE;
	s.cache = 3;
	memset(&e, 0, sizeof(e));
	prim_run(&mg2, &s, 0, 1, &st, &e);
	CHECK(e.kind == EFF_UNMAP && e.block == PTE_HOLE && e.flag == 1,
	      "unmap of a cached hole page: effect %d block %u flag %u", e.kind, e.block, e.flag);
	CHECK(s.pte[0][1] == PTE_NONE && s.cache == 1 && s.pte[0][0] == PTE_HOLE,
	      "unmap of page 1: pte %u %u, cache %u; want HOLE NONE, cache 1 (page 0's)",
	      s.pte[0][0], s.pte[0][1], s.cache);
}

/* --- handler control flow ------------------------------------------------ */

/* Skips follow the thread's own locals: the path through dax-generic. */
static void test_handler_skips(void)
{
	int create = step_index(mg.st, "get_block(create=1)");
	int hole = step_index(mg.st, "dax_load_hole");
	int drop = step_index(mg.st, "find_lock_page");
	int lk = step_index(mg.st, "i_mmap_lock_read");
	int zero = step_index(mg.st, "clear_pmem");
	int insert = step_index(mg.st, "vm_insert_mixed");
	struct state s;
	struct effect e;

	if (create < 0 || hole < 0 || drop < 0 || lk < 0 || zero < 0 || insert < 0) {
		CHECK(0, "dax-generic lacks the steps this test drives");
		return;
	}
	/* A write fault on a hole: lookup, create, lock, zero each word. */
	state_init(&s, &sc);
	exec_step(&mg, &s, 0, &e);		/* fault */
	exec_step(&mg, &s, 0, &e);		/* get_block(create=0) */
	CHECK(s.t[0].pc == create, "write fault on a hole: after lookup at %u, want %d",
	      s.t[0].pc, create);
	exec_step(&mg, &s, 0, &e);
	CHECK(s.t[0].pc == drop, "after create at %u, want find_lock_page %d", s.t[0].pc, drop);
	exec_step(&mg, &s, 0, &e);
	CHECK(s.t[0].pc == lk, "after find_lock_page at %u, want i_mmap_lock_read %d",
	      s.t[0].pc, lk);
	exec_step(&mg, &s, 0, &e);
	CHECK(s.t[0].pc == zero, "new block: after the lock at %u, want clear_pmem %d",
	      s.t[0].pc, zero);
	exec_step(&mg, &s, 0, &e);
	CHECK(s.t[0].pc == zero && s.t[0].zpos == 1,
	      "one word of two zeroed: at %u zpos %u, want clear_pmem again, zpos 1",
	      s.t[0].pc, s.t[0].zpos);
	exec_step(&mg, &s, 0, &e);
	CHECK(s.t[0].pc == insert && s.t[0].zpos == 2,
	      "both words zeroed: at %u zpos %u, want vm_insert_mixed %d, zpos 2",
	      s.t[0].pc, s.t[0].zpos, insert);

	/* A write fault on a mapped page skips create, load_hole and zeroing. */
	state_init(&s, &sc);
	s.map[0] = 0;
	s.allocated = 1;
	exec_step(&mg, &s, 1, &e);		/* fault */
	exec_step(&mg, &s, 1, &e);		/* get_block(create=0): block 0 */
	CHECK(s.t[1].pc == drop, "write fault on a mapped page: after lookup at %u, want %d",
	      s.t[1].pc, drop);
	exec_step(&mg, &s, 1, &e);		/* find_lock_page */
	exec_step(&mg, &s, 1, &e);
	CHECK(s.t[1].pc == insert, "not new: after the lock at %u, want vm_insert_mixed %d",
	      s.t[1].pc, insert);

	/* A read fault on a hole goes to dax_load_hole. */
	state_init(&s, &sc_load);
	exec_step(&mg_load, &s, 0, &e);		/* fault */
	exec_step(&mg_load, &s, 0, &e);		/* get_block(create=0): hole */
	CHECK(s.t[0].pc == hole, "read fault on a hole: after lookup at %u, want load_hole %d",
	      s.t[0].pc, hole);
	CHECK(s.allocated == 0 && s.map[0] == NO_BLOCK, "a read fault allocated a block");
}

static void test_handler_returns(void)
{
	int unlock = step_index(mg.st, "i_mmap_unlock_read");
	int insert = step_index(mg.st, "vm_insert_mixed");
	int hole = step_index(mg.st, "dax_load_hole");
	struct state s;
	struct effect e;

	if (unlock < 0 || insert < 0 || hole < 0) {
		CHECK(0, "dax-generic lacks the steps this test drives");
		return;
	}
	/* A step that does not end the handler. */
	in_handler(&s, &sc, 0, insert);
	s.t[0].blk = 0;
	s.t[0].held = (uint8_t)LOCK_SHARED_BIT(LOCK_I_MMAP);
	exec_step(&mg, &s, 0, &e);
	CHECK(e.returned == 0 && s.t[0].pc == unlock,
	      "vm_insert_mixed: returned %u pc %u, want 0 and i_mmap_unlock_read %d",
	      e.returned, s.t[0].pc, unlock);

	/* The last step: locals reset, back in user space, the access retried. */
	s.t[0].flags = TF_NEW;
	s.t[0].zpos = 2;
	exec_step(&mg, &s, 0, &e);
	CHECK(e.kind == EFF_UNLOCK && e.returned == 1,
	      "i_mmap_unlock_read: effect %d returned %u, want EFF_UNLOCK 1", e.kind, e.returned);
	CHECK(s.t[0].pc == PC_USER, "after the handler returned pc is %u", s.t[0].pc);
	CHECK(s.t[0].blk == NO_BLOCK && s.t[0].flags == 0 && s.t[0].zpos == 0 &&
	      s.t[0].held == 0, "after return blk %u flags 0x%x zpos %u held 0x%x, want reset",
	      s.t[0].blk, s.t[0].flags, s.t[0].zpos, s.t[0].held);
	CHECK(s.t[0].ip == 0, "the handler returned but ip is %u, want 0 (retry)", s.t[0].ip);
	exec_step(&mg, &s, 0, &e);
	CHECK(e.kind == EFF_STORE && s.data[0][0] == 1 && s.t[0].ip == 1,
	      "the retried store: effect %d data %u ip %u, want EFF_STORE 1 1",
	      e.kind, s.data[0][0], s.t[0].ip);

	/* dax_load_hole returns; the retried load reads the hole page. */
	in_handler(&s, &sc_load, 0, hole);
	exec_step(&mg_load, &s, 0, &e);
	CHECK(e.kind == EFF_LOAD_HOLE && e.flag == 1 && e.returned == 1,
	      "dax_load_hole: effect %d flag %u returned %u, want mapped and returned",
	      e.kind, e.flag, e.returned);
	CHECK(s.t[0].pc == PC_USER && s.pte[0][0] == PTE_HOLE,
	      "after dax_load_hole pc %u pte %u, want PC_USER PTE_HOLE", s.t[0].pc, s.pte[0][0]);
	exec_step(&mg_load, &s, 0, &e);
	CHECK(e.kind == EFF_LOAD && e.value == 0 && s.t[0].ip == 1,
	      "the retried load: effect %d value %u ip %u, want EFF_LOAD 0 1",
	      e.kind, e.value, s.t[0].ip);
}

/* One thread alone, start to end, under each strategy: the step count. */
static void solo(const struct model *m, int want_steps)
{
	struct state s;
	struct effect e;
	int steps = 0, b;

	state_init(&s, m->sc);
	while (exec_enabled(m, &s, 0) && steps < 100) {
		exec_step(m, &s, 0, &e);
		steps++;
	}
	b = s.map[0];
	CHECK(steps == want_steps, "%s: T0 alone took %d steps, want %d",
	      m->st->name, steps, want_steps);
	CHECK(exec_done(m, &s, 0), "%s: T0 alone did not finish", m->st->name);
	CHECK(b == 0 && s.pte[0][0] == 0 && s.allocated == 0x01,
	      "%s: T0 alone: map %u pte %u pool 0x%02x, want block 0 mapped and allocated",
	      m->st->name, s.map[0], s.pte[0][0], s.allocated);
	CHECK(b == 0 && s.data[0][0] == 1 && s.data[0][1] == 0,
	      "%s: T0 alone: block words %u %u, want 1 0 (stored, zeroed)", m->st->name,
	      s.data[0][0], s.data[0][1]);
	CHECK(s.t[0].pc == PC_USER && s.t[0].held == 0, "%s: T0 alone ends at pc %u held 0x%x",
	      m->st->name, s.t[0].pc, s.t[0].held);
}

static void test_solo_runs(void)
{
	/*
	 * dax-generic: fault, get_block(0), get_block(1), find_lock_page,
	 * lock, zero x2, insert, unlock, store.  fs-zero-inside: fault,
	 * get_block(0), ilock, bmapi_read, alloc, zero x2, add_extent,
	 * iunlock, find_lock_page, lock, insert, unlock, store.
	 */
	solo(&mg, 10);
	solo(&mz, 14);
}

/* --- strategy tables --------------------------------------------------------- */

static int validate(const struct step *steps, int n, char *err, size_t errlen)
{
	struct strategy st = { .name = "bad", .summary = "a hand-made table", .source = "test",
			       .h = { { steps, n }, { steps, n } } };

	err[0] = '\0';
	return strategy_validate(&st, err, errlen);
}

static void test_validate(void)
{
	char err[256];

	for (int i = 0; i < strategy_count(); i++) {
		err[0] = '\0';
		CHECK(strategy_validate(strategy_get(i), err, sizeof(err)) == 0,
		      "registered strategy %s does not validate: %s", strategy_get(i)->name, err);
	}
	CHECK(strategy_count() >= 2, "%d strategies registered, want at least 2", strategy_count());
	CHECK(strategy_find("dax-generic") && strategy_find("fs-zero-inside") &&
	      !strategy_find("no-such-strategy"), "strategy_find");

	{	/* A good table with a long chain of skips. */
		static const struct step t[] = {
			{ "a", PRIM_GET_BLOCK, 0, WHEN_NEW, STEP_RETURN, 1 },
			{ "b", PRIM_GET_BLOCK, 0, WHEN_WRITE, 2, 2 },
			{ "c", PRIM_GET_BLOCK, 0, WHEN_READ, STEP_RETURN, STEP_RETURN },
		};
		CHECK(validate(t, 3, err, sizeof(err)) == 0,
		      "a well-formed chain of skips was refused: %s", err);
	}
	{	/* next out of range */
		static const struct step t[] = {
			{ "a", PRIM_GET_BLOCK, 0, 0, 1, STEP_RETURN },
		};
		CHECK(validate(t, 1, err, sizeof(err)) == -1, "next 1 of a 1-step table accepted");
		CHECK(err[0] != '\0', "refused without a message");
	}
	{	/* skip out of range, negative */
		static const struct step t[] = {
			{ "a", PRIM_GET_BLOCK, 0, WHEN_NEW, STEP_RETURN, -2 },
		};
		CHECK(validate(t, 1, err, sizeof(err)) == -1, "skip -2 accepted");
	}
	{	/* two steps skipping to each other */
		static const struct step t[] = {
			{ "a", PRIM_GET_BLOCK, 0, WHEN_NEW, STEP_RETURN, 1 },
			{ "b", PRIM_GET_BLOCK, 0, WHEN_NEW, STEP_RETURN, 0 },
		};
		CHECK(validate(t, 2, err, sizeof(err)) == -1, "a cycle of two skips accepted");
		CHECK(strstr(err, "cycle") != NULL, "cycle refused with '%s'", err);
	}
	{	/* a step skipping to itself */
		static const struct step t[] = {
			{ "a", PRIM_GET_BLOCK, 0, 0, 1, 1 },
			{ "b", PRIM_ZERO_WORD, 0, WHEN_ZEROING, 1, 1 },
		};
		CHECK(validate(t, 2, err, sizeof(err)) == -1, "a step skipping to itself accepted");
	}
	{	/* lock argument out of range */
		static const struct step t[] = {
			{ "a", PRIM_LOCK, NR_LOCKS, 0, 1, 1 },
			{ "b", PRIM_UNLOCK, LOCK_ILOCK, 0, STEP_RETURN, STEP_RETURN },
		};
		CHECK(validate(t, 2, err, sizeof(err)) == -1, "lock %d accepted", NR_LOCKS);
	}
	{
		static const struct step t[] = {
			{ "a", PRIM_UNLOCK_SHARED, -1, 0, STEP_RETURN, STEP_RETURN },
		};
		CHECK(validate(t, 1, err, sizeof(err)) == -1, "up_read of lock -1 accepted");
	}
	{	/* dax_load_hole's argument is HOLE_PTE_SAME, HOLE_NO_PTE_SAME or
		 * HOLE_WAKE_ALL */
		static const struct step t[] = {
			{ "a", PRIM_LOAD_HOLE, 3, 0, STEP_RETURN, STEP_RETURN },
		};
		CHECK(validate(t, 1, err, sizeof(err)) == -1, "dax_load_hole argument 3 accepted");
	}
	{	/* every path: an unlock without the lock */
		static const struct step t[] = {
			{ "a", PRIM_LOCK, LOCK_ILOCK, WHEN_WRITE, 1, 1 },
			{ "b", PRIM_UNLOCK, LOCK_ILOCK, 0, STEP_RETURN, STEP_RETURN },
		};
		CHECK(validate(t, 2, err, sizeof(err)) == -1 &&
		      strstr(err, "b can run without ILOCK held exclusive"),
		      "an unlock a read fault reaches without the lock: '%s'", err);
	}
	{	/* a path that returns holding a lock */
		static const struct step t[] = {
			{ "a", PRIM_LOCK_SHARED, LOCK_I_MMAP, 0, 1, 1 },
			{ "b", PRIM_GET_BLOCK, 0, 0, 2, 2 },
			{ "c", PRIM_UNLOCK_SHARED, LOCK_I_MMAP, WHEN_MAPPED, STEP_RETURN, STEP_RETURN },
		};
		CHECK(validate(t, 3, err, sizeof(err)) == -1 &&
		      strstr(err, "can return after it holding i_mmap_rwsem"),
		      "a hole returns holding i_mmap_rwsem: '%s'", err);
	}
	{	/* a read lock taken twice; a PTE with no block; an allocation leaked */
		static const struct step shared2[] = {
			{ "a", PRIM_LOCK_SHARED, LOCK_I_MMAP, 0, 1, 1 },
			{ "b", PRIM_LOCK_SHARED, LOCK_I_MMAP, 0, 2, 2 },
			{ "c", PRIM_UNLOCK_SHARED, LOCK_I_MMAP, 0, 3, 3 },
			{ "d", PRIM_UNLOCK_SHARED, LOCK_I_MMAP, 0, STEP_RETURN, STEP_RETURN },
		};
		static const struct step nopte[] = {
			{ "a", PRIM_GET_BLOCK, 0, 0, 1, 1 },
			{ "b", PRIM_INSERT_PFN, 0, 0, STEP_RETURN, STEP_RETURN },
		};
		static const struct step leak[] = {
			{ "a", PRIM_ALLOC, 0, 0, 1, 1 },
			{ "b", PRIM_MAP_BLOCK, MAP_CLEAR_NEW, WHEN_READ, STEP_RETURN, STEP_RETURN },
		};
		static const struct step zero[] = {
			{ "a", PRIM_ALLOC, 0, 0, 1, 1 },
			{ "b", PRIM_ZERO_WORD, 0, WHEN_NEW, 2, 2 },
			{ "c", PRIM_MAP_BLOCK, MAP_CLEAR_NEW, 0, STEP_RETURN, STEP_RETURN },
		};
		CHECK(validate(shared2, 4, err, sizeof(err)) == -1 && strstr(err, "second time"),
		      "down_read twice: '%s'", err);
		CHECK(validate(nopte, 2, err, sizeof(err)) == -1 &&
		      strstr(err, "b can run with no block to install"), "no block: '%s'", err);
		CHECK(validate(leak, 2, err, sizeof(err)) == -1 && strstr(err, "leak"),
		      "a block left out of the map: '%s'", err);
		CHECK(validate(zero, 3, err, sizeof(err)) == -1 && strstr(err, "if zeroing"),
		      "zero_word without 'if zeroing': '%s'", err);
	}
	{	/* a lock taken twice waits for itself: the search reports it */
		static const struct step t[] = {
			{ "a", PRIM_LOCK, LOCK_ILOCK, 0, 1, 1 },
			{ "b", PRIM_LOCK, LOCK_ILOCK, 0, 2, 2 },
			{ "c", PRIM_UNLOCK, LOCK_ILOCK, 0, STEP_RETURN, STEP_RETURN },
		};
		CHECK(validate(t, 3, err, sizeof(err)) == 0,
		      "a self-deadlock refused rather than searched: '%s'", err);
	}
	{	/* no steps; a nameless step */
		static const struct step t[] = {
			{ "", PRIM_GET_BLOCK, 0, 0, STEP_RETURN, STEP_RETURN },
		};
		CHECK(validate(t, 0, err, sizeof(err)) == -1, "an empty handler accepted");
		CHECK(validate(t, 1, err, sizeof(err)) == -1, "a step without a name accepted");
	}
	{
		/*
		 * Step b's skip is out of range (2 of 2 steps).  The array has
		 * a third entry past the table's end, skipping back to a: if
		 * the validator follows a's chain of skips through b's bad
		 * target before range-checking b, it reads past the table and
		 * reports a cycle that the table does not contain.
		 */
		static const struct step t[] = {
			{ "a", PRIM_GET_BLOCK, 0, WHEN_NEW, STEP_RETURN, 1 },
			{ "b", PRIM_GET_BLOCK, 0, WHEN_NEW, STEP_RETURN, 2 },
			{ "past-the-end", PRIM_GET_BLOCK, 0, WHEN_NEW, STEP_RETURN, 0 },
		};
		CHECK(validate(t, 2, err, sizeof(err)) == -1, "skip 2 of a 2-step table accepted");
		CHECK(strstr(err, "out of range") != NULL && strstr(err, "step b") != NULL,
		      "skip out of range in step b reported as '%s': the validator read "
		      "the entry past the end of the table", err);
	}
}

/* --- footprints ---------------------------------------------------------------- */

static uint32_t rng_state = 12345;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* A random state of sc2 in which step st can run for thread tid. */
static void random_state(struct state *s, int tid, const struct step *st)
{
	state_init(s, &sc2);
	for (int p = 0; p < MAX_PAGES; p++) {
		uint32_t r = rnd() % 10;

		s->map[p] = r < 8 ? (uint8_t)r : NO_BLOCK;
		for (int mm = 0; mm < MAX_MMS; mm++) {
			r = rnd() % 10;
			s->pte[mm][p] = r < 8 ? (uint8_t)r : r == 8 ? PTE_HOLE : PTE_NONE;
		}
	}
	for (int b = 0; b < MAX_BLOCKS; b++)
		for (int w = 0; w < MAX_WORDS; w++)
			s->data[b][w] = (uint8_t)rnd();
	for (int p = 0; p < MAX_PAGES; p++)
		for (int w = 0; w < MAX_WORDS; w++)
			s->shadow[p][w] = (uint8_t)(rnd() % 4);
	s->allocated = (uint8_t)(rnd() % 255);	/* never full */
	s->cache = (uint8_t)rnd();
	s->unwritten = (uint8_t)rnd();
	/* Persistence (sc2 has `crash`): values of a scenario's kinds. */
	for (int b = 0; b < MAX_BLOCKS; b++) {
		for (int w = 0; w < MAX_WORDS; w++) {
			static const uint8_t vals[] = { VAL_ZERO, 1, 2, VAL_STALE };

			s->media[b][w] = vals[rnd() % 4];
			s->flight[b][w] = rnd() % 3 ? FLIGHT_NONE : vals[rnd() % 4];
		}
	}
	for (int p = 0; p < MAX_PAGES; p++) {
		uint32_t r = rnd() % 20;

		s->committed[p] = r < 8 ? (uint8_t)r : r < 16 ? (uint8_t)((r - 8) | MAPE_UNWRITTEN)
				: NO_BLOCK;
		r = rnd() % 20;
		s->durable[p] = r < 8 ? (uint8_t)r : r < 16 ? (uint8_t)((r - 8) | MAPE_UNWRITTEN)
			      : NO_BLOCK;
	}
	s->wpq = (uint8_t)rnd();
	/* The huge page (when sc2 has one): the PMD slot as it may be, a
	 * corrupt one too, its 2 MiB entry and the 4 KiB entries under it. */
	if (sc2.huge_pages) {
		static const uint8_t slots[] = { 0, SLOT_TABLE, SLOT_LEAF, SLOT_LEAF | SLOT_HZP,
						 SLOT_LEAF | SLOT_TABLE };

		for (int mm = 0; mm < MAX_MMS; mm++)
			s->slot[mm] = slots[rnd() % 5];
		s->hentry = (uint8_t)(rnd() % 4);
		s->pentry = (uint8_t)(rnd() & ((1u << sc2.huge_pages) - 1) << sc2.huge_first);
	}
	for (int i = 0; i < sc2.nthreads; i++) {
		uint32_t r = rnd() % 9;

		s->t[i].pc = 0;
		s->t[i].blk = r < 8 ? (uint8_t)r : NO_BLOCK;
		s->t[i].flags = (uint8_t)(rnd() % 4);	/* TF_NEW, TF_UNWRITTEN */
		if (sc2.huge_pages)
			s->t[i].flags |= (uint8_t)(rnd() & (TF_HENTRY | TF_BUSY | TF_FALLBACK));
		s->t[i].zpos = (uint8_t)(rnd() % sc2.words);
		s->t[i].held = (uint16_t)(rnd() % (1u << (2 * NR_LOCKS)));
		s->t[i].wback = (uint8_t)rnd();
		s->waitq[i] = (uint8_t)(rnd() % 4 ? 0 : 1 + rnd() % 3);
	}
	/* The primitive's own preconditions. */
	if (s->t[tid].blk == NO_BLOCK &&
	    (st->prim == PRIM_ZERO_WORD || st->prim == PRIM_MAP_BLOCK ||
	     st->prim == PRIM_INSERT_PFN || st->prim == PRIM_COPY))
		s->t[tid].blk = (uint8_t)(rnd() % 8);
	if (st->prim == PRIM_UNLOCK || st->prim == PRIM_PUT_ENTRY)
		s->t[tid].held |= (uint16_t)LOCK_EXCL_BIT(st->arg);
	if (st->prim == PRIM_UNLOCK_SHARED)
		s->t[tid].held |= (uint16_t)LOCK_SHARED_BIT(st->arg);
	if (st->prim == PRIM_PUT_SIZED)
		s->t[tid].held |= (uint16_t)LOCK_EXCL_BIT(LOCK_ENTRY);
	if (s->t[tid].blk == NO_BLOCK &&
	    (st->prim == PRIM_INSERT_PMD || st->prim == PRIM_ZERO_PMD ||
	     st->prim == PRIM_INSERT_PMD_NONE))
		s->t[tid].blk = (uint8_t)(rnd() % 8);
	/* zero_pmd clears the blocks the huge page's map holds: all mapped */
	for (int q = sc2.huge_first; st->prim == PRIM_ZERO_PMD &&
	     q < sc2.huge_first + sc2.huge_pages; q++)
		if (s->map[q] == NO_BLOCK)
			s->map[q] = (uint8_t)(rnd() % 8);
}

static int has(const uint64_t *v, int word, int bit)
{
	return (v[word] >> bit) & 1;
}

/* The resource bit of a lock instance's shared (mode 0) or exclusive
 * (mode 1) holders. */
static void lock_res(int l, int page, int mode, int *word, int *bit)
{
	footprint_lock_bit(l, page, word, bit);
	*bit += mode;
}

/*
 * Count the shared objects that step st, run by tid on page, changed from
 * a to b outside its footprint fp in a: each changed object's bit must be
 * written (a lock's exclusive holder), or counted (its shared holders).
 * Thread tid's own position and locals are its own; other threads' never
 * change.
 */
static int outside_footprint(const struct state *a, const struct state *b, int tid, int page,
			     const struct footprint *fp, char *what, size_t len)
{
	int n = 0, w, bit;

	what[0] = '\0';
	for (int i = 0; i < MAX_THREADS; i++) {
		struct thread_state ta = a->t[i], tb = b->t[i];

		ta.wback = tb.wback = 0;	/* below: a block's flights */
		if (i != tid && memcmp(&ta, &tb, sizeof(ta)) != 0) {
			snprintf(what, len, "T%d's locals", i);
			n++;
		}
		for (int bl = 0; bl < MAX_BLOCKS; bl++)
			if ((a->t[i].wback ^ b->t[i].wback) >> bl & 1 &&
			    !has(fp->write, FP_DUR, FP_FLIGHT(bl))) {
				snprintf(what, len, "T%d's wback of block %d", i, bl);
				n++;
			}
	}
	for (int l = 0; l < NR_LOCKS; l++) {
		for (int mode = 0; mode < 2; mode++) {
			unsigned hb = mode ? LOCK_EXCL_BIT(l) : LOCK_SHARED_BIT(l);

			if (!((a->t[tid].held ^ b->t[tid].held) & hb))
				continue;
			lock_res(l, page, mode, &w, &bit);
			if (!has(mode ? fp->write : fp->count, w, bit)) {
				snprintf(what, len, "lock %d's %s holders", l, mode ? "exclusive" : "shared");
				n++;
			}
		}
	}
	if (memcmp(a->slot, b->slot, sizeof(a->slot)) && !has(fp->write, FP_HUGE, FP_SLOT)) {
		snprintf(what, len, "the PMD slot");
		n++;
	}
	if (a->hentry != b->hentry && !has(fp->write, FP_HUGE, FP_HENTRY)) {
		snprintf(what, len, "the 2 MiB entry");
		n++;
	}
	for (int p = 0; p < MAX_PAGES; p++) {
		if ((a->pentry ^ b->pentry) >> p & 1 && !has(fp->write, FP_HUGE, FP_PENTRY(p))) {
			snprintf(what, len, "page %d's 4 KiB entry", p);
			n++;
		}
		if (a->map[p] != b->map[p] && !has(fp->write, FP_MISC, FP_MAP(p))) {
			snprintf(what, len, "map[%d]", p);
			n++;
		}
		for (int mm = 0; mm < MAX_MMS; mm++)
			if (a->pte[mm][p] != b->pte[mm][p] && !has(fp->write, FP_MISC, FP_PTE(p))) {
				snprintf(what, len, "pte[%d][%d]", mm, p);
				n++;
			}
		if ((a->unwritten ^ b->unwritten) >> p & 1 &&
		    !has(fp->write, FP_MISC, FP_UNWRITTEN(p))) {
			snprintf(what, len, "unwritten[%d]", p);
			n++;
		}
		if ((a->cache ^ b->cache) >> p & 1 && !has(fp->write, FP_MISC, FP_CACHE(p))) {
			snprintf(what, len, "cache[%d]", p);
			n++;
		}
		for (int x = 0; x < MAX_WORDS; x++)
			if (a->shadow[p][x] != b->shadow[p][x] &&
			    !has(fp->write, FP_SHADOW, 8 * p + x)) {
				snprintf(what, len, "shadow[%d][%d]", p, x);
				n++;
			}
		if (a->committed[p] != b->committed[p] && !has(fp->write, FP_DUR, FP_COMMITTED(p))) {
			snprintf(what, len, "committed[%d]", p);
			n++;
		}
		if (a->durable[p] != b->durable[p] && !has(fp->write, FP_DUR, FP_DURABLE(p))) {
			snprintf(what, len, "durable[%d]", p);
			n++;
		}
	}
	for (int bl = 0; bl < MAX_BLOCKS; bl++) {
		if ((a->allocated ^ b->allocated) >> bl & 1 && !has(fp->write, FP_MISC, FP_POOL(bl))) {
			snprintf(what, len, "the pool's block %d", bl);
			n++;
		}
		for (int x = 0; x < MAX_WORDS; x++) {
			if (a->data[bl][x] != b->data[bl][x] && !has(fp->write, FP_DATA, 8 * bl + x)) {
				snprintf(what, len, "data[%d][%d]", bl, x);
				n++;
			}
			if (a->media[bl][x] != b->media[bl][x] &&
			    !has(fp->write, FP_DUR, FP_MEDIA(bl))) {
				snprintf(what, len, "media[%d][%d]", bl, x);
				n++;
			}
			if (a->flight[bl][x] != b->flight[bl][x] &&
			    !has(fp->write, FP_DUR, FP_FLIGHT(bl))) {
				snprintf(what, len, "flight[%d][%d]", bl, x);
				n++;
			}
		}
		if ((a->wpq ^ b->wpq) >> bl & 1 && !has(fp->write, FP_DUR, FP_FLIGHT(bl))) {
			snprintf(what, len, "wpq bit %d", bl);
			n++;
		}
	}
	for (int i = 0; i < MAX_THREADS; i++)
		if (a->waitq[i] != b->waitq[i] && i != tid &&
		    !has(fp->write, FP_PLOCK, FP_WAITQ(page))) {
			snprintf(what, len, "T%d's place in page %d's DAX entry wait queue", i, page);
			n++;
		}
	if (memcmp(a->pad, b->pad, sizeof(a->pad)) != 0) {
		snprintf(what, len, "the padding");
		n++;
	}
	return n;
}

/* Returns 1 if the footprint touches (reads, writes or counts) the bit. */
static int touched(const struct footprint *fp, int word, int bit)
{
	return has(fp->read, word, bit) || has(fp->write, word, bit) || has(fp->count, word, bit);
}

/*
 * Change every shared object footprint fp does not touch: the step's
 * result and effect must not depend on them.  Applying it twice restores
 * the state.  Other threads' locks: a global lock's holders if untouched;
 * a per-page lock's, if no instance of it is touched (which page's
 * instance a thread holds depends on its operation).
 */
static void perturb_untouched(struct state *s, const struct footprint *fp, int tid)
{
	/* The huge page's objects: a PTE table in the slot or not; an empty
	 * 2 MiB entry or none, a zero one or a DAX one; a 4 KiB entry or not. */
	if (sc2.huge_pages) {
		if (!touched(fp, FP_HUGE, FP_SLOT))
			for (int mm = 0; mm < MAX_MMS; mm++)
				s->slot[mm] ^= SLOT_TABLE;
		if (!touched(fp, FP_HUGE, FP_HENTRY))
			s->hentry ^= 1;
		for (int p = sc2.huge_first; p < sc2.huge_first + sc2.huge_pages; p++)
			if (!touched(fp, FP_HUGE, FP_PENTRY(p)))
				s->pentry ^= (uint8_t)(1u << p);
	}
	for (int p = 0; p < MAX_PAGES; p++) {
		if (!touched(fp, FP_MISC, FP_MAP(p)) && s->map[p] != NO_BLOCK)
			s->map[p] ^= 1;
		if (!touched(fp, FP_MISC, FP_PTE(p)))	/* block <-> block, PTE_HOLE <-> PTE_NONE */
			for (int mm = 0; mm < MAX_MMS; mm++)
				s->pte[mm][p] ^= 1;
		if (!touched(fp, FP_MISC, FP_UNWRITTEN(p)))
			s->unwritten ^= (uint8_t)(1u << p);
		if (!touched(fp, FP_MISC, FP_CACHE(p)))
			s->cache ^= (uint8_t)(1u << p);
		for (int x = 0; x < MAX_WORDS; x++)
			if (!touched(fp, FP_SHADOW, 8 * p + x))
				s->shadow[p][x] ^= 3;
		if (!touched(fp, FP_DUR, FP_COMMITTED(p)) && s->committed[p] != NO_BLOCK)
			s->committed[p] ^= 1;
		if (!touched(fp, FP_DUR, FP_DURABLE(p)) && s->durable[p] != NO_BLOCK)
			s->durable[p] ^= 1;
	}
	for (int b = 0; b < MAX_BLOCKS; b++) {
		if (!touched(fp, FP_MISC, FP_POOL(b)))
			s->allocated ^= (uint8_t)(1u << b);
		for (int x = 0; x < MAX_WORDS; x++) {
			if (!touched(fp, FP_DATA, 8 * b + x))
				s->data[b][x] ^= 0x5a;
			if (!touched(fp, FP_DUR, FP_MEDIA(b)))
				s->media[b][x] ^= 0x5a;
		}
		/* A block's flights: values, the write-pending queue and every
		 * thread's write-back of it but tid's own (its own locals). */
		if (!touched(fp, FP_DUR, FP_FLIGHT(b))) {
			for (int x = 0; x < MAX_WORDS; x++)
				if (s->flight[b][x] != FLIGHT_NONE)
					s->flight[b][x] ^= 0x5a;
			s->wpq ^= (uint8_t)(1u << b);
			for (int i = 0; i < MAX_THREADS; i++)
				if (i != tid)
					s->t[i].wback ^= (uint8_t)(1u << b);
		}
	}
	/* The DAX entry wait queues: other threads' places, if no page's
	 * queue is touched. */
	if (!(((fp->read[FP_PLOCK] | fp->write[FP_PLOCK] | fp->count[FP_PLOCK]) >>
	       FP_WAITQ(0)) & 0xff))
		for (int i = 0; i < MAX_THREADS; i++)
			if (i != tid)
				s->waitq[i] ^= 1;
	for (int l = 0; l < NR_LOCKS; l++) {
		int any = 0, w, bit;

		for (int p = 0; p < (LOCK_IS_PER_PAGE(l) ? MAX_PAGES : 1); p++) {
			footprint_lock_bit(l, p, &w, &bit);
			any |= touched(fp, w, bit) || touched(fp, w, bit + 1);
		}
		if (any)
			continue;
		for (int i = 0; i < MAX_THREADS; i++)
			if (i != tid)
				s->t[i].held ^= (uint16_t)(LOCK_SHARED_BIT(l) | LOCK_EXCL_BIT(l));
	}
}

/*
 * Every primitive's footprint (model/prims/), on random states, most of
 * them no search would reach: what its run() changes is written there, and
 * what it depends on is read there.  The reductions trust exactly this.
 */
static void test_footprints_on(void)
{
	for (int p = 0; p < NR_PRIMS; p++) {
		int nargs = prim_ops[p]->arg == PRIM_ARG_LOCK ? NR_LOCKS :
			    prim_ops[p]->arg == PRIM_ARG_NONE ? 1 :
			    prim_ops[p]->arg == PRIM_ARG_PTE_SAME ? 3 : 2;
		int outside = 0, unread = 0, runs = 0;
		char what[64] = "", what2[64] = "";

		for (int arg = 0; arg < nargs; arg++) {
			struct step st = one_step((enum prim)p, arg);

			/* 300 runs an argument where it can run (a step that
			 * takes a lock rarely can, in a random state). */
			for (int k = 0, ran = 0; k < 20000 && ran < 300; k++) {
				int tid = (int)(rnd() % 2), page = (int)(rnd() % 2);
				struct state a, b, a2, b2;
				struct effect e, e2;
				struct footprint fp;

				random_state(&a, tid, &st);
				if (!prim_enabled(&mg2, &a, tid, &st))
					continue;
				runs++;
				ran++;
				memset(&fp, 0, sizeof(fp));
				prim_ops[p]->footprint(&mg2, &a, tid, &st, page, 1, &fp);
				b = a;
				memset(&e, 0, sizeof(e));
				prim_run(&mg2, &b, tid, page, &st, &e);
				if (outside_footprint(&a, &b, tid, page, &fp, what, sizeof(what)))
					outside++;

				/* The same step with the untouched objects changed. */
				a2 = a;
				perturb_untouched(&a2, &fp, tid);
				b2 = a2;
				memset(&e2, 0, sizeof(e2));
				prim_run(&mg2, &b2, tid, page, &st, &e2);
				/* Perturbing twice is the identity: undo it. */
				perturb_untouched(&b2, &fp, tid);
				if (memcmp(&b, &b2, sizeof(b)) != 0 ||
				    memcmp(&e, &e2, sizeof(e)) != 0) {
					snprintf(what2, sizeof(what2), "tid %d page %d", tid, page);
					unread++;
				}
			}
		}
		CHECK(runs == 300 * nargs, "%s: enabled in only %d of the random states",
		      prim_ops[p]->name, runs);
		CHECK(outside == 0,
		      "%s: %d runs wrote outside their footprint (last: %s)",
		      prim_ops[p]->name, outside, what);
		CHECK(unread == 0,
		      "%s: %d runs depended on objects their footprint does not touch (last: %s)",
		      prim_ops[p]->name, unread, what2);
	}
}

/* need_dsync (dax_fault_is_synchronous): VM_FAULT_NEEDDSYNC exactly for a
 * store through a MAP_SYNC mapping while some committed block-map change
 * is not in the log; the answer steers by TF_DSYNC. */
/* write(2)'s wait_entry on a page of the huge page, under a 2 MiB entry
 * a PMD read fault on the other page holds: it waits for that fault, and a
 * deadlock's row of waits must name it (exec_lock_holder). */
static void test_wait_entry_holder(void)
{
	static struct scenario sh;
	struct model mp = { &sh, strategy_find("pmd-pte-recheck") };
	struct state s;
	struct effect e;
	char err[256];
	int n = 0;

	if (scenario_default(&sh, 2, 2, 1, err, sizeof(err)) || !mp.st) {
		CHECK(0, "wait-entry-holder: no scenario or no pmd-pte-recheck: %s", err);
		return;
	}
	sh.huge_first = 0;
	sh.huge_pages = 2;
	sh.prog[0].ops[0] = (struct op){ .kind = OP_LOAD, .page = 0, .word = 0, .pmd = 1 };
	sh.prog[1].ops[0] = (struct op){ .kind = OP_WRITE, .page = 1, .word = 0, .value = 1 };
	state_init(&s, &sh);
	while (n++ < 40 && !((s.t[0].held & LOCK_EXCL_BIT(LOCK_ENTRY)) &&
			     (s.t[0].flags & TF_HENTRY)))
		exec_step(&mp, &s, 0, &e);
	while (n++ < 80 && exec_blocked_on(&mp, &s, 1) < 0 && !exec_done(&mp, &s, 1))
		exec_step(&mp, &s, 1, &e);
	CHECK(exec_blocked_on(&mp, &s, 1) == LOCK_ENTRY &&
	      exec_next_step(&mp, &s, 1)->prim == PRIM_WAIT_ENTRY &&
	      exec_lock_holder(&mp, &s, 1, LOCK_ENTRY) == 0,
	      "write(2) on page 1 under T0's 2 MiB entry: blocked on %d, holder %d, want the "
	      "entry lock, T0", exec_blocked_on(&mp, &s, 1), exec_lock_holder(&mp, &s, 1, LOCK_ENTRY));
}

static void test_need_dsync(void)
{
	struct step nd = one_step(PRIM_NEED_DSYNC, 0);
	struct state s;
	struct effect e;

	sc2.crash = 1;
	for (int sync = 0; sync <= 1; sync++) {
		for (int dirty = 0; dirty <= 1; dirty++) {
			sc2.map_sync = sync;
			state_init(&s, &sc2);
			s.committed[1] = dirty ? 3 : NO_BLOCK;
			s.t[0].flags = TF_DSYNC;	/* a stale answer is overwritten */
			memset(&e, 0, sizeof(e));
			prim_run(&mg2, &s, 0, 0, &nd, &e);
			CHECK(e.kind == EFF_NEED_DSYNC && e.flag == (sync && dirty) &&
			      !!(s.t[0].flags & TF_DSYNC) == (sync && dirty) &&
			      e.block == (sync && dirty ? 0x2 : 0),
			      "need_dsync, MAP_SYNC %d, page 1 committed%s in the log: flag %u "
			      "TF_DSYNC %d pages 0x%x", sync, dirty ? " not" : "", e.flag,
			      !!(s.t[0].flags & TF_DSYNC), e.block);
		}
	}
	/* A load (read fault) is never synchronous. */
	sc2.map_sync = 1;
	sc2.prog[0].ops[0].kind = OP_LOAD;
	state_init(&s, &sc2);
	s.committed[0] = 2;
	prim_run(&mg2, &s, 0, 0, &nd, &e);
	CHECK(!(s.t[0].flags & TF_DSYNC) && !e.flag, "need_dsync said a read fault is synchronous");
	sc2.prog[0].ops[0].kind = OP_STORE;
	sc2.map_sync = 0;
	sc2.crash = 0;
	/* With a huge page over both pages: the PMD primitives on random
	 * slots and entries, and every other primitive beside them. */
	sc2.huge_first = 0;
	sc2.huge_pages = 2;
	test_footprints_on();
	sc2.huge_pages = 0;
}

/* persist: through a PTE to a block, the block written back and fenced
 * (durable on ADR, in the write-pending queue without); without a PTE to
 * a block, or without crashes, nothing but the operation done. */
static void test_persist(void)
{
	struct state s;
	struct effect e;

	sc2.crash = 1;
	sc2.prog[0].ops[0] = (struct op){ .kind = OP_PERSIST, .page = 1, .word = 0, .value = 0 };
	for (int adr = 1; adr >= 0; adr--) {
		sc2.no_adr = !adr;
		state_init(&s, &sc2);
		s.pte[0][1] = 4;
		s.data[4][0] = 7;
		s.data[4][1] = 9;
		exec_step(&mg2, &s, 0, &e);
		CHECK(e.kind == EFF_PERSIST && e.block == 4 && e.flag == 0x3 && s.t[0].ip == 1,
		      "persist: effect %d block %u flag 0x%x ip %u", e.kind, e.block, e.flag,
		      s.t[0].ip);
		if (adr)
			CHECK(s.media[4][0] == 7 && s.media[4][1] == 9 && s.t[0].wback == 0,
			      "persist on ADR: media %u %u wback 0x%x", s.media[4][0], s.media[4][1],
			      s.t[0].wback);
		else
			CHECK(s.media[4][0] == VAL_STALE && s.wpq == 0x10 && s.t[0].wback == 0,
			      "persist without ADR: media %u wpq 0x%x", s.media[4][0], s.wpq);
	}
	sc2.no_adr = 0;
	state_init(&s, &sc2);
	s.pte[0][1] = PTE_HOLE;
	exec_step(&mg2, &s, 0, &e);
	CHECK(e.kind == EFF_PERSIST && e.flag == 0 && s.t[0].ip == 1 &&
	      s.media[0][0] == VAL_STALE, "persist through the hole page wrote something back");
	sc2.crash = 0;
	state_init(&s, &sc2);
	s.pte[0][1] = 4;
	s.data[4][0] = 7;
	exec_step(&mg2, &s, 0, &e);
	CHECK(e.flag == 0 && s.media[4][0] == VAL_STALE && s.t[0].ip == 1,
	      "persist without crashes wrote something back");
	sc2.prog[0].ops[0] = (struct op){ .kind = OP_STORE, .page = 0, .word = 0, .value = 1 };
}

/* On random states of a scenario with crashes, on both platforms: the
 * durability primitives' footprints too.  Those primitives are the last
 * of the enum, as exec_step_live() takes them to be. */
static void test_footprints(void)
{
	for (int p = 0; p < NR_PRIMS; p++)
		CHECK(!!(prim_ops[p]->flags & PRIM_DURABILITY) == (p >= PRIM_FIRST_DURABILITY),
		      "%s: PRIM_DURABILITY %s, but it is %s PRIM_FIRST_DURABILITY",
		      prim_ops[p]->name, prim_ops[p]->flags & PRIM_DURABILITY ? "set" : "clear",
		      p >= PRIM_FIRST_DURABILITY ? "from" : "before");
	sc2.crash = 1;
	for (int adr = 1; adr >= 0; adr--) {
		sc2.no_adr = !adr;
		test_footprints_on();
	}
	sc2.no_adr = 0;
	sc2.map_sync = 1;	/* need_dsync reads the block maps only then */
	test_footprints_on();
	sc2.map_sync = 0;
	sc2.crash = 0;
	/* With a huge page over both pages: the PMD primitives on random
	 * slots and entries, and every other primitive beside them. */
	sc2.huge_first = 0;
	sc2.huge_pages = 2;
	test_footprints_on();
	sc2.huge_pages = 0;
}

/* --emit-promela writes every primitive's step (checker-src/promela.c
 * calls promela_body unasked), and a guard where the C step has one: a
 * step that can be disabled in C but not in Promela, or the reverse,
 * makes SPIN search another graph. */
static void test_promela_table(void)
{
	for (int p = 0; p < NR_PRIMS; p++) {
		CHECK(prim_ops[p]->promela_body != NULL, "%s: no Promela body", prim_ops[p]->name);
		CHECK(!prim_ops[p]->enabled == !prim_ops[p]->promela_enabled,
		      "%s: enabled() %s, Promela guard %s", prim_ops[p]->name,
		      prim_ops[p]->enabled ? "set" : "none",
		      prim_ops[p]->promela_enabled ? "set" : "none");
	}
}

int main(void)
{
	char err[256];

	if (scenario_default(&sc, 2, 1, 2, err, sizeof(err)) ||
	    scenario_default(&sc_load, 2, 1, 2, err, sizeof(err)) ||
	    scenario_default(&sc2, 2, 2, 2, err, sizeof(err))) {
		printf("scenario_default failed: %s\n", err);
		return 1;
	}
	sc_load.prog[0].ops[0].kind = OP_LOAD;
	sc_load.prog[0].ops[0].word = 1;
	sc_load.prog[0].ops[0].value = 0;

	mg.sc = &sc;
	mg.st = strategy_find("dax-generic");
	mz.sc = &sc;
	mz.st = strategy_find("fs-zero-inside");
	mg_load.sc = &sc_load;
	mg_load.st = mg.st;
	mg2.sc = &sc2;
	mg2.st = mg.st;
	me2.sc = &sc;
	me2.st = strategy_find("ext2-zero-and-new");
	if (!mg.st || !mz.st || !me2.st) {
		printf("strategy dax-generic, fs-zero-inside or ext2-zero-and-new not found\n");
		return 1;
	}

	test_store_without_pte_faults();
	test_load_without_pte_faults();
	test_store_through_block_pte();
	test_store_to_hole_page_faults();
	test_load_through_ptes();
	test_lock_exclusive();
	test_lock_shared();
	test_unlock();
	test_get_block();
	test_get_block_create();
	test_alloc_and_map();
	test_need_dsync();
	test_wait_entry_holder();
	test_persist();
	test_pool_dry();
	test_zero_word();
	test_copy();
	test_insert_pfn();
	test_load_hole();
	test_wait_queue();
	test_unmap();
	test_handler_skips();
	test_handler_returns();
	test_solo_runs();
	test_validate();
	test_footprints();
	test_promela_table();
	return unit_done("test_exec");
}
