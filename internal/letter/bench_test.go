package letter

import (
	"testing"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/render"
)

// BenchmarkOnePageLetter composes, lays out and paints a one-page friendly
// reminder (letterhead, embedded font subsets, invoice table) as its own
// PDF, on every core.
func BenchmarkOnePageLetter(b *testing.B) {
	req := testRequest("reminder-1", ledger.French, ledger.EnvelopeDLRight)
	tp, err := LoadTemplate("", "reminder-1", "fr")
	if err != nil {
		b.Fatal(err)
	}
	req.Template = tp
	var size int
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			c, err := Compose(req)
			if err != nil {
				b.Fatal(err)
			}
			lay, err := render.LayOut(c.Letter)
			if err != nil {
				b.Fatal(err)
			}
			if len(lay.Pages) != 1 {
				b.Fatalf("%d pages", len(lay.Pages))
			}
			pdf, err := render.PDF(lay, c.Subject)
			if err != nil {
				b.Fatal(err)
			}
			size = len(pdf)
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "letters/s")
	b.ReportMetric(float64(size)/1024, "KB/letter")
}
