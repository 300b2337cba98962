/*
 * shipped.h - the strategy and scenario files the checker ships, built
 * into the binary (scripts/embed.py writes build/gen/shipped.c from
 * model/strategies/NAME.strategy and scenarios/NAME.dax), so that ./checker
 * works from any directory.  They are kept as text and parsed at run
 * time, through the same parser and validation as a user's file.
 */
#ifndef DAX_SHIPPED_H
#define DAX_SHIPPED_H

#include <stddef.h>

struct shipped_file {
	const char *path;	/* in the source tree: "scenarios/seed-race.dax" */
	size_t len;
	const char *text;	/* the file's bytes */
};

/* Sorted by path. */
extern const struct shipped_file shipped_strategies[];
extern const int shipped_strategies_count;
extern const struct shipped_file shipped_scenarios[];
extern const int shipped_scenarios_count;

/* How many scenarios are shipped (scenarios/NAME.dax), and the index of
 * the one whose file is scenarios/NAME.dax, or -1. */
int scenario_shipped_count(void);
int scenario_shipped_find(const char *name);

/* The shipped scenarios' names, comma-separated, into buf. */
void scenario_shipped_names(char *buf, size_t len);

#endif
