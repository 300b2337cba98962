/*
 * registry.c - every strategy the checker knows, in the order --list and
 * the verdict matrix show them.  Adding a strategy: one file in this
 * directory, one extern and one line below, and an `expect` line for it in
 * every scenario file.
 */
#include <stdio.h>
#include <string.h>

#include "../strategy.h"

extern const struct strategy strategy_dax_generic;
extern const struct strategy strategy_fs_zero_inside;

const struct strategy *const strategy_all[] = {
	&strategy_dax_generic,
	&strategy_fs_zero_inside,
};
const int strategy_count = sizeof(strategy_all) / sizeof(strategy_all[0]);

const struct strategy *strategy_find(const char *name)
{
	for (int i = 0; i < strategy_count; i++)
		if (strcmp(strategy_all[i]->name, name) == 0)
			return strategy_all[i];
	return NULL;
}

void strategy_names(char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (int i = 0; i < strategy_count && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", i ? ", " : "",
				      strategy_all[i]->name);
}

static int valid_target(const struct strategy *st, int target)
{
	return target == STEP_RETURN || (target >= 0 && target < st->nfault);
}

int strategy_validate(const struct strategy *st, char *err, size_t errlen)
{
	if (st->nfault < 1 || st->nfault >= STEP_RETURN) {
		snprintf(err, errlen, "%s: handler has %d steps", st->name, st->nfault);
		return -1;
	}
	for (int i = 0; i < st->nfault; i++) {
		const struct step *s = &st->fault[i];

		if (!s->name || !*s->name) {
			snprintf(err, errlen, "%s: step %d has no name", st->name, i);
			return -1;
		}
		if (s->prim < 0 || s->prim >= NR_PRIMS) {
			snprintf(err, errlen, "%s: step %s: bad primitive", st->name, s->name);
			return -1;
		}
		if (!valid_target(st, s->next) || !valid_target(st, s->skip)) {
			snprintf(err, errlen, "%s: step %s: next or skip out of range",
				 st->name, s->name);
			return -1;
		}
		if ((s->prim == PRIM_LOCK || s->prim == PRIM_UNLOCK ||
		     s->prim == PRIM_LOCK_SHARED || s->prim == PRIM_UNLOCK_SHARED) &&
		    (s->arg < 0 || s->arg >= NR_LOCKS)) {
			snprintf(err, errlen, "%s: step %s: no such lock %d",
				 st->name, s->name, s->arg);
			return -1;
		}
	}
	/* A chain of skips must end: skips are not transitions, so a cycle of
	 * them would hang the model.  Every target is in range by now. */
	for (int i = 0; i < st->nfault; i++) {
		int pc = i, hops = 0;

		while (pc != STEP_RETURN && st->fault[pc].when != 0 && hops <= st->nfault) {
			pc = st->fault[pc].skip;
			hops++;
		}
		if (hops > st->nfault) {
			snprintf(err, errlen, "%s: step %s: skips form a cycle",
				 st->name, st->fault[i].name);
			return -1;
		}
	}
	return 0;
}
