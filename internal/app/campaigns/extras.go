package campaigns

import (
	"context"
	"slices"

	"github.com/relance-app/relance/internal/app/letters"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/letter"
)

// PaperlessInsert is the highlighted notice a paper statement carries
// until a paperless campaign's switch date, for a customer it reached who
// has not agreed yet (nil when none applies).
func (s *Service) PaperlessInsert(ctx context.Context, cu ledger.Customer, day ledger.Date, lang ledger.Language) (*letter.Template, letter.CampaignData, error) {
	if cu.Paperless.State == ledger.ConsentGranted {
		return nil, letter.CampaignData{}, nil
	}
	list, err := s.St.Campaigns(ctx)
	if err != nil {
		return nil, letter.CampaignData{}, err
	}
	for _, c := range list {
		if c.Kind != ledger.CampaignPaperless || !c.EffectiveDate.After(day) {
			continue
		}
		reached, err := s.St.IsRecipient(ctx, c.ID, cu.ID)
		if err != nil {
			return nil, letter.CampaignData{}, err
		}
		if !reached {
			continue
		}
		t, err := letter.LoadTemplate(s.TemplateDir(), "paperless-insert", string(lang))
		if err != nil {
			return nil, letter.CampaignData{}, letters.TemplateErr(err)
		}
		return t, campaignData(c, lang), nil
	}
	return nil, letter.CampaignData{}, nil
}

// BillingTerms are the terms the latest billing change in force on day
// set for a customer: one addressed to everyone, naming the customer, or
// that reached them.
func (s *Service) BillingTerms(ctx context.Context, cu ledger.Customer, day ledger.Date) (*letter.BillingTerms, error) {
	changes, err := s.St.BillingChangesBy(ctx, day)
	if err != nil {
		return nil, err
	}
	for _, c := range changes {
		applies := c.Audience.All || slices.Contains(c.Audience.Codes, cu.Code)
		if !applies {
			if applies, err = s.St.IsRecipient(ctx, c.ID, cu.ID); err != nil {
				return nil, err
			}
		}
		if applies && (c.Fields["new_address"] != "" || c.Fields["minimum_to"] != "") {
			return &letter.BillingTerms{From: c.EffectiveDate, PayTo: c.Fields["new_address"], Minimum: c.Fields["minimum_to"]}, nil
		}
	}
	return nil, nil
}
