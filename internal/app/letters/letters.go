package letters

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/letter"
	"github.com/relance-app/relance/internal/render"
	"github.com/relance-app/relance/internal/store"
)

// LetterOptions choose a letter: its kind, whom it is for, and how.
type LetterOptions struct {
	Kind         ledger.LetterKind
	InvoiceNo    string          // one invoice…
	InvoiceNos   []string        // …several (a plan's letter)…
	CustomerCode string          // …or all of a customer's unpaid invoices (one currency)
	Language     ledger.Language // "" = the customer's
	AsOf         ledger.Date
	Envelope     ledger.Envelope // "" = the company's
	FoldMarks    bool
	WithCopies   bool // append a copy of each invoice (print)
	// Registered: the letter goes by registered post with acknowledgement
	// of receipt, and says so (a French formal notice: C. civ. 1344).
	Registered bool
	// Variant is the template variant to write it with: "" the one the
	// ladder assigns the customer (as the plan would: the Send reminder
	// dialog, relancectl letter), "A" the default template, "B"…"Z" that
	// variant (a plan's letter gives its own: VariantOption).
	Variant string
}

// VariantOption is the LetterOptions.Variant that writes a letter with a
// plan's variant (dunning.Action.Variant: "" the default).
func VariantOption(v string) string {
	if v == "" {
		return letter.DefaultVariant
	}
	return v
}

