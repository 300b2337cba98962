/*
 * interrupt.h - SIGINT and SIGTERM during a search: the first one asks
 * the search to stop, and the run then prints its statistics so far and
 * "incomplete" (exit 3) through the normal report path; a second one
 * kills the process at once (the default action is restored).
 */
#ifndef DAX_INTERRUPT_H
#define DAX_INTERRUPT_H

#include <signal.h>

/* The signal that asked the search to stop, or 0.  Set only by the
 * handler; read by the explorer between two expansions. */
extern volatile sig_atomic_t interrupt_signal;

/*
 * Catch SIGINT and SIGTERM, once each.  A signal that was ignored when the
 * program started (nohup, a background job) stays ignored.
 */
void interrupt_install(void);

/* Nonzero once a search should stop. */
static inline int interrupt_pending(void)
{
	return interrupt_signal != 0;
}

/* "interrupted by SIGINT" (or SIGTERM), for the reason a search stopped. */
const char *interrupt_why(void);

#endif
