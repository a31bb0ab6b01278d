package letter

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// Rect is a rectangle on the sheet, in millimetres from its top-left corner.
type Rect struct{ X, Y, W, H float64 }

// Contains reports whether the point (x, y) lies inside r.
func (r Rect) Contains(x, y float64) bool {
	return x >= r.X && x <= r.X+r.W && y >= r.Y && y <= r.Y+r.H
}

// Window is where the recipient's address must sit for an envelope.
type Window struct {
	Standard string
	Field    Rect // the whole window
	Address  Rect // the part the address lines go in
	Return   Rect // DIN 5008: the return-address zone at the top of the field (zero elsewhere)
	// Indent and Top are where the text starts, in millimetres from the
	// address rectangle's left and top edges (zero: the layout's 3 mm).
	Indent, Top float64
	MaxLines    int
	MaxChars    int
}

const inch = 25.4

// WindowFor returns the window of an envelope standard. Positions are the
// standards' own (millimetres from the sheet's top-left corner):
//   - French DL, window on the right: 85 × 33 at 110 from the left and 55
//     from the top; NF Z 10-011 allows 6 lines of 38 characters.
//   - DIN 5008 form A / B: an 85 × 45 field at 20 from the left and 27 (A)
//     or 45 (B) from the top, its first 17.7 mm (5 lines, written from the
//     bottom up) for the return address and postal notes, the address zone
//     below it (27.3 mm, 6 lines, from the top down: 44.7 mm (A) or 62.7 mm
//     (B) from the sheet's top); both written from the 25 mm alignment
//     line, 5 mm into the field.
//   - US #10: a 4½ × 1⅛ in window ⅞ in from the left; folded in three, the
//     sheet shows it 2½ in below its top edge. Six lines of 11.5 pt fit
//     its 81 pt (USPS prefers five).
//
// Envelopes whose window is on the left (UK and most of Europe, DL or C5)
// use the DIN 5008 form A field, which those windows follow.
func WindowFor(e ledger.Envelope) Window {
	switch e {
	case ledger.EnvelopeDLRight:
		r := Rect{X: 110, Y: 55, W: 85, H: 33}
		return Window{Standard: string(ledger.EnvelopeDLRight), Field: r, Address: r, MaxLines: 6, MaxChars: 38}
	case ledger.EnvelopeDIN5008B:
		f := Rect{X: 20, Y: 45, W: 85, H: 45}
		return Window{Standard: string(ledger.EnvelopeDIN5008B), Field: f, Return: Rect{X: 20, Y: 45, W: 85, H: 17.7},
			Address: Rect{X: 20, Y: 45 + 17.7, W: 85, H: 45 - 17.7}, Indent: 5, Top: 0.5, MaxLines: 6, MaxChars: 38}
	case ledger.EnvelopeUSNo10:
		r := Rect{X: 0.875 * inch, Y: 2.5 * inch, W: 4.5 * inch, H: 1.125 * inch}
		return Window{Standard: string(ledger.EnvelopeUSNo10), Field: r, Address: r, MaxLines: 6, MaxChars: 40}
	default: // din5008-a, dl-left, c5-left
		// The errors name the owner's envelope, as the company profile
		// spells it, not the form its window follows.
		name := string(e)
		if name == "" {
			name = string(ledger.EnvelopeDIN5008A)
		}
		f := Rect{X: 20, Y: 27, W: 85, H: 45}
		return Window{Standard: name, Field: f, Return: Rect{X: 20, Y: 27, W: 85, H: 17.7},
			Address: Rect{X: 20, Y: 27 + 17.7, W: 85, H: 45 - 17.7}, Indent: 5, Top: 0.5, MaxLines: 6, MaxChars: 38}
	}
}

// AddressError says why an address cannot be printed in the window.
type AddressError struct {
	Customer string
	Reason   i18n.Msg
}

func (e *AddressError) Error() string { return fmt.Sprintf("customer %s: %s", e.Customer, e.Reason) }