// LetterRequest gathers from the ledger what a letter needs.
func (s *Service) LetterRequest(ctx context.Context, o LetterOptions) (letter.Request, error) {
	var req letter.Request
	switch {
	case o.Kind.Reminder() || o.Kind == ledger.KindStatement:
	case o.Kind.NeedsCampaign():
		return req, core.UserErr("letter.needs_campaign", o.Kind)
	default:
		return req, core.UserErr("letter.unknown_kind", o.Kind)
	}
	co, err := s.St.Company(ctx)
	if err != nil {
		return req, err
	}
	var invoices []ledger.Invoice
	var cust ledger.Customer
	if o.InvoiceNo != "" {
		o.InvoiceNos = append([]string{o.InvoiceNo}, o.InvoiceNos...)
	}
	switch {
	case len(o.InvoiceNos) > 0:
		for _, n := range o.InvoiceNos {
			inv, err := s.St.InvoiceByNumber(ctx, n)
			if errors.Is(err, store.ErrNotFound) {
				return req, core.UserErr("dunning.unknown_invoice", n)
			} else if err != nil {
				return req, err
			}
			invoices = append(invoices, inv)
		}
		if cust, err = s.St.CustomerByCode(ctx, invoices[0].CustomerCode); err != nil {
			return req, err
		}
	case o.CustomerCode != "":
		if cust, err = s.St.CustomerByCode(ctx, o.CustomerCode); errors.Is(err, store.ErrNotFound) {
			return req, core.UserErr("cli.unknown_customer", o.CustomerCode)
		} else if err != nil {
			return req, err
		}
		lines, err := s.St.ListInvoices(ctx, store.InvoiceFilter{AsOf: o.AsOf, CustomerCode: o.CustomerCode})
		if err != nil {
			return req, err
		}
		for _, l := range lines {
			// A written-off invoice keeps its balance but is no longer
			// asked for, not even on a statement; a void one owes nothing.
			if l.Balance > 0 && l.Status != ledger.StatusWrittenOff && (o.Kind == ledger.KindStatement || l.Status == ledger.StatusOverdue) {
				invoices = append(invoices, l.Invoice)
			}
		}
		if len(invoices) == 0 {
			return req, core.UserErr("letter.nothing_due", o.CustomerCode)
		}
	default:
		return req, core.UserErr("letter.whom")
	}
	cur := invoices[0].Total.Currency
	for _, inv := range invoices {
		if inv.Total.Currency != cur {
			return req, core.UserErr("letter.two_currencies", cust.Code)
		}
	}
	lang := o.Language
	if lang == "" {
		lang = cust.Language
	}
	env := o.Envelope
	if env == "" {
		env = co.Envelope
	}
	tabs, err := s.RateTables(ctx)
	if err != nil {
		return req, err
	}
	pol := s.Policy(ctx)
	req = letter.Request{Kind: o.Kind, Language: lang, Date: o.AsOf, Company: co, Customer: cust, Envelope: env, Currency: cur,
		Charges: o.Kind.ChargesInterest(), FoldMarks: o.FoldMarks,
		Deadline: o.AsOf.AddDays(pol.Levels[3].DeadlineDays), PayBy: o.AsOf.AddDays(pol.Levels[3].DeadlineDays)}
	if req.Terms, err = s.Extras.BillingTerms(ctx, cust, o.AsOf); err != nil {
		return req, err
	}
	if o.Kind == ledger.KindStatement {
		// Until the switch date, the paperless notice rides on statements.
		ins, data, err := s.Extras.PaperlessInsert(ctx, cust, o.AsOf, lang)
		if err != nil {
			return req, err
		}
		if ins != nil {
			req.Inserts, req.Campaign = []*letter.Template{ins}, data
		}
	}
	debtor := dunning.Debtor{Kind: cust.Kind, Jurisdiction: co.Jurisdiction}
	d, err := s.St.CustomerDunning(ctx, cust.Code)
	if err != nil {
		return req, fmt.Errorf("read the dunning terms of customer %s: %w", cust.Code, err)
	}
	if d.Jurisdiction != "" {
		debtor.Jurisdiction = d.Jurisdiction
	}
	debtor.ContractRate, debtor.ContractFee = d.ContractRate, d.ContractFee
	req.Jurisdiction = debtor.Jurisdiction
	if o.Kind.Level() == 3 {
		// A UK consumer's final demand is a Letter of Claim: 30 days.
		req.LetterOfClaim = dunning.LetterOfClaim(debtor)
		req.Deadline = pol.Deadline(debtor, o.AsOf)
		req.PayBy = req.Deadline
	}
	req.Registered = o.Registered
	// The owner's choice, stored with the company (company set
	// sms_plain_latin=yes): Serbian Latin SMS without diacritics.
	req.SMSPlainLatin = co.SMSPlainLatin
	var ids []int64
	for _, inv := range invoices {
		ids = append(ids, inv.ID)
	}
	hist, err := s.St.LetterHistory(ctx, ids, o.AsOf)
	if err != nil {
		return req, err
	}
	switch o.Variant {
	case "": // the plan's choice for this customer, from the same history
		if req.Variant, err = s.CustomerVariant(ctx, cust.Code, d.Variant, lang, o.Kind, hist, ids, o.AsOf); err != nil {
			return req, err
		}
	case letter.DefaultVariant:
	default:
		if !letter.ValidVariant(o.Variant) {
			return req, core.UserErr("template.bad_variant", o.Variant)
		}
		req.Variant = o.Variant
	}
	notices := dunning.NoticeFrom(hist, o.AsOf)
	reminded := dunning.RemindedFrom(hist, o.AsOf)
	// The letter's figures are the plan's: one function computes both.
	fin := dunning.FiguresInput{AsOf: o.AsOf, Level: o.Kind.Level(), Charges: req.Charges, Currency: cur, Debtor: debtor}
	for _, inv := range invoices {
		pays, err := s.St.PaymentsOf(ctx, inv.ID)
		if err != nil {
			return req, err
		}
		for _, p := range pays {
			if !p.Date.After(o.AsOf) {
				req.Payments = append(req.Payments, p)
			}
		}
		var credits []dunning.Credit
		for _, p := range pays {
			if p.Source == ledger.PaymentCredit {
				// Named only when the invoice has some (rare).
				if credits, err = s.St.CreditsOf(ctx, inv.ID); err != nil {
					return req, err
				}
				break
			}
		}
		fin.Invoices = append(fin.Invoices, dunning.FigureInvoice{Invoice: inv, Payments: pays, Credits: credits, Notice: notices[inv.ID],
			Reminded: reminded[inv.ID]})
	}
	// Shown, never deducted: the importer applies a credit to the open
	// invoices in its currency, so what is left is in another currency or
	// came when nothing was open.
	if req.OpenCredit, err = s.St.OpenCreditOf(ctx, cust.ID, o.AsOf); err != nil {
		return req, err
	}
	f := dunning.LetterFigures(fin, tabs)
	req.Notes = f.Warnings
	if req.Charges {
		for _, p := range dunning.RatePeriods(f) {
			req.RatePeriods = append(req.RatePeriods, letter.RatePeriod{From: p.From, To: p.To, Rate: p.Rate.String(), Invoice: p.Invoice})
		}
	}
	for _, fi := range f.Invoices {
		line := letter.InvoiceLine{Invoice: fi.Invoice, Paid: fi.Paid, Balance: fi.Principal, Undated: fi.Undated}
		for _, c := range fi.Credits {
			line.Credits = append(line.Credits, letter.Credit{Number: c.Number, Date: c.Date, Amount: c.Amount})
		}
		if req.Charges {
			it := fi.Interest
			line.Interest = it.Interest
			if it.Compensation.Currency == cur {
				line.Compensation = it.Compensation.Minor
				fs := it.Compensation
				req.FixedSum = &fs
			}
			if n := len(it.Segments); n > 0 {
				req.Rate = it.Segments[n-1].Rate.String()
			}
			if fi.Err == nil {
				req.Basis = it.Basis.In(i18n.Lang(lang))
			}
		}
		req.Invoices = append(req.Invoices, line)
	}
	sort.Slice(req.Payments, func(i, j int) bool { return req.Payments[i].Date < req.Payments[j].Date })
	for _, p := range hist {
		// Earlier letters only: the letter being made may already be in the
		// history (recorded as it was printed); tasks are not letters.
		if p.Date.Before(o.AsOf) && p.Level < 4 {
			req.Previous = append(req.Previous, letter.PreviousLetter{Kind: string(p.Kind), Date: letter.FormatDate(lang, p.Date), Tracking: p.Tracking})
		}
	}
	for _, inv := range invoices {
		ps, err := s.St.PromisesOf(ctx, inv.ID)
		if err != nil {
			return req, err
		}
		for i := range ps {
			if req.Promise == nil || ps[i].RecordedOn > req.Promise.RecordedOn {
				req.Promise = &ps[i]
			}
		}
	}
	return req, nil
}

