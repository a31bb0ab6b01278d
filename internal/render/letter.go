package render

import (
	"errors"
	"fmt"
	"strings"
)

// Rect is a rectangle in millimetres from the sheet's top-left corner.
type Rect struct{ X, Y, W, H float64 }

// BlockKind is a piece of the letter's body.
type BlockKind int

// Body blocks.
const (
	Para BlockKind = iota
	Bullet
	Table
	BoxStart
	BoxEnd
	Heading // a bold line (an insert's title), not justified
)

// Block is a piece of the body.
type Block struct {
	Kind BlockKind
	Text string
}

// TableData is the invoice table: a header row, rows, and totals lines
// (label, amount) under the last column.
type TableData struct {
	Header []string
	Rows   [][]string
	Right  []bool // per column: align right (amounts, dates)
	Totals [][2]string
}

// Letter is a letter ready to be laid out: every text final, every
// position given by its standard.
type Letter struct {
	PageW, PageH float64 // millimetres
	// Lang is the letter's language (the ledger's code: fr, en, de,
	// sr-Cyrl, sr-Latn): its hyphenation and the words its lines keep
	// together. Empty: neither.
	Lang string
	// NoHyphens leaves hyphenation out (the benchmark's letter without it).
	NoHyphens bool
	// Letterhead: the company's name, its lines (address, phone, email,
	// website), and a logo (PNG or JPEG) drawn at most 45 × 18 mm.
	CompanyName  string
	CompanyLines []string
	Logo         []byte
	// The envelope window: the address field, and for DIN 5008 the
	// return-address zone with its one line.
	Window     Rect
	ReturnZone Rect
	ReturnLine string
	Recipient  []string
	// AddressIndent and AddressTop are where the text starts inside the
	// window (and the return zone), in millimetres from its left and top
	// edges: DIN 5008 writes from 25 mm off the sheet's edge, 5 mm into
	// its field, and from the top of the address zone. Both zero: 3 mm.
	AddressIndent, AddressTop float64
	FoldMarks                 []float64 // millimetres from the top; none when empty
	PunchMark                 float64   // the hole-punch mark, millimetres from the top; 0 for none
	PlaceDate                 string
	Subject                   string
	Body                      []Block
	Table                     *TableData
	// PayQR is the QR code that fills a bank transfer in (EPC, NBS IPS),
	// printed beside the address window with its caption; nil for none.
	PayQR        *Bitmap
	PayQRCaption string
	Signature    []string // name, title; empty when the template signs itself
	// SignatureImage is drawn above the name (at most 45 × 16 mm).
	SignatureImage []byte
	Enclosures     string   // "Enclosure: copy of invoice F-1"; "" for none
	Footer         []string // legal mentions, one line each
	PageLabel      string   // "Page %d/%d" in the letter's language
}

// ErrAddressOverflow is returned when the recipient block does not fit
// its window: nothing is printed, nothing is clipped.
var ErrAddressOverflow = errors.New("the address does not fit the envelope window")

// Sizes, in points.
const (
	bodySize    = 10
	bodyLeading = 13.5
	smallSize   = 7.5
	addrSize    = 10
	addrLeading = 11.5
	returnSize  = 6.5 // DIN 5008 asks at least 6 pt in the return zone
	paraGap     = 6.5
)

// layouter is the state of a layout in progress: the page being filled
// and the baseline reached on it.
type layouter struct {
	out       *Layout
	page      *Page
	y, bottom float64
	w, h      float64
	lead, gap float64 // body leading and paragraph gap: bodyLeading and paraGap, less when fitting
}

func (lo *layouter) text(x, y float64, s string, st Style, size, gray float64) {
	lo.page.Items = append(lo.page.Items, Item{Kind: TextItem, X: x, Y: y, Text: s, Style: st, Size: size, Gray: gray})
}

// ensure makes room for h points below y, opening a new page if needed,
// and reports whether it did.
func (lo *layouter) ensure(h float64) bool {
	if lo.y+h <= lo.bottom {
		return false
	}
	lo.out.Pages = append(lo.out.Pages, *lo.page)
	lo.page = &Page{W: lo.w, H: lo.h}
	lo.y = 22 * mm
	return true
}

// LayOut places the letter on as many pages as it needs. A letter that
// runs onto another page is laid out again with tighter spacing (leading
// 12.5 instead of 13.5 pt, paragraph gaps 4 instead of 6.5 pt), and that
// version is kept when it needs fewer pages: a signature alone on a second
// sheet costs paper and looks careless.
func LayOut(l *Letter) (*Layout, error) {
	lay, err := layOut(l, bodyLeading, paraGap)
	if err != nil || len(lay.Pages) == 1 {
		return lay, err
	}
	if tight, err := layOut(l, bodyLeading-1, paraGap-2.5); err == nil && len(tight.Pages) < len(lay.Pages) {
		return tight, nil
	}
	return lay, nil
}

