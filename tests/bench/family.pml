/*
 * family.pml - the scaling family as a hand-written coarse Promela model,
 * for SPIN: what a kernel developer would write by hand instead of running
 * ./checker --strategy=fs-zero-inside --threads=N --pages=P --words=W.
 * The same model as tests/bench/family.m (Murphi, for rumur), step for step.
 *
 * What it models: N threads; thread t stores the value t+1 to word t/P of
 * page t%P of one DAX file.  A store finds the page's PTE, or faults.  The
 * fault handler takes the allocation lock (XFS's ILOCK), looks the page up
 * in the block map, and if it is a hole allocates a block, which holds
 * stale non-zero data, and clears its W words one step each; then it
 * unlocks, inserts the PTE, and the store is retried.  That is Chinner's
 * fix (fs-zero-inside): a block is zeroed under the allocation lock before
 * any other fault can find it.  The invariant is the lost-store property,
 * asserted after every step: every thread that has stored still finds its
 * value in its word.  Each step is one d_step, a guarded command as in the
 * Murphi model, so both tools search the same transition system.
 *
 * What it leaves out, compared with the checker's fine-grained model
 * (model/strategies/fs_zero_inside.c): the unlocked get_block(create=0)
 * before the lock and the relookup after it; the separate step that adds
 * the extent to the block map (here the block enters the map when it is
 * allocated, which no other thread can see while the lock is held); the
 * hole page (find_lock_page, dax_load_hole) and i_mmap_rwsem around
 * vm_insert_mixed; loads, punches and freed blocks, so the stale-read,
 * use-after-free and deadlock properties; and counterexample reporting in
 * kernel vocabulary.  It is a model of one scenario, written for it.
 *
 * Parameters: N, P, W and BROKEN below, overridden with spin's -D
 * (spin -DN=8 -DP=1 -DW=8 -a family.pml); W must be at least ceil(N/P),
 * N at most 254.  BROKEN selects a deliberately wrong handler, which SPIN
 * must catch (scripts/bench.py --self-test): 0 the fix as above, 1 the
 * block is zeroed after the unlock (the 2015 race), 2 no allocation lock.
 *
 * Check with: spin -a family.pml && gcc -O2 -DSAFETY -o pan pan.c && ./pan
 */
#ifndef N
#define N 8
#endif
#ifndef P
#define P 1
#endif
#ifndef W
#define W 8
#endif
#ifndef BROKEN
#define BROKEN 0
#endif

#define NONE	P		/* no block: a hole, or no PTE */
#define STALE	(N + 1)		/* what a block holds before it is zeroed */

/* A thread's program counter. */
mtype = { Store, Lock, Lookup, Zero, Unlock, UnlockNew, Insert, Done };

bool locked;			/* the allocation lock */
byte bmap[P];			/* the file's block map: page -> block */
byte pte[P];			/* the page table: page -> block */
byte nextblk;			/* the next free block */
byte mem[P * W];		/* block b's word w is mem[b * W + w] */
bool done[N];			/* thread t has stored */

/* The invariant: every thread that has stored finds its value. */
inline check()
{
	i = 0;
	do
	:: i < N ->
		assert(!done[i] || mem[pte[i % P] * W + i / P] == i + 1);
		i++
	:: else -> break
	od;
	i = 0		/* a statement after the loop keeps break inside d_step */
}

init
{
	byte i;
	d_step {
		i = 0;
		do
		:: i < P -> bmap[i] = NONE; pte[i] = NONE; i++
		:: else -> break
		od;
		i = 0;
		do
		:: i < P * W -> mem[i] = STALE; i++
		:: else -> i = 0; break
		od
	}
	atomic {
		i = 0;
		do
		:: i < N -> run thread(i); i++
		:: else -> i = 0; break
		od
	}
}

proctype thread(byte t)
{
	mtype pc = Store;
	byte blk = NONE;	/* the block the handler found or allocated */
	byte zi = 0;		/* the next word to zero */
	byte i = 0;		/* check()'s loop index, always 0 between steps */

end:	do
	:: d_step { pc == Store ->
		if
		:: pte[t % P] != NONE ->
			mem[pte[t % P] * W + t / P] = t + 1;
			done[t] = true;
			pc = Done
		:: else ->
			pc = Lock	/* no PTE: write fault */
		fi;
		check() }
	:: d_step { pc == Lock && (BROKEN == 2 || !locked) ->
		if
		:: BROKEN != 2 -> locked = true
		:: else -> skip
		fi;
		pc = Lookup;
		check() }
	:: d_step { pc == Lookup ->
		if
		:: bmap[t % P] == NONE ->
			blk = nextblk;
			nextblk++;
			bmap[t % P] = blk;
			if
			:: BROKEN == 1 -> pc = UnlockNew
			:: else -> pc = Zero
			fi
		:: else ->
			blk = bmap[t % P];
			pc = Unlock
		fi;
		check() }
	:: d_step { pc == Zero ->
		mem[blk * W + zi] = 0;
		if
		:: zi == W - 1 ->
			zi = 0;
			if
			:: BROKEN == 1 -> pc = Insert
			:: else -> pc = Unlock
			fi
		:: else ->
			zi++
		fi;
		check() }
	:: d_step { pc == Unlock || pc == UnlockNew ->
		if
		:: BROKEN != 2 -> locked = false
		:: else -> skip
		fi;
		/* BROKEN = 1 zeroes the block it allocated now, after the unlock. */
		if
		:: pc == UnlockNew -> pc = Zero
		:: else -> pc = Insert
		fi;
		check() }
	:: d_step { pc == Insert ->
		pte[t % P] = blk;
		blk = NONE;
		pc = Store;	/* return from the fault: retry */
		check() }
	od
}
