/*
 * scenario.h - what the simulated threads do: the file's geometry, one user
 * program per thread, and the verdict each strategy is expected to give.
 *
 * A scenario is plain data.  It comes from a scenario file (scenario_parse,
 * checker-src/scenario_parse.c) or from the command line (scenario_default).
 */
#ifndef DAX_SCENARIO_H
#define DAX_SCENARIO_H

#include "state.h"

#define SCENARIO_NAME_MAX	64
#define SCENARIO_DOC_MAX	256
#define MAX_EXPECT		32

enum op_kind { OP_LOAD, OP_STORE, OP_PUNCH };

/* One operation: a user access, `store page:word = value` or
 * `load page:word`, or a system call, `punch page`
 * (fallocate(FALLOC_FL_PUNCH_HOLE) of that one page). */
struct op {
	enum op_kind kind;
	uint8_t page;
	uint8_t word;		/* loads and stores */
	uint8_t value;		/* stores only: 1..VAL_MAX */
};

struct program {
	int nops;
	struct op ops[MAX_OPS];
};

/* "expect STRATEGY VERDICT": VERDICT is "ok" or a property name. */
struct expectation {
	char strategy[32];
	char verdict[32];
	int line;		/* line of the scenario file, for messages */
};

struct scenario {
	char name[SCENARIO_NAME_MAX];
	char doc[SCENARIO_DOC_MAX];
	char path[256];		/* file it came from; "" for the default */
	int pages;		/* P, 1..MAX_PAGES */
	int words;		/* W, 1..MAX_WORDS */
	int nthreads;		/* 1..MAX_THREADS */
	struct program prog[MAX_THREADS];
	int nexpect;
	struct expectation expect[MAX_EXPECT];
};

/*
 * Build the command line's scenario: n threads, thread i stores the value
 * i+1 to word i/pages of page i%pages.  With (2, 1, 2) this is the seed
 * race of LKML, 2015-08-11.  Returns 0, or -1 with a message in err when
 * the numbers are out of range.
 */
int scenario_default(struct scenario *sc, int threads, int pages, int words,
		     char *err, size_t errlen);

/*
 * Parse the scenario file at path.  Returns 0, or -1 with
 * "file:line: what is wrong" in err, or SCENARIO_NOMEM if the file could
 * not be opened for want of memory (the file may be fine).
 */
#define SCENARIO_NOMEM	(-2)
int scenario_parse(struct scenario *sc, const char *path, char *err, size_t errlen);

/*
 * The scenarios the checker ships (scenarios/NAME.dax, built into the binary:
 * model/shipped.h), by index in file-name order.  scenario_shipped()
 * parses one as scenario_parse() parses a file, its path the one in the
 * source tree ("scenarios/seed-race.dax").  Returns 0, or -1 with a
 * message (a malformed shipped file: a build defect).
 */
int scenario_shipped_count(void);
int scenario_shipped(struct scenario *sc, int i, char *err, size_t errlen);

/* The index of the shipped scenario whose file is scenarios/NAME.dax, or -1. */
int scenario_shipped_find(const char *name);

/* The shipped scenarios' names, comma-separated, into buf. */
void scenario_shipped_names(char *buf, size_t len);

/* Returns 1 if a --scenario value names a file (it holds a '/' or ends in
 * ".dax"), 0 if it names a shipped scenario. */
int scenario_is_path(const char *arg);

/*
 * A --scenario value: the shipped scenario of that name, or the file at
 * that path (scenario_is_path).  Returns as scenario_parse does; an
 * unknown name gets the shipped names in the message.
 */
int scenario_load(struct scenario *sc, const char *arg, char *err, size_t errlen);

/* The expected verdict for strategy name, or NULL if the file gives none. */
const char *scenario_expected(const struct scenario *sc, const char *strategy);

/* Write "T0: store 0:0=1; load 0:1 | T1: store 0:1=2" into buf: each
 * thread as a scenario file writes it. */
void scenario_describe_programs(const struct scenario *sc, char *buf, size_t len);

/* Write one operation as "store 0:1=2", "load 0:1" or "punch 0" into buf. */
void scenario_describe_op(const struct op *op, char *buf, size_t len);

#endif
