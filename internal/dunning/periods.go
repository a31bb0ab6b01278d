package dunning

import (
	"sort"

	"github.com/relance-app/relance/internal/ledger"
)

// RatePeriod is a run of days over which one annual rate applied, as a
// letter states it: "12.15 % from 1 March to 30 June, then 12.40 %".
type RatePeriod struct {
	From, To ledger.Date // inclusive
	Rate     Rate
	// Invoice is set when the letter's debts did not share their rates on
	// the same days (UK: the Bank Rate of a debt's reference date holds
	// for that debt's life), so each debt's rate is stated with its number.
	Invoice string
}

// RatePeriods are the rates a letter's interest was computed at, each with
// the days it applied: French and EU rates change each half-year (Code de
// commerce L441-10: the ECB rate in force on 1 January or 1 July), German
// ones with the Basiszinssatz (§ 247 BGB), Serbian ones with each NBS or
// ECB change, so a letter that names a single rate misstates the others.
// Where every debt had the same rate on every day they shared, the periods
// are merged into one timeline (Invoice empty); otherwise each debt's own
// periods are listed, in the letter's order. Built only for the letter
// being written, not in the plan, which does not print them.
func RatePeriods(f Figures) []RatePeriod {
	var all []RatePeriod
	var perInvoice []RatePeriod
	for _, fi := range f.Invoices {
		own := mergeSegments(fi.Interest.Segments)
		for i := range own {
			own[i].Invoice = fi.Invoice.Number
		}
		perInvoice = append(perInvoice, own...)
		for _, p := range own {
			p.Invoice = ""
			all = append(all, p)
		}
	}
	if len(all) == 0 {
		return nil
	}
	sort.SliceStable(all, func(i, j int) bool {
		if all[i].From != all[j].From {
			return all[i].From < all[j].From
		}
		return all[i].To < all[j].To
	})
	out := []RatePeriod{all[0]}
	for _, p := range all[1:] {
		last := &out[len(out)-1]
		switch {
		case p.From <= last.To && p.Rate != last.Rate:
			// Two debts at different rates on the same day: say each one's.
			return perInvoice
		case p.From <= last.To.AddDays(1) && p.Rate == last.Rate:
			if p.To > last.To {
				last.To = p.To
			}
		default:
			out = append(out, p)
		}
	}
	return out
}

// mergeSegments joins an invoice's consecutive segments at the same rate
// (a payment cuts a segment without changing the rate).
func mergeSegments(segs []Segment) []RatePeriod {
	var out []RatePeriod
	for _, s := range segs {
		if n := len(out); n > 0 && out[n-1].Rate == s.Rate && out[n-1].To.AddDays(1) == s.From {
			out[n-1].To = s.To
			continue
		}
		out = append(out, RatePeriod{From: s.From, To: s.To, Rate: s.Rate})
	}
	return out
}
