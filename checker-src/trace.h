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
	/* After the step: each process's page table (struct state.pte, PTE_*)
	 * and PMD slot over the huge page (SLOT_*), which --json gives for
	 * diagrams. */
	uint8_t pte[MAX_MMS][MAX_PAGES];
	uint8_t slot[MAX_MMS];
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

/*
 * Run tr's schedule again without the steps of thread skip, judging
 * set[0..nset-1] (NULL: property_all) and stopping at the first violation,
 * as trace_replay() would: the state reached into *final, the property
 * violated (or NULL) into *violated.  Records nothing and allocates
 * nothing.  Returns 0, or -1 if a step's thread cannot move there.
 */
int trace_rerun(const struct model *m, const struct property *const *set, int nset,
		const struct trace *tr, int skip, struct state *final,
		const struct property **violated);

/* Describe entry i's effect in words: "block 0 word 1: 2 -> 0". */
void trace_describe_effect(const struct model *m, const struct trace_entry *te,
			   char *buf, size_t len);

/* A note at the end of a step's row: "<-- lost-store". */
struct trace_mark {
	int step;		/* 0-based */
	char text[160];
};

/* How a trace is shown: which threads, which steps marked, and whether it
 * ends with the row of what each thread waits for (a deadlock). */
struct trace_view {
	unsigned hide;		/* bit t: no column for thread t, nor rows for its steps */
	int nmarks;
	struct trace_mark marks[MAX_THREADS + 1];
	int waits;		/* 1: a last row, "wait", each thread's blocked step */
	char waits_mark[160];	/* that row's note */
};

/* Print the trace as a swim-lane table, as v says (NULL: every thread,
 * no marks). */
void trace_print(FILE *f, const struct model *m, const struct trace *tr,
		 const struct trace_view *v);

/* Write "0,0,1,..." for the trace's schedule into buf (of len bytes). */
void trace_schedule_string(const struct trace *tr, char *buf, size_t len);

#endif
