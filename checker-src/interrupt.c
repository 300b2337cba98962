/*
 * interrupt.c - a flag set by a signal handler and polled by the search.
 *
 * The handler does nothing but store the signal number in a volatile
 * sig_atomic_t, the one thing C11 and POSIX allow a handler to touch
 * safely.  SA_RESETHAND puts the default action back as the handler is
 * entered, so a second SIGINT (or SIGTERM) terminates the process even if
 * the search were stuck: the user can always get out.
 */
#include <string.h>

#include "interrupt.h"

volatile sig_atomic_t interrupt_signal;

static void handler(int sig)
{
	interrupt_signal = sig;
}

static void catch(int sig)
{
	struct sigaction sa, old;

	if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND;
	sigaction(sig, &sa, NULL);
}

void interrupt_install(void)
{
	catch(SIGINT);
	catch(SIGTERM);
}

const char *interrupt_why(void)
{
	return interrupt_signal == SIGTERM ? "interrupted by SIGTERM" : "interrupted by SIGINT";
}
