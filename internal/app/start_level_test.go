package app

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// TestStartLevelOnAFirstRun: a ledger whose debt is 447 days overdue and
// never reminded is offered a later starting level; the owner's choice
// (customer set start_level=final-demand, as relancectl does) makes the
// plan's letter a final demand that cites no earlier letter (none was
// sent, none is recorded), and the offer is gone.
func TestStartLevelOnAFirstRun(t *testing.T) {
	ctx := context.Background()
	day := ledger.MustDate("2025-09-29")
	dir := t.TempDir()
	svc, _, err := Create(ctx, filepath.Join(dir, "d.db"), Options{Today: func() ledger.Date { return day }})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	st := svc.Store()
	cid, err := st.SaveCustomer(ctx, ledger.Customer{Code: "DUP", Name: "Boulangerie Dupont", Language: ledger.French, Kind: ledger.Business,
		Delivery: ledger.DeliveryPostal, Address1: "3 rue Neuve", Postcode: "69001", City: "Lyon", Country: "FR"})
	if err != nil {
		t.Fatal(err)
	}
	// A second customer 30 days late: not long overdue, not offered.
	cid2, err := st.SaveCustomer(ctx, ledger.Customer{Code: "MAR", Name: "Marie Martin", Language: ledger.French, Kind: ledger.Business,
		Delivery: ledger.DeliveryPostal, Address1: "1 rue Haute", Postcode: "69002", City: "Lyon", Country: "FR"})
	if err != nil {
		t.Fatal(err)
	}
	err = st.InBatch(ctx, false, func(b *store.Batch) error {
		old := ledger.Invoice{Number: "F-1", CustomerID: cid, IssueDate: day.AddDays(-477), DueDate: day.AddDays(-447),
			Total: ledger.Money{Minor: 125000, Currency: "EUR"}}
		recent := ledger.Invoice{Number: "F-2", CustomerID: cid2, IssueDate: day.AddDays(-60), DueDate: day.AddDays(-30),
			Total: ledger.Money{Minor: 50000, Currency: "EUR"}}
		if err := b.InsertInvoice(ctx, &old); err != nil {
			return err
		}
		return b.InsertInvoice(ctx, &recent)
	})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := svc.Plan(ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	offers, err := svc.StartOffers(ctx, plan)
	if err != nil {
		t.Fatal(err)
	}
	if len(offers) != 1 || offers[0].Code != "DUP" || offers[0].Days != 447 || offers[0].Suggested != 3 || offers[0].Owed != 125000 {
		t.Fatalf("offers %+v", offers)
	}

	err = svc.UpdateCustomerDunning(ctx, "DUP", func(d *store.CustomerDunning) error {
		return SetCustomerDunningField(d, "start_level", "final-demand")
	})
	if err != nil {
		t.Fatal(err)
	}
	d, err := st.CustomerDunning(ctx, "DUP")
	if err != nil {
		t.Fatal(err)
	}
	if d.Start.Level != 3 || d.Start.On != day {
		t.Fatalf("recorded %+v", d.Start)
	}
	if plan, err = svc.Plan(ctx, day); err != nil {
		t.Fatal(err)
	}
	var dup *dunning.Action
	for i := range plan.Actions {
		if plan.Actions[i].CustomerCode == "DUP" {
			dup = &plan.Actions[i]
		} else if plan.Actions[i].Level != 1 {
			t.Errorf("the other customer's letter moved: %+v", plan.Actions[i])
		}
	}
	if dup == nil || dup.Level != 3 || dup.Kind != ledger.KindFinalDemand || dup.Compensation != 4000 || dup.Interest <= 0 {
		t.Fatalf("DUP's letter %+v", dup)
	}
	if offers, err = svc.StartOffers(ctx, plan); err != nil || len(offers) != 0 {
		t.Fatalf("offers after the choice: %+v, %v", offers, err)
	}
	// No letter was recorded by the choice.
	f1, err := st.InvoiceByNumber(ctx, "F-1")
	if err != nil {
		t.Fatal(err)
	}
	if hist, err := st.LetterHistory(ctx, []int64{f1.ID}, day); err != nil || len(hist) != 0 {
		t.Fatalf("history %+v, %v", hist, err)
	}

	// Recording the plan (the letters sent) records the final demand
	// alone: the steps passed over are not in the history.
	if _, err := svc.RecordPlan(ctx, day); err != nil {
		t.Fatal(err)
	}
	hist, err := st.LetterHistory(ctx, []int64{f1.ID}, day)
	if err != nil || len(hist) != 1 || hist[0].Level != 3 || hist[0].Kind != ledger.KindFinalDemand {
		t.Fatalf("history after sending %+v, %v", hist, err)
	}
	// The letter as made the day it went: it cites nothing earlier (the
	// letter itself is not an earlier letter).
	doc, err := svc.Letter(ctx, LetterOptions{Kind: dup.Kind, InvoiceNos: []string{"F-1"}, AsOf: day})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(doc.Composed.Data.Previous); n != 0 {
		t.Fatalf("the letter cites %d earlier letters", n)
	}
	// The firmer letter as the first one: its subject is no "Deuxième
	// rappel" (reminder-2.fr), nor its text a "2e relance".
	err = svc.UpdateCustomerDunning(ctx, "MAR", func(d *store.CustomerDunning) error {
		return SetCustomerDunningField(d, "start_level", "2")
	})
	if err != nil {
		t.Fatal(err)
	}
	firm, err := svc.Letter(ctx, LetterOptions{Kind: ledger.KindReminder2, InvoiceNos: []string{"F-2"}, AsOf: day})
	if err != nil {
		t.Fatal(err)
	}
	if s := firm.Composed.Subject; !strings.HasPrefix(s, "Rappel – facture n° F-2") {
		t.Errorf("the firmer letter's subject %q", s)
	}
	sms, err := svc.SMS(ctx, LetterOptions{Kind: ledger.KindReminder2, InvoiceNos: []string{"F-2"}, AsOf: day})
	if err != nil || strings.Contains(sms.Text, "2e relance") {
		t.Errorf("its SMS %q, %v", sms.Text, err)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed: the letter's text not read")
	}
	pdf, err := doc.PDF()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "letter.pdf")
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", p, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(strings.Join(strings.Fields(string(out)), " "))
	// final-demand.fr: the first letter's wording, not "Malgré notre
	// courrier du …"; and no friendly "simple oubli".
	if !strings.Contains(text, "Notre facture n° F-1") || strings.Contains(text, "Malgré") || strings.Contains(text, "oubli") {
		t.Errorf("the final demand's text:\n%s", text)
	}
}
