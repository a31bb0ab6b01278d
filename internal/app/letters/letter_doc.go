package letters

import (
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/relance-app/relance/internal/app/core"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/letter"
	"github.com/relance-app/relance/internal/render"
)

// LetterDoc is a composed letter with what travels with it.
type LetterDoc struct {
	Request  letter.Request // what the letter was made from
	Composed *letter.Composed
	// Layout is the letter itself: what the preview shows.
	Layout *render.Layout
	// Annex are the pages the letter encloses after its own: a Letter of
	// Claim's Information Sheet, Reply Form and Financial Statement.
	Annex []render.Page
	// Copies are the invoices that go with the letter (LetterOptions.
	// WithCopies), in the letter's order: the original PDF where one is on
	// file and readable, a generated copy page otherwise.
	Copies []InvoiceCopy
	// Warnings name originals on file that could not be used.
	Warnings []OriginalProblem
}

// InvoiceCopy is one invoice's copy: exactly one of Original and Generated.
type InvoiceCopy struct {
	Number    string
	Original  *render.Foreign
	Generated []render.Page
}

// OriginalProblem is an invoice whose original PDF is on file but cannot
// be used; the letter says a copy is appended and a generated one is.
type OriginalProblem struct {
	Invoice string
	Path    string
	Reason  i18n.Msg
}

// In words, in the owner's language.
func (p OriginalProblem) In(l i18n.Lang) string {
	return i18n.T(l, "letter.original_unusable", p.Invoice, p.Path, p.Reason)
}

// Parts are the letter's pages followed by the invoice copies, for
// render.JoinPDF.
func (d *LetterDoc) Parts() []render.Part {
	parts := []render.Part{{Pages: d.Layout.Pages}}
	if len(d.Annex) > 0 {
		parts = append(parts, render.Part{Pages: d.Annex})
	}
	for _, c := range d.Copies {
		if c.Original != nil {
			parts = append(parts, render.Part{Foreign: c.Original})
		} else {
			parts = append(parts, render.Part{Pages: c.Generated})
		}
	}
	return parts
}

// JoinPDF is render.JoinPDF; tests replace it to make a join fail.
var JoinPDF = render.JoinPDF

// PDF is the whole document: the letter, then each invoice copy. An
// original that passed ReadForeign but cannot be joined is replaced by a
// generated copy, with a warning added to d.Warnings: one bad original
// never stops a letter.
func (d *LetterDoc) PDF() ([]byte, error) {
	pdf, err := JoinPDF(d.Parts(), d.Composed.Subject)
	if err == nil || !d.hasOriginals() {
		return pdf, err
	}
	if err := d.dropOriginals(d.unjoinable(err)); err != nil {
		return nil, err
	}
	return JoinPDF(d.Parts(), d.Composed.Subject)
}

func (d *LetterDoc) hasOriginals() bool {
	for _, c := range d.Copies {
		if c.Original != nil {
			return true
		}
	}
	return false
}

// unjoinable finds the originals that cannot be joined, each tried alone
// behind the letter's first page; when each joins alone but not all
// together, every original is given up, with the joint error.
func (d *LetterDoc) unjoinable(joint error) map[string]OriginalProblem {
	bad := map[string]OriginalProblem{}
	first := d.Layout.Pages[:1]
	for _, c := range d.Copies {
		if c.Original == nil {
			continue
		}
		if _, err := JoinPDF([]render.Part{{Pages: first}, {Foreign: c.Original}}, ""); err != nil {
			bad[c.Number] = OriginalProblem{Invoice: c.Number, Path: c.Original.Name, Reason: i18n.M("letter.original_join_failed", err.Error())}
		}
	}
	if len(bad) == 0 {
		for _, c := range d.Copies {
			if c.Original != nil {
				bad[c.Number] = OriginalProblem{Invoice: c.Number, Path: c.Original.Name, Reason: i18n.M("letter.original_join_failed", joint.Error())}
			}
		}
	}
	return bad
}

