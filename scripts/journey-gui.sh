#!/usr/bin/env bash
# Journey test of the real desktop app (issue 17): cmd/relance built with
# cgo, run under Xvfb at 1280x720 and driven by xdotool's input events, as
# an owner would: first run with a full letterhead, import customers and
# invoices, record a payment, Send reminder with the mail set up inline
# against the local Postfix and Dovecot (scripts/mailserver up), the letter
# checked in the customer's Maildir; then the Dunning run proposes a letter
# by post, printed from its invoice row, saved as PDF through the save
# dialog (checked with pdftotext) and marked posted, after which the run no
# longer proposes it; a customer's reply sent through the local Postfix is
# read by Check the inbox and shown in Replies. Screenshots of each step in
#   ${RELANCE_ARTIFACTS:-artifacts}/journey/<language>/NN-step.png
# The test is internal/e2e/journey_test.go (build tag journey, a Go test so
# it reuses the stack's env reader and reads the app's journey log as JSON);
# RELANCE_JOURNEY_LANGS picks languages (default: en fr sr-Cyrl). It fails
# on any error dialog. It skips, and says so, without Xvfb, xdotool,
# ImageMagick, pdftotext or the mail stack; RELANCE_REQUIRE_GUI=1 and
# RELANCE_REQUIRE_MAILSERVER=1 make those failures.
set -euo pipefail
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "journey-gui: building cmd/relance"
CGO_ENABLED=1 go build -o "$work/relance" ./cmd/relance
export RELANCE_JOURNEY_BIN="$work/relance"
export RELANCE_ARTIFACTS="${RELANCE_ARTIFACTS:-$PWD/artifacts}"
export RELANCE_JOURNEY_LANGS="${RELANCE_JOURNEY_LANGS:-en fr sr-Cyrl}"
go test -tags journey -count=1 -timeout 15m -v -run TestJourney ./internal/e2e
