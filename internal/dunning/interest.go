package dunning

import (
	"errors"
	"fmt"
	"math/big"
	"sort"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// Debtor is what the law needs to know about who owes.
type Debtor struct {
	Kind         ledger.CustomerKind
	Jurisdiction ledger.Jurisdiction
	// ContractRate, when set, replaces the statutory rate: a fixed annual
	// rate agreed in the terms of sale.
	ContractRate *Rate
	// ContractFee, when set, replaces the statutory fixed compensation.
	ContractFee *ledger.Money
}

// InterestInput is one invoice's situation.
type InterestInput struct {
	Invoice  ledger.Invoice
	Payments []ledger.Payment // any order
	Debtor   Debtor
	AsOf     ledger.Date
	// Notice is the date of the formal notice (the final demand), from
	// which interest runs on a French consumer's debt; zero if none yet.
	Notice ledger.Date
	// Reminded is the date of the first reminder (any letter of levels 1
	// to 3), from which interest runs under German law (the Mahnung puts
	// the debtor in Verzug); zero if none yet.
	Reminded ledger.Date
}

// Segment is a run of days with one balance and one rate.
type Segment struct {
	From, To ledger.Date // inclusive
	Days     int
	Balance  int64 // minor units
	Rate     Rate
	// Amount is this segment's interest rounded half-up to the minor unit,
	// for display; the invoice's interest is the exact sum, rounded once.
	Amount int64
}

// Interest is what an invoice owes on top of its balance.
type Interest struct {
	Currency     ledger.Currency
	Principal    int64 // balance as of the date: total less payments received
	Interest     int64 // minor units, rounded half-up once
	Compensation ledger.Money
	Basis        i18n.Msg // the rule applied, in words
	Segments     []Segment
	RatesUsed    []RateEntry // every reference entry a segment used
	Warnings     []i18n.Msg
}

// TotalDue is principal + interest (+ compensation when in the same
// currency; otherwise the compensation is owed separately).
func (in Interest) TotalDue() int64 {
	t := in.Principal + in.Interest
	if in.Compensation.Currency == in.Currency {
		t += in.Compensation.Minor
	}
	return t
}

// ErrNoRate is returned when no rate can be found for a day.
var ErrNoRate = errors.New("no reference rate")

// dayDenominator turns balance × Rate × days into minor units:
// 365 days × 100 (percent) × rateScale.
var dayDenominator = big.NewInt(365 * 100 * rateScale)

// rateFunc returns the rate for day d, the entry it came from (if any), and
// whether that entry is stale.
type rateFunc func(d ledger.Date) (Rate, *RateEntry, bool, error)

// ComputeInterest applies the debtor's jurisdiction (or contract) to the
// invoice: simple interest on the outstanding balance, day by day, from the
// day after the due date through the as-of date inclusive; a payment lowers
// the base from the day after it is received; balance × annual rate × days
// / 365 summed over segments of constant rate and balance, rounded half-up
// once at the end.
func ComputeInterest(in InterestInput, t *Tables) (Interest, error) {
	inv := in.Invoice
	cur := inv.Total.Currency
	out := Interest{Currency: cur}
	pays := append([]ledger.Payment(nil), in.Payments...)
	sort.Slice(pays, func(i, j int) bool { return pays[i].Date < pays[j].Date })
	// balanceOn is the base for day d: payments received before d count.
	balanceOn := func(d ledger.Date) int64 {
		b := inv.Total.Minor
		for _, p := range pays {
			if p.Date < d {
				b -= p.Amount
			}
		}
		return max(b, 0)
	}
	paidBy := inv.Total.Minor - balanceOn(in.AsOf.AddDays(1))
	out.Principal = max(inv.Total.Minor-paidBy, 0)

	rule, err := ruleFor(in, t)
	if err != nil {
		return out, err
	}
	out.Basis = rule.basis
	out.Warnings = append(out.Warnings, rule.warnings...)
	firstLate := inv.DueDate.AddDays(1)
	start := firstLate
	if rule.from > start {
		start = rule.from
	}
	late := in.AsOf >= firstLate && balanceOn(firstLate) > 0
	if late {
		out.Compensation = rule.compensation(balanceOn(firstLate))
	}
	if start > in.AsOf || rule.rate == nil {
		return out, nil
	}
	// Breakpoints: the first day of each segment.
	cuts := map[ledger.Date]bool{start: true}
	for _, p := range pays {
		if d := p.Date.AddDays(1); d > start && d <= in.AsOf {
			cuts[d] = true
		}
	}
	for _, d := range rule.changes(start, in.AsOf) {
		if d > start && d <= in.AsOf {
			cuts[d] = true
		}
	}
	days := make([]ledger.Date, 0, len(cuts))
	for d := range cuts {
		days = append(days, d)
	}
	sort.Slice(days, func(i, j int) bool { return days[i] < days[j] })
	num := new(big.Int)
	used := map[RateEntry]bool{}
	warnedStale := false
	for i, from := range days {
		to := in.AsOf
		if i+1 < len(days) {
			to = days[i+1].AddDays(-1)
		}
		bal := balanceOn(from)
		if bal == 0 {
			continue
		}
		r, entry, stale, err := rule.rate(from)
		if err != nil {
			return out, err
		}
		if r < 0 {
			r = 0 // a negative reference rate plus its margin never makes the creditor pay
		}
		if entry != nil && !used[*entry] {
			used[*entry] = true
			out.RatesUsed = append(out.RatesUsed, *entry)
		}
		if stale && !warnedStale {
			warnedStale = true
			out.Warnings = append(out.Warnings, i18n.M("interest.stale_rate", string(entry.Table), entry.From.String(), entry.Rate.String()))
		}
		n := to.DaysSince(from) + 1
		seg := new(big.Int).Mul(big.NewInt(bal), big.NewInt(int64(r)))
		seg.Mul(seg, big.NewInt(int64(n)))
		num.Add(num, seg)
		out.Segments = append(out.Segments, Segment{From: from, To: to, Days: n, Balance: bal, Rate: r, Amount: roundHalfUp(seg)})
	}
	out.Interest = roundHalfUp(num)
	return out, nil
}

// roundHalfUp divides a non-negative numerator by dayDenominator, rounding
// half up.
func roundHalfUp(num *big.Int) int64 {
	q, r := new(big.Int).QuoRem(num, dayDenominator, new(big.Int))
	if new(big.Int).Mul(r, big.NewInt(2)).Cmp(dayDenominator) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	return q.Int64()
}

// rule is a jurisdiction's law applied to one debt.
type rule struct {
	basis        i18n.Msg
	from         ledger.Date // interest runs from this day at the earliest (French consumers: the day after the notice)
	rate         rateFunc    // nil: no interest
	changes      func(from, to ledger.Date) []ledger.Date
	compensation func(principal int64) ledger.Money
	warnings     []i18n.Msg
}

func noChanges(ledger.Date, ledger.Date) []ledger.Date { return nil }
func noCompensation(int64) ledger.Money                { return ledger.Money{} }

// halfYearStarts lists the 1 January and 1 July dates in (from, to].
func halfYearStarts(from, to ledger.Date) []ledger.Date {
	var out []ledger.Date
	for d := nextHalfYear(from); d <= to; d = nextHalfYear(d) {
		out = append(out, d)
	}
	return out
}

// entryChanges lists the dates in (from, to] on which table id changes,
// shifted by shift days (the NBS rate applies from the day after).
func entryChanges(t *Tables, id RateID, shift int) func(from, to ledger.Date) []ledger.Date {
	return func(from, to ledger.Date) []ledger.Date {
		var out []ledger.Date
		if tb := t.Table(id); tb != nil {
			for _, e := range tb.Entries {
				if d := e.From.AddDays(shift); d > from && d <= to {
					out = append(out, d)
				}
			}
		}
		return out
	}
}

// refPlus is the rate "reference rate on day ref(d) + margin".
func refPlus(t *Tables, id RateID, margin Rate, ref func(ledger.Date) ledger.Date) rateFunc {
	return func(d ledger.Date) (Rate, *RateEntry, bool, error) {
		at := ref(d)
		e, stale, ok := t.lookup(id, at)
		if !ok {
			return 0, nil, false, fmt.Errorf("%w: %s has no entry on or before %s", ErrNoRate, id, at)
		}
		return e.Rate + margin, &e, stale, nil
	}
}

func sameDay(d ledger.Date) ledger.Date { return d }

func euros(n int64) ledger.Money { return ledger.Money{Minor: n * 100, Currency: "EUR"} }

func ruleFor(in InterestInput, t *Tables) (rule, error) {
	db := in.Debtor
	business := db.Kind != ledger.Consumer
	r := rule{changes: noChanges, compensation: noCompensation}
	cur := in.Invoice.Total.Currency
	firstLate := in.Invoice.DueDate.AddDays(1)
	flat40 := func(int64) ledger.Money { return euros(40) }
	switch db.Jurisdiction {
	case ledger.JurisdictionFR:
		if business {
			r.basis = i18n.M("basis.fr_business")
			r.rate = refPlus(t, ECBMainRefinancing, Points(10), halfYearStart)
			r.changes = halfYearStarts
			r.compensation = flat40
		} else {
			r.basis = i18n.M("basis.fr_consumer")
			r.rate = refPlus(t, FRLegalOther, 0, sameDay)
			r.changes = halfYearStarts
			if in.Notice.IsZero() {
				r.from = in.AsOf.AddDays(1) // nothing runs before the formal notice
			} else {
				r.from = in.Notice.AddDays(1)
			}
		}
	case ledger.JurisdictionEU:
		r.basis = i18n.M("basis.eu")
		r.rate = refPlus(t, ECBMainRefinancing, Points(8), halfYearStart)
		r.changes = halfYearStarts
		if business {
			r.compensation = flat40
		}
	case ledger.JurisdictionDE:
		// § 288 Abs. 1 Satz 1 BGB: "Eine Geldschuld ist während des Verzugs
		// zu verzinsen." § 286 Abs. 1: a Mahnung after the due date puts
		// the debtor in Verzug (the first reminder; without one, the letter
		// being written is the Mahnung: nothing runs before it); Abs. 3: a
		// debtor who is not a consumer is in Verzug at the latest 30 days
		// after the due date and the invoice's receipt (its issue, the
		// earliest it can be received), a consumer only if the invoice
		// said so, which the ledger does not record. Interest runs from the
		// day after Verzug begins. A due date the creditor alone printed
		// is no "Zeit nach dem Kalender" (Abs. 2 Nr. 1).
		verzug := in.AsOf
		if !in.Reminded.IsZero() {
			verzug = in.Reminded
		}
		if business {
			d := in.Invoice.DueDate
			if in.Invoice.IssueDate > d {
				d = in.Invoice.IssueDate
			}
			verzug = min(verzug, d.AddDays(30))
		}
		r.from = verzug.AddDays(1)
		if business {
			r.basis = i18n.M("basis.de_business")
			r.rate = refPlus(t, DEBasiszins, Points(9), sameDay)
			r.compensation = flat40
		} else {
			r.basis = i18n.M("basis.de_consumer")
			r.rate = refPlus(t, DEBasiszins, Points(5), sameDay)
		}
		r.changes = halfYearStarts
	case ledger.JurisdictionUK:
		// The Bank Rate on 31 December (debts falling late in January–June)
		// or 30 June (July–December) holds for the life of the debt.
		y, m, _ := firstLate.Civil()
		ref, _ := ledger.NewDate(y-1, 12, 31)
		if m >= 7 {
			ref, _ = ledger.NewDate(y, 6, 30)
		}
		if !business {
			// The Late Payment of Commercial Debts (Interest) Act 1998
			// covers business debts only.
			r.basis = i18n.M("basis.uk_consumer")
			break
		}
		r.basis = i18n.M("basis.uk", ref.String())
		r.rate = refPlus(t, BoEBankRate, Points(8), func(ledger.Date) ledger.Date { return ref })
		r.compensation = func(principal int64) ledger.Money {
			// Late Payment of Commercial Debts (Interest) Act 1998 s.5A:
			// a fixed sum by the size of the debt (its principal).
			switch {
			case principal < 100000:
				return ledger.Money{Minor: 4000, Currency: "GBP"}
			case principal < 1000000:
				return ledger.Money{Minor: 7000, Currency: "GBP"}
			}
			return ledger.Money{Minor: 10000, Currency: "GBP"}
		}
	case ledger.JurisdictionRS:
		switch cur {
		case "RSD":
			r.basis = i18n.M("basis.rs_dinar")
			if business {
				// A business debtor also falls under the Zakon o rokovima
				// izmirenja novčanih obaveza u komercijalnim transakcijama.
				r.basis = i18n.M("basis.rs_dinar_business")
			}
			// The NBS rate applies from the day after each change.
			r.rate = refPlus(t, NBSKeyRate, Points(8), func(d ledger.Date) ledger.Date { return d.AddDays(-1) })
			r.changes = entryChanges(t, NBSKeyRate, 1)
		case "EUR":
			r.basis = i18n.M("basis.rs_euro")
			if business {
				r.basis = i18n.M("basis.rs_euro_business")
			}
			r.rate = refPlus(t, ECBMainRefinancing, Points(8), sameDay)
			r.changes = entryChanges(t, ECBMainRefinancing, 0)
		default:
			if db.ContractRate == nil {
				return r, fmt.Errorf("%w: Serbian law sets no statutory rate for %s debts here; set a contractual rate", ErrNoRate, cur)
			}
		}
	default:
		return r, fmt.Errorf("unknown jurisdiction %q", db.Jurisdiction)
	}
	if db.ContractRate != nil {
		rate := *db.ContractRate
		if db.Jurisdiction == ledger.JurisdictionFR && business {
			// Code de commerce L441-10: a contractual rate may not be below
			// three times the legal rate.
			if e, _, ok := t.lookup(FRLegalOther, firstLate); ok && rate < 3*e.Rate {
				r.warnings = append(r.warnings, i18n.M("interest.fr_contract_below_minimum", rate.String(), (3*e.Rate).String()))
			}
		}
		r.basis = i18n.M("basis.contract", rate.String())
		r.rate = func(ledger.Date) (Rate, *RateEntry, bool, error) { return rate, nil, false, nil }
		r.changes = noChanges
	}
	if db.ContractFee != nil {
		fee := *db.ContractFee
		r.compensation = func(int64) ledger.Money { return fee }
	}
	return r, nil
}
