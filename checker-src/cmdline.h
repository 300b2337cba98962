/*
 * cmdline.h - the command line as given: options (options.h) and file
 * arguments, parsed the way getopt_long does, each number checked against
 * its one range, and every mistake an exit 2 with one line on stderr.
 */
#ifndef DAX_CMDLINE_H
#define DAX_CMDLINE_H

#include <stddef.h>
#include <stdio.h>

#include "options.h"

#define EXIT_OK		0
#define EXIT_VIOLATION	1
#define EXIT_USAGE	2
#define EXIT_INCOMPLETE	3

#define CMDLINE_MAX_FILES	256	/* file arguments of --matrix and --lint */

/* One row of options.h. */
struct cmdline_option {
	const char *name;
	const char *meta;		/* NULL: a flag */
	unsigned long long lo, hi;	/* a number's range; hi 0: no number */
	unsigned long long dflt;	/* a number's default, 0: none stated */
	const char *help;
};

extern const struct cmdline_option cmdline_options[NR_OPTIONS];

struct args {
	const char *value[NR_OPTIONS];	/* NULL: not given; "" for flags */
	const char *files[CMDLINE_MAX_FILES];	/* the arguments that are not options */
	int nfiles;
};

#ifdef __GNUC__
#define CMDLINE_PRINTF(a, b)	__attribute__((format(printf, a, b)))
#else
#define CMDLINE_PRINTF(a, b)
#endif

/* "checker: <message>" on stderr, and exit 2. */
_Noreturn void cmdline_error(const char *fmt, ...) CMDLINE_PRINTF(1, 2);

/*
 * Parse argv into a: --name=VALUE, --name VALUE (an option that needs a
 * value), --name (a flag), --name[=VALUE] (an optional value, after '='
 * only), a unique prefix of a name for the name, -h for --help, and "--"
 * before arguments that are files even if they start with '-'.  Exits 2
 * naming an unknown option (and the known ones a short edit away), an
 * ambiguous prefix, an option given twice, a missing or unwanted value.
 */
void cmdline_parse(int argc, char **argv, struct args *a);

/* Option id's number, in its range (options.h), or its default if it is
 * absent.  Exits 2 if it is not a number or out of range. */
unsigned long long cmdline_number(const struct args *a, int id);

/* Option id's size in bytes ("512M", "4G", "0"), or dflt if it is absent.
 * Exits 2 if it is no size or out of range. */
size_t cmdline_size(const struct args *a, int id, size_t dflt);

/*
 * The index of option id's value among names[0..n-1], or exit 2 listing
 * them (and those a short edit away), what naming them: "orders".
 */
int cmdline_choice(const struct args *a, int id, const char *const *names, int n,
		   const char *what);

/* The --help text, on f. */
void cmdline_help(FILE *f);

#endif
