/*
 * budget.h - memory the search may use (--max-memory), counted as it is
 * allocated, so that running out is a clean "incomplete", never a crash.
 */
#ifndef DAX_BUDGET_H
#define DAX_BUDGET_H

#include <stddef.h>

struct budget {
	size_t used;	/* bytes currently allocated through the budget */
	size_t limit;	/* 0 = no limit */
	int oom;	/* set once an allocation failed under the limit: the
			 * machine (or ulimit -v) ran out, not --max-memory */
};

/*
 * Resize p (NULL: nothing yet) from old to new bytes.  Returns the memory,
 * moved or not, or NULL, leaving p as it was, if the limit would be
 * exceeded or the allocation fails; the latter also sets b->oom, so that
 * the search can say which it was.
 */
void *budget_realloc(struct budget *b, void *p, size_t old, size_t new);

/* size bytes, as budget_realloc(b, NULL, 0, size). */
void *budget_alloc(struct budget *b, size_t size);

/* size bytes, zeroed (lazily, by the system, for large sizes: untouched
 * pages cost nothing); NULL as above. */
void *budget_calloc(struct budget *b, size_t size);

/* Free p, of size bytes (p may be NULL, size then 0). */
void budget_free(struct budget *b, void *p, size_t size);

/*
 * The default --max-memory: three quarters of the machine's memory or of
 * the memory cgroup's limit, whichever is smaller, so that a search stops
 * with "incomplete" before the kernel's OOM killer ends it; 4 GiB if
 * neither can be read.
 */
size_t budget_default_limit(void);

#endif
