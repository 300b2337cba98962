/*
 * progress.c - the progress line, and its estimate of the time left.
 *
 * The estimate.  How many states a search will store is not known until
 * it ends, and no honest number can be given while the breadth-first
 * levels still grow: a level profile can stay flat for ten levels and
 * then grow a hundredfold.  Once the levels have passed their peak and
 * shrink, they fall like a bell's tail (every interleaving ends: each
 * level holds the states one step further from the start, and the late
 * ones are those few schedules that still have steps left).  So once the
 * largest level is three levels back and the current one is below 80% of
 * it, the sizes of the last FIT levels are fitted with a parabola in
 * their logarithm (a Gaussian in the level number, least squares), and
 * the fitted sizes of the levels to come are summed: the states still to
 * expand.  Divided by the rate so far, that is the time left.  Each size
 * is first averaged with the one before, which evens out the alternating
 * levels persistent sets give.  Measured on the scaling family (README),
 * the estimate is within a factor of two once it is shown, and errs high.
 *
 * The models to beat: GenMC estimates the number of executions before it
 * explores them (random walks, with a standard deviation); TLC prints the
 * states left on its queue.  A breadth-first search knows its queue
 * exactly, so the line gives it, and the estimate adds the levels not yet
 * reached.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"

#define FIT		8	/* levels the estimate is fitted to */
#define PAST_PEAK	3	/* levels the peak must be behind */
#define BELOW_PEAK	0.8	/* the current level, at most this much of it */

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void progress_start(struct progress *p, int on, double every, const char *what)
{
	memset(p, 0, sizeof(*p));
	p->on = on;
	p->tty = on && isatty(STDERR_FILENO);
	p->every = every;
	p->t0 = p->last = now();
	p->what = what;
}

void progress_level(struct progress *p, uint64_t size)
{
	if (p->nlevels < PROGRESS_LEVELS)
		p->size[p->nlevels] = size;
	p->nlevels++;
}

/* Solve the 3x3 normal equations m (augmented) for the parabola's
 * coefficients; returns -1 if they are singular. */
static int solve3(double m[3][4], double out[3])
{
	for (int c = 0; c < 3; c++) {
		int piv = c;

		for (int r = c + 1; r < 3; r++)
			if (fabs(m[r][c]) > fabs(m[piv][c]))
				piv = r;
		if (fabs(m[piv][c]) < 1e-12)
			return -1;
		for (int k = 0; k < 4; k++) {
			double t = m[c][k];

			m[c][k] = m[piv][k];
			m[piv][k] = t;
		}
		for (int r = 0; r < 3; r++) {
			double f = m[r][c] / m[c][c];

			if (r == c)
				continue;
			for (int k = c; k < 4; k++)
				m[r][k] -= f * m[c][k];
		}
	}
	for (int i = 0; i < 3; i++)
		out[i] = m[i][3] / m[i][i];
	return 0;
}

double progress_estimate(const uint64_t *size, uint32_t n, uint64_t done)
{
	double s[PROGRESS_LEVELS], peak = 0, m[3][4] = { { 0 } }, c[3], left;
	uint32_t at_peak = 0;

	if (n < FIT + 1 || n > PROGRESS_LEVELS)
		return -1;
	/* Each level averaged with the one before: s[i] for level i >= 1. */
	for (uint32_t i = 1; i < n; i++) {
		s[i] = (size[i] + size[i - 1]) / 2.0;
		if (s[i] >= peak) {
			peak = s[i];
			at_peak = i;
		}
	}
	if (n - 1 - at_peak < PAST_PEAK || s[n - 1] > BELOW_PEAK * peak)
		return -1;
	/* log s = c0 + c1 x + c2 x^2, x = 0 at the level now expanded. */
	for (uint32_t i = n - FIT; i < n; i++) {
		double x = (double)i - (double)(n - 1), y = log(s[i] > 1 ? s[i] : 1);
		double pw[5] = { 1, x, x * x, x * x * x, x * x * x * x };

		for (int r = 0; r < 3; r++) {
			for (int k = 0; k < 3; k++)
				m[r][k] += pw[r + k];
			m[r][3] += y * pw[r];
		}
	}
	if (solve3(m, c) || c[1] >= 0)
		return -1;	/* not shrinking after all */
	if (c[2] > 0)
		c[2] = 0;	/* a tail that would turn up again: geometric */
	left = (double)size[n - 1] - (double)done;
	for (int x = 1; x < 100000; x++) {
		double v = exp(c[0] + c[1] * x + c[2] * x * x);

		left += v;
		if (v < 0.5)
			break;
	}
	return left;
}

