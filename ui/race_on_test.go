//go:build race

package ui

// raceEnabled: the race detector multiplies time, so the frame budget of
// TestSlowLedgerNeverBlocksTheUI is only reported under it (scripts/test.sh
// runs that test again in a plain build, where it is enforced).
const raceEnabled = true
