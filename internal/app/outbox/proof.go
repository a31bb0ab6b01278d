package outbox

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/app/letters"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/letter"
	"github.com/relance-app/relance/internal/mail"
	"github.com/relance-app/relance/internal/render"
	"github.com/relance-app/relance/internal/store"
)

// Proofs (issue 19): a letter sent exactly as it will go out, composed by
// the path a real one takes, but marked PROOF in its subject, its text and
// on every page of its PDF, to the owner or colleagues. It goes straight
// over SMTP, never through the outbox, and is recorded in proofs alone: no
// letter, no step of the ladder, nothing the report counts. Its
// Message-ID begins "proof." (a letter's "relance."), so the inbox sync
// attaches a reply to the proof and never to a customer.

// ProofOptions say which template to proof, on whose data, to whom.
type ProofOptions struct {
	Kind     ledger.LetterKind
	Language ledger.Language // "": the customer's (the company's on the sample)
	// Variant is the template variant: "" or "A" the default, "B"…"Z" the
	// owner's KIND.LANG.V.tmpl.
	Variant string
	// CustomerCode fills the letter with that customer's unpaid invoices;
	// "" uses the sample customer (SampleName) the previews use.
	CustomerCode string
	SampleName   string
	To           []string
	AsOf         ledger.Date
	Passwords    core.Passwords
}

// ProofReport says what a proof did.
type ProofReport struct {
	Proof   store.Proof
	Subject string
	// Refused are addresses the server refused; the proof went to the
	// others.
	Refused []string
	// Warnings name invoice originals on file that could not be attached.
	Warnings []letters.OriginalProblem
}

// SendTemplateProof sends a proof of a reminder or statement template.
func (s *Service) SendTemplateProof(ctx context.Context, o ProofOptions) (*ProofReport, error) {
	if err := checkProofAddresses(o.To); err != nil {
		return nil, err
	}
	if !o.Kind.Reminder() && o.Kind != ledger.KindStatement {
		return nil, core.UserErr("proof.bad_kind", o.Kind)
	}
	variant, err := proofVariant(o.Variant)
	if err != nil {
		return nil, err
	}
	if o.AsOf.IsZero() {
		o.AsOf = s.Today()
	}
	var doc *letters.LetterDoc
	p := store.Proof{Kind: string(o.Kind), Variant: variant}
	if o.CustomerCode != "" {
		// The letter as the Send reminder dialog would write it today.
		// Without --variant, the customer's own (the plan's choice), so the
		// proof is the letter that customer would get; the variant used
		// is what the proof records.
		if doc, err = s.Letter(ctx, letters.LetterOptions{Kind: o.Kind, CustomerCode: o.CustomerCode, Language: o.Language, AsOf: o.AsOf,
			WithCopies: true, Variant: variant}); err != nil {
			return nil, err
		}
		p.CustomerID = doc.Request.Customer.ID
		p.Variant = doc.Request.Variant
	} else {
		req, err := s.SampleRequest(ctx, o.Kind, o.Language, o.SampleName)
		if err != nil {
			return nil, err
		}
		if req.Template, err = ProofTemplate(s.TemplateDir(), o.Kind.Template(), string(req.Language), variant); err != nil {
			return nil, err
		}
		if doc, err = letters.ComposeDoc(req); err != nil {
			return nil, err
		}
		if o.Kind != ledger.KindStatement {
			// The sample invoice travels as a generated copy, as an
			// invoice without its original on file does.
			gen, err := letter.CopyPages(req)
			if err != nil {
				return nil, err
			}
			doc.Copies = []letters.InvoiceCopy{{Number: req.Invoices[0].Invoice.Number, Generated: gen.Pages}}
		}
	}
	p.Language = string(doc.Request.Language)
	now := s.Now()
	rep, err := s.SendProof(ctx, doc, p, o.To, o.Passwords, func(d *letters.LetterDoc) ([]mail.Attachment, error) {
		return LetterAttachments(d, o.Kind, now)
	})
	if rep != nil {
		rep.Warnings = doc.Warnings
	}
	return rep, err
}

// proofVariant is the variant as the proofs table records it: "" for the
// default (A).
func proofVariant(v string) (string, error) {
	v = strings.ToUpper(strings.TrimSpace(v))
	switch {
	case v == "" || v == "A":
		return "", nil
	case len(v) == 1 && v[0] > 'A' && v[0] <= 'Z':
		return v, nil
	}
	return "", core.UserErr("proof.bad_variant", v)
}

// ProofTemplate is the template of kind in lang: the owner's or the
// default for variant "", else the owner's variant file KIND.LANG.V.tmpl,
// checked as a template is (its header names its kind and language).
func ProofTemplate(dir, kind, lang, variant string) (*letter.Template, error) {
	t, err := letter.LoadVariant(dir, kind, lang, variant)
	if variant != "" && errors.Is(err, fs.ErrNotExist) {
		return nil, core.UserErr("proof.no_variant", variant, filepath.Join(dir, letter.VariantFile(kind, lang, variant)))
	}
	return t, letters.TemplateErr(err)
}

// checkProofAddresses: at least one address, each a valid one.
func checkProofAddresses(to []string) error {
	if len(to) == 0 {
		return core.UserErr("proof.no_address")
	}
	for _, a := range to {
		if !mail.ValidAddress(a) {
			return core.UserErr("proof.bad_address", a)
		}
	}
	return nil
}

