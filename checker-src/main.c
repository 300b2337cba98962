/*
 * main.c - a run: which options go together (the one table that says so),
 * then its mode, a function each (search, all properties, replay,
 * emit-promela, matrix, concurrency, twins, lint, list), and the exit
 * status: 0 no violation (exhaustive), 1 violation, 2 usage, input or
 * output error, 3 incomplete.  cmdline.c parses the options.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../model/scenario.h"
#include "allprops.h"
#include "strategy_file.h"
#include "budget.h"
#include "cmdline.h"
#include "explore.h"
#include "concurrency.h"
#include "interrupt.h"
#include "lint.h"
#include "listing.h"
#include "matrix.h"
#include "outfile.h"
#include "promela.h"
#include "property.h"
#include "report.h"
#include "suggest.h"
#include "sweep.h"
#include "twin_table.h"
#include "scenario_parse.h"
#include "registry.h"

#define CHECKER_VERSION	"0.1.0"

#define MAX_SCHEDULE	1000000

/*
 * Out of memory where not even "incomplete" can be reported on stdout:
 * still exit 3, no verdict, never 2 (the input was fine).
 */
static void out_of_memory(const char *what)
{
	fprintf(stderr, "checker: %s: out of memory: incomplete, no verdict\n", what);
	exit(EXIT_INCOMPLETE);
}

/*
 * "0,1,1,0" -> thread indices, checked before anything is allocated.
 * Exits 2 on a malformed schedule.
 */
static unsigned char *parse_schedule(const char *s, int nthreads, int *len)
{
	unsigned char *v;
	const char *p;
	int n = 0;

	for (p = s; *p; n++) {
		long t = 0;
		int digits = 0;

		while (*p >= '0' && *p <= '9') {
			if (++digits > 4)
				cmdline_error("--replay: step %d: thread number too large", n + 1);
			t = t * 10 + (*p++ - '0');
		}
		if (!digits || (*p && (*p != ',' || !p[1])))
			cmdline_error("--replay=%.40s: expected comma-separated thread numbers such as 0,0,1",
				      s);
		if (t >= nthreads)
			cmdline_error("--replay: step %d: there is no T%ld (threads T0..T%d)",
				      n + 1, t, nthreads - 1);
		if (n == MAX_SCHEDULE)
			cmdline_error("--replay: longer than %d steps", MAX_SCHEDULE);
		if (*p)
			p++;
	}
	v = malloc(n ? (size_t)n : 1);
	if (!v)
		out_of_memory("--replay");
	for (int i = 0; i < n; i++) {
		v[i] = (unsigned char)strtol(s, (char **)&p, 10);
		s = *p ? p + 1 : p;
	}
	*len = n;
	return v;
}

/*
 * A strategy file named by --strategy=PATH, or PATH~MUTATION for one of
 * its twins: loaded, or exit 2 with "file:line: what" (3 out of memory).
 */
static const struct strategy *strategy_file_arg(const char *arg)
{
	const struct strategy *st;
	const char *tilde = strrchr(arg, TWIN_SEP), *suffix = NULL;
	char path[OUTFILE_PATH_MAX], err[1024];
	int nomem;

	/* A '~' after the last '/' of a path ending in .strategy names a twin. */
	snprintf(path, sizeof(path), "%s", arg);
	if (tilde && !strchr(tilde, '/') && tilde - arg > 9 &&
	    strncmp(tilde - 9, ".strategy", 9) == 0) {
		path[tilde - arg] = '\0';
		suffix = tilde + 1;
	}
	st = strategy_load(path, err, sizeof(err), &nomem);
	if (!st && nomem)
		out_of_memory("--strategy");
	if (!st)
		cmdline_error("%s", err);
	if (!suffix)
		return st;
	for (int i = 0; i < twin_count(); i++) {
		const struct twin *tw = twin_get(i);

		if (tw->base != st || strcmp(tw->def->suffix, suffix) != 0)
			continue;
		if (!tw->st)
			cmdline_error("%s", tw->error);
		return tw->st;
	}
	cmdline_error("%s has no known-bad twin %s%c%s (see --list --strategy=%s)", path, st->name,
		      TWIN_SEP, suffix, path);
	return NULL;
}

/* "did you mean 'x'? " for a strategy or twin name a short edit away
 * from name, or "". */
