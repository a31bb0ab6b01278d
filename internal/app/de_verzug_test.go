package app

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// TestGermanInterestRunsFromVerzug (issue 18): under German law interest
// runs only during Verzug (§ 288 Abs. 1 Satz 1 BGB), which a Mahnung
// starts (§ 286 Abs. 1), or for a business 30 days after the due date
// (Abs. 3). Worked by hand with the Basiszinssatz of 2.27 % (from
// 2025-01-01) and 1.27 % (from 2025-07-01), both invoices 1,000.00 €
// due 2025-05-31, seen on 2025-07-20:
//   - consumer, no reminder: none (the next letter is the Mahnung);
//   - consumer reminded on 2025-06-20: from 06-21, 10 days at 7.27 % and
//     20 at 6.27 %: 100,000 × (72,700 × 10 + 62,700 × 20)
//     = 198,100,000,000 / 365,000,000 = 542.74 → 5.43 € (1,000 € ×
//     7.27 % × 10/365 = 1.99 €, + 6.27 % × 20/365 = 3.44 €), the same in
//     `interest` and in the reminder-2 made from the ledger;
//   - business, no reminder: Verzug on 06-30, from 07-01, 20 days at
//     10.27 %: 100,000 × 102,700 × 20 = 205,400,000,000 / 365,000,000
//     = 562.74 → 5.63 €.
func TestGermanInterestRunsFromVerzug(t *testing.T) {
	ctx := context.Background()
	day := ledger.MustDate("2025-07-20")
	svc, _, err := Create(ctx, filepath.Join(t.TempDir(), "de.db"), Options{Today: func() ledger.Date { return day }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	co := ledger.DefaultCompany()
	co.LegalName, co.Address1, co.Postcode, co.City = "Ateliers Bellecour SAS", "12 rue de la République", "69002", "Lyon"
	if err := svc.Store().SetCompany(ctx, co); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		code, number string
		kind         ledger.CustomerKind
	}{{"DEC", "G-1", ledger.Consumer}, {"DEB", "G-2", ledger.Business}} {
		cid, err := svc.Store().SaveCustomer(ctx, ledger.Customer{Code: c.code, Name: "Anna Schäfer", Language: ledger.German, Kind: c.kind,
			Address1: "Hauptstraße 5", Postcode: "50667", City: "Köln", Country: "DE", Delivery: ledger.DeliveryPostal})
		if err != nil {
			t.Fatal(err)
		}
		d, err := svc.Store().CustomerDunning(ctx, c.code)
		if err != nil {
			t.Fatal(err)
		}
		d.Jurisdiction = ledger.JurisdictionDE
		if err := svc.Store().SetCustomerDunning(ctx, c.code, d); err != nil {
			t.Fatal(err)
		}
		err = svc.Store().InBatch(ctx, false, func(b *store.Batch) error {
			inv := ledger.Invoice{Number: c.number, CustomerID: cid, IssueDate: ledger.MustDate("2025-05-01"), DueDate: ledger.MustDate("2025-05-31"),
				Total: ledger.Money{Minor: 100000, Currency: "EUR"}}
			return b.InsertInvoice(ctx, &inv)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	interest := func(number string) int64 {
		t.Helper()
		it, _, err := svc.InvoiceInterest(ctx, number, day)
		if err != nil {
			t.Fatal(err)
		}
		return it.Interest
	}
	if got := interest("G-1"); got != 0 {
		t.Errorf("consumer never reminded: interest %d, want none", got)
	}
	if got := interest("G-2"); got != 563 {
		t.Errorf("business 50 days late, never reminded: interest %d, want 563 (from the 31st day)", got)
	}
	p, err := svc.PrintLetter(ctx, ManualLetter{Kind: ledger.KindReminder1, InvoiceNos: []string{"G-1"}, AsOf: ledger.MustDate("2025-06-20")}, false)
	if err != nil {
		t.Fatal(err)
	}
	if posted, err := svc.MarkLetterPosted(ctx, p); err != nil || len(posted.Recorded) != 1 {
		t.Fatalf("reminder-1: %+v %v", posted, err)
	}
	if got := interest("G-1"); got != 543 {
		t.Errorf("consumer reminded on 2025-06-20: interest %d, want 543", got)
	}
	doc, err := svc.Letter(ctx, LetterOptions{Kind: ledger.KindReminder2, InvoiceNo: "G-1", AsOf: day})
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Request.Invoices[0].Interest; got != 543 {
		t.Errorf("the reminder-2 claims %d, want 543", got)
	}
}
