package campaigns

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/store"
)

// CampaignSpec is what the owner says of a new campaign.
type CampaignSpec struct {
	Name        string
	Kind        ledger.CampaignKind
	Fields      map[string]string // see campaignFields
	Audience    store.Audience
	TermsChange bool // paperless: the notice changes the terms (no consent needed)
}

// campaignFields are the fields each kind takes; effective_date is
// required for both letter campaigns.
var campaignFields = map[ledger.CampaignKind][]string{
	ledger.CampaignPaperless:     {"effective_date", "optional", "consent_email", "consent_web", "consent_phone", "timeline", "terms", "benefits", "require_proof"},
	ledger.CampaignBillingChange: {"effective_date", "old_rule", "new_rule", "new_address", "minimum_from", "minimum_to", "require_proof"},
	ledger.CampaignAppointments:  {"remind_days", "reschedule", "bring"},
}

// CreateCampaign checks and stores a campaign. Nothing is sent.
func (s *Service) CreateCampaign(ctx context.Context, spec CampaignSpec) (store.Campaign, error) {
	c := store.Campaign{Name: strings.TrimSpace(spec.Name), Kind: spec.Kind, Fields: map[string]string{}, Audience: spec.Audience,
		TermsChange: spec.TermsChange, CreatedOn: s.Today()}
	if c.Name == "" {
		return c, core.UserErr("campaign.no_name")
	}
	known, ok := campaignFields[spec.Kind]
	if !ok {
		return c, core.UserErr("campaign.unknown_kind", spec.Kind)
	}
	for k, v := range spec.Fields {
		if !slices.Contains(known, k) {
			return c, core.UserErr("campaign.unknown_field", k, spec.Kind, strings.Join(known, ", "))
		}
		c.Fields[k] = strings.TrimSpace(v)
	}
	switch spec.Kind {
	case ledger.CampaignAppointments:
		// Appointments are added one by one: no date, no audience.
		if d := c.Fields["remind_days"]; d != "" {
			if n, err := strconv.Atoi(d); err != nil || n < 0 || n > 60 {
				return c, core.UserErr("campaign.bad_remind_days", d)
			}
		}
		return c, s.saveCampaign(ctx, &c)
	}
	if r := c.Fields["require_proof"]; r != "" && r != "yes" && r != "no" {
		// yes: campaign send refuses until a proof was sent (issue 19).
		return c, core.UserErr("campaign.bad_require_proof", r)
	}
	eff := c.Fields["effective_date"]
	if eff == "" {
		return c, core.UserErr("campaign.needs", "effective_date")
	}
	d, err := ledger.ParseISODate(eff)
	if err != nil {
		return c, core.UserErr("campaign.bad_date", "effective_date", eff)
	}
	c.EffectiveDate = d
	switch spec.Kind {
	case ledger.CampaignPaperless:
		if c.Fields["consent_email"] == "" && c.Fields["consent_web"] == "" && c.Fields["consent_phone"] == "" {
			return c, core.UserErr("campaign.no_consent_channel")
		}
		if e := c.Fields["consent_email"]; e != "" && !mail.ValidAddress(e) {
			return c, core.UserErr("campaign.bad_email", e)
		}
		if o := c.Fields["optional"]; o != "" && o != "yes" && o != "no" {
			return c, core.UserErr("campaign.bad_optional", o)
		}
		if spec.TermsChange && c.Fields["optional"] == "yes" {
			return c, core.UserErr("campaign.optional_terms")
		}
	case ledger.CampaignBillingChange:
		if c.Fields["new_rule"] == "" {
			return c, core.UserErr("campaign.needs", "new_rule")
		}
	}
	a := spec.Audience
	if !a.All && a.Search == "" && len(a.Codes) == 0 {
		return c, core.UserErr("campaign.no_audience")
	}
	for _, code := range a.Codes {
		if _, err := s.St.CustomerByCode(ctx, code); errors.Is(err, store.ErrNotFound) {
			return c, core.UserErr("cli.unknown_customer", code)
		} else if err != nil {
			return c, err
		}
	}
	return c, s.saveCampaign(ctx, &c)
}

