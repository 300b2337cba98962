/*
 * strategy_parse.c - the strategy file format: a get_block strategy as a
 * kernel developer writes it, line by line, as a litmus test is written.
 *
 *	strategy dax-generic
 *	summary  generic DAX code zeroes a BH_New block after get_block
 *	source   Linux v4.2 fs/dax.c __dax_fault; ext4_punch_hole
 *	order    10
 *	lock i_mmap_rwsem rwsem inode
 *	fault
 *		LOOKUP:  get_block(create=0)  get_block                     -> CREATE
 *		CREATE:  get_block(create=1)  get_block_create  if write, hole -> INSERT else return
 *		INSERT:  vm_insert_mixed      insert_pfn                    -> return
 *	punch
 *		UNMAP:   truncate_pagecache_range  unmap(i_mmap_rwsem)      -> REMOVE
 *		REMOVE:  ext4_ext_remove_space     free_block               -> return
 *	fsync
 *		FORCE:   jbd2_complete_transaction log_force                -> return
 *	write
 *		BEGIN:   ext4_iomap_begin     get_block_create              -> COPY
 *		COPY:    copy_from_iter_pmem  copy                          -> return
 *	expect seed-race lost-store
 *	twin no-i-mmap-lock seed-race lost-store
 *		mutation __dax_fault without i_mmap_lock_write
 *		drop-lock fault i_mmap_rwsem
 *
 * A step is `LABEL: NAME PRIMITIVE[(ARG)] [if COND, ...] -> NEXT [else
 * SKIP]`: its label, its kernel name, the shared primitive it runs
 * (model/strategy.h) with its lock or argument, the conditions on the
 * thread's own locals under which it runs, the step after it, and the
 * step a thread whose conditions do not hold goes to instead (without
 * `else`, the same as NEXT).  `return` leaves the handler.  A handler is
 * entered at its first step.  The fault and punch handlers are required;
 * without an fsync handler, fsync(2) makes nothing durable; without a
 * write handler, a scenario with write(2) is refused (strategy_runs), and
 * without a pmd_fault handler one with a PMD fault (`pmd:`).  A pmd_fault
 * step may go to `fallback`: VM_FAULT_FALLBACK, the fault handler.
 * The line `mmap_supported_flags MAP_SYNC` says the filesystem's
 * file_operations accept MAP_SYNC (v4.15); without it a scenario with
 * `mmap sync` is refused, as mmap() refuses it.
 * `#` starts a comment.
 *
 * Every error names the file and line and stops the parse: there is no
 * partial strategy.  A file that parses is then checked as a table
 * (strategy_validate), and that is the whole of what a shipped file and a
 * user's --strategy=FILE go through before a search.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../model/prim.h"
#include "lineread.h"
#include "property.h"
#include "registry.h"
#include "scenario_parse.h"
#include "strategy_file.h"

#define LABEL_MAX	32
#define STEP_NAME_MAX	48
#define TEXT_MAX	240	/* summary, source, mutation, reasons */

static const struct {
	const char *name;
	unsigned bit;
} conds[] = {
	{ "hole", WHEN_HOLE }, { "mapped", WHEN_MAPPED }, { "new", WHEN_NEW },
	{ "zeroing", WHEN_ZEROING }, { "write", WHEN_WRITE }, { "read", WHEN_READ },
	{ "unwritten", WHEN_UNWRITTEN }, { "page", WHEN_PAGE }, { "nopage", WHEN_NOPAGE },
	{ "dsync", WHEN_DSYNC }, { "nodsync", WHEN_NODSYNC },
	{ "busy", WHEN_BUSY }, { "clear", WHEN_CLEAR },
};

static const struct {
	const char *name;
	enum prim_arg kind;
	int value;
} arg_words[] = {
	{ "written", PRIM_ARG_EXTENT, GB_WRITTEN }, { "unwritten", PRIM_ARG_EXTENT, GB_UNWRITTEN },
	{ "clear_new", PRIM_ARG_NEW, MAP_CLEAR_NEW }, { "keep_new", PRIM_ARG_NEW, MAP_KEEP_NEW },
	{ "pte_same", PRIM_ARG_PTE_SAME, HOLE_PTE_SAME },
	{ "no_pte_same", PRIM_ARG_PTE_SAME, HOLE_NO_PTE_SAME },
	{ "wake_all", PRIM_ARG_PTE_SAME, HOLE_WAKE_ALL },
	{ "none", PRIM_ARG_LOCK_OR_NONE, LOCK_NONE },
	{ "pte", PRIM_ARG_SIZE, ENTRY_PTE }, { "pmd", PRIM_ARG_SIZE, ENTRY_PMD },
	{ "table", PRIM_ARG_PMDC, PMDC_TABLE }, { "leaf", PRIM_ARG_PMDC, PMDC_LEAF },
	{ "split", PRIM_ARG_PMDC, PMDC_SPLIT },
	{ "wake_next", PRIM_ARG_WAKE, INVAL_WAKE_NEXT }, { "wake_all", PRIM_ARG_WAKE, INVAL_WAKE_ALL },
};

/* A step's targets, by label, until the whole file is read. */
struct targets {
	char next[LABEL_MAX];
	char skip[LABEL_MAX];
};

/* A twin operator's step and anchor labels and argument word, until
 * every step is read. */
struct pending_op {
	const char *step, *anchor, *arg;
};

struct sparser {
	struct strategy_file *f;
	const char *path;
	int line;
	char *err;
	size_t errlen;
	int section;			/* S_* */
	struct twin_def *twin;		/* the twin block being read */
	int nops;
	struct targets tg[NR_HANDLERS][STRATEGY_MAX_STEPS];
	struct pending_op ops[STRATEGY_MAX_TWINS][TWIN_MAX_OPS];
	int summary_line, source_line, order_line;
};

