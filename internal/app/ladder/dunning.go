package ladder

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// RateTables returns the shipped reference rates completed by the owner's.
func (s *Service) RateTables(ctx context.Context) (*dunning.Tables, error) {
	owner, err := s.St.RateEntries(ctx)
	if err != nil {
		return nil, err
	}
	return dunning.LoadTables(owner)
}

// Policy is the dunning ladder in force. The owner's own policy (Settings
// screen) is not stored yet: the default ladder applies.
func (s *Service) Policy(context.Context) dunning.Policy { return dunning.DefaultPolicy() }

// Plan proposes the letters and tasks for asOf.
func (s *Service) Plan(ctx context.Context, asOf ledger.Date) (dunning.Plan, error) {
	co, err := s.St.Company(ctx)
	if err != nil {
		return dunning.Plan{}, err
	}
	tabs, err := s.RateTables(ctx)
	if err != nil {
		return dunning.Plan{}, err
	}
	data, err := s.St.DunningData(ctx, asOf, co.Jurisdiction)
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

// RecordPlan records the plan for asOf as sent on that date. The plan is
// made from a snapshot first (what the owner is shown), then checked again
// inside the write transaction against the ledger as it stands (Recheck):
// an invoice paid in between is never reminded and comes back as skipped,
// "paid"; a partly paid one carries its new balance. It is for tests and
// for owners who send their letters by hand; the email and print issues
// record letters as they actually go out, through the same check.
func (s *Service) RecordPlan(ctx context.Context, asOf ledger.Date) (dunning.Plan, error) {
	shown, err := s.Plan(ctx, asOf)
	if err != nil {
		return dunning.Plan{}, err
	}
	return s.ConfirmPlan(ctx, shown)
}

// ConfirmPlan records the letters and tasks of a plan shown earlier, as
// sent on its date, after checking them again in the same transaction.
func (s *Service) ConfirmPlan(ctx context.Context, shown dunning.Plan) (dunning.Plan, error) {
	out, _, err := s.Confirm(ctx, shown.AsOf, shown.Actions, shown.Tasks, "plan", nil)
	return out, err
}

// Confirm re-checks the letters and tasks shown to the owner against the
// ledger inside one write transaction, records those still due (source
// says what sent them: "plan", "print"), and returns them with the
// invoices dropped meanwhile among Skipped; paid lists those paid since
// the owner was shown the plan. then, if given, runs inside the same
// transaction once the letters are recorded (to deliver or queue them,
// with the recorded letters' ids): its error rolls the recording back.
func (s *Service) Confirm(ctx context.Context, asOf ledger.Date, actions, taskList []dunning.Action, source string,
	then func(b *store.Batch, confirmed dunning.Plan, letterIDs []int64, paid []dunning.Skipped) error) (out dunning.Plan, paid []dunning.Skipped, err error) {
	co, err := s.St.Company(ctx)
	if err != nil {
		return out, nil, err
	}
	tabs, err := s.RateTables(ctx)
	if err != nil {
		return out, nil, err
	}
	vs, err := s.Variants(ctx)
	if err != nil {
		return out, nil, err
	}
	err = s.St.InBatch(ctx, false, func(b *store.Batch) error {
		// History is written in date order: recording an earlier day after
		// a later one would send the same level twice.
		if last, err := b.LastLetterDate(ctx); err != nil {
			return err
		} else if last > asOf {
			return core.UserErr("dunning.record_out_of_order", asOf.String(), last.String())
		}
		data, err := b.DunningData(ctx, asOf, co.Jurisdiction)
		if err != nil {
			return err
		}
		fresh, err := dunning.MakePlan(dunning.Input{AsOf: asOf, Policy: s.Policy(ctx), Tables: tabs,
			Customers: data.Customers, Invoices: data.Invoices, Letters: data.Letters, Variants: vs})
		if err != nil {
			return err
		}
		open := make(map[int64]bool, len(data.Invoices))
		for _, inv := range data.Invoices {
			open[inv.ID] = true
		}
		policy := s.Policy(ctx)
		letters, dropped := dunning.Recheck(policy, actions, fresh, open)
		tasks, droppedTasks := dunning.Recheck(policy, taskList, fresh, open)
		out = dunning.Plan{AsOf: asOf, Actions: letters, Tasks: tasks, Skipped: fresh.Skipped}
		// Invoices dropped for another reason are already among the fresh
		// plan's skipped; those paid meanwhile are not.
		for _, d := range append(dropped, droppedTasks...) {
			if d.Reason == dunning.SkipPaid {
				out.Skipped = append(out.Skipped, d)
				paid = append(paid, d)
			}
		}
		var ids []int64 // of the letters, in out.Actions' order
		for i, a := range append(append([]dunning.Action(nil), letters...), tasks...) {
			id, err := b.RecordLetter(ctx, a, asOf, source)
			if err != nil {
				return err
			}
			if i < len(letters) {
				ids = append(ids, id)
			}
		}
		if then != nil {
			return then(b, out, ids, paid)
		}
		return nil
	})
	return out, paid, err
}

// InvoiceInterest computes an invoice's interest and compensation on asOf.
func (s *Service) InvoiceInterest(ctx context.Context, number string, asOf ledger.Date) (dunning.Interest, store.InterestCase, error) {
	co, err := s.St.Company(ctx)
	if err != nil {
		return dunning.Interest{}, store.InterestCase{}, err
	}
	ic, err := s.St.InterestCase(ctx, number, co.Jurisdiction)
	if errors.Is(err, store.ErrNotFound) {
		return dunning.Interest{}, ic, core.UserErr("dunning.unknown_invoice", number)
	}
	if err != nil {
		return dunning.Interest{}, ic, err
	}
	tabs, err := s.RateTables(ctx)
	if err != nil {
		return dunning.Interest{}, ic, err
	}
	hist, err := s.St.LetterHistory(ctx, []int64{ic.Invoice.ID}, asOf)
	if err != nil {
		return dunning.Interest{}, ic, err
	}
	// The same figures as a letter's: the notice from the history, as the
	// plan and the letters take it.
	f := dunning.LetterFigures(dunning.FiguresInput{AsOf: asOf, Charges: true, Currency: ic.Invoice.Total.Currency, Debtor: ic.Customer.Debtor,
		Invoices: []dunning.FigureInvoice{{Invoice: ic.Invoice, Payments: ic.Payments, Notice: dunning.NoticeFrom(hist, asOf)[ic.Invoice.ID],
			Reminded: dunning.RemindedFrom(hist, asOf)[ic.Invoice.ID]}}}, tabs)
	fi := f.Invoices[0]
	return fi.Interest, ic, fi.Err
}

// AddRate adds (or replaces) a reference rate entry.
func (s *Service) AddRate(ctx context.Context, table string, from ledger.Date, rate dunning.Rate, source string) error {
	tabs, err := s.RateTables(ctx)
	if err != nil {
		return err
	}
	tb := tabs.Table(dunning.RateID(table))
	if tb == nil {
		return core.UserErr("rates.unknown_table", table)
	}
	if _, m, d := from.Civil(); tb.HalfYearly && (d != 1 || (m != 1 && m != 7)) {
		return core.UserErr("rates.half_yearly_date", table)
	}
	if source == "" {
		return core.UserErr("rates.source_required")
	}
	if rate < -dunning.Points(20) || rate > dunning.Points(100) {
		return core.UserErr("rates.implausible", rate.String())
	}
	return s.St.AddRateEntry(ctx, dunning.RateEntry{Table: dunning.RateID(table), From: from, Rate: rate, Source: source}, s.Today())
}

// AddPromise records a promise to pay an invoice by date; amount 0 means
// the balance due today. saidOn is the day the customer made it (zero:
// today): a promise made on the phone last week is recorded as of then,
// so one already broken brings the next letter early (dunning's broken
// promise), as it would have had it been recorded that day. The promise
// and its line in the history (who recorded it) are one transaction.
func (s *Service) AddPromise(ctx context.Context, number string, date ledger.Date, amount int64, source string, saidOn ledger.Date) (ledger.Promise, error) {
	said, err := s.saidOn(saidOn)
	if err != nil {
		return ledger.Promise{}, err
	}
	var p ledger.Promise
	err = s.St.InBatch(ctx, false, func(b *store.Batch) error {
		inv, err := b.InvoiceByNumber(ctx, number)
		if errors.Is(err, store.ErrNotFound) {
			return core.UserErr("dunning.unknown_invoice", number)
		}
		if err != nil {
			return err
		}
		pays, err := b.PaymentsOf(ctx, inv.ID)
		if err != nil {
			return err
		}
		balance := inv.Total.Minor
		for _, x := range pays {
			balance -= x.Amount
		}
		if balance <= 0 {
			return core.UserErr("dunning.invoice_paid", number)
		}
		if amount == 0 {
			amount = balance
		}
		if amount < 0 || amount > balance {
			return core.UserErr("dunning.promise_amount", ledger.Money{Minor: balance, Currency: inv.Total.Currency}.String())
		}
		if date.Before(said) {
			if said == s.Today() {
				return core.UserErr("dunning.promise_in_past")
			}
			return core.UserErr("dunning.promise_before_said", date.String(), said.String())
		}
		p = ledger.Promise{InvoiceID: inv.ID, Date: date, Amount: amount, Source: source, RecordedOn: said}
		if err := b.AddPromise(ctx, &p); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s: %s by %s, said on %s", inv.Number, ledger.Money{Minor: amount, Currency: inv.Total.Currency}, date, said)
		if source != "" {
			detail += " (" + source + ")"
		}
		return s.recordChange(ctx, b, ledger.ChangePromiseAdded, inv, detail)
	})
	return p, err
}

// saidOn is the day a promise or a dispute was said: today when zero,
// never after today.
func (s *Service) saidOn(d ledger.Date) (ledger.Date, error) {
	today := s.Today()
	if d.IsZero() {
		return today, nil
	}
	if d.After(today) {
		return 0, core.UserErr("dunning.said_on_future", d.String(), today.String())
	}
	return d, nil
}

// recordChange writes the history line of a change made in b, by the
// operating-system user, now.
func (s *Service) recordChange(ctx context.Context, b *store.Batch, kind ledger.ChangeKind, inv ledger.Invoice, detail string) error {
	return b.RecordChange(ctx, &store.Change{At: s.Now(), Who: core.Actor(), CustomerID: inv.CustomerID, InvoiceID: inv.ID,
		Kind: kind, Detail: detail})
}

// OpenDispute records a dispute on an invoice, opened on saidOn (the day
// the customer raised it; zero: today), with its line in the history.
func (s *Service) OpenDispute(ctx context.Context, number, reason string, saidOn ledger.Date) error {
	said, err := s.saidOn(saidOn)
	if err != nil {
		return err
	}
	return s.St.InBatch(ctx, false, func(b *store.Batch) error {
		inv, err := b.InvoiceByNumber(ctx, number)
		if errors.Is(err, store.ErrNotFound) {
			return core.UserErr("dunning.unknown_invoice", number)
		}
		if err != nil {
			return err
		}
		ds, err := b.DisputesOf(ctx, inv.ID)
		if err != nil {
			return err
		}
		for _, d := range ds {
			if d.Closed.IsZero() {
				return core.UserErr("dunning.dispute_already_open", number, d.Opened.String())
			}
		}
		if err := b.AddDispute(ctx, &ledger.Dispute{InvoiceID: inv.ID, Opened: said, Reason: reason}); err != nil {
			return err
		}
		detail := fmt.Sprintf("%s: opened %s", inv.Number, said)
		if reason != "" {
			detail += ": " + reason
		}
		return s.recordChange(ctx, b, ledger.ChangeDisputeOpened, inv, detail)
	})
}

// CloseDispute closes an invoice's open dispute today.
func (s *Service) CloseDispute(ctx context.Context, number, outcome string) error {
	inv, err := s.St.InvoiceByNumber(ctx, number)
	if errors.Is(err, store.ErrNotFound) {
		return core.UserErr("dunning.unknown_invoice", number)
	}
	if err != nil {
		return err
	}
	n, err := s.St.CloseDispute(ctx, inv.ID, s.Today(), outcome)
	if err != nil {
		return err
	}
	if n == 0 {
		return core.UserErr("dunning.no_open_dispute", number)
	}
	return nil
}

// UpdateCustomerDunning loads a customer's dunning settings, lets fn change
// them, and saves them.
func (s *Service) UpdateCustomerDunning(ctx context.Context, code string, fn func(*store.CustomerDunning) error) error {
	d, err := s.St.CustomerDunning(ctx, code)
	if errors.Is(err, store.ErrNotFound) {
		return core.UserErr("cli.unknown_customer", code)
	}
	if err != nil {
		return err
	}
	if err := fn(&d); err != nil {
		return err
	}
	if d.Start.Level > 0 && d.Start.On.IsZero() {
		// A new starting level governs the debts due before today.
		d.Start.On = s.Today()
	}
	return s.St.SetCustomerDunning(ctx, code, d)
}

// SetCustomerDunningField sets one dunning override from KEY=VALUE:
// jurisdiction (FR, EU, UK, DE, RS, or empty for the company's),
// contract_rate (annual %, empty to remove), contract_fee ("40 EUR",
// empty to remove), delay1..delay3 (days, empty for the policy's); and how
// letters greet the customer: salutation, title ("Dr."), gender (f, m, or
// empty for unknown: the neutral greeting); start_level (where the ladder
// starts for the debts already due: 1 or reminder-1, 2 or reminder-2, 3 or
// final-demand, empty for the ladder's first step).
func SetCustomerDunningField(d *store.CustomerDunning, key, value string) error {
	switch key {
	case "jurisdiction":
		if value == "" {
			d.Jurisdiction = ""
			return nil
		}
		j, err := ledger.ParseJurisdiction(value)
		if err != nil {
			return core.UserErr("company.bad_jurisdiction")
		}
		d.Jurisdiction = j
	case "contract_rate":
		if value == "" {
			d.ContractRate = nil
			return nil
		}
		r, err := dunning.ParseRate(value)
		if err != nil || r < 0 || r > dunning.Points(100) {
			return core.UserErr("rates.implausible", value)
		}
		d.ContractRate = &r
	case "contract_fee":
		if value == "" {
			d.ContractFee = nil
			return nil
		}
		var amount, code string
		if _, err := fmt.Sscan(value, &amount, &code); err != nil {
			return core.UserErr("customer.fee_format")
		}
		cur, err := ledger.ParseCurrency(code)
		if err != nil {
			return core.UserErr("customer.fee_format")
		}
		n, err := ledger.ParseAmount(amount, cur)
		if err != nil {
			return core.UserErr("customer.fee_format")
		}
		d.ContractFee = &ledger.Money{Minor: n, Currency: cur}
	case "salutation", "title":
		if len(value) > 100 || strings.ContainsFunc(value, unicode.IsControl) {
			return core.UserErr("customer.bad_text", key)
		}
		if key == "title" {
			d.Title = value
		} else {
			d.Salutation = value
		}
	case "gender":
		g, err := ledger.ParseGender(value)
		if err != nil {
			return core.UserErr("import.unknown_gender")
		}
		d.Gender = g
	case "start_level":
		n, err := ParseStartLevel(value)
		if err != nil {
			return err
		}
		if n != d.Start.Level {
			// The day is the choice's (UpdateCustomerDunning sets it).
			d.Start = dunning.StartLevel{Level: n}
		}
	case "delay1", "delay2", "delay3":
		n := 0
		if value != "" {
			if _, err := fmt.Sscan(value, &n); err != nil || n < 1 || n > 365 {
				return core.UserErr("customer.bad_delay", value)
			}
		}
		d.Delays[key[5]-'0'] = n
	case "variant":
		// One letter: A the default template, B…Z a variant; empty lets
		// the ladder assign one (dunning/variants.go).
		v := strings.ToUpper(value)
		if v != "" && (len(v) != 1 || v[0] < 'A' || v[0] > 'Z') {
			return core.UserErr("customer.bad_variant", value)
		}
		d.Variant = v
	default:
		return core.UserErr("customer.unknown_key", key)
	}
	return nil
}
