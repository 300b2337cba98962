/*
 * test_property.c - every property can fail, and names its culprit: a
 * deadlock from a lock-order inversion, and known-bad twins of
 * fs-zero-inside (extent mapped before zeroing, allocation lock removed).
 */
#include <stdlib.h>
#include <string.h>

#include "../../checker-src/explore.h"
#include "../../checker-src/trace.h"
#include "unit.h"

/* Write faults take ILOCK then i_mmap_rwsem; read faults the reverse. */
enum { W_A, W_B, R_B, R_A, CREATE, INSERT, UN_A, UN_B };
static const struct step abba_fault[] = {
	[W_A]	 = { "lock ILOCK", PRIM_LOCK, LOCK_ILOCK, WHEN_WRITE, W_B, R_B },
	[W_B]	 = { "lock i_mmap", PRIM_LOCK, LOCK_I_MMAP, 0, CREATE, CREATE },
	[R_B]	 = { "lock i_mmap", PRIM_LOCK, LOCK_I_MMAP, 0, R_A, R_A },
	[R_A]	 = { "lock ILOCK", PRIM_LOCK, LOCK_ILOCK, 0, CREATE, CREATE },
	[CREATE] = { "get_block(create=1)", PRIM_GET_BLOCK_CREATE, 0, 0, INSERT, INSERT },
	[INSERT] = { "vm_insert_mixed", PRIM_INSERT_PFN, 0, 0, UN_A, UN_A },
	[UN_A]	 = { "unlock ILOCK", PRIM_UNLOCK, LOCK_ILOCK, 0, UN_B, UN_B },
	[UN_B]	 = { "unlock i_mmap", PRIM_UNLOCK, LOCK_I_MMAP, 0, STEP_RETURN, STEP_RETURN },
};
static const struct strategy abba = {
	"abba", "lock-order inversion", "test", abba_fault, 8,
};

/* fs-zero-inside with the extent added before it is zeroed. */
enum { LOOKUP, ILOCK, RELOOKUP, ALLOC, ADD, ZERO, IUNLOCK, LOAD_HOLE, INS };
static const struct step map_first_fault[] = {
	[LOOKUP]    = { "get_block(create=0)", PRIM_GET_BLOCK, 0, 0, ILOCK, ILOCK },
	[ILOCK]     = { "xfs_ilock(ILOCK_EXCL)", PRIM_LOCK, LOCK_ILOCK, WHEN_WRITE | WHEN_HOLE,
			RELOOKUP, LOAD_HOLE },
	[RELOOKUP]  = { "xfs_bmapi_read", PRIM_GET_BLOCK, 0, 0, ALLOC, ALLOC },
	[ALLOC]     = { "xfs_bmap_alloc", PRIM_ALLOC, 0, WHEN_HOLE, ADD, IUNLOCK },
	[ADD]       = { "xfs_bmap_add_extent_hole_real", PRIM_MAP_BLOCK, 0, 0, ZERO, ZERO },
	[ZERO]      = { "xfs_zero_extent", PRIM_ZERO_WORD, 0, WHEN_ZEROING, ZERO, IUNLOCK },
	[IUNLOCK]   = { "xfs_iunlock(ILOCK_EXCL)", PRIM_UNLOCK, LOCK_ILOCK, 0, INS, INS },
	[LOAD_HOLE] = { "dax_load_hole", PRIM_LOAD_HOLE, 0, WHEN_HOLE, STEP_RETURN, INS },
	[INS]       = { "vm_insert_mixed", PRIM_INSERT_PFN, 0, 0, STEP_RETURN, STEP_RETURN },
};
static const struct strategy map_first = {
	"map-first", "extent mapped before zeroing", "test", map_first_fault, 9,
};

