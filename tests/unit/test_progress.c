/*
 * test_progress.c - unit tests of checker-src/progress.c's estimate of the
 * states still to expand: none while the levels grow or have only just
 * turned, and near the truth on a bell-shaped level profile once they
 * shrink.
 */
#include <math.h>

#include "../../checker-src/progress.h"
#include "unit.h"

#define LEVELS	60

/* A bell of levels: size[i] = height * exp(-(i - mid)^2 / width). */
static void bell(uint64_t *size, int n, double height, double mid, double width)
{
	for (int i = 0; i < n; i++)
		size[i] = (uint64_t)(height * exp(-(i - mid) * (i - mid) / width) + 1);
}

/* The states of levels n.. plus those of level n - 1 not yet expanded. */
static double truth(const uint64_t *size, int n, int total, uint64_t done)
{
	double left = (double)size[n - 1] - (double)done;

	for (int i = n; i < total; i++)
		left += (double)size[i];
	return left;
}

static void test_bell(void)
{
	uint64_t size[LEVELS];

	bell(size, LEVELS, 1e6, 30, 60);
	/* Growing, at the top, or just past it: no estimate. */
	for (int n = 1; n <= 33; n++)
		CHECK(progress_estimate(size, (uint32_t)n, 0) < 0,
		      "an estimate after %d levels of a bell peaking at 30", n);
	/* Down the tail: within a factor of two of the truth. */
	for (int n = 36; n < 50; n++) {
		double e = progress_estimate(size, (uint32_t)n, size[n - 1] / 2);
		double t = truth(size, n, LEVELS, size[n - 1] / 2);

		CHECK(e >= t / 2 && e <= t * 2, "after %d levels: estimate %.0f, truth %.0f",
		      n, e, t);
	}
}

/* Persistent sets give levels that alternate; averaging pairs evens them. */
static void test_alternating(void)
{
	uint64_t size[LEVELS];

	bell(size, LEVELS, 1e5, 25, 80);
	for (int i = 1; i < LEVELS; i += 2)
		size[i] = size[i] * 3 / 2;
	for (int n = 32; n < 45; n++) {
		double e = progress_estimate(size, (uint32_t)n, 0);
		double t = truth(size, n, LEVELS, 0);

		CHECK(e >= t / 2 && e <= t * 2, "alternating, after %d levels: estimate %.0f, "
		      "truth %.0f", n, e, t);
	}
}

/* A plateau is no peak: flat levels give no estimate however long. */
static void test_plateau(void)
{
	uint64_t size[LEVELS];

	for (int i = 0; i < LEVELS; i++)
		size[i] = i < 10 ? (uint64_t)1 << i : 1458 - (uint64_t)(i % 3);
	for (int n = 12; n <= LEVELS; n++)
		CHECK(progress_estimate(size, (uint32_t)n, 0) < 0,
		      "an estimate on a plateau after %d levels", n);
}

int main(void)
{
	test_bell();
	test_alternating();
	test_plateau();
	return unit_done("test_progress");
}