static const char *strategy_near(const char *name, char *buf, size_t len)
{
	const char *names[STRATEGY_MAX_FILES * (STRATEGY_MAX_TWINS + 1)];
	char near[256];
	int n = 0;

	for (int i = 0; i < strategy_count(); i++)
		names[n++] = strategy_get(i)->name;
	for (int i = 0; i < twin_count() && n < (int)(sizeof(names) / sizeof(names[0])); i++)
		names[n++] = twin_get(i)->name;
	if (!suggest_names(name, strlen(name), names, n, "", near, sizeof(near)))
		return "";
	snprintf(buf, len, "did you mean %s? ", near);
	return buf;
}

/* The strategy or known-bad twin --strategy names (a shipped one, or a
 * file's); exits 2 with the valid names if there is none. */
static const struct strategy *strategy_arg(const char *name)
{
	const struct strategy *st;
	const struct twin *tw;
	char names[512], near[300];

	if (strategy_is_path(name))
		return strategy_file_arg(name);
	st = strategy_find(name);
	tw = st ? NULL : twin_find(name);
	if (tw && !tw->st)
		cmdline_error("twin '%s' cannot be derived: %s", name, tw->error);
	if (tw)
		return tw->st;
	if (!st) {
		strategy_names(names, sizeof(names));
		cmdline_error("unknown strategy '%s'; %svalid strategies: %s; "
			      "and their known-bad twins, NAME%cMUTATION (see --list); "
			      "or a strategy file (a path with a '/' or ending in .strategy)",
			      name, strategy_near(name, near, sizeof(near)), names, TWIN_SEP);
	}
	return st;
}

/*
 * ---- which options go together ----------------------------------------------
 *
 * The one place that decides it.  A run has one mode, chosen by at most one
 * of the mode options (none: a search); each mode takes the options of its
 * row below and no others, and a few values exclude each other.  Every
 * search the modes run then takes its explore_opts from search_options(),
 * which decides nothing: explore.c trusts what it is given.
 */
#define OPT(id)		(1ull << OPT_##id)
_Static_assert(NR_OPTIONS <= 64, "an option mask is 64 bits");

/* What a model is made of: the strategy, the scenario, the properties. */
#define MODEL_OPTS	(OPT(STRATEGY) | OPT(SCENARIO) | OPT(THREADS) | OPT(PAGES) | \
			 OPT(WORDS) | OPT(CRASH) | OPT(PLATFORM) | OPT(PROPERTY))
/* What shapes a breadth-first search (sweeps and lint search breadth-first). */
#define BFS_OPTS	(OPT(MAX_STATES) | OPT(MAX_MEMORY) | OPT(HASH_BITS) | OPT(REDUCE) | \
			 OPT(WORKERS) | OPT(PROGRESS) | OPT(STORAGE) | OPT(SYMMETRY))
#define SEARCH_OPTS	(BFS_OPTS | OPT(SEARCH))
/* What shapes a report of one model. */
#define REPORT_OPTS	(OPT(JSON) | OPT(TRIM))
/* What a sweep of searches takes: their options, and how to run them. */
#define SWEEP_OPTS	(OPT(STRATEGY) | BFS_OPTS | OPT(JOBS) | OPT(COMMANDS))

static int mode_search(const struct args *a);
static int mode_all_properties(const struct args *a);
static int mode_replay(const struct args *a);
static int mode_promela(const struct args *a);
static int mode_matrix(const struct args *a);
static int mode_concurrency(const struct args *a);
static int mode_twins(const struct args *a);
static int mode_lint(const struct args *a);
static int mode_list(const struct args *a);

static const struct mode {
	int option;			/* the option that selects it; -1: none */
	unsigned long long takes;	/* the other options it takes */
	int files;			/* 1: it takes file arguments */
	int (*run)(const struct args *a);
} modes[] = {
	/* In the order a run's mode is looked for. */
	{ OPT_LINT,         BFS_OPTS,                                1, mode_lint },
	{ OPT_LIST,         OPT(STRATEGY) | OPT(JSON),               0, mode_list },
	{ OPT_TWINS,        SWEEP_OPTS,                              0, mode_twins },
	{ OPT_MATRIX,       SWEEP_OPTS,                              1, mode_matrix },
	{ OPT_CONCURRENCY,  SWEEP_OPTS,                              0, mode_concurrency },
	{ OPT_EMIT_PROMELA, MODEL_OPTS,                              0, mode_promela },
	{ OPT_REPLAY,       MODEL_OPTS | REPORT_OPTS,                0, mode_replay },
	{ OPT_ALL_PROPERTIES, MODEL_OPTS | SEARCH_OPTS | REPORT_OPTS, 0, mode_all_properties },
	{ -1,               MODEL_OPTS | SEARCH_OPTS | REPORT_OPTS,  0, mode_search },
};
#define NR_MODES	(int)(sizeof(modes) / sizeof(modes[0]))