/* The section a line is in: a handler's (its enum handler_kind), the top
 * or a twin block. */
enum { S_TOP = NR_HANDLERS, S_TWIN };


static int fail(struct sparser *P, const char *fmt, ...)
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

/* The same at another line of the file. */
static int fail_at(struct sparser *P, int line, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	n = (size_t)snprintf(P->err, P->errlen, "%s:%d: ", P->path, line);
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

static int at_end(char *p)
{
	return *skip_space(p) == '\0';
}

/* The next whitespace-separated token at *pp, into buf; returns its
 * length, 0 at the end of the line, -1 if it does not fit. */
static int token(char **pp, char *buf, size_t len)
{
	char *p = skip_space(*pp);
	size_t n = 0;

	while (*p && *p != ' ' && *p != '\t') {
		if (n + 1 < len)
			buf[n] = *p;
		n++;
		p++;
	}
	buf[n < len ? n : len - 1] = '\0';
	*pp = p;
	return n >= len ? -1 : (int)n;
}

/* A copy of s[0..n-1] in the file's string pool, or NULL if it is full. */
static const char *keep(struct sparser *P, const char *s, size_t n)
{
	struct strategy_file *f = P->f;
	char *d;

	if (f->pool_used + n + 1 > sizeof(f->pool)) {
		fail(P, "the file's names and texts exceed %d bytes", STRATEGY_POOL);
		return NULL;
	}
	d = f->pool + f->pool_used;
	memcpy(d, s, n);
	d[n] = '\0';
	f->pool_used += n + 1;
	return d;
}

static int is_label(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}

/* A name of letters, digits and -_.+ (strategy, scenario, twin suffix). */
static int is_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_.+", *s))
			return 0;
	return 1;
}

/* The rest of the line as a text value (summary, source, reasons). */
static const char *text_value(struct sparser *P, char *p, const char *what)
{
	char *end;

	p = skip_space(p);
	end = p + strlen(p);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end == p) {
		fail(P, "%s: missing text", what);
		return NULL;
	}
	if (end - p > TEXT_MAX) {
		fail(P, "%s: longer than %d characters", what, TEXT_MAX);
		return NULL;
	}
	return keep(P, p, (size_t)(end - p));
}

static const char *kind_name(enum lock_kind k)
{
	return k == LOCK_KIND_MUTEX ? "mutex" : k == LOCK_KIND_RWSEM ? "rwsem" : "bit-lock";
}

static const char *scope_name(enum lock_scope s)
{
	return s == SCOPE_INODE ? "inode" : s == SCOPE_PAGE ? "page" : "range";
}

/*
 * `lock LABEL KIND SCOPE ["shown as"]`.  The model's lock slots: the
 * kernel's own i_mmap_rwsem and page lock, which generic primitives take
 * inside (unmap_mapping_range, find_lock_page), keep their slots, and so
 * does ext4's jbd2 journal (jbd2_journal, whose commit the t_locked and
 * wait_updates primitives model, model/prims/journal.c); the
 * others take, in the order declared, ILOCK's then MMAPLOCK's slot (per
 * inode), the DAX entry lock's then the range lock's (per page index), or
 * the range lock's (a range, one page wide in the model).
 */
static int parse_lock(struct sparser *P, char *p)
{
	static const int inode_slots[] = { LOCK_ILOCK, LOCK_MMAPLOCK };
	static const int page_slots[] = { LOCK_ENTRY, LOCK_RANGE };
	static const int range_slots[] = { LOCK_RANGE };
	struct strategy_file *f = P->f;
	struct strategy_lock *l;
	char label[LABEL_MAX], kind[16], scope[16];
	const int *slots;
	int nslots, id = -1;

	for (int h = 0; h < NR_HANDLERS; h++)
		if (f->handler_line[h])
			return fail(P, "lock lines come before the fault, punch, fsync and write "
				    "handlers");
	if (token(&p, label, sizeof(label)) <= 0 || !is_label(label))
		return fail(P, "lock: expected a label (letters, digits, _; at most %d)",
			    LABEL_MAX - 1);
	if (strategy_file_lock(f, label))
		return fail(P, "lock %s declared twice (first at line %d)", label,
			    strategy_file_lock(f, label)->line);
	if (f->nlocks == NR_LOCKS)
		return fail(P, "too many locks (at most %d)", NR_LOCKS);
	l = &f->locks[f->nlocks];
	memset(l, 0, sizeof(*l));
	token(&p, kind, sizeof(kind));
	if (strcmp(kind, "mutex") == 0)
		l->kind = LOCK_KIND_MUTEX;
	else if (strcmp(kind, "rwsem") == 0)
		l->kind = LOCK_KIND_RWSEM;
	else if (strcmp(kind, "bit-lock") == 0)
		l->kind = LOCK_KIND_BIT;
	else
		return fail(P, "lock %s: kind '%s' (valid: mutex, rwsem, bit-lock)", label, kind);
	token(&p, scope, sizeof(scope));
	if (strcmp(scope, "inode") == 0)
		l->scope = SCOPE_INODE;
	else if (strcmp(scope, "page") == 0)
		l->scope = SCOPE_PAGE;
	else if (strcmp(scope, "range") == 0)
		l->scope = SCOPE_RANGE;
	else
		return fail(P, "lock %s: scope '%s' (valid: inode, page, range)", label, scope);
	p = skip_space(p);
	if (*p == '"') {
		char *end = strchr(p + 1, '"');

		if (!end || end == p + 1 || end - p - 1 >= LABEL_MAX)
			return fail(P, "lock %s: the name shown must be in double quotes, "
				    "1 to %d characters", label, LABEL_MAX - 1);
		if (!(l->shown = keep(P, p + 1, (size_t)(end - p - 1))))
			return -1;
		p = end + 1;
	}
	if (!at_end(p))
		return fail(P, "lock %s: unexpected '%.20s' after the scope", label, skip_space(p));

	if (strcmp(label, "jbd2_journal") == 0) {
		if (l->kind != LOCK_KIND_RWSEM || l->scope != SCOPE_INODE)
			return fail(P, "lock jbd2_journal is the journal's: an rwsem per inode "
				    "(handles take it shared, a commit exclusive)");
		id = LOCK_JOURNAL;
	} else if (strcmp(label, "i_mmap_rwsem") == 0 || strcmp(label, "page_lock") == 0) {
		int mmap = label[0] == 'i';

		if (mmap && (l->kind != LOCK_KIND_RWSEM || l->scope != SCOPE_INODE))
			return fail(P, "lock i_mmap_rwsem is the kernel's: an rwsem per inode");
		if (!mmap && (l->kind != LOCK_KIND_BIT || l->scope != SCOPE_PAGE))
			return fail(P, "lock page_lock is the kernel's: a bit-lock per page");
		id = mmap ? LOCK_I_MMAP : LOCK_PAGE;
	} else {
		slots = l->scope == SCOPE_INODE ? inode_slots : l->scope == SCOPE_PAGE ?
			page_slots : range_slots;
		nslots = l->scope == SCOPE_RANGE ? 1 : 2;
		for (int i = 0; i < nslots && id < 0; i++) {
			int used = 0;

			for (int j = 0; j < f->nlocks; j++)
				used |= f->locks[j].id == slots[i];
			if (!used)
				id = slots[i];
		}
		if (id < 0)
			return fail(P, "lock %s: the model has room for %s %s lock%s of the "
				    "filesystem's (besides i_mmap_rwsem and page_lock)", label,
				    nslots == 1 ? "one" : "two", scope_name(l->scope),
				    nslots == 1 ? "" : "s");
	}
	if (!(l->label = keep(P, label, strlen(label))))
		return -1;
	if (!l->shown)
		l->shown = l->label;
	l->id = id;
	l->line = P->line;
	f->st.lock_names[id] = l->shown;
	f->nlocks++;
	return 0;
}

