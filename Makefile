# Makefile - the DAX fault-path model checker.
#
#   make            build ./checker
#   make check      build, then run every test, also under ASan and UBSan
#                   (SUITE="cli json" runs those suites only; see
#                   python3 tests/run_tests.py --list)
#   make matrix     every strategy against every scenario: the verdict matrix
#   make crosscheck every scenario x strategy x property through SPIN too
#                   (needs Debian's spin; results/crosscheck.md)
#   make twins      every known-bad twin against the scenario it must fail
#   make fuzz       fuzz the scenario and strategy parsers with AFL++
#                   (FUZZ_SECONDS=600 each)
#   make bench      the scaling family against SPIN and rumur, side by side
#                   (needs Debian's spin, rumur and time; takes hours;
#                   results/bench.md, bench.json, bench.svg)
#   make results    the verdict matrix, a diagram of every counterexample and
#                   the report page: results/README.md, diagrams/, index.html
#   make matrix-times  measure the matrix's search times (results/matrix-times.json)
#   make speed      the crash-free search against the checker before the
#                   persistence model: instructions (callgrind) and seconds
#                   (needs valgrind; minutes; results/speed.md)
#   make mutate     the mutation suite: each bug of tests/mutants.txt put into a
#                   copy of the tree, which make check must fail; the score in
#                   results/mutation.md (MUTANT="a b" runs some; an hour or more)
#   make coverage   line and branch coverage of make check's tests (needs
#                   Debian's lcov): build/coverage/html/, results/coverage.md
#   make clean
#
# As the kernel's Kbuild does: every source is compiled once per flavour
# (plain, and with the sanitizers) into build/FLAVOUR/, its header
# dependencies recorded (-MMD -MP), the objects but main's archived in
# build/FLAVOUR/libdax.a, and every program linked from that.  make -j is
# safe; V=1 shows the full commands.
#
# The shipped strategies (model/strategies/*.strategy) and scenarios
# (scenarios/*.dax) are built into the binary (build/gen/shipped.c, by
# scripts/embed.py): adding one needs no change here, nor does adding a
# source file.

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
PYTHON  ?= python3
AR      ?= ar
LDLIBS  := -lm

ifeq ($(V),1)
Q       :=
SAY     := @:
else ifneq ($(findstring s,$(filter-out --%,$(MAKEFLAGS))),)
Q       := @
SAY     := @:
else
Q       := @
SAY     := @printf '  %-7s %s\n'
endif