/* The options of mask, as "--a, --b or --c", into buf. */
static const char *option_list(unsigned long long mask, char *buf, size_t len)
{
	int n = 0, k = 0;
	size_t at = 0;

	for (int i = 0; i < NR_OPTIONS; i++)
		n += !!(mask & (1ull << i));
	buf[0] = '\0';
	for (int i = 0; i < NR_OPTIONS && at < len; i++) {
		if (!(mask & (1ull << i)))
			continue;
		at += (size_t)snprintf(buf + at, len - at, "%s--%s",
				       !k ? "" : k == n - 1 ? " or " : ", ", cmdline_options[i].name);
		k++;
	}
	return buf;
}

static const char *const order_names[] = { "bfs", "dfs" };
static const char *const reduce_names[] = { "persistent", "sleep", "none" };
static const char *const storage_names[] = { "exact", "hash-compact" };

/* The values that exclude each other, whatever the mode. */
static void check_values(const struct args *a)
{
	const char *reduce = a->value[OPT_REDUCE];
	int dfs = a->value[OPT_SEARCH] &&
		  cmdline_choice(a, OPT_SEARCH, order_names, 2, "orders") == SEARCH_DFS;
	int sleep = 0, compact = 0;

	if (reduce && strcmp(reduce, "por") == 0)	/* sleep's old name */
		sleep = 1;
	else if (reduce)
		sleep = cmdline_choice(a, OPT_REDUCE, reduce_names, 3, "reductions") == 1;
	if (a->value[OPT_STORAGE])
		compact = cmdline_choice(a, OPT_STORAGE, storage_names, 2, "storages") == 1;
	if (a->value[OPT_SCENARIO] &&
	    (a->value[OPT_THREADS] || a->value[OPT_PAGES] || a->value[OPT_WORDS]))
		cmdline_error("--threads, --pages and --words shape the built-in scenario; "
			      "they cannot be combined with --scenario");
	if (dfs && reduce && strcmp(reduce, "none") != 0)
		cmdline_error("--reduce=%s: the reductions run breadth-first; "
			      "--search=dfs explores without them", reduce);
	if (dfs && compact)
		cmdline_error("--storage=hash-compact: needs --search=bfs");
	if (dfs && cmdline_number(a, OPT_WORKERS) > 1)
		cmdline_error("--workers=%s: depth-first search runs in one thread; "
			      "--workers needs --search=bfs", a->value[OPT_WORKERS]);
	if (sleep && a->value[OPT_SYMMETRY])
		cmdline_error("--symmetry runs without --reduce=sleep: sleep sets name threads, "
			      "which the symmetry reduction renumbers");
	if (sleep && compact)
		cmdline_error("--storage=hash-compact runs without --reduce=sleep: sleep sets "
			      "expand old states again, which hash compaction does not keep");
	if (a->value[OPT_COMMANDS] && (a->value[OPT_JOBS] || a->value[OPT_PROGRESS]))
		cmdline_error("--%s cannot be combined with --commands, which runs no search",
			      a->value[OPT_JOBS] ? "jobs" : "progress");
	if (a->value[OPT_TRIM] && a->value[OPT_JSON] && !*a->value[OPT_JSON])
		cmdline_error("--trim shapes the text report, and --json prints none (it lists "
			      "every thread; --json=FILE writes it and prints the text)");
	for (int i = 0; i < 2; i++) {
		int id = i ? OPT_EMIT_PROMELA : OPT_JSON;
		char err[OUTFILE_PATH_MAX + 200];

		if (a->value[id] && *a->value[id] && outfile_check(a->value[id], err, sizeof(err)))
			cmdline_error("--%s=%s: %s", cmdline_options[id].name, a->value[id], err);
	}
}

/* The mode of the command line a, or exit 2 if its options do not go
 * together. */
