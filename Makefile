# Makefile - the DAX fault-path model checker.
#
#   make            build ./checker
#   make check      build, then run every test, also under ASan and UBSan
#   make matrix     every strategy against every scenario: the verdict matrix
#   make crosscheck every scenario x strategy x property through SPIN too
#                   (needs Debian's spin; results/crosscheck.md)
#   make twins      every known-bad twin against the scenario it must fail
#   make fuzz       fuzz the scenario parser with AFL++ (FUZZ_SECONDS=600)
#   make bench      the scaling family against SPIN and rumur, side by side
#                   (needs Debian's spin, rumur and time; takes hours;
#                   results/bench.md, bench.json, bench.svg)
#   make results    the verdict matrix, a diagram of every counterexample and
#                   the report page: results/README.md, diagrams/, index.html
#   make matrix-times  measure the matrix's search times (results/matrix-times.json)
#   make clean
#
# Strategies are picked up from model/strategies/*.c: adding one needs no
# change here.

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
PYTHON  ?= python3

LIB_SRC := $(wildcard model/*.c) $(wildcard model/strategies/*.c) \
           $(filter-out checker-src/main.c,$(wildcard checker-src/*.c))
HDRS    := $(wildcard model/*.h) $(wildcard checker-src/*.h) tests/unit/unit.h
TESTS   := $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))

all: checker

checker: $(LIB_SRC) checker-src/main.c $(HDRS)
	$(CC) $(WARN) -pthread $(CFLAGS) -o $@ $(LIB_SRC) checker-src/main.c

# The same program and unit tests built with AddressSanitizer and
# UndefinedBehaviorSanitizer, for `make check`.
build/asan/checker: $(LIB_SRC) checker-src/main.c $(HDRS)
	@mkdir -p build/asan
	$(CC) $(WARN) -pthread -O1 -g $(SAN) -o $@ $(LIB_SRC) checker-src/main.c

build/unit/%: tests/unit/%.c $(LIB_SRC) $(HDRS)
	@mkdir -p build/unit
	$(CC) $(WARN) -pthread $(CFLAGS) -o $@ $< $(LIB_SRC)

build/asan/unit/%: tests/unit/%.c $(LIB_SRC) $(HDRS)
	@mkdir -p build/asan/unit
	$(CC) $(WARN) -pthread -O1 -g $(SAN) -o $@ $< $(LIB_SRC)

# The LD_PRELOAD shim with which the out-of-memory tests make each
# allocation in turn fail (glibc).
build/failalloc.so: tests/oom/failalloc.c
	@mkdir -p build
	$(CC) $(WARN) -pthread $(CFLAGS) -fPIC -shared -o $@ $<

check: checker build/asan/checker $(addprefix build/unit/,$(TESTS)) \
       $(addprefix build/asan/unit/,$(TESTS)) build/failalloc.so
	$(PYTHON) tests/run_tests.py

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

# Fuzzing (Debian's afl++).  The target parses one scenario file and runs a
# short search of it; tests/fuzz/fuzz.sh seeds it with every scenario and
# every malformed file, and copies each crash into tests/fuzz/crashes/.
FUZZ_SECONDS ?= 600
build/fuzz/fuzz_scenario: tests/fuzz/fuzz_scenario.c $(LIB_SRC) $(HDRS)
	@mkdir -p build/fuzz
	AFL_QUIET=1 afl-clang-fast $(WARN) -pthread -O1 -g $(SAN) -o $@ $< $(LIB_SRC)

build/fuzz/replay_scenario: tests/fuzz/fuzz_scenario.c $(LIB_SRC) $(HDRS)
	@mkdir -p build/fuzz
	$(CC) $(WARN) -pthread -O1 -g $(SAN) -o $@ $< $(LIB_SRC)

fuzz: build/fuzz/fuzz_scenario
	tests/fuzz/fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf checker build

.PHONY: bench all check matrix twins crosscheck fuzz clean results matrix-times
