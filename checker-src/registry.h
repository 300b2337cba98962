/*
 * registry.h - every strategy the checker knows, and their known-bad twins:
 * the shipped strategy files built into the binary, any a user loads with
 * --strategy=FILE, and the twins their `twin` blocks define, derived by the
 * mutation operators of model/twins.h.
 */
#ifndef DAX_REGISTRY_H
#define DAX_REGISTRY_H

#include "../model/strategy.h"
#include "../model/twins.h"

/*
 * The registry (checker-src/registry.c): the shipped strategies,
 * parsed from the files built into the binary (checker-src/shipped.h) in the
 * order of their `order` lines, then any a user loaded from a file.
 *
 * strategy_init() parses the shipped files, into static storage: it
 * allocates nothing.  Returns 0, or -1 with "file:line: what" if a shipped
 * file is malformed (a build defect).  The other calls run it on first
 * use, and exit 2 if it fails; a program calls it first to say so itself.
 * Only strategy_find() of a shipped name, before it, parses that one file
 * alone (exiting 2 if that file is malformed): a search of one strategy
 * need not validate every other.
 */
int strategy_init(char *err, size_t errlen);

/* How many strategies are registered, and strategy i of them. */
int strategy_count(void);
const struct strategy *strategy_get(int i);

/* The first strategy called name (a shipped one before a user's), or NULL. */
const struct strategy *strategy_find(const char *name);

/* Write the shipped strategies' names, comma-separated, into buf (for
 * messages listing the valid choices). */
void strategy_names(char *buf, size_t len);

/*
 * Read the strategy file at path, validate it as a shipped one is, and
 * register it after the others.  Returns it, or NULL with
 * "file:line: what is wrong" in err (*nomem set if the file could not be
 * opened for want of memory: STRATEGY_NOMEM from the parser).
 */
#define STRATEGY_NOMEM	(-2)
const struct strategy *strategy_load(const char *path, char *err, size_t errlen, int *nomem);

/* Returns 1 if a --strategy value names a file (it holds a '/' or ends in
 * ".strategy"), 0 if it names a shipped strategy or twin. */
int strategy_is_path(const char *arg);

/* ---- the known-bad twins (twin_registry.c) --------------------------------- */

struct twin {
	const char *name;		/* "fs-zero-inside~no-ilock" */
	const struct strategy *base;	/* the strategy it mutates */
	const struct twin_def *def;	/* as its strategy's file defines it */
	const char *mutation;		/* one line, in kernel vocabulary */
	const char *scenario;		/* the shipped scenario it must fail: "seed-race" */
	const char *property;		/* the property it must be caught with */
	const struct strategy *st;	/* the mutated strategy, or NULL */
	const char *error;		/* why it could not be derived, or NULL */
};

/*
 * How many twins the registered strategies define (their files' `twin`
 * blocks), and twin i of them, in the order --list and --twins show them:
 * by strategy, in the registry's order.  Each is derived and validated
 * (strategy_validate) on first use; one that cannot be has st NULL and
 * error "file:line: what".
 */
int twin_count(void);
const struct twin *twin_get(int i);

/* The twin called name, or NULL.  A twin of a shipped strategy is found
 * before one of a user's file of the same name. */
const struct twin *twin_find(const char *name);

/* The twin whose mutated strategy is st, or NULL (st is a real strategy). */
const struct twin *twin_of(const struct strategy *st);

struct scenario;

/* The property twin tw must be caught with on scenario sc: its own, if sc
 * is the scenario the twin names (sc's name, read from a file); else NULL. */
const char *twin_expected(const struct twin *tw, const struct scenario *sc);

/*
 * What --strategy= takes to select st again (for replay commands): a
 * shipped strategy's name, a user file's path, and for a twin its name or
 * its strategy file's path, '~' and the mutation.  Written into buf.
 */
const char *strategy_selector(const struct strategy *st, char *buf, size_t len);

#endif
