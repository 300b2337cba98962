#!/usr/bin/env bash
# fuzz.sh SECONDS - a bounded AFL++ run of build/fuzz/fuzz_scenario.
#
# Seeds: every scenario, every malformed file and every earlier crash.
# Output: build/fuzz/out.  Each crash found is copied to
# tests/fuzz/crashes/ (commit it: `make check` replays that folder), and
# the run's totals are appended to build/fuzz/runs.log.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
secs=${1:-600}
bin=build/fuzz/fuzz_scenario
[ -x "$bin" ] || { echo "fuzz.sh: build $bin first (make fuzz)" >&2; exit 2; }

in=build/fuzz/in
rm -rf "$in" build/fuzz/out
mkdir -p "$in" tests/fuzz/crashes
cp scenarios/*.dax tests/bad/*.dax "$in"/
cp tests/fuzz/crashes/* "$in"/ 2>/dev/null
# AFL's input files must be small: drop anything over 1 MB.
find "$in" -size +1M -delete

AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 \
AFL_SKIP_CRASHES=1 \
	afl-fuzz -i "$in" -o build/fuzz/out -m none -t 2000 -V "$secs" \
	-- "$bin" @@ > build/fuzz/afl.log 2>&1
status=$?
stats=build/fuzz/out/default/fuzzer_stats
if [ ! -f "$stats" ]; then
	tail -n 20 build/fuzz/afl.log >&2
	echo "fuzz.sh: afl-fuzz did not run (exit $status)" >&2
	exit 2
fi
get() { sed -n "s/^$1 *: *//p" "$stats"; }
crashes=0
for f in build/fuzz/out/default/crashes/id:*; do
	[ -f "$f" ] || continue
	sum=$(sha1sum "$f" | cut -c1-12)
	cp "$f" "tests/fuzz/crashes/crash-$sum.dax"
	crashes=$((crashes + 1))
done
line="$(date -u +%F) seconds=$(get run_time) execs=$(get execs_done) corpus=$(get corpus_count) crashes=$crashes hangs=$(get saved_hangs)"
echo "$line" >> build/fuzz/runs.log
echo "fuzz: $line"
[ "$crashes" -eq 0 ] || { echo "fuzz: $crashes crash(es) copied to tests/fuzz/crashes/" >&2; exit 1; }
