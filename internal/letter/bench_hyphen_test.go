package letter

import (
	"syscall"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/render"
)

// BenchmarkOnePageLetterHyphenation is BenchmarkOnePageLetter's letter
// (French, and the same in Serbian Cyrillic) laid out with hyphenation and
// without it (render.Letter.NoHyphens): the figure against the letter
// without it that docs/BENCHMARKS.md reports.
func BenchmarkOnePageLetterHyphenation(b *testing.B) {
	for _, lg := range []ledger.Language{ledger.French, ledger.SerbianCyrillic} {
		for _, v := range []struct {
			name string
			off  bool
		}{{"hyphens", false}, {"no-hyphens", true}} {
			b.Run(string(lg)+"/"+v.name, func(b *testing.B) {
				req := testRequest("reminder-1", lg, ledger.EnvelopeDLRight)
				req.Company.Logo, req.Company.LogoType = benchLogo(), "image/png"
				tp, err := LoadTemplate("", "reminder-1", string(lg))
				if err != nil {
					b.Fatal(err)
				}
				req.Template = tp
				cpu0 := processCPU()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						c, err := Compose(req)
						if err != nil {
							b.Fatal(err)
						}
						c.Letter.NoHyphens = v.off
						lay, err := render.LayOut(c.Letter)
						if err != nil {
							b.Fatal(err)
						}
						if len(lay.Pages) != 1 {
							b.Fatalf("%d pages", len(lay.Pages))
						}
						if _, err := render.PDF(lay, c.Subject); err != nil {
							b.Fatal(err)
						}
					}
				})
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "letters/s")
				// CPU time, not the wall clock: the machine's two cores are
				// shared, and what two cores of our own make is 2 s of CPU
				// a second.
				if cpu := processCPU() - cpu0; cpu > 0 {
					b.ReportMetric(float64(cpu.Microseconds())/float64(b.N), "cpu-µs/letter")
					b.ReportMetric(2*float64(b.N)/cpu.Seconds(), "letters/s-on-2-cores")
				}
			})
		}
	}
}

// processCPU is the CPU time this process has used, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
