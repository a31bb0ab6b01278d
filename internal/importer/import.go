// Package importer reads customers, invoices and payments from the CSV and
// XLSX files that accounting programs export, and writes them to the ledger
// all or nothing: a file with one bad row writes nothing and reports every
// problem with its file, line, column and value.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// ErrRejected is returned when the file has problems; nothing was written.
var ErrRejected = errors.New("import rejected")

// Problem is one reason a file was rejected.
type Problem struct {
	File   string
	Line   int    // 0: the file as a whole
	Column string // canonical column name; "" for a whole line
	Value  string
	Reason i18n.Msg
}

// In renders the problem as FILE:LINE: column COLUMN: value "VALUE": reason.
func (p Problem) In(l i18n.Lang) string { return p.Say(l, func(m i18n.Msg) string { return m.In(l) }) }

// Say is In with the reason said by say: the GUI words the reasons that
// name a relancectl command as what to do on its screen instead.
func (p Problem) Say(l i18n.Lang, say func(i18n.Msg) string) string {
	reason := say(p.Reason)
	switch {
	case p.Line == 0:
		return i18n.T(l, "import.problem_file", p.File, reason)
	case p.Column == "":
		return i18n.T(l, "import.problem_line", p.File, p.Line, reason)
	}
	return i18n.T(l, "import.problem", p.File, p.Line, p.Column, p.Value, reason)
}

func (p Problem) String() string { return p.In(i18n.EN) }

// Options control an import.
type Options struct {
	Kind     Kind
	File     string // the name used in messages
	DryRun   bool   // check everything against the ledger, write nothing
	Today    ledger.Date
	Progress func(rows int) // called every progressEvery rows, and at the end
	// SizeHint is the file's size in bytes, if known: a large invoice file
	// is loaded with the secondary indexes rebuilt at the end.
	SizeHint int64
	// Rename maps headers of the file (as written) to canonical column
	// names, for headers the aliases do not know (the GUI's column mapping).
	Rename map[string]string
	// DateOrder is the owner's answer for a file whose slash or dash dates
	// contradict each other ("" = detect, DayFirst, MonthFirst).
	DateOrder DateOrder
	// HeaderLine is the line of the header row, when the owner picks it
	// (the GUI's import screen); 0 = the first row that maps the kind's
	// required columns.
	HeaderLine int

	// paymentsBeside: the same file has a payments table (Akaunting's
	// invoice_transactions sheet), which ImportAll imports after the
	// invoices. A "paid" or "partial" status then leaves the invoice's
	// payments to that table instead of making an export payment of its own
	// (it would count the money twice) or refusing a partial without an
	// amount.
	paymentsBeside bool
}

// DateOrder is how a file writes its slash- or dash-separated dates.
type DateOrder string

// Date orders.
const (
	DateOrderUnknown DateOrder = ""
	DayFirst         DateOrder = "dmy"
	MonthFirst       DateOrder = "mdy"
)

// bulkRows is the estimated row count from which an invoice import rebuilds
// the invoice indexes instead of updating them row by row.
const bulkRows = 50_000

const progressEvery = 10000

// Result says what an import did (or, for a dry run, would do).
type Result struct {
	Format   string   // what the reader detected
	Rows     int      // data rows read (blank rows not counted)
	Created  int      // new records
	Updated  int      // records matched by key and rewritten
	Ignored  []string // headers not understood, left out
	Problems []Problem
	// Warnings are imported as they are, but said: the owner may want to
	// look (an address only some mail servers can deliver).
	Warnings []Problem
	DryRun   bool
	// What the reader decided, for the owner to check (and change on the
	// GUI's import screen): the header's line, the lines above it skipped
	// as titles, the trailing total lines skipped, the date order.
	HeaderLine   int
	TitleLines   int
	FooterLines  []int
	DateOrder    DateOrder
	DateOrderWhy DateOrderReason
	// Mapping is, for each canonical column read, the file's header it is
	// read from, as written (before the owner's renames): the import
	// screen shows it and lets the owner change it. Filled for a rejected
	// header too, from the row the problems are about.
	Mapping map[string]string
	Summary Summary
}

// DateOrderReason says how the date order was decided.
type DateOrderReason string

// Date order reasons.
const (
	DateOrderNoDates    DateOrderReason = ""           // no slash or dash date in the file
	DateOrderProved     DateOrderReason = "proved"     // a date impossible the other way
	DateOrderConvention DateOrderReason = "convention" // every date ambiguous: the company's country
	DateOrderChosen     DateOrderReason = "chosen"     // Options.DateOrder
)

