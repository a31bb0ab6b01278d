package render

import (
	"errors"
	"fmt"
)

// Card is an A6 postcard (148 × 105 mm, landscape): a message side and an
// address side.
type Card struct {
	// Lang is the card's language: hyphenation and the words kept
	// together, as in letters (Letter.Lang).
	Lang string
	// Message side.
	CompanyName string
	Logo        []byte // at most 30 × 12 mm, top right
	Heading     string
	Body        []Block // Para and Bullet
	Contact     string  // one small line at the foot: phone, email, website
	// Address side: the sender at the top left, the recipient in the
	// right half, a stamp box in the corner.
	ReturnLines []string
	Recipient   []string
}

// Card geometry, millimetres.
const (
	CardW, CardH = 148.0, 105.0
	cardMargin   = 8.0
)

// CardAddress is where the recipient's lines go on the address side,
// relative to the card's top-left corner: the right half under the stamp.
var CardAddress = Rect{X: 78, Y: 46, W: 64, H: 44}

// ErrCardOverflow is returned when a card's text does not fit its side:
// the card is refused, never clipped.
var ErrCardOverflow = errors.New("the text does not fit the postcard")

const (
	cardSize    = 9.0
	cardLeading = 12.0
	cardAddr    = 9.5
	cardAddrLd  = 11.5
)

// CardOrigins are the top-left corners (mm) of the two cards on a sheet:
// landscape A6 cards one above the other, centred, so that cutting along
// the crop marks gives two cards and the sheet's remaining strips.
func CardOrigins(pageW, pageH float64) [2][2]float64 {
	x := (pageW - CardW) / 2
	y := (pageH - 2*CardH) / 2
	return [2][2]float64{{x, y}, {x, y + CardH}}
}

// Postcards lays out cards two per sheet, for duplex printing with the
// long edge bound (printers' default): each sheet's front carries two
// message sides, its back the two address sides, each behind its own
// message (the cards are centred, so flipping the sheet about its long
// edge keeps each card in place). Crop marks sit outside the cards.
func Postcards(cards []Card, pageW, pageH float64) (*Layout, error) {
	fs, err := Faces()
	if err != nil {
		return nil, err
	}
	W, H := pageW*mm, pageH*mm
	out := &Layout{}
	org := CardOrigins(pageW, pageH)
	for i := 0; i < len(cards); i += 2 {
		front, back := Page{W: W, H: H}, Page{W: W, H: H}
		for j := 0; j < 2 && i+j < len(cards); j++ {
			ox, oy := org[j][0]*mm, org[j][1]*mm
			items, err := messageSide(&cards[i+j], fs, ox, oy)
			if err != nil {
				return nil, fmt.Errorf("card %d: %w", i+j+1, err)
			}
			front.Items = append(front.Items, items...)
			items, err = addressSide(&cards[i+j], fs, ox, oy)
			if err != nil {
				return nil, fmt.Errorf("card %d: %w", i+j+1, err)
			}
			back.Items = append(back.Items, items...)
		}
		front.Items = append(front.Items, cropMarks(org)...)
		back.Items = append(back.Items, cropMarks(org)...)
		out.Pages = append(out.Pages, front, back)
	}
	return out, nil
}

// cropMarks: short hairlines in the margins along the cards' edges.
func cropMarks(org [2][2]float64) []Item {
	var items []Item
	x0, x1 := org[0][0]*mm, (org[0][0]+CardW)*mm
	const l, gap = 6 * mm, 2 * mm
	for _, y := range []float64{org[0][1] * mm, org[1][1] * mm, (org[1][1] + CardH) * mm} {
		items = append(items, Item{Kind: LineItem, X: x0 - gap - l, Y: y, W: l}, Item{Kind: LineItem, X: x1 + gap, Y: y, W: l})
	}
	top, bottom := org[0][1]*mm, (org[1][1]+CardH)*mm
	for _, x := range []float64{x0, x1} {
		items = append(items, Item{Kind: LineItem, X: x, Y: top - gap - l, H: l}, Item{Kind: LineItem, X: x, Y: bottom + gap, H: l})
	}
	return items
}

