package store

import (
	"context"
	"errors"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// exportPay is an invoice's payment from an export, as the importer
// writes it.
func exportPay(date string, amount int64, undated bool) ledger.Payment {
	return ledger.Payment{Date: ledger.MustDate(date), Amount: amount, Method: "export", Reference: ledger.ExportReference,
		Source: ledger.PaymentFromExport, Undated: undated}
}

func recorded(date string, amount int64) ledger.Payment {
	return ledger.Payment{Date: ledger.MustDate(date), Amount: amount}
}

func checkOK(t *testing.T, s *Store) {
	t.Helper()
	rep, err := s.Check(context.Background())
	if err != nil || !rep.OK() {
		t.Fatalf("check: %v %v", err, rep.Problems)
	}
}

// TestSettlementWithNegativeExportAdjustment drives settled_on through
// sequences of payments where the export's adjustment is negative (its
// balance grew against recorded payments). Each expected date is worked
// out by hand from the running totals written beside it.
func TestSettlementWithNegativeExportAdjustment(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	c := addCustomer(t, s, "C1")
	cases := []struct {
		name     string
		payments []ledger.Payment
		want     string
	}{
		// 01-01: -40; 03-01: 60 of 100: never settled.
		{"recorded paid, export says 40 still due", []ledger.Payment{recorded("2025-03-01", 100), exportPay("2025-01-01", -40, true)}, ""},
		// 01-01: -20; 01-15: 30; 02-15: 80: never settled.
		{"two recorded, export takes 20 back", []ledger.Payment{recorded("2025-01-15", 50), recorded("2025-02-15", 50),
			exportPay("2025-01-01", -20, true)}, ""},
		// 02-01: 100 (settled), 03-01: 70 (open again): the last day is below.
		{"settled, then a dated negative adjustment", []ledger.Payment{recorded("2025-02-01", 100), exportPay("2025-03-01", -30, false)}, ""},
		// 02-01: 100; 03-01: 70; 04-01: 100: settled on 04-01, not 02-01.
		{"open again, then paid again", []ledger.Payment{recorded("2025-02-01", 100), exportPay("2025-03-01", -30, false),
			recorded("2025-04-01", 30)}, "2025-04-01"},
		// 01-01: -10 and 110 on the same day (the export and a recorded
		// payment): 100 that day: settled on 01-01.
		{"same day", []ledger.Payment{recorded("2025-01-01", 110), exportPay("2025-01-01", -10, true)}, "2025-01-01"},
		// 01-01: 100 from the export alone: settled on the issue date.
		{"export alone, undated", []ledger.Payment{exportPay("2025-01-01", 100, true)}, "2025-01-01"},
	}
	for i, tc := range cases {
		id := addInvoice(t, s, c, "N"+itoa(i), "2025-01-01", "2025-01-31", 100, tc.payments...)
		if got := settledOn(t, s, id); got != tc.want {
			t.Errorf("%s: settled on %q, want %q", tc.name, got, tc.want)
		}
	}
	checkOK(t, s)

	// A newer export moves the adjustment: from -30 to 0 (deleted), the
	// invoice of the third case is settled on 02-01 again.
	id := addInvoice(t, s, c, "MOVE", "2025-01-01", "2025-01-31", 100, recorded("2025-02-01", 100), exportPay("2025-03-01", -30, false))
	ex, err := s.ExistingInvoices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e := ex["MOVE"]
	if e.ExportID == 0 || e.ExportPaid != -30 || e.Paid != 70 || e.PaidBesidesExport() != 100 || e.Payments != 2 || e.CreditPaid != 0 {
		t.Fatalf("existing invoice %+v", e)
	}
	if err := s.InBatch(ctx, false, func(b *Batch) error { return b.DeletePayment(ctx, e.ExportID) }); err != nil {
		t.Fatal(err)
	}
	if got := settledOn(t, s, id); got != "2025-02-01" {
		t.Fatalf("after the adjustment went: settled on %q, want 2025-02-01", got)
	}
	checkOK(t, s)

	// The rule that keeps the view honest: no invoice paid below nothing.
	bad := addInvoice(t, s, c, "BAD", "2025-01-01", "2025-01-31", 100, exportPay("2025-01-01", -5, true))
	rep, err := s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() || !hasCheckProblem(rep, "negative_paid") {
		t.Fatalf("check missed invoice %d paid -5: %v", bad, rep.Problems)
	}
	// A recorded payment may not be negative: only the export's.
	err = s.InBatch(ctx, false, func(b *Batch) error {
		p := recorded("2025-01-02", -5)
		p.InvoiceID = id
		return b.SavePayment(ctx, &p)
	})
	if err == nil {
		t.Fatal("a negative recorded payment was accepted")
	}
}

func hasCheckProblem(rep CheckReport, name string) bool {
	for _, c := range rep.Checks {
		if c.Name == name && c.Problems > 0 {
			return true
		}
	}
	return false
}

func saveNote(t *testing.T, s *Store, n *ledger.CreditNote) {
	t.Helper()
	ctx := context.Background()
	if err := s.InBatch(ctx, false, func(b *Batch) error { return b.SaveCreditNote(ctx, n) }); err != nil {
		t.Fatal(err)
	}
}

func applyNote(t *testing.T, s *Store, number string) ([]string, int64) {
	t.Helper()
	ctx := context.Background()
	var touched []string
	var applied int64
	err := s.InBatch(ctx, false, func(b *Batch) error {
		n, err := b.CreditNoteByNumber(ctx, number)
		if err != nil {
			return err
		}
		touched, applied, err = b.ApplyCreditNote(ctx, n)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return touched, applied
}

func balanceOf(t *testing.T, s *Store, id int64) int64 {
	t.Helper()
	var b int64
	if err := s.DB().QueryRow(`SELECT i.total - coalesce((SELECT sum(amount) FROM payments WHERE invoice_id = i.id), 0)
		FROM invoices i WHERE i.id = ?`, id).Scan(&b); err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCreditNotesApplied follows the one credit model: the referenced
// invoice first, then the customer's oldest open invoices in the credit's
// currency, the rest held and applied when an invoice is open.
func TestCreditNotesApplied(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	c := addCustomer(t, s, "C1")
	other := addCustomer(t, s, "C2")
	if _, err := s.CreditNoteByNumber(ctx, "AV-0"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing credit note: %v", err)
	}
	// Open invoices of C1 in EUR, by issue date: B (2025-01-10, 300),
	// A (2025-02-01, 500, 100 paid), D (2025-03-01, 200); C is paid, the
	// USD one and C2's are not C1's EUR invoices.
	a := addInvoice(t, s, c, "A", "2025-02-01", "2025-03-01", 500, recorded("2025-02-15", 100))
	bID := addInvoice(t, s, c, "B", "2025-01-10", "2025-02-10", 300)
	addInvoice(t, s, c, "C", "2025-01-01", "2025-02-01", 400, exportPay("2025-01-01", 400, true))
	d := addInvoice(t, s, c, "D", "2025-03-01", "2025-04-01", 200)
	addInvoice(t, s, other, "X", "2024-12-01", "2025-01-01", 999)
	usd := ledger.Invoice{Number: "U", CustomerID: c, IssueDate: ledger.MustDate("2024-11-01"), DueDate: ledger.MustDate("2024-12-01"),
		Total: ledger.Money{Minor: 700, Currency: "USD"}}
	if err := s.InBatch(ctx, false, func(b *Batch) error { return b.InsertInvoice(ctx, &usd) }); err != nil {
		t.Fatal(err)
	}
	open, err := s.OpenInvoicesOf(ctx, c, "EUR")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, o := range open {
		got = append(got, o.Number+":"+itoa(int(o.Balance)))
	}
	if want := "B:300 A:400 D:200"; joinSpace(got) != want {
		t.Fatalf("open invoices %q, want %q", joinSpace(got), want)
	}

	// AV-1 (250) names A: all of it on A, dated on the credit note's day.
	n1 := ledger.CreditNote{Number: "AV-1", CustomerID: c, Date: ledger.MustDate("2025-02-20"), Amount: ledger.Money{Minor: 250, Currency: "EUR"},
		Invoice: "A", Description: "retour"}
	saveNote(t, s, &n1)
	back, err := s.CreditNoteByNumber(ctx, "AV-1")
	if err != nil || back.ID != n1.ID || back.CustomerCode != "C1" || back.Date != n1.Date || back.Amount != n1.Amount ||
		back.Invoice != "A" || back.Description != "retour" || back.Applied != 0 {
		t.Fatalf("read back %+v, %v", back, err)
	}
	touched, applied := applyNote(t, s, "AV-1")
	if joinSpace(touched) != "A" || applied != 250 || balanceOf(t, s, a) != 150 {
		t.Fatalf("AV-1: touched %v, applied %d, A's balance %d (want A, 250, 150)", touched, applied, balanceOf(t, s, a))
	}
	ps, err := s.PaymentsOf(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	last := ps[len(ps)-1]
	if last.Source != ledger.PaymentCredit || last.CreditNoteID != n1.ID || last.Date.String() != "2025-02-20" || last.Amount != 250 {
		t.Fatalf("credit payment %+v", last)
	}

	// AV-2 (600) names nothing: B's 300, then A's 150, then D's 150 of 200.
	n2 := ledger.CreditNote{Number: "AV-2", CustomerID: c, Date: ledger.MustDate("2025-03-05"), Amount: ledger.Money{Minor: 600, Currency: "EUR"}}
	saveNote(t, s, &n2)
	touched, applied = applyNote(t, s, "AV-2")
	if joinSpace(touched) != "B A D" || applied != 600 || balanceOf(t, s, bID) != 0 || balanceOf(t, s, a) != 0 || balanceOf(t, s, d) != 50 {
		t.Fatalf("AV-2: touched %v, applied %d, balances B %d A %d D %d", touched, applied, balanceOf(t, s, bID), balanceOf(t, s, a), balanceOf(t, s, d))
	}
	// B issued 2025-01-10, credited from 2025-03-05: settled that day.
	if got := settledOn(t, s, bID); got != "2025-03-05" {
		t.Fatalf("B settled on %q", got)
	}

	// AV-3 (120) names nothing: D's 50, 70 held.
	n3 := ledger.CreditNote{Number: "AV-3", CustomerID: c, Date: ledger.MustDate("2025-03-10"), Amount: ledger.Money{Minor: 120, Currency: "EUR"}}
	saveNote(t, s, &n3)
	if _, applied = applyNote(t, s, "AV-3"); applied != 50 {
		t.Fatalf("AV-3 applied %d, want 50", applied)
	}
	held, err := s.OpenCreditNotesOf(ctx, c)
	if err != nil || len(held) != 1 || held[0].Number != "AV-3" || held[0].Open().Minor != 70 {
		t.Fatalf("held credit %+v %v", held, err)
	}
	if others, _ := s.OpenCreditNotesOf(ctx, other); len(others) != 0 {
		t.Fatalf("C2 holds %+v", others)
	}
	// A later invoice (issued before the credit note: the credit counts
	// from the credit note's date) takes the 70.
	e := addInvoice(t, s, c, "E", "2025-03-01", "2025-04-01", 100)
	if touched, applied = applyNote(t, s, "AV-3"); joinSpace(touched) != "E" || applied != 70 || balanceOf(t, s, e) != 30 {
		t.Fatalf("held AV-3: %v %d, E's balance %d", touched, applied, balanceOf(t, s, e))
	}
	// Held credit older than the invoice counts from the invoice's issue.
	n4 := ledger.CreditNote{Number: "AV-4", CustomerID: c, Date: ledger.MustDate("2025-01-01"), Amount: ledger.Money{Minor: 10, Currency: "EUR"}}
	saveNote(t, s, &n4)
	applyNote(t, s, "AV-4")
	ps, _ = s.PaymentsOf(ctx, e)
	found := false
	for _, p := range ps {
		if p.CreditNoteID == n4.ID {
			found = true
			if p.Date.String() != "2025-03-01" || p.Amount != 10 {
				t.Fatalf("AV-4's part on E %+v, want 10 dated 2025-03-01", p)
			}
		}
	}
	if !found {
		t.Fatalf("AV-4 not applied to E: %+v", ps)
	}
	if open, _ := s.OpenCreditNotes(ctx); len(open) != 0 {
		t.Fatalf("still open %+v", open)
	}
	checkOK(t, s)

	// Unapplied (a newer export changed it), the credit is open again.
	if err := s.InBatch(ctx, false, func(b *Batch) error { _, err := b.UnapplyCreditNote(ctx, n2.ID); return err }); err != nil {
		t.Fatal(err)
	}
	if balanceOf(t, s, bID) != 300 || settledOn(t, s, bID) != "" {
		t.Fatalf("B after unapplying AV-2: balance %d, settled %q", balanceOf(t, s, bID), settledOn(t, s, bID))
	}
	checkOK(t, s)
}

// TestCreditNoteOnExportPaidInvoice: the export said the invoice is paid
// (its payment from the export is the whole total) and a credit note names
// it: part of that "paid" was the credit, so the export's payment is
// lowered instead of paying the invoice twice.
func TestCreditNoteOnExportPaidInvoice(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	c := addCustomer(t, s, "C1")
	id := addInvoice(t, s, c, "P", "2025-01-01", "2025-02-01", 1000, recorded("2025-01-20", 300), exportPay("2025-01-01", 700, true))
	n := ledger.CreditNote{Number: "CN", CustomerID: c, Date: ledger.MustDate("2025-01-25"), Amount: ledger.Money{Minor: 200, Currency: "EUR"}, Invoice: "P"}
	saveNote(t, s, &n)
	if _, applied := applyNote(t, s, "CN"); applied != 200 {
		t.Fatalf("applied %d", applied)
	}
	parts, err := s.PaidPartsOf(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	// 300 recorded + 200 credit = 500 others; the export's 700 becomes 500.
	if parts.Others != 500 || parts.ExportPaid != 500 || parts.Total != 1000 || balanceOf(t, s, id) != 0 {
		t.Fatalf("parts %+v, balance %d", parts, balanceOf(t, s, id))
	}
	checkOK(t, s)

	// Overdue totals as of 2025-02-10: P is paid; Q (due 2025-02-01, 500,
	// 100 paid on 2025-02-05 and 100 on 2025-03-01) is overdue by 400.
	addInvoice(t, s, c, "Q", "2025-01-01", "2025-02-01", 500, recorded("2025-02-05", 100), recorded("2025-03-01", 100))
	tot, err := s.OverdueTotals(ctx, ledger.MustDate("2025-02-10"))
	if err != nil || len(tot) != 1 || tot[0] != (ledger.Money{Minor: 400, Currency: "EUR"}) {
		t.Fatalf("overdue %+v %v", tot, err)
	}
}

func joinSpace(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += " "
		}
		out += v
	}
	return out
}
