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

// A FEC is the company's whole accounting year; Relance reads its
// customer accounts (411…) and nothing else:
//
//   - a customer per auxiliary account (CompAuxNum the code, CompAuxLib the
//     name; a 411 account of its own, "411DUPONT", when there is none),
//     matched by code to the ledger's customers, else created;
//   - an invoice per customer and piece reference (PieceRef, or EcritureNum
//     when PieceRef is a placeholder such as Odoo's "-"), from its debits:
//     dated by PieceDate (else EcritureDate), in the currency of Idevise
//     with the amount of Montantdevise when it is another than the euro;
//     due, since a FEC does not say when, TermDays after its date (unless
//     the file has Dolibarr's DateLimitReglmt);
//   - a credit note ("avoir") for a credit in a sales entry (one that debits
//     a 70… sales account, or in a sales journal), applied by the credit
//     model (store.ApplyCreditNote) first to the invoice lettered with it;
//   - a payment for any other credit, dated by its EcritureDate: a credit
//     lettered (EcritureLet) with debits pays those invoices, oldest first;
//     an unlettered credit, and what a lettered one leaves, pays the
//     customer's oldest open invoices; what is left then is said as the
//     customer's open credit. Partial lettering (a code in lower case, or
//     with a '*', as some programs mark it) pays the same way and leaves
//     the rest of the invoice due.
//
// A newer FEC of the same year moves the balances and duplicates nothing:
// an invoice is keyed by its number, a credit note by its number, and a
// payment by its entry (its reference "fec:JOURNAL:NUMBER:DATE:N"); the
// payments an earlier import made from the entries of this file are made
// again from it. All or nothing, as every import.

// DefaultFECTermDays is the payment term given to invoices read from a
// FEC, which does not say when they are due: 30 days, the term French law
// applies when none was agreed (Code de commerce, article L441-10).
const DefaultFECTermDays = 30

// FECOptions control a FEC import.
type FECOptions struct {
	File     string // the name used in messages
	DryRun   bool
	Today    ledger.Date
	TermDays int // due date = invoice date + TermDays, for invoices the file creates
	Progress func(lines int)
}

// FECResult is what a FEC import did (or would do), with what is its own.
type FECResult struct {
	Result
	TermDays int
	// TermDue counts the invoices created with the term's due date.
	TermDue int
	// Unapplied is the customers' money that paid no invoice, per currency
	// (said line by line in the warnings).
	Unapplied []ledger.Money
}

// fecRefPrefix starts the reference of every payment a FEC import makes.
const fecRefPrefix = "fec:"

// fecMaxProblems bounds the problems reported: a file that is not what it
// says would otherwise report one per line.
const fecMaxProblems = 500

// ImportFEC reads the FEC at path into the ledger, all or nothing.
func ImportFEC(ctx context.Context, st *store.Store, path string, opts FECOptions) (FECResult, error) {
	res := FECResult{Result: Result{DryRun: opts.DryRun}, TermDays: opts.TermDays}
	if opts.Today.IsZero() {
		return res, errors.New("import: no date for today")
	}
	if opts.TermDays < 0 {
		return res, fmt.Errorf("import: a negative payment term (%d days)", opts.TermDays)
	}
	if opts.File == "" {
		opts.File = path
	}
	r, err := openFEC(path)
	if err != nil {
		return res, named(err, opts.File)
	}
	defer r.Close()
	res.Format, res.HeaderLine = r.format, 1
	f := newFECRun(ctx, r, opts, &res)
	if err := f.read(); err != nil {
		return res, named(err, opts.File)
	}
	if opts.Progress != nil {
		opts.Progress(res.Rows)
	}
	if len(res.Problems) > 0 {
		return res, ErrRejected
	}
	if f.company, err = st.Company(ctx); err != nil {
		return res, err
	}
	err = st.InBatch(ctx, opts.DryRun, func(b *store.Batch) error {
		if err := f.write(b); err != nil {
			return err
		}
		if len(res.Problems) > 0 {
			return ErrRejected
		}
		return nil
	})
	sort.SliceStable(res.Problems, func(i, j int) bool { return res.Problems[i].Line < res.Problems[j].Line })
	sort.SliceStable(res.Warnings, func(i, j int) bool { return res.Warnings[i].Line < res.Warnings[j].Line })
	if err != nil {
		res.Created, res.Updated = 0, 0
	}
	return res, err
}

