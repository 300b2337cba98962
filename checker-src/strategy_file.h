/*
 * strategy_file.h - a strategy as its file states it: the tables, and
 * what else the file says (its locks, the verdicts expected of it, its
 * known-bad twins), with the line of each for messages.
 *
 * The format (README, "Strategy files"; checker-src/strategy_parse.c):
 *
 *	strategy fs-zero-inside
 *	summary  the filesystem zeroes a new block under its allocation lock
 *	source   Message-ID 20150811214822.GA20596@dastard
 *	lock ILOCK rwsem inode
 *	fault
 *		LOOKUP: get_block(create=0) get_block          -> ILOCK
 *		ILOCK:  xfs_ilock(ILOCK_EXCL) lock(ILOCK) if write, hole -> RELOOKUP else LOAD_HOLE
 *		...
 *	expect seed-race ok
 *	twin no-ilock seed-race lost-store
 *		mutation get_block allocates, zeroes and maps without xfs_ilock(ILOCK_EXCL)
 *		drop-lock fault ILOCK
 *
 * A parsed file is plain data in fixed-size arrays (no allocation), so
 * the shipped strategies load without a path that can run out of memory.
 */
#ifndef DAX_STRATEGY_FILE_H
#define DAX_STRATEGY_FILE_H

#include "../model/scenario.h"
#include "../model/twins.h"
#include "registry.h"

#define STRATEGY_MAX_STEPS	TWIN_MAX_STEPS	/* per handler */
#define STRATEGY_MAX_EXPECT	64
#define STRATEGY_MAX_TWINS	12
#define STRATEGY_MAX_UNREACHED	16
#define STRATEGY_NAME_MAX	32	/* with its NUL, as struct expectation */
#define STRATEGY_POOL		8192	/* the strings of one file */
#define STRATEGY_MAX_FILES	64	/* shipped ones and a user's, together: --lint of
					 * every shipped file loads each twice */

enum lock_kind { LOCK_KIND_MUTEX, LOCK_KIND_RWSEM, LOCK_KIND_BIT };
enum lock_scope { SCOPE_INODE, SCOPE_PAGE, SCOPE_RANGE };

/* `lock LABEL KIND SCOPE ["shown as"]`: which of the model's lock slots
 * (enum lock_id) it is. */
struct strategy_lock {
	const char *label;	/* as steps name it: "ILOCK", "entry_lock" */
	const char *shown;	/* as traces name it: "DAX entry lock" */
	enum lock_kind kind;
	enum lock_scope scope;
	int id;			/* enum lock_id */
	int line;
};

/* `expect SCENARIO VERDICT`: the verdict expected on a scenario (shipped
 * or the user's own), "ok" or a property. */
struct strategy_expect {
	char scenario[SCENARIO_NAME_MAX];
	char verdict[32];
	int line;
};

/* `unreached HANDLER LABEL REASON`: a step no shipped scenario runs, and
 * why that is right. */
struct strategy_unreached {
	enum handler_kind h;
	const char *label;
	int step;		/* its index */
	const char *why;
	int line;
};

struct strategy_file {
	struct strategy st;
	char path[256];		/* where it was read from */
	int shipped;		/* built in (model/shipped.h); else --strategy=FILE */
	int order;		/* its `order` line; INT_MAX without one */
	int name_line;		/* the `strategy` line */
	struct step steps[NR_HANDLERS][STRATEGY_MAX_STEPS];	/* by handler */
	/* Each step's label ("ZERO") and line, by handler. */
	const char *label[NR_HANDLERS][STRATEGY_MAX_STEPS];
	int line[NR_HANDLERS][STRATEGY_MAX_STEPS];
	int handler_line[NR_HANDLERS];	/* the `fault`, `punch` and `fsync` lines */
	struct strategy_lock locks[NR_LOCKS];
	int nlocks;
	struct strategy_expect expect[STRATEGY_MAX_EXPECT];
	int nexpect;
	struct twin_def twins[STRATEGY_MAX_TWINS];
	int ntwins;
	const char *no_twin;	/* `no-twin REASON`, or NULL */
	int no_twin_line;
	struct strategy_unreached unreached[STRATEGY_MAX_UNREACHED];
	int nunreached;
	char pool[STRATEGY_POOL];	/* the strings the pointers above hold */
	size_t pool_used;
};

/*
 * Parse a strategy file from text[0..len-1] (path names it in messages)
 * into *f, and validate its tables (strategy_validate).  Returns 0, or -1
 * with "path:line: what is wrong" in err.  There is no partial result.
 */
int strategy_parse_text(struct strategy_file *f, const char *path, const char *text,
			size_t len, char *err, size_t errlen);

/*
 * The same for the file at path.  Returns 0, -1 with a message, or
 * STRATEGY_NOMEM if it could not be opened for want of memory.
 */
int strategy_parse_file(struct strategy_file *f, const char *path, char *err, size_t errlen);

/* The verdict f expects on scenario name, or NULL; *line its line. */
const char *strategy_file_expected(const struct strategy_file *f, const char *scenario,
				   int *line);

/* The lock f calls label, or NULL. */
const struct strategy_lock *strategy_file_lock(const struct strategy_file *f,
					       const char *label);

#endif
