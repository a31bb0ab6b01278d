// Package reports makes issue 19's reports over the ledger: the letters'
// outcomes grouped (relancectl report letters) and the receivables month
// by month (relancectl report aging). The store reads the rows; package
// report does the arithmetic.
package reports

import (
	"context"
	"fmt"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/report"
	"github.com/relance-app/relance/internal/store"
)

// Service makes the reports.
type Service struct {
	*core.Core
}

// New makes the reports' service.
func New(c *core.Core) *Service { return &Service{Core: c} }

// DefaultSpan is the period a report covers when no start is given: the
// year before today.
const DefaultSpan = 365

// span is since, or a year before today; and today.
func (s *Service) span(since ledger.Date) (ledger.Date, ledger.Date) {
	today := s.Today()
	if since.IsZero() {
		since = today.AddDays(-DefaultSpan)
	}
	return since, today
}

// LetterReport reports on the letters sent from since (a year ago when
// zero) to today, grouped by by.
func (s *Service) LetterReport(ctx context.Context, since ledger.Date, by report.GroupBy) (report.LetterReport, error) {
	since, today := s.span(since)
	facts, err := s.St.LetterOutcomeFacts(ctx, since, today)
	if err != nil {
		return report.LetterReport{}, fmt.Errorf("letters' report: %w", err)
	}
	return report.Letters(reportInput(facts, today), since, by), nil
}

// reportInput hands the store's rows to package report.
func reportInput(f store.LetterFacts, asOf ledger.Date) report.Input {
	in := report.Input{AsOf: asOf, Letters: make([]report.Letter, len(f.Letters))}
	for i, l := range f.Letters {
		in.Letters[i] = report.Letter{ID: l.ID, Customer: l.CustomerID, Date: l.Date, Kind: l.Kind, Level: l.Level,
			Channel: l.Channel, Variant: l.Variant, Language: l.Language, Invoices: l.Invoices, Settled: l.Settled}
	}
	invoice := func(es []store.FactEvent) []report.InvoiceEvent {
		out := make([]report.InvoiceEvent, len(es))
		for i, e := range es {
			out[i] = report.InvoiceEvent{Invoice: e.ID, Date: e.Date, Amount: e.Amount}
		}
		return out
	}
	customer := func(es []store.FactEvent) []report.CustomerEvent {
		out := make([]report.CustomerEvent, len(es))
		for i, e := range es {
			out[i] = report.CustomerEvent{Customer: e.ID, Date: e.Date, Letter: e.Letter}
		}
		return out
	}
	in.Payments, in.Promises, in.Disputes = invoice(f.Payments), invoice(f.Promises), invoice(f.Disputes)
	in.Replies, in.Bounces = customer(f.Replies), customer(f.Bounces)
	return in
}

// ReceivablesHistory is what was owed at each month end from since (a
// year ago when zero) to today, and today, with the aging and DSO of
// each day.
func (s *Service) ReceivablesHistory(ctx context.Context, since ledger.Date) ([]report.AgingPoint, error) {
	since, today := s.span(since)
	days := report.MonthEnds(since, today)
	h := report.NewAgingHistory(days)
	var pays []report.InvoiceEvent
	err := s.St.EachAgingInvoice(ctx, days[0], days[0].AddDays(-report.DSODays), today, func(inv store.AgingInvoice) error {
		pays = pays[:0]
		for _, p := range inv.Payments {
			pays = append(pays, report.InvoiceEvent{Date: p.Date, Amount: p.Amount})
		}
		h.Add(report.AgingInvoice{Issue: inv.Issue, Due: inv.Due, Currency: inv.Currency, Total: inv.Total,
			State: inv.State, StateDate: inv.StateDate, Payments: pays})
		return ctx.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("receivables' history: %w", err)
	}
	return h.Finish(), nil
}
