/*
 * interrupt.h - SIGINT, SIGTERM and SIGHUP during a run: the first asks
 * the search to stop, and the run then prints its statistics so far and
 * "incomplete" (exit 3) through the normal report path.  The same signal
 * again within a second (timeout signals the process and then its group)
 * changes nothing; one more than a second later kills at once.
 */
#ifndef DAX_INTERRUPT_H
#define DAX_INTERRUPT_H

#include <signal.h>
#include <stdatomic.h>

/* The signal that asked the search to stop, or 0.  Set only by the
 * handler; read by the explorer between two expansions. */
extern atomic_int interrupt_signal;

/*
 * Catch SIGINT, SIGTERM and SIGHUP, first thing in main(), so that no
 * signal finds the program without its handler.  A signal that was
 * ignored when the program started (nohup, a background job) stays
 * ignored.
 */
void interrupt_install(void);

/* Nonzero once a search should stop. */
static inline int interrupt_pending(void)
{
	return atomic_load_explicit(&interrupt_signal, memory_order_relaxed) != 0;
}

/* "interrupted by SIGINT" (or SIGTERM, SIGHUP), for why a search stopped. */
const char *interrupt_why(void);

#endif
