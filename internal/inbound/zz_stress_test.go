package inbound

import (
	"math/rand"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestZZStress(t *testing.T) {
	if os.Getenv("STRESS") == "" {
		t.Skip()
	}
	fs, _ := filepath.Glob(filepath.Join(sisimaiDir, "bsd", "*.eml"))
	own, _ := filepath.Glob(filepath.Join(ownDir, "*.eml"))
	fs = append(fs, own...)
	var seeds [][]byte
	for _, f := range fs {
		b, _ := os.ReadFile(f)
		seeds = append(seeds, b)
	}
	rng := rand.New(rand.NewSource(1))
	deadline := time.Now().Add(50 * time.Second)
	var worst time.Duration
	n := 0
	for time.Now().Before(deadline) {
		b := append([]byte(nil), seeds[rng.Intn(len(seeds))]...)
		for k := rng.Intn(8); k >= 0; k-- {
			if len(b) == 0 {
				break
			}
			switch rng.Intn(6) {
			case 0:
				b[rng.Intn(len(b))] = byte(rng.Intn(256))
			case 1: // duplicate a segment many times
				i := rng.Intn(len(b))
				j := i + rng.Intn(min(200, len(b)-i)+1)
				seg := append([]byte(nil), b[i:j]...)
				var rep []byte
				for r := rng.Intn(5000); r > 0; r-- {
					rep = append(rep, seg...)
				}
				b = append(b[:j], append(rep, b[j:]...)...)
			case 2:
				b = b[:rng.Intn(len(b))+1]
			case 3: // splice another seed
				o := seeds[rng.Intn(len(seeds))]
				i := rng.Intn(len(o))
				b = append(b, o[i:]...)
			case 4:
				i := rng.Intn(len(b))
				b = append(b[:i], b[min(len(b), i+rng.Intn(50)):]...)
			case 5:
				i := rng.Intn(len(b))
				ins := []string{"\n", "\n\n", "--", ":", "<", ">", "@", "=?", "?=", "\t", " ", "\r", "Content-Type: multipart/mixed; boundary=x\n", "--x\n", "message/rfc822", "Final-Recipient: rfc822; a@b.c\n"}[rng.Intn(16)]
				b = append(b[:i], append([]byte(ins), b[i:]...)...)
			}
		}
		if len(b) > 4<<20 {
			b = b[:4<<20]
		}
		start := time.Now()
		if m, err := Parse(b); err == nil {
			Classify(m)
		}
		d := time.Since(start)
		n++
		if d > worst {
			worst = d
			t.Logf("new worst %v on %d bytes", d, len(b))
			os.WriteFile("/tmp/inb/worst.eml", b, 0o644)
		}
	}
	t.Logf("%d runs, worst %v", n, worst)
}
