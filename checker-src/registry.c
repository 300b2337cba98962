/*
 * registry.c - every strategy the checker knows: the shipped files
 * (model/strategies/NAME.strategy, built into the binary) in the order of
 * their `order` lines, then a file a user loaded with --strategy=FILE.
 *
 * Adding a strategy is adding a file to this directory: the build embeds
 * it (scripts/embed.py), and it is parsed here by the parser and
 * validation a user's file goes through.  The parsed strategies live in
 * static storage: loading them cannot run out of memory.
 *
 * A search of one shipped strategy by name parses that file alone
 * (strategy_find before strategy_init): validating every shipped file was
 * half the time of a small run.  Whatever lists or counts the strategies
 * (--list, sweeps, the twins, the tests) parses them all first, so a
 * malformed shipped file is still reported by those, and by any run that
 * asks for it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "shipped.h"
#include "strategy_file.h"

static struct strategy_file files[STRATEGY_MAX_FILES];
static const struct strategy_file *order[STRATEGY_MAX_FILES];	/* as listed */
static int nfiles, nshipped, loaded;
static unsigned char parsed[STRATEGY_MAX_FILES];	/* shipped file i is in files[i] */

/* Insert shipped file i into order[0..i-1]: by `order`, then by name. */
static void place(int i)
{
	const struct strategy_file *f = &files[i];
	int j = i;

	while (j > 0 && (order[j - 1]->order > f->order ||
			 (order[j - 1]->order == f->order &&
			  strcmp(order[j - 1]->st.name, f->st.name) > 0))) {
		order[j] = order[j - 1];
		j--;
	}
	order[j] = f;
}

/* The base name of shipped file i's path: "NAME.strategy". */
static const char *shipped_base(int i)
{
	const char *b = strrchr(shipped_strategies[i].path, '/');

	return b ? b + 1 : shipped_strategies[i].path;
}

/* Parse shipped file i into files[i], unless that is done.  Returns 0, or
 * -1 with "file:line: what" in err. */
static int parse_shipped(int i, char *err, size_t errlen)
{
	const struct shipped_file *s = &shipped_strategies[i];
	struct strategy_file *f = &files[i];
	const char *b = shipped_base(i);
	size_t n;

	if (parsed[i])
		return 0;
	if (strategy_parse_text(f, s->path, s->text, s->len, err, errlen))
		return -1;
	/* The file's name is its strategy's: model/strategies/NAME.strategy. */
	n = strlen(f->st.name);
	if (strncmp(b, f->st.name, n) != 0 || strcmp(b + n, ".strategy") != 0) {
		snprintf(err, errlen, "%s:%d: strategy %s: a shipped file is named "
			 "after its strategy, NAME.strategy", s->path, f->name_line,
			 f->st.name);
		return -1;
	}
	f->shipped = 1;
	parsed[i] = 1;
	return 0;
}

/* Too many shipped files for files[] (a build defect): 0 if not, else -1
 * with the message in err. */
static int too_many(char *err, size_t errlen)
{
	if (shipped_strategies_count <= STRATEGY_MAX_FILES - 1)
		return 0;
	snprintf(err, errlen, "%d shipped strategies: at most %d (STRATEGY_MAX_FILES)",
		 shipped_strategies_count, STRATEGY_MAX_FILES - 1);
	return -1;
}

int strategy_init(char *err, size_t errlen)
{
	if (loaded)
		return 0;
	if (too_many(err, errlen))
		return -1;
	for (int i = 0; i < shipped_strategies_count; i++) {
		if (parse_shipped(i, err, errlen))
			return -1;
		place(i);
	}
	nfiles = nshipped = shipped_strategies_count;
	loaded = 1;
	return 0;
}

/* A malformed shipped file (a build defect): exit 2. */
static void internal_error(const char *err)
{
	fprintf(stderr, "checker: internal error: %s\n", err);
	exit(2);
}

/* The lazy start of every other call: a unit test need not call init. */
static void need_init(void)
{
	char err[1024];

	if (!loaded && strategy_init(err, sizeof(err)))
		internal_error(err);
}

/* Before strategy_init: the shipped strategy called name, from its own
 * file (NAME.strategy, the one file that can define it), parsed alone;
 * NULL if no shipped file is called so.  Exits 2 if that file is
 * malformed, as strategy_init() would have. */
static const struct strategy *find_one(const char *name)
{
	char err[1024];
	size_t n = strlen(name);

	for (int i = 0; i < shipped_strategies_count; i++) {
		const char *b = shipped_base(i);

		if (strncmp(b, name, n) != 0 || strcmp(b + n, ".strategy") != 0)
			continue;
		if (too_many(err, sizeof(err)) || parse_shipped(i, err, sizeof(err)))
			internal_error(err);
		return &files[i].st;
	}
	return NULL;
}

int strategy_count(void)
{
	need_init();
	return nfiles;
}

const struct strategy *strategy_get(int i)
{
	need_init();
	return i >= 0 && i < nfiles ? &order[i]->st : NULL;
}

const struct strategy *strategy_find(const char *name)
{
	const struct strategy *st;

	if (!loaded && (st = find_one(name)))
		return st;
	need_init();
	for (int i = 0; i < nfiles; i++)
		if (strcmp(order[i]->st.name, name) == 0)
			return &order[i]->st;
	return NULL;
}

void strategy_names(char *buf, size_t len)
{
	size_t n = 0;

	need_init();
	buf[0] = '\0';
	for (int i = 0; i < nshipped && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? ", " : "",
				      order[i]->st.name);
}

const struct strategy *strategy_load(const char *path, char *err, size_t errlen, int *nomem)
{
	struct strategy_file *f;
	int rc;

	need_init();
	*nomem = 0;
	if (nfiles == STRATEGY_MAX_FILES) {
		snprintf(err, errlen, "%s: too many strategies loaded (at most %d)", path,
			 STRATEGY_MAX_FILES);
		return NULL;
	}
	f = &files[nfiles];
	rc = strategy_parse_file(f, path, err, errlen);
	if (rc) {
		*nomem = rc == STRATEGY_NOMEM;
		return NULL;
	}
	order[nfiles++] = f;
	return &f->st;
}

int strategy_is_path(const char *arg)
{
	size_t n = strlen(arg);

	return strchr(arg, '/') || (n >= 9 && strcmp(arg + n - 9, ".strategy") == 0);
}