// saveCampaign stores a checked campaign; its name must be free.
func (s *Service) saveCampaign(ctx context.Context, c *store.Campaign) error {
	var err error
	if c.ID, err = s.St.CreateCampaign(ctx, *c); errors.Is(err, store.ErrDuplicate) {
		return core.UserErr("campaign.exists", c.Name)
	}
	return err
}

// CampaignFields are the fields a kind of campaign takes, in the order a
// form shows them (nil for an unknown kind).
func CampaignFields(kind ledger.CampaignKind) []string { return campaignFields[kind] }

// Campaign reads a campaign by name.
func (s *Service) Campaign(ctx context.Context, name string) (store.Campaign, error) {
	c, err := s.St.CampaignByName(ctx, name)
	if errors.Is(err, store.ErrNotFound) {
		return c, core.UserErr("campaign.not_found", name)
	}
	return c, err
}

// Campaigns lists the campaigns, newest first.
func (s *Service) Campaigns(ctx context.Context) ([]store.Campaign, error) {
	return s.St.Campaigns(ctx)
}

// CampaignTarget is a customer a campaign would reach, and how.
type CampaignTarget struct {
	Customer ledger.Customer
	Channel  ledger.Channel
	To       []string // the addresses an email goes to
	// Skip says why the customer is left out ("" when not): already
	// reached by this campaign, already paperless.
	Skip string
}

// CampaignTargets resolves the audience: each customer with the channel
// their notice takes. Email where the customer's preference allows it and
// an address is usable (not refused by a server), post otherwise.
func (s *Service) CampaignTargets(ctx context.Context, c store.Campaign) ([]CampaignTarget, error) {
	var custs []ledger.Customer
	if c.Audience.All || c.Audience.Search != "" {
		found, err := s.St.ListCustomers(ctx, store.CustomerFilter{Search: c.Audience.Search})
		if err != nil {
			return nil, err
		}
		custs = append(custs, found...)
	}
	for _, code := range c.Audience.Codes {
		cu, err := s.St.CustomerByCode(ctx, code)
		if errors.Is(err, store.ErrNotFound) {
			// Removed since the campaign was made.
			return nil, core.UserErr("cli.unknown_customer", code)
		} else if err != nil {
			return nil, err
		}
		custs = append(custs, cu)
	}
	sort.SliceStable(custs, func(i, j int) bool { return custs[i].Code < custs[j].Code })
	reached := map[int64]bool{}
	if c.ID != 0 {
		rs, err := s.St.RecipientsOf(ctx, c.ID)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			reached[r.CustomerID] = true
		}
	}
	flags, err := s.FlaggedAddresses(ctx)
	if err != nil {
		return nil, err
	}
	var out []CampaignTarget
	seen := map[int64]bool{}
	for _, cu := range custs {
		if seen[cu.ID] {
			continue
		}
		seen[cu.ID] = true
		t := CampaignTarget{Customer: cu, Channel: ledger.ChannelPostal}
		if cu.Delivery != ledger.DeliveryPostal {
			if t.To = core.Unflagged(cu.Emails, flags); len(t.To) > 0 {
				t.Channel = ledger.ChannelEmail
			}
		}
		switch {
		case reached[cu.ID]:
			t.Skip = "reached"
		case c.Kind == ledger.CampaignPaperless && cu.Paperless.State == ledger.ConsentGranted:
			t.Skip = "paperless"
		}
		out = append(out, t)
	}
	return out, nil
}

// splitList reads a field holding a list separated by ";".
func splitList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ";") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// CampaignStatus lists a campaign's recipients and where each stands.
func (s *Service) CampaignStatus(ctx context.Context, name string) (store.Campaign, []store.Recipient, error) {
	c, err := s.Campaign(ctx, name)
	if err != nil {
		return c, nil, err
	}
	rs, err := s.St.RecipientsOf(ctx, c.ID)
	return c, rs, err
}