/* The argument text of a primitive, as the step gives it, into *out. */
static int parse_arg(struct sparser *P, enum prim_arg kind, const char *text,
		     enum prim prim, int *out)
{
	const struct strategy_lock *l;

	for (size_t i = 0; i < sizeof(arg_words) / sizeof(arg_words[0]); i++) {
		if (strcmp(arg_words[i].name, text) != 0 || arg_words[i].kind != kind)
			continue;	/* wake_all is two kinds' word */
		*out = arg_words[i].value;
		return 0;
	}
	switch (kind) {
	case PRIM_ARG_NONE:
		return fail(P, "this primitive takes no argument");
	case PRIM_ARG_LOCK:
	case PRIM_ARG_LOCK_OR_NONE:
		l = strategy_file_lock(P->f, text);
		if (!l)
			return fail(P, "'%s' is not a lock declared above%s", text,
				    kind == PRIM_ARG_LOCK_OR_NONE ? " (or none)" : "");
		if ((prim == PRIM_LOCK_SHARED || prim == PRIM_UNLOCK_SHARED) &&
		    l->kind != LOCK_KIND_RWSEM)
			return fail(P, "%s is a %s: only an rwsem is taken shared", l->label,
				    kind_name(l->kind));
		*out = l->id;
		return 0;
	case PRIM_ARG_EXTENT:
		return fail(P, "argument '%s' (valid: written, unwritten)", text);
	case PRIM_ARG_NEW:
		return fail(P, "argument '%s' (valid: clear_new, keep_new)", text);
	case PRIM_ARG_PTE_SAME:
		return fail(P, "argument '%s' (valid: pte_same, no_pte_same, wake_all)", text);
	case PRIM_ARG_SIZE:
		return fail(P, "argument '%s' (valid: pte, pmd)", text);
	case PRIM_ARG_PMDC:
		return fail(P, "argument '%s' (valid: table, leaf, split)", text);
	case PRIM_ARG_WAKE:
		return fail(P, "argument '%s' (valid: wake_next, wake_all)", text);
	}
	return -1;
}

/* The primitive named by tok, "name" or "name(arg)", into s->prim, s->arg. */
static int parse_prim(struct sparser *P, char *tok, struct step *s)
{
	char *open = strchr(tok, '('), *arg = NULL;
	int found = -1;

	if (open) {
		size_t n = strlen(tok);

		if (tok[n - 1] != ')' || open + 1 == tok + n - 1)
			return fail(P, "primitive '%s': an argument is written name(arg)", tok);
		*open = '\0';
		tok[n - 1] = '\0';
		arg = open + 1;
	}
	found = (int)prim_named(tok);
	if (found == NR_PRIMS) {
		char names[256];
		size_t k = 0;

		for (int i = 0; i < NR_PRIMS && k < sizeof(names); i++)
			k += (size_t)snprintf(names + k, sizeof(names) - k, "%s%s",
					      i ? ", " : "", prim_ops[i]->name);
		return fail(P, "unknown primitive '%s' (valid: %s)", tok, names);
	}
	s->prim = (enum prim)found;
	s->arg = 0;
	if (!arg) {
		switch (prim_ops[found]->arg) {
		case PRIM_ARG_LOCK:
			return fail(P, "%s needs a lock: %s(LOCK)", tok, tok);
		case PRIM_ARG_LOCK_OR_NONE:
			return fail(P, "%s needs the lock it takes inside, or none: %s(LOCK)",
				    tok, tok);
		case PRIM_ARG_NEW:
			return fail(P, "%s needs clear_new or keep_new: %s(clear_new)", tok, tok);
		case PRIM_ARG_SIZE:
			return fail(P, "%s needs the size: %s(pte) or %s(pmd)", tok, tok, tok);
		case PRIM_ARG_PMDC:
			return fail(P, "%s needs what is in the way: %s(table), %s(leaf) or "
				    "%s(split)", tok, tok, tok, tok);
		case PRIM_ARG_WAKE:
			return fail(P, "%s needs its wake-up: %s(wake_next) or %s(wake_all)",
				    tok, tok, tok);
		default:
			return 0;	/* written, pte_same */
		}
	}
	return parse_arg(P, prim_ops[found]->arg, arg, s->prim, &s->arg);
}

