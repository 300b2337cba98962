/*
 * failalloc.c - an LD_PRELOAD shim that makes the checker's allocations
 * fail on demand, so that tests/run_tests.py can check every allocation
 * path: wherever memory runs out, the run must end "incomplete" (exit 3)
 * or with its normal verdict, never crash, never exit 2, never claim a
 * false "no violation".  glibc only (it calls __libc_malloc and friends).
 *
 *	FAILALLOC_AT=N		the Nth allocation (malloc, calloc or realloc
 *				to a nonzero size) returns NULL, counting from
 *				the first one after the program's start
 *	FAILALLOC_AFTER=1	... and so does every later one (memory is
 *				gone for good), instead of that one only
 *	FAILALLOC_COUNT=1	print "failalloc: N allocations" on stderr at
 *				exit, to know how many there are to fail
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t size);

static unsigned long count, fail_at;
static int armed, fail_after, report;

__attribute__((constructor)) static void failalloc_init(void)
{
	const char *at = getenv("FAILALLOC_AT");

	fail_at = at ? strtoul(at, NULL, 10) : 0;
	fail_after = getenv("FAILALLOC_AFTER") != NULL;
	report = getenv("FAILALLOC_COUNT") != NULL;
	count = 0;
	armed = 1;
}

__attribute__((destructor)) static void failalloc_fini(void)
{
	char buf[64];
	int n;

	armed = 0;
	if (report) {
		n = snprintf(buf, sizeof(buf), "failalloc: %lu allocations\n", count);
		if (write(2, buf, (size_t)n) < 0)
			return;
	}
}

/* Count one allocation; nonzero if it must fail. */
static int fail(void)
{
	if (!armed)
		return 0;
	count++;
	if (fail_at && (count == fail_at || (fail_after && count > fail_at))) {
		errno = ENOMEM;
		return 1;
	}
	return 0;
}

void *malloc(size_t size)
{
	return fail() ? NULL : __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	return fail() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
	if (size && fail())
		return NULL;
	return __libc_realloc(p, size);
}
