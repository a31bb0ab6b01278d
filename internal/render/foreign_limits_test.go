package render

import (
	"bytes"
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/hostile"
)

// TestForeignLimits: originals that would cost too much to read are
// refused quickly, with the limit they hit. Before the limits the 2 GiB
// bomb passed ReadForeign and failed only when joined, after 7.3 s and
// 2.1 GB of memory (pdfcpu's 512 MiB decode limit, the buffer doubling),
// taking the whole print batch with it; the 50,000-page file took 3.1 s
// and gigabytes to read, and joining it did not end.
func TestForeignLimits(t *testing.T) {
	bomb, err := hostile.PDFBomb(2 << 30)
	if err != nil {
		t.Fatal(err)
	}
	// The bomb as an array of two content streams, the second one the bomb.
	cases := []struct {
		name  string
		data  []byte
		limit string
	}{
		{"2 GiB stream", bomb, "decoded"},
		{"50,000 pages", hostile.ManyPagesPDF(50_000), "objects"},
		{"9,000 pages", hostile.ManyPagesPDF(9_000), "pages"},
		{"51 pages", hostile.ManyPagesPDF(51), "pages"},
		{"21 MB", append(hostile.ManyPagesPDF(1), bytes.Repeat([]byte("%"), 21<<20)...), "size"},
	}
	for _, c := range cases {
		var before runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		start := time.Now()
		f, err := ReadForeign(c.name+".pdf", c.data)
		took := time.Since(start)
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		if err == nil {
			t.Errorf("%s: accepted (%d pages)", c.name, f.Pages)
			continue
		}
		var le *LimitError
		if !errors.As(err, &le) || le.Limit != c.limit || !errors.Is(err, ErrForeignPDF) {
			t.Errorf("%s: %v, want the %s limit", c.name, err, c.limit)
		}
		alloc := (after.TotalAlloc - before.TotalAlloc) >> 20
		t.Logf("%s (%d KB): refused in %v, %d MB allocated: %v", c.name, len(c.data)>>10, took.Round(time.Millisecond), alloc, err)
		if took > 10*time.Second || alloc > 300 {
			t.Errorf("%s: %v and %d MB to refuse", c.name, took, alloc)
		}
	}
	// Within the limits: 50 pages are an invoice with its annexes.
	f, err := ReadForeign("50.pdf", hostile.ManyPagesPDF(50))
	if err != nil || f.Pages != 50 {
		t.Fatalf("50 pages: %v", err)
	}
	if _, err := JoinPDF([]Part{{Pages: ownPage("A")}, {Foreign: f}}, "t"); err != nil {
		t.Errorf("join 50 pages: %v", err)
	}
}
