package outbox

import (
	"context"
	"path/filepath"
	"strings"
	"time"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/app/letters"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/letter"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/render"
	"github.com/relance-app/relance/internal/store"
)

// emailLetter makes the message for a plan's email letter: the letter as
// text and HTML bodies, its PDF, each invoice (the original on file, else a
// generated copy), and for demands the pay-by date as a calendar entry.
func (s *Service) emailLetter(ctx context.Context, a dunning.Action, acct mail.Account, asOf ledger.Date, now time.Time) (store.OutboxItem, error) {
	return s.emailLetterIn(ctx, a, acct, asOf, now, "")
}

// emailLetterIn is emailLetter in a language of the owner's choosing ("":
// the customer's).
func (s *Service) emailLetterIn(ctx context.Context, a dunning.Action, acct mail.Account, asOf ledger.Date, now time.Time, lang ledger.Language) (store.OutboxItem, error) {
	var it store.OutboxItem
	var nos []string
	for _, inv := range a.Invoices {
		nos = append(nos, inv.Number)
	}
	// The action's variant: the plan's, or the hand-made letter's.
	doc, err := s.Letter(ctx, letters.LetterOptions{Kind: a.Kind, InvoiceNos: nos, AsOf: asOf, WithCopies: true, Language: lang,
		Variant: letters.VariantOption(a.Variant)})
	if err != nil {
		return it, err
	}
	cust, err := s.St.CustomerByCode(ctx, a.CustomerCode)
	if err != nil {
		return it, err
	}
	flags, err := s.FlaggedAddresses(ctx)
	if err != nil {
		return it, err
	}
	to := core.Unflagged(cust.Emails, flags)
	if len(to) == 0 {
		return it, core.UserErr("send.no_address", cust.Code)
	}
	atts, err := LetterAttachments(doc, a.Kind, now)
	if err != nil {
		return it, err
	}
	return s.LetterMail(doc, cust, to, acct, a.Kind, atts, now)
}

// LetterAttachments are what an emailed letter carries: its PDF, each
// invoice (the original on file, else a generated copy), and for demands
// the pay-by date as a calendar entry. A proof carries the same.
func LetterAttachments(doc *letters.LetterDoc, kind ledger.LetterKind, now time.Time) ([]mail.Attachment, error) {
	l := i18n.Lang(doc.Request.Language)
	subject := doc.Composed.Subject
	pdf, err := render.PDF(doc.Layout, subject)
	if err != nil {
		return nil, err
	}
	atts := []mail.Attachment{{Name: core.FileName(subject) + ".pdf", ContentType: "application/pdf", Data: pdf}}
	for _, c := range doc.Copies {
		if c.Original != nil {
			atts = append(atts, mail.Attachment{Name: filepath.Base(c.Original.Name), ContentType: "application/pdf", Data: c.Original.Data})
			continue
		}
		data, err := render.PDF(&render.Layout{Pages: c.Generated}, i18n.T(l, "letter.copy_title", c.Number))
		if err != nil {
			return nil, err
		}
		atts = append(atts, mail.Attachment{Name: core.FileName(i18n.T(l, "letter.copy_title", c.Number)) + ".pdf", ContentType: "application/pdf", Data: data})
	}
	if kind.FormalNotice() {
		if ev, ok := letter.PayByEvent(doc.Request, now); ok {
			atts = append(atts, mail.Attachment{Name: core.FileName(i18n.T(l, "email.calendar_file")) + ".ics",
				ContentType: "text/calendar; charset=utf-8; method=PUBLISH", Data: letter.ICS(ev)})
		}
	}
	return atts, nil
}

// LetterMail puts a composed letter in an email to the given addresses:
// its text as the body (plain and HTML), the attachments, a new
// Message-ID, and with the account's plus-tagged Reply-To when set.
func (s *Service) LetterMail(doc *letters.LetterDoc, cust ledger.Customer, to []string, acct mail.Account, kind ledger.LetterKind, atts []mail.Attachment, now time.Time) (store.OutboxItem, error) {
	var it store.OutboxItem
	subject := doc.Composed.Subject
	fromName := acct.FromName
	if fromName == "" {
		fromName = doc.Composed.Letter.CompanyName
	}
	toName := cust.Name
	var bcc []string
	if acct.BCCSelf {
		bcc = []string{acct.FromAddress}
	}
	mid := mail.NewMessageID(acct.Domain())
	replyTo := acct.ReplyTo
	if acct.PlusTag {
		// owner+r<first 12 hex digits of the Message-ID>@domain: a reply
		// from a client that drops In-Reply-To still names its letter.
		base := replyTo
		if base == "" {
			base = acct.FromAddress
		}
		local, domain, _ := strings.Cut(base, "@")
		replyTo = local + "+r" + strings.TrimPrefix(mid, "relance.")[:12] + "@" + domain
	}
	msg, err := mail.Render(mail.Message{
		FromName: fromName, From: acct.FromAddress, ToName: toName, To: to, ReplyTo: replyTo, Bcc: bcc,
		Subject: subject, Text: letter.PlainText(doc.Composed), HTML: letter.HTML(doc.Composed), Attachments: atts,
		MessageID: mid, Date: now,
	})
	if err != nil {
		return it, core.UserErr("send.cannot_compose", cust.Code, err.Error())
	}
	return store.OutboxItem{CustomerID: cust.ID, CustomerCode: cust.Code, Kind: kind, Sender: msg.Sender, Recipients: to, Bcc: bcc,
		Subject: subject, MessageID: msg.MessageID, Message: msg.Raw}, nil
}
