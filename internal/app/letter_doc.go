package app

import (
	"errors"
	"os"
	"path/filepath"

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
	for _, c := range d.Copies {
		if c.Original != nil {
			parts = append(parts, render.Part{Foreign: c.Original})
		} else {
			parts = append(parts, render.Part{Pages: c.Generated})
		}
	}
	return parts
}

// PDF is the whole document: the letter, then each invoice copy.
func (d *LetterDoc) PDF() ([]byte, error) {
	return render.JoinPDF(d.Parts(), d.Composed.Subject)
}

// Pages counts the whole document's pages.
func (d *LetterDoc) Pages() int { return render.PageCount(d.Parts()) }

// maxOriginalSize bounds an original read into memory: an invoice is a few
// hundred kilobytes; a 50 MB file on file is a mistake (a scan at full
// resolution, the wrong file), and appending it would swell the batch.
const maxOriginalSize = 20 << 20

// readOriginal reads and checks the invoice PDF at path. A relative path
// is taken from the ledger's folder (imports store absolute paths).
func (s *Service) readOriginal(number, path string) (*render.Foreign, *OriginalProblem) {
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(s.st.Path()), path)
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
	data, err := os.ReadFile(path)
	if err != nil {
		return fail(i18n.M("letter.original_error", err.Error()))
	}
	f, err := render.ReadForeign(path, data)
	if err != nil {
		return fail(i18n.M("letter.original_error", err.Error()))
	}
	return f, nil
}

// composeDoc composes and lays out a letter request: an address that
// cannot be placed or a template problem becomes a message for the owner.
func composeDoc(req letter.Request) (*LetterDoc, error) {
	comp, err := letter.Compose(req)
	if err != nil {
		var ae *letter.AddressError
		if errors.As(err, &ae) {
			return nil, userErr("letter.address", ae.Customer, ae.Reason)
		}
		return nil, templateErr(err)
	}
	lay, err := render.LayOut(comp.Letter)
	if errors.Is(err, render.ErrAddressOverflow) {
		return nil, userErr("letter.address", req.Customer.Code, err.Error())
	}
	if err != nil {
		return nil, err
	}
	return &LetterDoc{Request: req, Composed: comp, Layout: lay}, nil
}
