package importer

import (
	"strings"

	"github.com/relance-app/relance/internal/i18n"
)

// Footers. Exports and reports end with a total line ("TOTAL", "Totaux",
// "Ukupno"…), sometimes followed by a note (QuickBooks prints the report's
// basis and time), or with an unlabelled row of the columns' sums (a
// spreadsheet's SUM row). Only such trailing lines are skipped, and said: a
// row whose first cell is a total label, or whose amounts are the sums of
// their columns so far (footer_sums.go), is held until the file's end shows
// it was trailing; any later data row makes it a data row again, with the
// problems it has. Any other bad row still fails the file.

var totalLabels = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range []string{"total", "totals", "totaux", "total general", "grand total", "sous total", "subtotal",
		"ukupno", "укупно", "sveukupno", "свеукупно", "summe", "gesamt", "gesamtsumme", "sum", "total ttc"} {
		m[normalizeHeader(w)] = true
	}
	return m
}()

// isTotalLabel: "TOTAL", "Total EUR", "Totaux :", "Ukupno (3)".
func isTotalLabel(v string) bool {
	// Every row's first cell is asked: most are numbers and codes, told
	// apart by their first byte before normalizing (the labels start with
	// g, s, t or u, or are Cyrillic).
	if v == "" || len(v) > 80 {
		return false
	}
	switch c := v[0] | 0x20; {
	case c == 'g' || c == 's' || c == 't' || c == 'u', v[0] == 0xD0 || v[0] == 0xD1:
	default:
		return false
	}
	n := normalizeHeader(v)
	if totalLabels[n] {
		return true
	}
	for l := range totalLabels {
		if strings.HasPrefix(n, l+" ") {
			return true
		}
	}
	return false
}

// footerCandidate reports whether a row may be part of the file's footer:
// its first non-empty cell is a total label, or it follows one and has a
// single cell (a note under the total).
func (r *run) footerCandidate(row Row) bool {
	cells, first := 0, ""
	for _, c := range row.Cells {
		if c = strings.TrimSpace(c); c != "" {
			if cells == 0 {
				first = c
			}
			cells++
		}
	}
	if isTotalLabel(first) {
		return len(r.held) < maxHeld
	}
	if len(r.held) > 0 && cells == 1 {
		return len(r.held) < maxHeld
	}
	return r.rowOfSums(row)
}

// unhold imports the held rows: a later data row shows they were not the
// footer.
func (r *run) unhold() error {
	held := r.held
	r.held = nil
	for _, h := range held {
		if err := r.dataRow(h); err != nil {
			return err
		}
	}
	return nil
}

// footer skips the rows still held at the file's end, and says so.
func (r *run) footer() {
	for _, h := range r.held {
		r.res.FooterLines = append(r.res.FooterLines, h.Line)
	}
	if len(r.held) > 0 {
		r.res.Warnings = append(r.res.Warnings, Problem{File: r.opts.File, Line: r.held[0].Line,
			Reason: i18n.M("import.footer_skipped", len(r.held))})
	}
	r.held = nil
}