// Summary is what an import changed, in the owner's terms: "214 invoices
// (12 new, 3 now paid, 1 credit note applied); overdue now 4,230.50 € (was
// 5,100.00 €)". A dry run fills it with what the import would change.
type Summary struct {
	Invoices           int // invoice rows grouped into invoices
	NewInvoices        int
	NowPaid            int      // unpaid before the import, paid after
	BalancesMoved      int      // invoices whose paid part the export changed
	NegativeAdjusted   []string // invoice numbers whose export balance grew against recorded payments
	UndatedPayments    int      // export payments without a date: no interest on them
	CreditNotes        int      // credit notes read
	CreditNotesApplied int      // credit notes applied, wholly or partly, to invoices
	CreditHeld         []ledger.Money
	Skipped            []SkippedRow // draft and void invoices
	CustomersCreated   int
	CustomersMatched   int
	OverdueBefore      []ledger.Money // per currency, as of Options.Today
	OverdueAfter       []ledger.Money
}

// SkippedRow is a row left out on purpose (a draft or void invoice).
type SkippedRow struct {
	Line   int
	Number string
	Status string // as the file writes it
}

// Import reads src into the ledger. On any problem it returns ErrRejected
// with every problem in Result.Problems, and the ledger is unchanged.
//
// Dates are read in the order believed so far (date_order.go); when the
// file proves the other order after ambiguous dates were read in the
// wrong one, the import starts again from the file's first line with the
// order proved, in a fresh transaction: never one row's guess, never a
// silent mix.
func Import(ctx context.Context, st *store.Store, src Source, opts Options) (Result, error) {
	res, err := importOnce(ctx, st, src, opts, "")
	var redo *redoDates
	if errors.As(err, &redo) {
		if rerr := src.Rewind(); rerr != nil {
			return res, fmt.Errorf("read the file again with its date order: %w", rerr)
		}
		// Not forced: the second reading still refuses a file whose later
		// rows prove the first order after all.
		res, err = importOnce(ctx, st, src, opts, redo.order)
	}
	return res, err
}

// redoDates asks Import to read the file again in a proved date order.
type redoDates struct{ order DateOrder }

func (e *redoDates) Error() string { return "the file's dates are " + string(e.order) }

// importOnce reads the file once, its dates first believed in start's
// order when a first reading proved it ("" otherwise).
func importOnce(ctx context.Context, st *store.Store, src Source, opts Options, start DateOrder) (Result, error) {
	r, err := prepare(ctx, st, src, opts, start)
	if err != nil {
		return *r.res, err
	}
	if opts.SizeHint/60 >= bulkRows {
		// A big file: foreign keys checked once at the end rather than on
		// every row (store.InBulkBatch).
		err = st.InBulkBatch(ctx, opts.DryRun, r.inBatch)
	} else {
		err = st.InBatch(ctx, opts.DryRun, r.inBatch)
	}
	return r.finish(err)
}

// renamed is a header with the owner's names for the columns the aliases
// do not know (Options.Rename).
func (opts Options) renamed(h []string) []string {
	if len(opts.Rename) == 0 {
		return h
	}
	h = append([]string(nil), h...)
	for i, v := range h {
		if to, ok := opts.Rename[v]; ok {
			h[i] = to
		}
	}
	return h
}

