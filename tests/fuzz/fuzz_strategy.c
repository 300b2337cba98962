/*
 * fuzz_strategy.c - fuzz target for the strategy file parser (AFL++).
 *
 * Reads one strategy file, given as the first argument (AFL's @@), and
 * checks what the checker relies on:
 *   - a rejected file gets one line, "FILE:LINE: what is wrong";
 *   - an accepted file's tables validate, every target and argument is in
 *     range, its twins derive or say why not, and a short bounded search
 *     of it (and of each twin) on a shipped scenario runs without fault.
 * Any breach aborts, which AFL records as a crash.  Built by `make fuzz`
 * with afl-clang-fast and ASan; built with the plain compiler it is a
 * replayer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../checker-src/explore.h"
#include "../../model/scenario.h"
#include "../../checker-src/strategy_file.h"
#include "../../checker-src/scenario_parse.h"

#ifndef __AFL_LOOP
#define __AFL_LOOP(n) (first_pass ? (first_pass = 0, 1) : 0)
static int first_pass = 1;
#endif

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "fuzz_strategy: %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

/* The message must read "path:N: text" with N >= 1 and hold one line. */
static void check_message(const char *path, const char *err)
{
	size_t n = strlen(path);
	const char *p = err + n + 1;

	CHECK(strncmp(err, path, n) == 0 && err[n] == ':');
	if (strstr(err, ": cannot open: ") == err + n || strcmp(err + n, ": read error") == 0)
		return;
	CHECK(*p >= '1' && *p <= '9');
	while (*p >= '0' && *p <= '9')
		p++;
	CHECK(p[0] == ':' && p[1] == ' ' && p[2]);
	CHECK(!strchr(err, '\n'));
}

static void check_table(const struct step *t, int n)
{
	CHECK(n >= 0 && n <= STRATEGY_MAX_STEPS);
	for (int i = 0; i < n; i++) {
		CHECK(t[i].name && *t[i].name);
		CHECK(t[i].prim >= 0 && t[i].prim < NR_PRIMS);
		CHECK(t[i].next == STEP_RETURN || t[i].next == STEP_FALLBACK ||
		      (t[i].next >= 0 && t[i].next < n));
		CHECK(t[i].skip == STEP_RETURN || t[i].skip == STEP_FALLBACK ||
		      (t[i].skip >= 0 && t[i].skip < n));
	}
}

/* A short search of st on shipped scenario j: it must not fault. */
static void search(const struct strategy *st, int j)
{
	static struct scenario sc;
	struct model m = { &sc, st };
	struct explore_opts o = { .order = SEARCH_BFS, .max_states = 300, .hash_bits = 8 };
	struct explore_result r;
	char err[1024];

	CHECK(scenario_shipped(&sc, j, err, sizeof(err)) == 0);
	if (strategy_runs(st, &sc, err, sizeof(err)))
		return;		/* write(2) or a PMD fault, and no path for it: refused */
	memset(&r, 0, sizeof(r));
	if (explore_run(&m, &o, &r) == 0)
		CHECK(r.verdict != EXPLORE_VIOLATION || (r.violated && r.len > 0));
	free(r.schedule);
}

int main(int argc, char **argv)
{
	static struct strategy_file f;
	char err[1024];

	if (argc != 2) {
		fprintf(stderr, "usage: fuzz_strategy FILE\n");
		return 2;
	}
	while (__AFL_LOOP(1000)) {
		err[0] = '\0';
		if (strategy_parse_file(&f, argv[1], err, sizeof(err)) != 0) {
			check_message(argv[1], err);
			continue;
		}
		CHECK(strategy_validate(&f.st, err, sizeof(err)) == 0);
		for (int h = 0; h < NR_HANDLERS; h++)
			check_table(f.st.h[h].steps, f.st.h[h].n);
		search(&f.st, (f.st.h[H_FAULT].n + f.st.h[H_PUNCH].n) % scenario_shipped_count());

		/* Each twin derives (or says why not) and, derived, runs. */
		for (int k = 0; k < f.ntwins; k++) {
			static struct step steps[NR_HANDLERS][TWIN_MAX_STEPS];
			struct strategy tw = f.st;
			int n[NR_HANDLERS], bad = 0;

			for (int h = 0; h < NR_HANDLERS && !bad; h++)
				bad = twin_mutate(f.st.h[h].steps, f.st.h[h].n, (enum handler_kind)h,
						  f.twins[k].ops, steps[h], &n[h], err, sizeof(err));
			if (bad) {
				CHECK(err[0]);
				continue;
			}
			for (int h = 0; h < NR_HANDLERS; h++) {
				tw.h[h].steps = steps[h];
				tw.h[h].n = n[h];
			}
			tw.file = NULL;
			if (strategy_validate(&tw, err, sizeof(err)))
				continue;
			for (int h = 0; h < NR_HANDLERS; h++)
				check_table(steps[h], n[h]);
			search(&tw, scenario_shipped_find(f.twins[k].scenario));
		}
	}
	return 0;
}
