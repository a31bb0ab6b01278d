#!/usr/bin/env bash
# Runs every test: unit, storage (real SQLite files), import, CLI end to end.
# Benchmarks are not run here: see docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
go test -race -count=1 ./...