// prepare finds and maps src's header for opts.Kind and readies the
// import, its dates first believed in start's order; a header that cannot
// be imported is ErrRejected, with its problems in the result. r and r.res
// are never nil. ImportAll prepares every table of a file before it
// imports them in one batch.
func prepare(ctx context.Context, st *store.Store, src Source, opts Options, start DateOrder) (*run, error) {
	res := Result{Format: src.Format(), DryRun: opts.DryRun}
	r := &run{ctx: ctx, opts: opts, src: src, res: &res}
	if opts.Today.IsZero() {
		return r, errors.New("import: no date for today")
	}
	found, err := pickHeader(src, opts, opts.renamed)
	if err != nil {
		return r, err
	}
	header, mapping, unknown, hp := found.header, found.mapping, found.unknown, found.problems
	res.HeaderLine, res.TitleLines = found.line, found.titles
	res.Mapping = found.columnsRead()
	res.Ignored = unknown
	for _, p := range hp {
		pr := Problem{File: opts.File, Line: found.line, Column: p.Column}
		if p.Kind == "missing" {
			pr.Column = "" // the reason names it: no empty value to show
			pr.Reason = i18n.M("import.missing_column", p.Column)
			if near := nearMiss(opts.Kind, p.Column, unknown); near != "" {
				pr.Reason = i18n.M("import.missing_column_near", p.Column, near)
			}
		} else {
			pr.Value = p.Header
			pr.Reason = i18n.M("import.duplicate_column", p.Other)
		}
		res.Problems = append(res.Problems, pr)
	}
	if len(res.Problems) > 0 {
		return r, ErrRejected
	}
	company, err := st.Company(ctx)
	if err != nil {
		return r, err
	}
	r.m, r.width, r.company, r.header = mapping, len(found.raw), company, header
	r.dates = newDateState(opts.DateOrder, start, company)
	if _, total := mapping["total"]; opts.Kind == Invoices && !total {
		// No total column, only line totals (MapHeader allows it): added
		// up first, then the file is read again from its header.
		if r.lineTotals, err = r.sumLineTotals(); err != nil {
			return r, err
		}
		if err := src.Rewind(); err != nil {
			return r, fmt.Errorf("read the file again after adding up its lines: %w", err)
		}
		if _, err := pickHeader(src, opts, opts.renamed); err != nil {
			return r, err
		}
	}
	switch opts.Kind {
	case Customers:
		r.kindFn = r.customers
	case Invoices:
		r.kindFn = r.invoices
	case Payments:
		r.kindFn = r.payments
	default:
		return r, fmt.Errorf("unknown import kind %q", opts.Kind)
	}
	return r, nil
}

// inBatch imports the rows in b: ErrRejected when the file has problems,
// so that the batch writes nothing, and *redoDates when the file's dates
// proved the other order after some were read in the wrong one.
func (r *run) inBatch(b *store.Batch) error {
	r.b = b
	if err := r.kindFn(b); err != nil {
		return err
	}
	if redo := r.dates.finish(r); redo != nil && len(r.res.Problems) == 0 {
		return redo
	}
	if len(r.res.Problems) > 0 {
		return ErrRejected
	}
	return nil
}

// finish completes the result once the batch is over, err its outcome.
func (r *run) finish(err error) (Result, error) {
	res := r.res
	if r.dates != nil {
		res.DateOrder, res.DateOrderWhy = r.dates.result()
	}
	if r.opts.Progress != nil {
		r.opts.Progress(res.Rows)
	}
	// Problems found late (an ambiguous amount re-checked) go to their line.
	sort.SliceStable(res.Problems, func(i, j int) bool { return res.Problems[i].Line < res.Problems[j].Line })
	if errors.Is(err, ErrRejected) {
		res.Created, res.Updated = 0, 0
	}
	return *res, err
}

// headerFound is the header row a file's rows are read under.
type headerFound struct {
	raw      []string // as written
	header   []string // after the owner's renames
	line     int
	titles   int // rows above it, skipped
	mapping  Mapping
	unknown  []string
	problems []HeaderProblem
}

// pickHeader is the header the owner chose (Options.HeaderLine), else
// the one found.
func pickHeader(src Source, opts Options, rename func([]string) []string) (headerFound, error) {
	if opts.HeaderLine > 0 {
		return headerAt(src, opts.Kind, rename, opts.HeaderLine, opts.File)
	}
	return findHeader(src, opts.Kind, rename)
}

// headerSearchRows is how far down a header is looked for: exports put a
// title, a company name, a period and blank lines above it (QuickBooks
// reports, Invoice Ninja, a spreadsheet's merged title row).
const headerSearchRows = 30