// SendProof marks a composed letter as a proof (subject, text, every page
// it lays out), builds its attachments with attach (the real send's), and
// sends it over SMTP to the addresses; p says what it proofs and is
// recorded once the server took it for at least one address.
func (s *Service) SendProof(ctx context.Context, doc *letters.LetterDoc, p store.Proof, to []string, pw core.Passwords,
	attach func(*letters.LetterDoc) ([]mail.Attachment, error)) (*ProofReport, error) {
	if err := checkProofAddresses(to); err != nil {
		return nil, err
	}
	acct, err := s.St.MailAccount(ctx)
	if err != nil {
		return nil, err
	}
	if !acct.Configured() {
		return nil, core.NoAccount()
	}
	l := i18n.Lang(doc.Request.Language)
	mark := i18n.T(l, "proof.page_mark")
	if err := markProof(doc, i18n.T(l, "proof.subject_prefix"), mark); err != nil {
		return nil, err
	}
	atts, err := attach(doc)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	fromName := acct.FromName
	if fromName == "" {
		fromName = doc.Composed.Letter.CompanyName
	}
	mid := store.ProofPrefix + strings.TrimPrefix(mail.NewMessageID(acct.Domain()), "relance.")
	msg, err := mail.Render(mail.Message{FromName: fromName, From: acct.FromAddress, To: to, ReplyTo: acct.ReplyTo,
		Subject: doc.Composed.Subject, Text: mark + "\n\n" + letter.PlainText(doc.Composed), HTML: markHTML(letter.HTML(doc.Composed), mark),
		Attachments: atts, MessageID: mid, Date: now})
	if err != nil {
		return nil, core.UserErr("proof.cannot_compose", err.Error())
	}
	if pw == nil {
		return nil, fmt.Errorf("send proof: %w", core.ErrNoPassword)
	}
	password, err := pw("smtp")
	if err != nil {
		return nil, err
	}
	conn, err := core.DialSMTP(ctx, acct, password, pw)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	out := conn.Send(msg.Sender, msg.Recipients, nil, msg.Raw)
	rep := &ProofReport{Subject: doc.Composed.Subject}
	refused := map[string]bool{}
	for _, r := range out.Refused {
		rep.Refused = append(rep.Refused, r.Address)
		refused[strings.ToLower(r.Address)] = true
	}
	if out.Class != mail.Delivered {
		return rep, core.UserErr("proof.not_sent", proofReason(out))
	}
	for _, a := range to {
		if !refused[strings.ToLower(a)] {
			p.Recipients = append(p.Recipients, a)
		}
	}
	if len(p.Recipients) == 0 {
		return rep, core.UserErr("proof.not_sent", proofReason(out))
	}
	p.SentAt, p.MessageID = now, msg.MessageID
	// The proof went out: it is recorded even if the caller has given up.
	if p.ID, err = s.St.AddProof(context.WithoutCancel(ctx), p); err != nil {
		return rep, err
	}
	rep.Proof = p
	return rep, nil
}

// proofReason says why the server did not take a proof.
func proofReason(out mail.Outcome) string {
	if len(out.Refused) > 0 {
		var parts []string
		for _, r := range out.Refused {
			parts = append(parts, fmt.Sprintf("%s: %d %s %s", r.Address, r.Code, r.Enhanced, r.Text))
		}
		return strings.Join(parts, "; ")
	}
	if out.Err != nil {
		return out.Err.Error()
	}
	return fmt.Sprint(out.Class)
}

// markProof puts the proof's marks on a composed letter: the subject's
// prefix, and the page mark on every page it lays out (the letter, its
// annexes, generated invoice copies; an original invoice on file is the
// customer's document and is attached as it is).
func markProof(doc *letters.LetterDoc, prefix, mark string) error {
	doc.Composed.Subject = prefix + doc.Composed.Subject
	if err := render.Stamp(doc.Layout.Pages, mark); err != nil {
		return err
	}
	if err := render.Stamp(doc.Annex, mark); err != nil {
		return err
	}
	for i := range doc.Copies {
		if err := render.Stamp(doc.Copies[i].Generated, mark); err != nil {
			return err
		}
	}
	return nil
}

// markHTML puts the mark first in the HTML body.
func markHTML(h, mark string) string {
	box := `<p style="border:2px solid #555;padding:4px 8px;font-weight:bold">` + htmlEscape(mark) + "</p>\n"
	if i := strings.Index(h, "<body"); i >= 0 {
		if j := strings.Index(h[i:], ">"); j >= 0 {
			return h[:i+j+1] + "\n" + box + h[i+j+1:]
		}
	}
	return box + h
}

var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

func htmlEscape(s string) string { return htmlEscaper.Replace(s) }

// TemplateProofs lists the proofs of a template (kind in lang; "" every
// language), newest first.
func (s *Service) TemplateProofs(ctx context.Context, kind ledger.LetterKind, lang ledger.Language) ([]store.Proof, error) {
	return s.St.Proofs(ctx, store.ProofFilter{Kind: string(kind), Language: string(lang)})
}

// ProofReplies lists the messages recorded as answering a proof.
func (s *Service) ProofReplies(ctx context.Context, proofID int64) ([]store.Inbound, error) {
	return s.St.ProofReplies(ctx, proofID)
}
