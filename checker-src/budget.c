/*
 * budget.c - allocation against the --max-memory budget, and its default.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"

void *budget_realloc(struct budget *b, void *p, size_t old, size_t new)
{
	void *q;

	if (new > old && b->limit && b->used - old + new > b->limit)
		return NULL;
	q = realloc(p, new ? new : 1);
	if (!q) {
		b->oom = 1;
		return NULL;
	}
	b->used = b->used - old + new;
	return q;
}

void *budget_alloc(struct budget *b, size_t size)
{
	return budget_realloc(b, NULL, 0, size);
}

void *budget_calloc(struct budget *b, size_t size)
{
	void *q;

	if (b->limit && b->used + size > b->limit)
		return NULL;
	q = calloc(1, size ? size : 1);
	if (!q) {
		b->oom = 1;
		return NULL;
	}
	b->used += size;
	return q;
}

void budget_free(struct budget *b, void *p, size_t size)
{
	free(p);
	b->used -= size;
}

/* The first number in file path, scaled by mult; 0 if none ("max"). */
static unsigned long long read_number(const char *path, const char *key,
				      unsigned long long mult)
{
	char line[256];
	unsigned long long v = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (key && strncmp(line, key, strlen(key)) != 0)
			continue;
		if (sscanf(key ? line + strlen(key) : line, "%llu", &v) == 1)
			break;
		v = 0;
	}
	fclose(f);
	return v * mult;
}

/* The memory cgroup's limit (v2, or v1), or 0 for none or unknown. */
static unsigned long long cgroup_limit(void)
{
	char line[512], path[600];
	unsigned long long v = 0;
	FILE *f = fopen("/proc/self/cgroup", "r");

	while (f && !v && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (strncmp(line, "0::", 3) == 0) {
			snprintf(path, sizeof(path), "/sys/fs/cgroup%s/memory.max", line + 3);
			v = read_number(path, NULL, 1);
		} else if (strstr(line, ":memory:")) {
			snprintf(path, sizeof(path), "/sys/fs/cgroup/memory%s/memory.limit_in_bytes",
				 strstr(line, ":memory:") + 8);
			v = read_number(path, NULL, 1);
		}
	}
	if (f)
		fclose(f);
	if (!v)
		v = read_number("/sys/fs/cgroup/memory.max", NULL, 1);
	/* v1 says "no limit" with a number near 2^63. */
	return v >= 1ull << 60 ? 0 : v;
}

size_t budget_default_limit(void)
{
	unsigned long long mem = read_number("/proc/meminfo", "MemTotal:", 1024);
	unsigned long long cg = cgroup_limit();

	if (cg && (!mem || cg < mem))
		mem = cg;
	if (!mem)
		return (size_t)4 << 30;
	mem = mem / 4 * 3;
	return mem > (size_t)-1 ? (size_t)-1 : (size_t)mem;
}
