/*
 * scenario.c - the command line's default scenario and scenario printing.
 */
#include <stdio.h>
#include <string.h>

#include "scenario.h"

int scenario_default(struct scenario *sc, int threads, int pages, int words,
		     char *err, size_t errlen)
{
	memset(sc, 0, sizeof(*sc));
	if (pages < 1 || pages > MAX_PAGES) {
		snprintf(err, errlen, "--pages=%d: must be 1..%d", pages, MAX_PAGES);
		return -1;
	}
	if (words < 1 || words > MAX_WORDS) {
		snprintf(err, errlen, "--words=%d: must be 1..%d", words, MAX_WORDS);
		return -1;
	}
	if (threads < 1 || threads > MAX_THREADS) {
		snprintf(err, errlen, "--threads=%d: must be 1..%d", threads, MAX_THREADS);
		return -1;
	}
	if (threads > pages * words) {
		snprintf(err, errlen,
			 "--threads=%d: thread i stores to its own word, so at most pages x words = %d threads",
			 threads, pages * words);
		return -1;
	}
	sc->pages = pages;
	sc->words = words;
	sc->nthreads = threads;
	sc->nmm = 1;
	for (int i = 0; i < threads; i++) {
		struct op *op = &sc->prog[i].ops[0];

		op->kind = OP_STORE;
		op->page = (uint8_t)(i % pages);
		op->word = (uint8_t)(i / pages);
		op->value = (uint8_t)(i + 1);
		sc->prog[i].nops = 1;
	}
	if (threads == 2 && pages == 1 && words == 2) {
		snprintf(sc->name, sizeof(sc->name), "seed-race");
		snprintf(sc->doc, sizeof(sc->doc),
			 "two threads store to different words of one unmapped page (Wilcox, LKML 2015-08-11)");
	} else {
		snprintf(sc->name, sizeof(sc->name), "default");
		snprintf(sc->doc, sizeof(sc->doc),
			 "thread i stores i+1 to word i/%d of page i%%%d", pages, pages);
	}
	return 0;
}

const char *scenario_expected(const struct scenario *sc, const char *strategy)
{
	for (int i = 0; i < sc->nexpect; i++)
		if (strcmp(sc->expect[i].strategy, strategy) == 0)
			return sc->expect[i].verdict;
	return NULL;
}

int scenario_has_pmd(const struct scenario *sc)
{
	for (int t = 0; t < sc->nthreads; t++)
		for (int i = 0; i < sc->prog[t].nops; i++)
			if (sc->prog[t].ops[i].pmd)
				return 1;
	return 0;
}

const char *scenario_in_process(const struct scenario *sc, int mm, char *buf, size_t len)
{
	buf[0] = '\0';
	if (sc->nmm > 1)
		snprintf(buf, len, " in process %d", mm);
	return buf;
}

void scenario_describe_op(const struct op *op, char *buf, size_t len)
{
	if (op->pmd && op->kind == OP_STORE)
		snprintf(buf, len, "pmd:store %u:%u=%u", op->page, op->word, op->value);
	else if (op->pmd)
		snprintf(buf, len, "pmd:load %u:%u", op->page, op->word);
	else if (op->kind == OP_STORE)
		snprintf(buf, len, "store %u:%u=%u", op->page, op->word, op->value);
	else if (op->kind == OP_PUNCH)
		snprintf(buf, len, "punch %u", op->page);
	else if (op->kind == OP_FSYNC)
		snprintf(buf, len, "fsync");
	else if (op->kind == OP_WRITE)
		snprintf(buf, len, "write %u:%u=%u", op->page, op->word, op->value);
	else if (op->kind == OP_PERSIST)
		snprintf(buf, len, "persist %u", op->page);
	else if (op->kind == OP_INVALIDATE)
		snprintf(buf, len, "invalidate %u", op->page);
	else
		snprintf(buf, len, "load %u:%u", op->page, op->word);
}

void scenario_describe_programs(const struct scenario *sc, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < sc->nthreads && n < len; i++) {
		n += (size_t)snprintf(buf + n, len - n, "%sT%d:", i ? " | " : "", i);
		for (int j = 0; j < sc->prog[i].nops && n < len; j++) {
			char op[32];

			scenario_describe_op(&sc->prog[i].ops[j], op, sizeof(op));
			n += (size_t)snprintf(buf + n, len - n, "%s %s", j ? ";" : "", op);
		}
	}
	for (int mm = 1; mm < sc->nmm && n < len; mm++) {
		n += (size_t)snprintf(buf + n, len - n, " | process %d:", mm);
		for (int i = 0; i < sc->nthreads && n < len; i++)
			if (sc->mm[i] == mm)
				n += (size_t)snprintf(buf + n, len - n, " T%d", i);
	}
}
