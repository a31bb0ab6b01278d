package importer

import (
	"errors"
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// invoiceState follows one invoice's payments through the file.
type invoiceState struct {
	inv      ledger.Invoice
	payments []ledger.Payment // stored ones, updated in place as rows match
	paid     int64
	// The file's last row for this invoice: where an overpayment is
	// reported once the whole file is read (a corrected export may lower
	// one payment after raising another).
	lastLine   int
	lastAmount string
}

// payments imports payment rows. A payment is keyed by invoice and
// reference; without a reference, by invoice, date and amount, so that
// re-importing the same bank export never counts a payment twice. The
// payments of an invoice may never exceed its total.
func (r *run) payments(b *store.Batch) error {
	states := map[string]*invoiceState{}
	var order []string // invoice numbers in file order, for stable reports
	keys := seen{}
	err := r.each(func() error {
		number, ok := r.required("invoice_number", 64)
		if !ok {
			return nil
		}
		st, loaded := states[number]
		if !loaded {
			number = strings.Clone(number) // kept: not the whole row with it
			inv, err := b.InvoiceByNumber(r.ctx, number)
			found := err == nil
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
			if found {
				ps, err := b.PaymentsOf(r.ctx, inv.ID)
				if err != nil {
					return err
				}
				st = &invoiceState{inv: inv, payments: ps}
				for _, p := range ps {
					st.paid += p.Amount
				}
				order = append(order, number)
			}
			states[number] = st
		}
		if st == nil {
			r.problem("invoice_number", number, i18n.M("import.unknown_invoice"))
			return nil
		}
		good := true
		date, ok := r.date("date", true)
		good = good && ok
		if ok && date.After(r.opts.Today) {
			v, _ := r.cell("date")
			r.problem("date", v, i18n.M("import.date_in_future"))
			good = false
		}
		if ok && date.Before(st.inv.IssueDate) {
			v, _ := r.cell("date")
			r.problem("date", v, i18n.M("import.payment_before_issue", st.inv.IssueDate.String()))
			good = false
		}
		amountText, _ := r.cell("amount")
		cur := st.inv.Total.Currency
		amount, ok := r.amount("amount", amountText, cur)
		if !ok {
			good = false
		} else if amount == 0 {
			r.problem("amount", amountText, i18n.M("import.zero_amount"))
			good = false
		}
		method, ok1 := r.text("method", 50)
		ref, ok2 := r.text("reference", 100)
		if !good || !ok1 || !ok2 {
			return nil
		}
		key := number + "\x00" + ref
		keyCol, keyVal := "reference", ref
		if ref == "" {
			key = number + "\x00\x00" + date.String() + "\x00" + ledger.FormatMinor(amount, 0)
			keyCol, keyVal = "amount", amountText
		}
		if r.duplicate(keys, key, keyCol, keyVal) {
			return nil
		}
		// Match a stored payment by the same key.
		var match *ledger.Payment
		for i := range st.payments {
			p := &st.payments[i]
			if (ref != "" && p.Reference == ref) || (ref == "" && p.Reference == "" && p.Date == date && p.Amount == amount) {
				match = p
				break
			}
		}
		st.paid += amount
		if match != nil {
			st.paid -= match.Amount
		}
		st.lastLine, st.lastAmount = r.row.Line, amountText
		p := ledger.Payment{InvoiceID: st.inv.ID, InvoiceNumber: number, Date: date, Amount: amount, Method: method, Reference: ref}
		if match != nil {
			p.ID = match.ID
			*match = p
		}
		if len(r.res.Problems) > 0 {
			return nil
		}
		if match != nil {
			r.res.Updated++
		} else {
			r.res.Created++
		}
		return b.SavePayment(r.ctx, &p)
	})
	if err != nil {
		return err
	}
	// With every row read: no invoice may be paid beyond its total.
	for _, number := range order {
		st := states[number]
		if st.lastLine > 0 && st.paid > st.inv.Total.Minor {
			r.res.Problems = append(r.res.Problems, Problem{File: r.opts.File, Line: st.lastLine, Column: "amount", Value: st.lastAmount,
				Reason: i18n.M("import.overpaid", ledger.Money{Minor: st.paid, Currency: st.inv.Total.Currency}.String(), st.inv.Total.String())})
		}
	}
	return nil
}
