package app

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// One customer's plan is exactly the whole plan's part for that customer,
// for every customer of the demo ledger (promises, disputes, payments) with
// two runs of letters in its history; InvoiceProposal finds the letter
// listing an invoice.
func TestCustomerProposalIsTheWholePlansPart(t *testing.T) {
	ctx := context.Background()
	day := ledger.MustDate("2026-11-22")
	path := filepath.Join(t.TempDir(), "demo.db")
	opts := Options{Today: func() ledger.Date { return day }}
	if err := MakeDemo(ctx, path, opts); err != nil {
		t.Fatal(err)
	}
	svc, err := Open(ctx, path, opts)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	for _, d := range []ledger.Date{day.AddDays(-40), day.AddDays(-18)} {
		if _, err := svc.RecordPlan(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	whole, err := svc.Plan(ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	customers, err := svc.ListCustomers(ctx, store.CustomerFilter{})
	if err != nil {
		t.Fatal(err)
	}
	of := func(code string) dunning.Plan {
		p := dunning.Plan{AsOf: day}
		for _, a := range whole.Actions {
			if a.CustomerCode == code {
				p.Actions = append(p.Actions, a)
			}
		}
		for _, a := range whole.Tasks {
			if a.CustomerCode == code {
				p.Tasks = append(p.Tasks, a)
			}
		}
		for _, s := range whole.Skipped {
			if s.CustomerCode == code {
				p.Skipped = append(p.Skipped, s)
			}
		}
		return p
	}
	proposed, skipped := 0, 0
	for _, c := range customers {
		got, err := svc.CustomerProposal(ctx, c.Code, day)
		if err != nil {
			t.Fatal(err)
		}
		want := of(c.Code)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the customer's plan\n%+v\nthe whole plan's part\n%+v", c.Code, got, want)
		}
		proposed += len(got.Actions)
		skipped += len(got.Skipped)
	}
	if proposed != len(whole.Actions) || proposed == 0 || skipped == 0 {
		t.Errorf("%d letters and %d skipped over the customers; the whole plan has %d letters", proposed, skipped, len(whole.Actions))
	}
	t.Logf("%d customers, %d letters, %d skipped", len(customers), proposed, skipped)
	if _, err := svc.CustomerProposal(ctx, "NOPE", day); !errors.As(err, new(*UserError)) {
		t.Errorf("an unknown customer: %v", err)
	}

	a := whole.Actions[len(whole.Actions)-1]
	inv := a.Invoices[len(a.Invoices)-1].Number
	p, err := svc.InvoiceProposal(ctx, inv, day)
	if err != nil {
		t.Fatal(err)
	}
	if !p.Proposed || p.Customer.Code != a.CustomerCode || !reflect.DeepEqual(p.Action, a) {
		t.Errorf("invoice %s: %+v, want the plan's letter %+v", inv, p, a)
	}
	if _, err := svc.InvoiceProposal(ctx, "NOPE", day); !errors.As(err, new(*UserError)) {
		t.Errorf("an unknown invoice: %v", err)
	}
}
