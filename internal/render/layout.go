package render

import (
	"strings"
)

// Points per millimetre.
const mm = 72 / 25.4

// ItemKind is what an item draws.
type ItemKind int

// Item kinds.
const (
	TextItem   ItemKind = iota // Text at (X, Y): X left, Y baseline
	RectItem                   // a filled (Gray) or stroked rectangle, (X, Y) top-left
	LineItem                   // a line from (X, Y) to (X+W, Y+H)
	ImageItem                  // an image in the box (X, Y, W, H)
	BitmapItem                 // a 1-bit picture (Bitmap) in the box, dark parts black
)

// Item is one positioned mark on a page, in points from the top-left.
type Item struct {
	Kind   ItemKind
	X, Y   float64
	W, H   float64
	Text   string
	Style  Style
	Size   float64
	Gray   float64 // 0 black … 1 white: text colour, or fill
	Stroke bool    // RectItem: outline instead of fill
	Image  []byte  // ImageItem: PNG or JPEG
	Bitmap *Bitmap // BitmapItem
	// Sup is the byte range of Text set raised and smaller (a French
	// ordinal's "er": superscript.go); empty for most text.
	Sup [2]int
}

// Page is a sheet with its marks.
type Page struct {
	W, H  float64
	Items []Item
}

// Layout is a laid-out document: what both painters draw.
type Layout struct {
	Pages []Page
}

// line is one line of a paragraph: its words and how to space them.
type line struct {
	words []string
	width float64 // natural width, single spaces
	last  bool    // the paragraph's last line: not justified
	lang  string  // the text's language: its ordinals are raised (superscript.go)
}

// wrap breaks text into lines of at most width points. Words are split at
// ordinary spaces only (no-break spaces hold); a word wider than the line
// is cut by characters rather than overflowing.
func wrap(f *Face, text string, size, width float64) []line {
	return wrapIn(f, "", 0, text, size, width)
}

// wrapMode says what a wrap may do besides breaking at spaces.
type wrapMode int

const (
	// wrapHyphens breaks a word at a syllable (hyphen.go).
	wrapHyphens wrapMode = 1 << iota
	// wrapShrink lets a justified line's spaces narrow to 4/5 of their
	// width to take one word more, as typesetters do rather than stretch
	// the line: only for lines placeLine justifies.
	wrapShrink
)

// shrinkable is how much of a space a justified line may give up.
const shrinkable = 0.2

// wrapIn is wrap in a language: words the language keeps together stay on
// one line ("n° 12", "12,40 %", French "montant :"; glue.go); with
// wrapShrink a line takes one word more if its spaces can narrow enough;
// with wrapHyphens a word that does not fit is broken at a syllable when
// leaving it whole would stretch the line's spaces by more than half.
func wrapIn(f *Face, lang string, mode wrapMode, text string, size, width float64) []line {
	space := f.Width(" ", size)
	var hy *hyphenator
	if mode&wrapHyphens != 0 {
		hy = hyphenatorFor(lang)
	}
	shrink := 0.0 // what each space of the line may give up
	if mode&wrapShrink != 0 {
		shrink = shrinkable * space
	}
	var lines []line
	var cur line
	words := glue(lang, strings.Split(text, " "))
	for i := 0; i < len(words); i++ {
		w := words[i]
		if w == "" {
			continue
		}
		ww := supWidth(f, w, ordinalSup(lang, w), size)
		for ww > width { // a word longer than the line
			if hy != nil && !strings.Contains(w, " ") {
				room := width
				if len(cur.words) > 0 {
					room = width - cur.width - space
				}
				if head, rest, ok := hy.breakAt(f, w, size, room); ok {
					cur.words = append(cur.words, head)
					cur.width += f.Width(head, size)
					if len(cur.words) > 1 {
						cur.width += space
					}
					lines = append(lines, cur)
					cur = line{}
					w = rest
					ww = f.Width(w, size)
					continue
				}
			}
			if len(cur.words) > 0 {
				lines = append(lines, cur)
				cur = line{}
				continue
			}
			cut, cw := cutToWidth(f, w, size, width)
			lines = append(lines, line{words: []string{cut}, width: cw})
			w = strings.TrimPrefix(w, cut)
			ww = f.Width(w, size)
		}
		if w == "" {
			continue
		}
		add := ww
		if len(cur.words) > 0 {
			add += space
		}
		if cur.width+add > width+shrink*float64(len(cur.words)) && len(cur.words) > 0 {
			// Hyphenate when the line without this word would stretch
			// its spaces by more than half their width.
			if hy != nil && len(cur.words) > 1 && !strings.Contains(w, " ") &&
				(width-cur.width)/float64(len(cur.words)-1) > space/2 {
				if head, rest, ok := hy.breakAt(f, w, size, width-cur.width-space+shrink*float64(len(cur.words))); ok {
					cur.words = append(cur.words, head)
					cur.width += space + f.Width(head, size)
					lines = append(lines, cur)
					cur = line{}
					words[i] = rest
					i-- // the rest starts the next line (and may break again)
					continue
				}
			}
			lines = append(lines, cur)
			cur = line{words: []string{w}, width: ww}
			continue
		}
		cur.words = append(cur.words, w)
		cur.width += add
	}
	if len(cur.words) > 0 {
		lines = append(lines, cur)
	}
	if len(lines) > 0 {
		lines[len(lines)-1].last = true
	}
	for i := range lines {
		lines[i].lang = lang
	}
	return lines
}