/* The conditions after `if`, up to "->" or the end, into *when; *pp is
 * left at what follows them. */
static int parse_conds(struct sparser *P, char **pp, unsigned *when)
{
	char *p = skip_space(*pp);

	*when = 0;
	for (;;) {
		char name[16];
		size_t n = 0;
		unsigned bit = 0;

		p = skip_space(p);
		while (isalpha((unsigned char)p[n]))
			n++;
		if (n == 0 || n >= sizeof(name))
			return fail(P, "if: expected a condition (hole, mapped, new, zeroing, "
				    "write, read, unwritten, page, nopage), found '%.20s'",
				    *p ? p : "end of line");
		memcpy(name, p, n);
		name[n] = '\0';
		for (size_t i = 0; i < sizeof(conds) / sizeof(conds[0]); i++)
			if (strcmp(conds[i].name, name) == 0)
				bit = conds[i].bit;
		if (!bit)
			return fail(P, "unknown condition '%s' (valid: hole, mapped, new, zeroing, "
				    "write, read, unwritten, page, nopage)", name);
		if (*when & bit)
			return fail(P, "condition %s given twice", name);
		*when |= bit;
		p = skip_space(p + n);
		if (*p != ',')
			break;
		p++;
	}
	*pp = p;
	return 0;
}

/*
 * The part of a step line after "LABEL:": NAME PRIMITIVE[(ARG)] [if
 * CONDS], into s.  With tg (a handler's step), then "-> NEXT [else SKIP]"
 * into tg; without (a twin's inserted step), then an optional `loop`
 * into *loop.
 */
static int parse_step_body(struct sparser *P, char *p, struct step *s, struct targets *tg,
			   int *loop)
{
	char name[STEP_NAME_MAX], prim[64], tok[LABEL_MAX + 8];
	int n, has_if = 0;

	n = token(&p, name, sizeof(name));
	if (n <= 0)
		return fail(P, n < 0 ? "step name longer than %d characters" :
			    "expected the step's kernel name after its label", STEP_NAME_MAX - 1);
	if (strcmp(name, "->") == 0 || strchr(name, '(') == name)
		return fail(P, "expected the step's kernel name after its label");
	if (token(&p, prim, sizeof(prim)) <= 0)
		return fail(P, "step %s: expected a primitive after the kernel name", name);
	if (!(s->name = keep(P, name, strlen(name))) || parse_prim(P, prim, s))
		return -1;
	p = skip_space(p);
	if (strncmp(p, "if", 2) == 0 && (p[2] == ' ' || p[2] == '\t')) {
		p += 2;
		if (parse_conds(P, &p, &s->when))
			return -1;
		has_if = 1;
	}
	if (!tg) {
		token(&p, tok, sizeof(tok));
		*loop = strcmp(tok, "loop") == 0;
		if (*tok && !*loop)
			return fail(P, "unexpected '%.20s' (an inserted step ends with its "
				    "conditions, or `loop`)", tok);
		if (*loop && !s->when)
			return fail(P, "a loop needs a condition that ends it (if zeroing)");
		if (!at_end(p))
			return fail(P, "unexpected '%.20s' after loop", skip_space(p));
		return 0;
	}
	if (token(&p, tok, sizeof(tok)) <= 0 || strcmp(tok, "->") != 0)
		return fail(P, "step %s: expected '-> NEXT' (a label, or return)%s", name,
			    has_if ? "" : " or 'if CONDITIONS'");
	n = token(&p, tg->next, sizeof(tg->next));
	if (n <= 0)
		return fail(P, "step %s: expected the next step's label (or return) after ->",
			    name);
	snprintf(tg->skip, sizeof(tg->skip), "%s", tg->next);
	if ((n = token(&p, tok, sizeof(tok))) != 0) {
		if (n < 0 || strcmp(tok, "else") != 0)
			return fail(P, "step %s: unexpected '%s' after the next step", name, tok);
		if (!has_if)
			return fail(P, "step %s: 'else' without 'if': a step without conditions "
				    "always goes to its next step", name);
		if (token(&p, tg->skip, sizeof(tg->skip)) <= 0)
			return fail(P, "step %s: expected a label (or return) after else", name);
	}
	if (!at_end(p))
		return fail(P, "step %s: unexpected '%.20s' at the end", name, skip_space(p));
	return 0;
}

/* The index of the step labelled label in handler h, or -1. */
static int find_label(const struct strategy_file *f, int h, const char *label)
{
	int n = f->st.h[h].n;

	for (int i = 0; i < n; i++)
		if (strcmp(f->label[h][i], label) == 0)
			return i;
	return -1;
}

