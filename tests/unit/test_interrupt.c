/*
 * test_interrupt.c - a search, the concurrency report and the verdict
 * matrix after SIGINT: each stops at once and says incomplete, interrupted
 * (the command-line tests send a real SIGINT to a running search; here the
 * signal comes first, which --concurrency, too quick to catch in flight,
 * needs).  Also: a second signal at once is the same request, one more
 * than a second later kills, and an ignored signal stays ignored.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../checker-src/concurrency.h"
#include "../../checker-src/explore.h"
#include "../../checker-src/interrupt.h"
#include "../../checker-src/matrix.h"
#include "../../checker-src/strategy_file.h"
#include "unit.h"
#include "../../checker-src/registry.h"

static void (*disposition(int sig))(int)
{
	struct sigaction sa;

	sigaction(sig, NULL, &sa);
	return sa.sa_handler;
}

/* Everything f received, as one string (the caller frees). */
static char *contents(FILE *f)
{
	long n = ftell(f);
	char *s = malloc((size_t)n + 1);

	rewind(f);
	if (!s || fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		return NULL;
	}
	s[n] = '\0';
	return s;
}

/*
 * In a child: two SIGINTs at once, then one more than a second later,
 * which a person sent: that one kills.  Returns 1 if the child died of the
 * third SIGINT and not before.
 */
static int person_kills(void)
{
	struct timespec pause = { 1, 200000000 };
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		atomic_store(&interrupt_signal, 0);	/* the parent's, copied */
		signal(SIGINT, SIG_DFL);
		interrupt_install();
		raise(SIGINT);
		raise(SIGINT);
		/* Restarted after a signal: the whole pause. */
		while (nanosleep(&pause, &pause))
			;
		raise(SIGINT);
		_exit(0);		/* not reached if it killed */
	}
	return pid > 0 && waitpid(pid, &status, 0) == pid && WIFSIGNALED(status) &&
	       WTERMSIG(status) == SIGINT;
}

int main(void)
{
	struct scenario sc;
	struct model m;
	struct explore_opts o = { .order = SEARCH_BFS, .hash_bits = 8 };
	struct explore_result r;
	const struct strategy *all[STRATEGY_MAX_FILES];
	char err[256], want[128], *text;
	FILE *f;
	int rc;

	scenario_default(&sc, 2, 1, 2, err, sizeof(err));
	m.sc = &sc;
	m.st = strategy_find("dax-generic");

	explore_run(&m, &o, &r);
	CHECK(r.verdict == EXPLORE_VIOLATION, "before any signal: verdict %d, want a violation",
	      r.verdict);
	free(r.schedule);

	/* SIGTERM ignored from the start (nohup) stays ignored. */
	signal(SIGTERM, SIG_IGN);
	interrupt_install();
	CHECK(disposition(SIGTERM) == SIG_IGN, "interrupt_install caught an ignored SIGTERM");
	CHECK(disposition(SIGINT) != SIG_DFL && disposition(SIGINT) != SIG_IGN,
	      "interrupt_install did not catch SIGINT");
	CHECK(!interrupt_pending(), "an interrupt is pending before any signal");

	raise(SIGINT);
	CHECK(interrupt_pending() && interrupt_signal == SIGINT, "SIGINT did not set the flag");
	/* At once again (timeout signals the process, then its group): one
	 * request, nothing changes, the handler stays. */
	raise(SIGINT);
	raise(SIGTERM);
	CHECK(interrupt_signal == SIGINT && disposition(SIGINT) != SIG_DFL,
	      "a second SIGINT at once changed the state: signal %d", (int)interrupt_signal);
	CHECK(person_kills(), "a SIGINT more than a second after the first did not kill");

	for (int order = SEARCH_BFS; order <= SEARCH_DFS; order++) {
		o.order = (enum search_order)order;
		memset(&r, 0xff, sizeof(r));
		explore_run(&m, &o, &r);
		CHECK(r.verdict == EXPLORE_INCOMPLETE && !r.violated && !r.schedule,
		      "%s after SIGINT: verdict %d, want incomplete", order ? "dfs" : "bfs", r.verdict);
		CHECK(strcmp(r.why, "interrupted by SIGINT") == 0, "why '%s'", r.why);
		CHECK(r.stats.states == 1, "%llu states stored after SIGINT, want only the initial one",
		      (unsigned long long)r.stats.states);
		free(r.schedule);
	}
	o.order = SEARCH_BFS;

	for (int i = 0; i < strategy_count(); i++)
		all[i] = strategy_get(i);
	f = tmpfile();
	rc = concurrency_print(f, all, strategy_count(), &o, 2);
	text = contents(f);
	fclose(f);
	CHECK(rc == -1, "--concurrency after SIGINT returned %d, want -1 (incomplete)", rc);
	snprintf(want, sizeof(want), "INCOMPLETE: %d searches stopped early (interrupted by SIGINT)",
		 2 * strategy_count());
	CHECK(text && strstr(text, want),
	      "--concurrency after SIGINT printed:\n%s", text ? text : "(nothing)");
	CHECK(text && !strstr(text, "yes (") && !strstr(text, "  no  "),
	      "--concurrency after SIGINT still answered:\n%s", text ? text : "(nothing)");
	free(text);

	f = tmpfile();
	rc = matrix_run(f, NULL, 0, all, strategy_count(), &o, 2);
	text = contents(f);
	fclose(f);
	CHECK(rc == 3, "--matrix after SIGINT returned %d, want 3 (incomplete)", rc);
	CHECK(text && strstr(text, "(interrupted by SIGINT); those cells have no verdict") &&
	      !strstr(text, "every cell is what"), "--matrix after SIGINT printed:\n%s",
	      text ? text : "(nothing)");
	free(text);
	return unit_done("test_interrupt");
}
