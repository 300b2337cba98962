/*
 * test_twins.c - the mutation operators re-target every edge correctly,
 * and every known-bad twin derives, validates, breaks a scenario its own
 * strategy passes, and is caught there with its expected property.
 * Together the twins expect every property.
 *
 * The twins come from the shipped strategy files and run on the shipped
 * scenarios, both built in: this runs from any directory.
 */
#include <stdlib.h>
#include <string.h>

#include "../../checker-src/explore.h"
#include "../../checker-src/matrix.h"
#include "../../checker-src/strategy_file.h"
#include "unit.h"
#include "../../checker-src/scenario_parse.h"
#include "../../checker-src/registry.h"

/* --- the operators, on a small table ----------------------------------------- */

/* An allocation under a lock, with a zeroing loop: "lock; look; if (hole)
 * { alloc; while (zeroing) zero; map; } unlock; insert". */
enum { A_LOCK, A_LOOK, A_ALLOC, A_ZERO, A_MAP, A_UNLOCK, A_INSERT };
static const struct step table[] = {
	[A_LOCK]   = { "lock", PRIM_LOCK, LOCK_ILOCK, 0, A_LOOK, A_LOOK },
	[A_LOOK]   = { "look", PRIM_GET_BLOCK, 0, 0, A_ALLOC, A_ALLOC },
	[A_ALLOC]  = { "alloc", PRIM_ALLOC, 0, WHEN_HOLE, A_ZERO, A_UNLOCK },
	[A_ZERO]   = { "zero", PRIM_ZERO_WORD, 0, WHEN_ZEROING, A_ZERO, A_MAP },
	[A_MAP]    = { "map", PRIM_MAP_BLOCK, MAP_CLEAR_NEW, 0, A_UNLOCK, A_UNLOCK },
	[A_UNLOCK] = { "unlock", PRIM_UNLOCK, LOCK_ILOCK, 0, A_INSERT, A_INSERT },
	[A_INSERT] = { "insert", PRIM_INSERT_PFN, 0, 0, STEP_RETURN, STEP_RETURN },
};

#define END	{ .kind = TWIN_END }

static struct step out[TWIN_MAX_STEPS];
static int nout;

/* The name of the step a target points at: "-" for STEP_RETURN. */
static const char *at(int target)
{
	if (target == STEP_RETURN)
		return "-";
	return target >= 0 && target < nout ? out[target].name : "(out of range)";
}

static int idx(const char *name)
{
	for (int i = 0; i < nout; i++)
		if (strcmp(out[i].name, name) == 0)
			return i;
	return -1;
}

/*
 * Check the mutated table against `want`: one "name next skip when" per
 * step, in order, targets by name.  The layout itself is checked, so the
 * entry must come first.
 */
static void expect_table(const char *what, const char *const *want, int n)
{
	char got[128];

	CHECK(nout == n, "%s: %d steps, want %d", what, nout, n);
	for (int i = 0; i < n && i < nout; i++) {
		snprintf(got, sizeof(got), "%s %s %s %#x", out[i].name, at(out[i].next),
			 at(out[i].skip), out[i].when);
		CHECK(strcmp(got, want[i]) == 0, "%s: step %d is '%s', want '%s'", what, i, got,
		      want[i]);
	}
}

/* ops ends with TWIN_END, or has TWIN_MAX_OPS operators. */
static int mutate(const struct step *in, int n, const struct twin_op *ops, char *err, size_t len)
{
	err[0] = '\0';
	memset(out, 0, sizeof(out));
	nout = 0;
	return twin_mutate(in, n, H_FAULT, ops, out, &nout, err, len);
}