/* "LABEL: ..." in a handler section. */
static int parse_step(struct sparser *P, char *p, char *label)
{
	struct strategy_file *f = P->f;
	int h = P->section;
	struct step *t;
	int *n, prev;

	if (h >= NR_HANDLERS)
		return fail(P, "step %s: steps come under a 'fault', 'punch', 'fsync', 'write' "
			    "or 'pmd_fault' line", label);
	t = f->steps[h];
	n = &f->st.h[h].n;
	if (!is_label(label) || strlen(label) >= LABEL_MAX)
		return fail(P, "'%s': a label is letters, digits and _ (at most %d)", label,
			    LABEL_MAX - 1);
	if (strcmp(label, "return") == 0)
		return fail(P, "'return' is not a label: it leaves the handler");
	if (strcmp(label, "fallback") == 0)
		return fail(P, "'fallback' is not a label: a PMD fault falls back with it");
	if ((prev = find_label(f, h, label)) >= 0)
		return fail(P, "label %s used twice (first at line %d)", label, f->line[h][prev]);
	if (*n == STRATEGY_MAX_STEPS)
		return fail(P, "too many %s steps (at most %d)", strategy_handler_names[h],
			    STRATEGY_MAX_STEPS);
	memset(&t[*n], 0, sizeof(t[*n]));
	if (parse_step_body(P, p, &t[*n], &P->tg[h][*n], NULL))
		return -1;
	if (!(f->label[h][*n] = keep(P, label, strlen(label))))
		return -1;
	f->line[h][*n] = P->line;
	(*n)++;
	return 0;
}

static int parse_handler_word(struct sparser *P, const char *what, int *h)
{
	for (*h = 0; *h < NR_HANDLERS; (*h)++)
		if (strcmp(what, strategy_handler_names[*h]) == 0)
			return 0;
	return fail(P, "expected fault, punch, fsync, write or pmd_fault, found '%.20s'",
		    *what ? what : "nothing");
}

/* The lines of a twin block: its mutation sentence and the operators. */
static const char *const twin_keys[] = {
	"mutation", "drop-lock", "drop-step", "move-after", "move-before", "set-arg",
	"insert-before", "rename",
};

static int is_twin_key(const char *key)
{
	for (size_t i = 0; i < sizeof(twin_keys) / sizeof(twin_keys[0]); i++)
		if (strcmp(key, twin_keys[i]) == 0)
			return 1;
	return 0;
}

/* One line of a twin block (a key of twin_keys): `mutation TEXT` or an
 * operator. */
static int parse_twin_line(struct sparser *P, const char *key, char *p)
{
	struct twin_def *d = P->twin;
	struct twin_op *op;
	char hw[16], a[LABEL_MAX], b[LABEL_MAX];
	int h;
	struct pending_op *pend;

	if (strcmp(key, "mutation") == 0) {
		if (d->mutation)
			return fail(P, "twin %s: second mutation line", d->suffix);
		return (d->mutation = text_value(P, p, "mutation")) ? 0 : -1;
	}
	if (P->nops == TWIN_MAX_OPS)
		return fail(P, "twin %s: more than %d operators", d->suffix, TWIN_MAX_OPS);
	op = &d->ops[P->nops];
	pend = &P->ops[d - P->f->twins][P->nops];
	memset(op, 0, sizeof(*op));
	op->line = P->line;
	token(&p, hw, sizeof(hw));
	if (parse_handler_word(P, hw, &h))
		return -1;
	op->handler = (enum handler_kind)h;
	if (strcmp(key, "drop-lock") == 0) {
		const struct strategy_lock *l;

		op->kind = TWIN_DROP_LOCK;
		token(&p, a, sizeof(a));
		if (!(l = strategy_file_lock(P->f, a)))
			return fail(P, "drop-lock: '%s' is not a lock declared above", a);
		op->arg = l->id;
	} else if (strcmp(key, "move-after") == 0 || strcmp(key, "move-before") == 0) {
		op->kind = strcmp(key, "move-after") == 0 ? TWIN_MOVE_AFTER : TWIN_MOVE_BEFORE;
		if (token(&p, a, sizeof(a)) <= 0 || token(&p, b, sizeof(b)) <= 0)
			return fail(P, "%s: expected %s STEP ANCHOR (labels)", key, hw);
		if (!(pend->step = keep(P, a, strlen(a))) || !(pend->anchor = keep(P, b, strlen(b))))
			return -1;
	} else if (strcmp(key, "drop-step") == 0) {
		op->kind = TWIN_DROP_STEP;
		if (token(&p, a, sizeof(a)) <= 0)
			return fail(P, "drop-step: expected %s STEP (a label)", hw);
		if (!(pend->step = keep(P, a, strlen(a))))
			return -1;
	} else if (strcmp(key, "rename") == 0) {
		char name[STEP_NAME_MAX];
		int n;

		op->kind = TWIN_RENAME;
		if (token(&p, a, sizeof(a)) <= 0 || (n = token(&p, name, sizeof(name))) == 0)
			return fail(P, "rename: expected %s STEP NAME (a label, a kernel name)", hw);
		if (n < 0)
			return fail(P, "rename: kernel name longer than %d characters",
				    STEP_NAME_MAX - 1);
		if (!(pend->step = keep(P, a, strlen(a))) || !(op->name = keep(P, name, strlen(name))))
			return -1;
	} else if (strcmp(key, "set-arg") == 0) {
		op->kind = TWIN_SET_ARG;
		if (token(&p, a, sizeof(a)) <= 0 || token(&p, b, sizeof(b)) <= 0)
			return fail(P, "set-arg: expected %s STEP ARGUMENT", hw);
		/* The argument is read once the step, and its primitive, is. */
		if (!(pend->step = keep(P, a, strlen(a))) || !(pend->arg = keep(P, b, strlen(b))))
			return -1;
	} else if (strcmp(key, "insert-before") == 0) {
		char label[LABEL_MAX + 1];
		size_t n;

		op->kind = TWIN_INSERT_BEFORE;
		if (token(&p, a, sizeof(a)) <= 0 || token(&p, label, sizeof(label)) <= 0)
			return fail(P, "insert-before: expected %s ANCHOR LABEL: NAME PRIMITIVE", hw);
		n = strlen(label);
		if (label[n - 1] == ':')
			label[n - 1] = '\0';
		else
			label[0] = '\0';
		if (!is_label(label))
			return fail(P, "insert-before: expected the new step's 'LABEL:' after the anchor");
		if (find_label(P->f, h, label) >= 0)
			return fail(P, "insert-before: label %s is taken", label);
		/* The new step's line, to its end, is a step's but for its targets. */
		if (!(pend->anchor = keep(P, a, strlen(a))) ||
		    parse_step_body(P, p, &op->insert, NULL, &op->loop))
			return -1;
		P->nops++;
		return 0;
	} else {
		/* parse_line sends only is_twin_key()'s keys here; any other
		 * line ends the twin block */
		return fail(P, "internal error: '%s' is no twin line", key);
	}
	if (!at_end(p))
		return fail(P, "%s: unexpected '%.20s' at the end", key, skip_space(p));
	P->nops++;
	return 0;
}

