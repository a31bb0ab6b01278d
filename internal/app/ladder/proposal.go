package ladder

import (
	"context"
	"errors"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// One customer's plan: what Plan proposes for that customer, made from
// that customer's invoices, payments, promises, disputes and letters only.
// The plan treats each customer on its own (their letters, their gap
// between letters), so this is exactly the whole plan's part for them, at
// the cost of one customer's rows instead of the whole ledger's (the Send
// reminder dialog opens on it).

// CustomerProposal is the plan for one customer (by code) on asOf.
func (s *Service) CustomerProposal(ctx context.Context, customerCode string, asOf ledger.Date) (dunning.Plan, error) {
	c, err := s.St.CustomerByCode(ctx, customerCode)
	if errors.Is(err, store.ErrNotFound) {
		return dunning.Plan{}, core.UserErr("cli.unknown_customer", customerCode)
	}
	if err != nil {
		return dunning.Plan{}, err
	}
	return s.customerPlan(ctx, c.ID, asOf)
}

func (s *Service) customerPlan(ctx context.Context, customerID int64, asOf ledger.Date) (dunning.Plan, error) {
	co, err := s.St.Company(ctx)
	if err != nil {
		return dunning.Plan{}, err
	}
	tabs, err := s.RateTables(ctx)
	if err != nil {
		return dunning.Plan{}, err
	}
	data, err := s.St.CustomerDunningData(ctx, asOf, co.Jurisdiction, customerID)
	if err != nil {
		return dunning.Plan{}, err
	}
	vs, err := s.Variants(ctx)
	if err != nil {
		return dunning.Plan{}, err
	}
	return dunning.MakePlan(dunning.Input{AsOf: asOf, Policy: s.Policy(ctx), Tables: tabs,
		Customers: data.Customers, Invoices: data.Invoices, Letters: data.Letters, Variants: vs})
}

// InvoiceProposal is what the Send reminder dialog opens on: the
// invoice's customer and the letter the plan proposes that includes it.
type InvoiceProposal struct {
	Customer ledger.Customer
	// Action is the plan's letter listing the invoice, when Proposed;
	// when not (no letter due yet), the owner starts from a first
	// reminder for the invoice alone.
	Action   dunning.Action
	Proposed bool
}

// InvoiceProposal reads an invoice's customer and that customer's plan on
// asOf, and finds the letter that lists the invoice.
func (s *Service) InvoiceProposal(ctx context.Context, number string, asOf ledger.Date) (InvoiceProposal, error) {
	var p InvoiceProposal
	inv, err := s.St.InvoiceByNumber(ctx, number)
	if errors.Is(err, store.ErrNotFound) {
		return p, core.UserErr("dunning.unknown_invoice", number)
	}
	if err != nil {
		return p, err
	}
	if p.Customer, err = s.St.CustomerByCode(ctx, inv.CustomerCode); err != nil {
		return p, err
	}
	plan, err := s.customerPlan(ctx, p.Customer.ID, asOf)
	if err != nil {
		return p, err
	}
	for _, a := range plan.Actions {
		for _, x := range a.Invoices {
			if x.Number == number {
				p.Action, p.Proposed = a, true
				return p, nil
			}
		}
	}
	return p, nil
}
