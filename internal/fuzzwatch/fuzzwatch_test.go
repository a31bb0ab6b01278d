package fuzzwatch

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestEncode(t *testing.T) {
	got := Encode([]byte("a\x00\"b"), "é\n", 3)
	want := "go test fuzz v1\n[]byte(\"a\\x00\\\"b\")\nstring(\"é\\n\")\nint(3)\n"
	if got != want {
		t.Fatalf("Encode = %q, want %q", got, want)
	}
}

func TestOffByDefault(t *testing.T) {
	t.Setenv("RELANCE_FUZZ_WATCHDOG", "")
	stop := Start(t, []byte("x"))
	time.Sleep(Limit + 200*time.Millisecond) // would have panicked if armed
	stop()
}

// The watchdog armed: a call slower than Limit writes its input and
// crashes the process. Run in a child process, since it must crash.
func TestSlowInputSavedAndCrashes(t *testing.T) {
	if os.Getenv("FUZZWATCH_CHILD") == "1" {
		defer Start(t, []byte("slow input"), "second")()
		time.Sleep(3 * Limit)
		return
	}
	if testing.Short() {
		t.Skip("sleeps 1 s in a child process")
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSlowInputSavedAndCrashes$")
	cmd.Env = append(os.Environ(), "FUZZWATCH_CHILD=1", "RELANCE_FUZZ_WATCHDOG=1", "RELANCE_FUZZ_SLOW_DIR="+dir)
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the child did not crash:\n%s", out)
	}
	if !strings.Contains(string(out), "took more than 1s, saved in "+dir) {
		t.Fatalf("no slow-input message:\n%s", out)
	}
	saved, _ := filepath.Glob(filepath.Join(dir, "TestSlowInputSavedAndCrashes-*"))
	if len(saved) != 1 {
		t.Fatalf("saved files: %v", saved)
	}
	raw, err := os.ReadFile(saved[0])
	if err != nil {
		t.Fatal(err)
	}
	if string(raw) != "go test fuzz v1\n[]byte(\"slow input\")\nstring(\"second\")\n" {
		t.Fatalf("saved %q", raw)
	}
}
