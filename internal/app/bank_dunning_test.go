package app

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// A customer whose transfer names no invoice gets no letter until the
// proposal is confirmed or ignored; then the plan goes on. The payer is
// known from an earlier transfer that named its invoice.
func TestBankCreditToReviewHoldsLetters(t *testing.T) {
	ctx := context.Background()
	day := ledger.MustDate("2026-04-15")
	svc, _, err := Create(ctx, filepath.Join(t.TempDir(), "d.db"), Options{Today: func() ledger.Date { return day }})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	const own = "FR7630006000011234567890189"
	co, _ := svc.Company(ctx)
	co.LegalName, co.Country, co.IBAN = "Atelier", "FR", own
	if err := svc.SetCompany(ctx, co); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for _, code := range []string{"C1", "C2"} {
		cid, err := svc.Store().SaveCustomer(ctx, ledger.Customer{Code: code, Name: "Client " + code, Language: ledger.French,
			Kind: ledger.Business, Delivery: ledger.DeliveryEmail, Emails: []string{code + "@example.fr"}})
		if err != nil {
			t.Fatal(err)
		}
		ids[code] = cid
	}
	err = svc.Store().InBatch(ctx, false, func(b *store.Batch) error {
		for _, i := range []struct{ num, cust string }{{"A-101", "C1"}, {"A-102", "C1"}, {"A-103", "C1"}, {"B-201", "C2"}} {
			inv := ledger.Invoice{Number: i.num, CustomerID: ids[i.cust], IssueDate: ledger.MustDate("2026-01-10"),
				DueDate: ledger.MustDate("2026-02-10"), Total: ledger.Money{Minor: 50000, Currency: "EUR"}}
			if err := b.InsertInvoice(ctx, &inv); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	letterTo := func(code string) bool {
		plan, err := svc.Plan(ctx, day)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range plan.Actions {
			if a.CustomerCode == code {
				return true
			}
		}
		return false
	}
	held := func() []string {
		plan, _ := svc.Plan(ctx, day)
		var out []string
		for _, s := range plan.Skipped {
			if s.Reason == dunning.SkipBankReview {
				out = append(out, s.Invoice)
			}
		}
		return out
	}
	if !letterTo("C1") || !letterTo("C2") {
		t.Fatal("both customers are due a letter before any transfer")
	}
	entry := func(ref, day, text string) BankEntry {
		return BankEntry{BankRef: ref, BookingDate: ledger.MustDate(day), Amount: 50000, Credit: true,
			PartyName: "CLIENT C1 SARL", PartyIBAN: "DE89370400440532013000", Text: text}
	}
	st := func(es ...BankEntry) []BankStatement {
		return []BankStatement{{Account: own, Currency: "EUR", Entries: es}}
	}
	// A-101 paid by a transfer that names it: the payer is learned; the
	// next one names nothing.
	res, err := svc.ImportBankStatements(ctx, "march.xml", st(entry("T1", "2026-03-02", "Facture A-101"),
		entry("T2", "2026-04-02", "Virement")), BankImportRequest{})
	if err != nil || res.Applied != 1 || res.Proposals != 1 {
		t.Fatalf("%+v %v", res, err)
	}
	if letterTo("C1") {
		t.Fatal("C1 gets a letter while its credit waits")
	}
	if h := held(); len(h) != 2 || h[0] != "A-102" || h[1] != "A-103" {
		t.Fatalf("held %v, want A-102 A-103", h)
	}
	if !letterTo("C2") {
		t.Fatal("C2, named by no credit, is held")
	}
	ps, err := svc.BankProposals(ctx)
	if err != nil || len(ps) != 1 || len(ps[0].Suggestions) != 1 || ps[0].Suggestions[0].CustomerCode != "C1" {
		t.Fatalf("%+v %v", ps, err)
	}
	if err := svc.IgnoreBankProposal(ctx, ps[0].Entry.ID); err != nil {
		t.Fatal(err)
	}
	if !letterTo("C1") || len(held()) != 0 {
		t.Fatal("ignored: C1's letters go on")
	}

	// Another one, confirmed: A-102 paid, A-103 goes on alone.
	if _, err := svc.ImportBankStatements(ctx, "april.xml", st(entry("T3", "2026-04-10", "Virement")), BankImportRequest{}); err != nil {
		t.Fatal(err)
	}
	if letterTo("C1") {
		t.Fatal("C1 gets a letter while its second credit waits")
	}
	ps, _ = svc.BankProposals(ctx)
	if len(ps) != 1 {
		t.Fatalf("%+v", ps)
	}
	ap, err := svc.ApplyBankProposal(ctx, ps[0].Entry.ID, nil)
	if err != nil || len(ap.Paid) != 1 || ap.Paid[0].Invoice != "A-102" {
		t.Fatalf("%+v %v", ap, err)
	}
	plan, err := svc.Plan(ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	var c1 *dunning.Action
	for i := range plan.Actions {
		if plan.Actions[i].CustomerCode == "C1" {
			c1 = &plan.Actions[i]
		}
	}
	if c1 == nil || len(c1.Invoices) != 1 || c1.Invoices[0].Number != "A-103" {
		t.Fatalf("C1's letter after the credit is applied: %+v", c1)
	}
}