func messageSide(c *Card, fs [numStyles]*Face, ox, oy float64) ([]Item, error) {
	reg, bold := fs[Regular], fs[Bold]
	var items []Item
	left := ox + cardMargin*mm
	width := (CardW - 2*cardMargin) * mm
	y := oy + cardMargin*mm
	if len(c.Logo) > 0 {
		items = append(items, Item{Kind: ImageItem, X: ox + (CardW-cardMargin-30)*mm, Y: y, W: 30 * mm, H: 12 * mm, Image: c.Logo})
	}
	nameW := width
	if len(c.Logo) > 0 {
		nameW -= 32 * mm
	}
	for _, ln := range wrap(bold, c.CompanyName, 10, nameW) {
		ln.last = true
		items = placeLine(items, bold, Bold, ln, left, y+bold.Ascent(10), nameW, 10, false)
		y += 12
	}
	y = max(y, oy+(cardMargin+12)*mm) + 4*mm
	for _, ln := range wrapIn(bold, c.Lang, 0, c.Heading, 12, width) {
		ln.last = true
		items = placeLine(items, bold, Bold, ln, left, y+bold.Ascent(12), width, 12, false)
		y += 15
	}
	y += 3
	bottom := oy + (CardH-cardMargin)*mm - 10 // room for the contact line
	for _, b := range c.Body {
		x, w := left, width
		if b.Kind == Bullet {
			items = append(items, Item{Kind: TextItem, X: x + 1*mm, Y: y + reg.Ascent(cardSize), Text: "•", Size: cardSize})
			x, w = x+4*mm, w-4*mm
		}
		for _, ln := range wrapIn(reg, c.Lang, wrapShrink|wrapHyphens, b.Text, cardSize, w) {
			items = placeLine(items, reg, Regular, ln, x, y+reg.Ascent(cardSize), w, cardSize, true)
			y += cardLeading
		}
		if b.Kind == Para {
			y += 3
		}
		if y > bottom {
			return nil, fmt.Errorf("%w: the message side needs %.0f mm, the card has %.0f", ErrCardOverflow, (y-oy)/mm+cardMargin+4, CardH)
		}
	}
	if c.Contact != "" {
		s := c.Contact
		if reg.Width(s, 7) > width {
			return nil, fmt.Errorf("%w: the contact line %q is wider than the card", ErrCardOverflow, s)
		}
		items = append(items, Item{Kind: TextItem, X: left, Y: oy + (CardH-cardMargin)*mm, Text: s, Size: 7, Gray: 0.3})
	}
	return items, nil
}

func addressSide(c *Card, fs [numStyles]*Face, ox, oy float64) ([]Item, error) {
	reg := fs[Regular]
	var items []Item
	// The divider between the sender's half and the recipient's.
	items = append(items, Item{Kind: LineItem, X: ox + 74*mm, Y: oy + 12*mm, H: (CardH - 24) * mm})
	// The stamp box.
	items = append(items, Item{Kind: RectItem, X: ox + (CardW-cardMargin-20)*mm, Y: oy + cardMargin*mm, W: 20 * mm, H: 24 * mm, Stroke: true})
	y := oy + (cardMargin+2)*mm
	for i, s := range c.ReturnLines {
		st, size := Regular, 7.0
		if i == 0 {
			st = Bold
		}
		f := fs[st]
		if f.Width(s, size) > 60*mm {
			return nil, fmt.Errorf("%w: the sender's line %q is wider than its half", ErrCardOverflow, s)
		}
		items = append(items, Item{Kind: TextItem, X: ox + cardMargin*mm, Y: y + f.Ascent(size), Text: s, Style: st, Size: size, Gray: 0.2})
		y += size + 2
	}
	a := CardAddress
	if float64(len(c.Recipient))*cardAddrLd > a.H*mm {
		return nil, fmt.Errorf("%w: %d lines do not fit the address area", ErrAddressOverflow, len(c.Recipient))
	}
	// The address sits at the foot of its area, as on an envelope.
	ay := oy + (a.Y+a.H)*mm - float64(len(c.Recipient))*cardAddrLd
	for i, s := range c.Recipient {
		if reg.Width(s, cardAddr) > a.W*mm {
			return nil, fmt.Errorf("%w: %q is wider than the card's address area", ErrAddressOverflow, s)
		}
		items = append(items, Item{Kind: TextItem, X: ox + a.X*mm, Y: ay + reg.Ascent(cardAddr) + float64(i)*cardAddrLd, Text: s, Size: cardAddr})
	}
	return items, nil
}
