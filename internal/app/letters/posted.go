package letters

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// Mark as posted: the GUI makes a batch without recording it (Save as
// PDF…, Print), and only when the owner says the letters went in the post
// are they recorded, through the same check as `print --record`: the plan
// made again in the write transaction (ladder.Confirm, dunning.Recheck).
// Unlike print --record, the paper exists already and cannot follow the
// ledger: a letter whose figures or invoices are no longer those printed
// (an invoice paid or changed meanwhile) is not recorded at all, and said,
// so it stays proposed and is printed again.

// Posted is what Mark as posted recorded, and what it left out.
type Posted struct {
	AsOf     ledger.Date
	Recorded []BatchLetter // in the dunning history as sent by post on AsOf
	Dropped  []PostedDrop  // printed but not recorded: to print again
}

// PostedDrop is a printed letter not recorded, and why (in the owner's
// words).
type PostedDrop struct {
	CustomerCode string
	Reason       i18n.Msg
}

// errChanged rolls a recording back when a printed letter no longer
// matches the ledger; MarkPosted then records the others without it.
var errChanged = errors.New("a printed letter changed")

// MarkPosted records a batch made without Record as sent by post on its
// date, letter by letter as printed. A batch is recorded once.
func (s *Service) MarkPosted(ctx context.Context, b *Batch) (*Posted, error) {
	if b.Recorded || b.posted {
		return nil, core.UserErr("printing.already_posted")
	}
	out := &Posted{AsOf: b.AsOf}
	left := map[int]bool{}   // items not recorded, by index in b.items
	var carried []PostedDrop // said in rounds rolled back
	for round := 0; round <= len(b.items); round++ {
		var actions []dunning.Action
		var idx []int // b.items' index of each action
		for i, it := range b.items {
			if !left[i] && it.offer == nil {
				actions = append(actions, it.action)
				idx = append(idx, i)
			}
		}
		var drops []PostedDrop
		var offersLeft map[int64]bool
		changed := false
		ids := map[int]int64{} // b.items' index → the letter's ID recorded
		_, _, err := s.Confirm(ctx, b.AsOf, actions, nil, "print", func(sb *store.Batch, confirmed dunning.Plan, letterIDs []int64, paid []dunning.Skipped) error {
			paidBy := map[string][]string{}
			for _, p := range paid {
				paidBy[p.CustomerCode] = append(paidBy[p.CustomerCode], p.Invoice)
			}
			// Recheck keeps the order shown and leaves out a letter with
			// no invoice left: walk both lists together.
			k := 0
			for j, a := range actions {
				if k < len(confirmed.Actions) && confirmed.Actions[k].CustomerCode == a.CustomerCode && confirmed.Actions[k].Currency == a.Currency {
					now := confirmed.Actions[k]
					k++
					if sameLetter(now, a) {
						ids[idx[j]] = letterIDs[k-1]
						continue
					}
					changed = true // recorded, but not as printed: rolled back
				}
				left[idx[j]] = true
				drops = append(drops, dropReason(a.CustomerCode, paidBy[a.CustomerCode]))
			}
			if changed {
				return errChanged
			}
			var err error
			var offerDrops []PostedDrop
			offerDrops, offersLeft, err = markOffersPosted(ctx, sb, b)
			drops = append(drops, offerDrops...)
			return err
		})
		if errors.Is(err, errChanged) {
			carried = append(carried, drops...)
			continue // again, without the letters that changed
		}
		if err != nil {
			return nil, err
		}
		out.Dropped = append(carried, drops...)
		for i, it := range b.items {
			if left[i] || (it.offer != nil && offersLeft[it.offer.OutboxID]) {
				continue
			}
			// With its ID, for the owner to enter a registered letter's
			// tracking number against (an offer has its email's already).
			info := it.info
			if id, ok := ids[i]; ok {
				info.LetterID = id
			}
			out.Recorded = append(out.Recorded, info)
		}
		b.posted = true
		return out, nil
	}
	return nil, errors.New("mark as posted: the ledger kept changing")
}

// sameLetter says whether the letter the plan confirms now is the one
// printed: same kind, invoices and amounts.
func sameLetter(now, printed dunning.Action) bool {
	if now.CustomerCode != printed.CustomerCode || now.Currency != printed.Currency || now.Kind != printed.Kind ||
		now.Principal != printed.Principal || now.Interest != printed.Interest || now.Compensation != printed.Compensation ||
		now.TotalDue != printed.TotalDue || now.Deadline != printed.Deadline || now.Variant != printed.Variant || len(now.Invoices) != len(printed.Invoices) {
		return false
	}
	for i := range now.Invoices {
		if now.Invoices[i].ID != printed.Invoices[i].ID || now.Invoices[i].Principal != printed.Invoices[i].Principal {
			return false
		}
	}
	return true
}

// dropReason says why a printed letter is not recorded: the invoices paid
// meanwhile, or a change of its figures or step.
func dropReason(code string, paid []string) PostedDrop {
	if len(paid) > 0 {
		return PostedDrop{CustomerCode: code, Reason: i18n.M("printing.posted_paid", code, strings.Join(paid, ", "))}
	}
	return PostedDrop{CustomerCode: code, Reason: i18n.M("printing.posted_changed", code)}
}

// markOffersPosted marks the emailed letters the batch printed again
// (refused for good by mail) as printed, when the invoices still unpaid are
// those printed; one paid off since, printed or not, is no longer offered,
// as PrintBatch's recording does; one that changed otherwise stays offered.
func markOffersPosted(ctx context.Context, sb *store.Batch, b *Batch) (drops []PostedDrop, left map[int64]bool, err error) {
	var printed []*store.PostalOffer
	for _, it := range b.items {
		if it.offer != nil {
			printed = append(printed, it.offer)
		}
	}
	now, err := sb.PostalOffers(ctx, b.AsOf.String())
	if err != nil {
		return nil, nil, err
	}
	left = map[int64]bool{}
	current := map[int64]store.PostalOffer{}
	for _, of := range now {
		current[of.OutboxID] = of
		if len(of.Invoices) == 0 {
			// Paid off since it was offered: no longer offered, as
			// print --record does (the batch left it out).
			if err := sb.SetPostal(ctx, of.OutboxID, ""); err != nil {
				return nil, nil, err
			}
		}
	}
	for _, of := range printed {
		cur, ok := current[of.OutboxID]
		switch {
		case ok && slices.Equal(cur.Invoices, of.Invoices):
			if err := sb.SetPostal(ctx, of.OutboxID, "printed"); err != nil {
				return nil, nil, err
			}
			continue
		case ok && len(cur.Invoices) == 0: // no longer offered (above)
			drops = append(drops, dropReason(of.CustomerCode, of.Invoices))
		default: // printed already meanwhile, or its invoices changed
			drops = append(drops, dropReason(of.CustomerCode, nil))
		}
		left[of.OutboxID] = true
	}
	return drops, left, nil
}
