package campaigns

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/user"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/app/letters"
	"github.com/relance-app/relance/internal/app/outbox"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/letter"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/render"
	"github.com/relance-app/relance/internal/store"
)

// CampaignSpec is what the owner says of a new campaign.
type CampaignSpec struct {
	Name        string
	Kind        string            // billing-change, paperless, appointments
	Fields      map[string]string // see campaignFields
	Audience    store.Audience
	TermsChange bool // paperless: the notice changes the terms (no consent needed)
}

// campaignFields are the fields each kind takes; effective_date is
// required for both letter campaigns.
var campaignFields = map[string][]string{
	"paperless":      {"effective_date", "optional", "consent_email", "consent_web", "consent_phone", "timeline", "terms", "benefits"},
	"billing-change": {"effective_date", "old_rule", "new_rule", "new_address", "minimum_from", "minimum_to"},
	"appointments":   {"remind_days", "reschedule", "bring"},
}

// campaignLetterKind is the letter each kind sends.
var campaignLetterKind = map[string]string{"paperless": "paperless-notice", "billing-change": "billing-change"}

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
		if !contains(known, k) {
			return c, core.UserErr("campaign.unknown_field", k, spec.Kind, strings.Join(known, ", "))
		}
		c.Fields[k] = strings.TrimSpace(v)
	}
	switch spec.Kind {
	case "appointments":
		// Appointments are added one by one: no date, no audience.
		if d := c.Fields["remind_days"]; d != "" {
			if n, err := strconv.Atoi(d); err != nil || n < 0 || n > 60 {
				return c, core.UserErr("campaign.bad_remind_days", d)
			}
		}
		return c, s.saveCampaign(ctx, &c)
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
	case "paperless":
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
	case "billing-change":
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
func CampaignFields(kind string) []string { return campaignFields[kind] }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

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
	Channel  string   // email, postal
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
		t := CampaignTarget{Customer: cu, Channel: "postal"}
		if cu.Delivery != ledger.DeliveryPostal {
			if t.To = core.Unflagged(cu.Emails, flags); len(t.To) > 0 {
				t.Channel = "email"
			}
		}
		switch {
		case reached[cu.ID]:
			t.Skip = "reached"
		case c.Kind == "paperless" && cu.Paperless.State == ledger.ConsentGranted:
			t.Skip = "paperless"
		}
		out = append(out, t)
	}
	return out, nil
}

// campaignRequest is the letter request for one customer's notice.
func (s *Service) campaignRequest(ctx context.Context, c store.Campaign, kind string, cu ledger.Customer, asOf ledger.Date) (letter.Request, error) {
	co, err := s.St.Company(ctx)
	if err != nil {
		return letter.Request{}, err
	}
	lang := cu.Language
	data := campaignData(c, lang)
	req := letter.Request{Kind: kind, Language: lang, Date: asOf, Company: co, Customer: cu, Envelope: co.Envelope, Campaign: data}
	if req.Template, err = letter.LoadTemplate(s.TemplateDir(), kind, string(lang)); err != nil {
		return req, letters.TemplateErr(err)
	}
	return req, nil
}