static const struct mode *check_combinations(const struct args *a)
{
	const struct mode *m = NULL;
	char list[400];

	for (int i = 0; i < NR_MODES && !m; i++)
		if (modes[i].option < 0 || a->value[modes[i].option])
			m = &modes[i];
	if (a->value[OPT_MATRIX] && a->value[OPT_CONCURRENCY])
		cmdline_error("--matrix already shows the concurrency columns");
	for (int i = 0; i < NR_OPTIONS; i++) {
		unsigned long long modes_taking = 0;

		if (!a->value[i] || i == m->option || (m->takes & (1ull << i)))
			continue;
		if (m->option >= 0)
			cmdline_error("--%s cannot be combined with --%s", cmdline_options[i].name,
				      cmdline_options[m->option].name);
		for (int k = 0; k < NR_MODES; k++)
			if (modes[k].option >= 0 && (modes[k].takes & (1ull << i)))
				modes_taking |= 1ull << modes[k].option;
		cmdline_error("--%s goes with %s only", cmdline_options[i].name,
			      option_list(modes_taking, list, sizeof(list)));
	}
	if (a->nfiles && !m->files)
		cmdline_error("unexpected argument '%s' (options start with --; only --matrix and "
			      "--lint take files; try --help)", a->files[0]);
	check_values(a);
	return m;
}

/*
 * The explore_opts of every search the run makes, from options that
 * check_combinations() has let through: the search order, reduction,
 * storage and symmetry as given, the limits, the table size and the
 * workers.
 */
static void search_options(const struct args *a, struct explore_opts *eo)
{
	const char *reduce = a->value[OPT_REDUCE];

	memset(eo, 0, sizeof(*eo));
	eo->max_states = cmdline_number(a, OPT_MAX_STATES);
	eo->max_memory = cmdline_size(a, OPT_MAX_MEMORY, budget_default_limit());
	eo->hash_bits = (unsigned)cmdline_number(a, OPT_HASH_BITS);
	eo->workers = (int)cmdline_number(a, OPT_WORKERS);
	eo->progress = a->value[OPT_PROGRESS] || isatty(STDERR_FILENO);
	/* Once a second; the tests ask for more (CHECKER_PROGRESS_SECONDS). */
	eo->progress_every = 1.0;
	if (getenv("CHECKER_PROGRESS_SECONDS"))
		eo->progress_every = atof(getenv("CHECKER_PROGRESS_SECONDS"));
	eo->order = a->value[OPT_SEARCH] && strcmp(a->value[OPT_SEARCH], "dfs") == 0 ?
		    SEARCH_DFS : SEARCH_BFS;
	/* Persistent sets by default, breadth-first; depth-first has none. */
	eo->reduce = eo->order == SEARCH_BFS ? REDUCE_PERSISTENT : REDUCE_NONE;
	if (reduce && strcmp(reduce, "none") == 0)
		eo->reduce = REDUCE_NONE;
	else if (reduce && (strcmp(reduce, "sleep") == 0 || strcmp(reduce, "por") == 0))
		eo->reduce = REDUCE_POR;
	eo->symmetry = a->value[OPT_SYMMETRY] != NULL;
	if (a->value[OPT_STORAGE] && strcmp(a->value[OPT_STORAGE], "hash-compact") == 0)
		eo->storage = STORAGE_HASH_COMPACT;
}

static int fill_json(FILE *f, void *r)
{
	report_json(f, r);
	return 0;
}

struct promela_job {
	const struct model *m;
	const struct property *const *props;
	int nprops;
	const char *command;
};

static int fill_promela(FILE *f, void *arg)
{
	const struct promela_job *j = arg;

	promela_emit(f, j->m, j->props, j->nprops, j->command);
	return 0;
}

/* Write the file of option --what=path whole or not at all (outfile.h).
 * Returns 0, or the exit status, with a message on stderr. */
static int write_file(const char *path, const char *what, int (*fill)(FILE *, void *),
		      void *arg)
{
	char err[OUTFILE_PATH_MAX + 256];

	if (outfile_write(path, fill, arg, err, sizeof(err)) == 0)
		return 0;
	/* Out of memory is no usage error: the run just has no output. */
	if (errno == ENOMEM) {
		fprintf(stderr, "checker: --%s=%s: out of memory: incomplete, no verdict (%s)\n",
			what, path, err);
		return EXIT_INCOMPLETE;
	}
	fprintf(stderr, "checker: --%s=%s: %s\n", what, path, err);
	return EXIT_USAGE;
}

/*
 * Memory ran out after the search, while building its report: the verdict
 * cannot be shown, so the run has none (incomplete, exit 3).
 */
static void no_verdict(struct report *r, struct explore_result *er, const char *why)
{
	report_free(r);
	r->verdict = EXPLORE_INCOMPLETE;
	r->violated = NULL;
	snprintf(er->why, sizeof(er->why), "%s", why);
	r->why = er->why;
}

