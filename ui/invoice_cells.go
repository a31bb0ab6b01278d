package ui

import (
	"fyne.io/fyne/v2/theme"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/store"
)

// cellFitter makes the invoice table's cell texts, each cut with "…" to
// fit its column, off the UI goroutine.
//
// Why: a label truncated by Fyne (TextTruncateClip or Ellipsis) shapes its
// text again on every SetText, through a HarfBuzz font made anew each time,
// and a jump to another place of the million rows changes every cell at
// once: the UI goroutine spent 22 ms of CPU a jump on that (BENCHMARKS.md),
// more than a frame. Measured here, the text that is shown is in Fyne's
// text-size cache when the label asks for it, and the label truncates
// nothing: it shapes the shown text once, where Fyne's truncation shapes
// it a dozen times. The measuring is not fyne.MeasureText: that shapes with
// the font face Fyne draws with, whose glyph cache is not safe for two
// goroutines (the race detector caught it); cellMeasurer shapes the same
// font file through a face of its own.
type cellFitter struct {
	lang    i18n.Lang
	size    float32
	measure *cellMeasurer
	widths  []float32 // by text cell (invoiceColumns' cell), room for the text
}

// newCellFitter is made on the UI goroutine (it reads the theme); page is
// then called from the background.
func newCellFitter(lang i18n.Lang, columnWidths []float32) *cellFitter {
	f := &cellFitter{lang: lang, size: theme.TextSize(), measure: measurerFor(theme.TextFont())}
	pad := 2 * theme.InnerPadding() // a label's text inset, both sides
	for i, c := range invoiceColumns {
		if c.cell < 0 {
			continue
		}
		for len(f.widths) <= c.cell {
			f.widths = append(f.widths, 0)
		}
		f.widths[c.cell] = columnWidths[i] - pad
	}
	return f
}

// row makes a row's texts, by text cell.
func (f *cellFitter) row(l store.InvoiceLine) []string {
	texts := make([]string, len(f.widths))
	for c := range texts {
		texts[c] = f.fit(cellTextIn(f.lang, l, c), f.widths[c])
	}
	return texts
}

// fit is s, or its longest beginning that fits room followed by "…". The
// cut is first guessed from the widths' ratio, then moved a rune at a time:
// two or three measurements where a bisection of a name takes six (each
// one shapes the text: about 0.15 ms).
func (f *cellFitter) fit(s string, room float32) string {
	if s == "" {
		return s
	}
	full := f.width(s)
	if full <= room {
		return s
	}
	runes := []rune(s)
	fits := func(k int) bool { return f.width(string(runes[:k])+"…") <= room }
	k := min(len(runes)-1, int(float32(len(runes))*room/full))
	if fits(k) {
		for k+1 < len(runes) && fits(k+1) {
			k++
		}
	} else {
		for k > 0 && !fits(k-1) {
			k--
		}
		k--
	}
	if k <= 0 {
		if f.width("…") > room {
			return ""
		}
		return "…"
	}
	return string(runes[:k]) + "…"
}

func (f *cellFitter) width(s string) float32 {
	return f.measure.width(s, f.size)
}