static void test_operators(void)
{
	char err[256];

	{	/* Removing a lock at the entry: the next step becomes step 0. */
		static const struct twin_op ops[] = {
			{ .kind = TWIN_DROP_LOCK, .arg = LOCK_ILOCK }, END };
		static const char *const want[] = {
			"look alloc alloc 0", "alloc zero insert 0x1", "zero zero map 0x8",
			"map insert insert 0", "insert - - 0",
		};
		CHECK(mutate(table, 7, ops, err, sizeof(err)) == 0, "drop ILOCK: %s", err);
		expect_table("drop ILOCK", want, 5);
	}
	{	/* The zeroing loop moved after the unlock: alloc goes to map,
		 * unlock to the loop, the loop exits to insert. */
		static const struct twin_op ops[] = {
			{ .kind = TWIN_MOVE_AFTER, .step = A_ZERO, .anchor = A_UNLOCK }, END };
		static const char *const want[] = {
			"lock look look 0", "look alloc alloc 0", "alloc map unlock 0x1",
			"zero zero insert 0x8", "map unlock unlock 0", "unlock zero zero 0",
			"insert - - 0",
		};
		CHECK(mutate(table, 7, ops, err, sizeof(err)) == 0, "move zero: %s", err);
		expect_table("move the loop after unlock", want, 7);
	}
	{	/* After a loop is on its exit edge; before a step takes every
		 * edge into it, the skip from alloc too. */
		static const struct twin_op ops[] = {
			{ .kind = TWIN_MOVE_AFTER, .step = A_MAP, .anchor = A_ZERO },
			{ .kind = TWIN_MOVE_BEFORE, .step = A_INSERT, .anchor = A_UNLOCK }, END };
		static const char *const want[] = {
			"lock look look 0", "look alloc alloc 0", "alloc zero insert 0x1",
			"zero zero map 0x8", "map insert insert 0", "unlock - - 0",
			"insert unlock unlock 0",
		};
		CHECK(mutate(table, 7, ops, err, sizeof(err)) == 0, "move map, insert: %s", err);
		expect_table("move after a loop, before a join", want, 7);
	}
	{	/* An inserted loop in front of insert; a changed argument. */
		static const struct twin_op ops[] = {
			{ .kind = TWIN_INSERT_BEFORE, .anchor = A_INSERT,
			  .insert = { "clear", PRIM_ZERO_WORD, 0, WHEN_ZEROING, 0, 0 }, .loop = 1 },
			{ .kind = TWIN_SET_ARG, .step = A_MAP, .arg = MAP_KEEP_NEW }, END };

		CHECK(mutate(table, 7, ops, err, sizeof(err)) == 0, "insert: %s", err);
		CHECK(nout == 8 && idx("clear") == 7 && out[7].next == 7 &&
		      strcmp(at(out[7].skip), "insert") == 0 &&
		      strcmp(at(out[idx("unlock")].next), "clear") == 0 &&
		      strcmp(at(out[idx("unlock")].skip), "clear") == 0,
		      "inserted clear loop: %d steps, clear at %d", nout, idx("clear"));
		CHECK(idx("map") >= 0 && out[idx("map")].arg == MAP_KEEP_NEW, "set arg");
	}
	{	/* A step renamed keeps its place, primitive and edges; a name
		 * given again is refused. */
		struct twin_op ops[] = {
			{ .kind = TWIN_RENAME, .step = A_ZERO, .name = "clear_page" }, END };

		CHECK(mutate(table, 7, ops, err, sizeof(err)) == 0 && nout == 7 &&
		      strcmp(out[A_ZERO].name, "clear_page") == 0 &&
		      out[A_ZERO].prim == table[A_ZERO].prim &&
		      out[A_ZERO].next == table[A_ZERO].next &&
		      out[A_ZERO].skip == table[A_ZERO].skip,
		      "rename zero: %s", err);
		ops[0].name = table[A_ZERO].name;
		CHECK(mutate(table, 7, ops, err, sizeof(err)) == -1 && strstr(err, "already"),
		      "a name given again: '%s'", err);
	}
	{	/* A conditional lock step: its condition and skip pass on. */
		static const struct step t[] = {
			{ "lock", PRIM_LOCK, LOCK_ILOCK, WHEN_WRITE, 1, 3 },
			{ "alloc", PRIM_ALLOC, 0, 0, 2, 2 },
			{ "unlock", PRIM_UNLOCK, LOCK_ILOCK, 0, 3, 3 },
			{ "insert", PRIM_INSERT_PFN, 0, 0, STEP_RETURN, STEP_RETURN },
		};
		static const struct twin_op ops[] = {
			{ .kind = TWIN_DROP_LOCK, .arg = LOCK_ILOCK }, END };
		static const char *const want[] = { "alloc insert insert 0x10", "insert - - 0" };

		CHECK(mutate(t, 4, ops, err, sizeof(err)) == 0, "conditional lock: %s", err);
		expect_table("drop a conditional lock", want, 2);
	}
	{	/* ...unless the next step is reached from elsewhere too. */
		static const struct step t[] = {
			{ "look", PRIM_GET_BLOCK, 0, WHEN_READ, 2, 1 },
			{ "lock", PRIM_LOCK, LOCK_ILOCK, WHEN_WRITE, 2, 3 },
			{ "alloc", PRIM_ALLOC, 0, 0, 3, 3 },
			{ "unlock", PRIM_UNLOCK, LOCK_ILOCK, WHEN_WRITE, STEP_RETURN, STEP_RETURN },
		};
		static const struct twin_op ops[] = {
			{ .kind = TWIN_DROP_LOCK, .arg = LOCK_ILOCK }, END };

		CHECK(mutate(t, 4, ops, err, sizeof(err)) == -1 &&
		      strstr(err, "cannot pass the condition") && strstr(err, "'lock'"),
		      "a condition passed to a shared step: '%s'", err);
	}
	{	/* Steps that do not exist, or no longer; a lock no step takes. */
		struct twin_op ops[] = {
			{ .kind = TWIN_SET_ARG, .step = 7, .arg = 1 }, END, END };

		CHECK(mutate(table, 7, ops, err, sizeof(err)) == -1 &&
		      strstr(err, "the table has no step '7'"), "unknown step: '%s'", err);
		ops[0] = (struct twin_op){ .kind = TWIN_DROP_LOCK, .arg = LOCK_ILOCK };
		ops[1] = (struct twin_op){ .kind = TWIN_MOVE_AFTER, .step = A_UNLOCK, .anchor = A_MAP };
		CHECK(mutate(table, 7, ops, err, sizeof(err)) == -1 &&
		      strstr(err, "an earlier operator removed step 'unlock'"),
		      "a step removed before: '%s'", err);
		ops[1] = (struct twin_op){ .kind = TWIN_END };
		ops[0] = (struct twin_op){ .kind = TWIN_DROP_LOCK, .arg = LOCK_RANGE };
		CHECK(mutate(table, 7, ops, err, sizeof(err)) == -1 && strstr(err, "no step takes"),
		      "a lock no step takes: '%s'", err);
		ops[0] = (struct twin_op){ .kind = TWIN_SET_ARG, .step = A_MAP, .arg = MAP_CLEAR_NEW };
		CHECK(mutate(table, 7, ops, err, sizeof(err)) == -1 && strstr(err, "already"),
		      "an argument set to itself: '%s'", err);
	}
	{	/* Operators for the other handler leave this one as it was. */
		static const struct twin_op ops[] = {
			{ .kind = TWIN_DROP_LOCK, .handler = H_PUNCH, .arg = LOCK_ILOCK }, END };

		int same = mutate(table, 7, ops, err, sizeof(err)) == 0 && nout == 7;

		for (int i = 0; same && i < 7; i++)
			same = strcmp(out[i].name, table[i].name) == 0 &&
			       out[i].prim == table[i].prim && out[i].arg == table[i].arg &&
			       out[i].when == table[i].when && out[i].next == table[i].next &&
			       out[i].skip == table[i].skip;
		CHECK(same, "a punch operator changed the fault table: %s", err);
	}
}

