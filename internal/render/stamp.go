package render

import "fmt"

// Stamp writes text centred across the top of every page, above the
// letterhead and inside no margin a letter uses: a proof's "PROOF — not
// sent to the customer", so a printed or forwarded copy still says what
// it is.
func Stamp(pages []Page, text string) error {
	faces, err := Faces()
	if err != nil {
		return fmt.Errorf("stamp pages: %w", err)
	}
	const size = 9.0
	bold := faces[Bold]
	for i := range pages {
		p := &pages[i]
		w := bold.Width(text, size)
		x := (p.W - w) / 2
		if x < 5*mm {
			x = 5 * mm
		}
		p.Items = append(p.Items,
			Item{Kind: RectItem, X: x - 2*mm, Y: 4 * mm, W: w + 4*mm, H: size + 2*mm, Stroke: true, Gray: 0.3},
			Item{Kind: TextItem, X: x, Y: 4*mm + 1*mm + size*0.85, Text: text, Style: Bold, Size: size, Gray: 0.2})
	}
	return nil
}
