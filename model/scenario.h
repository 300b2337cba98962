/*
 * scenario.h - what the simulated threads do: the file's geometry, one user
 * program per thread, and the verdict each strategy is expected to give.
 *
 * A scenario is plain data.  It comes from a scenario file (scenario_parse,
 * checker-src/scenario_parse.h) or from the command line (scenario_default).
 */
#ifndef DAX_SCENARIO_H
#define DAX_SCENARIO_H

#include "state.h"

#define SCENARIO_NAME_MAX	64
#define SCENARIO_DOC_MAX	256
#define MAX_EXPECT		32

enum op_kind { OP_LOAD, OP_STORE, OP_PUNCH, OP_FSYNC, OP_WRITE, OP_PERSIST, OP_INVALIDATE,
	       NR_OP_KINDS };

/* One operation: a user access, `store page:word = value` or
 * `load page:word`, or a system call, `punch page`
 * (fallocate(FALLOC_FL_PUNCH_HOLE) of that one page), `fsync` (of the
 * whole file: page and word 0) or `write page:word = value` (write(2) of
 * one word at that offset, through the strategy's write path: no fault,
 * no PTE), or a user-space flush, `persist page` (libpmem's
 * pmem_persist() of the page: clwb of each of its cache lines, then
 * sfence; no system call, no fault: through a PTE to a block it writes
 * the block back and fences it, otherwise there is nothing of the
 * program's to write back), or `invalidate page`
 * (invalidate_inode_pages2_range() of that one page, as virtiofs' open
 * or a direct-I/O write calls it, through the strategy's invalidate
 * path). */
struct op {
	enum op_kind kind;
	uint8_t page;
	uint8_t word;		/* loads and stores */
	uint8_t value;		/* stores and writes only: 1..VAL_MAX */
	uint8_t pmd;		/* loads and stores: `pmd:` in the file, the access
				 * faults as a PMD fault first (the strategy's
				 * pmd_fault handler), on the scenario's huge page */
};

struct program {
	int nops;
	struct op ops[MAX_OPS];
};

/* "expect STRATEGY VERDICT": VERDICT is "ok" or a property name. */
struct expectation {
	char strategy[32];
	char verdict[32];
	int line;		/* line of the scenario file, for messages */
};

struct scenario {
	char name[SCENARIO_NAME_MAX];
	char doc[SCENARIO_DOC_MAX];
	char path[256];		/* file it came from; "" for the default */
	int pages;		/* P, 1..MAX_PAGES */
	int words;		/* W, 1..MAX_WORDS */
	int nthreads;		/* 1..MAX_THREADS */
	int crash;		/* 1: the power may fail at any point; judge
				 * stale-after-crash and fsync-loss */
	int no_adr;		/* the platform: 0 (ADR, the default) a fence makes
				 * write-backs durable; 1 (`platform no-adr`)
				 * only pcommit does */
	int map_sync;		/* `mmap sync`: the file is mapped with
				 * mmap(MAP_SHARED_VALIDATE | MAP_SYNC) (v4.15),
				 * and a `persist` acknowledges the program's
				 * stores to its page as fsync does */
	int huge_first;		/* the huge page (`huge A-B`): its first page */
	int huge_pages;		/* and its pages, 2..4; 0: no huge page */
	int entries;		/* 1: it has an `invalidate`: whether each page has a
				 * 4 KiB DAX entry is tracked (struct state.pentry,
				 * model/prims/invalidate.c) */
	int nmm;		/* processes mapping the file, 1..MAX_MMS */
	uint8_t mm[MAX_THREADS];	/* per thread: its process (`process 1:
				 * T1`), 0 unless the file says otherwise */
	struct program prog[MAX_THREADS];
	int nexpect;
	struct expectation expect[MAX_EXPECT];
};

/*
 * Build the command line's scenario: n threads, thread i stores the value
 * i+1 to word i/pages of page i%pages.  With (2, 1, 2) this is the seed
 * race of LKML, 2015-08-11.  Returns 0, or -1 with a message in err when
 * the numbers are out of range.
 */
int scenario_default(struct scenario *sc, int threads, int pages, int words,
		     char *err, size_t errlen);

/* The expected verdict for strategy name, or NULL if the file gives none. */
const char *scenario_expected(const struct scenario *sc, const char *strategy);

/* Write "T0: store 0:0=1; load 0:1 | T1: store 0:1=2" into buf: each
 * thread as a scenario file writes it, then, in a scenario with a second
 * process, " | process 1: T1". */
void scenario_describe_programs(const struct scenario *sc, char *buf, size_t len);

/* Write one operation as "store 0:1=2", "load 0:1", "punch 0", "fsync",
 * "write 0:1=2" or "persist 0" into buf; a PMD access as "pmd:store 0:1=2". */
void scenario_describe_op(const struct op *op, char *buf, size_t len);

/* Returns 1 if page p is a page of scenario sc's huge page. */
static inline int scenario_in_huge(const struct scenario *sc, int p)
{
	return sc->huge_pages && p >= sc->huge_first && p < sc->huge_first + sc->huge_pages;
}

/* " in process N" into buf, naming process mm's page table, in a scenario
 * with a second process; "" in one with a single process.  Returns buf. */
const char *scenario_in_process(const struct scenario *sc, int mm, char *buf, size_t len);

/* Returns 1 if some access of sc faults as a PMD fault (`pmd:`). */
int scenario_has_pmd(const struct scenario *sc);

#endif