/* --- the twins ------------------------------------------------------------ */

static enum explore_verdict run(const struct strategy *st, const char *scenario,
				const char **prop, int *len)
{
	struct scenario sc;
	struct model m = { &sc, st };
	struct explore_opts o = { .order = SEARCH_BFS, .hash_bits = 12 };
	struct explore_result r;
	char err[1024];

	*prop = "";
	*len = 0;
	if (scenario_load(&sc, scenario, err, sizeof(err))) {
		CHECK(0, "%s", err);
		return EXPLORE_INCOMPLETE;
	}
	explore_run(&m, &o, &r);
	if (r.verdict == EXPLORE_VIOLATION)
		*prop = r.violated->name;
	*len = r.len;
	free(r.schedule);
	return r.verdict;
}

static void test_twins(void)
{
	int expected[16] = { 0 }, last_base = -1;
	char err[256];

	CHECK(twin_count() >= 16, "%d twins, want at least 16", twin_count());
	for (int i = 0; i < twin_count(); i++) {
		const struct twin *tw = twin_get(i);
		const char *sep = strchr(tw->name, TWIN_SEP), *prop;
		int base = -1, len;
		enum explore_verdict v;

		CHECK(tw->st != NULL, "twin %s cannot be derived: %s", tw->name, tw->error);
		CHECK(tw->base && sep && strchr(sep + 1, TWIN_SEP) == NULL &&
		      strncmp(tw->name, tw->base->name, (size_t)(sep - tw->name)) == 0 &&
		      strlen(tw->base->name) == (size_t)(sep - tw->name),
		      "twin %s: its name is not its strategy's, '%c', a mutation", tw->name, TWIN_SEP);
		CHECK(twin_find(tw->name) == tw && !strategy_find(tw->name), "twin_find(%s)", tw->name);
		CHECK(tw->mutation && strlen(tw->mutation) > 20, "twin %s: no description", tw->name);
		CHECK(property_find(tw->property) != NULL, "twin %s: no property '%s'", tw->name,
		      tw->property);
		for (int p = 0; p < property_count; p++)
			if (strcmp(property_all[p]->name, tw->property) == 0)
				expected[p]++;
		for (int s = 0; s < strategy_count(); s++)
			if (strategy_get(s) == tw->base)
				base = s;
		CHECK(base >= last_base, "twin %s is not listed under its strategy, in registry order",
		      tw->name);
		last_base = base;
		if (!tw->st)
			continue;
		CHECK(twin_of(tw->st) == tw && twin_of(tw->base) == NULL, "twin_of(%s)", tw->name);
		CHECK(strategy_validate(tw->st, err, sizeof(err)) == 0, "twin %s: %s", tw->name, err);

		/* The mutation, not the scenario, is what fails. */
		v = run(tw->base, tw->scenario, &prop, &len);
		CHECK(v == EXPLORE_OK, "twin %s: its strategy %s fails %s already (%s)", tw->name,
		      tw->base->name, tw->scenario, prop);
		v = run(tw->st, tw->scenario, &prop, &len);
		CHECK(v == EXPLORE_VIOLATION && strcmp(prop, tw->property) == 0,
		      "twin %s on %s: want %s, found verdict %d %s", tw->name, tw->scenario,
		      tw->property, v, prop);
	}
	for (int p = 0; p < property_count; p++)
		CHECK(expected[p] > 0, "no twin expects %s", property_all[p]->name);
	CHECK(twin_find("fs-zero-inside~no-ilock") && !twin_find("fs-zero-inside") &&
	      !twin_find("no-ilock"), "twin_find by partial names");
}

