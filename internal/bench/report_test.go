package bench

import (
	"context"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/cli"
	"github.com/relance-app/relance/internal/demo"
	"github.com/relance-app/relance/internal/ledger"
)

// Issue 19's bar: the letters' report over the million-invoice ledger
// with a year of letters in at most 2 s. The ledger is the scale's
// 100,000 customers with 900,000 ordinary invoices and 100,000 more
// dunned through the simulated year (demo.LetterYear: about 210,000
// letters, their replies, promises, disputes, bounces and payments):
// 1,000,000 invoices in all.
const benchLetterInvoices = 100_000

var letterLedgerOnce sync.Once
var letterLedgerPath string
var letterLedgerErr error

func letterLedger(b *testing.B) string {
	letterLedgerOnce.Do(func() {
		start := time.Now()
		var generated bool
		letterLedgerPath, generated, letterLedgerErr = demo.Cached(context.Background(), benchDir(b),
			demo.Options{Customers: benchCustomers, Invoices: benchInvoices - benchLetterInvoices, Seed: benchSeed, Today: benchToday,
				Letters: &demo.LetterYear{Invoices: benchLetterInvoices}})
		if generated {
			b.Logf("generated %s in %v", letterLedgerPath, time.Since(start))
		}
	})
	if letterLedgerErr != nil {
		b.Fatal(letterLedgerErr)
	}
	return letterLedgerPath
}

// BenchmarkReportLetters is the report of the year's letters by variant
// through the application service.
func BenchmarkReportLetters(b *testing.B) {
	svc, err := app.Open(context.Background(), letterLedger(b), app.Options{Today: func() ledger.Date { return benchToday }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { svc.Close() })
	ctx := context.Background()
	var rep app.LetterReport
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		if rep, err = svc.LetterReport(ctx, benchToday.AddDays(-365), app.ReportByVariant); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	// The machine is shared: the CPU an iteration took says more than its
	// wall time there.
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
	if rep.Total.Sent < 100_000 {
		b.Fatalf("only %d letters in the report", rep.Total.Sent)
	}
	b.ReportMetric(float64(rep.Total.Sent), "letters")
	reportSize(b, svc)
}

// BenchmarkCLIReportLettersJSON is the whole command, `relancectl report
// letters --by variant --json`, in-process.
func BenchmarkCLIReportLettersJSON(b *testing.B) {
	p := letterLedger(b)
	ctx := context.Background()
	env := cli.Env{Stdout: io.Discard, Stderr: io.Discard, Today: func() ledger.Date { return benchToday }}
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		if code := cli.Run(ctx, []string{"--db", p, "report", "letters", "--by", "variant", "--json"}, env); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}

// BenchmarkReportAging is the receivables at each month end of the year
// (13 days) over the same million invoices.
func BenchmarkReportAging(b *testing.B) {
	svc, err := app.Open(context.Background(), letterLedger(b), app.Options{Today: func() ledger.Date { return benchToday }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { svc.Close() })
	ctx := context.Background()
	b.ResetTimer()
	cpu := cpuTime()
	for i := 0; i < b.N; i++ {
		if _, err := svc.ReceivablesHistory(ctx, benchToday.AddDays(-365)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}
