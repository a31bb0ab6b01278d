package importer

import (
	"context"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
	"path/filepath"
)

// invoices imports invoice rows, keyed by number. The customer must exist.
// Re-importing an invoice that already has payments may not lower its total
// below what was paid, nor change its currency (the payments are amounts in
// that currency).
func (r *run) invoices(b *store.Batch) error {
	customers, err := b.CustomerIDs(r.ctx)
	if err != nil {
		return err
	}
	existing, err := b.ExistingInvoices(r.ctx)
	if err != nil {
		return err
	}
	// A big file into a comparatively small ledger: rebuilding the indexes
	// once beats updating them a million times (see store.bulkIndexes).
	estimate := int(r.opts.SizeHint / 60) // a short invoice row is ~60 bytes
	if estimate >= bulkRows && estimate >= len(existing)/2 {
		if err := b.DeferInvoiceIndexes(r.ctx); err != nil {
			return err
		}
	}
	keys := make(seen, min(estimate, 4_000_000))
	currencies := map[string]ledger.Currency{}
	w := startWriter(r.ctx, b)
	err = r.each(func() error {
		number, ok := r.required("number", 64)
		if !ok {
			return nil
		}
		if r.duplicate(keys, number, "number", number) {
			return nil
		}
		old, exists := existing[number]
		var inv ledger.Invoice
		if exists {
			inv = old.Invoice
		} else {
			inv = ledger.Invoice{Number: number}
		}
		good := true
		code, ok := r.required("customer_code", 64)
		if ok {
			id, found := customers[code]
			if !found {
				r.problem("customer_code", code, i18n.M("import.unknown_customer"))
				good = false
			}
			inv.CustomerID, inv.CustomerCode = id, code
		} else {
			good = false
		}
		issue, ok1 := r.date("issue_date", true)
		due, ok2 := r.date("due_date", true)
		good = good && ok1 && ok2
		inv.IssueDate, inv.DueDate = issue, due
		if ok1 && ok2 && due.Before(issue) {
			v, _ := r.cell("due_date")
			r.problem("due_date", v, i18n.M("import.due_before_issue", issue.String()))
			good = false
		}
		cur := r.company.Currency
		if v, present := r.cell("currency"); present && v != "" {
			c, known := currencies[v]
			if !known {
				parsed, err := ledger.ParseCurrency(v)
				if err != nil {
					r.problem("currency", v, i18n.M("import.unknown_currency"))
					good = false
				}
				c = parsed
				currencies[v] = c
			}
			if c == "" {
				good = false
			}
			cur = c
		} else if exists {
			cur = old.Total.Currency
		}
		totalText, _ := r.cell("total")
		var total int64
		if cur != "" {
			var ok bool
			total, ok = r.amount("total", totalText, cur)
			good = good && ok
		}
		inv.Total = ledger.Money{Minor: total, Currency: cur}
		if _, present := r.cell("description"); present {
			d, ok := r.text("description", 500)
			good = good && ok
			inv.Description = d
		}
		if _, present := r.cell("service_date"); present {
			d, ok := r.date("service_date", false)
			good = good && ok
			inv.ServiceDate = d
		}
		if _, present := r.cell("service_end"); present {
			d, ok := r.date("service_end", false)
			good = good && ok
			inv.ServiceEnd = d
			if ok && !d.IsZero() && d.Before(inv.ServiceDate) {
				v, _ := r.cell("service_end")
				r.problem("service_end", v, i18n.M("import.service_end_before_start"))
				good = false
			}
		}
		if _, present := r.cell("pdf"); present {
			p, ok := r.text("pdf", 1000)
			good = good && ok
			inv.PDFPath = r.resolvePath(p)
		}
		if !good {
			return nil
		}
		if exists && old.Payments > 0 {
			if cur != old.Total.Currency {
				r.problem("currency", string(cur), i18n.M("import.currency_change_with_payments", old.Total.Currency))
				return nil
			}
			if total < old.Paid {
				r.problem("total", totalText, i18n.M("import.total_below_paid", ledger.Money{Minor: old.Paid, Currency: cur}.String()))
				return nil
			}
		}
		if len(r.res.Problems) > 0 {
			return nil // the import is lost anyway: check the rest, write nothing
		}
		if exists {
			inv.ID = old.ID
			r.res.Updated++
		} else {
			r.res.Created++
		}
		return w.add(inv)
	})
	if werr := w.finish(); err == nil {
		err = werr
	}
	return err
}

// invoiceWriter writes validated invoices on its own goroutine, so that
// reading and checking the next rows (one core) overlaps with SQLite
// writing the previous ones (the other core). Rows travel in batches to
// keep channel traffic low. Only the writer touches the Batch meanwhile; a
// write error is reported by finish, and the whole transaction is then
// rolled back.
type invoiceWriter struct {
	batch []ledger.Invoice
	ch    chan []ledger.Invoice
	done  chan error
}

const writeBatch = 512

func startWriter(ctx context.Context, b *store.Batch) *invoiceWriter {
	w := &invoiceWriter{ch: make(chan []ledger.Invoice, 8), done: make(chan error, 1)}
	go func() {
		var err error
		for batch := range w.ch {
			for i := 0; i < len(batch) && err == nil; i++ {
				if batch[i].ID != 0 {
					err = b.UpdateInvoice(ctx, &batch[i])
				} else {
					err = b.InsertInvoice(ctx, &batch[i])
				}
			}
		}
		w.done <- err
	}()
	return w
}

// add queues inv for writing.
func (w *invoiceWriter) add(inv ledger.Invoice) error {
	w.batch = append(w.batch, inv)
	if len(w.batch) == writeBatch {
		w.ch <- w.batch
		w.batch = make([]ledger.Invoice, 0, writeBatch)
	}
	return nil
}

// finish flushes the last rows and waits for the writer's outcome.
func (w *invoiceWriter) finish() error {
	if len(w.batch) > 0 {
		w.ch <- w.batch
	}
	close(w.ch)
	return <-w.done
}

// resolvePath makes a relative path in the file (an invoice PDF next to
// the export) absolute, from the imported file's folder: the ledger must
// find it later from wherever the app runs. Whether the file exists is
// checked when a letter uses it, not here: a folder on a drive not mounted
// today must not reject an import.
func (r *run) resolvePath(p string) string {
	if p == "" || filepath.IsAbs(p) || r.opts.File == "" {
		return p
	}
	abs, err := filepath.Abs(filepath.Join(filepath.Dir(r.opts.File), filepath.FromSlash(p)))
	if err != nil {
		return p
	}
	return abs
}
