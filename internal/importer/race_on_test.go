//go:build race

package importer

// raceEnabled: the race detector multiplies time and memory, so the
// tests that measure them run without it (scripts/test.sh runs them
// again in a plain build).
const raceEnabled = true
