/*
 * options.h - every command-line option, once.  The table generates the
 * parser's lookup, the ranges its errors state and the --help text
 * (kissat's options.h does the same).
 *
 * X(id, name, metavar, lo, hi, default, help):
 *   metavar NULL: a flag with no value; a metavar starting with '[': the
 *   value is optional and follows '=' (--json=FILE); otherwise the value
 *   follows '=' or is the next argument (--strategy NAME).
 *   lo..hi: the range of a number (hi 0: not a number); default: the
 *   value when the option is absent, if it is a constant (0: none, or the
 *   help text says what).
 * Arguments that are not options are files, for --matrix and --lint only.
 */
#ifndef DAX_OPTIONS_H
#define DAX_OPTIONS_H

#include "../model/state.h"

#define OPTIONS(X) \
	X(STRATEGY,   "strategy",   "NAME|FILE", 0, 0, 0, "get_block strategy to check, see --list (default dax-generic), or a strategy file (a path with a '/' or ending in .strategy)") \
	X(SCENARIO,   "scenario",   "NAME|FILE", 0, 0, 0, "run a shipped scenario (see --list) or a scenario file (a path with a '/' or ending in .dax) instead of the built-in one") \
	X(THREADS,    "threads",    "N",        1, MAX_THREADS, 2, "built-in scenario: N threads; thread i stores i+1 to word i/P of page i%P") \
	X(PAGES,      "pages",      "P",        1, MAX_PAGES, 1, "built-in scenario: pages in the file") \
	X(WORDS,      "words",      "W",        1, MAX_WORDS, 2, "built-in scenario: words per page") \
	X(CRASH,      "crash",      NULL,       0, 0, 0, "the power may fail at any point: also judge stale-after-crash and fsync-loss (as a scenario's crash line does)") \
	X(PLATFORM,   "platform",   "adr|no-adr", 0, 0, 0, "with a crash: adr (default: write-pending queues survive a power failure) or no-adr (only pcommit makes a write-back durable)") \
	X(PROPERTY,   "property",   "NAMES",    0, 0, 0, "judge only these properties, comma-separated (default all, see --list), or an overlap-* goal") \
	X(ALL_PROPERTIES, "all-properties", NULL, 0, 0, 0, "every property the scenario violates (or every one --property names), each with its own shortest counterexample: a search each") \
	X(REPLAY,     "replay",     "SCHEDULE", 0, 0, 0, "run one interleaving, the thread of each step: 0,0,1,...") \
	X(TRIM,       "trim",       NULL,       0, 0, 0, "traces: hide the threads that play no part (their steps can be taken out of the schedule with the same outcome, a deadlock's bystanders), as well as those that took no step") \
	X(SEARCH,     "search",     "bfs|dfs",  0, 0, 0, "search order; bfs (default) reports a shortest counterexample") \
	X(MAX_STATES, "max-states", "N",        1, 1ull << 32, 0, "stop, incomplete, rather than store more than N states; no limit by default") \
	X(MAX_MEMORY, "max-memory", "SIZE",     0, 1ull << 50, 0, "stop, incomplete, past SIZE bytes of one search; K, M, G suffixes; 0 = no limit (default: 3/4 of the memory, or of the cgroup's limit; in a sweep, that divided by the number of cores)") \
	X(HASH_BITS,  "hash-bits",  "N",        4, 30, 16, "initial visited-set table of 2^N slots; output never depends on it") \
	X(REDUCE,     "reduce",     "KIND",     0, 0, 0, "persistent (default, bfs only): persistent sets, fewer states, the same verdict and counterexample; sleep: sleep sets, every state stored; none") \
	X(SYMMETRY,   "symmetry",   NULL,       0, 0, 0, "symmetry reduction: one state for all permutations of threads running the same program") \
	X(STORAGE,    "storage",    "KIND",     0, 0, 0, "visited set: exact (default) or hash-compact, 64-bit hashes that may miss a state (with what probability is printed)") \
	X(WORKERS,    "workers",    "N",        1, 64, 1, "threads expanding the states of one search; the output is the same for every N") \
	X(JOBS,       "jobs",       "N",        1, 64, 0, "--matrix, --twins, --concurrency: searches run at once (default: the number of cores); the output is the same for every N") \
	X(COMMANDS,   "commands",   NULL,       0, 0, 0, "--matrix, --twins, --concurrency: print each search as a command line, one a line, and run none (for make -j, GNU parallel, a Slurm array)") \
	X(PROGRESS,   "progress",   NULL,       0, 0, 0, "progress on stderr: rewritten in place on a terminal (the default there), else one line a second") \
	X(JSON,       "json",       "[=FILE]",  0, 0, 0, "print one JSON object instead of text; with =FILE, write it to FILE and print the text") \
	X(EMIT_PROMELA, "emit-promela", "[=FILE]", 0, 0, 0, "write the scenario and strategy as a Promela model for SPIN, and exit") \
	X(MATRIX,     "matrix",     NULL,       0, 0, 0, "every strategy (or --strategy) against the shipped scenarios, or DIR/*.dax, or FILE...: the verdict matrix") \
	X(CONCURRENCY, "concurrency", NULL,     0, 0, 0, "for each strategy (or --strategy): can two write faults overlap, same page / other pages?") \
	X(TWINS,      "twins",      NULL,       0, 0, 0, "run every known-bad twin (or --strategy's) on the scenario it must fail: each must be caught") \
	X(LINT,       "lint",       NULL,       0, 0, 0, "check strategy files FILE... without a search: tables, locks on every path, reachable steps, coverage over the shipped scenarios, twins") \
	X(LIST,       "list",       NULL,       0, 0, 0, "list strategies (with --strategy=FILE's) with their sources, twins, properties and shipped scenarios") \
	X(HELP,       "help",       NULL,       0, 0, 0, "print this help (also -h)") \
	X(VERSION,    "version",    NULL,       0, 0, 0, "print the version")

enum option_id {
#define X(id, name, meta, lo, hi, dflt, help) OPT_##id,
	OPTIONS(X)
#undef X
	NR_OPTIONS
};

#endif
