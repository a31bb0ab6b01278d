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
var invoiceLevel = []string{"customer_code", "customer_name", "issue_date", "due_date", "currency", "total"}

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
	cur          ledger.Currency
	many         bool
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
}

// add records another line of an invoice already seen.
func (l *lineSums) add(number string) {
	if !l.on {
		return
	}
	if s := l.sums[number]; s != nil {
		s.many = true
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
	if l.tax {
		if t, _ := l.r.cell("line_tax"); t != "" {
			if tv, ok := l.r.signedAmount("line_tax", t, s.cur); ok {
				s.taxes += tv
			}
		}
	}
}

// check compares each invoice's lines with its total, once the file is read.
func (l *lineSums) check() {
	for number, s := range l.sums {
		if !s.many || s.lines == s.total || (l.tax && s.lines+s.taxes == s.total) {
			continue
		}
		p := Problem{File: l.r.opts.File, Line: s.line, Column: "line_total", Value: number,
			Reason: i18n.M("import.lines_disagree", ledger.Money{Minor: s.lines, Currency: s.cur}.String(),
				ledger.Money{Minor: s.total, Currency: s.cur}.String())}
		if l.tax {
			l.r.res.Problems = append(l.r.res.Problems, p)
		} else {
			// Without a tax column, lines may be before tax: said, not refused.
			l.r.res.Warnings = append(l.r.res.Warnings, p)
		}
	}
}
