package importer

import (
	"context"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// Balances from the export. When an invoice file says what is paid (a
// paid, due or balance column, or a status), the invoice's payments are
// reconciled to it: the difference with the payments recorded otherwise is
// the invoice's one payment from the export (ledger.PaymentFromExport),
// which a newer export adjusts rather than duplicates. It is dated by the
// export's payment date column; without one, the date is unknown: the
// payment is put on the invoice's issue date so that no interest is ever
// claimed on that part, and the import says so.

// balanceInfo is what the file's header offers, and what the rows said.
type balanceInfo struct {
	paid, balance, status, date bool
	undated                     []int // lines of undated export payments
	// balance rows whose invoice is still open: their target settled
	// amount, recomputed after the file's credit notes are applied (the
	// balance already counts them).
	targets map[string]int64
	r       *run
}

func (r *run) balanceColumns() *balanceInfo {
	b := &balanceInfo{r: r, targets: map[string]int64{}}
	_, b.paid = r.m["paid"]
	_, b.balance = r.m["balance"]
	_, b.status = r.m["status"]
	if _, pay := r.m["payment_status"]; pay {
		b.status = true
	}
	_, b.date = r.m["payment_date"]
	return b
}

// any reports whether the file says anything about payments.
func (b *balanceInfo) any() bool { return b.paid || b.balance || b.status }

func (b *balanceInfo) dateColumn() string {
	if b.balance {
		return "balance"
	}
	if b.paid {
		return "paid"
	}
	return "status"
}

// exportPay is the payment from the export an invoice row sets.
type exportPay struct {
	id      int64 // the stored one, 0 if none
	amount  int64 // 0: none (the stored one is deleted)
	date    ledger.Date
	undated bool
	old     int64 // the stored amount
}

// exportPayment reads the row's paid, balance and status columns. It
// returns nil when the row says nothing about payments (the payments
// recorded stay as they are), and ok=false on a problem.
func (r *run) exportPayment(bal *balanceInfo, st invoiceStatus, inv ledger.Invoice, old store.ExistingInvoice, exists bool) (*exportPay, bool) {
	if !bal.paid && !bal.balance && !bal.status {
		return nil, true
	}
	total := inv.Total.Minor
	cur := inv.Total.Currency
	var others int64 // payments the target is compared with
	if exists {
		others = old.PaidBesidesExport() // recorded and credits
	}
	target, known := int64(0), false
	balanceText, _ := r.cell("balance")
	paidText, _ := r.cell("paid")
	switch {
	case bal.balance && balanceText != "":
		due, ok := r.signedAmount("balance", balanceText, cur)
		if !ok {
			return nil, false
		}
		if due < 0 {
			r.warn("balance", balanceText, i18n.M("import.overpaid_export", inv.Number))
			due = 0
		}
		if due > total {
			r.problem("balance", balanceText, i18n.M("import.balance_above_total", inv.Total.String()))
			return nil, false
		}
		target, known = total-due, true
		if target < total {
			bal.targets[inv.Number] = target
		}
	case bal.paid && paidText != "":
		paid, ok := r.signedAmount("paid", paidText, cur)
		if !ok {
			return nil, false
		}
		if paid < 0 {
			r.problem("paid", paidText, i18n.M("import.negative_amount"))
			return nil, false
		}
		if paid > total {
			r.warn("paid", paidText, i18n.M("import.overpaid_export", inv.Number))
			paid = total
		}
		// A paid column counts money; credit notes are applied besides.
		target, known = paid+old.CreditPaid, true
	}
	if !known && r.opts.paymentsBeside && (st == statusPaid || st == statusPartial) {
		return nil, true // the file's payments table says what was paid
	}
	if !known {
		switch st {
		case statusPaid:
			target = total
		case statusPartial:
			v, _ := r.cell("status")
			r.problem("status", v, i18n.M("import.partial_without_amount"))
			return nil, false
		case statusUnpaid:
			target = others // the export adds nothing to what is recorded
		default:
			return nil, true // "sent", "viewed": nothing said about payments
		}
	}
	e := &exportPay{amount: target - others}
	if exists {
		e.id, e.old = old.ExportID, old.ExportPaid
	}
	if e.amount != 0 {
		d, ok := r.date("payment_date", false)
		if !ok {
			return nil, false
		}
		if !d.IsZero() {
			v, _ := r.cell("payment_date")
			if d.After(r.opts.Today) {
				r.problem("payment_date", v, i18n.M("import.date_in_future"))
				return nil, false
			}
			if d.Before(inv.IssueDate) {
				r.problem("payment_date", v, i18n.M("import.payment_before_issue", inv.IssueDate.String()))
				return nil, false
			}
		}
		e.date = d
		if d.IsZero() {
			e.date, e.undated = inv.IssueDate, true
		}
	}
	return e, true
}

// countBalance adds a row's effect on balances to the summary.
func (r *run) countBalance(e *exportPay, inv ledger.Invoice, old store.ExistingInvoice, exists bool) {
	if e == nil {
		return
	}
	sum := &r.res.Summary
	if e.amount != e.old {
		sum.BalancesMoved++
		if exists && old.Paid < old.Total.Minor && old.Paid-e.old+e.amount >= inv.Total.Minor {
			sum.NowPaid++
		}
	}
	if e.amount < 0 {
		sum.NegativeAdjusted = append(sum.NegativeAdjusted, inv.Number)
	}
	if e.amount != 0 && e.undated {
		r.bal.undated = append(r.bal.undated, r.row.Line)
	}
}

// write sets the invoice's payment from the export.
func (e *exportPay) write(ctx context.Context, b *store.Batch, inv ledger.Invoice) error {
	switch {
	case e.amount == e.old && (e.id != 0 || e.amount == 0):
		return nil // unchanged: a re-import of the same export writes nothing
	case e.amount == 0:
		return b.DeletePayment(ctx, e.id)
	}
	p := e.payment(inv)
	return b.SavePayment(ctx, &p)
}

func (e *exportPay) payment(inv ledger.Invoice) ledger.Payment {
	return ledger.Payment{ID: e.id, InvoiceID: inv.ID, InvoiceNumber: inv.Number, Date: e.date, Amount: e.amount,
		Method: "export", Reference: ledger.ExportReference, Source: ledger.PaymentFromExport, Undated: e.undated}
}

// insertWith writes a new invoice, and its settlement date with it
// (store.InsertInvoiceSettled: no trigger needed when a bulk import
// deferred them); its payment from the export is queued in pays, which the
// writer inserts by the hundred.
func (e *exportPay) insertWith(ctx context.Context, b *store.Batch, inv *ledger.Invoice, pays *[]ledger.Payment) error {
	if err := b.InsertInvoiceSettled(ctx, inv, e.amount, e.date); err != nil {
		return err
	}
	*pays = append(*pays, e.payment(*inv))
	return nil
}
