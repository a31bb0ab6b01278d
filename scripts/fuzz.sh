#!/usr/bin/env bash
# Runs every fuzz target of the repository (every `func FuzzX` in a
# _test.go file), one at a time, each for FUZZTIME (first argument, or the
# FUZZTIME variable; default 10m: meant for a quiet machine), with as many
# workers as cores. Not part of the test run.
#
#   scripts/fuzz.sh            # 10 minutes each
#   scripts/fuzz.sh 90s        # or FUZZTIME=90s scripts/fuzz.sh
#   FUZZ=DSN scripts/fuzz.sh   # only the targets whose name matches DSN
#   FUZZMINIMIZETIME=60s       # the time to minimize each input (default 10s)
#
# The watchdog (internal/fuzzwatch) is armed: an input that keeps one call
# busy more than 1 s is written to $RELANCE_FUZZ_SLOW_DIR (default
# artifacts/fuzz/slow) and crashes the worker, so Go's engine records it,
# like any crashing or failing input, in <package>/testdata/fuzz/FuzzX/.
# Those files are seeds that every plain `go test` (and so CI) runs: fix
# the code, keep the file. Logs: artifacts/fuzz/<FuzzX>.log. Prints a
# summary line per target and exits 1 when any target found something.
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime="${1:-${FUZZTIME:-10m}}"
only="${FUZZ:-}"
# Each new interesting input is minimized first, for up to
# -fuzzminimizetime (the engine's default 60s): on a 90 s run of
# FuzzNewTextSuggest that took 80 s, with no fuzzing meanwhile. Failing
# inputs are minimized within the same budget.
minimize="${FUZZMINIMIZETIME:-10s}"
workers="$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)"
out="${RELANCE_ARTIFACTS:-artifacts}/fuzz"
export RELANCE_FUZZ_WATCHDOG=1
export RELANCE_FUZZ_SLOW_DIR="${RELANCE_FUZZ_SLOW_DIR:-$out/slow}"
mkdir -p "$out" "$RELANCE_FUZZ_SLOW_DIR"
RELANCE_FUZZ_SLOW_DIR="$(cd "$RELANCE_FUZZ_SLOW_DIR" && pwd)" # the test runs in its package's folder

# "dir name" for every fuzz target, found in the sources rather than listed
# here, so a new target is fuzzed without editing this script.
targets="$(git ls-files '*_test.go' | xargs grep -H -o '^func Fuzz[A-Za-z0-9_]*(' |
  sed -E 's#^(.*)/[^/]*_test\.go:func (Fuzz[A-Za-z0-9_]*)\($#\1 \2#; s#^[^/ ]*_test\.go:func (Fuzz[A-Za-z0-9_]*)\($#. \1#' | sort -u)"
if [ -n "$only" ]; then
  targets="$(printf '%s\n' "$targets" | grep -- "$only" || true)"
fi
if [ -z "$targets" ]; then
  echo "fuzz: no fuzz target${only:+ matching $only}" >&2
  exit 1
fi

echo "fuzz: $(printf '%s\n' "$targets" | wc -l) targets, $fuzztime each, $workers workers, slow inputs in $RELANCE_FUZZ_SLOW_DIR"
# seconds 1h2m3s → 3723 (the engine prints elapsed times so).
seconds() {
  local d="$1" total=0 n
  while [[ "$d" =~ ^([0-9]+)([hms])(.*)$ ]]; do
    n="${BASH_REMATCH[1]}"
    case "${BASH_REMATCH[2]}" in h) n=$((n * 3600)) ;; m) n=$((n * 60)) ;; esac
    total=$((total + n))
    d="${BASH_REMATCH[3]}"
  done
  echo "$total"
}

summary=()
failed=0
while read -r dir name; do
  log="$out/$name.log"
  slow_before="$(ls "$RELANCE_FUZZ_SLOW_DIR" | grep -c "^$name-" || true)"
  echo "== $name (./$dir)"
  status=ok
  # -run '^$': only fuzz, the package's other tests run in the test run;
  # -timeout 0: go test's default 10 min would end a 10 min run.
  if ! go test "./$dir" -run '^$' -fuzz "^$name\$" -fuzztime "$fuzztime" -fuzzminimizetime "$minimize" -parallel "$workers" -timeout 0 </dev/null >"$log" 2>&1; then
    status=FAIL
    failed=1
    if grep -q '\[build failed\]\|\[setup failed\]' "$log"; then
      status=BUILD # the package does not compile: nothing was fuzzed
    fi
  fi
  last="$(grep -E '^fuzz: elapsed: .*execs: ' "$log" | tail -1 || true)"
  execs="$(sed -nE 's/.*execs: ([0-9]+) .*/\1/p' <<<"$last")"
  # The engine's own rate is of the last 3 s (0 on its closing line): the
  # mean over the run is execs / elapsed.
  elapsed="$(seconds "$(sed -nE 's/^fuzz: elapsed: ([0-9hms]+),.*/\1/p' <<<"$last")")"
  rate="?"
  if [ -n "$execs" ] && [ "${elapsed:-0}" -gt 0 ]; then rate=$((execs / elapsed)); fi
  newint="$(sed -nE 's/.*new interesting: ([0-9]+) \(total: ([0-9]+)\).*/\1 (corpus \2)/p' <<<"$last")"
  slow_after="$(ls "$RELANCE_FUZZ_SLOW_DIR" | grep -c "^$name-" || true)"
  found="$(sed -nE 's/.*Failing input written to (.*)$/\1/p' "$log" | head -1)"
  line="$(printf '%-20s %-4s execs %-10s %6s/s  new interesting %-14s' "$name" "$status" "${execs:-?}" "${rate:-?}" "${newint:-?}")"
  if [ "$slow_after" -gt "$slow_before" ]; then
    line="$line  SLOW input: $(ls -t "$RELANCE_FUZZ_SLOW_DIR"/"$name"-* | head -1)"
  fi
  if [ -n "$found" ]; then
    line="$line  input: $dir/$found"
  elif [ "$status" = FAIL ]; then
    line="$line  see $log"
  fi
  summary+=("$line")
  echo "$line"
done <<<"$targets"

echo
echo "== summary ($fuzztime each)"
printf '%s\n' "${summary[@]}"
exit "$failed"