func layOut(l *Letter, lead, gap float64) (*Layout, error) {
	fs, err := Faces()
	if err != nil {
		return nil, err
	}
	reg, bold := fs[Regular], fs[Bold]
	W, H := l.PageW*mm, l.PageH*mm
	left, right := 25*mm, 20*mm
	width := W - left - right
	lo := &layouter{out: &Layout{}, page: &Page{W: W, H: H}, bottom: H - 28*mm, w: W, h: H, lead: lead, gap: gap}

	// Letterhead: logo on the right, the company block on the left, above
	// every window (the highest starts 27 mm down).
	y := 12 * mm
	if len(l.Logo) > 0 {
		lo.page.Items = append(lo.page.Items, Item{Kind: ImageItem, X: W - right - 45*mm, Y: 8 * mm, W: 45 * mm, H: 18 * mm, Image: l.Logo})
	}
	lo.text(left, y+bold.Ascent(12), l.CompanyName, Bold, 12, 0)
	y += 15
	for _, s := range l.CompanyLines {
		lo.text(left, y+reg.Ascent(smallSize), s, Regular, smallSize, 0.25)
		y += smallSize + 2
	}
	headBottom := y

	// Where the window's text starts: the standard's, else 3 mm in.
	pad, top := 3*mm, 3*mm
	if l.AddressIndent > 0 || l.AddressTop > 0 {
		pad, top = l.AddressIndent*mm, l.AddressTop*mm
	}

	// The return-address line (DIN 5008), small, at the foot of its zone
	// (the zone is written from the bottom up), on the address's left edge;
	// too long for one line, it takes a second above, cut at a " · ".
	if l.ReturnLine != "" && l.ReturnZone.W > 0 {
		z := l.ReturnZone
		lines := returnLines(reg, l.ReturnLine, z.W*mm-pad-2*mm)
		base := (z.Y+z.H)*mm - 1.6*mm
		for i := len(lines) - 1; i >= 0; i-- {
			lo.text(z.X*mm+pad, base, lines[i], Regular, returnSize, 0.3)
			base -= returnSize + 1
		}
		lo.page.Items = append(lo.page.Items, Item{Kind: LineItem, X: z.X*mm + pad, Y: (z.Y+z.H)*mm - 0.8*mm, W: reg.Width(lines[len(lines)-1], returnSize)})
	}

	// The recipient, inside the window, or an error.
	win := l.Window
	// Vertical padding shrinks (to 0.5 mm) before a line is refused: a
	// DIN 5008 address zone holds 6 lines with little room to spare.
	vpad := min(top, (win.H*mm-float64(len(l.Recipient))*addrLeading)/2)
	if (win.H*mm-float64(len(l.Recipient))*addrLeading)/2 < 0.5*mm {
		need := float64(len(l.Recipient))*addrLeading + 1*mm
		return nil, fmt.Errorf("%w: %d lines need %.1f mm, the window is %.1f mm high", ErrAddressOverflow, len(l.Recipient), need/mm, win.H)
	}
	ax, ay := win.X*mm+pad, win.Y*mm+vpad
	for i, s := range l.Recipient {
		if reg.Width(s, addrSize) > win.W*mm-pad-3*mm {
			return nil, fmt.Errorf("%w: %q is wider than the window", ErrAddressOverflow, s)
		}
		lo.text(ax, ay+reg.Ascent(addrSize)+float64(i)*addrLeading, s, Regular, addrSize, 0)
	}
	lo.payQR(l, reg, left, right)
	// Fold marks 5 mm long, the punch mark longer so the two are not
	// confused (DIN 5008 draws both at the left edge).
	for _, f := range l.FoldMarks {
		lo.page.Items = append(lo.page.Items, Item{Kind: LineItem, X: 4 * mm, Y: f * mm, W: 5 * mm})
	}
	if l.PunchMark > 0 {
		lo.page.Items = append(lo.page.Items, Item{Kind: LineItem, X: 4 * mm, Y: l.PunchMark * mm, W: 8 * mm})
	}

	// Place and date, right-aligned under the window; then the subject.
	lo.y = max((win.Y+win.H)*mm, headBottom) + 9*mm
	if l.PlaceDate != "" {
		lo.text(W-right-reg.Width(l.PlaceDate, bodySize), lo.y, l.PlaceDate, Regular, bodySize, 0)
		lo.y += 2 * lo.lead
	}
	if l.Subject != "" {
		for _, ln := range wrapIn(bold, l.Lang, false, l.Subject, bodySize, width) {
			ln.last = true
			lo.page.Items = placeLine(lo.page.Items, bold, Bold, ln, left, lo.y, width, bodySize, false)
			lo.y += lo.lead
		}
		lo.y += lo.lead
	}

	inBox := false
	boxTop, boxFirst := 0.0, 0
	// closing marks where the last paragraph began: the signature keeps it
	// company across a page break.
	type paraMark struct {
		page, item int
		y          float64
		lines      int
	}
	var closing paraMark
	lastBase := 0.0 // the baseline of the last line placed
	indent := 0.0
	prev := Para
	// drawBox shades the box's part on the current page, behind its text
	// (inserted before the box's first item), down to below the last line.
	drawBox := func() {
		box := Item{Kind: RectItem, X: left, Y: boxTop, W: width, H: lastBase + 8 - boxTop, Gray: 0.92}
		items := append([]Item{}, lo.page.Items[:boxFirst]...)
		items = append(items, box)
		lo.page.Items = append(items, lo.page.Items[boxFirst:]...)
	}
	// room makes room for h points; a box cut by the page break is shaded
	// on both pages.
	room := func(h float64) {
		if inBox && lo.y+h > lo.bottom && len(lo.page.Items) > boxFirst {
			drawBox()
		}
		if lo.ensure(h) && inBox {
			boxTop, boxFirst = lo.y-lo.lead+2, 0
		}
	}
	for _, b := range l.Body {
		if prev == Bullet && b.Kind != Bullet {
			lo.y += lo.gap - 1.5 // a list ends like a paragraph
		}
		prev = b.Kind
		switch b.Kind {
		case Para, Bullet:
			closing = paraMark{page: len(lo.out.Pages), item: len(lo.page.Items), y: lo.y, lines: 0}
			x, w := left+indent, width-2*indent
			prefix := 0.0
			if b.Kind == Bullet {
				prefix = 5 * mm
			}
			for i, ln := range wrapIn(reg, l.Lang, !l.NoHyphens, b.Text, bodySize, w-prefix) {
				room(lo.lead)
				if b.Kind == Bullet && i == 0 {
					lo.text(x+1*mm, lo.y, "•", Regular, bodySize, 0)
				}
				lo.page.Items = placeLine(lo.page.Items, reg, Regular, ln, x+prefix, lo.y, w-prefix, bodySize, true)
				lastBase = lo.y
				lo.y += lo.lead
				closing.lines++
			}
			if b.Kind == Para {
				lo.y += lo.gap
			} else {
				lo.y += 1.5
			}
		case Heading:
			x, w := left+indent, width-2*indent
			for _, ln := range wrapIn(bold, l.Lang, false, b.Text, bodySize, w) {
				room(2 * lo.lead)
				ln.last = true
				lo.page.Items = placeLine(lo.page.Items, bold, Bold, ln, x, lo.y, w, bodySize, false)
				lastBase = lo.y
				lo.y += lo.lead
			}
			lo.y += 2
		case BoxStart:
			lo.ensure(3 * lo.lead)
			inBox, boxTop, boxFirst, indent = true, lo.y-lo.lead+2, len(lo.page.Items), 4*mm
			lo.y += 3
		case BoxEnd:
			if inBox && len(lo.page.Items) > boxFirst {
				drawBox()
				// The next paragraph keeps a paragraph's distance from the
				// box, whatever the box ended with (a list, a paragraph).
				lo.y = lastBase + 8 + lo.gap + lo.lead - 3
			}
			inBox, indent = false, 0
		case Table:
			if l.Table != nil {
				lo.table(l.Table, reg, bold, left, width)
				lo.y += lo.gap
			}
		}
	}
	if len(l.Signature) > 0 {
		imgH := 0.0
		if len(l.SignatureImage) > 0 {
			imgH = 16 * mm
		}
		need := float64(len(l.Signature)+2)*lo.lead + imgH
		// The closing formula goes over with the signature rather than
		// leave it alone on the next page: a short last paragraph, all on
		// this page, not the page's first lines.
		var carried []Item
		carriedH := 0.0
		if lo.y+need > lo.bottom && len(l.Body) > 0 && l.Body[len(l.Body)-1].Kind == Para && closing.lines <= 3 &&
			closing.page == len(lo.out.Pages) && closing.y > 60*mm {
			carried = append(carried, lo.page.Items[closing.item:]...)
			lo.page.Items = lo.page.Items[:closing.item]
			carriedH = lo.y - closing.y
			lo.y = closing.y
		}
		lo.ensure(need + carriedH)
		for _, it := range carried {
			it.Y += lo.y - closing.y
			lo.page.Items = append(lo.page.Items, it)
		}
		lo.y += carriedH
		lo.y += lo.lead
		if imgH > 0 {
			lo.page.Items = append(lo.page.Items, Item{Kind: ImageItem, X: left + width/2, Y: lo.y - lo.lead + 2, W: 45 * mm, H: imgH, Image: l.SignatureImage})
			lo.y += imgH
		}
		for i, s := range l.Signature {
			st := Regular
			if i == 0 {
				st = Bold
			}
			lo.text(left+width/2, lo.y, s, st, bodySize, 0)
			lo.y += lo.lead
		}
	}
	if l.Enclosures != "" {
		lo.ensure(2 * lo.lead)
		lo.y += lo.lead
		lo.text(left, lo.y, l.Enclosures, Italic, 9, 0.2)
	}
	out := lo.out
	out.Pages = append(out.Pages, *lo.page)

	// Footer and page numbers on every page.
	for i := range out.Pages {
		p := &out.Pages[i]
		fy := H - 14*mm - float64(len(l.Footer)-1)*(smallSize+1.5)
		for _, s := range l.Footer {
			p.Items = append(p.Items, Item{Kind: TextItem, X: (W - reg.Width(s, smallSize)) / 2, Y: fy, Text: s, Size: smallSize, Gray: 0.35})
			fy += smallSize + 1.5
		}
		if len(out.Pages) > 1 && l.PageLabel != "" {
			s := fmt.Sprintf(l.PageLabel, i+1, len(out.Pages))
			p.Items = append(p.Items, Item{Kind: TextItem, X: W - right - reg.Width(s, smallSize), Y: H - 8*mm, Text: s, Size: smallSize, Gray: 0.35})
		}
	}
	return out, nil
}

