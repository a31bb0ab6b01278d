package app

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/relance-app/relance/internal/dunning"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/letter"
	"github.com/relance-app/relance/internal/render"
	"github.com/relance-app/relance/internal/store"
)

// LetterOptions choose a letter: its kind, whom it is for, and how.
type LetterOptions struct {
	Kind         string
	InvoiceNo    string          // one invoice…
	InvoiceNos   []string        // …several (a plan's letter)…
	CustomerCode string          // …or all of a customer's unpaid invoices (one currency)
	Language     ledger.Language // "" = the customer's
	AsOf         ledger.Date
	Envelope     ledger.Envelope // "" = the company's
	FoldMarks    bool
	WithCopies   bool // append a copy of each invoice (print)
}

// dunningKinds claim interest and fixed compensation.
var dunningKinds = map[string]bool{"reminder-2": true, "final-demand": true, "payment-demand": true}

// LetterRequest gathers from the ledger what a letter needs.
func (s *Service) LetterRequest(ctx context.Context, o LetterOptions) (letter.Request, error) {
	var req letter.Request
	switch o.Kind {
	case "reminder-1", "reminder-2", "final-demand", "payment-demand", "statement":
	case "billing-change", "paperless-notice", "appointment-reminder":
		return req, userErr("letter.needs_campaign", o.Kind)
	default:
		return req, userErr("letter.unknown_kind", o.Kind)
	}
	co, err := s.st.Company(ctx)
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
			inv, err := s.st.InvoiceByNumber(ctx, n)
			if errors.Is(err, store.ErrNotFound) {
				return req, userErr("dunning.unknown_invoice", n)
			} else if err != nil {
				return req, err
			}
			invoices = append(invoices, inv)
		}
		if cust, err = s.st.CustomerByCode(ctx, invoices[0].CustomerCode); err != nil {
			return req, err
		}
	case o.CustomerCode != "":
		if cust, err = s.st.CustomerByCode(ctx, o.CustomerCode); errors.Is(err, store.ErrNotFound) {
			return req, userErr("cli.unknown_customer", o.CustomerCode)
		} else if err != nil {
			return req, err
		}
		lines, err := s.st.ListInvoices(ctx, store.InvoiceFilter{AsOf: o.AsOf, CustomerCode: o.CustomerCode})
		if err != nil {
			return req, err
		}
		for _, l := range lines {
			if l.Balance > 0 && (o.Kind == "statement" || l.Status == ledger.StatusOverdue) {
				invoices = append(invoices, l.Invoice)
			}
		}
		if len(invoices) == 0 {
			return req, userErr("letter.nothing_due", o.CustomerCode)
		}
	default:
		return req, userErr("letter.whom")
	}
	cur := invoices[0].Total.Currency
	for _, inv := range invoices {
		if inv.Total.Currency != cur {
			return req, userErr("letter.two_currencies", cust.Code)
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
		Charges: dunningKinds[o.Kind], FoldMarks: o.FoldMarks,
		Deadline: o.AsOf.AddDays(pol.Levels[3].DeadlineDays), PayBy: o.AsOf.AddDays(pol.Levels[3].DeadlineDays)}
	debtor := dunning.Debtor{Kind: cust.Kind, Jurisdiction: co.Jurisdiction}
	if d, err := s.st.CustomerDunning(ctx, cust.Code); err == nil {
		if d.Jurisdiction != "" {
			debtor.Jurisdiction = d.Jurisdiction
		}
		debtor.ContractRate, debtor.ContractFee = d.ContractRate, d.ContractFee
	}
	var ids []int64
	for _, inv := range invoices {
		ids = append(ids, inv.ID)
		pays, err := s.st.PaymentsOf(ctx, inv.ID)
		if err != nil {
			return req, err
		}
		var paid int64
		for _, p := range pays {
			if !p.Date.After(o.AsOf) {
				paid += p.Amount
				req.Payments = append(req.Payments, p)
			}
		}
		line := letter.InvoiceLine{Invoice: inv, Paid: paid, Balance: max(inv.Total.Minor-paid, 0)}
		notice := ledger.Date(0)
		if o.Kind == "final-demand" {
			notice = o.AsOf
		}
		if it, err := dunning.ComputeInterest(dunning.InterestInput{Invoice: inv, Payments: pays, Debtor: debtor, AsOf: o.AsOf, Notice: notice}, tabs); err == nil {
			line.Interest = it.Interest
			if it.Compensation.Currency == cur {
				line.Compensation = it.Compensation.Minor
				fs := it.Compensation
				req.FixedSum = &fs
			}
			if n := len(it.Segments); n > 0 {
				req.Rate = it.Segments[n-1].Rate.String()
			}
			req.Basis = it.Basis.In(i18n.Lang(lang))
		}
		req.Invoices = append(req.Invoices, line)
	}
	sort.Slice(req.Payments, func(i, j int) bool { return req.Payments[i].Date < req.Payments[j].Date })
	prev, err := s.st.LettersAbout(ctx, ids)
	if err != nil {
		return req, err
	}
	for _, p := range prev {
		req.Previous = append(req.Previous, letter.PreviousLetter{Kind: p.Kind, Date: letter.FormatDate(lang, p.Date)})
	}
	for _, inv := range invoices {
		ps, err := s.st.PromisesOf(ctx, inv.ID)
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

// Letter composes and lays out a letter; the caller paints it.
func (s *Service) Letter(ctx context.Context, o LetterOptions) (*letter.Composed, *render.Layout, error) {
	req, err := s.LetterRequest(ctx, o)
	if err != nil {
		return nil, nil, err
	}
	c, err := letter.Compose(req)
	if err != nil {
		var ae *letter.AddressError
		if errors.As(err, &ae) {
			return nil, nil, userErr("letter.address", ae.Customer, ae.Reason)
		}
		var te *letter.TemplateError
		if errors.As(err, &te) {
			return nil, nil, userErr("letter.template", te.Error())
		}
		return nil, nil, err
	}
	lay, err := render.LayOut(c.Letter)
	if errors.Is(err, render.ErrAddressOverflow) {
		return nil, nil, userErr("letter.address", req.Customer.Code, err.Error())
	}
	if err != nil {
		return nil, nil, err
	}
	if o.WithCopies && o.Kind != "statement" {
		// The invoices travel with the letter: a generated copy of each
		// (appending an original PDF on file is not done yet).
		copies, err := letter.CopyPages(req)
		if err != nil {
			return nil, nil, err
		}
		lay.Pages = append(lay.Pages, copies.Pages...)
	}
	return c, lay, nil
}

// BatchLetter is one letter of a print batch.
type BatchLetter struct {
	CustomerCode string
	Name         string
	Postcode     string
	City         string
	Kind         string
	Pages        int
	FirstPage    int // in the batch, 1-based
}

// BatchProblem is a letter left out of a batch, and why.
type BatchProblem struct {
	CustomerCode string
	Reason       error
}

// PrintBatch lays out every postal letter the plan calls for on asOf, in
// one document for the printer: a cover page listing them, then each letter
// starting on an odd page (duplex printing: a letter never begins on the
// back of the previous one), sorted by postcode. A letter that cannot be
// made (an address that does not fit its window) is left out whole, never
// clipped, and reported with its reason.
func (s *Service) PrintBatch(ctx context.Context, asOf ledger.Date, foldMarks bool) (*render.Layout, []BatchLetter, []BatchProblem, error) {
	plan, err := s.Plan(ctx, asOf)
	if err != nil {
		return nil, nil, nil, err
	}
	var problems []BatchProblem
	type item struct {
		info BatchLetter
		lay  *render.Layout
	}
	var items []item
	for _, a := range plan.Actions {
		if a.Channel != "postal" {
			continue
		}
		var nos []string
		for _, inv := range a.Invoices {
			nos = append(nos, inv.Number)
		}
		_, lay, err := s.Letter(ctx, LetterOptions{Kind: a.Kind, InvoiceNos: nos, AsOf: asOf, FoldMarks: foldMarks, WithCopies: true})
		var ue *UserError
		if errors.As(err, &ue) {
			problems = append(problems, BatchProblem{CustomerCode: a.CustomerCode, Reason: err})
			continue
		}
		if err != nil {
			return nil, nil, nil, err
		}
		cust, err := s.st.CustomerByCode(ctx, a.CustomerCode)
		if err != nil {
			return nil, nil, nil, err
		}
		items = append(items, item{BatchLetter{CustomerCode: a.CustomerCode, Name: cust.Name, Postcode: cust.Postcode, City: cust.City,
			Kind: a.Kind, Pages: len(lay.Pages)}, lay})
	}
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].info.Postcode != items[j].info.Postcode {
			return items[i].info.Postcode < items[j].info.Postcode
		}
		return items[i].info.CustomerCode < items[j].info.CustomerCode
	})
	co, err := s.st.Company(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	w, h := 210.0, 297.0
	if co.PaperSize == ledger.PaperLetter {
		w, h = 215.9, 279.4
	}
	l := i18n.Lang(co.Language)
	var infos []BatchLetter
	for _, it := range items {
		infos = append(infos, it.info)
	}
	// The cover lists the letters; the page numbers need the cover's own
	// length first, so it is laid out twice.
	cover := func(list []BatchLetter) *render.Layout {
		rows := [][]string{}
		for i, b := range list {
			rows = append(rows, []string{strconv.Itoa(i + 1), b.CustomerCode, b.Name, strings.TrimSpace(b.Postcode + " " + b.City), b.Kind,
				strconv.Itoa(b.FirstPage), strconv.Itoa(b.Pages)})
		}
		return render.Cover(w, h, i18n.T(l, "print.cover_title", letter.FormatDate(co.Language, asOf), len(list)),
			[]string{"#", i18n.T(l, "print.col_customer"), i18n.T(l, "print.col_name"), i18n.T(l, "print.col_town"),
				i18n.T(l, "print.col_kind"), i18n.T(l, "print.col_page"), i18n.T(l, "print.col_pages")}, rows)
	}
	coverPages := len(cover(infos).Pages)
	out := &render.Layout{}
	page := coverPages + coverPages%2 // letters start on an odd page
	for i := range infos {
		infos[i].FirstPage = page + 1
		page += items[i].info.Pages + items[i].info.Pages%2
	}
	out.Pages = append(out.Pages, cover(infos).Pages...)
	blank := render.Page{W: w * 72 / 25.4, H: h * 72 / 25.4}
	for len(out.Pages)%2 == 1 {
		out.Pages = append(out.Pages, blank)
	}
	for _, it := range items {
		out.Pages = append(out.Pages, it.lay.Pages...)
		if len(it.lay.Pages)%2 == 1 {
			out.Pages = append(out.Pages, blank)
		}
	}
	return out, infos, problems, nil
}
