package importer

import (
	"hash/maphash"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// Line-item exports (Xero, Zoho, Invoice Ninja, Dolibarr's "factures et
// lignes") write one row per invoice line, repeating the invoice's own
// cells. Rows with the same number whose invoice-level cells agree are
// lines of one invoice; rows that disagree are two invoices under one
// number, still an error. The invoice's total is the invoice-level column;
// when the file also has a line total, the lines' sum is checked against it.

// lineKey is an invoice number's first row and a hash of its invoice-level
// cells.
type lineKey struct {
	line int
	sig  uint64
}

var lineSeed = maphash.MakeSeed()

// invoiceLevel are the columns that belong to the invoice, not the line.
var invoiceLevel = []string{"customer_code", "customer_name", "customer_email", "issue_date", "due_date", "currency", "total"}

func (r *run) invoiceSignature() uint64 {
	var h maphash.Hash
	h.SetSeed(lineSeed)
	for _, col := range invoiceLevel {
		v, _ := r.cell(col)
		h.WriteString(v)
		h.WriteByte(0)
	}
	return h.Sum64()
}

// lineColumns are the columns that show a file has one row per line;
// without one, a repeated number is a duplicate, even with equal cells.
var lineColumns = []string{"line_total", "line_tax", "quantity", "unit_price"}

func (r *run) hasLines() bool {
	for _, c := range lineColumns {
		if _, ok := r.m[c]; ok {
			return true
		}
	}
	return false
}

// lineSums adds up the line totals of each invoice, when the file has them.
type lineSums struct {
	r    *run
	on   bool
	tax  bool // a tax column: lines may be before tax
	sums map[string]*lineSum
}

type lineSum struct {
	line         int
	total        int64
	lines, taxes int64
	firstTax     int64 // the first row's tax: an invoice-level tax column repeats it on every line
	cur          ledger.Currency
	seen         bool // a line total was given: an export may leave them blank
}

func newLineSums(r *run) *lineSums {
	_, on := r.m["line_total"]
	_, tax := r.m["line_tax"]
	return &lineSums{r: r, on: on, tax: tax, sums: map[string]*lineSum{}}
}

// first records an invoice's first row (its total and first line).
func (l *lineSums) first(number string, total int64) {
	if !l.on {
		return
	}
	s := &lineSum{line: l.r.row.Line, total: total}
	if v, present := l.r.cell("currency"); present && v != "" {
		s.cur, _ = ledger.ParseCurrency(v)
	}
	if s.cur == "" {
		s.cur = l.r.symbolCurrency("total") // the invoice's currency when its total shows it
	}
	if s.cur == "" {
		s.cur = l.r.company.Currency
	}
	l.sums[number] = s
	l.addLine(s)
	s.firstTax = s.taxes
}

// add records another line of an invoice already seen.
func (l *lineSums) add(number string) {
	if !l.on {
		return
	}
	if s := l.sums[number]; s != nil {
		l.addLine(s)
	}
}

func (l *lineSums) addLine(s *lineSum) {
	text, _ := l.r.cell("line_total")
	if text == "" {
		return
	}
	v, ok := l.r.signedAmount("line_total", text, s.cur)
	if !ok {
		return
	}
	s.lines += v
	s.seen = true
	if l.tax {
		if t, _ := l.r.cell("line_tax"); t != "" {
			if tv, ok := l.r.signedAmount("line_tax", t, s.cur); ok {
				s.taxes += tv
			}
		}
	}
}

// check compares each invoice's lines with its total, once the file is
// read. Lines may be written with their tax or before it: their sum is
// right if it is the total, or, when the file has a tax column, the total
// less the lines' taxes (or less the one tax an invoice-level column
// repeats on every line).
func (l *lineSums) check() {
	for number, s := range l.sums {
		if !s.seen || s.lines == s.total || (l.tax && (s.lines+s.taxes == s.total || s.lines+s.firstTax == s.total)) {
			continue
		}
		money := func(v int64) string { return ledger.Money{Minor: v, Currency: s.cur}.String() }
		reason := i18n.M("import.lines_disagree", money(s.lines), money(s.total))
		if l.tax {
			reason = i18n.M("import.lines_disagree_tax", money(s.lines), money(s.lines+s.taxes), money(s.total))
		}
		l.r.res.Problems = append(l.r.res.Problems, Problem{File: l.r.opts.File, Line: s.line, Column: "line_total", Value: number, Reason: reason})
	}
}
