/*
 * test_suggest.c - unit tests of checker-src/suggest.c: the edit distance
 * and which names "did you mean" offers.
 */
#include <string.h>

#include "../../checker-src/suggest.h"
#include "unit.h"

static int dist(const char *a, const char *b)
{
	return suggest_distance(a, strlen(a), b, strlen(b));
}

static void test_distance(void)
{
	static const struct { const char *a, *b; int d; } cases[] = {
		{ "strategy", "strategy", 0 },
		{ "stratgy", "strategy", 1 },		/* a letter left out */
		{ "stragety", "strategy", 2 },		/* two swaps apart */
		{ "strategy", "strateyg", 1 },		/* one swap */
		{ "lost-stor", "lost-store", 1 },
		{ "bsf", "bfs", 1 },
		{ "persistant", "persistent", 1 },
		{ "", "abc", 3 },
		{ "xfs", "xfs-mmaplock", SUGGEST_FAR },	/* too far: capped */
		{ "dax-generic", "entry-lock", SUGGEST_FAR },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int d = dist(cases[i].a, cases[i].b);

		CHECK(d == cases[i].d, "distance('%s', '%s') = %d, want %d", cases[i].a, cases[i].b,
		      d, cases[i].d);
		CHECK(dist(cases[i].b, cases[i].a) == d, "distance('%s', '%s') is not symmetric",
		      cases[i].a, cases[i].b);
	}
}

static void test_names(void)
{
	static const char *const names[] = { "search", "scenario", "strategy", "storage",
					     "symmetry", "bfs", "dfs" };
	char buf[128];
	int n = (int)(sizeof(names) / sizeof(names[0]));

	CHECK(suggest_names("stratgy", 7, names, n, "--", buf, sizeof(buf)) == 1 &&
	      strcmp(buf, "'--strategy'") == 0, "stratgy: got \"%s\"", buf);
	/* Both at one edit: both offered, in the table's order. */
	CHECK(suggest_names("xfs", 3, names, n, "", buf, sizeof(buf)) == 1 &&
	      strcmp(buf, "'bfs' or 'dfs'") == 0, "xfs: got \"%s\"", buf);
	/* A short name gets one edit, not two. */
	CHECK(suggest_names("bxx", 3, names, n, "", buf, sizeof(buf)) == 0 && !buf[0],
	      "bxx: got \"%s\", want nothing", buf);
	CHECK(suggest_names("frobnicate", 10, names, n, "", buf, sizeof(buf)) == 0 && !buf[0],
	      "frobnicate: got \"%s\", want nothing", buf);
	/* An exact name is no suggestion. */
	CHECK(suggest_names("search", 6, names, n, "", buf, sizeof(buf)) == 0,
	      "search: got \"%s\", want nothing", buf);
	/* Only typed[0..typed_len-1] counts (an option's name before '='). */
	CHECK(suggest_names("storagx=exact", 7, names, n, "", buf, sizeof(buf)) == 1 &&
	      strcmp(buf, "'storage'") == 0, "storagx=exact: got \"%s\"", buf);
}

int main(void)
{
	test_distance();
	test_names();
	return unit_done("test_suggest");
}