// named puts the file's name on a reader's *FileError.
func named(err error, file string) error {
	var fe *FileError
	if errors.As(err, &fe) {
		fe.File = file
	}
	return err
}

// The FEC's model: what its customer lines say.

type fecCustomer struct {
	code, name string
	line       int
	id         int64
}

// fecEntry is one accounting entry (JournalCode and EcritureNum).
type fecEntry struct {
	num           string
	line          int    // its first line
	ref           string // JOURNAL:NUMBER:YYYYMMDD
	debit, credit int64  // euro cents, for the balance check
	// sales: the entry debits a sales account (70…) or is in a sales
	// journal, so a customer credit in it is a credit note.
	sales   bool
	credits int // its customer credit lines so far (their index in the payment reference)
}

// fecDoc is an invoice: one customer's debits under one piece reference.
type fecDoc struct {
	base, number string
	cust         *fecCustomer
	cur          ledger.Currency
	total        int64
	issue, due   ledger.Date
	desc         string
	line         int // its first line
	id           int64
}

// fecCredit is one customer credit line: a payment, or part of a credit note.
type fecCredit struct {
	line     int
	col, val string // the amount's column and text, for messages
	cust     *fecCustomer
	entry    *fecEntry
	ref      string
	date     ledger.Date
	amount   int64
	cur      ledger.Currency
	letter   string
	method   string
	base     string // the piece reference, for a credit note
	desc     string
}

// fecNote is a credit note: one customer's credits under one piece
// reference in sales entries.
type fecNote struct {
	number string
	lines  []*fecCredit
	note   ledger.CreditNote
}

// fecGroup is a lettering: one customer's lines under one code.
type fecGroup struct {
	cust          *fecCustomer
	letter        string
	partial       bool
	line          int
	docs          []*fecDoc
	payments      []*fecCredit
	notes         []*fecCredit
	debit, credit int64 // euro cents of its lines, for the balance check
}

type fecRun struct {
	ctx       context.Context
	r         *fecReader
	opts      FECOptions
	res       *FECResult
	company   ledger.Company
	customers map[string]*fecCustomer
	custOrder []*fecCustomer
	entries   map[string]*fecEntry
	scope     map[string]bool // refs of the file's entries
	docs      map[string]*fecDoc
	docOrder  []*fecDoc
	credits   []*fecCredit
	groups    map[string]*fecGroup
	grpOrder  []*fecGroup
	fields    []string
	lineNo    int
}

func newFECRun(ctx context.Context, r *fecReader, opts FECOptions, res *FECResult) *fecRun {
	return &fecRun{ctx: ctx, r: r, opts: opts, res: res, customers: map[string]*fecCustomer{}, entries: map[string]*fecEntry{},
		scope: map[string]bool{}, docs: map[string]*fecDoc{}, groups: map[string]*fecGroup{}}
}

func (f *fecRun) get(col string) string {
	i, ok := f.r.col[col]
	if !ok || i >= len(f.fields) {
		return ""
	}
	return f.fields[i]
}

func (f *fecRun) problem(col, value string, reason i18n.Msg) {
	if len(f.res.Problems) == fecMaxProblems {
		f.res.Problems = append(f.res.Problems, Problem{File: f.opts.File, Line: f.lineNo, Reason: i18n.M("import.fec_too_many_problems", fecMaxProblems)})
	}
	if len(f.res.Problems) > fecMaxProblems {
		return
	}
	f.res.Problems = append(f.res.Problems, Problem{File: f.opts.File, Line: f.lineNo, Column: col, Value: value, Reason: reason})
}

func (f *fecRun) problemAt(line int, col, value string, reason i18n.Msg) {
	saved := f.lineNo
	f.lineNo = line
	f.problem(col, value, reason)
	f.lineNo = saved
}

