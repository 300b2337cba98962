/*
 * test_property.c - every property can fail, and names its culprit: a
 * deadlock from a lock-order inversion, known-bad twins of fs-zero-inside
 * (extent mapped before zeroing, allocation lock removed, a read fault
 * that zaps the range before mapping its hole page), and punch without a
 * lock against faults.
 */
#include <stdlib.h>
#include <string.h>

#include "../../checker-src/explore.h"
#include "../../checker-src/trace.h"
#include "unit.h"
#include "../../checker-src/registry.h"
#include "../../checker-src/scenario_parse.h"

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
	.name = "abba", .summary = "lock-order inversion", .source = "test",
	.h = { { abba_fault, 8 }, { abba_fault, 8 } },
};

/* fs-zero-inside with the extent added before it is zeroed. */
enum { LOOKUP, ILOCK, RELOOKUP, ALLOC, ADD, ZERO, IUNLOCK, LOAD_HOLE, INS };
static const struct step map_first_fault[] = {
	[LOOKUP]    = { "get_block(create=0)", PRIM_GET_BLOCK, 0, 0, ILOCK, ILOCK },
	[ILOCK]     = { "xfs_ilock(ILOCK_EXCL)", PRIM_LOCK, LOCK_ILOCK, WHEN_WRITE | WHEN_HOLE,
			RELOOKUP, LOAD_HOLE },
	[RELOOKUP]  = { "xfs_bmapi_read", PRIM_GET_BLOCK, 0, 0, ALLOC, ALLOC },
	[ALLOC]     = { "xfs_bmap_alloc", PRIM_ALLOC, 0, WHEN_HOLE, ADD, IUNLOCK },
	[ADD]       = { "xfs_bmap_add_extent_hole_real", PRIM_MAP_BLOCK, MAP_KEEP_NEW, 0, ZERO, ZERO },
	[ZERO]      = { "xfs_zero_extent", PRIM_ZERO_WORD, 0, WHEN_ZEROING, ZERO, IUNLOCK },
	[IUNLOCK]   = { "xfs_iunlock(ILOCK_EXCL)", PRIM_UNLOCK, LOCK_ILOCK, 0, INS, INS },
	[LOAD_HOLE] = { "dax_load_hole", PRIM_LOAD_HOLE, 0, WHEN_HOLE, STEP_RETURN, INS },
	[INS]       = { "vm_insert_mixed", PRIM_INSERT_PFN, 0, 0, STEP_RETURN, STEP_RETURN },
};
static const struct strategy map_first = {
	.name = "map-first", .summary = "extent mapped before zeroing", .source = "test",
	.h = { { map_first_fault, 9 }, { map_first_fault, 9 } },
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
	.name = "no-ilock", .summary = "allocation lock removed", .source = "test",
	.h = { { nolock_fault, 6 }, { nolock_fault, 6 } },
};

/*
 * fs-zero-inside whose read fault on a hole unmaps the page's range before
 * installing its hole page: over a block a racing writer has just mapped
 * and stored to.  The hole page stays: stale-mapping.
 */
enum { S_LOOKUP, S_ILOCK, S_ALLOC, S_ZERO, S_ADD, S_IUNLOCK, S_ZAP, S_LOAD_HOLE, S_INS };
static const struct step zap_fault[] = {
	[S_LOOKUP]    = { "get_block(create=0)", PRIM_GET_BLOCK, 0, 0, S_ILOCK, S_ILOCK },
	[S_ILOCK]     = { "xfs_ilock(ILOCK_EXCL)", PRIM_LOCK, LOCK_ILOCK, WHEN_WRITE | WHEN_HOLE,
			  S_ALLOC, S_ZAP },
	[S_ALLOC]     = { "xfs_bmap_alloc", PRIM_ALLOC, 0, 0, S_ZERO, S_ZERO },
	[S_ZERO]      = { "xfs_zero_extent", PRIM_ZERO_WORD, 0, WHEN_ZEROING, S_ZERO, S_ADD },
	[S_ADD]       = { "xfs_bmap_add_extent_hole_real", PRIM_MAP_BLOCK, MAP_CLEAR_NEW, 0,
			  S_IUNLOCK, S_IUNLOCK },
	[S_IUNLOCK]   = { "xfs_iunlock(ILOCK_EXCL)", PRIM_UNLOCK, LOCK_ILOCK, 0, S_INS, S_INS },
	[S_ZAP]       = { "unmap_mapping_range", PRIM_UNMAP, LOCK_NONE, WHEN_HOLE, S_LOAD_HOLE, S_INS },
	[S_LOAD_HOLE] = { "dax_load_hole", PRIM_LOAD_HOLE, 0, 0, STEP_RETURN, STEP_RETURN },
	[S_INS]       = { "vm_insert_mixed", PRIM_INSERT_PFN, 0, 0, STEP_RETURN, STEP_RETURN },
};
static const struct strategy zap_first = {
	.name = "zap-then-hole", .summary = "read fault zaps the range, then maps a hole page",
	.source = "test", .h = { { zap_fault, 9 }, { zap_fault, 9 } },
};

