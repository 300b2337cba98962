/*
 * test_registry.c - unit tests of checker-src/registry.c: a shipped
 * strategy found by name before strategy_init() is parsed alone, and is
 * the very strategy the whole registry holds once every file is parsed.
 */
#include <string.h>

#include "../../checker-src/registry.h"
#include "../../checker-src/shipped.h"
#include "unit.h"

int main(void)
{
	const char *names[] = { "fs-zero-inside", "dax-generic", "entry-lock" };
	const struct strategy *early[3];
	char err[1024];
	int n, found;

	/* Nothing has parsed the registry yet: each is its own file alone. */
	for (int i = 0; i < 3; i++) {
		early[i] = strategy_find(names[i]);
		CHECK(early[i] && strcmp(early[i]->name, names[i]) == 0,
		      "strategy_find(%s) before strategy_init: %s", names[i],
		      early[i] ? early[i]->name : "NULL");
	}
	CHECK(strategy_find(names[0]) == early[0], "a second find parses the file again");

	CHECK(strategy_init(err, sizeof(err)) == 0, "strategy_init: %s", err);
	n = strategy_count();
	CHECK(n == shipped_strategies_count, "%d strategies registered, %d files shipped", n,
	      shipped_strategies_count);
	for (int i = 0; i < 3; i++) {
		found = 0;
		for (int j = 0; j < n; j++)
			found += strategy_get(j) == early[i];
		CHECK(found == 1, "%s found before strategy_init is listed %d times after it",
		      names[i], found);
		CHECK(strategy_find(names[i]) == early[i],
		      "%s: strategy_find after strategy_init gives another copy", names[i]);
	}
	/* Every shipped strategy once, each found by its own name. */
	for (int j = 0; j < n; j++)
		CHECK(strategy_find(strategy_get(j)->name) == strategy_get(j),
		      "strategy %d (%s) is not what its name finds", j, strategy_get(j)->name);
	CHECK(strategy_find("no-such-strategy") == NULL, "an unknown name is found");
	return unit_done("test_registry");
}