/*
 * --property=a,b: the properties named, in property_all's order (the
 * order they are judged in), then the --concurrency goals named.  Exits 2
 * on an unknown or repeated name.  Returns the count; 0 when the option
 * is absent (all properties).
 */
static int property_arg(const char *list, const struct property **sel)
{
	const struct property *known[16];
	int want[16] = { 0 }, nknown = 0, n = 0;
	const char *p = list;

	if (!list)
		return 0;
	for (int i = 0; i < property_count; i++)
		known[nknown++] = property_all[i];
	known[nknown++] = &property_overlap_same;
	known[nknown++] = &property_overlap_other;
	for (;;) {
		size_t len = strcspn(p, ",");
		int found = -1;

		for (int i = 0; i < nknown; i++)
			if (strlen(known[i]->name) == len && strncmp(known[i]->name, p, len) == 0)
				found = i;
		if (found < 0) {
			const char *names[16];
			char list[256], near[200];
			size_t k = 0;

			list[0] = '\0';
			for (int i = 0; i < nknown && k < sizeof(list); i++) {
				names[i] = known[i]->name;
				k += (size_t)snprintf(list + k, sizeof(list) - k, "%s%s",
						      i ? ", " : "", known[i]->name);
			}
			if (suggest_names(p, len, names, nknown, "", near, sizeof(near)))
				cmdline_error("--property: unknown property '%.*s'; did you mean "
					      "%s? valid properties: %s",
					      (int)(len > 40 ? 40 : len), p, near, list);
			cmdline_error("--property: unknown property '%.*s'; valid properties: %s",
				      (int)(len > 40 ? 40 : len), p, list);
		}
		if (want[found]++)
			cmdline_error("--property: %s given twice", known[found]->name);
		if (!p[len])
			break;
		p += len + 1;
	}
	for (int i = 0; i < nknown; i++)
		if (want[i])
			sel[n++] = known[i];
	return n;
}

/* ---- the modes ------------------------------------------------------------- */

/* The strategies a sweep runs: --strategy's, or every one. */
static int sweep_strategies(const struct args *a, const struct strategy **v)
{
	int n = 0;

	if (a->value[OPT_STRATEGY]) {
		v[n++] = strategy_arg(a->value[OPT_STRATEGY]);
		return n;
	}
	for (n = 0; n < strategy_count(); n++)
		v[n] = strategy_get(n);
	return n;
}

/* --lint FILE...: no verdict, but searches for the steps each file runs. */
static int mode_lint(const struct args *a)
{
	struct explore_opts eo;

	if (!a->nfiles)
		cmdline_error("--lint needs strategy files: --lint FILE...");
	search_options(a, &eo);
	return lint_files(stdout, a->files, a->nfiles, &eo);
}

/* --list [--json] [--strategy=FILE] */
static int mode_list(const struct args *a)
{
	if (a->value[OPT_STRATEGY])
		strategy_arg(a->value[OPT_STRATEGY]);
	listing_print(stdout, a->value[OPT_JSON] != NULL);
	return EXIT_OK;
}

/*
 * A sweep's searches (--matrix, --twins, --concurrency): the options of
 * each, and how many run at once.  Unless --max-memory says otherwise,
 * each may use the default limit divided by the number of cores, so that
 * the searches that run at once fit; it does not depend on --jobs, so
 * neither does any verdict.
 */
static int sweep_options(const struct args *a, struct explore_opts *eo)
{
	search_options(a, eo);
	if (!a->value[OPT_MAX_MEMORY])
		eo->max_memory = budget_default_limit() / (size_t)sweep_default_jobs();
	return a->value[OPT_JOBS] ? (int)cmdline_number(a, OPT_JOBS) : sweep_default_jobs();
}

/* The options a sweep's searches were given, as " --max-states=N ...",
 * for each cell's command line (--commands). */
static const char *sweep_extra(const struct args *a, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < NR_OPTIONS && n < len; i++) {
		if (!a->value[i] || !(BFS_OPTS & (1ull << i)) || i == OPT_PROGRESS)
			continue;
		if (cmdline_options[i].meta)
			n += (size_t)snprintf(buf + n, len - n, " --%s=%s", cmdline_options[i].name,
					      a->value[i]);
		else
			n += (size_t)snprintf(buf + n, len - n, " --%s", cmdline_options[i].name);
	}
	return buf;
}