func cutToWidth(f *Face, w string, size, width float64) (string, float64) {
	rs := []rune(w)
	lo := 1
	for i := 1; i <= len(rs); i++ {
		if f.Width(string(rs[:i]), size) > width {
			break
		}
		lo = i
	}
	s := string(rs[:lo])
	return s, f.Width(s, size)
}

// placeLine emits a line's words at baseline y from x: justified across
// width unless it is a paragraph's last line (gopdf does not justify, so
// the layout places every word itself).
func placeLine(items []Item, f *Face, style Style, l line, x, y, width, size float64, justify bool) []Item {
	space := f.Width(" ", size)
	gap := space
	// A last line is set at its spaces' width, unless it took a word by
	// narrowing them (wrapShrink).
	if justify && (!l.last || l.width > width) && len(l.words) > 1 {
		natural := l.width - space*float64(len(l.words)-1)
		gap = (width - natural) / float64(len(l.words)-1)
		if gap > 3*space { // a near-empty line: do not stretch it absurdly
			gap = space
		}
	}
	for i, w := range l.words {
		sup := ordinalSup(l.lang, w)
		items = append(items, Item{Kind: TextItem, X: x, Y: y, Text: w, Style: style, Size: size, Sup: sup})
		x += supWidth(f, w, sup, size)
		if i < len(l.words)-1 {
			x += gap
		}
	}
	return items
}

// Cover lays out a batch's cover page(s): a title and a table.
func Cover(pageW, pageH float64, title string, header []string, rows [][]string) *Layout {
	fs, _ := Faces()
	reg, bold := fs[Regular], fs[Bold]
	W, H := pageW*mm, pageH*mm
	left := 20 * mm
	out := &Layout{}
	page := &Page{W: W, H: H}
	y := 25 * mm
	page.Items = append(page.Items, Item{Kind: TextItem, X: left, Y: y, Text: title, Style: Bold, Size: 14})
	y += 12 * mm
	const size, lead = 9.0, 13.0
	widths := make([]float64, len(header))
	for i, h := range header {
		widths[i] = bold.Width(h, size)
	}
	for _, r := range rows {
		for i := range r {
			if i < len(widths) {
				widths[i] = max(widths[i], reg.Width(r[i], size))
			}
		}
	}
	row := func(cells []string, st Style) {
		x := left
		f := reg
		if st == Bold {
			f = bold
		}
		for i, c := range cells {
			if i >= len(widths) {
				break
			}
			for f.Width(c, size) > widths[i] && len([]rune(c)) > 1 { // never wider than measured
				c = string([]rune(c)[:len([]rune(c))-1])
			}
			page.Items = append(page.Items, Item{Kind: TextItem, X: x, Y: y, Text: c, Style: st, Size: size})
			x += widths[i] + 4*mm
		}
		y += lead
	}
	row(header, Bold)
	for _, r := range rows {
		if y > H-20*mm {
			out.Pages = append(out.Pages, *page)
			page = &Page{W: W, H: H}
			y = 20 * mm
			row(header, Bold)
		}
		row(r, Regular)
	}
	out.Pages = append(out.Pages, *page)
	return out
}
