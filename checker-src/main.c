/*
 * main.c - the command line: parse options, build the scenario, run the
 * search or the replay, print the report, and exit with
 * 0 no violation (exhaustive), 1 violation, 2 usage, input or output
 * error, 3 incomplete.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../model/scenario.h"
#include "strategy_file.h"
#include "budget.h"
#include "explore.h"
#include "concurrency.h"
#include "interrupt.h"
#include "lint.h"
#include "listing.h"
#include "matrix.h"
#include "options.h"
#include "outfile.h"
#include "promela.h"
#include "property.h"
#include "report.h"
#include "twin_table.h"
#include "scenario_parse.h"
#include "registry.h"

#define CHECKER_VERSION	"0.1.0"

#define EXIT_OK		0
#define EXIT_VIOLATION	1
#define EXIT_USAGE	2
#define EXIT_INCOMPLETE	3

#define MAX_SCHEDULE	1000000

static const struct {
	const char *name;
	const char *meta;
	const char *help;
} options[NR_OPTIONS] = {
#define X(id, name, meta, help) [OPT_##id] = { name, meta, help },
	OPTIONS(X)
#undef X
};

#define MAX_FILES	256	/* file arguments of --matrix and --lint */

struct args {
	const char *value[NR_OPTIONS];	/* NULL: not given; "" for flags */
	const char *files[MAX_FILES];	/* the arguments that are not options */
	int nfiles;
};

static void usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("checker: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_USAGE);
}

/*
 * Out of memory where not even "incomplete" can be reported on stdout:
 * still exit 3, no verdict, never 2 (the input was fine).
 */
static void out_of_memory(const char *what)
{
	fprintf(stderr, "checker: %s: out of memory: incomplete, no verdict\n", what);
	exit(EXIT_INCOMPLETE);
}

static void help(void)
{
	printf("usage: ./checker [--strategy=NAME|FILE] [--scenario=NAME|FILE | --threads=N --pages=P\n"
	       "                 --words=W] [--replay=SCHEDULE] [options]\n"
	       "       ./checker --matrix [DIR | FILE...] [--strategy=NAME|FILE]\n"
	       "       ./checker --lint FILE...\n\n"
	       "Explores every interleaving of simulated threads faulting on a DAX file under a\n"
	       "get_block strategy, and prints a shortest counterexample (a lost store, a stale\n"
	       "read, a deadlock) or proves that none exists.\n\noptions:\n");
	for (int i = 0; i < NR_OPTIONS; i++) {
		char left[40];

		if (!options[i].meta)
			snprintf(left, sizeof(left), "--%s", options[i].name);
		else if (options[i].meta[0] == '[')
			snprintf(left, sizeof(left), "--%s%s", options[i].name, options[i].meta);
		else
			snprintf(left, sizeof(left), "--%s=%s", options[i].name, options[i].meta);
		printf("  %-22s %s\n", left, options[i].help);
		if (i == OPT_MAX_MEMORY)
			printf("  %-22s (here the default is %.1f GiB)\n", "",
			       (double)budget_default_limit() / (1 << 30));
	}
	printf("\nexit status: 0 no violation (exhaustive; with --storage=hash-compact, unless a state\n"
	       "             was missed, with the probability printed), 1 violation, 2 usage, input or\n"
	       "             output error, 3 incomplete (a limit, out of memory or Ctrl-C stopped the\n"
	       "             search: no verdict)\n");
}

static void parse_args(int argc, char **argv, struct args *a)
{
	memset(a, 0, sizeof(*a));
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *eq;
		size_t len;
		int id = -1;

		if (strncmp(arg, "--", 2) != 0) {
			if (a->nfiles == MAX_FILES)
				usage_error("more than %d files", MAX_FILES);
			a->files[a->nfiles++] = arg;
			continue;
		}
		eq = strchr(arg, '=');
		len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
		for (int o = 0; o < NR_OPTIONS; o++)
			if (strlen(options[o].name) == len && strncmp(arg + 2, options[o].name, len) == 0)
				id = o;
		if (id < 0)
			usage_error("unknown option '%.*s' (try --help)", (int)len + 2, arg);
		if (a->value[id])
			usage_error("--%s given twice", options[id].name);
		if (!options[id].meta && eq)
			usage_error("--%s takes no value", options[id].name);
		if (options[id].meta && options[id].meta[0] != '[' && (!eq || !eq[1]))
			usage_error("--%s needs a value: --%s=%s", options[id].name,
				    options[id].name, options[id].meta);
		a->value[id] = eq ? eq + 1 : "";
	}
	if (a->nfiles && !a->value[OPT_MATRIX] && !a->value[OPT_LINT])
		usage_error("unexpected argument '%s' (options start with --; only --matrix and "
			    "--lint take files; try --help)", a->files[0]);
}

