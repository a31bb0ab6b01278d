package importer

import (
	"errors"
	"fmt"
	"io"

	"github.com/relance-app/relance/internal/ledger"
)

// FreshBooks' invoice details report has one row per line and no invoice
// total: the invoice's total is the sum of its "Line Total" cells (which
// include the line's taxes). The lines of one invoice need not be next to
// each other, and the total must be known at the invoice's first row (its
// export payment, a "paid" status, is the whole total), so the file is read
// once to add them up, then again to import it.

// sumLineTotals reads src to its end and returns each invoice number's
// sum of line totals, each line in its row's currency (or the company's).
// A cell that cannot be read adds nothing here: the import's own reading
// of the line says what is wrong with it. src is left at its end.
func (r *run) sumLineTotals() (map[string]int64, error) {
	pre := &run{ctx: r.ctx, opts: r.opts, src: r.src, m: r.m, width: r.width, res: &Result{}, company: r.company, header: r.header}
	sums := map[string]int64{}
	for {
		row, err := r.src.Next()
		if errors.Is(err, io.EOF) {
			return sums, nil
		}
		if err != nil {
			var le *LineError
			if errors.As(err, &le) {
				return sums, nil // the import stops at the same line and says it
			}
			return nil, fmt.Errorf("add up the lines: %w", err)
		}
		if blank(row.Cells) {
			continue
		}
		pre.row = row
		number, _ := pre.cell("number")
		text, _ := pre.cell("line_total")
		if number == "" || text == "" {
			continue
		}
		cur := r.company.Currency
		if v, present := pre.cell("currency"); present && v != "" {
			if c, err := ledger.ParseCurrency(v); err == nil {
				cur = c
			}
		}
		if v, ok := pre.signedAmount("line_total", text, cur); ok {
			sums[number] += v
		}
	}
}
