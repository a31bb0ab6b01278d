package ui

import (
	"fyne.io/fyne/v2"
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
// nothing: its SetText only reads the cache. fyne.MeasureText is safe off
// the UI goroutine (its cache is a concurrent map and every measurement
// shapes with its own shaper).
type cellFitter struct {
	lang   i18n.Lang
	size   float32
	widths []float32 // by text cell (invoiceColumns' cell), room for the text
}

// newCellFitter is made on the UI goroutine (it reads the theme); page is
// then called from the background.
func newCellFitter(lang i18n.Lang, columnWidths []float32) *cellFitter {
	f := &cellFitter{lang: lang, size: theme.TextSize()}
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

// page makes the texts of a page's rows, by row then text cell.
func (f *cellFitter) page(rows []store.InvoiceLine) [][]string {
	out := make([][]string, len(rows))
	for r, l := range rows {
		texts := make([]string, len(f.widths))
		for c := range texts {
			texts[c] = f.fit(cellTextIn(f.lang, l, c), f.widths[c])
		}
		out[r] = texts
	}
	return out
}

// fit is s, or its longest beginning that fits room followed by "…".
func (f *cellFitter) fit(s string, room float32) string {
	if s == "" || f.width(s) <= room {
		return s
	}
	runes := []rune(s)
	lo, hi := 0, len(runes) // runes[:lo]+"…" fits; runes[:hi]+"…" does not, or hi is all
	for lo < hi-1 {
		mid := (lo + hi) / 2
		if f.width(string(runes[:mid])+"…") <= room {
			lo = mid
		} else {
			hi = mid
		}
	}
	if lo == 0 && f.width("…") > room {
		return ""
	}
	out := string(runes[:lo]) + "…"
	f.width(out) // in the cache for the label
	return out
}

func (f *cellFitter) width(s string) float32 {
	return fyne.MeasureText(s, f.size, fyne.TextStyle{}).Width
}
