package store

import (
	"context"
	"fmt"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// TestDeferredSettlement writes what a bulk import writes with the
// settlement triggers dropped, and requires the settlement dates the
// triggers would have given (check's settlement_dates compares every
// invoice with the view), and the triggers back afterwards.
func TestDeferredSettlement(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	c := addCustomer(t, s, "C1")
	old := addInvoice(t, s, c, "OLD", "2025-01-01", "2025-02-01", 1000, recorded("2025-01-10", 1000))
	if settledOn(t, s, old) != "2025-01-10" {
		t.Fatal("setup")
	}
	newInv := func(number string, total int64) ledger.Invoice {
		return ledger.Invoice{Number: number, CustomerID: c, IssueDate: ledger.MustDate("2025-03-01"), DueDate: ledger.MustDate("2025-04-01"),
			Total: ledger.Money{Minor: total, Currency: "EUR"}}
	}
	err := s.InBatch(ctx, false, func(b *Batch) error {
		if err := b.DeferSettlement(ctx); err != nil {
			return err
		}
		if !b.SettlementDeferred() {
			t.Error("not deferred")
		}
		// Paid in full on 03-05; partly paid; an undated one on the issue day.
		for _, w := range []struct {
			number string
			total  int64
			p      ledger.Payment
		}{{"FULL", 500, exportPay("2025-03-05", 500, false)}, {"PART", 500, exportPay("2025-03-05", 200, false)},
			{"UNDATED", 300, exportPay("2025-03-01", 300, true)}} {
			inv := newInv(w.number, w.total)
			p := w.p
			if err := b.InsertInvoiceWithPayment(ctx, &inv, &p); err != nil {
				return err
			}
		}
		// OLD: the export takes 400 back (its balance grew): open again.
		p := exportPay("2025-02-01", -400, false)
		p.InvoiceID = old
		if err := b.SavePayment(ctx, &p); err != nil {
			return err
		}
		b.SettleLater(old)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"OLD": "", "FULL": "2025-03-05", "PART": "", "UNDATED": "2025-03-01"}
	for number, w := range want {
		var got *string
		if err := s.DB().QueryRow(`SELECT settled_on FROM invoices WHERE number = ?`, number).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if (got == nil && w != "") || (got != nil && *got != w) {
			t.Errorf("%s settled on %v, want %q", number, got, w)
		}
	}
	checkOK(t, s)
	// The triggers are back: a payment now settles OLD at once.
	var id int64
	s.DB().QueryRow(`SELECT id FROM invoices WHERE number = 'OLD'`).Scan(&id)
	p := recorded("2025-05-01", 400)
	p.InvoiceID = id
	if err := s.InBatch(ctx, false, func(b *Batch) error { return b.SavePayment(ctx, &p) }); err != nil {
		t.Fatal(err)
	}
	if got := settledOn(t, s, id); got != "2025-05-01" {
		t.Fatalf("after the triggers came back: settled on %q", got)
	}
	// A batch that defers and fails leaves the triggers in place.
	s.InBatch(ctx, false, func(b *Batch) error {
		if err := b.DeferSettlement(ctx); err != nil {
			return err
		}
		return context.Canceled
	})
	var n int
	s.DB().QueryRow(`SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%settle%'`).Scan(&n)
	if n != len(settleTriggers) {
		t.Fatalf("%d settlement triggers after a rollback, want %d", n, len(settleTriggers))
	}
}

// TestInsertInvoicesManyToAStatement: 150 invoices (three statements of
// at most 64 rows) each get the id of their own row, and settled_on as
// InsertInvoiceSettled writes it: paid in full on its payment's date,
// zero totals on their issue date, the others open.
func TestInsertInvoicesManyToAStatement(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	c := addCustomer(t, s, "C1")
	invs := make([]ledger.Invoice, 150)
	rows := make([]NewInvoice, len(invs))
	for i := range invs {
		total := int64(1000 + i)
		if i%10 == 0 {
			total = 0
		}
		invs[i] = ledger.Invoice{Number: fmt.Sprintf("N-%03d", i), CustomerID: c, IssueDate: ledger.MustDate("2025-03-01"),
			DueDate: ledger.MustDate("2025-04-01"), Total: ledger.Money{Minor: total, Currency: "EUR"}}
		rows[i] = NewInvoice{Inv: &invs[i]}
		switch i % 3 {
		case 1: // paid in full
			rows[i].Paid, rows[i].PaidOn = total, ledger.MustDate("2025-03-09")
		case 2: // partly paid
			rows[i].Paid, rows[i].PaidOn = total/2+1, ledger.MustDate("2025-03-09")
		}
	}
	if err := s.InBatch(ctx, false, func(b *Batch) error { return b.InsertInvoices(ctx, rows) }); err != nil {
		t.Fatal(err)
	}
	for i, inv := range invs {
		var number string
		if err := s.DB().QueryRow(`SELECT number FROM invoices WHERE id = ?`, inv.ID).Scan(&number); err != nil || number != inv.Number {
			t.Fatalf("invoice %d: id %d holds %q (%v)", i, inv.ID, number, err)
		}
		want := ""
		switch {
		case i%10 == 0:
			want = "2025-03-01"
		case i%3 == 1:
			want = "2025-03-09"
		}
		if got := settledOn(t, s, inv.ID); got != want {
			t.Errorf("%s settled on %q, want %q", inv.Number, got, want)
		}
	}
}
