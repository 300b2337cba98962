/*
 * scenario_parse.c - the scenario file format, in the spirit of the
 * kernel's litmus tests (tools/memory-model/litmus-tests):
 *
 *	DAX seed-race
 *	"Two threads store to different words of one unmapped page."
 *	pages 1
 *	words 2
 *	T0: store 0:0=1
 *	T1: store 0:1=2; load 0:0
 *	T2: punch 0
 *	expect dax-generic    lost-store
 *	expect fs-zero-inside ok
 *
 * A `DAX name` header, a quoted one-line description, the geometry, one
 * line per thread (T0, T1, ... in order; operations separated by `;`), and
 * the verdict expected of each strategy: `ok` or a property name.  A line
 * `crash` lets the power fail at any point (stale-after-crash, fsync-loss),
 * and `platform adr` or `platform no-adr` says whether a fence alone makes
 * write-backs durable (ADR, the default).  `mmap sync` maps the file
 * with mmap(MAP_SHARED_VALIDATE | MAP_SYNC) (v4.15): a strategy whose
 * file does not support it refuses the scenario, and a `persist P`
 * (pmem_persist of page P from user space) then acknowledges the
 * thread's stores to the page as fsync does.  `huge A-B` makes pages A..B
 * (2 to 4 of them) one huge page, the model's 2 MiB PMD, and an access
 * written `pmd:load P:W` or `pmd:store P:W=V` on it faults as a PMD fault
 * first; a `write` into it invalidates the 2 MiB entry (a strategy whose
 * write(2) does not say how refuses the scenario).  `process 1: T1 T2`
 * puts threads T1 and T2 in a second process mapping the same file, with
 * a page table of its own; the others run in process 0.  `#` starts a
 * comment.
 * Every error names the file and line and stops the parse: there is no
 * partial scenario.
 *
 * The shipped scenarios, built into the binary (model/shipped.h), are
 * parsed here too, line for line as a file is (scenario_shipped), so
 * that --scenario=seed-race works from any directory.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <dirent.h>
#include <stdlib.h>

#include "lineread.h"
#include "property.h"
#include "registry.h"
#include "scenario_parse.h"
#include "shipped.h"
#include "suggest.h"

struct parser {
	struct scenario *sc;
	const char *path;
	int line;
	char *err;
	size_t errlen;
	int have_header, have_doc;
	int pages_line, words_line;
	int crash_line, platform_line, mmap_line, huge_line;
	int process_line[MAX_THREADS];	/* the `process` line naming a thread */
	int pmd_line, no_huge_line;	/* the first PMD access; the first punch
					 * or invalidate, which a huge page cannot
					 * have (yet) */
	const char *no_huge_what;
};

