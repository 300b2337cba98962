/*
 * options.h - every command-line option, once.  The table generates the
 * parser's lookup and the --help text (kissat's options.h does the same).
 *
 * X(id, name, metavar, help): metavar NULL = a flag with no value;
 * a metavar starting with '[' = the value is optional.  Arguments that are
 * not options are files, for --matrix and --lint only.
 */
#ifndef DAX_OPTIONS_H
#define DAX_OPTIONS_H

#define OPTIONS(X) \
	X(STRATEGY,   "strategy",   "NAME|FILE", "get_block strategy to check, see --list (default dax-generic), or a strategy file (a path with a '/' or ending in .strategy)") \
	X(SCENARIO,   "scenario",   "NAME|FILE", "run a shipped scenario (see --list) or a scenario file (a path with a '/' or ending in .dax) instead of the default scenario") \
	X(THREADS,    "threads",    "N",        "default scenario: N threads; thread i stores i+1 to word i/P of page i%P (default 2)") \
	X(PAGES,      "pages",      "P",        "default scenario: pages in the file (default 1)") \
	X(WORDS,      "words",      "W",        "default scenario: words per page, 1..8 (default 2)") \
	X(PROPERTY,   "property",   "NAMES",    "judge only these properties, comma-separated (default all, see --list), or an overlap-* goal") \
	X(REPLAY,     "replay",     "SCHEDULE", "run one interleaving, the thread of each step: 0,0,1,...") \
	X(SEARCH,     "search",     "bfs|dfs",  "search order; bfs (default) reports a shortest counterexample") \
	X(MAX_STATES, "max-states", "N",        "stop, incomplete, rather than store more than N states") \
	X(MAX_MEMORY, "max-memory", "SIZE",     "stop, incomplete, past SIZE bytes; K, M, G suffixes (default: 3/4 of the memory, or of the cgroup's limit; 0 = none)") \
	X(HASH_BITS,  "hash-bits",  "N",        "initial visited-set table of 2^N slots, 4..30 (default 16); output never depends on it") \
	X(REDUCE,     "reduce",     "KIND",     "persistent (default, bfs only): persistent sets, fewer states, the same verdict and counterexample; sleep: sleep sets, every state stored; none") \
	X(SYMMETRY,   "symmetry",   NULL,       "symmetry reduction: one state for all permutations of threads running the same program") \
	X(STORAGE,    "storage",    "KIND",     "visited set: exact (default) or hash-compact, 64-bit hashes that may miss a state (with what probability is printed)") \
	X(WORKERS,    "workers",    "N",        "threads expanding states, 1..64 (default 1); the output is the same for every N") \
	X(PROGRESS,   "progress",   NULL,       "print progress on stderr about once a second (default: when stderr is a terminal)") \
	X(JSON,       "json",       "[=FILE]",  "print one JSON object instead of text; with =FILE, also write it to FILE") \
	X(EMIT_PROMELA, "emit-promela", "[=FILE]", "write the scenario and strategy as a Promela model for SPIN, and exit") \
	X(MATRIX,     "matrix",     NULL,       "every strategy (or --strategy) against the shipped scenarios, or DIR/*.dax, or FILE...: the verdict matrix") \
	X(CONCURRENCY, "concurrency", NULL,     "for each strategy (or --strategy): can two write faults overlap, same page / other pages?") \
	X(TWINS,      "twins",      NULL,       "run every known-bad twin (or --strategy's) on the scenario it must fail: each must be caught") \
	X(LINT,       "lint",       NULL,       "check strategy files FILE... without a search: tables, locks on every path, reachable steps, coverage over the shipped scenarios, twins") \
	X(LIST,       "list",       NULL,       "list strategies (with --strategy=FILE's) with their sources, twins, properties and shipped scenarios") \
	X(HELP,       "help",       NULL,       "print this help") \
	X(VERSION,    "version",    NULL,       "print the version")

enum option_id {
#define X(id, name, meta, help) OPT_##id,
	OPTIONS(X)
#undef X
	NR_OPTIONS
};

#endif
