package campaigns

import (
	"context"
	"errors"
	"os/user"
	"time"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// termsConsent records a change of terms as the customer's switch to
// email only, from the switch date (or the notice's, if later).
func termsConsent(ctx context.Context, b *store.Batch, c store.Campaign, customerID int64, on ledger.Date, evidence string, now time.Time) error {
	from := c.EffectiveDate
	if on.After(from) {
		from = on
	}
	_, err := b.RecordConsent(ctx, store.ConsentRecord{CampaignID: c.ID, CustomerID: customerID, State: ledger.ConsentGranted, Date: on, From: from,
		Channel: "terms", RecordedBy: recorder(), Evidence: evidence}, now)
	return err
}

// ConsentInput is a paperless answer the owner records (or confirms from
// a reply).
type ConsentInput struct {
	Campaign     string // "" outside a campaign
	CustomerCode string
	State        ledger.ConsentState // granted, refused, withdrawn
	Date         ledger.Date
	Channel      string // email, phone, web, paper
	Evidence     string
	InboundID    int64
}

// RecordConsent keeps a paperless answer. A consent takes effect on the
// campaign's switch date (or the day given, if later): from then the
// customer's letters go by email only. A refusal or a withdrawal puts the
// delivery preference back in charge.
func (s *Service) RecordConsent(ctx context.Context, in ConsentInput) (store.ConsentRecord, error) {
	var k store.ConsentRecord
	switch in.State {
	case ledger.ConsentGranted, ledger.ConsentRefused, ledger.ConsentWithdraw:
	default:
		return k, core.UserErr("campaign.bad_consent_state", in.State)
	}
	switch in.Channel {
	case "email", "phone", "web", "paper":
	default:
		return k, core.UserErr("campaign.bad_consent_channel", in.Channel)
	}
	cu, err := s.St.CustomerByCode(ctx, in.CustomerCode)
	if errors.Is(err, store.ErrNotFound) {
		return k, core.UserErr("cli.unknown_customer", in.CustomerCode)
	} else if err != nil {
		return k, err
	}
	if in.Date.IsZero() {
		in.Date = s.Today()
	}
	if in.Date.After(s.Today()) {
		return k, core.UserErr("campaign.consent_future", in.Date.String())
	}
	k = store.ConsentRecord{CustomerID: cu.ID, State: in.State, Date: in.Date, From: in.Date, Channel: in.Channel,
		RecordedBy: recorder(), Evidence: in.Evidence, InboundID: in.InboundID}
	if in.State == ledger.ConsentGranted && len(cu.Emails) == 0 {
		return k, core.UserErr("campaign.consent_no_email", cu.Code)
	}
	if in.Campaign != "" {
		c, err := s.Campaign(ctx, in.Campaign)
		if err != nil {
			return k, err
		}
		if c.Kind != ledger.CampaignPaperless {
			return k, core.UserErr("campaign.consent_paperless", c.Name)
		}
		k.CampaignID = c.ID
		if c.EffectiveDate.After(k.From) {
			k.From = c.EffectiveDate
		}
	}
	k.ID, err = s.St.RecordConsent(ctx, k, s.Now())
	return k, err
}

// recorder names who records an answer: the system user (the owner at
// their laptop).
func recorder() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "owner"
}

// ConsentFromReply records the consent or refusal a reply suggested, once
// the owner confirmed it: evidence is the reply's Message-ID and its kept
// file.
func (s *Service) ConsentFromReply(ctx context.Context, r store.Inbound, state ledger.ConsentState) (i18n.Msg, error) {
	c, ok, err := s.St.CampaignOfOutbox(ctx, r.OutboxID)
	if err != nil {
		return i18n.Msg{}, err
	}
	if ok && c.Kind == ledger.CampaignBillingChange {
		// Any answer to a billing-change notice acknowledges it.
		if err := s.Acknowledge(ctx, c.Name, r.CustomerCode, ledger.DateOf(r.ReceivedAt)); err != nil {
			return i18n.Msg{}, err
		}
		return i18n.M("campaign.applied_ack", r.CustomerCode, c.Name), nil
	}
	if !ok || c.Kind != ledger.CampaignPaperless {
		return i18n.Msg{}, core.UserErr("campaign.reply_not_paperless", r.ID)
	}
	evidence := "Message-ID <" + r.MessageID + ">"
	if r.Evidence != "" {
		evidence += ", " + r.Evidence
	}
	k, err := s.RecordConsent(ctx, ConsentInput{Campaign: c.Name, CustomerCode: r.CustomerCode, State: state,
		Date: ledger.DateOf(r.ReceivedAt), Channel: "email", Evidence: evidence, InboundID: r.ID})
	if err != nil {
		return i18n.Msg{}, err
	}
	if state == ledger.ConsentGranted {
		return i18n.M("campaign.applied_consent", r.CustomerCode, k.From.String()), nil
	}
	return i18n.M("campaign.applied_refusal", r.CustomerCode), nil
}

// Acknowledge records that a customer acknowledged a billing change (a
// reply, a call): `campaign status` then no longer lists them as not
// having answered.
func (s *Service) Acknowledge(ctx context.Context, name, code string, on ledger.Date) error {
	c, err := s.Campaign(ctx, name)
	if err != nil {
		return err
	}
	if c.Kind != ledger.CampaignBillingChange {
		return core.UserErr("campaign.ack_billing", c.Name)
	}
	cu, err := s.St.CustomerByCode(ctx, code)
	if errors.Is(err, store.ErrNotFound) {
		return core.UserErr("cli.unknown_customer", code)
	} else if err != nil {
		return err
	}
	if on.IsZero() {
		on = s.Today()
	}
	ok, err := s.St.SetRecipientState(ctx, c.ID, cu.ID, "acknowledged", on)
	if err == nil && !ok {
		return core.UserErr("campaign.not_recipient", code, c.Name)
	}
	return err
}
