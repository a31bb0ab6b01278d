package campaigns

import (
	"context"
	"errors"
	"os"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/app/letters"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/letter"
	"github.com/relance-app/relance/internal/render"
)

// PostcardOptions choose the paperless postcard reminders to print.
type PostcardOptions struct {
	AsOf ledger.Date
	// UnansweredBy: the customers reached on or before this day who have
	// not answered get a card (a card already printed is not repeated).
	UnansweredBy ledger.Date
	Out          string // the PDF, two A6 cards a sheet; never overwritten
}

// CampaignPostcards prints the postcard reminders of a paperless campaign
// and records them; it returns the customers' codes.
func (s *Service) CampaignPostcards(ctx context.Context, name string, o PostcardOptions) ([]string, []letters.BatchProblem, error) {
	c, rs, err := s.CampaignStatus(ctx, name)
	if err != nil {
		return nil, nil, err
	}
	if c.Kind != ledger.CampaignPaperless {
		return nil, nil, core.UserErr("campaign.postcards_paperless", c.Name)
	}
	if o.AsOf.IsZero() {
		o.AsOf = s.Today()
	}
	if o.UnansweredBy.IsZero() {
		o.UnansweredBy = o.AsOf
	}
	co, err := s.St.Company(ctx)
	if err != nil {
		return nil, nil, err
	}
	var cards []render.Card
	var codes []string
	var ids []int64
	var problems []letters.BatchProblem
	for _, r := range rs {
		if r.State != "sent" || r.SentOn.After(o.UnansweredBy) || !r.PostcardOn.IsZero() {
			continue
		}
		cu, err := s.St.CustomerByCode(ctx, r.CustomerCode)
		if err != nil {
			return nil, nil, err
		}
		req, err := s.campaignRequest(ctx, c, ledger.KindPaperlessPostcard, cu, o.AsOf)
		if err != nil {
			return nil, nil, err
		}
		card, err := letter.ComposePostcard(req)
		if err != nil {
			var ae *letter.AddressError
			if errors.As(err, &ae) {
				problems = append(problems, letters.BatchProblem{CustomerCode: cu.Code, Reason: core.UserErr("letter.address", ae.Customer, ae.Reason)})
				continue
			}
			return nil, nil, letters.TemplateErr(err)
		}
		cards = append(cards, *card)
		codes = append(codes, cu.Code)
		ids = append(ids, cu.ID)
	}
	if len(cards) == 0 {
		return nil, problems, nil
	}
	lay, err := letter.Postcards(cards, co.PaperSize)
	if err != nil {
		return nil, nil, err
	}
	pdf, err := render.PDF(lay, c.Name)
	if err != nil {
		return nil, nil, err
	}
	if err := writeNew(o.Out, pdf); err != nil {
		return nil, nil, err
	}
	if err := s.St.MarkPostcards(ctx, c.ID, ids, o.AsOf); err != nil {
		os.Remove(o.Out)
		return nil, nil, err
	}
	return codes, problems, nil
}