func (f *fecRun) warnAt(line int, col, value string, reason i18n.Msg) {
	f.res.Warnings = append(f.res.Warnings, Problem{File: f.opts.File, Line: line, Column: col, Value: value, Reason: reason})
}

// read reads every line into the model, reporting every problem.
func (f *fecRun) read() error {
	width := len(f.r.header)
	for {
		text, err := f.r.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		f.lineNo = f.r.line
		if strings.TrimSpace(text) == "" {
			continue
		}
		f.fields = f.r.split(text)
		f.res.Rows++
		if f.res.Rows%progressEvery == 0 {
			if err := f.ctx.Err(); err != nil {
				return err
			}
			if f.opts.Progress != nil {
				f.opts.Progress(f.res.Rows)
			}
		}
		if len(f.fields) > width {
			extra := false
			for i := width; i < len(f.fields); i++ {
				if f.fields[i] != "" {
					f.problem(fmt.Sprintf("#%d", i+1), f.fields[i], i18n.M("import.extra_field", width))
					extra = true
					break
				}
			}
			if extra {
				continue
			}
		}
		f.line()
	}
	f.finish()
	return nil
}

// line reads one accounting line.
func (f *fecRun) line() {
	journal, num := f.get("JournalCode"), f.get("EcritureNum")
	good := true
	for _, c := range []struct{ col, v string }{{"JournalCode", journal}, {"EcritureNum", num}} {
		if c.v == "" {
			f.problem(c.col, c.v, i18n.M("import.empty"))
			good = false
		}
	}
	dateText := f.get("EcritureDate")
	date, msg := fecDate(dateText)
	if msg == nil && date.IsZero() {
		m := i18n.M("import.empty")
		msg = &m
	}
	if msg != nil {
		f.problem("EcritureDate", dateText, *msg)
		good = false
	}
	debit, credit, amountCol, amountText, ok := f.amounts()
	good = good && ok
	if !good {
		return
	}
	key := journal + "\x00" + num
	e := f.entries[key]
	if e == nil {
		e = &fecEntry{num: num, line: f.lineNo, ref: journal + ":" + num + ":" + compactDate(date)}
		f.entries[key] = e
		f.scope[e.ref] = true
		e.sales = salesJournal(journal, f.get("JournalLib"))
	}
	e.debit += debit
	e.credit += credit
	account := f.get("CompteNum")
	net := debit - credit
	if strings.HasPrefix(account, "70") && net > 0 {
		e.sales = true // a sale reversed: the entry is a credit note
	}
	if !strings.HasPrefix(account, "411") || net == 0 {
		return
	}
	f.customerLine(e, date, net, amountCol, amountText)
}

// amounts reads the line's debit and credit in euro cents.
func (f *fecRun) amounts() (debit, credit int64, col, text string, ok bool) {
	if f.r.montantSens {
		text = f.get("Montant")
		v, msg := fecAmount(text, 2)
		if msg != nil {
			f.problem("Montant", text, *msg)
			return 0, 0, "", "", false
		}
		switch s := strings.ToUpper(f.get("Sens")); s {
		case "D", "+1", "1":
			return v, 0, "Montant", text, true
		case "C", "-1":
			return 0, v, "Montant", text, true
		default:
			f.problem("Sens", f.get("Sens"), i18n.M("import.fec_bad_sens"))
			return 0, 0, "", "", false
		}
	}
	dText, cText := f.get("Debit"), f.get("Credit")
	d, msg1 := fecAmount(dText, 2)
	if msg1 != nil {
		f.problem("Debit", dText, *msg1)
	}
	c, msg2 := fecAmount(cText, 2)
	if msg2 != nil {
		f.problem("Credit", cText, *msg2)
	}
	if msg1 != nil || msg2 != nil {
		return 0, 0, "", "", false
	}
	col, text = "Debit", dText
	if d-c < 0 {
		col, text = "Credit", cText
		if c == 0 {
			col, text = "Debit", dText // a negative debit
		}
	}
	return d, c, col, text, true
}