static int fail(struct parser *P, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	n = (size_t)snprintf(P->err, P->errlen, "%s:%d: ", P->path, P->line);
	if (n < P->errlen) {
		va_start(ap, fmt);
		vsnprintf(P->err + n, P->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static char *skip_space(char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* Read a decimal number at *pp into *out.  Returns 0, or -1 (message set). */
static int number(struct parser *P, char **pp, const char *what, long *out)
{
	char *p = skip_space(*pp);
	long v = 0;
	int digits = 0;

	if (!isdigit((unsigned char)*p))
		return fail(P, "expected a number for %s, found '%.20s'", what, *p ? p : "end of line");
	while (isdigit((unsigned char)*p)) {
		if (++digits > 6)
			return fail(P, "number too large for %s", what);
		v = v * 10 + (*p++ - '0');
	}
	*pp = p;
	*out = v;
	return 0;
}

/* The next word of letters, digits and -_.+ at *pp, copied into buf. */
static int word(char **pp, char *buf, size_t len)
{
	char *p = skip_space(*pp);
	size_t n = 0;

	while (*p && (isalnum((unsigned char)*p) || strchr("-_.+", *p))) {
		if (n + 1 < len)
			buf[n] = *p;
		n++;
		p++;
	}
	buf[n < len ? n : len - 1] = '\0';
	*pp = p;
	return n >= len ? -1 : (int)n;
}

static int at_end(char *p)
{
	return *skip_space(p) == '\0';
}

static int parse_op(struct parser *P, char *text, struct op *op)
{
	struct scenario *sc = P->sc;
	char kind[16];
	char *p = skip_space(text);
	long page, w, v = 0;

	if (strncmp(p, "pmd:", 4) == 0) {
		op->pmd = 1;
		p += 4;
	}
	if (word(&p, kind, sizeof(kind)) <= 0)
		return fail(P, "expected an operation (store P:W=V, load P:W, punch P, fsync, "
			    "write P:W=V, persist P or invalidate P), found '%.20s'",
			    skip_space(text));
	if (strcmp(kind, "store") == 0)
		op->kind = OP_STORE;
	else if (strcmp(kind, "load") == 0)
		op->kind = OP_LOAD;
	else if (strcmp(kind, "punch") == 0)
		op->kind = OP_PUNCH;
	else if (strcmp(kind, "fsync") == 0)
		op->kind = OP_FSYNC;
	else if (strcmp(kind, "write") == 0)
		op->kind = OP_WRITE;
	else if (strcmp(kind, "persist") == 0)
		op->kind = OP_PERSIST;
	else if (strcmp(kind, "invalidate") == 0)
		op->kind = OP_INVALIDATE;
	else
		return fail(P, "unknown operation '%s' (expected store, load, punch, fsync, write, "
			    "persist or invalidate)", kind);
	if (op->kind == OP_LOAD && sc->map_sync)
		return fail(P, "load in a MAP_SYNC scenario: not modelled (a read fault maps a "
			    "block read-only and the first store faults again, pfn_mkwrite; the "
			    "model's PTE to a block is writable)");
	if (op->pmd && op->kind != OP_STORE && op->kind != OP_LOAD)
		return fail(P, "pmd:%s: only a load or a store faults as a PMD fault", kind);
	if (op->pmd && !P->pmd_line)
		P->pmd_line = P->line;
	/* write(2) may: a strategy says how it invalidates the 2 MiB entry or
	 * refuses the scenario (strategy_runs, STRATEGY_NO_HUGE_WRITE) */
	if ((op->kind == OP_PUNCH || op->kind == OP_INVALIDATE) && !P->no_huge_line) {
		P->no_huge_line = P->line;
		P->no_huge_what = op->kind == OP_PUNCH ? "punch" : "invalidate";
	}
	if (op->kind == OP_INVALIDATE)
		sc->entries = 1;
	if (op->kind == OP_FSYNC) {
		if (!at_end(p))
			return fail(P, "unexpected '%.20s' after fsync (fsync takes nothing: "
				    "it syncs the whole file)", skip_space(p));
		return 0;
	}
	if (number(P, &p, "the page", &page))
		return -1;
	if (op->kind == OP_PUNCH || op->kind == OP_PERSIST || op->kind == OP_INVALIDATE) {
		if (!at_end(p))
			return fail(P, "unexpected '%.20s' after %s %ld (%s takes a page)",
				    skip_space(p), kind, page, kind);
		if (page >= sc->pages)
			return fail(P, "page %ld out of range: the file has %d page%s (0..%d)",
				    page, sc->pages, sc->pages == 1 ? "" : "s", sc->pages - 1);
		op->page = (uint8_t)page;
		return 0;
	}
	p = skip_space(p);
	if (*p++ != ':')
		return fail(P, "expected ':' between page and word, as in %s 0:1", kind);
	if (number(P, &p, "the word", &w))
		return -1;
	if (op->kind == OP_STORE || op->kind == OP_WRITE) {
		p = skip_space(p);
		if (*p++ != '=')
			return fail(P, "expected '= value' after %s %ld:%ld", kind, page, w);
		if (number(P, &p, "the value", &v))
			return -1;
	}
	if (!at_end(p))
		return fail(P, "unexpected '%.20s' after %s", skip_space(p), kind);
	if (page >= sc->pages)
		return fail(P, "page %ld out of range: the file has %d page%s (0..%d)",
			    page, sc->pages, sc->pages == 1 ? "" : "s", sc->pages - 1);
	if (w >= sc->words)
		return fail(P, "word %ld out of range: a page has %d word%s (0..%d)",
			    w, sc->words, sc->words == 1 ? "" : "s", sc->words - 1);
	if ((op->kind == OP_STORE || op->kind == OP_WRITE) && (v < 1 || v > VAL_MAX))
		return fail(P, "value %ld out of range 1..%d (0 is what zeroing writes)", v, VAL_MAX);
	op->page = (uint8_t)page;
	op->word = (uint8_t)w;
	op->value = (uint8_t)v;
	return 0;
}

/* "Tn: access; access; ..." with p just past the 'T'. */
static int parse_thread(struct parser *P, char *p)
{
	struct scenario *sc = P->sc;
	struct program *prog;
	long n;
	char *q;

	if (!P->pages_line || !P->words_line)
		return fail(P, "threads must come after the 'pages' and 'words' lines");
	if (number(P, &p, "the thread", &n))
		return -1;
	if (*p != ':')
		return fail(P, "expected ':' after T%ld", n);
	if (n >= MAX_THREADS)
		return fail(P, "T%ld: too many threads (at most %d, T0..T%d)", n,
			    MAX_THREADS, MAX_THREADS - 1);
	if (n < sc->nthreads)
		return fail(P, "T%ld defined twice", n);
	if (n > sc->nthreads)
		return fail(P, "T%ld before T%d: threads are numbered in order from T0",
			    n, sc->nthreads);
	prog = &sc->prog[sc->nthreads];
	for (p = p + 1;; p = q + 1) {
		q = strchr(p, ';');
		if (q)
			*q = '\0';
		if (at_end(p) && !q && prog->nops > 0)
			break;		/* a trailing ';' */
		if (prog->nops == MAX_OPS)
			return fail(P, "T%ld: too many accesses (at most %d)", n, MAX_OPS);
		if (at_end(p))
			return fail(P, "T%ld: empty access", n);
		if (parse_op(P, p, &prog->ops[prog->nops]))
			return -1;
		prog->nops++;
		if (!q)
			break;
	}
	sc->nthreads++;
	return 0;
}

static int parse_geometry(struct parser *P, char *p, const char *what, int max,
			  int *field, int *seen_line)
{
	long v;

	if (*seen_line)
		return fail(P, "'%s' given twice (first at line %d)", what, *seen_line);
	if (P->sc->nthreads)
		return fail(P, "'%s' must come before the threads", what);
	if (number(P, &p, what, &v))
		return -1;
	if (!at_end(p))
		return fail(P, "unexpected '%.20s' after %s", skip_space(p), what);
	if (v < 1 || v > max)
		return fail(P, "%s %ld out of range 1..%d", what, v, max);
	*field = (int)v;
	*seen_line = P->line;
	return 0;
}

static int parse_expect(struct parser *P, char *p)
{
	struct scenario *sc = P->sc;
	struct expectation *x;
	char strategy[32], verdict[32], names[512], props[256];
	size_t n = 0;
	const char *prev;

	if (word(&p, strategy, sizeof(strategy)) <= 0)
		return fail(P, "expect: missing strategy name");
	if (!strategy_find(strategy)) {
		strategy_names(names, sizeof(names));
		return fail(P, "expect: unknown strategy '%s' (valid: %s)", strategy, names);
	}
	props[0] = '\0';
	for (int i = 0; i < property_count && n < sizeof(props); i++)
		n += (size_t)snprintf(props + n, sizeof(props) - n, "%s%s", i ? ", " : "",
				      property_all[i]->name);
	if (word(&p, verdict, sizeof(verdict)) <= 0)
		return fail(P, "expect %s: missing verdict (ok, or a property: %s)", strategy, props);
	if (strcmp(verdict, "ok") != 0 && !property_find(verdict))
		return fail(P, "expect %s: unknown verdict '%s' (ok, or a property: %s)",
			    strategy, verdict, props);
	if (!at_end(p))
		return fail(P, "unexpected '%.20s' after the verdict", skip_space(p));
	prev = scenario_expected(sc, strategy);
	if (prev) {
		for (int i = 0; i < sc->nexpect; i++)
			if (strcmp(sc->expect[i].strategy, strategy) == 0)
				return fail(P, "second expect for %s (first at line %d)",
					    strategy, sc->expect[i].line);
	}
	if (sc->nexpect == MAX_EXPECT)
		return fail(P, "too many expect lines (at most %d)", MAX_EXPECT);
	x = &sc->expect[sc->nexpect++];
	snprintf(x->strategy, sizeof(x->strategy), "%s", strategy);
	snprintf(x->verdict, sizeof(x->verdict), "%s", verdict);
	x->line = P->line;
	return 0;
}

/* "crash": the power may fail at any point of any interleaving. */
static int parse_crash(struct parser *P, char *p)
{
	if (!at_end(p))
		return fail(P, "unexpected '%.20s' after crash (it takes nothing)", skip_space(p));
	if (P->crash_line)
		return fail(P, "second crash line (first at line %d)", P->crash_line);
	P->crash_line = P->line;
	P->sc->crash = 1;
	return 0;
}

/* "huge A-B": pages A..B are one huge page (the model's PMD). */
static int parse_huge(struct parser *P, char *p)
{
	long a, b;

	if (P->huge_line)
		return fail(P, "second huge line (first at line %d): the model has one huge page",
			    P->huge_line);
	if (number(P, &p, "the huge page's first page", &a))
		return -1;
	p = skip_space(p);
	if (*p++ != '-')
		return fail(P, "huge: expected FIRST-LAST, as in huge 0-1");
	if (number(P, &p, "the huge page's last page", &b))
		return -1;
	if (!at_end(p))
		return fail(P, "unexpected '%.20s' after huge %ld-%ld", skip_space(p), a, b);
	if (b - a + 1 < 2 || b - a + 1 > 4)
		return fail(P, "huge %ld-%ld: a huge page is 2 to 4 pages (they stand for the 512 "
			    "of a 2 MiB PMD)", a, b);
	P->huge_line = P->line;
	P->sc->huge_first = (int)a;
	P->sc->huge_pages = (int)(b - a + 1);
	return 0;
}

/* "process N: Tn Tm ...": those threads run in process N (0..MAX_MMS-1),
 * which has its own page table.  Checked against the threads at the end
 * of the file (check_processes). */
static int parse_process(struct parser *P, char *p)
{
	struct scenario *sc = P->sc;
	long n, t;
	int named = 0;

	if (number(P, &p, "the process", &n))
		return -1;
	if (n >= MAX_MMS)
		return fail(P, "process %ld: the model has processes 0..%d (process 0 runs every "
			    "thread no process line names)", n, MAX_MMS - 1);
	p = skip_space(p);
	if (*p++ != ':')
		return fail(P, "expected ':' after process %ld, as in process 1: T1", n);
	for (;;) {
		p = skip_space(p);
		if (!*p)
			break;
		if (*p++ != 'T')
			return fail(P, "process %ld: expected a thread (T0, T1, ...), found '%.20s'",
				    n, p - 1);
		if (number(P, &p, "the thread", &t))
			return -1;
		if (t >= MAX_THREADS)
			return fail(P, "process %ld: T%ld: there are at most %d threads (T0..T%d)",
				    n, t, MAX_THREADS, MAX_THREADS - 1);
		if (P->process_line[t])
			return fail(P, "process %ld: T%ld is already in a process (line %d)", n, t,
				    P->process_line[t]);
		P->process_line[t] = P->line;
		sc->mm[t] = (uint8_t)n;
		if (sc->nmm <= n)
			sc->nmm = (int)n + 1;
		named++;
	}
	if (!named)
		return fail(P, "process %ld: names no thread (as in process 1: T1)", n);
	return 0;
}

/* Every thread a process line names exists.  Returns 0, or -1 (message
 * set). */
static int check_processes(struct parser *P)
{
	for (int t = P->sc->nthreads; t < MAX_THREADS; t++) {
		if (!P->process_line[t])
			continue;
		P->line = P->process_line[t];
		return fail(P, "process %u: T%d: the scenario has no such thread (T0..T%d)",
			    P->sc->mm[t], t, P->sc->nthreads - 1);
	}
	return 0;
}

/* "mmap sync": the mapping is MAP_SHARED_VALIDATE | MAP_SYNC.  Before the
 * threads, so that a load among them is refused at its line. */
static int parse_mmap(struct parser *P, char *p)
{
	char name[16];

	if (word(&p, name, sizeof(name)) <= 0 || !at_end(p) || strcmp(name, "sync") != 0)
		return fail(P, "mmap: expected sync (mmap(MAP_SHARED_VALIDATE | MAP_SYNC); "
			    "without the line the mapping is MAP_SHARED)");
	if (P->mmap_line)
		return fail(P, "second mmap line (first at line %d)", P->mmap_line);
	if (P->sc->nthreads > 0)
		return fail(P, "mmap sync must come before the threads");
	P->mmap_line = P->line;
	P->sc->map_sync = 1;
	return 0;
}

/* "platform adr" or "platform no-adr". */
static int parse_platform(struct parser *P, char *p)
{
	char name[16];

	if (word(&p, name, sizeof(name)) <= 0 || !at_end(p) ||
	    (strcmp(name, "adr") != 0 && strcmp(name, "no-adr") != 0))
		return fail(P, "platform: expected adr (write-pending queues survive a power "
			    "failure) or no-adr (only pcommit makes a write durable)");
	if (P->platform_line)
		return fail(P, "second platform line (first at line %d)", P->platform_line);
	P->platform_line = P->line;
	P->sc->no_adr = strcmp(name, "no-adr") == 0;
	return 0;
}

static int parse_line(struct parser *P, char *line)
{
	struct scenario *sc = P->sc;
	char *p = skip_space(line);
	char key[16];

	if (!P->have_header) {
		if (word(&p, key, sizeof(key)) < 0 || strcmp(key, "DAX") != 0)
			return fail(P, "expected the header 'DAX <name>'");
		if (word(&p, sc->name, sizeof(sc->name)) <= 0)
			return fail(P, "header: missing or overlong scenario name (letters, digits, -_.+)");
		if (!at_end(p))
			return fail(P, "header: unexpected '%.20s' after the name", skip_space(p));
		P->have_header = 1;
		return 0;
	}
	if (!P->have_doc) {
		char *end = strrchr(p, '"');

		if (*p != '"' || end == p)
			return fail(P, "expected a one-line description in double quotes after the header");
		if (!at_end(end + 1))
			return fail(P, "unexpected '%.20s' after the description", skip_space(end + 1));
		*end = '\0';
		snprintf(sc->doc, sizeof(sc->doc), "%s", p + 1);
		P->have_doc = 1;
		return 0;
	}
	if (*p == 'T' && isdigit((unsigned char)p[1]))
		return parse_thread(P, p + 1);
	if (word(&p, key, sizeof(key)) < 0)
		return fail(P, "unknown line (expected pages, words, crash, platform, mmap, huge, "
			    "process, T<n>:, expect)");
	if (strcmp(key, "pages") == 0)
		return parse_geometry(P, p, "pages", MAX_PAGES, &sc->pages, &P->pages_line);
	if (strcmp(key, "words") == 0)
		return parse_geometry(P, p, "words", MAX_WORDS, &sc->words, &P->words_line);
	if (strcmp(key, "expect") == 0)
		return parse_expect(P, p);
	if (strcmp(key, "crash") == 0)
		return parse_crash(P, p);
	if (strcmp(key, "platform") == 0)
		return parse_platform(P, p);
	if (strcmp(key, "mmap") == 0)
		return parse_mmap(P, p);
	if (strcmp(key, "huge") == 0)
		return parse_huge(P, p);
	if (strcmp(key, "process") == 0)
		return parse_process(P, p);
	return fail(P, "unknown line '%.20s' (expected pages, words, crash, platform, mmap, huge, "
		    "process, T<n>:, expect)", skip_space(line));
}

/*
 * Strip the comment and the line ending; reject bytes a text file should
 * not hold.  Returns 0, or -1 (message set).
 */
static int clean_line(struct parser *P, char *buf, size_t n)
{
	int in_quote = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (c == '\n' || (c == '\r' && i + 2 >= n)) {
			buf[i] = '\0';
			break;
		}
		if (c == '"')
			in_quote = !in_quote;
		if (c == '#' && !in_quote) {
			buf[i] = '\0';
			break;
		}
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return fail(P, "binary data: byte 0x%02x in a text file", c);
	}
	return 0;
}

/* The huge page fits the file, PMD accesses are on it, and nothing the
 * model does not yet do with a huge page is asked of it.  Returns 0, or -1
 * (message set). */
static int check_huge(struct parser *P)
{
	struct scenario *sc = P->sc;

	if (P->huge_line) {
		P->line = P->huge_line;
		if (sc->huge_first + sc->huge_pages > sc->pages)
			return fail(P, "huge %d-%d: the file has %d page%s (0..%d)", sc->huge_first,
				    sc->huge_first + sc->huge_pages - 1, sc->pages,
				    sc->pages == 1 ? "" : "s", sc->pages - 1);
		if (P->no_huge_line) {
			P->line = P->no_huge_line;
			return fail(P, "%s in a scenario with a huge page: not modelled (it would "
				    "have to split the PMD)", P->no_huge_what);
		}
	}
	for (int t = 0; t < sc->nthreads; t++) {
		for (int i = 0; i < sc->prog[t].nops; i++) {
			const struct op *op = &sc->prog[t].ops[i];

			if (!op->pmd || scenario_in_huge(sc, op->page))
				continue;
			P->line = P->pmd_line;
			if (!sc->huge_pages)
				return fail(P, "T%d: pmd:%s on page %u, and the scenario has no huge "
					    "page (add a line 'huge A-B')", t,
					    op->kind == OP_STORE ? "store" : "load", op->page);
			return fail(P, "T%d: pmd:%s on page %u, outside the huge page %d-%d", t,
				    op->kind == OP_STORE ? "store" : "load", op->page,
				    sc->huge_first, sc->huge_first + sc->huge_pages - 1);
		}
	}
	return 0;
}

/* Parse the lines of r into P->sc.  Returns 0, or -1 (message set). */
static int parse_lines(struct parser *P, struct lineread *r)
{
	char buf[LINEREAD_MAX + 1];
	int n;

	while ((n = lineread_next(r, buf)) > 0) {
		P->line = r->line;
		if (clean_line(P, buf, (size_t)n) || (!at_end(buf) && parse_line(P, buf)))
			return -1;
	}
	P->line = r->line;
	if (n == LINEREAD_LONG)
		return fail(P, "line longer than %d bytes", LINEREAD_MAX - 1);
	if (n == LINEREAD_ERROR) {
		snprintf(P->err, P->errlen, "%s: read error", P->path);
		return -1;
	}
	if (P->line == 0) {
		P->line = 1;
		return fail(P, "empty file: expected the header 'DAX <name>'");
	}
	if (!P->have_header)
		return fail(P, "no header 'DAX <name>' before the end of the file");
	if (!P->have_doc)
		return fail(P, "file ends before the quoted description line");
	if (!P->pages_line || !P->words_line)
		return fail(P, "file ends without a '%s' line", P->pages_line ? "words" : "pages");
	if (P->sc->nthreads == 0)
		return fail(P, "file ends without any thread (T0: ...)");
	return check_processes(P) || check_huge(P) ? -1 : 0;
}

int scenario_parse(struct scenario *sc, const char *path, char *err, size_t errlen)
{
	struct parser P = { .sc = sc, .path = path, .err = err, .errlen = errlen };
	struct lineread r;
	FILE *f;
	int rc;

	memset(sc, 0, sizeof(*sc));
	sc->nmm = 1;
	snprintf(sc->path, sizeof(sc->path), "%s", path);
	f = fopen(path, "rb");
	if (!f) {
		int e = errno;

		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(e));
		return e == ENOMEM ? SCENARIO_NOMEM : -1;
	}
	if (lineread_is_dir(f)) {
		snprintf(err, errlen, "%s: is a directory, not a scenario file (--matrix DIR "
			 "runs the *.dax files of a directory)", path);
		fclose(f);
		return -1;
	}
	lineread_file(&r, f);
	rc = parse_lines(&P, &r);
	fclose(f);
	return rc;
}

int scenario_shipped(struct scenario *sc, int i, char *err, size_t errlen)
{
	const struct shipped_file *s = &shipped_scenarios[i];
	struct parser P = { .sc = sc, .path = s->path, .err = err, .errlen = errlen };
	struct lineread r;

	memset(sc, 0, sizeof(*sc));
	sc->nmm = 1;
	snprintf(sc->path, sizeof(sc->path), "%s", s->path);
	lineread_text(&r, s->text, s->len);
	return parse_lines(&P, &r);
}


int scenario_is_path(const char *arg)
{
	size_t n = strlen(arg);

	return strchr(arg, '/') || (n >= 4 && strcmp(arg + n - 4, ".dax") == 0);
}

#define MAX_SHIPPED	64	/* shipped scenarios a suggestion looks at */

/* "did you mean 'x'? " for a shipped scenario's name a short edit away
 * from arg, into buf; or "". */
static const char *scenario_near(const char *arg, char *buf, size_t len)
{
	char names[MAX_SHIPPED][SCENARIO_NAME_MAX], near[200];
	const char *v[MAX_SHIPPED];
	int n = 0;

	for (int i = 0; i < shipped_scenarios_count && n < MAX_SHIPPED; i++) {
		const char *b = strrchr(shipped_scenarios[i].path, '/');

		b = b ? b + 1 : shipped_scenarios[i].path;
		snprintf(names[n], sizeof(names[n]), "%.*s", (int)strcspn(b, "."), b);
		v[n] = names[n];
		n++;
	}
	buf[0] = '\0';
	if (suggest_names(arg, strlen(arg), v, n, "", near, sizeof(near)))
		snprintf(buf, len, "did you mean %s? ", near);
	return buf;
}

int scenario_load(struct scenario *sc, const char *arg, char *err, size_t errlen)
{
	char names[1024], near[256];
	int i;

	if (scenario_is_path(arg))
		return scenario_parse(sc, arg, err, errlen);
	i = scenario_shipped_find(arg);
	if (i >= 0)
		return scenario_shipped(sc, i, err, errlen);
	scenario_shipped_names(names, sizeof(names));
	snprintf(err, errlen, "unknown scenario '%.64s'; %sshipped scenarios: %s (or a file: "
		 "a path with a '/' or ending in .dax)", arg, scenario_near(arg, near, sizeof(near)),
		 names);
	return -1;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int scenario_files(const char *dir, char **names, int max)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (!d)
		return errno == ENOMEM ? SCENARIO_NOMEM : -1;
	while ((de = readdir(d)) && n < max) {
		size_t l = strlen(de->d_name);
		char *copy;

		if (l <= 4 || strcmp(de->d_name + l - 4, ".dax") != 0)
			continue;
		copy = malloc(l + 1);
		if (!copy) {
			/* Fewer columns would be a wrong matrix: none at all. */
			while (n > 0)
				free(names[--n]);
			closedir(d);
			return SCENARIO_NOMEM;
		}
		memcpy(copy, de->d_name, l + 1);
		names[n++] = copy;
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof(names[0]), compare_names);
	return n;
}