/* fs-zero-inside with no allocation lock at all. */
enum { N_LOOKUP, N_ALLOC, N_ZERO, N_ADD, N_LOAD_HOLE, N_INS };
static const struct step nolock_fault[] = {
	[N_LOOKUP]    = { "get_block(create=0)", PRIM_GET_BLOCK, 0, 0, N_ALLOC, N_ALLOC },
	[N_ALLOC]     = { "xfs_bmap_alloc", PRIM_ALLOC, 0, WHEN_WRITE | WHEN_HOLE, N_ZERO, N_LOAD_HOLE },
	[N_ZERO]      = { "xfs_zero_extent", PRIM_ZERO_WORD, 0, WHEN_ZEROING, N_ZERO, N_ADD },
	[N_ADD]       = { "xfs_bmap_add_extent_hole_real", PRIM_MAP_BLOCK, 0, 0, N_INS, N_INS },
	[N_LOAD_HOLE] = { "dax_load_hole", PRIM_LOAD_HOLE, 0, WHEN_HOLE, STEP_RETURN, N_INS },
	[N_INS]       = { "vm_insert_mixed", PRIM_INSERT_PFN, 0, 0, STEP_RETURN, STEP_RETURN },
};
static const struct strategy nolock = {
	"no-ilock", "allocation lock removed", "test", nolock_fault, 6,
};

/* Explore sc under st; check the verdict and that the culprit names `who`. */
static void expect_violation(const char *what, const struct scenario *sc,
			     const struct strategy *st, const char *prop, const char *who)
{
	struct model m = { sc, st };
	struct explore_opts o = { SEARCH_BFS, 0, 0, 10 };
	struct explore_result r;
	struct trace tr;
	char err[256], culprit[512] = "";

	CHECK(strategy_validate(st, err, sizeof(err)) == 0, "%s: table invalid: %s", what, err);
	explore_run(&m, &o, &r);
	CHECK(r.verdict == EXPLORE_VIOLATION && r.violated && strcmp(r.violated->name, prop) == 0,
	      "%s: expected %s, got verdict %d %s", what, prop, r.verdict,
	      r.violated ? r.violated->name : "");
	if (r.verdict != EXPLORE_VIOLATION) {
		free(r.schedule);
		return;
	}
	CHECK(trace_replay(&m, r.schedule, r.len, &tr, err, sizeof(err)) == 0, "%s: replay: %s",
	      what, err);
	CHECK(tr.violated == r.violated && tr.len == r.len, "%s: replay disagrees", what);
	tr.violated->explain(&m, &tr, culprit, sizeof(culprit));
	CHECK(strstr(culprit, who) != NULL, "%s: culprit '%s' does not name '%s'", what, culprit, who);
	trace_free(&tr);
	free(r.schedule);
}

static void scenario_two(struct scenario *sc, enum op_kind k1)
{
	char err[128];

	scenario_default(sc, 2, 1, 2, err, sizeof(err));
	sc->prog[1].ops[0].kind = k1;
}

int main(void)
{
	struct scenario sc;

	scenario_two(&sc, OP_LOAD);
	expect_violation("lock inversion", &sc, &abba, "deadlock",
			 "waits for i_mmap_rwsem, held by T1");
	expect_violation("lock inversion", &sc, &abba, "deadlock",
			 "waits for ILOCK, held by T0");

	scenario_two(&sc, OP_STORE);
	expect_violation("extent mapped before zeroing", &sc, &map_first, "lost-store",
			 "'s xfs_zero_extent (step ");
	scenario_two(&sc, OP_LOAD);
	expect_violation("extent mapped before zeroing, load", &sc, &map_first, "stale-read",
			 "returned STALE data of block 0, allocated by T0's xfs_bmap_alloc");

	scenario_two(&sc, OP_STORE);
	expect_violation("no allocation lock", &sc, &nolock, "lost-store", "T0's store of 1");

	/* The seed race, in the words of the issue that specified it. */
	expect_violation("seed race", &sc, strategy_find("dax-generic"), "lost-store",
			 "'s store of ");
	expect_violation("seed race", &sc, strategy_find("dax-generic"), "lost-store",
			 "was overwritten by T1's clear_pmem (step 11)");
	return unit_done("test_property");
}
