package importer

import "github.com/relance-app/relance/internal/ledger"

// An unlabelled total row: its key (invoice number, customer code, the
// payment's invoice) and dates are empty, and each amount it has is the
// sum of its column over the rows read so far (a spreadsheet's SUM row
// under the data). Zero sums do not count: an empty row of zeros is not a
// total.

// maxHeld bounds the rows held as a possible footer: a real footer is a
// line or three; more candidates in a row are data, and holding them
// would cost memory.
const maxHeld = 8

// summedColumns are the amounts a row of sums repeats.
var summedColumns = []string{"total", "paid", "balance", "amount"}

// keyColumns identify a row of each kind.
var keyColumns = map[Kind]string{Customers: "code", Invoices: "number", Payments: "invoice_number"}

// columnSums adds up the amounts read, per column, in one currency.
type columnSums struct{ cols []columnSum }

type columnSum struct {
	col   string
	cur   ledger.Currency
	sum   int64
	mixed bool // several currencies: nothing to compare with
}

// add counts an amount read for col.
func (s *columnSums) add(col string, cur ledger.Currency, v int64) {
	for i := range s.cols {
		if c := &s.cols[i]; c.col == col {
			c.mixed = c.mixed || c.cur != cur
			c.sum += v
			return
		}
	}
	s.cols = append(s.cols, columnSum{col: col, cur: cur, sum: v})
}

func (s *columnSums) of(col string) *columnSum {
	for i := range s.cols {
		if s.cols[i].col == col {
			return &s.cols[i]
		}
	}
	return nil
}

// rowOfSums reports whether row is an unlabelled total row.
func (r *run) rowOfSums(row Row) bool {
	if len(r.held) >= maxHeld || len(r.sums.cols) == 0 {
		return false
	}
	saved := r.row
	r.row = row // r.cell and r.spreadsheetNumber read the current row
	defer func() { r.row = saved }()
	if v, _ := r.cell(keyColumns[r.opts.Kind]); v != "" {
		return false // the common case: a row with its key
	}
	for _, c := range dateColumns {
		if v, _ := r.cell(c); v != "" {
			return false
		}
	}
	matched := false
	for _, col := range summedColumns {
		v, present := r.cell(col)
		if !present || v == "" {
			continue
		}
		s := r.sums.of(col)
		if s == nil || s.mixed || s.sum == 0 {
			return false
		}
		raw, num := r.spreadsheetNumber(col)
		if !num {
			raw = v
		}
		got, msg := parseAmountSign(raw, s.cur, num, true)
		if msg != nil || got != s.sum {
			return false
		}
		matched = true
	}
	return matched
}