/*
 * Every strategy that passes some shipped scenario has a twin, or its file
 * says why not (`no-twin`: dax-generic passes only different-pages, where
 * the two faults share nothing a mutation could break).  The fully
 * correct ones have a twin of each kind that can break them.
 */
static void test_twin_coverage(void)
{
	static const struct { const char *strategy; const char *kinds[8]; } kinds[] = {
		{ "fs-zero-inside", { "no-ilock", "zero-after-iunlock", "bh-new",
				      "pte-before-zero" } },
		{ "xfs-mmaplock", { "no-ilock", "zero-after-iunlock", "bh-new", "pte-before-zero",
				    "punch-no-mmaplock", "fault-no-mmaplock", "punch-lock-order",
				    "no-pte-same" } },
		{ "entry-lock", { "no-locks", "pte-before-zero", "punch-no-mmaplock",
				  "fault-no-mmaplock", "punch-lock-order" } },
	};
	int n = scenario_shipped_count();
	char name[96];

	CHECK(n > 5, "%d shipped scenarios", n);
	for (int s = 0; s < strategy_count(); s++) {
		const struct strategy *st = strategy_get(s);
		int passes = 0, twins = 0;

		for (int j = 0; j < n; j++) {
			struct scenario sc;
			const char *prop;
			char err[1024];
			int len;

			CHECK(scenario_shipped(&sc, j, err, sizeof(err)) == 0, "%s", err);
			if (strategy_runs(st, &sc, err, sizeof(err)))
				continue;	/* a PMD fault, and no PMD path */
			passes += run(st, sc.name, &prop, &len) == EXPLORE_OK;
		}
		for (int i = 0; i < twin_count(); i++)
			twins += twin_get(i)->base == st;
		CHECK(!passes || twins || st->file->no_twin,
		      "%s passes %d scenarios and has no known-bad twin (nor a no-twin line)",
		      st->name, passes);
		CHECK(!twins || !st->file->no_twin, "%s has twins and a no-twin line", st->name);
	}
	CHECK(strategy_find("dax-generic") && strategy_find("dax-generic")->file->no_twin,
	      "dax-generic's file does not say why it has no twin");
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		for (int j = 0; j < 8 && kinds[k].kinds[j]; j++) {
			snprintf(name, sizeof(name), "%s%c%s", kinds[k].strategy, TWIN_SEP,
				 kinds[k].kinds[j]);
			CHECK(twin_find(name) != NULL, "no twin %s", name);
		}
	}
}

int main(void)
{
	test_operators();
	test_twins();
	test_twin_coverage();
	return unit_done("test_twins");
}