/* --twins [--strategy=NAME|FILE] */
static int mode_twins(const struct args *a)
{
	const struct strategy *st = NULL;
	struct explore_opts eo;
	char extra[600];
	int jobs;

	if (a->value[OPT_STRATEGY]) {
		st = strategy_arg(a->value[OPT_STRATEGY]);
		if (twin_of(st))
			cmdline_error("--twins --strategy=%s: that is a twin; name its strategy",
				      a->value[OPT_STRATEGY]);
	}
	if (a->value[OPT_COMMANDS])
		return twin_table_commands(stdout, st, sweep_extra(a, extra, sizeof(extra)));
	jobs = sweep_options(a, &eo);
	return twin_table_run(stdout, st, &eo, jobs);
}

/* --matrix [DIR | FILE...] [--strategy=NAME|FILE] */
static int mode_matrix(const struct args *a)
{
	const struct strategy *v[STRATEGY_MAX_FILES];
	int n = sweep_strategies(a, v), jobs;
	struct explore_opts eo;
	char extra[600];

	if (a->value[OPT_COMMANDS])
		return matrix_commands(stdout, a->files, a->nfiles, v, n,
				       sweep_extra(a, extra, sizeof(extra)));
	jobs = sweep_options(a, &eo);
	return matrix_run(stdout, a->files, a->nfiles, v, n, &eo, jobs);
}

/* --concurrency [--strategy=NAME|FILE] */
static int mode_concurrency(const struct args *a)
{
	const struct strategy *v[STRATEGY_MAX_FILES];
	int n = sweep_strategies(a, v), jobs;
	struct explore_opts eo;
	char extra[600];

	if (a->value[OPT_COMMANDS]) {
		for (int i = 0; i < n; i++)
			concurrency_commands(stdout, v[i], sweep_extra(a, extra, sizeof(extra)));
		return EXIT_OK;
	}
	jobs = sweep_options(a, &eo);
	return concurrency_print(stdout, v, n, &eo, jobs) ? EXIT_INCOMPLETE : EXIT_OK;
}

/*
 * What the modes on one model share: the scenario and strategy the
 * options name, the properties judged, and the options that reproduce the
 * scenario and properties on a command line.
 */
struct run {
	struct scenario sc;
	struct model m;
	const struct property *sel[16];
	int nsel;			/* 0: every property */
	char scen[500];			/* "--scenario=F", or "" */
	char args[600];			/* scen and "--property=P", or "" */
	int changed;			/* --crash or --platform changed the
					 * scenario: its file's expectations are
					 * not this one's */
};

static const char *const platform_names[] = { "adr", "no-adr" };

/* --crash and --platform: the power may fail in R's scenario, on this
 * platform, as if its file said so; appended to R->scen for the replay. */
static void setup_crash(const struct args *a, struct run *R)
{
	size_t k = strlen(R->scen);

	if (a->value[OPT_CRASH] && !R->sc.crash) {
		R->sc.crash = 1;
		R->changed = 1;
	}
	if (a->value[OPT_CRASH])
		k += (size_t)snprintf(R->scen + k, sizeof(R->scen) - k, "%s--crash", k ? " " : "");
	if (a->value[OPT_PLATFORM]) {
		int no_adr = cmdline_choice(a, OPT_PLATFORM, platform_names, 2, "platforms");

		if (!R->sc.crash)
			cmdline_error("--platform=%s: the platform matters only if the power fails; "
				      "add --crash, or use a scenario with a crash line",
				      a->value[OPT_PLATFORM]);
		R->changed |= R->sc.no_adr != no_adr;
		R->sc.no_adr = no_adr;
		snprintf(R->scen + k, sizeof(R->scen) - k, "%s--platform=%s", k ? " " : "",
			 platform_names[no_adr]);
	}
}