/* A decimal number option in lo..hi. */
static unsigned long long number_opt(const struct args *a, int id, unsigned long long dflt,
				     unsigned long long lo, unsigned long long hi)
{
	const char *s = a->value[id];
	unsigned long long v = 0;

	if (!s)
		return dflt;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			usage_error("--%s=%s: not a number", options[id].name, s);
		if (v > (hi - (unsigned long long)(*p - '0')) / 10)
			usage_error("--%s=%s: out of range %llu..%llu", options[id].name, s, lo, hi);
		v = v * 10 + (unsigned long long)(*p - '0');
	}
	if (v < lo)
		usage_error("--%s=%s: out of range %llu..%llu", options[id].name, s, lo, hi);
	return v;
}

static size_t size_opt(const struct args *a, int id, size_t dflt)
{
	const char *s = a->value[id];
	char digits[32];
	size_t n, mult = 1;
	unsigned long long v;
	struct args tmp;

	if (!s)
		return dflt;
	n = strlen(s);
	if (n > 0 && s[n - 1] && strchr("kKmMgG", s[n - 1])) {
		mult = strchr("kK", s[n - 1]) ? 1ull << 10 : strchr("mM", s[n - 1]) ? 1ull << 20 : 1ull << 30;
		n--;
	}
	if (n == 0 || n >= sizeof(digits) || strspn(s, "0123456789") != n)
		usage_error("--%s=%s: expected a size such as 512M or 4G", options[id].name, s);
	memcpy(digits, s, n);
	digits[n] = '\0';
	memset(&tmp, 0, sizeof(tmp));
	tmp.value[id] = digits;
	v = number_opt(&tmp, id, 0, 0, (1ull << 50) / mult);
	return (size_t)(v * mult);
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
				usage_error("--replay: step %d: thread number too large", n + 1);
			t = t * 10 + (*p++ - '0');
		}
		if (!digits || (*p && (*p != ',' || !p[1])))
			usage_error("--replay=%.40s: expected comma-separated thread numbers such as 0,0,1",
				    s);
		if (t >= nthreads)
			usage_error("--replay: step %d: there is no T%ld (threads T0..T%d)",
				    n + 1, t, nthreads - 1);
		if (n == MAX_SCHEDULE)
			usage_error("--replay: longer than %d steps", MAX_SCHEDULE);
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
		usage_error("%s", err);
	if (!suffix)
		return st;
	for (int i = 0; i < twin_count(); i++) {
		const struct twin *tw = twin_get(i);

		if (tw->base != st || strcmp(tw->def->suffix, suffix) != 0)
			continue;
		if (!tw->st)
			usage_error("%s", tw->error);
		return tw->st;
	}
	usage_error("%s has no known-bad twin %s%c%s (see --list --strategy=%s)", path, st->name,
		    TWIN_SEP, suffix, path);
	return NULL;
}

/* The strategy or known-bad twin --strategy names (a shipped one, or a
 * file's); exits 2 with the valid names if there is none. */
static const struct strategy *strategy_arg(const char *name)
{
	const struct strategy *st;
	const struct twin *tw;
	char names[512];

	if (strategy_is_path(name))
		return strategy_file_arg(name);
	st = strategy_find(name);
	tw = st ? NULL : twin_find(name);
	if (tw && !tw->st)
		usage_error("twin '%s' cannot be derived: %s", name, tw->error);
	if (tw)
		return tw->st;
	if (!st) {
		strategy_names(names, sizeof(names));
		usage_error("unknown strategy '%s'; valid strategies: %s; "
			    "and their known-bad twins, NAME%cMUTATION (see --list); "
			    "or a strategy file (a path with a '/' or ending in .strategy)",
			    name, names, TWIN_SEP);
	}
	return st;
}

/* The search limits, table size, search order, reduction and workers
 * every search takes from the options. */
