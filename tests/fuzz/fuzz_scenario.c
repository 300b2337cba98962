/*
 * fuzz_scenario.c - fuzz target for the scenario parser (AFL++).
 *
 * Reads one scenario file, given as the first argument (AFL's @@), and
 * checks what the checker relies on:
 *   - a rejected file gets a message "FILE:LINE: what is wrong", one line;
 *   - an accepted file's geometry and operations are all in range, and a
 *     short bounded search of it under one strategy runs without fault.
 * Any breach aborts, which AFL records as a crash.  Built by `make fuzz`
 * with afl-clang-fast and ASan; built with the plain compiler it is a
 * replayer, run over the corpus by `make check`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../checker-src/explore.h"
#include "../../model/scenario.h"
#include "../../model/strategy.h"
#include "../../checker-src/scenario_parse.h"
#include "../../checker-src/registry.h"

#ifndef __AFL_LOOP
#define __AFL_LOOP(n) (first_pass ? (first_pass = 0, 1) : 0)
static int first_pass = 1;
#endif

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "fuzz_scenario: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

/* The message must read "path:N: text" with N >= 1 and hold one line. */
static void check_message(const char *path, const char *err)
{
	size_t n = strlen(path);
	const char *p = err + n + 1;

	if (strncmp(err, path, n) != 0 || err[n] != ':') {
		CHECK(0);
		return;
	}
	if (strstr(err, ": cannot open: ") == err + n || strcmp(err + n, ": read error") == 0)
		return;
	CHECK(*p >= '1' && *p <= '9');
	while (*p >= '0' && *p <= '9')
		p++;
	CHECK(p[0] == ':' && p[1] == ' ' && p[2]);
	CHECK(!strchr(err, '\n'));
}

static void check_scenario(const struct scenario *sc)
{
	CHECK(sc->pages >= 1 && sc->pages <= MAX_PAGES);
	CHECK(sc->words >= 1 && sc->words <= MAX_WORDS);
	CHECK(sc->nthreads >= 1 && sc->nthreads <= MAX_THREADS);
	for (int t = 0; t < sc->nthreads; t++) {
		CHECK(sc->prog[t].nops >= 1 && sc->prog[t].nops <= MAX_OPS);
		for (int i = 0; i < sc->prog[t].nops; i++) {
			const struct op *op = &sc->prog[t].ops[i];

			CHECK(op->page < sc->pages);
			CHECK(op->kind == OP_PUNCH || op->word < sc->words);
			CHECK(op->kind != OP_STORE || (op->value >= 1 && op->value <= VAL_MAX));
		}
	}
}

int main(int argc, char **argv)
{
	static struct scenario sc;
	char err[512];

	if (argc != 2) {
		fprintf(stderr, "usage: fuzz_scenario FILE\n");
		return 2;
	}
	while (__AFL_LOOP(1000)) {
		err[0] = '\0';
		if (scenario_parse(&sc, argv[1], err, sizeof(err)) != 0) {
			check_message(argv[1], err);
			continue;
		}
		check_scenario(&sc);

		/* A short search: the model must cope with any valid scenario
		 * (under the first strategy from this one on that runs it: a
		 * PMD fault needs a PMD path). */
		int k = (sc.nthreads + sc.pages) % strategy_count(), tries = 0;

		while (tries++ < strategy_count() &&
		       strategy_runs(strategy_get(k), &sc, err, sizeof(err)))
			k = (k + 1) % strategy_count();
		CHECK(tries <= strategy_count());

		struct model m = { &sc, strategy_get(k) };
		struct explore_opts o = { .order = SEARCH_BFS, .max_states = 200, .hash_bits = 8 };
		struct explore_result r;

		memset(&r, 0, sizeof(r));
		if (explore_run(&m, &o, &r) == 0)
			CHECK(r.verdict != EXPLORE_VIOLATION || (r.violated && r.len > 0));
		free(r.schedule);
	}
	return 0;
}
