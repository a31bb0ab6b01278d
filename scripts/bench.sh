#!/usr/bin/env bash
# Scale benchmarks of the ledger (100,000 customers, 1,000,000 invoices).
# Not part of the test run. Needs the sqlite3 shell (Debian package sqlite3)
# for the comparison. Generated ledgers are cached in $RELANCE_BENCH_DIR
# (default: $TMPDIR/relance-bench); the first run generates them (~1 min).
set -euo pipefail
cd "$(dirname "$0")/.."
go test ./internal/bench -run '^$' -bench "${1:-.}" -benchtime "${BENCHTIME:-3x}" -timeout 60m
# Letters: 1,000s of PDFs, and the LibreOffice comparison (needs soffice,
# Debian package libreoffice-writer-nogui; skipped without it).
go test ./internal/letter -run '^$' -bench "${1:-.}" -benchtime 3x -timeout 20m
# The desktop app's invoice table on the 1M ledger (Fyne's test driver, no
# display needed).
CGO_ENABLED=0 LANG=en_US.UTF-8 go test ./ui -run '^$' -bench "${1:-InvoiceTable}" -benchtime 5x -timeout 30m
