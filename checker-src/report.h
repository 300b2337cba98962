/*
 * report.h - what a run found, printed for people (aligned text in kernel
 * vocabulary) or for programs (one JSON object).
 *
 * Apart from the one line reporting time and memory, which depend on the
 * machine and on --hash-bits, everything printed depends only on the
 * scenario, the strategy and the search options.
 */
#ifndef DAX_REPORT_H
#define DAX_REPORT_H

#include <stdio.h>

#include "explore.h"
#include "property.h"
#include "trace.h"

struct report {
	const struct model *m;
	int replay;			/* 1: --replay of a given schedule */
	int unrun;			/* --replay: steps of the schedule after
					 * the violation, not run */
	enum search_order order;
	enum explore_verdict verdict;
	const struct property *violated;
	char culprit[512];		/* the violated property's explanation */
	struct blame blame;		/* the steps it turns on */
	struct trace trace;		/* counterexample or replayed schedule */
	const char *why;		/* why the search is incomplete */
	const struct explore_stats *stats;	/* NULL for a replay */
	char *replay_cmd;		/* command reproducing the trace, or NULL */
	const char *expected;		/* the scenario file's expectation, or NULL */
	const char *only;		/* --property list, or NULL: all properties */
	int trim;			/* --trim: hide the threads that play no part */
	int changed;			/* --crash or --platform changed the scenario:
					 * no file's expectation is for it */
	const struct property *const *props;	/* judged (NULL: all), for replays */
	int nprops;
};

/*
 * Fill r's culprit and replay command from its trace; args is the part of
 * the command line that selects the scenario ("" or "--scenario=F").
 * Returns 0, or -1 out of memory.
 */
int report_finish(struct report *r, const char *args);

void report_text(FILE *f, const struct report *r);

/* The parts of the text report that --all-properties prints too: the
 * scenario and strategy lines; a counterexample, from its heading to its
 * replay command; the statistics (of searches searches, summed). */
void report_header(FILE *f, const struct model *m);
void report_counterexample(FILE *f, const struct report *r);
void report_statistics(FILE *f, const struct explore_stats *s, int searches);

/* What to try after a search a limit stopped, or NULL. */
const char *report_incomplete_hint(const struct report *r);
void report_json(FILE *f, const struct report *r);

/* The verdict as scenario files spell it: "ok", a property, "incomplete". */
const char *report_verdict_name(const struct report *r);

void report_free(struct report *r);

#endif