// dropOriginals replaces the originals of bad by generated copies. The
// letter is composed again: its text says "attached" only for originals
// that are.
func (d *LetterDoc) dropOriginals(bad map[string]OriginalProblem) error {
	req := d.Request
	req.Invoices = append(req.Invoices[:0:0], req.Invoices...)
	for i := range req.Invoices {
		if _, ok := bad[req.Invoices[i].Invoice.Number]; ok {
			req.Invoices[i].Invoice.PDFPath = ""
		}
	}
	nd, err := ComposeDoc(req)
	if err != nil {
		return err
	}
	copies := append([]InvoiceCopy(nil), d.Copies...)
	for i, c := range copies {
		p, ok := bad[c.Number]
		if !ok || c.Original == nil {
			continue
		}
		for j := range req.Invoices {
			if req.Invoices[j].Invoice.Number != c.Number {
				continue
			}
			one := req
			one.Invoices = req.Invoices[j : j+1]
			gen, err := letter.CopyPages(one)
			if err != nil {
				return err
			}
			copies[i] = InvoiceCopy{Number: c.Number, Generated: gen.Pages}
		}
		d.Warnings = append(d.Warnings, p)
	}
	d.Request, d.Composed, d.Layout, d.Copies = req, nd.Composed, nd.Layout, copies
	return nil
}

// Pages counts the whole document's pages.
func (d *LetterDoc) Pages() int { return render.PageCount(d.Parts()) }

// maxOriginalSize bounds an original read into memory (render's limit:
// an invoice is a few hundred kilobytes; a 20 MB file on file is a
// mistake, a scan at full resolution or the wrong file).
const maxOriginalSize = render.MaxForeignBytes

// readOriginal reads and checks the invoice PDF at path. A relative path
// is taken from the ledger's folder (imports store absolute paths). Any
// failure is a problem for the owner, never an error: the letter then
// carries a generated copy.
func (s *Service) readOriginal(number, path string) (*render.Foreign, *OriginalProblem) {
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(s.St.Path()), path)
	}
	fail := func(reason i18n.Msg) (*render.Foreign, *OriginalProblem) {
		return nil, &OriginalProblem{Invoice: number, Path: path, Reason: reason}
	}
	fi, err := os.Stat(path)
	if err != nil {
		return fail(i18n.M("letter.original_error", err.Error()))
	}
	if !fi.Mode().IsRegular() {
		return fail(i18n.M("letter.original_not_file"))
	}
	if fi.Size() > maxOriginalSize {
		return fail(i18n.M("letter.original_too_big", fi.Size()>>20, maxOriginalSize>>20))
	}
	f, err := os.Open(path)
	if err != nil {
		return fail(i18n.M("letter.original_error", err.Error()))
	}
	defer f.Close()
	// The file may have grown since Stat: read no more than the limit.
	data, err := io.ReadAll(io.LimitReader(f, maxOriginalSize+1))
	if err != nil {
		return fail(i18n.M("letter.original_error", err.Error()))
	}
	if len(data) > maxOriginalSize {
		return fail(i18n.M("letter.original_too_big", len(data)>>20, maxOriginalSize>>20))
	}
	orig, err := render.ReadForeign(path, data)
	var le *render.LimitError
	switch {
	case errors.As(err, &le):
		return fail(limitReason(le))
	case err != nil:
		return fail(i18n.M("letter.original_error", err.Error()))
	}
	return orig, nil
}

// limitReason says in words which of render's limits an original hit.
func limitReason(le *render.LimitError) i18n.Msg {
	switch le.Limit {
	case "size":
		return i18n.M("letter.original_too_big", le.Got>>20, le.Max>>20)
	case "pages":
		return i18n.M("letter.original_too_many_pages", le.Got, le.Max)
	case "objects":
		return i18n.M("letter.original_too_complex", le.Got, le.Max)
	default:
		return i18n.M("letter.original_bomb", le.Max>>20)
	}
}

// ComposeDoc composes and lays out a letter request: an address that
// cannot be placed or a template problem becomes a message for the owner.
func ComposeDoc(req letter.Request) (*LetterDoc, error) {
	comp, err := letter.Compose(req)
	if err != nil {
		var ae *letter.AddressError
		if errors.As(err, &ae) {
			return nil, core.UserErr("letter.address", ae.Customer, ae.Reason)
		}
		return nil, TemplateErr(err)
	}
	lay, err := render.LayOut(comp.Letter)
	if errors.Is(err, render.ErrAddressOverflow) {
		return nil, core.UserErr("letter.address", req.Customer.Code, err.Error())
	}
	if err != nil {
		return nil, err
	}
	return &LetterDoc{Request: req, Composed: comp, Layout: lay}, nil
}
