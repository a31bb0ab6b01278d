package importer

import (
	"errors"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// Credit notes in an invoice export (a negative total, a "Credit Memo",
// an "Avoir", ERPNext's "Is Return") are kept as credit notes, never a
// refused file, and applied by the one credit model (store.ApplyCreditNote):
// to the invoice they reference, else to the customer's oldest open
// invoices in their currency, else held as the customer's open credit,
// which later imports apply when an invoice is open.

type creditRow struct {
	line int
	note ledger.CreditNote
	cust *customerRef
	// allocated: the export's own balance column says nothing is left of
	// this credit note, so the tool already took it off the balances it
	// exports (Xero's "InvoiceAmountDue" 0.00 on a credit note). A credit
	// note whose whole amount is still open there (Dolibarr's "Reste à
	// payer") was not, and adds to them.
	allocated bool
}

func (r *run) creditRow(number string, cust *customerRef, date ledger.Date, amount ledger.Money) creditRow {
	ref, _ := r.cell("credit_of")
	desc, _ := r.cell("description")
	if len(desc) > 500 {
		desc = desc[:500]
	}
	allocated := false
	if v, present := r.cell("balance"); present && v != "" {
		raw, num := r.spreadsheetNumber("balance")
		if num {
			v = raw
		}
		left, msg := parseAmountSign(v, amount.Currency, num, true)
		allocated = msg == nil && left == 0
	}
	return creditRow{line: r.row.Line, cust: cust, allocated: allocated, note: ledger.CreditNote{Number: number,
		CustomerCode: cust.code, Date: date, Amount: amount, Invoice: ref, Description: desc}}
}

// applyCredits saves the file's credit notes and applies them, then the
// credit held from earlier imports; and sets again the export payment of
// the invoices whose exported balance already counts a credit note applied
// to them (the invoice it names, or any, when the export says the credit
// note is used up), so that the balance stays the export's.
func (r *run) applyCredits(b *store.Batch, rows []creditRow) error {
	sum := &r.res.Summary
	touched := map[string]bool{}
	seen := map[string]bool{}
	for _, c := range rows {
		if c.cust.id == 0 {
			id, err := b.SaveCustomer(r.ctx, *c.cust.new)
			if err != nil {
				return err
			}
			c.cust.id = id
		}
		n := c.note
		n.CustomerID = c.cust.id
		old, err := b.CreditNoteByNumber(r.ctx, n.Number)
		var before []string // the invoices it was on, before this export
		switch {
		case err == nil:
			// A newer export of the same credit note: applied afresh.
			if before, err = b.UnapplyCreditNote(r.ctx, old.ID); err != nil {
				return err
			}
			n.ID = old.ID
			r.res.Updated++
		case errors.Is(err, store.ErrNotFound):
			r.res.Created++
		default:
			return err
		}
		if err := b.SaveCreditNote(r.ctx, &n); err != nil {
			return err
		}
		n.Applied = 0
		seen[n.Number] = true
		apply := n
		if c.allocated && apply.Invoice == "" && len(before) == 1 {
			// A used-up credit note that names no invoice (Xero keeps the
			// allocation out of its export) stays on the invoice it was
			// put on, rather than moving to whichever is oldest open now.
			apply.Invoice = before[0]
		}
		nums, applied, err := b.ApplyCreditNote(r.ctx, apply)
		if err != nil {
			return err
		}
		if applied > 0 {
			sum.CreditNotesApplied++
		}
		// The invoice a credit note names has it in its exported balance
		// (ERPNext's "Credit Note Issued", Odoo's reversal); so do the
		// invoices of a credit note the export shows used up. A credit the
		// export still shows open adds to the balances it gives.
		switch {
		case c.allocated:
			// The invoices it left lost a credit their exported balance
			// still counts: their export payment is set again too.
			for _, num := range append(nums, before...) {
				touched[num] = true
			}
		case len(nums) > 0 && nums[0] == n.Invoice:
			touched[n.Invoice] = true
		}
	}
	// Credit held from earlier imports meets the invoices now open.
	held, err := b.OpenCreditNotes(r.ctx)
	if err != nil {
		return err
	}
	for _, n := range held {
		if !seen[n.Number] {
			_, applied, err := b.ApplyCreditNote(r.ctx, n)
			if err != nil {
				return err
			}
			if applied > 0 {
				sum.CreditNotesApplied++
			}
		}
	}
	for num := range touched {
		target, ok := r.bal.targets[num]
		if !ok {
			continue
		}
		inv, err := b.InvoiceByNumber(r.ctx, num)
		if err != nil {
			return err
		}
		parts, err := b.PaidPartsOf(r.ctx, inv.ID)
		if err != nil {
			return err
		}
		e := exportPay{id: parts.ExportID, old: parts.ExportPaid, amount: target - parts.Others, date: inv.IssueDate, undated: true}
		if parts.ExportID != 0 {
			ps, err := b.PaymentsOf(r.ctx, inv.ID)
			if err != nil {
				return err
			}
			for _, p := range ps {
				if p.ID == parts.ExportID {
					e.date, e.undated = p.Date, p.Undated
				}
			}
		}
		if err := e.write(r.ctx, b, inv); err != nil {
			return err
		}
	}
	// What stays open is the customers' credit.
	sum.CreditHeld, err = b.OpenCreditTotals(r.ctx, r.opts.Today)
	return err
}