// Letter composes and lays out a letter, with the invoice copies that go
// with it when o.WithCopies is set; the caller paints it (LetterDoc.PDF).
// An original invoice PDF on file that cannot be used is reported in
// LetterDoc.Warnings and replaced by a generated copy; the letter's text
// says "attached" only for originals that are.
func (s *Service) Letter(ctx context.Context, o LetterOptions) (*LetterDoc, error) {
	req, err := s.LetterRequest(ctx, o)
	if err != nil {
		return nil, err
	}
	doc := &LetterDoc{}
	originals := make([]*render.Foreign, len(req.Invoices))
	for i := range req.Invoices {
		inv := &req.Invoices[i].Invoice
		if inv.PDFPath == "" {
			continue
		}
		f, problem := s.readOriginal(inv.Number, inv.PDFPath)
		if problem != nil {
			doc.Warnings = append(doc.Warnings, *problem)
			inv.PDFPath = ""
			continue
		}
		originals[i] = f
	}
	// The owner's template (or the variant chosen) when there is one,
	// checked before use.
	if req.Template, err = s.loadVariant(req.Kind.Template(), string(req.Language), req.Variant); err != nil {
		return nil, TemplateErr(err)
	}
	composed, err := ComposeDoc(req)
	if err != nil {
		return nil, err
	}
	doc.Request, doc.Composed, doc.Layout = req, composed.Composed, composed.Layout
	if req.LetterOfClaim {
		// Pre-Action Protocol for Debt Claims, para. 3.1(c), (d): the Letter
		// of Claim encloses the Information Sheet, the Reply Form (Annex 1)
		// and a Financial Statement (Annex 2).
		if doc.Annex, err = letter.ProtocolPages(req); err != nil {
			return nil, err
		}
	}
	if o.WithCopies && o.Kind != ledger.KindStatement {
		// The statement lists the invoices itself; other letters carry
		// each invoice: its original where one is on file, else a copy.
		for i, il := range req.Invoices {
			cp := InvoiceCopy{Number: il.Invoice.Number, Original: originals[i]}
			if cp.Original == nil {
				one := req
				one.Invoices = req.Invoices[i : i+1]
				gen, err := letter.CopyPages(one)
				if err != nil {
					return nil, err
				}
				cp.Generated = gen.Pages
			}
			doc.Copies = append(doc.Copies, cp)
		}
	}
	return doc, nil
}

// TemplateErr says a template problem (file, line, reason) in the owner's
// language; other errors pass through.
func TemplateErr(err error) error {
	var te *letter.TemplateError
	if errors.As(err, &te) {
		return core.UserErr("letter.template", te)
	}
	return err
}
