package app

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/ledger"
)

// TestInvoiceDetail: an invoice's page as the app reads it: money
// received apart from the credit notes applied, only its own changes,
// the reason it was set aside; an unknown number is the owner's refusal.
func TestInvoiceDetail(t *testing.T) {
	ctx := context.Background()
	day := ledger.MustDate("2025-07-20")
	at := time.Date(2025, 7, 20, 9, 15, 0, 0, time.UTC)
	svc, _, err := Create(ctx, filepath.Join(t.TempDir(), "d.db"), Options{Today: func() ledger.Date { return day }, Now: func() time.Time { return at }})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if _, err := svc.Store().SaveCustomer(ctx, ledger.Customer{Code: "C1", Name: "One", Language: ledger.French, Kind: ledger.Business,
		Delivery: ledger.DeliveryPostal}); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"A-1", "A-2"} {
		if _, err := svc.AddInvoice(ctx, InvoiceInput{Number: n, Customer: "C1", IssueDate: ledger.MustDate("2025-05-01"), Amount: "100,00"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.AddPayment(ctx, PaymentInput{Invoice: "A-1", Date: ledger.MustDate("2025-07-01"), Amount: "40", Method: "cheque", Reference: "CHQ-7"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddCreditNote(ctx, CreditNoteInput{Invoice: "A-1", Amount: "25"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.WriteOffInvoice(ctx, "A-1", "gone abroad"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddPayment(ctx, PaymentInput{Invoice: "A-2", Date: day, Amount: "10"}); err != nil {
		t.Fatal(err)
	}
	d, err := svc.InvoiceDetail(ctx, "A-1")
	if err != nil {
		t.Fatal(err)
	}
	// 100.00 − 40.00 received − 25.00 credited = 35.00 written off.
	l := d.Line
	if l.Number != "A-1" || l.CustomerCode != "C1" || l.Paid != 6500 || l.Balance != 3500 || l.Status != ledger.StatusWrittenOff ||
		l.State != ledger.InvoiceWrittenOff || l.StateReason != "gone abroad" || l.StateDate != day {
		t.Errorf("line %+v", l)
	}
	if len(d.Payments) != 1 || d.Payments[0].Amount != 4000 || d.Payments[0].Method != "cheque" || d.Payments[0].Reference != "CHQ-7" {
		t.Errorf("payments %+v", d.Payments)
	}
	if len(d.Credits) != 1 || d.Credits[0].Number != "A-1-C1" || d.Credits[0].Amount != 2500 || d.Credits[0].Date != day {
		t.Errorf("credits %+v", d.Credits)
	}
	var kinds []ledger.ChangeKind
	for _, c := range d.Changes {
		kinds = append(kinds, c.Kind)
	}
	want := []ledger.ChangeKind{ledger.ChangeInvoiceAdded, ledger.ChangePaymentAdded, ledger.ChangeCreditNoteAdded, ledger.ChangeInvoiceWrittenOff}
	if len(kinds) != len(want) {
		t.Fatalf("changes %v, want %v (A-2's payment is not A-1's)", kinds, want)
	}
	for i := range want {
		if kinds[i] != want[i] || d.Changes[i].Who == "" {
			t.Errorf("change %d: %s by %q, want %s", i, kinds[i], d.Changes[i].Who, want[i])
		}
	}
	var ue *UserError
	if _, err := svc.InvoiceDetail(ctx, "NOPE"); !errors.As(err, &ue) || ue.Msg.Key != "dunning.unknown_invoice" {
		t.Errorf("unknown invoice: %v", err)
	}
}
