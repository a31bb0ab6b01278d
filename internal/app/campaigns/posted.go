package campaigns

import (
	"context"
	"errors"

	"github.com/relance-app/relance/internal/app/letters"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// CampaignPosted says what MarkCampaignPosted recorded.
type CampaignPosted struct {
	AsOf     ledger.Date
	Recorded []string             // customer codes, recorded as reached by post on AsOf
	Dropped  []letters.PostedDrop // made but not recorded, and why
}

// MarkCampaignPosted records the postal notices of a send made with
// HoldPostal as posted on asOf (today when zero), in one transaction: a
// notice to a customer reached meanwhile (another send, or the same notices
// marked twice) or no longer in the ledger is left out and said, so that
// nobody is recorded twice. Why not at the send: the file may never reach
// the post (no printer, a save cancelled), and a customer recorded as
// reached is never sent the notice again.
func (s *Service) MarkCampaignPosted(ctx context.Context, name string, held []HeldNotice, asOf ledger.Date) (*CampaignPosted, error) {
	c, err := s.Campaign(ctx, name)
	if err != nil {
		return nil, err
	}
	if asOf.IsZero() {
		asOf = s.Today()
	}
	out := &CampaignPosted{AsOf: asOf}
	now := s.Now()
	drop := func(code, key string) {
		out.Dropped = append(out.Dropped, letters.PostedDrop{CustomerCode: code, Reason: i18n.M(key, code)})
	}
	err = s.St.InBatch(ctx, false, func(b *store.Batch) error {
		out.Recorded, out.Dropped = nil, nil
		if c.Kind == ledger.CampaignAppointments {
			list, err := b.AppointmentsOf(ctx, c.ID)
			if err != nil {
				return err
			}
			byID := map[int64]store.Appointment{}
			for _, a := range list {
				byID[a.ID] = a
			}
			for _, h := range held {
				a, ok := byID[h.AppointmentID]
				if !ok || !a.RemindedOn.IsZero() {
					drop(h.CustomerCode, "campaign.posted_already")
					continue
				}
				if err := b.MarkReminded(ctx, a.ID, asOf, string(ledger.ChannelPostal), 0, h.SMS); err != nil {
					return err
				}
				out.Recorded = append(out.Recorded, h.CustomerCode)
			}
			return nil
		}
		rs, err := b.RecipientsOf(ctx, c.ID)
		if err != nil {
			return err
		}
		reached := map[string]bool{}
		for _, r := range rs {
			reached[r.CustomerCode] = true
		}
		for _, h := range held {
			if reached[h.CustomerCode] {
				drop(h.CustomerCode, "campaign.posted_already")
				continue
			}
			cu, err := b.CustomerByCode(ctx, h.CustomerCode)
			if errors.Is(err, store.ErrNotFound) {
				drop(h.CustomerCode, "campaign.posted_gone")
				continue
			}
			if err != nil {
				return err
			}
			if err := b.AddRecipient(ctx, store.Recipient{CampaignID: c.ID, CustomerID: cu.ID, CustomerCode: cu.Code,
				Channel: "postal", SentOn: asOf}); err != nil {
				return err
			}
			if c.Kind == ledger.CampaignPaperless && c.TermsChange && len(cu.Emails) > 0 {
				if err := termsConsent(ctx, b, c, cu.ID, asOf, "change of terms notified by post", now); err != nil {
					return err
				}
			}
			reached[cu.Code] = true
			out.Recorded = append(out.Recorded, cu.Code)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