/* "1234", "12.3k", "4.51M", "1.20G" */
static const char *count(double v, char *buf, size_t len)
{
	if (v < 10000)
		snprintf(buf, len, "%.0f", v);
	else if (v < 1e6)
		snprintf(buf, len, "%.1fk", v / 1e3);
	else if (v < 1e9)
		snprintf(buf, len, "%.2fM", v / 1e6);
	else
		snprintf(buf, len, "%.2fG", v / 1e9);
	return buf;
}

/* "412M", "17.7G": bytes */
static const char *bytes(double v, char *buf, size_t len)
{
	if (v < 1 << 30)
		snprintf(buf, len, "%.0fM", v / (1 << 20));
	else
		snprintf(buf, len, "%.1fG", v / (1 << 30));
	return buf;
}

/* "0:07", "12:34", "1:02:03" */
static const char *clock_time(double s, char *buf, size_t len)
{
	long t = (long)(s + 0.5);

	if (t >= 3600)
		snprintf(buf, len, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
	else
		snprintf(buf, len, "%ld:%02ld", t / 60, t % 60);
	return buf;
}

/* Print line: rewritten in place on a terminal, cut to its width. */
static void emit(struct progress *p, const char *line)
{
	struct winsize ws;
	int width = 80;

	if (!p->tty) {
		fprintf(stderr, "progress  %s\n", line);
		return;
	}
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10)
		width = ws.ws_col;
	/* One column short of the width: a full line would wrap on some
	 * terminals, and \r then returns to the wrong row. */
	fprintf(stderr, "\r%.*s\033[K", width - 1, line);
	fflush(stderr);
	p->shown = 1;
}

void progress_show(struct progress *p, const struct progress_now *w)
{
	double t = now(), el = t - p->t0, rate, left = -1;
	char line[300], a[32], b[32], c[32], d[32], e[32];
	size_t n;

	if (!p->on || t - p->last < p->every)
		return;
	p->last = t;
	rate = el > 0 ? (double)w->states / el : 0;
	n = (size_t)snprintf(line, sizeof(line), "%s %s  %s states  %s/s", p->what,
			     clock_time(el, a, sizeof(a)), count((double)w->states, b, sizeof(b)),
			     count(rate, c, sizeof(c)));
	if (w->dfs)
		n += (size_t)snprintf(line + n, sizeof(line) - n, "  depth-first, stack %s",
				      count((double)w->queued, d, sizeof(d)));
	else
		n += (size_t)snprintf(line + n, sizeof(line) - n, "  level %u %.0f%%  queue %s",
				      w->level, w->level_size ? 100.0 * (double)w->level_done /
				      (double)w->level_size : 100.0,
				      count((double)w->queued, d, sizeof(d)));
	if (w->limit)
		n += (size_t)snprintf(line + n, sizeof(line) - n, "  mem %s of %s",
				      bytes((double)w->memory, a, sizeof(a)),
				      bytes((double)w->limit, b, sizeof(b)));
	else
		n += (size_t)snprintf(line + n, sizeof(line) - n, "  mem %s, no limit",
				      bytes((double)w->memory, a, sizeof(a)));
	if (!w->dfs)
		left = progress_estimate(p->size, p->nlevels, w->level_done);
	if (left >= 0 && rate > 0)
		snprintf(line + n, sizeof(line) - n, "  ~%s left",
			 clock_time(left / rate, e, sizeof(e)));
	else if (!w->dfs)
		snprintf(line + n, sizeof(line) - n, "  left: ? (until the levels shrink)");
	emit(p, line);
}

void progress_count(struct progress *p, int done, int total)
{
	double t = now();
	char line[160], a[32];

	if (!p->on || done == p->counted || (t - p->last < p->every && done < total))
		return;
	p->last = t;
	p->counted = done;
	snprintf(line, sizeof(line), "%s %s  %d of %d searches done", p->what,
		 clock_time(t - p->t0, a, sizeof(a)), done, total);
	emit(p, line);
}

void progress_end(struct progress *p)
{
	if (p->tty && p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
	}
	p->shown = 0;
}
