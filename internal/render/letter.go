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
	Enclosures     string // "Enclosure: copy of invoice F-1", wrapped; "" for none
	// RunningHead heads the pages after the first, left of the page
	// number: the company, the recipient, the date.
	RunningHead string
	Footer      []string // legal mentions, one line each
	PageLabel   string   // "Page %d/%d" in the letter's language
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
	enclSize    = 9
	signSpace   = 13 * mm // room to sign by hand above the name: DIN 5008's three blank lines
	// signSpaceTight is the signing space of a letter that would otherwise
	// take a second sheet: still room for a hand's signature.
	signSpaceTight = 9 * mm
	paraGap        = 6.5
)

// layouter is the state of a layout in progress: the page being filled
// and the baseline reached on it.
type layouter struct {
	out       *Layout
	page      *Page
	y, bottom float64
	top       float64 // the first baseline of a page after the first
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
	lo.y = lo.top
	return true
}

// lineMark is where a body line was placed.
type lineMark struct {
	page, item int // the page's index, the line's first item on it
	y          float64
	block      int // the body block it belongs to
	line, of   int // its index in the block's lines, and their number
}

// keepLines says before which of a paragraph's n lines the page must
// break when fit lines fit on this page: never one line alone at the foot
// (an orphan) or at the head of the next page (a widow). n (no break) when
// all fit; 0 moves the whole paragraph.
func keepLines(n, fit int) int {
	if fit >= n {
		return n
	}
	s := max(fit, 0)
	if n-s < 2 {
		s = n - 2
	}
	if s < 2 {
		s = 0
	}
	return s
}

// carry moves lines from the foot of this page to the next, where what
// follows them needs need points: the signature never stands alone, nor
// with its closing formula alone. from is the first mark to move (the
// closing formula's first line), or -1 when the closing is still to be
// placed; closing is its block. At least two lines before it go too (see
// below). Only lines of this page move, and never the page's first
// (nothing would be gained).
func (lo *layouter) carry(marks []lineMark, body []Block, closing, from int, need float64) {
	if from < 0 {
		from = len(marks)
	}
	// At least two lines of text go with the closing, taken from the end:
	// two lines of a paragraph of 4 or more (two stay), else all of it and
	// on to the block before.
	for want, blk := 2, closing; want > 0 && from > 0; {
		p := marks[from-1]
		if p.block != blk-1 || (body[p.block].Kind != Para && body[p.block].Kind != Bullet) {
			break
		}
		take := p.of
		if p.of >= 4 {
			take = 2
		} else if from-p.of < 0 || marks[from-p.of].line != 0 {
			break
		}
		from, want, blk = from-take, want-take, p.block
	}
	page := len(lo.out.Pages)
	for from < len(marks) && marks[from].page != page { // only this page's lines
		from++
	}
	if from >= len(marks) {
		return
	}
	m, h := marks[from], lo.y-marks[from].y
	if from == 0 || marks[from-1].page != page || h+need > lo.bottom-lo.top {
		return
	}
	carried := append([]Item(nil), lo.page.Items[m.item:]...)
	lo.page.Items = lo.page.Items[:m.item]
	lo.y = lo.bottom + 1 // the next ensure opens the page
	lo.ensure(h + need)
	for _, it := range carried {
		it.Y += lo.y - m.y
		lo.page.Items = append(lo.page.Items, it)
	}
	lo.y += h
	// The moved lines' marks are on the new page now.
	for i := from; i < len(marks); i++ {
		marks[i].page, marks[i].y = len(lo.out.Pages), marks[i].y+lo.y-h-m.y
		marks[i].item -= m.item
	}
}

// continuation is the running head of the pages after the first: the
// company, the recipient and the date on the left, the page on the right,
// over a rule.
func continuation(f *Face, head, page string, left, right float64) []Item {
	y := 13 * mm
	items := []Item{{Kind: LineItem, X: left, Y: y + 2.5*mm, W: right - left}}
	if head != "" {
		for f.Width(head, smallSize) > right-left-f.Width(page, smallSize)-8*mm && len([]rune(head)) > 2 {
			rs := []rune(strings.TrimSuffix(head, "…"))
			head = strings.TrimSpace(string(rs[:len(rs)-1])) + "…"
		}
		items = append(items, Item{Kind: TextItem, X: left, Y: y, Text: head, Size: smallSize, Gray: 0.35})
	}
	return append(items, Item{Kind: TextItem, X: right - f.Width(page, smallSize), Y: y, Text: page, Size: smallSize, Gray: 0.35})
}

// enclosures places the enclosures' lines from baseline y, and returns
// the baseline after them.
func (lo *layouter) enclosures(f *Face, ls []line, left, width, y float64) float64 {
	for _, ln := range ls {
		ln.last = true
		n := len(lo.page.Items)
		lo.page.Items = placeLine(lo.page.Items, f, Italic, ln, left, y, width, enclSize, false)
		for i := n; i < len(lo.page.Items); i++ {
			lo.page.Items[i].Gray = 0.2
		}
		y += enclSize + 3
	}
	return y
}

