/*
 * trim.c - the shape of a counterexample's table.
 *
 * A shortest counterexample needs every step it takes, but not every
 * thread is part of the story.  A deadlock is the clearest case: the
 * threads that cannot move must all be stuck, so the schedule runs every
 * other thread to its end, and the last step is often a bystander's.  The
 * cycle of waits is what matters, so it is what is marked: where each
 * thread of it took the lock the one before it waits for, and a last row
 * with each thread's wait.
 *
 * Whether a thread plays a part is not guessed from the trace but tried:
 * its steps are taken out of the schedule and the rest replayed.  If that
 * still replays and ends the same way (the same property violated; for a
 * deadlock, the same threads still waiting for each other), the thread
 * plays no part.  A thread that finished early may still be the cause
 * (it cached the hole page the others trip on), and then it stays.
 */
#include <stdarg.h>
#include <string.h>

#include "../model/prim.h"
#include "trim.h"

static int is_deadlock(const struct property *p)
{
	return p && strcmp(p->name, "deadlock") == 0;
}

const char *trim_same(const struct property *p)
{
	return is_deadlock(p) ? "cycle of waits" : "violation";
}

/* The threads of state s's cycle of waits, as a mask (0: none). */
static unsigned cycle_mask(const struct model *m, const struct state *s)
{
	int cycle[MAX_THREADS], k = property_wait_cycle(m, s, cycle);
	unsigned mask = 0;

	for (int i = 0; i < k; i++)
		mask |= 1u << cycle[i];
	return mask;
}

/* Returns 1 if tr without thread t's steps still replays and ends the
 * same way. */
static int no_part(const struct model *m, const struct property *const *set, int n,
		   const struct trace *tr, int t)
{
	const struct property *violated;
	struct state end;

	if (trace_rerun(m, set, n, tr, t, &end, &violated))
		return 0;
	if (is_deadlock(tr->violated))
		return cycle_mask(m, &tr->final) && cycle_mask(m, &end) == cycle_mask(m, &tr->final);
	return violated && violated == tr->violated;
}

/* The step at which thread t last took lock l before the end of tr, or -1. */
static int taken_at(const struct trace *tr, int t, int l)
{
	unsigned bits = LOCK_SHARED_BIT(l) | LOCK_EXCL_BIT(l);

	for (int i = tr->len - 1; i >= 0; i--) {
		unsigned before = i ? tr->v[i - 1].held[t] : 0;

		if ((tr->v[i].held[t] & bits) && !(before & bits))
			return i;
	}
	return -1;
}

#ifdef __GNUC__
__attribute__((format(printf, 3, 4)))
#endif
static void mark(struct trace_view *v, int step, const char *fmt, ...)
{
	va_list ap;

	if (step < 0 || v->nmarks == (int)(sizeof(v->marks) / sizeof(v->marks[0])))
		return;
	v->marks[v->nmarks].step = step;
	va_start(ap, fmt);
	vsnprintf(v->marks[v->nmarks].text, sizeof(v->marks[0].text), fmt, ap);
	va_end(ap);
	v->nmarks++;
}

/* A deadlock's marks: where each thread of the cycle took the lock the one
 * before it waits for, and the last row's note. */
static void mark_cycle(const struct model *m, const struct trace *tr, struct trace_view *v)
{
	int cycle[MAX_THREADS], k = property_wait_cycle(m, &tr->final, cycle);
	size_t n;

	v->waits = 1;
	if (!k) {
		snprintf(v->waits_mark, sizeof(v->waits_mark),
			 "<-- deadlock: every block is allocated");
		return;
	}
	/* cycle[i] waits for a lock that cycle[i + 1] holds. */
	for (int i = 0; i < k; i++) {
		int w = cycle[i], h = cycle[(i + 1) % k];
		int l = exec_blocked_on(m, &tr->final, w);

		if (w == h)
			mark(v, taken_at(tr, h, l), "<-- T%d takes %s; it will wait for it itself",
			     h, exec_lock_name(m, l));
		else
			mark(v, taken_at(tr, h, l), "<-- T%d takes %s; T%d will wait for it", h,
			     exec_lock_name(m, l), w);
	}
	n = (size_t)snprintf(v->waits_mark, sizeof(v->waits_mark), "<-- deadlock: ");
	if (k == 1) {
		snprintf(v->waits_mark + n, sizeof(v->waits_mark) - n, "T%d waits for itself",
			 cycle[0]);
		return;
	}
	for (int i = 0; i <= k && n < sizeof(v->waits_mark); i++)
		n += (size_t)snprintf(v->waits_mark + n, sizeof(v->waits_mark) - n, "%sT%d",
				      i ? " -> " : "", cycle[i % k]);
	if (n < sizeof(v->waits_mark))
		snprintf(v->waits_mark + n, sizeof(v->waits_mark) - n,
			 " (each waits for the next)");
}

/* A lost wake-up's marks: where the sleeper went to sleep, the wake-up or
 * release that left it asleep (property.c's blame), and the last row's
 * note. */
static void mark_lost_wakeup(const struct model *m, const struct trace *tr,
			     struct trace_view *v)
{
	struct blame bl;
	char why[256];
	int t = -1;

	tr->violated->explain(m, tr, why, sizeof(why), &bl);
	if (bl.victim)
		t = tr->v[bl.victim - 1].tid;
	v->waits = 1;
	mark(v, bl.victim - 1, "<-- T%d sleeps on the DAX entry", t);
	if (bl.culprit && (tr->v[bl.culprit - 1].e.kind == EFF_LOAD_HOLE ||
			   tr->v[bl.culprit - 1].e.kind == EFF_INVAL_ENTRY))
		mark(v, bl.culprit - 1, "<-- wakes one; T%d sleeps on", t);
	else if (bl.culprit)
		mark(v, bl.culprit - 1, "<-- wakes nobody; T%d sleeps on", t);
	snprintf(v->waits_mark, sizeof(v->waits_mark),
		 "<-- lost-wakeup: T%d sleeps, nobody will wake it", t);
}

void trim_view(const struct model *m, const struct property *const *set, int n,
	       const struct trace *tr, int trim, struct trace_view *v, unsigned *idle,
	       unsigned *none)
{
	unsigned stepped = 0;

	memset(v, 0, sizeof(*v));
	*none = 0;
	for (int i = 0; i < tr->len; i++)
		stepped |= 1u << tr->v[i].tid;
	*idle = ((1u << m->sc->nthreads) - 1) & ~stepped;
	v->hide = *idle;
	if (!tr->violated)
		return;
	for (int t = 0; t < m->sc->nthreads; t++)
		if ((stepped & (1u << t)) && no_part(m, set, n, tr, t))
			*none |= 1u << t;
	if (trim)
		v->hide |= *none;
	if (is_deadlock(tr->violated)) {
		mark_cycle(m, tr, v);
	} else if (strcmp(tr->violated->name, "lost-wakeup") == 0) {
		mark_lost_wakeup(m, tr, v);
	} else {
		mark(v, tr->len - 1, "<-- %s", tr->violated->name);
	}
}
