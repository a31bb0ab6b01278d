package inbound

import (
	"os"
	"testing"
	"time"
)

func TestZZProf(t *testing.T) {
	f := os.Getenv("PROF")
	if f == "" {
		t.Skip()
	}
	b, _ := os.ReadFile(f)
	for i := 0; i < 5; i++ {
		start := time.Now()
		m, err := Parse(b)
		p := time.Since(start)
		if err == nil {
			Classify(m)
		}
		t.Logf("parse %v total %v", p, time.Since(start))
	}
}