GEN     := build/gen/shipped.c
LIB_SRC := $(wildcard model/*.c) $(wildcard model/prims/*.c) \
           $(filter-out checker-src/main.c,$(wildcard checker-src/*.c))
TESTS   := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))
FUZZ_TARGETS := scenario strategy

plain_CFLAGS := $(CFLAGS)
asan_CFLAGS  := -O1 -g $(SAN)
cov_CFLAGS   := -O0 -g --coverage -DDAX_COVERAGE

# The objects of the library of one flavour.
lib_objs = $(patsubst %.c,build/$(1)/%.o,$(LIB_SRC)) build/$(1)/gen/shipped.o

all: checker

# The shipped files as a C source.  Run every time, since a file added or
# removed changes no timestamp make sees; embed.py rewrites the source only
# when it would change, so nothing is rebuilt for nothing.
$(GEN): FORCE
	@$(PYTHON) scripts/embed.py $@

FORCE:

# One flavour: its objects, library and unit tests.  $(1) is the flavour.
define flavour
build/$(1)/%.o: %.c
	@mkdir -p $$(@D)
	$$(SAY) CC $$@
	$$(Q)$$(CC) $$(WARN) -pthread $$($(1)_CFLAGS) -MMD -MP -c -o $$@ $$<

build/$(1)/gen/shipped.o: $$(GEN)
	@mkdir -p $$(@D)
	$$(SAY) CC $$@
	$$(Q)$$(CC) $$(WARN) -pthread $$($(1)_CFLAGS) -MMD -MP -c -o $$@ $$<

build/$(1)/libdax.a: $$(call lib_objs,$(1))
	$$(SAY) AR $$@
	$$(Q)rm -f $$@ && $$(AR) rcs $$@ $$^

-include $$(patsubst %.o,%.d,$$(call lib_objs,$(1)) build/$(1)/checker-src/main.o \
	  $$(TESTS:%=build/$(1)/tests/unit/%.o) $$(FUZZ_TARGETS:%=build/$(1)/tests/fuzz/fuzz_%.o))
endef

$(eval $(call flavour,plain))
$(eval $(call flavour,asan))
$(eval $(call flavour,cov))

checker: build/plain/checker-src/main.o build/plain/libdax.a
	$(SAY) LD $@
	$(Q)$(CC) -pthread $(plain_CFLAGS) -o $@ $^ $(LDLIBS)

build/asan/checker: build/asan/checker-src/main.o build/asan/libdax.a
	$(SAY) LD $@
	$(Q)$(CC) -pthread $(asan_CFLAGS) -o $@ $^ $(LDLIBS)

build/unit/%: build/plain/tests/unit/%.o build/plain/libdax.a
	@mkdir -p $(@D)
	$(SAY) LD $@
	$(Q)$(CC) -pthread $(plain_CFLAGS) -o $@ $^ $(LDLIBS)

build/asan/unit/%: build/asan/tests/unit/%.o build/asan/libdax.a
	@mkdir -p $(@D)
	$(SAY) LD $@
	$(Q)$(CC) -pthread $(asan_CFLAGS) -o $@ $^ $(LDLIBS)

# The coverage flavour (gcc --coverage, unoptimised so that lines map to
# code): make coverage runs the plain build's suites against it.
build/cov/checker: build/cov/checker-src/main.o build/cov/libdax.a
	$(SAY) LD $@
	$(Q)$(CC) -pthread $(cov_CFLAGS) -o $@ $^ $(LDLIBS)

build/cov/unit/%: build/cov/tests/unit/%.o build/cov/libdax.a
	@mkdir -p $(@D)
	$(SAY) LD $@
	$(Q)$(CC) -pthread $(cov_CFLAGS) -o $@ $^ $(LDLIBS)

# The LD_PRELOAD shim with which the out-of-memory tests make each
# allocation in turn fail (glibc).
build/failalloc.so: tests/oom/failalloc.c
	@mkdir -p build
	$(SAY) CC $@
	$(Q)$(CC) $(WARN) -pthread $(CFLAGS) -fPIC -shared -o $@ $<

# The fuzz targets built with the sanitizers but without AFL++, to replay
# the crashes tests/fuzz/crashes/ keeps.
build/fuzz/replay_%: build/asan/tests/fuzz/fuzz_%.o build/asan/libdax.a
	@mkdir -p $(@D)
	$(SAY) LD $@
	$(Q)$(CC) -pthread $(asan_CFLAGS) -o $@ $^ $(LDLIBS)

# Both builds' suites at once (tests/run_tests.py runs them in parallel).
check: checker build/asan/checker $(addprefix build/unit/,$(TESTS)) \
       $(addprefix build/asan/unit/,$(TESTS)) build/failalloc.so \
       $(addprefix build/fuzz/replay_,$(FUZZ_TARGETS))
	@$(PYTHON) tests/run_tests.py $(foreach s,$(SUITE),--suite $(s))

# The mutation suite (tests/mutate.py): not part of make check, nor of CI.
mutate:
	$(PYTHON) tests/mutate.py $(foreach m,$(MUTANT),--mutant $(m))

# Coverage of the C sources by make check's tests (scripts/coverage.py):
# the HTML report in build/coverage/html/, the summary, with every line of
# model/ and the engine not run explained, in results/coverage.md.
coverage: build/cov/checker $(addprefix build/cov/unit/,$(TESTS)) build/failalloc.so \
	  $(addprefix build/fuzz/replay_,$(FUZZ_TARGETS))
	$(PYTHON) scripts/coverage.py

matrix: checker
	./checker --matrix

twins: checker
	./checker --twins

# Differential testing against SPIN: first a self-test that breaks the
# Promela model on purpose and must be noticed, then the full comparison.
crosscheck: checker
	$(PYTHON) tests/crosscheck.py --self-test
	$(PYTHON) tests/crosscheck.py

# Benchmarks on the scaling family, medians of 3 runs side by side: ours
# (reduced, unreduced, two workers, and the checker before the reduction,
# built from git), SPIN on --emit-promela, and SPIN and rumur on the
# hand-written models of tests/bench/, after a self-test that each tool
# catches their broken variants: results/bench.md, bench.json and bench.svg
# (scripts/bench.py; BENCH_ARGS=--quick for a smoke run of a few minutes,
# BENCH_ARGS=--self-test for the self-test alone).
bench: checker
	$(PYTHON) scripts/bench.py $(BENCH_ARGS)

# The crash-free search (one page, N = 2, 3, 6, 7) against the checker
# before the persistence model, built from git: callgrind's instruction
# counts and interleaved wall-clock times, results/speed.md
# (scripts/speed.py; SPEED_ARGS="--rev REV" for other checkers).
speed: checker
	$(PYTHON) scripts/speed.py $(SPEED_ARGS)

# The pages people look at (scripts/results.py, scripts/diagram.py), and
# the benchmark plot redrawn from bench.json: the same checker and inputs
# give byte-identical files; make check fails if the committed ones are not
# current.  The numbers behind them come from make bench, make crosscheck
# and make matrix-times, which take SPIN or time.
results: checker
	$(PYTHON) scripts/plot.py results/bench.json results/bench.svg
	$(PYTHON) scripts/results.py

# Search times for the matrix: medians of 3 interleaved runs per cell.
# Not part of `make results`, whose output must not depend on timing.
matrix-times: checker
	$(PYTHON) scripts/results.py --time

# Fuzzing (Debian's afl++): the scenario parser, then the strategy file
# parser, FUZZ_SECONDS each.  Each target parses one file and runs a short
# search of what parses; tests/fuzz/fuzz.sh seeds it with every shipped
# and every malformed file, and copies each crash into tests/fuzz/crashes/.
# afl-clang-fast instruments every source, so these build on their own.
FUZZ_SECONDS ?= 600

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIB_SRC) $(GEN)
	@mkdir -p build/fuzz
	$(SAY) AFLCC $@
	$(Q)AFL_QUIET=1 afl-clang-fast $(WARN) -pthread -O1 -g $(SAN) -o $@ $< $(LIB_SRC) $(GEN) $(LDLIBS)

fuzz: $(addprefix build/fuzz/fuzz_,$(FUZZ_TARGETS))
	@for t in $(FUZZ_TARGETS); do tests/fuzz/fuzz.sh $(FUZZ_SECONDS) $$t || exit $$?; done

clean:
	rm -rf checker build

.PHONY: bench speed all check matrix twins crosscheck fuzz clean results matrix-times mutate coverage \
	FORCE
.SECONDARY:
