package app

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// The by-hand service (app/payments) through app.Service: what the CLI
// tests do not reach.
func TestChangesByHandService(t *testing.T) {
	ctx := context.Background()
	day := ledger.MustDate("2025-07-20")
	at := time.Date(2025, 7, 20, 9, 15, 0, 0, time.UTC)
	svc, _, err := Create(ctx, filepath.Join(t.TempDir(), "h.db"), Options{Today: func() ledger.Date { return day }, Now: func() time.Time { return at }})
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
	// Overpaying A-1 by 30.00: the credit goes at once to A-2, the
	// customer's oldest other open invoice in euros.
	res, err := svc.AddPayment(ctx, PaymentInput{Invoice: "A-1", Date: ledger.MustDate("2025-07-01"), Amount: "130", Overpay: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Payment.Amount != 10000 || res.Credit.Minor != 3000 || res.Balance.Minor != 0 {
		t.Fatalf("result %+v", res)
	}
	pays, err := svc.Payments(ctx, "A-2")
	if err != nil || len(pays) != 1 || pays[0].Amount != 3000 || pays[0].Source != ledger.PaymentCredit || pays[0].Date != ledger.MustDate("2025-07-01") {
		t.Fatalf("A-2's payments %+v %v: the overpaid 30.00 applied on 2025-07-01", pays, err)
	}
	// A written-off invoice paid after all is paid, and leaves the
	// summary's written-off figure.
	if _, err := svc.WriteOffInvoice(ctx, "A-2", "no answer"); err != nil {
		t.Fatal(err)
	}
	sum, err := svc.Summarize(ctx, day)
	if err != nil || len(sum.WrittenOff) != 1 || sum.WrittenOff[0].Minor != 7000 {
		t.Fatalf("summary written off %+v %v, want 70.00", sum.WrittenOff, err)
	}
	if _, err := svc.AddPayment(ctx, PaymentInput{Invoice: "A-2", Date: day, Amount: "70", Method: "Cash"}); err != nil {
		t.Fatal(err)
	}
	if sum, _ = svc.Summarize(ctx, day); len(sum.WrittenOff) != 0 {
		t.Errorf("written off after the payment: %+v", sum.WrittenOff)
	}
	// Refusals are the owner's messages, translated.
	_, err = svc.AddPayment(ctx, PaymentInput{Invoice: "A-1", Date: day, Amount: "1,234"})
	var ue *UserError
	if !errors.As(err, &ue) || !strings.Contains(ue.Msg.In(i18n.FR), "reste à payer de A-1 (0.00 EUR)") {
		t.Errorf("overpayment without Overpay: %v", err)
	}
	if _, err := svc.DeletePayment(ctx, 999, " "); !errors.As(err, &ue) || ue.Msg.Key != "hand.reason_needed" {
		t.Errorf("delete without a reason: %v", err)
	}
	// The timeline: every change with who made it (all on one day here, so
	// in the order they were made).
	_, events, err := svc.CustomerTimeline(ctx, "C1")
	if err != nil {
		t.Fatal(err)
	}
	var changes []string
	for _, e := range events {
		if e.Kind == "change" {
			changes = append(changes, e.Text.In(i18n.EN))
		}
	}
	if len(changes) != 5 || !strings.HasPrefix(changes[0], "Invoice added: A-1: 100.00 EUR, issued 2025-05-01, due 2025-05-31 (by ") {
		t.Errorf("timeline changes %q", changes)
	}
	chs, err := svc.Store().ChangesOf(ctx, 1)
	if err != nil || len(chs) != 5 || !chs[0].At.Equal(at) || chs[3].Kind != ledger.ChangeInvoiceWrittenOff ||
		chs[3].Detail != "A-2: 70.00 EUR of 100.00 EUR: no answer" || chs[4].Detail != "A-2: 70.00 EUR on 2025-07-20, cash" {
		t.Errorf("changes %+v %v", chs, err)
	}
}
