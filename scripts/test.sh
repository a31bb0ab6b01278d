#!/usr/bin/env bash
# Runs every test: unit, storage (real SQLite files), import, CLI end to end,
# and mail end to end against the real Postfix and Dovecot when
# scripts/mailserver up has started them (otherwise those tests skip, and
# say so). Benchmarks are not run here: see docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -r "${RELANCE_TEST_MAIL_ENV:-/tmp/relance-mail/env}" ]; then
  echo "note: the mail stack is not running: the end-to-end mail tests will skip (sudo scripts/mailserver up)" >&2
fi
# Fyne reads the locale: under C or POSIX it logs a parsing error.
case "${LANG:-C}" in C|C.*|POSIX) export LANG=en_US.UTF-8 ;; esac
go test -race -count=1 -timeout 30m ./...