static void search_limits(const struct args *a, struct explore_opts *eo)
{
	const char *order = a->value[OPT_SEARCH], *reduce = a->value[OPT_REDUCE];

	memset(eo, 0, sizeof(*eo));
	eo->max_states = number_opt(a, OPT_MAX_STATES, 0, 1, 1ull << 32);
	eo->max_memory = size_opt(a, OPT_MAX_MEMORY, budget_default_limit());
	eo->hash_bits = (unsigned)number_opt(a, OPT_HASH_BITS, 16, 4, 30);
	eo->workers = (int)number_opt(a, OPT_WORKERS, 1, 1, 64);
	eo->progress = a->value[OPT_PROGRESS] || isatty(STDERR_FILENO);
	/* Once a second; the tests ask for more (CHECKER_PROGRESS_SECONDS). */
	eo->progress_every = 1.0;
	if (getenv("CHECKER_PROGRESS_SECONDS"))
		eo->progress_every = atof(getenv("CHECKER_PROGRESS_SECONDS"));
	eo->order = SEARCH_BFS;
	if (order && strcmp(order, "dfs") == 0)
		eo->order = SEARCH_DFS;
	else if (order && strcmp(order, "bfs") != 0)
		usage_error("--search=%s: valid orders: bfs, dfs", order);
	eo->reduce = eo->order == SEARCH_BFS ? REDUCE_PERSISTENT : REDUCE_NONE;
	if (reduce && strcmp(reduce, "none") == 0)
		eo->reduce = REDUCE_NONE;
	else if (reduce && (strcmp(reduce, "sleep") == 0 || strcmp(reduce, "por") == 0))
		eo->reduce = REDUCE_POR;
	else if (reduce && strcmp(reduce, "persistent") == 0)
		eo->reduce = REDUCE_PERSISTENT;
	else if (reduce)
		usage_error("--reduce=%s: valid reductions: persistent, sleep, none", reduce);
	if (reduce && eo->reduce != REDUCE_NONE && eo->order == SEARCH_DFS)
		usage_error("--reduce=%s: the reductions run breadth-first; "
			    "--search=dfs explores without them", reduce);
	if (a->value[OPT_SYMMETRY]) {
		if (eo->reduce == REDUCE_POR)
			usage_error("--symmetry runs without --reduce=sleep: sleep sets name threads, "
				    "which the symmetry reduction renumbers");
		eo->symmetry = 1;
	}
	if (a->value[OPT_STORAGE] && strcmp(a->value[OPT_STORAGE], "hash-compact") == 0) {
		if (eo->order == SEARCH_DFS)
			usage_error("--storage=hash-compact: needs --search=bfs");
		if (eo->reduce == REDUCE_POR)
			usage_error("--storage=hash-compact runs without --reduce=sleep: sleep sets "
				    "expand old states again, which hash compaction does not keep");
		eo->storage = STORAGE_HASH_COMPACT;
	} else if (a->value[OPT_STORAGE] && strcmp(a->value[OPT_STORAGE], "exact") != 0) {
		usage_error("--storage=%s: valid storages: exact, hash-compact", a->value[OPT_STORAGE]);
	}
	if (eo->workers > 1 && eo->order == SEARCH_DFS)
		usage_error("--workers=%d: depth-first search runs in one thread; "
			    "--workers needs --search=bfs", eo->workers);
}

/* Returns 1 for the options that shape every search of --matrix,
 * --concurrency, --twins and --lint (their searches are breadth-first). */
static int search_option(int id)
{
	return id == OPT_MAX_STATES || id == OPT_MAX_MEMORY || id == OPT_HASH_BITS ||
	       id == OPT_REDUCE || id == OPT_WORKERS || id == OPT_PROGRESS || id == OPT_STORAGE ||
	       id == OPT_SYMMETRY;
}

#define OPT(id)		(1ull << OPT_##id)
_Static_assert(NR_OPTIONS <= 64, "an option mask is 64 bits");

/* Exit 2 if an option other than mode, those of the mask `also` and the
 * search options is given with mode (--list, --lint, --twins, --matrix). */
static void only_with(const struct args *a, int mode, unsigned long long also)
{
	for (int i = 0; i < NR_OPTIONS; i++)
		if (a->value[i] && i != mode && !(also & (1ull << i)) && !search_option(i))
			usage_error("--%s cannot be combined with --%s", options[i].name,
				    options[mode].name);
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
			char names[256];
			size_t k = 0;

			names[0] = '\0';
			for (int i = 0; i < nknown && k < sizeof(names); i++)
				k += (size_t)snprintf(names + k, sizeof(names) - k, "%s%s",
						      i ? ", " : "", known[i]->name);
			usage_error("--property: unknown property '%.*s'; valid properties: %s",
				    (int)(len > 40 ? 40 : len), p, names);
		}
		if (want[found]++)
			usage_error("--property: %s given twice", known[found]->name);
		if (!p[len])
			break;
		p += len + 1;
	}
	for (int i = 0; i < nknown; i++)
		if (want[i])
			sel[n++] = known[i];
	return n;
}