// customerLine reads a line of a customer account.
func (f *fecRun) customerLine(e *fecEntry, date ledger.Date, net int64, amountCol, amountText string) {
	cust, ok := f.customer()
	if !ok {
		return
	}
	cur, amount, ok := f.currency(net)
	if !ok {
		return
	}
	base := f.get("PieceRef")
	if placeholderRef(base) {
		base = e.num
	}
	if !f.plainText("PieceRef", base, 64) {
		return
	}
	letter := f.get("EcritureLet")
	if !f.plainText("EcritureLet", letter, 64) {
		return
	}
	if v := f.get("DateLet"); v != "" {
		if _, msg := fecDate(v); msg != nil {
			f.problem("DateLet", v, *msg)
			return
		}
	}
	desc := f.get("EcritureLib")
	if utf8.RuneCountInString(desc) > 500 {
		desc = string([]rune(desc)[:500])
	}
	desc = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, desc)
	if net > 0 {
		f.debitLine(cust, e, base, cur, amount, date, letter, desc, net)
		return
	}
	e.credits++
	if date.After(f.opts.Today) {
		f.problem("EcritureDate", f.get("EcritureDate"), i18n.M("import.date_in_future"))
		return
	}
	method := f.get("JournalLib")
	if method == "" {
		method = f.get("JournalCode")
	}
	if utf8.RuneCountInString(method) > 50 {
		method = string([]rune(method)[:50])
	}
	c := &fecCredit{line: f.lineNo, col: amountCol, val: amountText, cust: cust, entry: e,
		ref: fmt.Sprintf("%s%s:%d", fecRefPrefix, e.ref, e.credits), date: date, amount: amount, cur: cur,
		letter: letter, method: method, base: base, desc: desc}
	f.credits = append(f.credits, c)
	if letter != "" {
		g := f.group(cust, letter)
		g.credit += -net
	}
}

func (f *fecRun) debitLine(cust *fecCustomer, e *fecEntry, base string, cur ledger.Currency, amount int64, date ledger.Date,
	letter, desc string, net int64) {
	issue := date
	if v := f.get("PieceDate"); v != "" {
		d, msg := fecDate(v)
		if msg != nil {
			f.problem("PieceDate", v, *msg)
			return
		}
		issue = d
	}
	var due ledger.Date
	if v := f.get("DateLimitReglmt"); v != "" {
		d, msg := fecDate(v)
		if msg != nil {
			f.problem("DateLimitReglmt", v, *msg)
			return
		}
		due = d
	}
	key := cust.code + "\x00" + base
	d := f.docs[key]
	if d == nil {
		d = &fecDoc{base: base, cust: cust, cur: cur, issue: issue, due: due, desc: desc, line: f.lineNo}
		f.docs[key] = d
		f.docOrder = append(f.docOrder, d)
	} else if d.cur != cur {
		f.problem("Idevise", f.get("Idevise"), i18n.M("import.fec_mixed_currency", d.base, string(d.cur), d.line))
		return
	}
	d.total += amount
	if issue.Before(d.issue) {
		d.issue = issue
	}
	if !due.IsZero() && (d.due.IsZero() || due.Before(d.due)) {
		d.due = due
	}
	if letter != "" {
		g := f.group(cust, letter)
		g.debit += net
		if !containsDoc(g.docs, d) {
			g.docs = append(g.docs, d)
		}
	}
}

func containsDoc(ds []*fecDoc, d *fecDoc) bool {
	for _, x := range ds {
		if x == d {
			return true
		}
	}
	return false
}

func (f *fecRun) group(cust *fecCustomer, letter string) *fecGroup {
	key := cust.code + "\x00" + letter
	g := f.groups[key]
	if g == nil {
		g = &fecGroup{cust: cust, letter: letter, partial: partialLetter(letter), line: f.lineNo}
		f.groups[key] = g
		f.grpOrder = append(f.grpOrder, g)
	}
	return g
}

