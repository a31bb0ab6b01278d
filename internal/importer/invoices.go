package importer

import (
	"context"
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
	"path/filepath"
)

// invoices imports invoice rows, keyed by number. The customer is matched
// or created (invoice_customers.go); rows of one invoice's lines are
// grouped (invoice_lines.go); draft and void rows are skipped, credit notes
// kept and applied (invoice_credits.go), and what the export says is paid
// becomes the invoice's payment from the export (invoice_balance.go).
// Re-importing an invoice that already has payments may not lower its total
// below what was paid otherwise, nor change its currency (the payments are
// amounts in that currency).
func (r *run) invoices(b *store.Batch) error {
	_, named := r.m["customer_name"]
	_, mailed := r.m["customer_email"]
	r.custM = combinedMapping(r.header, r.m)
	ci, err := loadCustomerIndex(r.ctx, b, named || mailed, r.custM != nil)
	if err != nil {
		return err
	}
	r.used = map[*customerRef]bool{}
	existing, err := b.ExistingInvoices(r.ctx)
	if err != nil {
		return err
	}
	sum := &r.res.Summary
	if sum.OverdueBefore, err = b.OverdueTotals(r.ctx, r.opts.Today); err != nil {
		return err
	}
	bal := r.balanceColumns()
	// A big file into a comparatively small ledger: rebuilding the indexes
	// once beats updating them a million times (see store.bulkIndexes).
	estimate := int(r.opts.SizeHint / 60) // a short invoice row is ~60 bytes
	if estimate >= bulkRows && estimate >= len(existing)/2 {
		if err := b.DeferInvoiceIndexes(r.ctx); err != nil {
			return err
		}
		if bal.any() {
			if err := b.DeferSettlement(r.ctx); err != nil {
				return err
			}
		}
	}
	keys := make(map[string]lineKey, min(estimate, 4_000_000))
	lines := newLineSums(r)
	grouped := r.hasLines()
	r.bal = bal
	var credits []creditRow
	currencies := map[string]ledger.Currency{}
	words := foldedCache{}
	overdue := newOverdueTally(sum.OverdueBefore, r.opts.Today)
	w := startWriter(r.ctx, b)
	err = r.each(func() error {
		number, ok := r.required("number", 64)
		if !ok {
			return nil
		}
		statusText, _ := r.cell("status")
		st := statusWords[words.fold(statusText)]
		if payText, _ := r.cell("payment_status"); payText != "" && st != statusSkip && st != statusCredit {
			// Odoo: the document's state says posted or draft, the payment
			// status says how much is paid.
			st = statusWords[words.fold(payText)]
		}
		if st == statusSkip {
			if n := len(sum.Skipped); grouped && n > 0 && sum.Skipped[n-1].Number == number {
				return nil // another line of the same draft
			}
			sum.Skipped = append(sum.Skipped, SkippedRow{Line: r.row.Line, Number: strings.Clone(number), Status: strings.Clone(statusText)})
			return nil
		}
		var sig uint64
		if grouped {
			sig = r.invoiceSignature()
		}
		if first, dup := keys[number]; dup {
			if grouped && first.sig == sig {
				lines.add(number) // another line of the same invoice
				return nil
			}
			r.problem("number", number, i18n.M("import.duplicate_key", first.line))
			return nil
		}
		number = strings.Clone(number) // kept: not the whole row with it
		keys[number] = lineKey{line: r.row.Line, sig: sig}
		old, exists := existing[number]
		var inv ledger.Invoice
		if exists {
			inv = old.Invoice
		} else {
			inv = ledger.Invoice{Number: number}
		}
		good := true
		cust, ok := r.resolveCustomer(ci)
		if len(r.updates) > 0 {
			// A combined file's customer details, whatever the invoice.
			if err := w.add(writeOp{updates: r.updates}); err != nil {
				return err
			}
			r.updates = nil
		}
		if ok {
			inv.CustomerCode = cust.code
			if cust.new == nil {
				inv.CustomerID = cust.id
			}
		} else {
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
				currencies[strings.Clone(v)] = c
			}
			if c == "" {
				good = false
			}
			cur = c
		} else if c := r.symbolCurrency("total"); c != "" {
			cur = c // "$1,200.00" and no currency column: the file says dollars
		} else if exists {
			cur = old.Total.Currency
		}
		totalText, _ := r.cell("total")
		var total int64
		switch {
		case r.lineTotals != nil:
			total = r.lineTotals[number]
			totalText = ledger.Money{Minor: total, Currency: cur}.String()
		case cur != "":
			var ok bool
			total, ok = r.signedAmount("total", totalText, cur)
			good = good && ok
		}
		docType, _ := r.cell("doc_type")
		isReturn, _ := r.cell("is_return")
		credit := total < 0 || st == statusCredit || creditTypes[words.fold(docType)] || truthyFolded(words.fold(isReturn))
		issue, ok1 := r.date("issue_date", true)
		due, ok2 := r.date("due_date", !credit)
		good = good && ok1 && ok2
		if credit {
			if good && len(r.res.Problems) == 0 {
				credits = append(credits, r.creditRow(number, cust, issue, ledger.Money{Minor: abs(total), Currency: cur}))
			}
			sum.CreditNotes++
			return nil
		}
		inv.IssueDate, inv.DueDate = issue, due
		if ok1 && ok2 && due.Before(issue) {
			v, _ := r.cell("due_date")
			r.problem("due_date", v, i18n.M("import.due_before_issue", issue.String()))
			good = false
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
		lines.first(number, total)
		exp, ok := r.exportPayment(bal, st, inv, old, exists)
		if !ok {
			return nil
		}
		if exists && old.Payments > 0 {
			if cur != old.Total.Currency {
				r.problem("currency", string(cur), i18n.M("import.currency_change_with_payments", old.Total.Currency))
				return nil
			}
			kept := old.Paid // what stays paid whatever this row says
			if exp != nil {
				kept -= old.ExportPaid
			}
			if total < kept {
				r.problem("total", totalText, i18n.M("import.total_below_paid", ledger.Money{Minor: kept, Currency: cur}.String()))
				return nil
			}
		}
		if len(r.res.Problems) > 0 {
			return nil // the import is lost anyway: check the rest, write nothing
		}
		sum.Invoices++
		if exists {
			inv.ID = old.ID
			r.res.Updated++
		} else {
			r.res.Created++
			sum.NewInvoices++
		}
		r.countBalance(exp, inv, old, exists)
		overdue.move(inv, old, exists, exp)
		op := writeOp{inv: inv, export: exp}
		if cust.new != nil {
			op.cust = cust
		}
		return w.add(op)
	})
	if werr := w.finish(); err == nil {
		err = werr
	}
	if err != nil {
		return err
	}
	lines.check()
	if len(r.res.Problems) > 0 {
		return nil
	}
	// Credits are applied with the triggers and the indexes back: few
	// rows, any invoice, looked up by customer; the overdue total after
	// reads the unsettled invoices' index (a full scan without it: 1.1 s
	// of the million-row import).
	if err := b.RestoreInvoiceIndexes(r.ctx); err != nil {
		return err
	}
	if err := b.ResumeSettlement(r.ctx); err != nil {
		return err
	}
	if err := r.applyCredits(b, credits); err != nil {
		return err
	}
	if len(bal.undated) > 0 {
		sum.UndatedPayments = len(bal.undated)
		r.res.Warnings = append(r.res.Warnings, Problem{File: r.opts.File, Line: bal.undated[0],
			Column: bal.dateColumn(), Reason: i18n.M("import.undated_export_payments", len(bal.undated))})
	}
	sum.OverdueAfter, err = overdue.after(r.ctx, b, sum.CreditNotesApplied > 0)
	return err
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

// invoiceWriter writes validated invoices on its own goroutine, so that
// reading and checking the next rows (one core) overlaps with SQLite
// writing the previous ones (the other core). Rows travel in batches to
// keep channel traffic low. Only the writer touches the Batch meanwhile; a
// write error is reported by finish, and the whole transaction is then
// rolled back.
type invoiceWriter struct {
	batch []writeOp
	ch    chan []writeOp
	done  chan error
}

// writeOp is one invoice to write, with the customer to create first (one
// this file names and the ledger does not have) and the invoice's payment
// from the export to set.
type writeOp struct {
	inv     ledger.Invoice
	cust    *customerRef
	export  *exportPay
	updates []customerUpdate // alone in their op: no invoice with them
}

const writeBatch = 512

func startWriter(ctx context.Context, b *store.Batch) *invoiceWriter {
	w := &invoiceWriter{ch: make(chan []writeOp, 8), done: make(chan error, 1)}
	go func() {
		var err error
		var pays []ledger.Payment // new invoices' export payments, inserted a batch at a time
		var fresh newInvoices     // new invoices, inserted many to a statement
		for batch := range w.ch {
			for i := 0; i < len(batch) && err == nil; i++ {
				op := &batch[i]
				if op.isNew() {
					err = op.queue(ctx, b, &fresh)
					continue
				}
				// Rows are written in the file's order: the new ones
				// queued so far go first.
				if err = fresh.flush(ctx, b, &pays); err == nil {
					err = op.write(ctx, b, &pays)
				}
			}
			if err == nil {
				err = fresh.flush(ctx, b, &pays)
			}
			if err == nil {
				err = b.InsertPayments(ctx, pays)
			}
			pays = pays[:0]
		}
		w.done <- err
	}()
	return w
}

// newInvoices are new invoices waiting for one multi-row insert
// (store.InsertInvoices), with the ops they come from.
type newInvoices struct {
	rows []store.NewInvoice
	ops  []*writeOp
}

// isNew: the op adds an invoice the ledger does not have.
func (op *writeOp) isNew() bool { return op.updates == nil && op.inv.ID == 0 }

// queue creates the op's customer if it is new (so the invoice can name
// it) and queues the invoice.
func (op *writeOp) queue(ctx context.Context, b *store.Batch, f *newInvoices) error {
	if err := op.resolveCustomer(ctx, b); err != nil {
		return err
	}
	r := store.NewInvoice{Inv: &op.inv}
	if e := op.export; e != nil && e.amount != 0 {
		r.Paid, r.PaidOn = e.amount, e.date
	}
	f.rows = append(f.rows, r)
	f.ops = append(f.ops, op)
	return nil
}

// flush inserts the queued invoices and queues their export payments in
// pays (a new invoice's export payment of 0 writes nothing, as
// exportPay.write does).
func (f *newInvoices) flush(ctx context.Context, b *store.Batch, pays *[]ledger.Payment) error {
	if len(f.rows) == 0 {
		return nil
	}
	if err := b.InsertInvoices(ctx, f.rows); err != nil {
		return err
	}
	for _, op := range f.ops {
		if e := op.export; e != nil && e.amount != 0 {
			*pays = append(*pays, e.payment(op.inv))
		}
	}
	f.rows, f.ops = f.rows[:0], f.ops[:0]
	return nil
}

// resolveCustomer sets the invoice's customer, creating it first when
// the file names one the ledger does not have.
func (op *writeOp) resolveCustomer(ctx context.Context, b *store.Batch) error {
	c := op.cust
	if c == nil {
		return nil
	}
	if c.id == 0 {
		id, err := b.SaveCustomer(ctx, *c.new)
		if err != nil {
			return err
		}
		c.id = id
	}
	op.inv.CustomerID = c.id
	return nil
}

func (op *writeOp) write(ctx context.Context, b *store.Batch, pays *[]ledger.Payment) error {
	if op.updates != nil {
		for _, u := range op.updates {
			if _, err := b.SaveCustomer(ctx, u.cust); err != nil {
				return err
			}
		}
		return nil
	}
	if err := op.resolveCustomer(ctx, b); err != nil {
		return err
	}
	if op.inv.ID == 0 && op.export != nil && op.export.amount != 0 {
		return op.export.insertWith(ctx, b, &op.inv, pays)
	}
	var err error
	if op.inv.ID != 0 {
		err = b.UpdateInvoice(ctx, &op.inv)
		b.SettleLater(op.inv.ID)
	} else {
		err = b.InsertInvoice(ctx, &op.inv)
	}
	if err != nil || op.export == nil {
		return err
	}
	return op.export.write(ctx, b, op.inv)
}

// add queues inv for writing.
func (w *invoiceWriter) add(op writeOp) error {
	w.batch = append(w.batch, op)
	if len(w.batch) == writeBatch {
		w.ch <- w.batch
		w.batch = make([]writeOp, 0, writeBatch)
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
