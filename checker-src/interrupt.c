/*
 * interrupt.c - a flag set by a signal handler and polled by the search.
 *
 * The first SIGINT, SIGTERM or SIGHUP asks the search to stop; the run
 * then prints its report, INCOMPLETE, and exits 3.  The handler records
 * the signal and when it came, in lock-free atomics, the only objects C11
 * lets a handler share with the program's threads.
 *
 * Signals often come in pairs that mean one request: `timeout` signals
 * the checker and then its whole process group, and a shell may do the
 * same.  So a second signal within a second of the first is taken as the
 * same request.  Only one more than a second later, which a person sent
 * because the run did not stop, kills at once (its default action, put
 * back and raised again): the user can always get out.
 *
 * SA_RESTART: a write to a pipe or terminal that a signal interrupts goes
 * on, so the report is not cut short by the very signal that asked for it.
 */
#include <string.h>
#include <time.h>

#include "interrupt.h"

atomic_int interrupt_signal;

#define PERSON_DS	10	/* deciseconds after the first signal from which
				 * another one kills */

static struct timespec installed;	/* when interrupt_install() ran */
static atomic_long first_ds;		/* the first signal, deciseconds after
					 * that; valid once interrupt_signal is */

_Static_assert(ATOMIC_INT_LOCK_FREE == 2 && ATOMIC_LONG_LOCK_FREE == 2,
	       "a signal handler may only touch lock-free atomics");

/* Deciseconds since interrupt_install(); clock_gettime is async-signal-safe. */
static long since_install(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - installed.tv_sec) * 10 +
	       (now.tv_nsec - installed.tv_nsec) / 100000000;
}

static void handler(int sig)
{
	int none = 0;
	long now = since_install();

	if (atomic_compare_exchange_strong(&interrupt_signal, &none, sig)) {
		atomic_store(&first_ds, now);
		return;
	}
	if (now - atomic_load(&first_ds) < PERSON_DS)
		return;		/* the same request again */
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch(int sig)
{
	struct sigaction sa, old;

	if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaddset(&sa.sa_mask, SIGHUP);
	sa.sa_flags = SA_RESTART;
	sigaction(sig, &sa, NULL);
}

void interrupt_install(void)
{
	clock_gettime(CLOCK_MONOTONIC, &installed);
	catch(SIGINT);
	catch(SIGTERM);
	catch(SIGHUP);
}

const char *interrupt_why(void)
{
	switch (atomic_load(&interrupt_signal)) {
	case SIGTERM:
		return "interrupted by SIGTERM";
	case SIGHUP:
		return "interrupted by SIGHUP";
	default:
		return "interrupted by SIGINT";
	}
}
