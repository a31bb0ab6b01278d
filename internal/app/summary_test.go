package app

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

func TestSummarizeBuckets(t *testing.T) {
	ctx := context.Background()
	today := ledger.MustDate("2025-09-30")
	svc, _, err := Create(ctx, filepath.Join(t.TempDir(), "s.db"), Options{Today: func() ledger.Date { return today }})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	st := svc.Store()
	var cid int64
	if cid, err = st.SaveCustomer(ctx, ledger.Customer{Code: "C1", Name: "One", Language: ledger.French, Kind: ledger.Business, Delivery: ledger.DeliveryPostal}); err != nil {
		t.Fatal(err)
	}
	// due date → balance; amounts in cents, checked by hand below.
	invoices := []struct {
		number, due string
		total, paid int64
		cur         ledger.Currency
	}{
		{"NOTDUE", "2025-10-15", 10000, 0, "EUR"},   // not yet due
		{"D30", "2025-08-31", 20000, 5000, "EUR"},   // 30 days late, 150.00 left
		{"D31", "2025-08-30", 30000, 0, "EUR"},      // 31 days
		{"D90", "2025-07-02", 40000, 0, "EUR"},      // 90 days
		{"D91", "2025-07-01", 50000, 0, "EUR"},      // 91 days
		{"PAID", "2025-06-01", 60000, 60000, "EUR"}, // paid: not counted
		{"GBP", "2025-09-01", 7000, 0, "GBP"},       // 29 days, own currency
	}
	err = st.InBatch(ctx, false, func(b *store.Batch) error {
		for _, x := range invoices {
			inv := ledger.Invoice{Number: x.number, CustomerID: cid, IssueDate: ledger.MustDate("2025-05-01"), DueDate: ledger.MustDate(x.due),
				Total: ledger.Money{Minor: x.total, Currency: x.cur}}
			if err := b.InsertInvoice(ctx, &inv); err != nil {
				return err
			}
			if x.paid > 0 {
				p := ledger.Payment{InvoiceID: inv.ID, Date: ledger.MustDate("2025-09-01"), Amount: x.paid}
				if err := b.SavePayment(ctx, &p); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := Summarize(ctx, svc, today)
	if err != nil {
		t.Fatal(err)
	}
	if s.Invoices != 7 || s.OpenInvoices != 1 || s.OverdueInvoices != 5 || s.Customers != 1 {
		t.Fatalf("counts %+v", s)
	}
	eur := s.ByCurrency["EUR"]
	want := [5]int64{10000, 15000, 30000, 40000, 50000}
	if eur.Buckets != want || eur.Outstanding != 145000 || eur.Overdue != 135000 {
		t.Fatalf("EUR %+v, want buckets %v outstanding 1450.00 overdue 1350.00", *eur, want)
	}
	if gbp := s.ByCurrency["GBP"]; gbp.Buckets[Bucket1to30] != 7000 || gbp.Outstanding != 7000 {
		t.Fatalf("GBP %+v", *gbp)
	}
	if len(s.TopOverdue) != 2 || s.TopOverdue[0].Currency != "EUR" || s.TopOverdue[0].Overdue != 135000 {
		t.Fatalf("top %+v", s.TopOverdue)
	}
}