static int run(int argc, char **argv)
{
	struct args a;
	struct scenario sc;
	struct model m;
	struct report r;
	struct explore_opts eo;
	struct explore_result er;
	const struct strategy *st;
	const char *sname, *json;
	char err[1024] = "", scen_args[600] = "";
	const struct property *sel[16];
	int status, rc, nsel;

	parse_args(argc, argv, &a);
	json = a.value[OPT_JSON];
	if (a.value[OPT_HELP]) {
		help();
		return EXIT_OK;
	}
	if (a.value[OPT_VERSION]) {
		printf("checker %s: DAX fault-path model checker\n", CHECKER_VERSION);
		return EXIT_OK;
	}
	/* The shipped strategies, parsed from the files built in. */
	if (strategy_init(err, sizeof(err)))
		usage_error("internal error: %s", err);
	if (a.value[OPT_LINT]) {
		only_with(&a, OPT_LINT, 0);
		if (!a.nfiles)
			usage_error("--lint needs strategy files: --lint FILE...");
		search_limits(&a, &eo);
		return lint_files(stdout, a.files, a.nfiles, &eo);
	}
	if (a.value[OPT_LIST]) {
		only_with(&a, OPT_LIST, OPT(JSON) | OPT(STRATEGY));
		if (a.value[OPT_STRATEGY])
			strategy_arg(a.value[OPT_STRATEGY]);
		listing_print(stdout, json != NULL);
		return EXIT_OK;
	}
	if (a.value[OPT_TWINS]) {
		only_with(&a, OPT_TWINS, OPT(STRATEGY));
		st = a.value[OPT_STRATEGY] ? strategy_arg(a.value[OPT_STRATEGY]) : NULL;
		if (st && twin_of(st))
			usage_error("--twins --strategy=%s: that is a twin; name its strategy",
				    a.value[OPT_STRATEGY]);
		search_limits(&a, &eo);
		interrupt_install();
		return twin_table_run(stdout, st, &eo);
	}
	if (a.value[OPT_MATRIX] || a.value[OPT_CONCURRENCY]) {
		const struct strategy *v[STRATEGY_MAX_FILES];
		int n = 0;

		if (a.value[OPT_MATRIX] && a.value[OPT_CONCURRENCY])
			usage_error("--matrix already shows the concurrency columns");
		only_with(&a, a.value[OPT_MATRIX] ? OPT_MATRIX : OPT_CONCURRENCY, OPT(STRATEGY));
		if (a.value[OPT_STRATEGY]) {
			v[n++] = strategy_arg(a.value[OPT_STRATEGY]);
		} else {
			for (n = 0; n < strategy_count(); n++)
				v[n] = strategy_get(n);
		}
		search_limits(&a, &eo);
		interrupt_install();
		if (a.value[OPT_MATRIX])
			return matrix_run(stdout, a.files, a.nfiles, v, n, &eo);
		return concurrency_print(stdout, v, n, &eo) ? EXIT_INCOMPLETE : EXIT_OK;
	}

	sname = a.value[OPT_STRATEGY] ? a.value[OPT_STRATEGY] : "dax-generic";
	st = strategy_arg(sname);
	if (strategy_validate(st, err, sizeof(err)))
		usage_error("internal error: %s", err);

	if (a.value[OPT_SCENARIO]) {
		if (a.value[OPT_THREADS] || a.value[OPT_PAGES] || a.value[OPT_WORDS])
			usage_error("--threads, --pages and --words shape the built-in scenario; "
				    "they cannot be combined with --scenario");
		rc = scenario_load(&sc, a.value[OPT_SCENARIO], err, sizeof(err));
		if (rc == SCENARIO_NOMEM)
			out_of_memory("--scenario");
		if (rc)
			usage_error("%s", err);
		snprintf(scen_args, sizeof(scen_args), "--scenario=%s", a.value[OPT_SCENARIO]);
	} else {
		int t = (int)number_opt(&a, OPT_THREADS, 2, 1, 1000);
		int p = (int)number_opt(&a, OPT_PAGES, 1, 1, 1000);
		int w = (int)number_opt(&a, OPT_WORDS, 2, 1, 1000);

		if (scenario_default(&sc, t, p, w, err, sizeof(err)))
			usage_error("%s", err);
		if (t != 2 || p != 1 || w != 2)
			snprintf(scen_args, sizeof(scen_args), "--threads=%d --pages=%d --words=%d", t, p, w);
	}
	m.sc = &sc;
	m.st = st;

	memset(&r, 0, sizeof(r));
	r.m = &m;
	r.expected = twin_of(st) ? twin_expected(twin_of(st), &sc) : matrix_expected(st, &sc);
	search_limits(&a, &eo);
	memset(&er, 0, sizeof(er));
	r.order = eo.order;
	nsel = property_arg(a.value[OPT_PROPERTY], sel);
	if (nsel) {
		size_t k = strlen(scen_args);

		eo.props = sel;
		eo.nprops = nsel;
		r.only = a.value[OPT_PROPERTY];
		snprintf(scen_args + k, sizeof(scen_args) - k, "%s--property=%s", k ? " " : "",
			 a.value[OPT_PROPERTY]);
	}

	if (a.value[OPT_EMIT_PROMELA]) {
		const char *path = a.value[OPT_EMIT_PROMELA];
		char command[OUTFILE_PATH_MAX + 800], sel_buf[OUTFILE_PATH_MAX + 64];
		struct promela_job job = { &m, nsel ? sel : property_all,
					   nsel ? nsel : property_count, command };

		if (a.value[OPT_REPLAY] || json || a.value[OPT_SEARCH])
			usage_error("--emit-promela writes a model and runs no search: "
				    "it cannot be combined with --replay, --json or --search");
		snprintf(command, sizeof(command), "./checker --strategy=%s%s%s --emit-promela",
			 strategy_selector(st, sel_buf, sizeof(sel_buf)), *scen_args ? " " : "",
			 scen_args);
		if (!*path) {
			fill_promela(stdout, &job);
			return EXIT_OK;
		}
		return write_file(path, "emit-promela", fill_promela, &job);
	}

	if (a.value[OPT_REPLAY]) {
		int len;
		unsigned char *sched = parse_schedule(a.value[OPT_REPLAY], sc.nthreads, &len);

		int bad = trace_replay(&m, eo.props, eo.nprops, sched, len, &r.trace, err,
				       sizeof(err));

		free(sched);
		if (bad == TRACE_NOMEM)
			out_of_memory("--replay");
		if (bad)
			usage_error("--replay: %s", err);
		r.replay = 1;
		r.violated = r.trace.violated;
		r.verdict = r.violated ? EXPLORE_VIOLATION : EXPLORE_OK;
	} else {
		interrupt_install();
		explore_run(&m, &eo, &er);
		r.verdict = er.verdict;
		r.violated = er.violated;
		r.why = er.why;
		r.stats = &er.stats;
		if (er.verdict == EXPLORE_VIOLATION) {
			int rc = trace_replay(&m, eo.props, eo.nprops, er.schedule, er.len,
					      &r.trace, err, sizeof(err));

			if (rc == TRACE_NOMEM) {
				no_verdict(&r, &er, "out of memory replaying the counterexample");
			} else if (rc || r.trace.violated != er.violated) {
				fprintf(stderr, "checker: internal error: the counterexample does not replay%s%s\n",
					*err ? ": " : "", err);
				report_free(&r);
				free(er.schedule);
				return EXIT_USAGE;
			}
		}
	}
	if (report_finish(&r, scen_args)) {
		if (r.replay) {
			report_free(&r);
			out_of_memory("--replay");
		}
		no_verdict(&r, &er, "out of memory preparing the report");
	}
	status = r.verdict == EXPLORE_OK ? EXIT_OK :
		 r.verdict == EXPLORE_VIOLATION ? EXIT_VIOLATION : EXIT_INCOMPLETE;
	if (json && *json && (rc = write_file(json, "json", fill_json, &r))) {
		status = rc;
	} else if (json && !*json) {
		report_json(stdout, &r);
	} else {
		report_text(stdout, &r);
	}
	report_free(&r);
	free(er.schedule);
	return status;
}

/*
 * A verdict nobody saw is not a verdict: when standard output could not be
 * written whole (a full disk, a file system gone read-only), say so and exit
 * 2 instead of the verdict's 0, 1 or 3.
 */
int main(int argc, char **argv)
{
	int status = run(argc, argv);

	errno = 0;
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "checker: error writing standard output%s%s\n",
			errno ? ": " : "", errno ? strerror(errno) : "");
		return EXIT_USAGE;
	}
	return status;
}
