/*
 * trace.h - running one schedule step by step, and printing it as a
 * swim-lane table: one column per thread, one row per atomic step.
 */
#ifndef DAX_TRACE_H
#define DAX_TRACE_H

#include <stdio.h>

#include "../model/exec.h"

struct property;

struct trace_entry {
	int tid;
	char name[48];		/* the step, in kernel vocabulary */
	struct effect e;	/* what it changed */
	enum handler_kind h;	/* the handler of the operation it is part of */
	/* After the step: the locks each thread holds (LOCK_*_BIT) and the
	 * page its operation is on, which names a per-page lock's instance. */
	uint16_t held[MAX_THREADS];
	int8_t page[MAX_THREADS];
};

struct trace {
	int len;
	struct trace_entry *v;
	struct state final;			/* state after the last step */
	const struct property *violated;	/* first property violated, or NULL */
};

#define TRACE_NOMEM	(-2)	/* trace_replay: out of memory */

/*
 * Run schedule[0..n-1] (thread indices) from the initial state, recording
 * each step, and stop at the first violation of a property of
 * set[0..nset-1] (set NULL: property_all).  Returns 0; -1 with a message
 * in err if the schedule names a thread that cannot move; or TRACE_NOMEM
 * (message "out of memory") if the trace cannot be allocated, which says
 * nothing about the schedule.  On success the caller frees with trace_free().
 */
int trace_replay(const struct model *m, const struct property *const *set, int nset,
		 const unsigned char *schedule, int n, struct trace *tr, char *err, size_t errlen);

void trace_free(struct trace *tr);

/* Describe entry i's effect in words: "block 0 word 1: 2 -> 0". */
void trace_describe_effect(const struct model *m, const struct trace_entry *te,
			   char *buf, size_t len);

/* Print the trace as a swim-lane table. */
void trace_print(FILE *f, const struct model *m, const struct trace *tr);

/* Write "0,0,1,..." for the trace's schedule into buf (of len bytes). */
void trace_schedule_string(const struct trace *tr, char *buf, size_t len);

#endif