/* Explore sc under st judging only property `only` (NULL: every one);
 * check the verdict, that the culprit names `who`, and the blame. */
static void expect_only(const char *what, const struct scenario *sc, const struct strategy *st,
			const char *only, const char *prop, const char *who)
{
	struct model m = { sc, st };
	const struct property *one[1] = { only ? property_find(only) : NULL };
	struct explore_opts o = { .order = SEARCH_BFS, .hash_bits = 10,
				  .props = only ? one : NULL, .nprops = only ? 1 : 0 };
	struct explore_result r;
	struct trace tr;
	char err[256], culprit[512] = "";
	struct blame blame = { -1, -1, NULL };

	CHECK(strategy_validate(st, err, sizeof(err)) == 0, "%s: table invalid: %s", what, err);
	explore_run(&m, &o, &r);
	CHECK(r.verdict == EXPLORE_VIOLATION && r.violated && strcmp(r.violated->name, prop) == 0,
	      "%s: expected %s, got verdict %d %s", what, prop, r.verdict,
	      r.violated ? r.violated->name : "");
	if (r.verdict != EXPLORE_VIOLATION) {
		free(r.schedule);
		return;
	}
	CHECK(trace_replay(&m, o.props, o.nprops, r.schedule, r.len, &tr, err, sizeof(err)) == 0,
	      "%s: replay: %s", what, err);
	CHECK(tr.violated == r.violated && tr.len == r.len, "%s: replay disagrees", what);
	tr.violated->explain(&m, &tr, culprit, sizeof(culprit), &blame);
	CHECK(strstr(culprit, who) != NULL, "%s: culprit '%s' does not name '%s'", what, culprit, who);
	/* The steps a diagram links: none for a deadlock (its culprits are
	 * the waits); otherwise a victim before its culprit, both in the
	 * trace. */
	if (strcmp(prop, "deadlock") == 0)
		CHECK(blame.victim == 0 && blame.culprit == 0 && !blame.link,
		      "%s: a deadlock blames steps %d, %d", what, blame.victim, blame.culprit);
	else
		CHECK(blame.victim >= 1 && blame.victim < blame.culprit && blame.culprit <= tr.len &&
		      blame.link,
		      "%s: blame %d -> %d of %d steps", what, blame.victim, blame.culprit, tr.len);
	trace_free(&tr);
	free(r.schedule);
}

static void expect_violation(const char *what, const struct scenario *sc,
			     const struct strategy *st, const char *prop, const char *who)
{
	expect_only(what, sc, st, NULL, prop, who);
}

/* Explore sc under st judging `only` (NULL: every property): exhaustive,
 * no violation. */
static void expect_none(const char *what, const struct scenario *sc, const struct strategy *st,
			const char *only)
{
	struct model m = { sc, st };
	const struct property *one[1] = { only ? property_find(only) : NULL };
	struct explore_opts o = { .order = SEARCH_BFS, .hash_bits = 10,
				  .props = only ? one : NULL, .nprops = only ? 1 : 0 };
	struct explore_result r;

	explore_run(&m, &o, &r);
	CHECK(r.verdict == EXPLORE_OK, "%s: verdict %d %s, want no violation", what, r.verdict,
	      r.violated ? r.violated->name : "");
	free(r.schedule);
}

