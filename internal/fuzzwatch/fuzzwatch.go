// Package fuzzwatch is the watchdog of the fuzz targets (scripts/fuzz.sh):
// an input that keeps one call busy longer than a second is written out
// and the fuzzing worker is made to crash, so that Go's fuzzing engine
// records the input as a failure under testdata/fuzz/FuzzX/, where plain
// `go test` then runs it as a regression seed.
//
// A slow input cannot be failed from the fuzz function itself: it is
// stuck in the code under test, and t.Fatal may only be called from the
// test's goroutine. A panic on the timer's goroutine ends the worker
// process, which the engine reports as a crash of the input it was running.
//
// The watchdog is off unless RELANCE_FUZZ_WATCHDOG=1, so ordinary test
// runs (CI on a busy machine, -race) are never failed by timing. Used by
// _test.go files only.
package fuzzwatch

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Limit is how long one call may take before its input counts as slow.
// Real inputs take well under a millisecond; a second leaves room for a
// shared machine.
const Limit = time.Second

// Start arms the watchdog for one call of a fuzz function with its
// arguments, and returns the function that disarms it:
//
//	defer fuzzwatch.Start(t, data)()
func Start(tb testing.TB, args ...any) (stop func()) {
	if os.Getenv("RELANCE_FUZZ_WATCHDOG") != "1" {
		return func() {}
	}
	name := tb.Name()
	timer := time.AfterFunc(Limit, func() {
		path, err := save(name, args)
		if err != nil {
			panic(fmt.Sprintf("fuzzwatch: %s: an input took more than %v (and could not be saved: %v)", name, Limit, err))
		}
		panic(fmt.Sprintf("fuzzwatch: %s: an input took more than %v, saved in %s", name, Limit, path))
	})
	return func() { timer.Stop() }
}

// save writes args in the fuzzing engine's corpus format, so the file can
// also be copied into testdata/fuzz/FuzzX/ as is, under
// RELANCE_FUZZ_SLOW_DIR (default: the temporary folder's relance-fuzz-slow).
func save(name string, args []any) (string, error) {
	dir := os.Getenv("RELANCE_FUZZ_SLOW_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "relance-fuzz-slow")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("slow-input folder: %w", err)
	}
	body := Encode(args...)
	sum := sha256.Sum256([]byte(body))
	top, _, _ := strings.Cut(name, "/") // FuzzX, not FuzzX/seed#0
	path := filepath.Join(dir, top+"-"+hex.EncodeToString(sum[:8]))
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		return "", fmt.Errorf("write slow input: %w", err)
	}
	return path, nil
}

// Encode returns args in the "go test fuzz v1" corpus file format.
func Encode(args ...any) string {
	var b strings.Builder
	b.WriteString("go test fuzz v1\n")
	for _, a := range args {
		switch v := a.(type) {
		case []byte:
			b.WriteString("[]byte(" + strconv.Quote(string(v)) + ")\n")
		case string:
			b.WriteString("string(" + strconv.Quote(v) + ")\n")
		default:
			fmt.Fprintf(&b, "%T(%#v)\n", v, v)
		}
	}
	return b.String()
}