// LayOut places the letter on as many pages as it needs. A letter that
// runs onto another page is laid out again with tighter spacing (leading
// 12.5 instead of 13.5 pt, paragraph gaps 4 instead of 6.5 pt), then with
// a smaller signing space too (9 instead of 13 mm), and the first version
// that needs fewer pages is kept: a signature alone on a second sheet
// costs paper and looks careless.
func LayOut(l *Letter) (*Layout, error) {
	memo := &wrapMemo{}
	lay, err := layOutMemo(l, spacing{bodyLeading, paraGap, signSpace}, memo)
	if err != nil || len(lay.Pages) == 1 {
		return lay, err
	}
	for _, sp := range []spacing{{bodyLeading - 1, paraGap - 2.5, signSpace}, {bodyLeading - 1, paraGap - 2.5, signSpaceTight}} {
		memo.i = 0 // a tighter pass wraps the same texts in the same order
		if tight, err := layOutMemo(l, sp, memo); err == nil && len(tight.Pages) < len(lay.Pages) {
			return tight, nil
		}
	}
	return lay, nil
}

// spacing is a layout's vertical spacing: body leading, paragraph gap,
// signing space (points).
type spacing struct{ lead, gap, sign float64 }

// bodyMode is how body paragraphs wrap: justified, hyphenated unless
// NoHyphens.
func (l *Letter) bodyMode() wrapMode {
	if l.NoHyphens {
		return wrapShrink
	}
	return wrapShrink | wrapHyphens
}

// wrapMemo keeps a layout's wrapped lines, in the order it asked for
// them, for the second, tighter pass: spacing changes, lines do not.
type wrapMemo struct {
	keys []wrapKey
	vals [][]line
	i    int
}

type wrapKey struct {
	f     *Face
	text  string
	width float64
	mode  wrapMode
}

func (m *wrapMemo) wrap(f *Face, lang string, mode wrapMode, text string, size, width float64) []line {
	k := wrapKey{f, text, width, mode}
	if m.i < len(m.keys) && m.keys[m.i] == k {
		m.i++
		return m.vals[m.i-1]
	}
	ls := wrapIn(f, lang, mode, text, size, width)
	m.keys, m.vals = append(m.keys[:m.i], k), append(m.vals[:m.i], ls)
	m.i++
	return ls
}

func layOut(l *Letter, lead, gap float64) (*Layout, error) {
	return layOutMemo(l, spacing{lead, gap, signSpace}, &wrapMemo{})
}

