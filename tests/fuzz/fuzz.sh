#!/usr/bin/env bash
# fuzz.sh SECONDS [TARGET] - a bounded AFL++ run of build/fuzz/fuzz_TARGET,
# TARGET scenario (the default: the scenario parser) or strategy (the
# strategy file parser).
#
# Seeds: every shipped file of its kind, every malformed one and every
# earlier crash.  Output: build/fuzz/out-TARGET.  Each crash found
# that reproduces in a fresh process is copied to tests/fuzz/crashes/
# (commit it: `make check` replays that folder), and the run's totals are
# appended to build/fuzz/runs.log.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
secs=${1:-600}
target=${2:-scenario}
case "$target" in
scenario) ext=dax; seeds="scenarios/*.dax tests/bad/*.dax tests/sym/*.dax" ;;
strategy) ext=strategy; seeds="model/strategies/*.strategy tests/strategies/*.strategy tests/bad-strategy/*.strategy" ;;
*) echo "fuzz.sh: TARGET is scenario or strategy, not '$target'" >&2; exit 2 ;;
esac
bin=build/fuzz/fuzz_$target
[ -x "$bin" ] || { echo "fuzz.sh: build $bin first (make fuzz)" >&2; exit 2; }

in=build/fuzz/in-$target
out=build/fuzz/out-$target
rm -rf "$in" "$out"
mkdir -p "$in" tests/fuzz/crashes
# shellcheck disable=SC2086
cp $seeds "$in"/
cp tests/fuzz/crashes/*."$ext" "$in"/ 2>/dev/null
# AFL's input files must be small, and not empty: drop anything over 1 MB.
find "$in" \( -size +1M -o -empty \) -delete

AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 \
AFL_SKIP_CRASHES=1 \
	afl-fuzz -i "$in" -o "$out" -m none -t 2000 -V "$secs" \
	-- "$bin" @@ > "build/fuzz/afl-$target.log" 2>&1
status=$?
stats=$out/default/fuzzer_stats
if [ ! -f "$stats" ]; then
	tail -n 20 "build/fuzz/afl-$target.log" >&2
	echo "fuzz.sh: afl-fuzz did not run (exit $status)" >&2
	exit 2
fi
get() { sed -n "s/^$1 *: *//p" "$stats"; }

# Each crash AFL saved is replayed in a fresh process, outside AFL's
# persistent loop: one that crashes again is a defect, copied to
# tests/fuzz/crashes/ and failing the run; one that does not (the input
# passes three fresh runs) is kept in build/fuzz/unreproduced/ and
# reported, not counted.  Both print the input and the replay's message,
# so a CI log alone is enough to chase either.
show() {	# show FILE RC ERRFILE VERDICT
	echo "fuzz: $target crash $(basename "$1"): $4 (replay exit $2)" >&2
	sed -n '1,12s/^/  | /p' "$3" >&2
	echo "  input, $(wc -c < "$1") bytes:" >&2
	head -c 600 "$1" | cat -v | sed 's/^/  > /' | head -n 30 >&2
}
crashes=0
unrepro=0
err=$(mktemp)
for f in "$out"/default/crashes/id:*; do
	[ -f "$f" ] || continue
	sum=$(sha1sum "$f" | cut -c1-12)
	again=0
	for _ in 1 2 3; do
		timeout 20 "$bin" "$f" > /dev/null 2> "$err"
		rc=$?
		[ "$rc" -eq 0 ] || { again=1; break; }
	done
	if [ "$again" -eq 1 ]; then
		show "$f" "$rc" "$err" "reproduces"
		cp "$f" "tests/fuzz/crashes/crash-$sum.$ext"
		crashes=$((crashes + 1))
	else
		show "$f" 0 "$err" "did not reproduce in 3 fresh runs"
		mkdir -p build/fuzz/unreproduced
		cp "$f" "build/fuzz/unreproduced/crash-$sum.$ext"
		unrepro=$((unrepro + 1))
	fi
done
rm -f "$err"
line="$(date -u +%F) target=$target seconds=$(get run_time) execs=$(get execs_done) corpus=$(get corpus_count) crashes=$crashes hangs=$(get saved_hangs) unreproduced=$unrepro"
echo "$line" >> build/fuzz/runs.log
echo "fuzz: $line"
[ "$crashes" -eq 0 ] || { echo "fuzz: $crashes crash(es) copied to tests/fuzz/crashes/" >&2; exit 1; }