// findHeader takes as the header the first row, among the first
// headerSearchRows non-blank ones, that maps the kind's required columns.
// When none does, the file's problems are those of the row that maps the
// most columns (the first row if none maps any): the header the owner
// meant, whose missing columns and near misses are then named.
func findHeader(src Source, k Kind, rename func([]string) []string) (headerFound, error) {
	first := headerFound{raw: src.Header(), line: src.HeaderLine()}
	first.header = rename(first.raw)
	first.mapping, first.unknown, first.problems = MapHeader(k, first.header)
	if !hasMissing(first.problems) {
		return first, nil
	}
	best := first
	var skipped int
	for nonBlank := 1; nonBlank < headerSearchRows; {
		row, err := src.Next()
		if err != nil {
			break // the end, or a line the reader cannot pass: the best row's problems say it
		}
		skipped++
		if blank(row.Cells) {
			continue
		}
		nonBlank++
		// The non-blank rows above it are its title lines.
		h := headerFound{raw: append([]string(nil), row.Cells...), line: row.Line, titles: nonBlank - 1}
		h.header = rename(h.raw)
		h.mapping, h.unknown, h.problems = MapHeader(k, h.header)
		if !hasMissing(h.problems) {
			return h, nil
		}
		if len(h.mapping) > len(best.mapping) {
			best = h
		}
	}
	if skipped > 0 {
		// The rows read are gone: start again, so that the problems are
		// reported against an unread file (nothing will be imported).
		if err := src.Rewind(); err != nil {
			return best, err
		}
	}
	return best, nil
}

// FindHeader finds a file's header row as an import of kind k would (for
// the GUI's first look at a file): its cells, its line, and the headers of
// it the kind does not read. src is left at the row after it.
func FindHeader(src Source, k Kind) (header []string, line int, unknown []string, err error) {
	h, err := findHeader(src, k, func(h []string) []string { return h })
	return h.raw, h.line, h.unknown, err
}

func hasMissing(ps []HeaderProblem) bool {
	for _, p := range ps {
		if p.Kind == "missing" {
			return true
		}
	}
	return false
}

// run is the state of one import.
type run struct {
	ctx     context.Context
	kindFn  func(b *store.Batch) error
	opts    Options
	src     Source
	m       Mapping
	width   int
	res     *Result
	company ledger.Company
	b       *store.Batch
	row     Row
	// decimalMark is the file's decimal separator once an amount shows it;
	// ambiguous holds the amounts read before that, to re-check them.
	decimalMark rune
	ambiguous   []ambiguousAmount
	// An invoice file: the customers it names (matched once, counted
	// once), and its header as a customer file when it carries customer
	// details (a combined file).
	used   map[*customerRef]bool
	custM  Mapping
	bal    *balanceInfo
	header []string // as mapped (after the owner's renames)
	dates  *dateState
	rowFn  func() error
	// Rows that carry a total label, held until the file's end shows they
	// were its footer (skipped) or a later row shows they were not.
	held []Row
	sums columnSums // what a trailing row of sums would repeat

	// updates are the customers the row being read changes (combined files).
	updates []customerUpdate
	// lineTotals are the invoices' totals of a file that has line totals
	// but no total column (invoice_line_totals.go).
	lineTotals map[string]int64
}

// each calls fn for every non-blank data row; a row that cannot be read
// (unbalanced quotes) is a problem, and reading stops there because the
// reader cannot resynchronise.
func (r *run) each(fn func() error) error {
	r.rowFn = fn
	for {
		row, err := r.src.Next()
		if err == io.EOF {
			r.footer()
			return nil
		}
		if err != nil {
			var le *LineError
			if errors.As(err, &le) {
				r.problemLine(le.Line, le.Reason)
				return nil
			}
			return err
		}
		if blank(row.Cells) {
			continue
		}
		if r.footerCandidate(row) {
			r.held = append(r.held, Row{Line: row.Line, Cells: append([]string(nil), row.Cells...), Raw: append([]string(nil), row.Raw...)})
			continue
		}
		if err := r.unhold(); err != nil {
			return err
		}
		if err := r.dataRow(row); err != nil {
			return err
		}
	}
}

// dataRow checks and imports one data row.
func (r *run) dataRow(row Row) error {
	r.row = row
	r.res.Rows++
	if r.res.Rows%progressEvery == 0 {
		if err := r.ctx.Err(); err != nil {
			return err
		}
		if r.opts.Progress != nil {
			r.opts.Progress(r.res.Rows)
		}
	}
	// Every date of the row says what it knows of the file's order before
	// the row is read, so rows the import then leaves out (drafts, other
	// lines of an invoice) count as well.
	if r.scanDates() {
		return &redoDates{order: r.dates.redo}
	}
	if len(row.Cells) > r.width && !blank(row.Cells[r.width:]) {
		// Name the first extra field by its position, and show it.
		for i := r.width; i < len(row.Cells); i++ {
			if v := strings.TrimSpace(row.Cells[i]); v != "" {
				r.res.Problems = append(r.res.Problems, Problem{File: r.opts.File, Line: row.Line,
					Column: fmt.Sprintf("#%d", i+1), Value: v, Reason: i18n.M("import.extra_field", r.width)})
				break
			}
		}
		return nil
	}
	if err := r.rowFn(); err != nil {
		return err
	}
	if r.dates.redo != "" {
		// Ambiguous dates were read in the order this row disproved: the
		// rest of this reading is lost work (Import starts again).
		return &redoDates{order: r.dates.redo}
	}
	return nil
}

