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
extern const struct strategy strategy_xfs_unwritten;
extern const struct strategy strategy_fs_zero_inside;
extern const struct strategy strategy_xfs_mmaplock;
extern const struct strategy strategy_ext2_zero_and_new;
extern const struct strategy strategy_range_lock;
extern const struct strategy strategy_i_mmap_write;
extern const struct strategy strategy_entry_lock;

/* Roughly in the order the kernel had them. */
const struct strategy *const strategy_all[] = {
	&strategy_dax_generic,
	&strategy_xfs_unwritten,
	&strategy_i_mmap_write,
	&strategy_range_lock,
	&strategy_fs_zero_inside,
	&strategy_xfs_mmaplock,
	&strategy_ext2_zero_and_new,
	&strategy_entry_lock,
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

static int valid_target(int n, int target)
{
	return target == STEP_RETURN || (target >= 0 && target < n);
}

static int lock_arg_ok(const struct step *s)
{
	switch (s->prim) {
	case PRIM_LOCK:
	case PRIM_UNLOCK:
	case PRIM_LOCK_SHARED:
	case PRIM_UNLOCK_SHARED:
		return s->arg >= 0 && s->arg < NR_LOCKS;
	case PRIM_UNMAP:
	case PRIM_DROP_HOLE:
		return s->arg == LOCK_NONE || (s->arg >= 0 && s->arg < NR_LOCKS);
	case PRIM_GET_BLOCK:
	case PRIM_GET_BLOCK_CREATE:
		return s->arg == GB_WRITTEN || s->arg == GB_UNWRITTEN;
	case PRIM_MAP_BLOCK:
		return s->arg == MAP_CLEAR_NEW || s->arg == MAP_KEEP_NEW;
	case PRIM_LOAD_HOLE:
		return s->arg == HOLE_PTE_SAME || s->arg == HOLE_NO_PTE_SAME;
	default:
		return 1;
	}
}

static int validate_table(const struct strategy *st, const char *what,
			  const struct step *t, int n, char *err, size_t errlen)
{
	if (!t || n < 1 || n >= STEP_RETURN) {
		snprintf(err, errlen, "%s: %s handler has %d steps", st->name, what, t ? n : 0);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		const struct step *s = &t[i];

		if (!s->name || !*s->name) {
			snprintf(err, errlen, "%s: %s step %d has no name", st->name, what, i);
			return -1;
		}
		if (s->prim < 0 || s->prim >= NR_PRIMS) {
			snprintf(err, errlen, "%s: step %s: bad primitive", st->name, s->name);
			return -1;
		}
		if (!valid_target(n, s->next) || !valid_target(n, s->skip)) {
			snprintf(err, errlen, "%s: step %s: next or skip out of range",
				 st->name, s->name);
			return -1;
		}
		if (!lock_arg_ok(s)) {
			snprintf(err, errlen, "%s: step %s: bad argument %d",
				 st->name, s->name, s->arg);
			return -1;
		}
	}
	/* A chain of skips must end: skips are not transitions, so a cycle of
	 * them would hang the model.  Every target is in range by now. */
	for (int i = 0; i < n; i++) {
		int pc = i, hops = 0;

		while (pc != STEP_RETURN && t[pc].when != 0 && hops <= n) {
			pc = t[pc].skip;
			hops++;
		}
		if (hops > n) {
			snprintf(err, errlen, "%s: step %s: skips form a cycle",
				 st->name, t[i].name);
			return -1;
		}
	}
	return 0;
}

int strategy_validate(const struct strategy *st, char *err, size_t errlen)
{
	if (validate_table(st, "fault", st->fault, st->nfault, err, errlen) ||
	    validate_table(st, "punch", st->punch, st->npunch, err, errlen))
		return -1;
	return 0;
}
