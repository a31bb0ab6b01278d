package store

import (
	"context"
	"testing"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
)

// TestLettersKeepTheirVariant: a letter is recorded with its template
// variant and language (migration 0021), and each of the plan's reads
// gives the variant back: the history, the plan's whole-ledger loader
// (its packed column) and the owner's list; a customer's fixed variant
// is saved and read with its dunning terms, and the schema refuses a
// variant that is not one letter.
func TestLettersKeepTheirVariant(t *testing.T) {
	ctx := context.Background()
	s := newStore(t)
	c := addCustomer(t, s, "C1")
	i1 := addInvoice(t, s, c, "F-1", "2025-02-01", "2025-03-01", 10000)
	a := dunning.Action{CustomerID: c, CustomerCode: "C1", Currency: "EUR", Level: 1, Kind: dunning.KindReminder1, Channel: "postal",
		Invoices: []dunning.ActionInvoice{{ID: i1, Level: 1}}, Variant: "B", Language: ledger.English}
	if _, err := s.RecordLetter(ctx, a, ledger.MustDate("2025-03-08"), "plan"); err != nil {
		t.Fatal(err)
	}
	a.Level, a.Kind, a.Variant = 2, dunning.KindReminder2, ""
	if _, err := s.RecordLetter(ctx, a, ledger.MustDate("2025-03-22"), "plan"); err != nil {
		t.Fatal(err)
	}
	hist, err := s.LetterHistory(ctx, []int64{i1}, ledger.MustDate("2025-03-31"))
	if err != nil || len(hist) != 2 || hist[0].Variant != "B" || hist[1].Variant != "" {
		t.Fatalf("history %+v %v", hist, err)
	}
	data, err := s.DunningData(ctx, ledger.MustDate("2025-03-31"), ledger.JurisdictionFR)
	if err != nil || len(data.Letters) != 2 || data.Letters[0].Variant != "B" || data.Letters[1].Variant != "" ||
		data.Letters[0].Kind != dunning.KindReminder1 || data.Letters[1].Kind != dunning.KindReminder2 {
		t.Fatalf("loader %+v %v", data.Letters, err)
	}
	rs, err := s.LetterRecords(ctx, LetterFilter{CustomerCode: "C1"})
	if err != nil || len(rs) != 2 || rs[1].Variant != "B" || rs[1].Language != ledger.English || rs[0].Variant != "" || rs[0].Language != ledger.English {
		t.Fatalf("records %+v %v", rs, err)
	}
	d, err := s.CustomerDunning(ctx, "C1")
	if err != nil || d.Variant != "" {
		t.Fatalf("%+v %v", d, err)
	}
	d.Variant = "C"
	if err := s.SetCustomerDunning(ctx, "C1", d); err != nil {
		t.Fatal(err)
	}
	if d, err := s.CustomerDunning(ctx, "C1"); err != nil || d.Variant != "C" {
		t.Fatalf("%+v %v", d, err)
	}
	if data, err := s.DunningData(ctx, ledger.MustDate("2025-03-31"), ledger.JurisdictionFR); err != nil || data.Customers[c].Variant != "C" {
		t.Fatalf("the plan's customer: %+v %v", data.Customers[c], err)
	}
	d.Variant = "c1"
	if err := s.SetCustomerDunning(ctx, "C1", d); err == nil {
		t.Error("the schema took variant c1")
	}
	a.Variant = "BB"
	if _, err := s.RecordLetter(ctx, a, ledger.MustDate("2025-03-31"), "plan"); err == nil {
		t.Error("the schema took a letter in variant BB")
	}
}
