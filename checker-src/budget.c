/*
 * budget.c - allocation against the --max-memory budget.
 */
#include <stdlib.h>

#include "budget.h"

int budget_resize(struct budget *b, void **p, size_t old, size_t new)
{
	void *q;

	if (new > old && b->limit && b->used - old + new > b->limit)
		return -1;
	q = realloc(*p, new);
	if (!q && new) {
		b->oom = 1;
		return -1;
	}
	*p = q;
	b->used = b->used - old + new;
	return 0;
}

void budget_free(struct budget *b, void **p, size_t size)
{
	free(*p);
	*p = NULL;
	b->used -= size;
}
