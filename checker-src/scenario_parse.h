/*
 * scenario_parse.h - scenarios from files: the scenario file parser, with
 * "file:line: what" errors; the scenarios the checker ships, built into
 * the binary; and the scenario files of a directory.
 */
#ifndef DAX_SCENARIO_PARSE_H
#define DAX_SCENARIO_PARSE_H

#include "../model/scenario.h"
#include "shipped.h"

/*
 * Parse the scenario file at path.  Returns 0, or -1 with
 * "file:line: what is wrong" in err, or SCENARIO_NOMEM if the file could
 * not be opened for want of memory (the file may be fine).
 */
#define SCENARIO_NOMEM	(-2)
int scenario_parse(struct scenario *sc, const char *path, char *err, size_t errlen);

/*
 * Shipped scenario i (shipped.h: scenario_shipped_count() of them, in
 * file-name order), parsed as scenario_parse() parses a file, its path the
 * one in the source tree ("scenarios/seed-race.dax").  Returns 0, or -1
 * with a message (a malformed shipped file: a build defect).
 */
int scenario_shipped(struct scenario *sc, int i, char *err, size_t errlen);

/* Returns 1 if a --scenario value names a file (it holds a '/' or ends in
 * ".dax"), 0 if it names a shipped scenario. */
int scenario_is_path(const char *arg);

/*
 * A --scenario value: the shipped scenario of that name, or the file at
 * that path (scenario_is_path).  Returns as scenario_parse does; an
 * unknown name gets the shipped names in the message.
 */
int scenario_load(struct scenario *sc, const char *arg, char *err, size_t errlen);

/*
 * The scenario files (NAME.dax) of directory dir, sorted, into names[0..]
 * (each malloc'ed; the caller frees them).  Returns how many, at most max;
 * -1 if dir cannot be read, SCENARIO_NOMEM out of memory (none kept).
 */
int scenario_files(const char *dir, char **names, int max);

#endif
