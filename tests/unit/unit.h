/*
 * unit.h - the smallest test harness: CHECK counts and reports, and
 * unit_done() prints the closing "N passed, N failed" that run_tests.py
 * reads.  Every check can fail: each compares against an independently
 * stated expectation.
 */
#ifndef DAX_UNIT_H
#define DAX_UNIT_H

#include <stdio.h>

static int unit_passed, unit_failed;

#define CHECK(cond, ...) do {						\
	if (cond) {							\
		unit_passed++;						\
	} else {							\
		unit_failed++;						\
		printf("FAIL %s:%d: ", __FILE__, __LINE__);		\
		printf(__VA_ARGS__);					\
		printf("\n");						\
	}								\
} while (0)

static inline int unit_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, unit_passed, unit_failed);
	return unit_failed != 0;
}

#endif
