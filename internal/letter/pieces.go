package letter

import (
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/render"
)

// The pieces that are not letters: the paperless insert (a highlighted
// block on the last paper statements) and the A6 postcard reminder. Both
// are written as templates like letters, in every language, and may be
// overridden by the owner.

// pieceTemplate is req.Template when it is of kind, else the default.
func pieceTemplate(req Request, kind string) (*Template, error) {
	if req.Template != nil && req.Template.Kind == kind {
		return req.Template, nil
	}
	return LoadTemplate("", kind, string(req.Language))
}

// InsertBlocks renders an insert template (paperless-insert) with the
// request's data: its subject as the heading, its paragraphs, all in one
// highlighted box, to place in a letter's body.
func InsertBlocks(t *Template, req Request) ([]render.Block, error) {
	r, err := t.Execute(buildData(req))
	if err != nil {
		return nil, err
	}
	out := []render.Block{{Kind: render.BoxStart}, {Kind: render.Heading, Text: r.Subject}}
	for _, b := range SplitBlocks(r.Body) {
		switch b.Kind {
		case Paragraph:
			out = append(out, render.Block{Kind: render.Para, Text: b.Text})
		case ListItem:
			out = append(out, render.Block{Kind: render.Bullet, Text: b.Text})
		case BoxStart, BoxEnd:
			// Already a box.
		default:
			return nil, &TemplateError{File: t.Name, Reason: i18n.M("template.piece_directive", t.Kind)}
		}
	}
	return append(out, render.Block{Kind: render.BoxEnd}), nil
}

// PostcardWindow is the address area of a postcard: the same 6 lines of 38
// characters as NF Z 10-011, in the card's right half.
var PostcardWindow = Window{Standard: "postcard", Field: Rect(render.CardAddress), Address: Rect(render.CardAddress), MaxLines: 6, MaxChars: 38}

// ComposePostcard makes the postcard reminder (paperless-postcard) for the
// request's customer: the message from the template, the company as sender,
// the customer's address checked like a window envelope's.
func ComposePostcard(req Request) (*render.Card, error) {
	t, err := pieceTemplate(req, "paperless-postcard")
	if err != nil {
		return nil, err
	}
	r, err := t.Execute(buildData(req))
	if err != nil {
		return nil, err
	}
	addr, err := AddressLines(req.Customer, req.Company.Country, PostcardWindow)
	if err != nil {
		return nil, err
	}
	co := req.Company
	name := co.TradingName
	if name == "" {
		name = co.LegalName
	}
	card := &render.Card{
		Lang:        string(req.Language),
		CompanyName: name,
		Logo:        co.Logo,
		Heading:     r.Subject,
		Contact:     strings.Join(NonEmpty(co.Phone, co.Email, co.Website), " · "),
		ReturnLines: NonEmpty(name, co.Address1, co.Address2, strings.TrimSpace(co.Postcode+" "+co.City), senderCountry(co.Country, req.Customer.Country)),
		Recipient:   addr,
	}
	for _, b := range SplitBlocks(r.Body) {
		switch b.Kind {
		case Paragraph:
			card.Body = append(card.Body, render.Block{Kind: render.Para, Text: b.Text})
		case ListItem:
			card.Body = append(card.Body, render.Block{Kind: render.Bullet, Text: b.Text})
		case BoxStart, BoxEnd:
		default:
			return nil, &TemplateError{File: t.Name, Reason: i18n.M("template.piece_directive", t.Kind)}
		}
	}
	return card, nil
}

// senderCountry names the sender's country when the card crosses a border.
func senderCountry(from, to ledger.Country) string {
	if from == "" || to == "" || from == to {
		return ""
	}
	return CountryLine(from)
}

// Postcards lays out cards two per sheet of the company's paper.
func Postcards(cards []render.Card, paper ledger.PaperSize) (*render.Layout, error) {
	w, h := 210.0, 297.0
	if paper == ledger.PaperLetter {
		w, h = 215.9, 279.4
	}
	return render.Postcards(cards, w, h)
}
