package inbound

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"
)

const (
	sisimaiDir = "testdata/sisimai-set-of-emails/maildir"
	talonDir   = "testdata/talon/tests/fixtures/standard_replies"
	mailDir    = "testdata/mail/spec/fixtures/emails"
	ownDir     = "testdata/own"
)

// perFileLimit bounds Parse and Classify on one sample; the real figure is
// well under a millisecond, the margin is for slow CI machines and -race.
const perFileLimit = 5 * time.Second

// classifyFile parses and classifies one file under perFileLimit. err is
// Parse's error; the test fails when the work does not finish in time.
func classifyFile(t *testing.T, path string) (Result, error) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return classifyBytes(t, filepath.Base(path), raw)
}

func classifyBytes(t *testing.T, name string, raw []byte) (Result, error) {
	t.Helper()
	type out struct {
		r   Result
		err error
	}
	done := make(chan out, 1)
	go func() {
		m, err := Parse(raw)
		if err != nil {
			done <- out{err: err}
			return
		}
		done <- out{r: Classify(m)}
	}()
	select {
	case o := <-done:
		return o.r, o.err
	case <-time.After(perFileLimit):
		t.Fatalf("%s: Parse+Classify did not finish within %v", name, perFileLimit)
		return Result{}, nil
	}
}

// files returns the sorted files of dir matching pattern.
func files(t *testing.T, dir, pattern string) []string {
	t.Helper()
	fs, err := filepath.Glob(filepath.Join(dir, pattern))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) == 0 {
		t.Fatalf("no %s in %s", pattern, dir)
	}
	sort.Strings(fs)
	return fs
}

func mustClassify(t *testing.T, path string) Result {
	t.Helper()
	r, err := classifyFile(t, path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return r
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