static void setup_model(const struct args *a, struct run *R)
{
	const char *sname = a->value[OPT_STRATEGY] ? a->value[OPT_STRATEGY] : "dax-generic";
	char err[1024] = "";
	int rc;

	R->m.st = strategy_arg(sname);
	R->m.sc = &R->sc;
	R->scen[0] = '\0';
	R->changed = 0;
	if (strategy_validate(R->m.st, err, sizeof(err)))
		cmdline_error("internal error: %s", err);
	if (a->value[OPT_SCENARIO]) {
		rc = scenario_load(&R->sc, a->value[OPT_SCENARIO], err, sizeof(err));
		if (rc == SCENARIO_NOMEM)
			out_of_memory("--scenario");
		if (rc)
			cmdline_error("%s", err);
		snprintf(R->scen, sizeof(R->scen), "--scenario=%s", a->value[OPT_SCENARIO]);
	} else {
		int t = (int)cmdline_number(a, OPT_THREADS);
		int p = (int)cmdline_number(a, OPT_PAGES);
		int w = (int)cmdline_number(a, OPT_WORDS);

		if (scenario_default(&R->sc, t, p, w, err, sizeof(err)))
			cmdline_error("%s", err);
		if (t != 2 || p != 1 || w != 2)
			snprintf(R->scen, sizeof(R->scen), "--threads=%d --pages=%d --words=%d",
				 t, p, w);
	}
	setup_crash(a, R);
	if (strategy_runs(R->m.st, &R->sc, err, sizeof(err)))
		cmdline_error("%s", err);
	snprintf(R->args, sizeof(R->args), "%s", R->scen);
	R->nsel = property_arg(a->value[OPT_PROPERTY], R->sel);
	if (R->nsel) {
		size_t k = strlen(R->args);

		snprintf(R->args + k, sizeof(R->args) - k, "%s--property=%s", k ? " " : "",
			 a->value[OPT_PROPERTY]);
	}
}

/* A report of model R: the expectations the files state, the properties. */
static void report_init(struct report *r, const struct args *a, const struct run *R)
{
	const struct strategy *st = R->m.st;

	memset(r, 0, sizeof(*r));
	r->m = &R->m;
	r->expected = R->changed ? NULL : twin_of(st) ? twin_expected(twin_of(st), &R->sc) :
		      matrix_expected(st, &R->sc);
	r->only = R->nsel ? a->value[OPT_PROPERTY] : NULL;
	r->trim = a->value[OPT_TRIM] != NULL;
	r->changed = R->changed;
	r->props = R->nsel ? R->sel : NULL;
	r->nprops = R->nsel;
}

/* Print report r as --json asks (stdout, or FILE and the text), free it,
 * and return the exit status of its verdict, or of a failed write. */
static int print_report(const struct args *a, struct report *r)
{
	const char *json = a->value[OPT_JSON];
	int status, rc;

	status = r->verdict == EXPLORE_OK ? EXIT_OK :
		 r->verdict == EXPLORE_VIOLATION ? EXIT_VIOLATION : EXIT_INCOMPLETE;
	if (json && *json && (rc = write_file(json, "json", fill_json, r)))
		status = rc;
	else if (json && !*json)
		report_json(stdout, r);
	else
		report_text(stdout, r);
	report_free(r);
	return status;
}

/* --emit-promela[=FILE]: the model for SPIN, no search. */
static int mode_promela(const struct args *a)
{
	const char *path = a->value[OPT_EMIT_PROMELA];
	char command[OUTFILE_PATH_MAX + 800], sel_buf[OUTFILE_PATH_MAX + 64];
	struct run R;
	struct promela_job job;

	setup_model(a, &R);
	job = (struct promela_job){ &R.m, R.nsel ? R.sel : property_all,
				    R.nsel ? R.nsel : property_count, command };
	snprintf(command, sizeof(command), "./checker --strategy=%s%s%s --emit-promela",
		 strategy_selector(R.m.st, sel_buf, sizeof(sel_buf)), *R.args ? " " : "", R.args);
	if (!*path) {
		fill_promela(stdout, &job);
		return EXIT_OK;
	}
	return write_file(path, "emit-promela", fill_promela, &job);
}

/* --replay=SCHEDULE: one interleaving, step by step. */
static int mode_replay(const struct args *a)
{
	struct run R;
	struct report r;
	char err[1024] = "";
	int len, bad;
	unsigned char *sched;

	setup_model(a, &R);
	report_init(&r, a, &R);
	sched = parse_schedule(a->value[OPT_REPLAY], R.sc.nthreads, &len);
	bad = trace_replay(&R.m, R.nsel ? R.sel : NULL, R.nsel, sched, len, &r.trace, err,
			   sizeof(err));
	free(sched);
	if (bad == TRACE_NOMEM)
		out_of_memory("--replay");
	if (bad)
		cmdline_error("--replay: %s", err);
	r.replay = 1;
	r.unrun = len - r.trace.len;
	r.violated = r.trace.violated;
	r.verdict = r.violated ? EXPLORE_VIOLATION : EXPLORE_OK;
	if (report_finish(&r, R.args)) {
		report_free(&r);
		out_of_memory("--replay");
	}
	return print_report(a, &r);
}