// table draws the invoice table, carrying its header over a page break.
func (lo *layouter) table(t *TableData, reg, bold *Face, left, width float64) {
	const size, lead = 9.0, 12.0
	cols := len(t.Header)
	if cols == 0 {
		return
	}
	// Column widths from content; the first column takes what is left.
	ws := make([]float64, cols)
	for i, h := range t.Header {
		ws[i] = bold.Width(h, size)
	}
	for _, r := range t.Rows {
		for i := 0; i < cols && i < len(r); i++ {
			ws[i] = max(ws[i], reg.Width(r[i], size))
		}
	}
	gap := 4 * mm
	total := 0.0
	for _, w := range ws {
		total += w + gap
	}
	if extra := width - total + gap; extra > 0 {
		ws[0] += extra
	}
	xs := make([]float64, cols)
	x := left
	for i := range ws {
		xs[i] = x
		x += ws[i] + gap
	}
	cell := func(i int, s string, st Style, f *Face) {
		cx := xs[i]
		if i < len(t.Right) && t.Right[i] {
			cx = xs[i] + ws[i] - f.Width(s, size)
		}
		lo.page.Items = append(lo.page.Items, Item{Kind: TextItem, X: cx, Y: lo.y, Text: s, Style: st, Size: size})
	}
	header := func() {
		lo.page.Items = append(lo.page.Items, Item{Kind: RectItem, X: left, Y: lo.y - size - 2, W: width, H: lead + 1, Gray: 0.88})
		for i, h := range t.Header {
			cell(i, h, Bold, bold)
		}
		lo.y += lead + 2
	}
	lo.ensure(3 * lead)
	lo.y += 6
	header()
	for _, r := range t.Rows {
		if lo.ensure(lead) {
			header()
		}
		for i := 0; i < cols && i < len(r); i++ {
			cell(i, r[i], Regular, reg)
		}
		lo.y += lead
	}
	lo.page.Items = append(lo.page.Items, Item{Kind: LineItem, X: left, Y: lo.y - lead + 4, W: width})
	for _, tot := range t.Totals {
		lo.ensure(lead)
		lo.y += 2
		label := tot[0]
		lo.page.Items = append(lo.page.Items, Item{Kind: TextItem, X: xs[cols-1] - gap - bold.Width(label, size), Y: lo.y, Text: label, Style: Bold, Size: size})
		cell(cols-1, tot[1], Bold, bold)
		lo.y += lead
	}
}

// returnLines fits a return address, its parts joined by " · ", into at
// most two lines of width points, the last cut short with "…" if need be.
func returnLines(f *Face, s string, width float64) []string {
	fits := func(t string) bool { return f.Width(t, returnSize) <= width }
	if fits(s) {
		return []string{s}
	}
	parts := strings.Split(s, " · ")
	for i := len(parts) - 1; i > 0; i-- { // the longest first line that fits
		a, b := strings.Join(parts[:i], " · "), strings.Join(parts[i:], " · ")
		if fits(a) {
			return []string{a, shorten(f, b, width)}
		}
	}
	return []string{shorten(f, s, width)}
}

func shorten(f *Face, s string, width float64) string {
	for f.Width(s, returnSize) > width && len([]rune(s)) > 2 {
		rs := []rune(strings.TrimSuffix(s, "…"))
		s = strings.TrimSpace(string(rs[:len(rs)-1])) + "…"
	}
	return s
}