// customer reads the line's customer: its auxiliary account, or a 411
// account of its own when the file has no auxiliary accounts.
func (f *fecRun) customer() (*fecCustomer, bool) {
	code, name, col := f.get("CompAuxNum"), f.get("CompAuxLib"), "CompAuxNum"
	if code == "" {
		account := f.get("CompteNum")
		if strings.Trim(strings.TrimPrefix(account, "411"), "0") == "" {
			// The collective account (411, 41100000) without an auxiliary
			// one: whose money it is cannot be known.
			f.problem("CompAuxNum", "", i18n.M("import.fec_no_customer", account))
			return nil, false
		}
		code, name, col = account, f.get("CompteLib"), "CompteNum"
	}
	if !f.plainText(col, code, 64) {
		return nil, false
	}
	if c := f.customers[code]; c != nil {
		return c, true
	}
	if name == "" {
		name = code
	}
	nameCol := "CompAuxLib"
	if col == "CompteNum" {
		nameCol = "CompteLib"
	}
	if !f.plainText(nameCol, name, 200) {
		return nil, false
	}
	c := &fecCustomer{code: code, name: name, line: f.lineNo}
	f.customers[code] = c
	f.custOrder = append(f.custOrder, c)
	return c, true
}

// currency says the line's currency and its amount in it: the euro and the
// euro amount, unless Idevise names another currency, whose amount is then
// Montantdevise's (its sign does not count: Odoo signs it, Dolibarr not).
func (f *fecRun) currency(net int64) (ledger.Currency, int64, bool) {
	amount := net
	if amount < 0 {
		amount = -amount
	}
	code := f.get("Idevise")
	if code == "" || strings.EqualFold(code, "EUR") {
		return "EUR", amount, true
	}
	cur, err := ledger.ParseCurrency(code)
	if err != nil {
		f.problem("Idevise", code, i18n.M("import.unknown_currency"))
		return "", 0, false
	}
	text := f.get("Montantdevise")
	v, msg := fecAmount(text, cur.MinorUnits())
	if msg != nil {
		f.problem("Montantdevise", text, *msg)
		return "", 0, false
	}
	if v == 0 {
		f.problem("Montantdevise", text, i18n.M("import.fec_no_currency_amount", string(cur)))
		return "", 0, false
	}
	if v < 0 {
		v = -v
	}
	return cur, v, true
}

// plainText checks a value that becomes a key or a name: not too long, no
// control character.
func (f *fecRun) plainText(col, v string, maxLen int) bool {
	if utf8.RuneCountInString(v) > maxLen {
		f.problem(col, v, i18n.M("import.too_long", maxLen))
		return false
	}
	for _, c := range v {
		if unicode.IsControl(c) {
			f.problem(col, v, i18n.M("import.control_char"))
			return false
		}
	}
	return true
}

// finish checks what needs the whole file: entries that do not balance,
// invoice numbers, credit notes, letterings.
func (f *fecRun) finish() {
	// Entries in the order of their first line.
	entries := make([]*fecEntry, 0, len(f.entries))
	for _, e := range f.entries {
		entries = append(entries, e)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].line < entries[j].line })
	for _, e := range entries {
		if e.debit != e.credit {
			f.warnAt(e.line, "EcritureNum", e.num, i18n.M("import.fec_unbalanced",
				ledger.Money{Minor: e.debit, Currency: "EUR"}.String(), ledger.Money{Minor: e.credit, Currency: "EUR"}.String()))
		}
	}
	f.res.Summary.Invoices = len(f.docOrder)
	// A piece reference two customers share (an opening entry's, a
	// placeholder's) names each one's invoice with its customer's code.
	numbers(f.docOrder, func(d *fecDoc) (string, string) { return d.base, d.cust.code },
		func(d *fecDoc, n string) { d.number = n })
	for _, d := range f.docOrder {
		if utf8.RuneCountInString(d.number) > 64 {
			f.problemAt(d.line, "PieceRef", d.number, i18n.M("import.too_long", 64))
		}
		if !d.due.IsZero() && d.due.Before(d.issue) {
			f.problemAt(d.line, "DateLimitReglmt", d.due.String(), i18n.M("import.due_before_issue", d.issue.String()))
		}
	}
	for _, g := range f.grpOrder {
		if !g.partial && len(g.docs) > 0 && g.credit > 0 && g.debit != g.credit {
			f.warnAt(g.line, "EcritureLet", g.letter, i18n.M("import.fec_letter_unbalanced", g.cust.code,
				ledger.Money{Minor: g.debit, Currency: "EUR"}.String(), ledger.Money{Minor: g.credit, Currency: "EUR"}.String()))
		}
	}
}

