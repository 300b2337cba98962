/*
 * promela_emit.c - the Promela writers model/promela_emit.h declares.
 */
#include <stdarg.h>

#include "promela_emit.h"

void emit(struct emitter *E, int indent, const char *fmt, ...)
{
	va_list ap;

	for (int i = 0; i < indent; i++)
		putc('\t', E->f);
	va_start(ap, fmt);
	vfprintf(E->f, fmt, ap);
	va_end(ap);
	putc('\n', E->f);
}

void emit_if(struct emitter *E, int in, const char *cond, const char *then)
{
	emit(E, in, "if");
	emit(E, in, ":: %s -> %s", cond, then);
	emit(E, in, ":: else -> skip");
	emit(E, in, "fi;");
}

void emit_busy(struct emitter *E, int l, int shared)
{
	unsigned bits = shared ? LOCK_EXCL_BIT(l) : LOCK_SHARED_BIT(l) | LOCK_EXCL_BIT(l);
	int n = E->m->sc->nthreads;

	fputc('(', E->f);
	for (int i = 0; i < n; i++) {
		fprintf(E->f, "%s(_pid != %d && (held[%d] & %u) != 0", i ? " || " : "", i, i, bits);
		if (LOCK_IS_PER_PAGE(l))
			fprintf(E->f, " && OPPG(%d) == OPPG(_pid)", i);
		fputc(')', E->f);
	}
	fputc(')', E->f);
}

void emit_can_take(struct emitter *E, int l)
{
	if (l == LOCK_NONE) {
		fputs("true", E->f);
		return;
	}
	fputs("(!", E->f);
	emit_busy(E, l, 0);
	fprintf(E->f, " && (held[_pid] & %u) == 0)", LOCK_SHARED_BIT(l) | LOCK_EXCL_BIT(l));
}