// campaignData are a campaign's fields as its letters show them.
func campaignData(c store.Campaign, lang ledger.Language) letter.CampaignData {
	f := c.Fields
	data := letter.CampaignData{OldRule: f["old_rule"], NewRule: f["new_rule"], NewAddress: f["new_address"], MinimumFrom: f["minimum_from"],
		MinimumTo: f["minimum_to"], Optional: f["optional"] == "yes", ConsentEmail: f["consent_email"], ConsentWeb: f["consent_web"],
		ConsentPhone: f["consent_phone"], Timeline: f["timeline"], Terms: f["terms"]}
	if !c.EffectiveDate.IsZero() {
		data.EffectiveDate = letter.FormatDate(lang, c.EffectiveDate)
		data.EffectiveMonth = letter.FormatMonthYear(lang, c.EffectiveDate)
	}
	data.Benefits = splitList(f["benefits"])
	return data
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
		if c.Kind != "paperless" || !c.EffectiveDate.After(day) {
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

// campaignLetter composes and lays out a campaign's notice to a customer.
func (s *Service) campaignLetter(ctx context.Context, c store.Campaign, cu ledger.Customer, asOf ledger.Date) (*letters.LetterDoc, error) {
	req, err := s.campaignRequest(ctx, c, campaignLetterKind[c.Kind], cu, asOf)
	if err != nil {
		return nil, err
	}
	return letters.ComposeDoc(req)
}

// CampaignSendOptions say how a campaign goes out.
type CampaignSendOptions struct {
	AsOf ledger.Date
	// PrintTo is the PDF the postal notices are written to, one after the
	// other (required when any goes by post; never overwritten).
	PrintTo   string
	Passwords core.Passwords
	DryRun    bool // say who gets what; change nothing
	// NoDeliver queues the emails without sending them now.
	NoDeliver bool
}

// CampaignReport says what a send did.
type CampaignReport struct {
	Emailed  []string // customer codes
	Posted   []string
	Skipped  map[string]string // code → reason
	Problems []letters.BatchProblem
	PrintTo  string
	Pages    int
	Send     *outbox.SendReport
	SMS      []AppointmentSMS // appointments: texts for the customers' mobiles
}

// SendCampaign sends a campaign's notices to everyone in its audience not
// reached yet: emails queued and each recipient recorded in one
// transaction (never twice), then delivered; postal notices written to one
// print file, recorded once it is written. A customer whose notice cannot
// be made (an address that does not fit the window, no address) is
// reported and left for a later run.
func (s *Service) SendCampaign(ctx context.Context, name string, o CampaignSendOptions) (*CampaignReport, error) {
	c, err := s.Campaign(ctx, name)
	if err != nil {
		return nil, err
	}
	if o.AsOf.IsZero() {
		o.AsOf = s.Today()
	}
	co, err := s.St.Company(ctx)
	if err != nil {
		return nil, err
	}
	if co.LegalName == "" && co.TradingName == "" {
		// Every notice names the company and asks for an answer to it.
		return nil, core.UserErr("campaign.no_company")
	}
	if c.Kind == "appointments" {
		return s.sendAppointments(ctx, c, o)
	}
	targets, err := s.CampaignTargets(ctx, c)
	if err != nil {
		return nil, err
	}
	rep := &CampaignReport{Skipped: map[string]string{}}
	acct, err := s.St.MailAccount(ctx)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	type emailOut struct {
		t  CampaignTarget
		it store.OutboxItem
	}
	var emails []emailOut
	var posted []CampaignTarget
	var parts []render.Part
	for _, t := range targets {
		if t.Skip != "" {
			rep.Skipped[t.Customer.Code] = t.Skip
			continue
		}
		if t.Channel == "email" && !acct.Configured() {
			return nil, core.UserErr("send.no_account")
		}
		doc, err := s.campaignLetter(ctx, c, t.Customer, o.AsOf)
		var ue *core.UserError
		if errors.As(err, &ue) {
			rep.Problems = append(rep.Problems, letters.BatchProblem{CustomerCode: t.Customer.Code, Reason: err})
			continue
		}
		if err != nil {
			return nil, err
		}
		if t.Channel == "postal" {
			posted = append(posted, t)
			parts = onFrontPage(parts, doc)
			continue
		}
		if o.DryRun {
			emails = append(emails, emailOut{t: t})
			continue
		}
		pdf, err := render.PDF(doc.Layout, doc.Composed.Subject)
		if err != nil {
			return nil, err
		}
		atts := []mail.Attachment{{Name: core.FileName(doc.Composed.Subject) + ".pdf", ContentType: "application/pdf", Data: pdf}}
		it, err := s.LetterMail(doc, t.Customer, t.To, acct, doc.Request.Kind, atts, now)
		if errors.As(err, &ue) {
			rep.Problems = append(rep.Problems, letters.BatchProblem{CustomerCode: t.Customer.Code, Reason: err})
			continue
		}
		if err != nil {
			return nil, err
		}
		emails = append(emails, emailOut{t, it})
	}
	for _, e := range emails {
		rep.Emailed = append(rep.Emailed, e.t.Customer.Code)
	}
	for _, p := range posted {
		rep.Posted = append(rep.Posted, p.Customer.Code)
	}
	if o.DryRun {
		return rep, nil
	}
	return rep, s.finishCampaign(ctx, c, o, rep, parts, func(b *store.Batch) error {
		for _, e := range emails {
			id, err := b.Enqueue(e.it, now)
			if err != nil {
				return err
			}
			if err := b.AddRecipient(store.Recipient{CampaignID: c.ID, CustomerID: e.t.Customer.ID, CustomerCode: e.t.Customer.Code,
				Channel: "email", SentOn: o.AsOf, OutboxID: id}); err != nil {
				return err
			}
			if c.Kind == "paperless" && c.TermsChange {
				// A change of terms needs no consent: email only from the
				// switch date for everyone with an address, recorded as such.
				if err := termsConsent(b, c, e.t.Customer.ID, o.AsOf, "change of terms notified by email, Message-ID <"+e.it.MessageID+">", now); err != nil {
					return err
				}
			}
		}
		for _, p := range posted {
			if err := b.AddRecipient(store.Recipient{CampaignID: c.ID, CustomerID: p.Customer.ID, CustomerCode: p.Customer.Code,
				Channel: "postal", SentOn: o.AsOf}); err != nil {
				return err
			}
			if c.Kind == "paperless" && c.TermsChange && len(p.Customer.Emails) > 0 {
				if err := termsConsent(b, c, p.Customer.ID, o.AsOf, "change of terms notified by post", now); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// onFrontPage appends a postal notice to a print file's parts so that it
// starts on a front page (duplex printing): a blank back first when needed.
func onFrontPage(parts []render.Part, doc *letters.LetterDoc) []render.Part {
	if render.PageCount(parts)%2 == 1 {
		p := doc.Layout.Pages[0]
		parts = append(parts, render.Part{Pages: []render.Page{{W: p.W, H: p.H}}})
	}
	return append(parts, doc.Parts()...)
}

// finishCampaign ends a send: the postal notices' print file written (it
// must be new), then record run in one transaction, the file removed if
// that fails (it would claim letters the ledger does not hold), then the
// queued emails delivered.
func (s *Service) finishCampaign(ctx context.Context, c store.Campaign, o CampaignSendOptions, rep *CampaignReport, parts []render.Part,
	record func(*store.Batch) error) error {
	if len(parts) > 0 {
		if o.PrintTo == "" {
			return core.UserErr("campaign.needs_print_file", len(rep.Posted))
		}
		pdf, err := render.JoinPDF(parts, c.Name)
		if err != nil {
			return err
		}
		if err := writeNew(o.PrintTo, pdf); err != nil {
			return err
		}
		rep.PrintTo, rep.Pages = o.PrintTo, render.PageCount(parts)
	}
	if err := s.St.InBatch(ctx, false, record); err != nil {
		if rep.PrintTo != "" {
			os.Remove(rep.PrintTo)
			rep.PrintTo = ""
		}
		return err
	}
	if len(rep.Emailed) > 0 && !o.NoDeliver {
		var err error
		rep.Send, err = s.Send(ctx, outbox.SendOptions{AsOf: o.AsOf, Passwords: o.Passwords, OutboxOnly: true})
		return err
	}
	return nil
}

// writeNew writes a print file that must not exist yet; a file cut short
// is removed.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, os.ErrExist) {
		return core.UserErr("campaign.file_exists", path)
	}
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path)
		return fmt.Errorf("write %s: %w", path, werr)
	}
	return nil
}

// termsConsent records a change of terms as the customer's switch to
// email only, from the switch date (or the notice's, if later).
func termsConsent(b *store.Batch, c store.Campaign, customerID int64, on ledger.Date, evidence string, now time.Time) error {
	from := c.EffectiveDate
	if on.After(from) {
		from = on
	}
	_, err := b.RecordConsent(store.ConsentRecord{CampaignID: c.ID, CustomerID: customerID, State: "granted", Date: on, From: from,
		Channel: "terms", RecordedBy: recorder(), Evidence: evidence}, now)
	return err
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
	if c.Kind != "paperless" {
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
		req, err := s.campaignRequest(ctx, c, "paperless-postcard", cu, o.AsOf)
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

// ConsentInput is a paperless answer the owner records (or confirms from
// a reply).
type ConsentInput struct {
	Campaign     string // "" outside a campaign
	CustomerCode string
	State        string // granted, refused, withdrawn
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
	case "granted", "refused", "withdrawn":
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
	if in.State == "granted" && len(cu.Emails) == 0 {
		return k, core.UserErr("campaign.consent_no_email", cu.Code)
	}
	if in.Campaign != "" {
		c, err := s.Campaign(ctx, in.Campaign)
		if err != nil {
			return k, err
		}
		if c.Kind != "paperless" {
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
func (s *Service) ConsentFromReply(ctx context.Context, r store.Inbound, state string) (i18n.Msg, error) {
	c, ok, err := s.St.CampaignOfOutbox(ctx, r.OutboxID)
	if err != nil {
		return i18n.Msg{}, err
	}
	if ok && c.Kind == "billing-change" {
		// Any answer to a billing-change notice acknowledges it.
		if err := s.Acknowledge(ctx, c.Name, r.CustomerCode, ledger.DateOf(r.ReceivedAt)); err != nil {
			return i18n.Msg{}, err
		}
		return i18n.M("campaign.applied_ack", r.CustomerCode, c.Name), nil
	}
	if !ok || c.Kind != "paperless" {
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
	if state == "granted" {
		return i18n.M("campaign.applied_consent", r.CustomerCode, k.From.String()), nil
	}
	return i18n.M("campaign.applied_refusal", r.CustomerCode), nil
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
		applies := c.Audience.All || contains(c.Audience.Codes, cu.Code)
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

// Acknowledge records that a customer acknowledged a billing change (a
// reply, a call): `campaign status` then no longer lists them as not
// having answered.
func (s *Service) Acknowledge(ctx context.Context, name, code string, on ledger.Date) error {
	c, err := s.Campaign(ctx, name)
	if err != nil {
		return err
	}
	if c.Kind != "billing-change" {
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