/* More properties than a search keeps (explore.c, judged()): it judges
 * them all, and finds what the list without repeats finds, in the same
 * states; on the seed race and on a punch, whose first violation is
 * another property. */
static void expect_many_same(const char *what, const struct scenario *sc,
			     const struct strategy *st)
{
	enum { MANY = 40 };
	const struct property *many[MANY];
	struct model m = { sc, st };
	struct explore_opts one = { .order = SEARCH_BFS, .hash_bits = 10 };
	struct explore_opts all = one;
	struct explore_result a, b;

	for (int i = 0; i < MANY; i++)
		many[i] = property_all[i % property_count];
	all.props = many;
	all.nprops = MANY;
	explore_run(&m, &one, &a);
	explore_run(&m, &all, &b);
	CHECK(a.verdict == EXPLORE_VIOLATION && b.verdict == a.verdict && b.violated == a.violated &&
	      b.len == a.len && b.stats.states == a.stats.states &&
	      b.stats.transitions == a.stats.transitions,
	      "%s: %d properties found %s in %llu states, the %d found %s in %llu", what, MANY,
	      b.violated ? b.violated->name : "nothing", (unsigned long long)b.stats.states,
	      property_count, a.violated ? a.violated->name : "nothing",
	      (unsigned long long)a.stats.states);
	CHECK(a.len == 0 ||
	      (b.len == a.len && memcmp(a.schedule, b.schedule, a.len * sizeof(*a.schedule)) == 0),
	      "%s: another counterexample", what);
	free(a.schedule);
	free(b.schedule);
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

	scenario_two(&sc, OP_LOAD);
	expect_violation("read fault zaps, then maps its hole page", &sc, &zap_first,
			 "stale-mapping", "PTE still maps the hole page over block 0 (mapped by T1's "
			 "dax_load_hole");

	/* The same over word 1: the store to it is what the hole page hides. */
	scenario_two(&sc, OP_LOAD);
	sc.prog[0].ops[0].word = 1;
	sc.prog[1].ops[0].word = 0;
	expect_violation("read fault zaps, then maps its hole page; word 1", &sc, &zap_first,
			 "stale-mapping", "which holds T0's store of 1 (step ");

	/* A punch racing a fault, without a lock against faults. */
	scenario_two(&sc, OP_STORE);
	sc.prog[1].ops[0].kind = OP_PUNCH;
	expect_violation("punch without MMAPLOCK", &sc, strategy_find("fs-zero-inside"),
			 "use-after-free", "freed block 0 while page 0's PTE still maps it");
	expect_violation("punch, dax-generic", &sc, strategy_find("dax-generic"),
			 "use-after-free", "T1's ext4_ext_remove_space freed");
	expect_many_same("punch, dax-generic", &sc, strategy_find("dax-generic"));

	/*
	 * Past the use-after-free found first: the store lands in the block
	 * the punch freed.  The store is not its own destroyer: the punch's
	 * free is the victim, the store the culprit.
	 */
	expect_only("punch, dax-generic, lost-store alone", &sc, strategy_find("dax-generic"),
		    "lost-store", "lost-store", "T0's store of 1 to page 0 word 0 (step 13) landed "
		    "in block 0, which T1's ext4_ext_remove_space (step 12) had freed");
	expect_only("punch, fs-zero-inside, lost-store alone", &sc, strategy_find("fs-zero-inside"),
		    "lost-store", "lost-store", "'s xfs_bunmapi (step ");

	/*
	 * 965d004af540: three read faults on one hole under v4.7; the hole
	 * page wakes one of the two sleepers.  A lost-wakeup, not a deadlock:
	 * --property=deadlock alone finds nothing; the fix finds nothing.
	 */
	{
		struct scenario s3;
		char err[128];

		CHECK(scenario_default(&s3, 3, 1, 3, err, sizeof(err)) == 0, "%s", err);
		for (int t = 0; t < 3; t++) {
			s3.prog[t].ops[0].kind = OP_LOAD;
			s3.prog[t].ops[0].word = 0;
			s3.prog[t].ops[0].value = 0;
		}
		expect_violation("three hole reads, v4.7", &s3, strategy_find("entry-lock"),
				 "lost-wakeup", "T2 sleeps for ever in grab_mapping_entry (step 10) on "
				 "the wait queue of page 0's DAX entry, and no thread holds the entry: "
				 "T0's dax_load_hole (step 11) replaced it with a hole page and woke "
				 "only T1");
		expect_none("three hole reads, v4.7, deadlock alone", &s3,
			    strategy_find("entry-lock"), "deadlock");
		expect_none("three hole reads, 965d004af540", &s3,
			    strategy_find("entry-lock-wake-all"), NULL);
	}

	/* The seed race, in the words of the issue that specified it. */
	scenario_two(&sc, OP_STORE);
	expect_many_same("seed race", &sc, strategy_find("dax-generic"));
	expect_violation("seed race", &sc, strategy_find("dax-generic"), "lost-store",
			 "'s store of ");
	expect_violation("seed race", &sc, strategy_find("dax-generic"), "lost-store",
			 "was overwritten by T1's clear_pmem (step 13)");

	/* A PTE over a block a punch freed and the pool has since given to
	 * another page: the block is allocated again, and still the mapping
	 * is a use after free (page 0 reads and writes page 1's data).  A
	 * search meets the freed block first, so only a state built here
	 * asks this of the property alone. */
	{
		const struct property *uaf = property_find("use-after-free");
		struct effect e = { .kind = EFF_INSERT, .page = 0, .block = 1 };
		struct model two = { &sc, strategy_find("dax-generic") };
		struct state s;
		char err[128];

		scenario_default(&sc, 2, 2, 1, err, sizeof(err));
		state_init(&s, &sc);
		s.pte[0][0] = 1;
		s.map[1] = 1;
		s.allocated = 1u << 1;
		CHECK(uaf->check(&two, &s, &e), "a PTE over a block given to another page "
		      "is not a use after free");
		s.map[1] = NO_BLOCK;
		s.map[0] = 1;
		CHECK(!uaf->check(&two, &s, &e), "a PTE over its own page's block is a use "
		      "after free");
	}
	/* Faults of two sizes: a PTE under a live PMD (the colliding PMD &
	 * PTE entries race), the two steps named; and the property is the
	 * slot holding both, not either. */
	{
		const struct property *ptc = property_find("pt-corruption");
		struct state s;
		char err[512];

		CHECK(scenario_load(&sc, "pmd-pte-collide", err, sizeof(err)) == 0, "%s", err);
		expect_violation("colliding PMD and PTE", &sc, strategy_find("pmd-entry-lock"),
				 "pt-corruption", "a PTE of page 1 (T0's vm_insert_mixed, step 14) "
				 "went under the live PMD over pages 0-1 (T1's dax_pmd_insert_mapping, "
				 "step 9)");
		CHECK(ptc && property_applies(ptc, &sc), "pt-corruption does not apply to a "
		      "scenario with a huge page");
		state_init(&s, &sc);
		s.slot[0] = SLOT_TABLE;
		CHECK(!ptc->check(&(struct model){ &sc, strategy_find("pmd-entry-lock") }, &s, NULL),
		      "a PTE table alone is pt-corruption");
		s.slot[0] = SLOT_LEAF | SLOT_HZP;
		CHECK(!ptc->check(&(struct model){ &sc, strategy_find("pmd-entry-lock") }, &s, NULL),
		      "the huge zero page alone is pt-corruption");
		s.slot[0] = SLOT_LEAF | SLOT_TABLE;
		CHECK(ptc->check(&(struct model){ &sc, strategy_find("pmd-entry-lock") }, &s, NULL),
		      "a PMD and a PTE table in one slot is not pt-corruption");
		scenario_two(&sc, OP_STORE);
		CHECK(!property_applies(ptc, &sc), "pt-corruption applies without a huge page");
	}
	return unit_done("test_property");
}
