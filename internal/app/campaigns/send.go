package campaigns

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/app/letters"
	"github.com/relance-app/relance/internal/app/outbox"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/letter"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/render"
	"github.com/relance-app/relance/internal/store"
)

// campaignRequest is the letter request for one customer's notice.
func (s *Service) campaignRequest(ctx context.Context, c store.Campaign, kind ledger.LetterKind, cu ledger.Customer, asOf ledger.Date) (letter.Request, error) {
	co, err := s.St.Company(ctx)
	if err != nil {
		return letter.Request{}, err
	}
	lang := cu.Language
	data := campaignData(c, lang)
	req := letter.Request{Kind: kind, Language: lang, Date: asOf, Company: co, Customer: cu, Envelope: co.Envelope, Campaign: data}
	if req.Template, err = letter.LoadTemplate(s.TemplateDir(), kind.Template(), string(lang)); err != nil {
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

// campaignLetter composes and lays out a campaign's notice to a customer.
func (s *Service) campaignLetter(ctx context.Context, c store.Campaign, cu ledger.Customer, asOf ledger.Date) (*letters.LetterDoc, error) {
	req, err := s.campaignRequest(ctx, c, c.Kind.LetterKind(), cu, asOf)
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
	// HoldPostal makes the postal notices' print file (PostalPDF, no
	// PrintTo needed) without recording anyone as reached by post: the
	// owner has not posted them yet. MarkCampaignPosted records them once
	// the owner says they went (the GUI's Mark as posted, after Save as
	// PDF… or Print), as the ladder's letters are; relancectl keeps
	// recording them with the file (-o POSTAL.pdf, as print --record).
	HoldPostal bool
}

// HeldNotice is a postal notice made but not yet recorded (HoldPostal).
type HeldNotice struct {
	CustomerCode  string
	AppointmentID int64  // an appointment's reminder
	SMS           string // the appointment's text for the customer's mobile
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
	// HoldPostal: the postal notices' print file, and who is in it.
	PostalPDF []byte
	Held      []HeldNotice
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
	if c.Kind == ledger.CampaignAppointments {
		return s.sendAppointments(ctx, c, o)
	}
	if err := s.checkProofed(ctx, c, o.DryRun); err != nil {
		return nil, err
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
		if t.Channel == ledger.ChannelEmail && !acct.Configured() {
			return nil, core.NoAccount()
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
		if t.Channel == ledger.ChannelPostal {
			posted = append(posted, t)
			parts = onFrontPage(parts, doc)
			continue
		}
		if o.DryRun {
			emails = append(emails, emailOut{t: t})
			continue
		}
		atts, err := noticeAttachments(doc)
		if err != nil {
			return nil, err
		}
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
		if o.HoldPostal {
			rep.Held = append(rep.Held, HeldNotice{CustomerCode: p.Customer.Code})
		}
	}
	if o.DryRun {
		return rep, nil
	}
	if o.HoldPostal {
		posted = nil // recorded by MarkCampaignPosted
	}
	return rep, s.finishCampaign(ctx, c, o, rep, parts, func(b *store.Batch) error {
		for _, e := range emails {
			id, err := b.Enqueue(ctx, e.it, now)
			if err != nil {
				return err
			}
			if err := b.AddRecipient(ctx, store.Recipient{CampaignID: c.ID, CustomerID: e.t.Customer.ID, CustomerCode: e.t.Customer.Code,
				Channel: "email", SentOn: o.AsOf, OutboxID: id}); err != nil {
				return err
			}
			if c.Kind == ledger.CampaignPaperless && c.TermsChange {
				// A change of terms needs no consent: email only from the
				// switch date for everyone with an address, recorded as such.
				if err := termsConsent(ctx, b, c, e.t.Customer.ID, o.AsOf, "change of terms notified by email, Message-ID <"+e.it.MessageID+">", now); err != nil {
					return err
				}
			}
		}
		for _, p := range posted {
			if err := b.AddRecipient(ctx, store.Recipient{CampaignID: c.ID, CustomerID: p.Customer.ID, CustomerCode: p.Customer.Code,
				Channel: "postal", SentOn: o.AsOf}); err != nil {
				return err
			}
			if c.Kind == ledger.CampaignPaperless && c.TermsChange && len(p.Customer.Emails) > 0 {
				if err := termsConsent(ctx, b, c, p.Customer.ID, o.AsOf, "change of terms notified by post", now); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// noticeAttachments are what an emailed notice carries: its PDF (a
// proof of the campaign carries the same).
func noticeAttachments(doc *letters.LetterDoc) ([]mail.Attachment, error) {
	pdf, err := render.PDF(doc.Layout, doc.Composed.Subject)
	if err != nil {
		return nil, err
	}
	return []mail.Attachment{{Name: core.FileName(doc.Composed.Subject) + ".pdf", ContentType: "application/pdf", Data: pdf}}, nil
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
		if o.PrintTo == "" && !o.HoldPostal {
			return core.UserErr("campaign.needs_print_file", len(rep.Posted))
		}
		pdf, err := render.JoinPDF(parts, c.Name)
		if err != nil {
			return err
		}
		rep.Pages = render.PageCount(parts)
		if o.HoldPostal {
			rep.PostalPDF = pdf // recorded when posted, not now
		} else {
			if err := writeNew(o.PrintTo, pdf); err != nil {
				return err
			}
			rep.PrintTo = o.PrintTo
		}
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
