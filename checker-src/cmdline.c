/*
 * cmdline.c - parsing the command line as getopt_long does, the ranges of
 * its numbers, and --help, all from the one table of options.h.
 *
 * Not getopt_long itself: it prints its own messages, and ours must name
 * what is wrong in this program's words, with the valid choices and the
 * names a short edit away ("did you mean").
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../model/scenario.h"
#include "budget.h"
#include "cmdline.h"
#include "suggest.h"

const struct cmdline_option cmdline_options[NR_OPTIONS] = {
#define X(id, name, meta, lo, hi, dflt, help) [OPT_##id] = { name, meta, lo, hi, dflt, help },
	OPTIONS(X)
#undef X
};

void cmdline_error(const char *fmt, ...)
{
	va_list ap;

	fputs("checker: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(EXIT_USAGE);
}

/* The option called name[0..len-1], or a unique prefix of one; exits 2
 * for an unknown or ambiguous one (arg is the whole argument). */
static int find_option(const char *arg, const char *name, size_t len)
{
	const char *names[NR_OPTIONS];
	char near[200], list[1024];
	int found = -1, prefixes = 0;
	size_t k = 0;

	for (int i = 0; i < NR_OPTIONS; i++) {
		names[i] = cmdline_options[i].name;
		if (strlen(names[i]) == len && strncmp(names[i], name, len) == 0)
			return i;
	}
	for (int i = 0; i < NR_OPTIONS; i++) {
		if (len == 0 || strncmp(names[i], name, len) != 0)
			continue;
		found = i;
		prefixes++;
		if (k < sizeof(list))
			k += (size_t)snprintf(list + k, sizeof(list) - k, "%s--%s",
					      prefixes > 1 ? ", " : "", names[i]);
	}
	if (prefixes == 1)
		return found;
	if (prefixes > 1)
		cmdline_error("option '%.*s' is ambiguous: %s", (int)(name - arg + len), arg, list);
	if (suggest_names(name, len, names, NR_OPTIONS, "--", near, sizeof(near)))
		cmdline_error("unknown option '%.*s'; did you mean %s? (try --help)",
			      (int)(name - arg + len), arg, near);
	cmdline_error("unknown option '%.*s' (try --help)", (int)(name - arg + len), arg);
}

/* A single-dash argument: -h, or a mistake (a long option with one dash). */
static void short_option(const char *arg, struct args *a)
{
	const char *names[NR_OPTIONS];
	char near[200];
	size_t len = strcspn(arg + 1, "=");

	if (strcmp(arg, "-h") == 0) {
		a->value[OPT_HELP] = "";
		return;
	}
	for (int i = 0; i < NR_OPTIONS; i++)
		names[i] = cmdline_options[i].name;
	/* The long option it names (as --NAME would, a unique prefix too). */
	for (int i = 0, n = 0; i < NR_OPTIONS; i++) {
		if (len < 2 || strncmp(names[i], arg + 1, len) != 0)
			continue;
		for (int k = 0; k < NR_OPTIONS; k++)
			n += strncmp(names[k], arg + 1, len) == 0;
		if (n == 1 || strlen(names[i]) == len)
			cmdline_error("unknown option '%.*s'; did you mean '--%s'? (long options "
				      "start with --)", (int)len + 1, arg, names[i]);
	}
	if (suggest_names(arg + 1, len, names, NR_OPTIONS, "--", near, sizeof(near)))
		cmdline_error("unknown option '%.*s'; did you mean %s? (long options start "
			      "with --)", (int)len + 1, arg, near);
	cmdline_error("unknown option '%.*s' (the one short option is -h; try --help)",
		      (int)len + 1, arg);
}

