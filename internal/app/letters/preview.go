package letters

// Previews the GUI shows while the owner edits: the letterhead on a
// sample letter, and a template being edited tried on a customer's
// letter. Both are composed by the path a real letter takes (the owner's
// templates, the letter's checks), so a problem a real letter would hit is
// said, not hidden.

import (
	"context"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/letter"
)

// LetterheadPreview is the first page, at dpi, of a first reminder to a
// sample customer (sampleCustomer names it): the company's letterhead,
// logo, signature and envelope as a real letter shows them.
func (s *Service) LetterheadPreview(ctx context.Context, sampleCustomer string, dpi float64) ([]byte, error) {
	req, err := s.SampleRequest(ctx, ledger.KindReminder1, "", sampleCustomer)
	if err != nil {
		return nil, err
	}
	// The owner's template when there is one, checked before use (as
	// Letter does).
	if req.Template, err = letter.LoadTemplate(s.TemplateDir(), req.Kind.Template(), string(req.Language)); err != nil {
		return nil, TemplateErr(err)
	}
	doc, err := ComposeDoc(req)
	if err != nil {
		return nil, err
	}
	return doc.PNG(0, dpi)
}

// SampleRequest is a letter of kind to a sample customer (named
// customerName) in lang ("": the company's): one invoice of 1,200.00 in
// the company's currency, 15 days overdue. The letterhead preview and
// proofs on the sample use it, so nothing of a real customer leaves.
func (s *Service) SampleRequest(ctx context.Context, kind ledger.LetterKind, lang ledger.Language, customerName string) (letter.Request, error) {
	co, err := s.St.Company(ctx)
	if err != nil {
		return letter.Request{}, err
	}
	if lang == "" {
		lang = co.Language
	}
	if lang == "" {
		lang = ledger.French
	}
	cur := co.Currency
	if cur == "" {
		cur = "EUR"
	}
	if customerName == "" {
		customerName = i18n.T(i18n.Lang(lang), "ui.sample_customer")
	}
	day := s.Today()
	pol := s.Policy(ctx)
	return letter.Request{Kind: kind, Language: lang, Date: day, Company: co, Currency: cur, Envelope: co.Envelope,
		Customer: ledger.Customer{Code: "EXEMPLE", Name: customerName, Address1: "1 rue de la Paix", Postcode: "75002", City: "Paris",
			Country: co.Country, Language: lang, Kind: ledger.Business},
		Deadline: day.AddDays(pol.Levels[3].DeadlineDays), PayBy: day.AddDays(pol.Levels[3].DeadlineDays),
		Invoices: []letter.InvoiceLine{{Invoice: ledger.Invoice{Number: "F-0001", IssueDate: day.AddDays(-45), DueDate: day.AddDays(-15),
			Total: ledger.Money{Minor: 120000, Currency: cur}}, Balance: 120000}}}, nil
}

// CheckTemplateText checks the text of a template being edited as kind
// in lang: a problem names its line; a template whose header says another
// kind or language is refused.
func CheckTemplateText(kind ledger.LetterKind, lang string, src []byte) error {
	_, err := parseTemplateText(kind, lang, src)
	return err
}

func parseTemplateText(kind ledger.LetterKind, lang string, src []byte) (*letter.Template, error) {
	t, err := letter.ParseTemplate(kind.Template()+"."+lang+".tmpl", src)
	if err != nil {
		return nil, TemplateErr(err)
	}
	if t.Kind != kind.Template() || t.Language != lang {
		return nil, core.UserErr("template.header_mismatch", t.Kind, t.Language, kind.Template(), lang)
	}
	return t, nil
}

// TemplatePreviewOptions say which template text to try on which
// customer's letter.
type TemplatePreviewOptions struct {
	Kind         ledger.LetterKind
	Language     string
	Source       []byte // the text being edited
	CustomerCode string
	AsOf         ledger.Date
	DPI          float64
}

// TemplatePreview is the first page of the letter the edited template
// makes for the customer's unpaid invoices, read as a real letter's are;
// the error says why there is none (the template's problem, or the
// letter's: nothing due, an address that does not fit).
func (s *Service) TemplatePreview(ctx context.Context, o TemplatePreviewOptions) ([]byte, error) {
	t, err := parseTemplateText(o.Kind, o.Language, o.Source)
	if err != nil {
		return nil, err
	}
	req, err := s.LetterRequest(ctx, LetterOptions{Kind: o.Kind, CustomerCode: o.CustomerCode, Language: ledger.Language(o.Language), AsOf: o.AsOf})
	if err != nil {
		return nil, err
	}
	req.Template = t
	doc, err := ComposeDoc(req)
	if err != nil {
		return nil, err
	}
	return doc.PNG(0, o.DPI)
}