/* The end of a twin block: it must say what it breaks and how. */
static int end_twin(struct sparser *P)
{
	struct twin_def *d = P->twin;

	if (!d)
		return 0;
	P->twin = NULL;
	if (!d->mutation)
		return fail_at(P, d->line, "twin %s: no 'mutation' line saying what it breaks",
			       d->suffix);
	if (P->nops == 0)
		return fail_at(P, d->line, "twin %s: no operator (drop-lock, drop-step, move-after, "
			       "move-before, set-arg, insert-before)", d->suffix);
	return 0;
}

/* `twin SUFFIX SCENARIO PROPERTY`. */
static int parse_twin(struct sparser *P, char *p)
{
	struct strategy_file *f = P->f;
	struct twin_def *d;
	char suffix[LABEL_MAX], scen[SCENARIO_NAME_MAX], prop[32], names[1024];

	if (f->ntwins == STRATEGY_MAX_TWINS)
		return fail(P, "too many twins (at most %d)", STRATEGY_MAX_TWINS);
	if (token(&p, suffix, sizeof(suffix)) <= 0 || !is_name(suffix) || strchr(suffix, TWIN_SEP))
		return fail(P, "twin: expected a short name for the mutation (letters, digits, -_.+)");
	for (int i = 0; i < f->ntwins; i++)
		if (strcmp(f->twins[i].suffix, suffix) == 0)
			return fail(P, "twin %s defined twice (first at line %d)", suffix,
				    f->twins[i].line);
	if (token(&p, scen, sizeof(scen)) <= 0 || scenario_shipped_find(scen) < 0) {
		scenario_shipped_names(names, sizeof(names));
		return fail(P, "twin %s: '%s' is not a shipped scenario (valid: %s)", suffix, scen,
			    names);
	}
	if (token(&p, prop, sizeof(prop)) <= 0 || !property_find(prop))
		return fail(P, "twin %s: expected the property that must catch it, found '%s'",
			    suffix, prop);
	if (!at_end(p))
		return fail(P, "twin %s: unexpected '%.20s' after the property", suffix,
			    skip_space(p));
	d = &f->twins[f->ntwins];
	memset(d, 0, sizeof(*d));
	if (!(d->suffix = keep(P, suffix, strlen(suffix))) ||
	    !(d->scenario = keep(P, scen, strlen(scen))) ||
	    !(d->property = keep(P, prop, strlen(prop))))
		return -1;
	d->line = P->line;
	f->ntwins++;
	P->twin = d;
	P->nops = 0;
	P->section = S_TWIN;
	return 0;
}

/* `expect SCENARIO VERDICT`. */
static int parse_expect(struct sparser *P, char *p)
{
	struct strategy_file *f = P->f;
	struct strategy_expect *x;
	char scen[SCENARIO_NAME_MAX], verdict[32];
	int line;

	if (token(&p, scen, sizeof(scen)) <= 0 || !is_name(scen))
		return fail(P, "expect: expected a scenario name");
	if (token(&p, verdict, sizeof(verdict)) <= 0 ||
	    (strcmp(verdict, "ok") != 0 && !property_find(verdict)))
		return fail(P, "expect %s: expected ok or a property (lost-store, stale-read, "
			    "use-after-free, stale-mapping, lost-wakeup, deadlock, stale-after-crash, "
			    "fsync-loss), found '%s'", scen, verdict);
	if (!at_end(p))
		return fail(P, "expect %s: unexpected '%.20s' after the verdict", scen, skip_space(p));
	if (strategy_file_expected(f, scen, &line))
		return fail(P, "second expect for %s (first at line %d)", scen, line);
	if (f->nexpect == STRATEGY_MAX_EXPECT)
		return fail(P, "too many expect lines (at most %d)", STRATEGY_MAX_EXPECT);
	x = &f->expect[f->nexpect++];
	snprintf(x->scenario, sizeof(x->scenario), "%s", scen);
	snprintf(x->verdict, sizeof(x->verdict), "%s", verdict);
	x->line = P->line;
	return 0;
}