void cmdline_parse(int argc, char **argv, struct args *a)
{
	int files_only = 0;

	memset(a, 0, sizeof(*a));
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *eq, *value;
		const struct cmdline_option *o;
		size_t len;
		int id;

		if (files_only || arg[0] != '-' || !arg[1]) {
			if (a->nfiles == CMDLINE_MAX_FILES)
				cmdline_error("more than %d files", CMDLINE_MAX_FILES);
			a->files[a->nfiles++] = arg;
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			files_only = 1;
			continue;
		}
		if (arg[1] != '-') {
			short_option(arg, a);
			continue;
		}
		eq = strchr(arg, '=');
		len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
		id = find_option(arg, arg + 2, len);
		o = &cmdline_options[id];
		if (a->value[id])
			cmdline_error("--%s given twice", o->name);
		if (!o->meta && eq)
			cmdline_error("--%s takes no value", o->name);
		if (!o->meta || o->meta[0] == '[') {
			a->value[id] = eq ? eq + 1 : "";
			continue;
		}
		/* A value: after '=', or the next argument (not an option). */
		value = eq ? eq + 1 : i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0 ?
			argv[++i] : NULL;
		if (!value || !*value)
			cmdline_error("--%s needs a value: --%s=%s or --%s %s", o->name, o->name,
				      o->meta, o->name, o->meta);
		a->value[id] = value;
	}
}

/*
 * The decimal number s, in lo..hi, or exit 2 naming option id: "not a
 * number", "out of range lo..hi" (each followed by unit, for sizes).
 */
static unsigned long long decimal(const char *s, int id, unsigned long long lo,
				  unsigned long long hi, const char *unit, const char *shown)
{
	const struct cmdline_option *o = &cmdline_options[id];
	unsigned long long v = 0;

	if (!*s)
		cmdline_error("--%s=%s: not a number", o->name, shown);
	for (const char *p = s; *p; p++) {
		unsigned long long d = (unsigned long long)(*p - '0');

		if (*p < '0' || *p > '9')
			cmdline_error("--%s=%s: not a number", o->name, shown);
		if (v > (hi - d) / 10 || v * 10 + d > hi)
			cmdline_error("--%s=%s: out of range %llu%s..%llu%s", o->name, shown, lo,
				      unit, hi, unit);
		v = v * 10 + d;
	}
	if (v < lo)
		cmdline_error("--%s=%s: out of range %llu%s..%llu%s", o->name, shown, lo, unit,
			      hi, unit);
	return v;
}

unsigned long long cmdline_number(const struct args *a, int id)
{
	const struct cmdline_option *o = &cmdline_options[id];

	if (!a->value[id])
		return o->dflt;
	return decimal(a->value[id], id, o->lo, o->hi, "", a->value[id]);
}

size_t cmdline_size(const struct args *a, int id, size_t dflt)
{
	const struct cmdline_option *o = &cmdline_options[id];
	const char *s = a->value[id];
	char digits[32];
	size_t n, mult = 1;
	unsigned long long v;
	char unit[2] = "";

	if (!s)
		return dflt;
	n = strlen(s);
	if (n > 0 && strchr("kKmMgG", s[n - 1])) {
		mult = strchr("kK", s[n - 1]) ? 1ull << 10 : strchr("mM", s[n - 1]) ? 1ull << 20 :
		       1ull << 30;
		unit[0] = s[n - 1];
		n--;
	}
	if (n == 0 || n >= sizeof(digits) || strspn(s, "0123456789") != n)
		cmdline_error("--%s=%s: expected a size such as 512M or 4G", o->name, s);
	memcpy(digits, s, n);
	digits[n] = '\0';
	v = decimal(digits, id, o->lo / mult, o->hi / mult, unit, s);
	return (size_t)(v * mult);
}

int cmdline_choice(const struct args *a, int id, const char *const *names, int n,
		   const char *what)
{
	const char *s = a->value[id];
	char list[200], near[200];
	size_t k = 0;

	for (int i = 0; i < n; i++)
		if (strcmp(s, names[i]) == 0)
			return i;
	for (int i = 0; i < n && k < sizeof(list); i++)
		k += (size_t)snprintf(list + k, sizeof(list) - k, "%s%s", i ? ", " : "", names[i]);
	if (suggest_names(s, strlen(s), names, n, "", near, sizeof(near)))
		cmdline_error("--%s=%s: did you mean %s? valid %s: %s", cmdline_options[id].name,
			      s, near, what, list);
	cmdline_error("--%s=%s: valid %s: %s", cmdline_options[id].name, s, what, list);
}

