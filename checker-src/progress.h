/*
 * progress.h - the live progress line of a long search, on stderr: one
 * line rewritten in place on a terminal, one line a second to a pipe or
 * file.  It says how long the search has run, how many states it has
 * stored and how fast, where it is (the breadth-first level and how much
 * of it is done, what is queued), the memory against --max-memory, and an
 * estimate of the time left once one can be made (progress.c says how).
 */
#ifndef DAX_PROGRESS_H
#define DAX_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

#define PROGRESS_LEVELS	4096	/* level sizes kept for the estimate */

struct progress {
	int on;			/* print at all */
	int tty;		/* stderr is a terminal: rewrite one line */
	int shown;		/* a line is on the terminal, to erase */
	double every;		/* seconds between two lines */
	double t0, last;
	const char *what;	/* "search", "shortest": which search it is */
	int counted;		/* a sweep's searches done, as last shown */
	uint32_t nlevels;	/* breadth-first levels begun */
	uint64_t size[PROGRESS_LEVELS];	/* their sizes, states */
};

/* Where a search is now. */
struct progress_now {
	uint64_t states;	/* stored */
	int dfs;		/* depth-first: no levels, a stack */
	uint32_t level;		/* the level being expanded (breadth-first) */
	uint64_t level_size;	/* its states ... */
	uint64_t level_done;	/* ... and how many are expanded */
	uint64_t queued;	/* found, not yet expanded (the stack, depth-first) */
	size_t memory;		/* bytes counted against --max-memory */
	size_t limit;		/* --max-memory, 0 for none */
};

/* Start the progress of one search; on: print at all (--progress, or
 * stderr is a terminal); every: seconds between lines. */
void progress_start(struct progress *p, int on, double every, const char *what);

/* A breadth-first level begins: all its states are found, size of them. */
void progress_level(struct progress *p, uint64_t size);

/* Print the line if it is due. */
void progress_show(struct progress *p, const struct progress_now *now);

/* The search ended: erase the line from the terminal, if one is shown. */
void progress_end(struct progress *p);

/*
 * The estimate alone, for the tests: the states still to expand after
 * level sizes size[0..n-1], the last being the level now expanded, of
 * which done states are; or -1 when no estimate can be made honestly.
 */
double progress_estimate(const uint64_t *size, uint32_t n, uint64_t done);

/* The line of a sweep (--matrix, --twins, --concurrency), whose searches
 * run at once: "matrix 0:12  34 of 90 searches done"; the last, all done,
 * always shown. */
void progress_count(struct progress *p, int done, int total);

#endif