/* `unreached HANDLER LABEL REASON`; the label is resolved at the end. */
static int parse_unreached(struct sparser *P, char *p)
{
	struct strategy_file *f = P->f;
	struct strategy_unreached *u;
	char hw[16], label[LABEL_MAX];
	int h;

	if (f->nunreached == STRATEGY_MAX_UNREACHED)
		return fail(P, "too many unreached lines (at most %d)", STRATEGY_MAX_UNREACHED);
	token(&p, hw, sizeof(hw));
	if (parse_handler_word(P, hw, &h))
		return -1;
	if (token(&p, label, sizeof(label)) <= 0)
		return fail(P, "unreached: expected %s LABEL REASON", hw);
	u = &f->unreached[f->nunreached];
	u->h = (enum handler_kind)h;
	u->line = P->line;
	if (!(u->label = keep(P, label, strlen(label))) ||
	    !(u->why = text_value(P, p, "unreached: the reason")))
		return -1;
	f->nunreached++;
	return 0;
}

static int parse_line(struct sparser *P, char *line)
{
	struct strategy_file *f = P->f;
	char *p = skip_space(line), key[LABEL_MAX + 8];
	size_t n;
	long v;

	if (token(&p, key, sizeof(key)) < 0)
		return fail(P, "unknown line '%.20s'", skip_space(line));
	n = strlen(key);
	if (n > 1 && key[n - 1] == ':') {
		key[n - 1] = '\0';
		if (P->section == S_TWIN && end_twin(P))
			return -1;
		return parse_step(P, p, key);
	}
	if (P->section == S_TWIN) {
		if (is_twin_key(key))
			return parse_twin_line(P, key, p);
		if (end_twin(P))
			return -1;
		P->section = S_TOP;
	}
	if (!f->st.name && strcmp(key, "strategy") != 0)
		return fail(P, "expected 'strategy NAME' first");
	/* A line that is no step ends the handler above it. */
	P->section = S_TOP;
	if (strcmp(key, "strategy") == 0) {
		char name[STRATEGY_NAME_MAX];

		if (f->st.name)
			return fail(P, "second strategy line (first at line %d)", f->name_line);
		if (token(&p, name, sizeof(name)) <= 0 || !is_name(name) || strchr(name, TWIN_SEP))
			return fail(P, "strategy: expected a name of letters, digits and -_.+ "
				    "(at most %d)", STRATEGY_NAME_MAX - 1);
		if (!at_end(p))
			return fail(P, "strategy %s: unexpected '%.20s' after the name", name,
				    skip_space(p));
		f->name_line = P->line;
		return (f->st.name = keep(P, name, strlen(name))) ? 0 : -1;
	}
	if (strcmp(key, "summary") == 0 || strcmp(key, "source") == 0) {
		int *seen = key[1] == 'u' ? &P->summary_line : &P->source_line;
		const char **field = key[1] == 'u' ? &f->st.summary : &f->st.source;

		if (*seen)
			return fail(P, "second %s line (first at line %d)", key, *seen);
		*seen = P->line;
		return (*field = text_value(P, p, key)) ? 0 : -1;
	}
	if (strcmp(key, "order") == 0) {
		char *end;

		if (P->order_line)
			return fail(P, "second order line (first at line %d)", P->order_line);
		p = skip_space(p);
		errno = 0;
		v = strtol(p, &end, 10);
		if (end == p || !at_end(end) || errno || v < 0 || v > 9999)
			return fail(P, "order: expected a number 0..9999");
		P->order_line = P->line;
		f->order = (int)v;
		return 0;
	}
	if (strcmp(key, "lock") == 0)
		return parse_lock(P, p);
	if (strcmp(key, "mmap_supported_flags") == 0) {
		char flag[16];

		if (f->st.map_sync)
			return fail(P, "second mmap_supported_flags line");
		if (token(&p, flag, sizeof(flag)) <= 0 || strcmp(flag, "MAP_SYNC") != 0 ||
		    !at_end(p))
			return fail(P, "mmap_supported_flags: expected MAP_SYNC (the only flag "
				    "mmap() validates, v4.15)");
		f->st.map_sync = 1;
		return 0;
	}
	for (int h = 0; h < NR_HANDLERS; h++) {
		int *seen = &f->handler_line[h];

		if (strcmp(key, strategy_handler_names[h]) != 0)
			continue;
		if (*seen)
			return fail(P, "second %s line (first at line %d)", key, *seen);
		if (!at_end(p))
			return fail(P, "unexpected '%.20s' after %s", skip_space(p), key);
		*seen = P->line;
		P->section = h;
		return 0;
	}
	if (strcmp(key, "expect") == 0)
		return parse_expect(P, p);
	if (strcmp(key, "twin") == 0)
		return parse_twin(P, p);
	if (strcmp(key, "no-twin") == 0) {
		if (f->no_twin)
			return fail(P, "second no-twin line (first at line %d)", f->no_twin_line);
		f->no_twin_line = P->line;
		return (f->no_twin = text_value(P, p, "no-twin: the reason")) ? 0 : -1;
	}
	if (strcmp(key, "unreached") == 0)
		return parse_unreached(P, p);
	return fail(P, "unknown line '%.20s' (expected strategy, summary, source, order, lock, "
		    "mmap_supported_flags, fault, punch, fsync, write, pmd_fault, a step 'LABEL:', "
		    "expect, twin, no-twin, unreached)", key);
}

/* Strip the comment and the line ending; reject bytes a text file should
 * not hold.  Returns 0, or -1 (message set). */
static int clean_line(struct sparser *P, char *buf, size_t n)
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

/* A target label of handler h, as a step index or STEP_RETURN. */
static int resolve(struct sparser *P, int h, const char *label, int line, int *out)
{
	if (strcmp(label, "return") == 0) {
		*out = STEP_RETURN;
		return 0;
	}
	if (strcmp(label, "fallback") == 0) {
		if (h != H_PMD)
			return fail_at(P, line, "only a pmd_fault step falls back ('fallback': "
				       "VM_FAULT_FALLBACK to the fault handler)");
		*out = STEP_FALLBACK;
		return 0;
	}
	*out = find_label(P->f, h, label);
	if (*out < 0)
		return fail_at(P, line, "no %s step is labelled '%s'", strategy_handler_names[h], label);
	return 0;
}