// countryNames are how the destination country is written on the last line
// of an international address (in the sender's language is customary; the
// UPU asks for capitals, in a language known in the country of origin).
var countryNames = map[ledger.Country]string{
	"FR": "FRANCE", "GB": "UNITED KINGDOM", "DE": "GERMANY", "RS": "SERBIA", "BE": "BELGIUM", "CH": "SWITZERLAND",
	"ES": "SPAIN", "IT": "ITALY", "NL": "NETHERLANDS", "LU": "LUXEMBOURG", "IE": "IRELAND", "AT": "AUSTRIA", "US": "UNITED STATES",
	"ME": "MONTENEGRO", "BA": "BOSNIA AND HERZEGOVINA", "HR": "CROATIA", "MK": "NORTH MACEDONIA", "HU": "HUNGARY", "RO": "ROMANIA",
	"BG": "BULGARIA", "SI": "SLOVENIA", "PT": "PORTUGAL", "MC": "MONACO", "CA": "CANADA",
}

// CountryLine is a country as the last line of an international address.
func CountryLine(c ledger.Country) string {
	if name, ok := countryNames[c]; ok {
		return name
	}
	return string(c)
}

// AddressLines builds the recipient block: the name, the contact person,
// the street lines, then the postcode and town (in capitals, NF Z 10-011 and
// UPU practice), and the country in capitals when it is not the sender's.
// UK addresses put the post town in capitals and the postcode on its own
// line. A block that does not fit the window's lines and characters is an
// error: an address is never clipped.
func AddressLines(c ledger.Customer, from ledger.Country, w Window) ([]string, error) {
	clean := func(s string) string { return oneLine(s) }
	var lines []string
	add := func(s string) {
		if s = clean(s); s != "" {
			lines = append(lines, s)
		}
	}
	add(c.Name)
	if contact := clean(c.Contact); contact != "" && contact != clean(c.Name) {
		add(contact)
	}
	add(c.Address1)
	add(c.Address2)
	city := strings.ToUpper(clean(c.City))
	pc := clean(c.Postcode)
	switch c.Country {
	case "GB":
		add(city)
		add(strings.ToUpper(pc))
	case "US", "CA":
		add(strings.TrimSpace(city + " " + pc))
	default:
		add(strings.TrimSpace(pc + " " + city))
	}
	if c.Country != "" && c.Country != from {
		add(CountryLine(c.Country))
	}
	if clean(c.Name) == "" || (city == "" && pc == "") {
		return nil, &AddressError{Customer: c.Code, Reason: i18n.M("address.incomplete")}
	}
	// Too many lines for the window: first the UK town and postcode share
	// a line (as UPU addressing allows), then the contact person gives way
	// (the letter greets them by name anyway). Nothing else is ever dropped.
	if len(lines) > w.MaxLines && c.Country == "GB" && city != "" && pc != "" {
		for i := 0; i+1 < len(lines); i++ {
			if lines[i] == city && lines[i+1] == strings.ToUpper(pc) {
				lines[i] = city + " " + lines[i+1]
				lines = append(lines[:i+1], lines[i+2:]...)
				break
			}
		}
	}
	if len(lines) > w.MaxLines && len(lines) > 1 && clean(c.Contact) != "" && lines[1] == clean(c.Contact) {
		lines = append(lines[:1], lines[2:]...)
	}
	if len(lines) > w.MaxLines {
		return nil, &AddressError{Customer: c.Code, Reason: i18n.M("address.too_many_lines", len(lines), w.Standard, w.MaxLines)}
	}
	for _, l := range lines {
		if n := utf8.RuneCountInString(l); n > w.MaxChars {
			return nil, &AddressError{Customer: c.Code, Reason: i18n.M("address.line_too_long", truncateRunes(l, 40), n, w.Standard, w.MaxChars)}
		}
	}
	return lines, nil
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