// cell returns the trimmed value of a canonical column, and whether the
// file has that column at all (absent columns keep stored values).
func (r *run) cell(col string) (string, bool) {
	i, ok := r.m[col]
	if !ok {
		return "", false
	}
	if i >= len(r.row.Cells) {
		return "", true
	}
	return strings.TrimSpace(r.row.Cells[i]), true
}

func (r *run) problem(col, value string, reason i18n.Msg) {
	r.res.Problems = append(r.res.Problems, Problem{File: r.opts.File, Line: r.row.Line, Column: col, Value: value, Reason: reason})
}

// warn notes something imported as it is that the owner should know.
func (r *run) warn(col, value string, reason i18n.Msg) {
	r.res.Warnings = append(r.res.Warnings, Problem{File: r.opts.File, Line: r.row.Line, Column: col, Value: value, Reason: reason})
}

func (r *run) problemLine(line int, reason i18n.Msg) {
	r.res.Problems = append(r.res.Problems, Problem{File: r.opts.File, Line: line, Reason: reason})
}

// text reads a single-line text column: no control characters (a line
// break in a name would break letters and could inject mail headers), and a
// sane length. It reports a problem and returns ok=false when bad.
func (r *run) text(col string, maxLen int) (string, bool) {
	v, _ := r.cell(col)
	if utf8.RuneCountInString(v) > maxLen {
		r.problem(col, v, i18n.M("import.too_long", maxLen))
		return "", false
	}
	for _, c := range v {
		if unicode.IsControl(c) {
			r.problem(col, v, i18n.M("import.control_char"))
			return "", false
		}
	}
	return v, true
}

// required reads a single-line text column that must not be empty.
func (r *run) required(col string, maxLen int) (string, bool) {
	v, ok := r.text(col, maxLen)
	if ok && v == "" {
		r.problem(col, v, i18n.M("import.empty"))
		return "", false
	}
	return v, ok
}

// date reads a date column; empty is allowed only when !required.
func (r *run) date(col string, required bool) (ledger.Date, bool) {
	v, present := r.cell(col)
	if !present || v == "" {
		if required {
			r.problem(col, v, i18n.M("import.empty"))
			return 0, false
		}
		return 0, true
	}
	var d ledger.Date
	var msg *i18n.Msg
	if raw, num := r.spreadsheetNumber(col); num {
		d, msg = parseSerialDate(raw, r.src.Date1904())
	} else {
		d, msg = r.dates.read(r, col, v)
	}
	if msg != nil {
		r.problem(col, v, *msg)
		return 0, false
	}
	return d, true
}

// rawCell returns a column's raw spreadsheet value (a number, a serial
// date), or its text for CSV files.
func (r *run) rawCell(col string) string {
	i, ok := r.m[col]
	if !ok {
		return ""
	}
	cells := r.row.Raw
	if cells == nil {
		cells = r.row.Cells
	}
	if i >= len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[i])
}

// spreadsheetNumber reports whether a spreadsheet cell holds a number (as
// opposed to text that looks like one), and returns its raw value. A cell
// whose display differs from its raw value is a formatted number; when they
// agree ("1.200"), the cell's type decides.
func (r *run) spreadsheetNumber(col string) (string, bool) {
	if !r.src.XLSX() {
		return "", false
	}
	raw := r.rawCell(col)
	if !isNumber(raw) {
		return raw, false
	}
	if shown, _ := r.cell(col); shown != raw {
		return raw, true
	}
	return raw, !r.src.IsText(r.row.Line, r.m[col])
}

// seen remembers keys within the file to report duplicates with the line
// of their first occurrence.
type seen map[string]int

func (r *run) duplicate(s seen, key, col, value string) bool {
	if first, ok := s[key]; ok {
		r.problem(col, value, i18n.M("import.duplicate_key", first))
		return true
	}
	// A copy: a CSV row's cells share one string, which the key would
	// otherwise keep alive, the whole row for every row of the file.
	s[strings.Clone(key)] = r.row.Line
	return false
}