/* After the last line: what must be there, and every label resolved. */
static int finish(struct sparser *P)
{
	struct strategy_file *f = P->f;

	if (!f->st.name) {
		int empty = P->line == 0;

		P->line = empty ? 1 : P->line;
		return fail(P, "%s: expected 'strategy NAME' first", empty ? "empty file" : "file ends");
	}
	if (!P->summary_line || !P->source_line)
		return fail(P, "file ends without a '%s' line (%s)",
			    P->summary_line ? "source" : "summary", P->summary_line ?
			    "the kernel commit, version or Message-ID it models" : "one line");
	for (int h = 0; h < NR_HANDLERS; h++)
		if (f->st.h[h].n == 0 && (!strategy_handler_optional(h) || f->handler_line[h]))
			return fail(P, "file ends without %s steps (a '%s' line, then 'LABEL: ...' "
				    "lines)", strategy_handler_names[h], strategy_handler_names[h]);
	for (int h = 0; h < NR_HANDLERS; h++) {
		struct step *t = f->steps[h];
		int n = f->st.h[h].n;

		for (int i = 0; i < n; i++)
			if (resolve(P, h, P->tg[h][i].next, f->line[h][i], &t[i].next) ||
			    resolve(P, h, P->tg[h][i].skip, f->line[h][i], &t[i].skip))
				return -1;
	}
	for (int k = 0; k < f->ntwins; k++) {
		struct twin_def *d = &f->twins[k];

		for (int j = 0; j < TWIN_MAX_OPS && d->ops[j].kind != TWIN_END; j++) {
			struct twin_op *op = &d->ops[j];
			const char *step = P->ops[k][j].step, *anchor = P->ops[k][j].anchor;
			int h = op->handler;

			if (step && (op->step = find_label(f, h, step)) < 0)
				return fail_at(P, op->line, "twin %s: no %s step is labelled '%s'",
					       d->suffix, strategy_handler_names[h], step);
			if (anchor && (op->anchor = find_label(f, h, anchor)) < 0)
				return fail_at(P, op->line, "twin %s: no %s step is labelled '%s'",
					       d->suffix, strategy_handler_names[h], anchor);
			if (op->kind == TWIN_SET_ARG) {
				const struct step *s = &f->steps[h][op->step];
				enum prim_arg kind = prim_ops[s->prim]->arg;

				P->line = op->line;
				if (parse_arg(P, kind, P->ops[k][j].arg, s->prim, &op->arg))
					return -1;
			}
		}
	}
	for (int k = 0; k < f->nunreached; k++) {
		struct strategy_unreached *u = &f->unreached[k];

		u->step = find_label(f, u->h, u->label);
		if (u->step < 0)
			return fail_at(P, u->line, "unreached: no %s step is labelled '%s'",
				       strategy_handler_names[u->h], u->label);
	}
	if (f->no_twin && f->ntwins)
		return fail_at(P, f->no_twin_line, "no-twin, yet the file defines twins (the "
			       "first at line %d)", f->twins[0].line);
	return 0;
}

static int parse_lines(struct sparser *P, struct lineread *r)
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
	if (P->twin && end_twin(P))
		return -1;
	if (finish(P))
		return -1;
	return strategy_validate(&P->f->st, P->err, P->errlen);
}

/* Start f afresh for the file at path. */
static void start(struct strategy_file *f, struct sparser *P, const char *path, char *err,
		  size_t errlen)
{
	memset(f, 0, sizeof(*f));
	memset(P, 0, sizeof(*P));
	snprintf(f->path, sizeof(f->path), "%s", path);
	f->order = INT_MAX;
	for (int h = 0; h < NR_HANDLERS; h++) {
		f->st.h[h].steps = f->steps[h];
		f->st.lines[h] = f->line[h];
	}
	f->st.path = f->path;
	f->st.file = f;
	P->f = f;
	P->path = f->path;
	P->err = err;
	P->errlen = errlen;
}

int strategy_parse_text(struct strategy_file *f, const char *path, const char *text,
			size_t len, char *err, size_t errlen)
{
	struct sparser *P = &(struct sparser){ 0 };
	struct lineread r;

	start(f, P, path, err, errlen);
	lineread_text(&r, text, len);
	return parse_lines(P, &r);
}

int strategy_parse_file(struct strategy_file *f, const char *path, char *err, size_t errlen)
{
	struct sparser *P = &(struct sparser){ 0 };
	struct lineread r;
	FILE *fp;
	int rc;

	start(f, P, path, err, errlen);
	fp = fopen(path, "rb");
	if (!fp) {
		int e = errno;

		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(e));
		return e == ENOMEM ? STRATEGY_NOMEM : -1;
	}
	if (lineread_is_dir(fp)) {
		snprintf(err, errlen, "%s: is a directory, not a strategy file", path);
		fclose(fp);
		return -1;
	}
	lineread_file(&r, fp);
	rc = parse_lines(P, &r);
	fclose(fp);
	return rc;
}

const char *strategy_file_expected(const struct strategy_file *f, const char *scenario,
				   int *line)
{
	for (int i = 0; i < f->nexpect; i++) {
		if (strcmp(f->expect[i].scenario, scenario) == 0) {
			if (line)
				*line = f->expect[i].line;
			return f->expect[i].verdict;
		}
	}
	return NULL;
}

const struct strategy_lock *strategy_file_lock(const struct strategy_file *f,
					       const char *label)
{
	for (int i = 0; i < f->nlocks; i++)
		if (strcmp(f->locks[i].label, label) == 0)
			return &f->locks[i];
	return NULL;
}
