package dunning

import (
	"fmt"
	"sort"

	"github.com/relance-app/relance/internal/ledger"
)

// referenceMakePlan is MakePlan as it was before its speed-up (issue 13),
// kept verbatim so that TestMakePlanMatchesReference can check that the
// faster version gives the same plan on the same input.
func referenceMakePlan(in Input) (Plan, error) {
	if err := in.Policy.Validate(); err != nil {
		return Plan{}, err
	}
	d := in.AsOf
	plan := Plan{AsOf: d}
	hist := map[int64]invoiceHistory{}
	lastLetter := map[int64]ledger.Date{} // customer → date of the latest letter
	for _, l := range in.Letters {
		if l.Date > d {
			continue // history after the plan's date does not exist yet
		}
		if l.Level < 4 && l.Date > lastLetter[l.CustomerID] {
			lastLetter[l.CustomerID] = l.Date
		}
		for id, lv := range l.Invoices {
			h, ok := hist[id]
			if !ok {
				h.level = -1
			}
			if lv > h.level || (lv == h.level && l.Date > h.date) {
				h.level, h.date = lv, l.Date
			}
			// A final demand is the formal notice for every amount it lists.
			if isNotice(l.Level, l.Date, d) && (h.notice.IsZero() || l.Date < h.notice) {
				h.notice = l.Date
			}
			// Added with German Verzug (issue 18), as MakePlan does: the
			// first reminder's date.
			if isReminder(l.Level, l.Date, d) && (h.reminded.IsZero() || l.Date < h.reminded) {
				h.reminded = l.Date
			}
			hist[id] = h
		}
	}
	type key struct {
		customer int64
		cur      ledger.Currency
	}
	// Overdue invoices whose next step is not due yet: when a letter goes
	// to their customer in their currency today, they are listed in it at
	// their next level rather than left for a letter of their own a few
	// days later.
	type rider struct {
		candidate
		at ledger.Date
	}
	waiting := map[key][]rider{}
	var cands []candidate
	for i := range in.Invoices {
		inv := &in.Invoices[i]
		c := in.Customers[inv.CustomerID]
		if c == nil {
			return plan, fmt.Errorf("invoice %s: unknown customer %d", inv.Number, inv.CustomerID)
		}
		if balanceAsOf(inv, d) <= 0 {
			continue
		}
		h, ok := hist[inv.ID]
		if !ok {
			h.level = -1
		}
		overdue := d > inv.DueDate
		skip := func(reason string, until ledger.Date) {
			if overdue {
				plan.Skipped = append(plan.Skipped, Skipped{InvoiceID: inv.ID, Invoice: inv.Number, CustomerCode: c.Code, Reason: reason, Until: until})
			}
		}
		switch {
		case inv.Excluded || c.Excluded:
			skip(SkipExcluded, 0)
			continue
		case !c.PausedUntil.IsZero() && c.PausedUntil >= d:
			skip(SkipPaused, c.PausedUntil)
			continue
		case c.AwaitingReview:
			skip(SkipPaused, 0)
			continue
		case disputed(inv, d):
			skip(SkipDisputed, 0)
			continue
		}
		promise, hasPromise := latestPromise(inv, d)
		if hasPromise && promise.Date >= d {
			skip(SkipPromised, promise.Date)
			continue
		}
		level, at, reason := nextStep(in.Policy, c, inv, h, promise, hasPromise, d)
		if level < 0 {
			continue // nothing more to do (collections already handed over)
		}
		if at > d {
			if overdue && level < 4 {
				// It may ride along in a letter going to this customer today.
				k := key{inv.CustomerID, inv.Total.Currency}
				waiting[k] = append(waiting[k], rider{candidate{inv: inv, level: level, reason: reason, hist: h}, at})
			} else {
				skip(SkipTooSoon, at)
			}
			continue
		}
		cands = append(cands, candidate{inv: inv, level: level, reason: reason, hist: h})
	}
	tooSoon := func(c *Customer, rs []rider) {
		for _, r := range rs {
			plan.Skipped = append(plan.Skipped, Skipped{InvoiceID: r.inv.ID, Invoice: r.inv.Number, CustomerCode: c.Code, Reason: SkipTooSoon, Until: r.at})
		}
	}
	// One letter per customer and currency; the 5-day gap per customer.
	groups := map[key][]candidate{}
	for _, cd := range cands {
		k := key{cd.inv.CustomerID, cd.inv.Total.Currency}
		groups[k] = append(groups[k], cd)
	}
	keys := make([]key, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		ci, cj := in.Customers[keys[i].customer].Code, in.Customers[keys[j].customer].Code
		if ci != cj {
			return ci < cj
		}
		return keys[i].cur < keys[j].cur
	})
	for _, k := range keys {
		c := in.Customers[k.customer]
		group := groups[k]
		sort.Slice(group, func(i, j int) bool {
			if group[i].inv.DueDate != group[j].inv.DueDate {
				return group[i].inv.DueDate < group[j].inv.DueDate
			}
			return group[i].inv.Number < group[j].inv.Number
		})
		var letters, tasks []candidate
		for _, cd := range group {
			if cd.level == 4 {
				tasks = append(tasks, cd)
			} else {
				letters = append(letters, cd)
			}
		}
		if len(tasks) > 0 {
			a, err := makeAction(in, c, k.cur, tasks)
			if err != nil {
				return plan, err
			}
			plan.Tasks = append(plan.Tasks, a)
		}
		riders := waiting[k]
		delete(waiting, k)
		if len(letters) == 0 {
			tooSoon(c, riders)
			continue
		}
		if last, ok := lastLetter[c.ID]; ok && d.DaysSince(last) < in.Policy.MinGapDays {
			for _, cd := range letters {
				plan.Skipped = append(plan.Skipped, Skipped{InvoiceID: cd.inv.ID, Invoice: cd.inv.Number, CustomerCode: c.Code,
					Reason: SkipTooSoon, Until: last.AddDays(in.Policy.MinGapDays)})
			}
			tooSoon(c, riders)
			continue
		}
		for _, r := range riders {
			letters = append(letters, r.candidate)
		}
		sort.Slice(letters, func(i, j int) bool {
			if letters[i].inv.DueDate != letters[j].inv.DueDate {
				return letters[i].inv.DueDate < letters[j].inv.DueDate
			}
			return letters[i].inv.Number < letters[j].inv.Number
		})
		a, err := makeAction(in, c, k.cur, letters)
		if err != nil {
			return plan, err
		}
		plan.Actions = append(plan.Actions, a)
	}
	for k, rs := range waiting {
		tooSoon(in.Customers[k.customer], rs)
	}
	sort.SliceStable(plan.Skipped, func(i, j int) bool {
		if plan.Skipped[i].CustomerCode != plan.Skipped[j].CustomerCode {
			return plan.Skipped[i].CustomerCode < plan.Skipped[j].CustomerCode
		}
		return plan.Skipped[i].Invoice < plan.Skipped[j].Invoice
	})
	return plan, nil
}
