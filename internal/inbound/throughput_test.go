package inbound

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

var readFile = os.ReadFile

// TestThroughputBSD classifies the whole bsd/ corpus (466 messages) and
// logs the time; it should take well under a second. The bound asserted
// is loose so that -race and slow CI machines pass.
func TestThroughputBSD(t *testing.T) {
	var raws [][]byte
	size := 0
	for _, f := range files(t, filepath.Join(sisimaiDir, "bsd"), "*.eml") {
		raw := mustRead(t, f)
		raws = append(raws, raw)
		size += len(raw)
	}
	start := time.Now()
	classes := map[Class]int{}
	for _, raw := range raws {
		m, err := Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		classes[Classify(m).Class]++
	}
	d := time.Since(start)
	t.Logf("classified %d messages (%d KiB) in %v (%v per message): %v", len(raws), size>>10, d, d/time.Duration(len(raws)), classes)
	if d > 10*time.Second {
		t.Errorf("too slow: %v", d)
	}
}

func BenchmarkParseClassifyBSD(b *testing.B) {
	fs, _ := filepath.Glob(filepath.Join(sisimaiDir, "bsd", "*.eml"))
	var raws [][]byte
	for _, f := range fs {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		raws = append(raws, raw)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, raw := range raws {
			if m, err := Parse(raw); err == nil {
				Classify(m)
			}
		}
	}
}
