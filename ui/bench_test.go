package ui

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/demo"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// The GUI issue's scale: the same 1M ledger as internal/bench (shared
// through demo.Cached, so it is generated once for both).
var bigDay = ledger.MustDate("2026-06-30")

func bigService(b *testing.B) *app.Service {
	b.Helper()
	ctx := context.Background()
	dir, err := demo.BenchDir()
	if err != nil {
		b.Fatal(err)
	}
	path, _, err := demo.Cached(ctx, dir, demo.Options{Customers: 100_000, Invoices: 1_000_000, Seed: 7, Today: bigDay})
	if err != nil {
		b.Fatal(err)
	}
	svc, err := app.Open(ctx, path, app.Options{Today: func() ledger.Date { return bigDay }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { svc.Close() })
	return svc
}

// drain runs the widget changes background work has queued, without
// waiting for work still running (Wait does both).
func (u *UI) drain() {
	u.qmu.Lock()
	q := u.queue
	u.queue = nil
	u.qmu.Unlock()
	for _, fn := range q {
		fn()
	}
}

// BenchmarkInvoiceTableOpen opens the invoice screen on the 1M ledger:
// "shown" is the time from the click until the table has drawn its first
// rows (count and first page read, cells filled); "ids" until the whole
// sorted id list is in, after which any page is read by primary key. The
// UI goroutine is never blocked in between: both reads run in the
// background. "ms-list" is, in the same run, the time of the query
// `relancectl invoices list` runs for the same filter (every row read):
// the bar is "shown" under it plus one frame.
func BenchmarkInvoiceTableOpen(b *testing.B) {
	svc := bigService(b)
	views := []struct {
		name string
		set  func(v *InvoicesView)
	}{
		{"overdue-by-due-date", func(v *InvoicesView) {}},
		{"all-by-number", func(v *InvoicesView) { v.Overdue.SetChecked(false) }},
		{"all-by-customer", func(v *InvoicesView) {
			v.Overdue.SetChecked(false)
			v.filter.Order = store.ByCustomer
			v.reopen()
		}},
	}
	for _, c := range views {
		b.Run(c.name, func(b *testing.B) {
			u := New(test.NewTempApp(b), svc, Options{Lang: i18n.EN, NoWatch: true, Queue: true})
			u.Win.Resize(fyne.NewSize(1280, 800))
			defer u.Win.Close()
			var shown, full, list time.Duration
			rows := 0
			for i := 0; i < b.N; i++ {
				u.Show(ScreenHome)
				u.Wait()
				start := time.Now()
				u.Show(ScreenInvoices)
				v := u.invoices
				c.set(v)
				<-v.Opened()
				u.drain()
				shown += time.Since(start)
				if _, ok := v.Row(0); !ok {
					b.Fatal("the first row is not there")
				}
				u.Wait()
				full += time.Since(start)
				rows = v.model.rows()
				v.model.mu.Lock()
				f := v.model.filter
				v.model.mu.Unlock()
				f.Limit, f.Offset = 0, 0
				start, n := time.Now(), 0
				if err := svc.ListInvoices(context.Background(), f, func(store.InvoiceLine) error { n++; return nil }); err != nil {
					b.Fatal(err)
				}
				list += time.Since(start)
				if n != rows {
					b.Fatalf("invoices list read %d rows, the table has %d", n, rows)
				}
			}
			b.ReportMetric(float64(shown.Milliseconds())/float64(b.N), "ms-shown")
			b.ReportMetric(float64(full.Milliseconds())/float64(b.N), "ms-ids")
			b.ReportMetric(float64(list.Milliseconds())/float64(b.N), "ms-list")
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(0, "ns/op")
		})
	}
}

// BenchmarkInvoiceTableScroll jumps to random places of the 1M-row table
// (all invoices by number): "ui-µs" is what the UI goroutine spends on the
// jump (cells drawn as "…" from memory, no query); "filled-ms" until the
// row jumped to has its texts (its page read and the first rows' texts
// made and cut to their columns, in the background); "fill-ui-µs" what the
// UI goroutine then spends filling the cells with them; "page-ms" until
// all the background work of the jump is done.
func BenchmarkInvoiceTableScroll(b *testing.B) {
	svc := bigService(b)
	u := New(test.NewTempApp(b), svc, Options{Lang: i18n.EN, NoWatch: true, Queue: true})
	u.Win.Resize(fyne.NewSize(1280, 800))
	defer u.Win.Close()
	u.Show(ScreenInvoices)
	v := u.invoices
	v.Overdue.SetChecked(false)
	u.Wait()
	n := v.model.rows()
	r := rand.New(rand.NewPCG(1, 2))
	var onUI, filled, fillUI, page time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		row := r.IntN(n)
		start := time.Now()
		v.Table.ScrollTo(widget.TableCellID{Row: row, Col: 0})
		onUI += time.Since(start)
		for {
			if _, texts, ok := v.model.rowTexts(row); ok && texts != nil {
				break
			}
			time.Sleep(100 * time.Microsecond)
		}
		filled += time.Since(start)
		t := time.Now()
		u.drain()
		fillUI += time.Since(t)
		u.Wait()
		page += time.Since(start)
		if _, ok := v.Row(row); !ok {
			b.Fatalf("row %d not read", row)
		}
	}
	b.ReportMetric(float64(onUI.Microseconds())/float64(b.N), "ui-µs")
	b.ReportMetric(float64(filled.Microseconds())/float64(b.N)/1000, "filled-ms")
	b.ReportMetric(float64(fillUI.Microseconds())/float64(b.N), "fill-ui-µs")
	b.ReportMetric(float64(page.Microseconds())/float64(b.N)/1000, "page-ms")
	b.ReportMetric(float64(n), "rows")
}