// notes groups the credits of sales entries into credit notes, one per
// customer and piece reference, and files the other credits as payments
// (of their lettering when they have one).
func (f *fecRun) notes() (notes []*fecNote, unlettered []*fecCredit) {
	byKey := map[string]*fecNote{}
	type keyed struct {
		n    *fecNote
		base string
		code string
	}
	var order []keyed
	for _, c := range f.credits {
		if c.entry.sales {
			key := c.cust.code + "\x00" + c.base
			n := byKey[key]
			if n == nil {
				n = &fecNote{note: ledger.CreditNote{Amount: ledger.Money{Currency: c.cur}, Date: c.date, Description: c.desc}}
				byKey[key] = n
				order = append(order, keyed{n, c.base, c.cust.code})
			} else if n.note.Amount.Currency != c.cur {
				f.problemAt(c.line, "Idevise", string(c.cur), i18n.M("import.fec_mixed_currency", c.base,
					string(n.note.Amount.Currency), n.lines[0].line))
				continue
			}
			n.lines = append(n.lines, c)
			n.note.Amount.Minor += c.amount
			if c.date.Before(n.note.Date) {
				n.note.Date = c.date
			}
			if c.letter != "" {
				f.group(c.cust, c.letter).notes = append(f.group(c.cust, c.letter).notes, c)
			}
			continue
		}
		if c.letter != "" {
			g := f.group(c.cust, c.letter)
			g.payments = append(g.payments, c)
			continue
		}
		unlettered = append(unlettered, c)
	}
	numbers(order, func(k keyed) (string, string) { return k.base, k.code }, func(k keyed, n string) { k.n.number = n })
	for _, k := range order {
		if utf8.RuneCountInString(k.n.number) > 64 {
			f.problemAt(k.n.lines[0].line, "PieceRef", k.n.number, i18n.M("import.too_long", 64))
		}
		k.n.note.Number = k.n.number
		notes = append(notes, k.n)
	}
	f.res.Summary.CreditNotes = len(notes)
	return notes, unlettered
}

// numbers names each item by its base, followed by its customer's code
// when another customer's item has the same base.
func numbers[T any](items []T, key func(T) (base, code string), set func(T, string)) {
	codes := map[string]map[string]bool{}
	for _, it := range items {
		b, c := key(it)
		if codes[b] == nil {
			codes[b] = map[string]bool{}
		}
		codes[b][c] = true
	}
	for _, it := range items {
		b, c := key(it)
		if len(codes[b]) > 1 {
			set(it, b+" "+c)
		} else {
			set(it, b)
		}
	}
}

// placeholderRef says a PieceRef that names no document: Odoo writes "-"
// for a move without a reference, some programs "SANS_PIECE_REF".
func placeholderRef(s string) bool {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "", "-", "/", ".", "_", "SANS_PIECE_REF", "SANS PIECE REF", "N/A", "NA":
		return true
	}
	return false
}

// partialLetter says a lettering code that marks a partial lettering: in
// lower case ("aa", where a total one is "AA"), or with a '*' or '+'.
func partialLetter(s string) bool {
	if strings.ContainsAny(s, "*+") {
		return true
	}
	lower, upper := false, false
	for _, r := range s {
		lower = lower || unicode.IsLower(r)
		upper = upper || unicode.IsUpper(r)
	}
	return lower && !upper
}

// salesJournal says a journal that holds sales by its code or name (VT,
// VE, VEN, Odoo's FAC and INV, "Journal des ventes", "Sales").
func salesJournal(code, lib string) bool {
	switch strings.ToUpper(code) {
	case "VT", "VE", "VEN", "VTE", "VENTE", "VENTES", "FAC", "SAL", "SALES", "SAJ", "INV":
		return true
	}
	l := normalizeHeader(lib)
	return strings.Contains(l, "vente") || strings.Contains(l, "sales")
}

func compactDate(d ledger.Date) string { return strings.ReplaceAll(d.String(), "-", "") }