func layOutMemo(l *Letter, sp spacing, memo *wrapMemo) (*Layout, error) {
	lead, gap := sp.lead, sp.gap
	fs, err := Faces()
	if err != nil {
		return nil, err
	}
	reg, bold := fs[Regular], fs[Bold]
	W, H := l.PageW*mm, l.PageH*mm
	left, right := 25*mm, 20*mm
	width := W - left - right
	lo := &layouter{out: &Layout{}, page: &Page{W: W, H: H}, bottom: H - 28*mm, top: 25 * mm, w: W, h: H, lead: lead, gap: gap}

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
			lo.page.Items = append(lo.page.Items, Item{Kind: LineItem, X: z.X*mm + pad, Y: base + 0.8*mm, W: reg.Width(lines[i], returnSize)})
			base -= returnSize + 1.5
		}
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
		sup := ordinalSup(l.Lang, l.PlaceDate) // "Lyon, le 1er avril 2026"
		lo.page.Items = append(lo.page.Items, Item{Kind: TextItem, X: W - right - supWidth(reg, l.PlaceDate, sup, bodySize), Y: lo.y,
			Text: l.PlaceDate, Style: Regular, Size: bodySize, Sup: sup})
		lo.y += 2 * lo.lead
	}
	if l.Subject != "" {
		for _, ln := range memo.wrap(bold, l.Lang, 0, l.Subject, bodySize, width) {
			ln.last = true
			lo.page.Items = placeLine(lo.page.Items, bold, Bold, ln, left, lo.y, width, bodySize, false)
			lo.y += lo.lead
		}
		lo.y += lo.lead
	}

	inBox := false
	boxTop, boxFirst := 0.0, 0
	// marks are where each body line was placed: the signature takes the
	// closing formula and the end of the paragraph before with it across a
	// page break.
	var marks []lineMark
	block := 0
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
	// room makes room for h points (a new page when force); a box cut by
	// the page break is shaded on both pages.
	room := func(h float64, force bool) {
		if force {
			h = lo.bottom // more than any page has left
		}
		if inBox && lo.y+h > lo.bottom && len(lo.page.Items) > boxFirst {
			drawBox()
		}
		if lo.ensure(h) && inBox {
			boxTop, boxFirst = lo.y-lo.lead+2, 0
		}
	}
	// The enclosures line sits in the left half beside the signature when
	// it fits there in as many lines as the signature has (a French "P. J."
	// at the foot on the left), else under it across the page.
	var encl []line
	beside := false
	if l.Enclosures != "" {
		if len(l.Signature) > 0 {
			encl = memo.wrap(fs[Italic], l.Lang, 0, l.Enclosures, enclSize, width/2-6*mm)
			beside = len(encl) <= len(l.Signature)
		}
		if !beside {
			encl = memo.wrap(fs[Italic], l.Lang, 0, l.Enclosures, enclSize, width)
		}
	}
	enclH := 0.0
	if len(encl) > 0 && !beside {
		enclH = lo.lead + float64(len(encl))*(enclSize+3)
	}
	// sigNeed is the signature block's height, with the enclosures.
	sigNeed := 0.0
	if len(l.Signature) > 0 {
		sigNeed = lo.lead + sp.sign + float64(len(l.Signature))*lo.lead + enclH
	}
	for bi, b := range l.Body {
		if prev == Bullet && b.Kind != Bullet {
			lo.y += lo.gap - 1.5 // a list ends like a paragraph
		}
		prev = b.Kind
		switch b.Kind {
		case Para, Bullet:
			x, w := left+indent, width-2*indent
			prefix := 0.0
			if b.Kind == Bullet {
				prefix = 5 * mm
			}
			lines := memo.wrap(reg, l.Lang, l.bodyMode(), b.Text, bodySize, w-prefix)
			// The closing formula, which the signature follows, does not
			// open a page alone: the end of the paragraph before goes too.
			if closingH := float64(len(lines))*lo.lead + lo.gap; sigNeed > 0 && bi == len(l.Body)-1 && b.Kind == Para &&
				len(lines) <= 3 && lo.y+closingH+sigNeed > lo.bottom && !inBox {
				lo.carry(marks, l.Body, bi, -1, closingH+sigNeed)
			}
			split := keepLines(len(lines), int((lo.bottom-lo.y)/lo.lead))
			block = bi
			for i, ln := range lines {
				room(lo.lead, i == split && lo.y > lo.top)
				marks = append(marks, lineMark{page: len(lo.out.Pages), item: len(lo.page.Items), y: lo.y, block: block, line: i, of: len(lines)})
				if b.Kind == Bullet && i == 0 {
					lo.text(x+1*mm, lo.y, "•", Regular, bodySize, 0)
				}
				lo.page.Items = placeLine(lo.page.Items, reg, Regular, ln, x+prefix, lo.y, w-prefix, bodySize, true)
				lastBase = lo.y
				lo.y += lo.lead
			}
			if b.Kind == Para {
				lo.y += lo.gap
			} else {
				lo.y += 1.5
			}
		case Heading:
			x, w := left+indent, width-2*indent
			for _, ln := range memo.wrap(bold, l.Lang, 0, b.Text, bodySize, w) {
				room(3*lo.lead, false) // a heading keeps two lines of what it heads
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
				lo.table(l.Table, l.Lang, reg, bold, left, width)
				lo.y += lo.gap
			}
		}
	}
	if len(l.Signature) > 0 {
		// One signature block for every kind: the signatory's name and
		// title in the right half, below a space to sign by hand (where a
		// scanned signature goes), the enclosures line kept with it.
		need := sigNeed
		if lo.y+need > lo.bottom && len(marks) > 0 && len(l.Body) > 0 && l.Body[len(l.Body)-1].Kind == Para {
			if last := marks[len(marks)-1]; last.block == len(l.Body)-1 && last.of <= 3 {
				lo.carry(marks, l.Body, last.block, len(marks)-last.of, need)
			}
		}
		lo.ensure(need)
		lo.y += lo.lead
		if len(l.SignatureImage) > 0 { // in the signing space, clear of the name
			lo.page.Items = append(lo.page.Items, Item{Kind: ImageItem, X: left + width/2, Y: lo.y - lo.lead + 2, W: 45 * mm, H: sp.sign + lo.lead - 2 - 4*mm, Image: l.SignatureImage})
		}
		lo.y += sp.sign
		if beside {
			lo.enclosures(fs[Italic], encl, left, width, lo.y)
			encl = nil
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
	if len(encl) > 0 {
		lo.ensure(enclH)
		lo.y = lo.enclosures(fs[Italic], encl, left, width, lo.y+lo.lead) - lo.lead
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
			if i > 0 {
				p.Items = append(p.Items, continuation(reg, l.RunningHead, s, left, W-right)...)
			}
		}
	}
	return out, nil
}

// table draws the invoice table, carrying its header over a page break.
func (lo *layouter) table(t *TableData, lang string, reg, bold *Face, left, width float64) {
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
		sup := ordinalSup(lang, s) // a due date "1er avril 2026"
		if i < len(t.Right) && t.Right[i] {
			cx = xs[i] + ws[i] - supWidth(f, s, sup, size)
		}
		lo.page.Items = append(lo.page.Items, Item{Kind: TextItem, X: cx, Y: lo.y, Text: s, Style: st, Size: size, Sup: sup})
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
	for i, r := range t.Rows {
		need := lead
		if i == len(t.Rows)-1 { // the totals never open a page without a row
			need += float64(len(t.Totals)) * (lead + 2)
		}
		if lo.ensure(need) {
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
