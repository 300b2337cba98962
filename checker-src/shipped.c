/*
 * shipped.c - the names of the files built into the binary (shipped.h),
 * without parsing them: what a parser looks up to check a name another
 * file gives.
 */
#include <stdio.h>
#include <string.h>

#include "shipped.h"

int scenario_shipped_count(void)
{
	return shipped_scenarios_count;
}

/* Returns 1 if path's last component is name followed by ".dax". */
static int is_file_of(const char *path, const char *name)
{
	const char *b = strrchr(path, '/');
	size_t n = strlen(name);

	b = b ? b + 1 : path;
	return strncmp(b, name, n) == 0 && strcmp(b + n, ".dax") == 0;
}

int scenario_shipped_find(const char *name)
{
	for (int i = 0; i < shipped_scenarios_count; i++)
		if (is_file_of(shipped_scenarios[i].path, name))
			return i;
	return -1;
}

void scenario_shipped_names(char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < shipped_scenarios_count && n < len; i++) {
		const char *b = strrchr(shipped_scenarios[i].path, '/');
		size_t l;

		b = b ? b + 1 : shipped_scenarios[i].path;
		l = strlen(b) - 4;	/* ".dax" */
		n += (size_t)snprintf(buf + n, len - n, "%s%.*s", i ? ", " : "", (int)l, b);
	}
}
