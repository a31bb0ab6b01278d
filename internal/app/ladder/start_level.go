package ladder

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// Starting levels: on a first run over debts long overdue, the owner
// chooses where each customer's ladder starts, rather than send a friendly
// "probably an oversight" after a year. The choice is a customer setting
// (dunning.StartLevel); no letter is recorded for the steps passed over.

// LongOverdueDays: a debt overdue longer than this when its first letter is
// proposed is offered a later starting level.
const LongOverdueDays = 60

// StartOffer is a customer whose first letter today would be the friendly
// reminder about a debt long overdue, and whose owner has not chosen
// where their ladder starts.
type StartOffer struct {
	Code, Name string
	Currency   ledger.Currency
	Owed       int64 // the letter's principal, in Currency
	Days       int   // the oldest invoice's days overdue
	Suggested  int   // the level suggested for that age (1, 2 or 3)
}

// SuggestedStart is the level suggested for a debt days overdue: the
// friendly reminder up to three months, the firmer letter up to six, the
// final demand beyond.
func SuggestedStart(days int) int {
	switch {
	case days > 180:
		return 3
	case days > 90:
		return 2
	}
	return 1
}

// StartOffers reads, from a plan made today, the customers to offer a
// starting level: their letter is a first friendly reminder (level 1) and
// an invoice in it is more than LongOverdueDays overdue; those the owner
// already chose for are left out. Oldest debts first.
func (s *Service) StartOffers(ctx context.Context, plan dunning.Plan) ([]StartOffer, error) {
	var out []StartOffer
	var chosen map[string]bool
	for _, a := range plan.Actions {
		if a.Level != 1 {
			continue
		}
		days := 0
		for _, inv := range a.Invoices {
			days = max(days, inv.DaysOverdue)
		}
		if days <= LongOverdueDays {
			continue
		}
		if chosen == nil {
			var err error
			if chosen, err = s.St.CustomersWithStartLevel(ctx); err != nil {
				return nil, err
			}
		}
		if chosen[a.CustomerCode] {
			continue
		}
		out = append(out, StartOffer{Code: a.CustomerCode, Name: a.CustomerName, Currency: a.Currency, Owed: a.Principal,
			Days: days, Suggested: SuggestedStart(days)})
	}
	slices.SortStableFunc(out, func(a, b StartOffer) int { return b.Days - a.Days })
	return out, nil
}

// SetStartLevels records the owner's choices (customer code → level 1..3)
// in one transaction, dated today: each governs that customer's debts due
// before today.
func (s *Service) SetStartLevels(ctx context.Context, levels map[string]int) error {
	today := s.Today()
	return s.St.InBatch(ctx, false, func(b *store.Batch) error {
		for code, n := range levels {
			if n < 1 || n > 3 {
				return core.UserErr("customer.bad_start_level", strconv.Itoa(n))
			}
			d, err := b.CustomerDunning(ctx, code)
			if err != nil {
				return fmt.Errorf("starting level of %s: %w", code, err)
			}
			d.Start = dunning.StartLevel{Level: n, On: today}
			if err := b.SetCustomerDunning(ctx, code, d); err != nil {
				return err
			}
		}
		return nil
	})
}

// ParseStartLevel reads a starting level as the owner writes it: 1 to 3 or
// the letter's kind (reminder-1, reminder-2, final-demand); "" for none.
func ParseStartLevel(v string) (int, error) {
	switch v {
	case "", "0":
		return 0, nil
	case "1", string(ledger.KindReminder1):
		return 1, nil
	case "2", string(ledger.KindReminder2):
		return 2, nil
	case "3", string(ledger.KindFinalDemand):
		return 3, nil
	}
	return 0, core.UserErr("customer.bad_start_level", v)
}
