package app

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// TestConfirmPlanDropsInvoicesPaidMeanwhile: the owner is shown a plan,
// a payment arrives, then the letters are confirmed: the paid invoice is
// not reminded and is reported skipped, "paid"; the partly paid one goes
// out with its new balance.
func TestConfirmPlanDropsInvoicesPaidMeanwhile(t *testing.T) {
	ctx := context.Background()
	day := ledger.MustDate("2025-07-20")
	svc, _, err := Create(ctx, filepath.Join(t.TempDir(), "d.db"), Options{Today: func() ledger.Date { return day }})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	cid, err := svc.Store().SaveCustomer(ctx, ledger.Customer{Code: "C1", Name: "One", Language: ledger.French, Kind: ledger.Business,
		Delivery: ledger.DeliveryEmail, Emails: []string{"one@example.fr"}})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	svc.Store().InBatch(ctx, false, func(b *store.Batch) error {
		for _, n := range []string{"X1", "X2"} {
			inv := ledger.Invoice{Number: n, CustomerID: cid, IssueDate: ledger.MustDate("2025-05-01"), DueDate: ledger.MustDate("2025-06-01"),
				Total: ledger.Money{Minor: 10000, Currency: "EUR"}}
			if err := b.InsertInvoice(ctx, &inv); err != nil {
				return err
			}
			ids[n] = inv.ID
		}
		return nil
	})
	shown, err := svc.Plan(ctx, day)
	if err != nil || len(shown.Actions) != 1 || len(shown.Actions[0].Invoices) != 2 {
		t.Fatalf("%+v %v", shown, err)
	}
	svc.Store().InBatch(ctx, false, func(b *store.Batch) error {
		b.SavePayment(ctx, &ledger.Payment{InvoiceID: ids["X1"], Date: day, Amount: 10000, Reference: "P1"})
		return b.SavePayment(ctx, &ledger.Payment{InvoiceID: ids["X2"], Date: day, Amount: 2500, Reference: "P2"})
	})
	done, err := svc.ConfirmPlan(ctx, shown)
	if err != nil {
		t.Fatal(err)
	}
	if len(done.Actions) != 1 || len(done.Actions[0].Invoices) != 1 || done.Actions[0].Invoices[0].Number != "X2" || done.Actions[0].Principal != 7500 {
		t.Fatalf("confirmed %+v", done.Actions)
	}
	if len(done.Skipped) != 1 || done.Skipped[0].Invoice != "X1" || done.Skipped[0].Reason != dunning.SkipPaid {
		t.Fatalf("skipped %+v", done.Skipped)
	}
	// What was recorded is what was confirmed.
	data, _ := svc.Store().DunningData(ctx, day, ledger.JurisdictionFR)
	if len(data.Letters) != 1 || len(data.Letters[0].Invoices) != 1 || data.Letters[0].Invoices[ids["X2"]] != 1 {
		t.Fatalf("letters %+v", data.Letters)
	}
}