/* Print text from column `indent`, wrapped at 79 columns; the first line
 * continues a line already at column `at`. */
static void wrap(FILE *f, const char *text, int at, int indent)
{
	const char *p = text;

	while (*p) {
		size_t word = strcspn(p, " ");

		if (at > indent && at + 1 + (int)word > 79) {
			fprintf(f, "\n%*s", indent, "");
			at = indent;
		} else if (at > indent) {
			fputc(' ', f);
			at++;
		}
		fprintf(f, "%.*s", (int)word, p);
		at += (int)word;
		p += word;
		while (*p == ' ')
			p++;
	}
	fputc('\n', f);
}

void cmdline_help(FILE *f)
{
	fprintf(f,
		"usage: ./checker [--strategy=NAME|FILE] [--scenario=NAME|FILE | --threads=N\n"
		"                 --pages=P --words=W] [--replay=SCHEDULE | --all-properties]\n"
		"                 [options]\n"
		"       ./checker --matrix [DIR | FILE...] | --twins | --concurrency\n"
		"                 [--strategy=NAME|FILE] [options]\n"
		"       ./checker --lint FILE... | --list [--json] | --help | --version\n\n"
		"Explores every interleaving of simulated threads faulting on a DAX file under a\n"
		"get_block strategy, and prints a shortest counterexample (a lost store, a stale\n"
		"read, a deadlock) or proves that none exists.\n\n");
	fprintf(f,
		"A scenario file (--scenario=FILE; README \"Scenario files\"), one item a line:\n"
		"  DAX NAME  \"what it shows\"  pages 1..%d  words 1..%d  [crash]  [platform no-adr]\n"
		"  [mmap sync]  [huge A-B]  [process 1: Tn ...]\n"
		"  T0..T%d: store P:W=V; load P:W; write P:W=V; punch P; fsync; persist P;\n"
		"          invalidate P; pmd:store P:W=V; pmd:load P:W  (%d ops, V 1..%d)\n"
		"  expect STRATEGY ok|PROPERTY   (optional: the verdict a strategy must give)\n\n",
		MAX_PAGES, MAX_WORDS, MAX_THREADS - 1, MAX_OPS, VAL_MAX);
	fprintf(f, "options (a value follows '=' or comes as the next argument):\n");
	for (int i = 0; i < NR_OPTIONS; i++) {
		const struct cmdline_option *o = &cmdline_options[i];
		char left[40], text[400];
		int n;

		if (!o->meta)
			n = snprintf(left, sizeof(left), "  --%s", o->name);
		else if (o->meta[0] == '[')
			n = snprintf(left, sizeof(left), "  --%s%s", o->name, o->meta);
		else
			n = snprintf(left, sizeof(left), "  --%s=%s", o->name, o->meta);
		if (o->hi && o->dflt)
			snprintf(text, sizeof(text), "%s (%llu..%llu, default %llu)", o->help, o->lo,
				 o->hi, o->dflt);
		else if (o->hi && i != OPT_MAX_MEMORY)
			snprintf(text, sizeof(text), "%s (%llu..%llu)", o->help, o->lo, o->hi);
		else if (i == OPT_MAX_MEMORY)
			snprintf(text, sizeof(text), "%s; here the default is %.1f GiB", o->help,
				 (double)budget_default_limit() / (1 << 30));
		else
			snprintf(text, sizeof(text), "%s", o->help);
		fputs(left, f);
		if (n > 23) {
			fprintf(f, "\n%*s", 25, "");
			n = 25;
		} else {
			fprintf(f, "%*s", 25 - n, "");
			n = 25;
		}
		wrap(f, text, n, 25);
	}
	fprintf(f, "\nexit status: 0 no violation (exhaustive; with --storage=hash-compact, unless\n"
		"             a state was missed, with the probability printed), 1 violation,\n"
		"             2 usage, input or output error, 3 incomplete (a limit, out of\n"
		"             memory or an interrupt stopped the search: no verdict)\n");
}
