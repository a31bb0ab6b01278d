package letter

import (
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/render"
)

// ProtocolDocuments are the pages a Letter of Claim encloses under the
// Pre-Action Protocol for Debt Claims (para. 3.1(c) and (d)): the
// Information Sheet and the Reply Form of its Annex 1, and a Financial
// Statement (the form of its Annex 2). They are written after the
// Protocol's annexes (templates/letters/pap-*.en.tmpl; see
// templates/README.md) and are in English only: the Protocol is a rule of
// the courts of England and Wales.
var ProtocolDocuments = []string{"pap-information-sheet", "pap-reply-form", "pap-financial-statement"}

// ProtocolPages lays out the annexes' documents for req's Letter of Claim,
// one document per page (two if it runs over), each headed with the
// company's letterhead and footer like the letter.
func ProtocolPages(req Request) ([]render.Page, error) {
	req.Language = ledger.English // dates and amounts as the forms' words
	d := buildData(req)
	l := lang(ledger.English)
	w, h := 210.0, 297.0
	if req.Company.PaperSize == ledger.PaperLetter {
		w, h = 215.9, 279.4
	}
	var out []render.Page
	for _, kind := range ProtocolDocuments {
		t, err := LoadTemplate("", kind, "en")
		if err != nil {
			return nil, err
		}
		r, err := t.Execute(d)
		if err != nil {
			return nil, err
		}
		doc := &render.Letter{PageW: w, PageH: h, CompanyName: d.Company.Name, CompanyLines: companyLines(req.Company, l, req.Customer.Country),
			Logo: req.Company.Logo, Subject: r.Subject, Footer: footer(req.Company, l), Window: render.Rect(WindowFor(req.Envelope).Address)}
		// The debtor's address where the letter has it: a page that comes
		// loose is still theirs.
		if lines, err := AddressLines(req.Customer, req.Company.Country, WindowFor(req.Envelope)); err == nil {
			doc.Recipient = lines
		}
		for _, b := range SplitBlocks(r.Body) {
			switch b.Kind {
			case Paragraph:
				doc.Body = append(doc.Body, render.Block{Kind: render.Para, Text: b.Text})
			case ListItem:
				doc.Body = append(doc.Body, render.Block{Kind: render.Bullet, Text: b.Text})
			case BoxStart:
				doc.Body = append(doc.Body, render.Block{Kind: render.BoxStart})
			case BoxEnd:
				doc.Body = append(doc.Body, render.Block{Kind: render.BoxEnd})
			}
		}
		lay, err := render.LayOut(doc)
		if err != nil {
			return nil, err
		}
		out = append(out, lay.Pages...)
	}
	return out, nil
}