/* No mode option: search every interleaving, report a violation or none. */
static int mode_search(const struct args *a)
{
	struct run R;
	struct report r;
	struct explore_opts eo;
	struct explore_result er;
	char err[1024] = "";
	int status;

	setup_model(a, &R);
	report_init(&r, a, &R);
	search_options(a, &eo);
	if (R.nsel) {
		eo.props = R.sel;
		eo.nprops = R.nsel;
	}
	r.order = eo.order;
	explore_run(&R.m, &eo, &er);
	r.verdict = er.verdict;
	r.violated = er.violated;
	r.why = er.why;
	r.stats = &er.stats;
	if (er.verdict == EXPLORE_VIOLATION) {
		int rc = trace_replay(&R.m, eo.props, eo.nprops, er.schedule, er.len, &r.trace,
				      err, sizeof(err));

		if (rc == TRACE_NOMEM) {
			no_verdict(&r, &er, "out of memory replaying the counterexample");
		} else if (rc || r.trace.violated != er.violated) {
			fprintf(stderr, "checker: internal error: the counterexample does not "
				"replay%s%s\n", *err ? ": " : "", err);
			report_free(&r);
			free(er.schedule);
			return EXIT_USAGE;
		}
	}
	if (report_finish(&r, R.args))
		no_verdict(&r, &er, "out of memory preparing the report");
	status = print_report(a, &r);
	free(er.schedule);
	return status;
}

static int fill_allprops(FILE *f, void *A)
{
	allprops_json(f, A);
	return 0;
}

/* --all-properties: a search for each property, each with its own
 * counterexample (allprops.c). */
static int mode_all_properties(const struct args *a)
{
	static struct allprops A;	/* some 20 KB: not on the stack */
	const char *json = a->value[OPT_JSON];
	struct run R;
	struct explore_opts eo;
	int status, rc;

	const struct property *every[16];
	int n = 0;

	setup_model(a, &R);
	search_options(a, &eo);
	/* Without --property: every property the scenario can violate, so a
	 * power failure's two only if it has a crash. */
	for (int i = 0; i < property_count && !R.nsel; i++)
		if (property_applies(property_all[i], &R.sc))
			every[n++] = property_all[i];
	rc = allprops_run(&A, &R.m, R.nsel ? R.sel : every, R.nsel ? R.nsel : n, &eo, R.scen,
			  R.changed ? NULL : twin_of(R.m.st) ?
			  twin_expected(twin_of(R.m.st), &R.sc) : matrix_expected(R.m.st, &R.sc),
			  a->value[OPT_TRIM] != NULL);
	if (rc == -1) {
		allprops_free(&A);
		out_of_memory("--all-properties");
	}
	if (rc) {
		allprops_free(&A);
		return EXIT_USAGE;
	}
	A.only = R.nsel ? a->value[OPT_PROPERTY] : NULL;
	status = allprops_status(&A);
	if (json && *json && (rc = write_file(json, "json", fill_allprops, &A)))
		status = rc;
	else if (json && !*json)
		allprops_json(stdout, &A);
	else
		allprops_text(stdout, &A);
	allprops_free(&A);
	return status;
}

static int run(int argc, char **argv)
{
	struct args a;
	const struct mode *m;

	cmdline_parse(argc, argv, &a);
	if (a.value[OPT_HELP]) {
		cmdline_help(stdout);
		return EXIT_OK;
	}
	if (a.value[OPT_VERSION]) {
		printf("checker %s: DAX fault-path model checker\n", CHECKER_VERSION);
		return EXIT_OK;
	}
	m = check_combinations(&a);
	/* The shipped strategies are parsed from the files built in when first
	 * used (checker-src/registry.h): all of them by a mode that lists or
	 * sweeps them, only its own by a search of one named strategy. */
	return m->run(&a);
}

/*
 * A verdict nobody saw is not a verdict: when standard output could not be
 * written whole (a full disk, a file system gone read-only), say so and exit
 * 2 instead of the verdict's 0, 1 or 3.
 */
int main(int argc, char **argv)
{
	int status;

	/* Before anything: a signal, from now on, stops the run cleanly. */
	interrupt_install();
	status = run(argc, argv);

	errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "checker: error writing standard output%s%s\n",
			errno ? ": " : "", errno ? strerror(errno) : "");
		return EXIT_USAGE;
	}
	return status;
}
