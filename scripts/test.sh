#!/usr/bin/env bash
# Runs every test: unit, storage (real SQLite files), import, CLI end to end,
# mail end to end against the real Postfix and Dovecot when
# scripts/mailserver up has started them (otherwise those tests skip, and
# say so), the GUI's headless tests, then the GUI smoke test: the real app
# under Xvfb, every screen visited and kept as a screenshot in
# artifacts/screenshots (skipped, and said, without xvfb-run;
# RELANCE_REQUIRE_GUI=1 makes that a failure). Benchmarks are not run here:
# see docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -r "${RELANCE_TEST_MAIL_ENV:-/tmp/relance-mail/env}" ]; then
  echo "note: the mail stack is not running: the end-to-end mail tests will skip (as root: scripts/mailserver up)" >&2
fi
# Fyne reads the locale: under C or POSIX it logs a parsing error.
case "${LANG:-C}" in C|C.*|POSIX) export LANG=en_US.UTF-8 ;; esac
go test -race -count=1 -timeout 30m ./...
# The importer's memory bounds are measured in a plain build (the race
# detector multiplies memory and time; those tests skip under it).
go test -count=1 -timeout 20m -run 'TestCSVImportMemoryBoundedByRows|TestXLSXAmountInHugeSheet' ./internal/importer
# The GUI's frame budget (no callback on the UI goroutine over 16 ms with
# a slow ledger) likewise: under -race it is only reported.
go test -count=1 -run TestSlowLedgerNeverBlocksTheUI ./ui
if command -v xvfb-run >/dev/null && command -v import >/dev/null; then
  ./scripts/smoke-gui.sh
elif [ -n "${RELANCE_REQUIRE_GUI:-}" ]; then
  echo "the GUI smoke test needs xvfb-run and ImageMagick's import" >&2
  exit 1
else
  echo "note: xvfb-run or ImageMagick missing: the GUI smoke test is skipped (apt-get install xvfb xauth imagemagick)" >&2
fi
# The journey test (issue 17): the real app driven by xdotool through a
# first day, mail included; only with RELANCE_REQUIRE_GUI=1 (it takes
# minutes) and the mail stack up (it skips, and says so, otherwise).
if [ -n "${RELANCE_REQUIRE_GUI:-}" ]; then
  ./scripts/journey-gui.sh
fi
