-- family.m - the scaling family as a hand-written coarse Murphi model, for
-- rumur (Debian's rumur): what a kernel developer would write by hand
-- instead of running ./checker --strategy=fs-zero-inside --threads=N
-- --pages=P --words=W.
--
-- What it models: N threads; thread t stores the value t+1 to word t/P of
-- page t%P of one DAX file.  A store finds the page's PTE, or faults.  The
-- fault handler takes the allocation lock (XFS's ILOCK), looks the page up
-- in the block map, and if it is a hole allocates a block, which holds
-- stale non-zero data, and clears its W words one step each; then it
-- unlocks, inserts the PTE, and the store is retried.  That is Chinner's
-- fix (fs-zero-inside): a block is zeroed under the allocation lock before
-- any other fault can find it.  The invariant is the lost-store property:
-- every thread that has stored still finds its value in its word.
--
-- What it leaves out, compared with the checker's fine-grained model
-- (model/strategies/fs_zero_inside.c): the unlocked get_block(create=0)
-- before the lock and the relookup after it; the separate step that adds
-- the extent to the block map (here the block enters the map when it is
-- allocated, which no other thread can see while the lock is held); the
-- hole page (find_lock_page, dax_load_hole) and i_mmap_rwsem around
-- vm_insert_mixed; loads, punches and freed blocks, so the stale-read,
-- use-after-free and deadlock properties; and counterexample reporting in
-- kernel vocabulary.  It is a model of one scenario, written for it.
--
-- Parameters: the four constants below.  scripts/bench.py rewrites the
-- lines "N: <number>;", "P: ...", "W: ..." and "BROKEN: ..." before
-- running rumur (Murphi has no preprocessor); W must be at least
-- ceil(N/P).  BROKEN selects a deliberately wrong handler, which rumur
-- must catch (bench.py --self-test): 0 the fix as above, 1 the block is
-- zeroed after the unlock (the 2015 race), 2 no allocation lock at all.
--
-- Check with: rumur --deadlock-detection off family.m -o v.c &&
--             cc -O3 -march=native -mcx16 -o v v.c -lpthread && ./v

const
  N: 8;
  P: 1;
  W: 8;
  BROKEN: 0;

type
  tid_t: 0..N-1;
  page_t: 0..P-1;
  word_t: 0..W-1;
  blkno_t: 0..P-1;              -- a block: at most one a page is allocated
  blk_t: 0..P;                  -- a block, or P: none (a hole, no PTE)
  val_t: 0..N+1;                -- 0 zeroed, t+1 thread t's store, N+1 stale
  pc_t: enum { Store, Lock, Lookup, Zero, Unlock, UnlockNew, Insert, Done };

var
  pc: array[tid_t] of pc_t;
  blk: array[tid_t] of blk_t;   -- the block the handler found or allocated
  zi: array[tid_t] of word_t;   -- the next word to zero
  locked: boolean;              -- the allocation lock
  bmap: array[page_t] of blk_t; -- the file's block map
  pte: array[page_t] of blk_t;  -- the page table
  nextblk: blk_t;               -- the next free block
  mem: array[blkno_t] of array[word_t] of val_t;  -- the blocks' contents

function page(t: tid_t): page_t; begin return t % P; end;
function word(t: tid_t): word_t; begin return t / P; end;

ruleset t: tid_t do

  rule "store" pc[t] = Store ==>
  begin
    if pte[page(t)] != P then
      mem[pte[page(t)]][word(t)] := t + 1;
      pc[t] := Done;
    else
      pc[t] := Lock;                  -- no PTE: write fault
    end;
  end;

  rule "lock" pc[t] = Lock & (BROKEN = 2 | !locked) ==>
  begin
    if BROKEN != 2 then locked := true; end;
    pc[t] := Lookup;
  end;

  rule "lookup or allocate" pc[t] = Lookup ==>
  begin
    if bmap[page(t)] = P then
      blk[t] := nextblk;
      nextblk := nextblk + 1;
      bmap[page(t)] := blk[t];
      if BROKEN = 1 then pc[t] := UnlockNew; else pc[t] := Zero; end;
    else
      blk[t] := bmap[page(t)];
      pc[t] := Unlock;
    end;
  end;

  rule "zero one word" pc[t] = Zero ==>
  begin
    mem[blk[t]][zi[t]] := 0;
    if zi[t] = W - 1 then
      zi[t] := 0;
      if BROKEN = 1 then pc[t] := Insert; else pc[t] := Unlock; end;
    else
      zi[t] := zi[t] + 1;
    end;
  end;

  rule "unlock" pc[t] = Unlock | pc[t] = UnlockNew ==>
  begin
    if BROKEN != 2 then locked := false; end;
    -- BROKEN = 1 zeroes the block it allocated now, after the unlock.
    if pc[t] = UnlockNew then pc[t] := Zero; else pc[t] := Insert; end;
  end;

  rule "insert PTE" pc[t] = Insert ==>
  begin
    pte[page(t)] := blk[t];
    blk[t] := P;
    pc[t] := Store;                   -- return from the fault: retry
  end;

end;

startstate
begin
  for t: tid_t do pc[t] := Store; blk[t] := P; zi[t] := 0; end;
  locked := false;
  for p: page_t do bmap[p] := P; pte[p] := P; end;
  nextblk := 0;
  for b: blkno_t do for w: word_t do mem[b][w] := N + 1; end; end;
end;

invariant "lost store"
  forall t: tid_t do
    pc[t] = Done -> mem[pte[page(t)]][word(t)] = t + 1
  end;
