package bankfile

import (
	"errors"
	"io"
	"strings"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/importer"
	"github.com/relance-app/relance/internal/ledger"
)

// readCSV reads a bank's CSV export through the importer's CSV reading
// (encoding: UTF-8, UTF-16 or a Windows code page; the delimiter; quotes),
// so a bank file is read as an invoice file is. The header is the first
// row, among the first csvHeaderRows, that names a date and an amount
// (title lines above it, "Compte courant n° …", "Liste des opérations",
// are skipped, and an IBAN in them is the statement's account). The file
// is read twice, as the importer reads it: first for what needs all of it
// (the date order, the decimal mark, the currency), then for the entries.
func readCSV(data []byte, opts Options) ([]Statement, error) {
	src, err := importer.NewCSV(data)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	h, titles, err := findCSVHeader(src, opts)
	if err != nil {
		return nil, err
	}
	c := &csvRead{h: h, opts: opts, st: Statement{Format: FormatCSV}}
	c.st.Account = accountInTitles(titles)
	if err := c.each(src, c.learn); err != nil {
		return nil, err
	}
	if err := c.decide(); err != nil {
		return nil, err
	}
	if err := src.Rewind(); err != nil {
		return nil, err
	}
	if err := c.each(src, c.entry); err != nil {
		return nil, err
	}
	if c.st.Account == "" {
		c.st.Account = opts.Account
	}
	return []Statement{c.st}, nil
}

// csvHeaderRows is how far down the header is looked for.
const csvHeaderRows = 30

// findCSVHeader finds the header row (Options.HeaderLine when the owner
// gave it) and returns it with the rows above it.
func findCSVHeader(src importer.Source, opts Options) (csvHeader, [][]string, error) {
	row := importer.Row{Line: src.HeaderLine(), Cells: src.Header()}
	var titles [][]string
	for n := 0; ; {
		if !blankRow(row.Cells) {
			h := mapCSVHeader(row.Cells, row.Line, opts.Rename)
			switch {
			case opts.HeaderLine > 0 && row.Line == opts.HeaderLine:
				if !h.usable() {
					return h, nil, &importer.FileError{Line: row.Line, Reason: i18n.M("bank.csv_no_header", 1)}
				}
				return h, titles, nil
			case opts.HeaderLine == 0 && h.usable():
				return h, titles, nil
			case opts.HeaderLine > 0 && row.Line > opts.HeaderLine:
				return h, nil, &importer.FileError{Line: opts.HeaderLine, Reason: i18n.M("bank.csv_no_header", 1)}
			}
			titles = append(titles, append([]string(nil), row.Cells...))
			if n++; opts.HeaderLine == 0 && n >= csvHeaderRows {
				break
			}
		}
		var err error
		row, err = src.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return csvHeader{}, nil, lineErr(err)
		}
	}
	return csvHeader{}, nil, &importer.FileError{Reason: i18n.M("bank.csv_no_header", csvHeaderRows)}
}

// lineErr makes a reader's LineError (unbalanced quotes) a FileError.
func lineErr(err error) error {
	var le *importer.LineError
	if errors.As(err, &le) {
		return &importer.FileError{Line: le.Line, Reason: le.Reason}
	}
	return err
}

func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// csvRead is one bank CSV's reading.
type csvRead struct {
	h    csvHeader
	opts Options
	st   Statement

	// Pass 1: the first date of each order, the decimal mark, the
	// currency the rows name.
	dmy, mdy     *proof
	mark         rune
	rowsCurrency string
	order        importer.DateOrder
}

type proof struct {
	line  int
	value string
}

// each calls fn for every row below the header.
func (c *csvRead) each(src importer.Source, fn func(importer.Row) error) error {
	for {
		row, err := src.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return lineErr(err)
		}
		if row.Line <= c.h.line || blankRow(row.Cells) {
			continue
		}
		if err := fn(row); err != nil {
			return err
		}
	}
}

func (c *csvRead) cell(row importer.Row, col string) string {
	i, ok := c.h.cols[col]
	if !ok || i >= len(row.Cells) {
		return ""
	}
	return strings.TrimSpace(row.Cells[i])
}

// learn is pass 1.
func (c *csvRead) learn(row importer.Row) error {
	for _, col := range []string{ColDate, ColValueDate} {
		v := c.cell(row, col)
		switch importer.DateOrderOf(v) {
		case importer.DayFirst:
			if c.dmy == nil {
				c.dmy = &proof{row.Line, v}
			}
		case importer.MonthFirst:
			if c.mdy == nil {
				c.mdy = &proof{row.Line, v}
			}
		}
	}
	if c.mark == 0 {
		for _, col := range []string{ColAmount, ColDebit, ColCredit} {
			if m, amb := importer.DecimalMarkOf(c.cell(row, col)); m != 0 && !amb {
				c.mark = m
				break
			}
		}
	}
	if c.rowsCurrency == "" {
		c.rowsCurrency = strings.ToUpper(c.cell(row, ColCurrency))
	}
	return nil
}

// decide settles what pass 1 learned: the date order (the owner's, else
// the one the dates prove, else day first, as French, German and Serbian
// banks write them), and the currency (the header's "Débit euros", else
// the owner's, else the rows').
func (c *csvRead) decide() error {
	c.order = c.opts.DateOrder
	if c.order == "" {
		switch {
		case c.dmy != nil && c.mdy != nil:
			return &importer.FileError{Reason: i18n.M("bank.csv_date_contradiction", c.dmy.line, c.dmy.value, c.mdy.line, c.mdy.value)}
		case c.mdy != nil:
			c.order = importer.MonthFirst
		default:
			c.order = importer.DayFirst
		}
	}
	c.st.Currency = c.h.currency
	if c.st.Currency == "" {
		c.st.Currency = c.opts.Currency
	}
	if c.st.Currency == "" && c.rowsCurrency != "" {
		cur, err := ledger.ParseCurrency(c.rowsCurrency)
		if err != nil {
			return &importer.FileError{Reason: i18n.M("bank.field_value", c.header(ColCurrency), c.rowsCurrency, i18n.M("bank.unknown_currency"))}
		}
		c.st.Currency = cur
	}
	if c.st.Currency == "" {
		return &importer.FileError{Reason: i18n.M("bank.file_no_currency", "CSV")}
	}
	return nil
}

// header is a column's header as the file writes it, for messages.
func (c *csvRead) header(col string) string {
	if i, ok := c.h.cols[col]; ok && i < len(c.h.raw) {
		return c.h.raw[i]
	}
	return col
}

func (c *csvRead) fail(row importer.Row, col, value string, reason i18n.Msg) error {
	return &importer.FileError{Line: row.Line, Reason: i18n.M("bank.field_value", c.header(col), value, reason)}
}

// entry is pass 2: one row, one Entry (or none, for a line that is not
// one: a total, a balance, the rest of the label above it).
func (c *csvRead) entry(row importer.Row) error {
	dateText := c.cell(row, ColDate)
	debitText, creditText, amountText := c.cell(row, ColDebit), c.cell(row, ColCredit), c.cell(row, ColAmount)
	if dateText == "" {
		if debitText == "" && creditText == "" && amountText == "" {
			// A label carried over to the next line, as some banks write
			// long ones: it belongs to the entry above.
			if n := len(c.st.Entries); n > 0 {
				c.st.Entries[n-1].Text = joinText(c.st.Entries[n-1].Text, c.text(row))
			}
			return nil
		}
		if footerRow(row.Cells) {
			return nil
		}
		return c.fail(row, ColDate, dateText, i18n.M("import.empty"))
	}
	booked, msg := c.date(dateText)
	if msg != nil {
		if footerRow(row.Cells) {
			return nil // "Solde au …", "Total des opérations"
		}
		return c.fail(row, ColDate, dateText, *msg)
	}
	if pendingStatus(c.cell(row, ColStatus)) {
		return nil // not booked yet: it comes again, booked, in a later export
	}
	e := Entry{BookingDate: booked, Line: row.Line}
	if v := c.cell(row, ColValueDate); v != "" {
		if len(v) == 3 && ledger.Currency(strings.ToUpper(v)).Valid() {
			// A Serbian bank's "Valuta" is the currency, not the value date.
			if err := c.sameCurrency(row, ColValueDate, v); err != nil {
				return err
			}
		} else {
			d, msg := c.date(v)
			if msg != nil {
				return c.fail(row, ColValueDate, v, *msg)
			}
			e.ValueDate = d
		}
	}
	if v := c.cell(row, ColCurrency); v != "" {
		if err := c.sameCurrency(row, ColCurrency, v); err != nil {
			return err
		}
	}
	amount, err := c.amount(row, debitText, creditText, amountText)
	if err != nil {
		return err
	}
	if amount == 0 {
		return nil // an information line, not money
	}
	e.Credit, e.Amount = amount > 0, amount
	if amount < 0 {
		e.Amount = -amount
	}
	e.Text = c.text(row)
	e.PartyName = c.cell(row, ColParty)
	if iban, err := ledger.NormalizeIBAN(c.cell(row, ColPartyIBAN)); err == nil {
		e.PartyIBAN = iban
	}
	e.BankRef = c.cell(row, ColReference)
	e.EndToEndID = c.cell(row, ColEndToEnd)
	e.StructuredRef = strings.Join(strings.Fields(c.cell(row, ColStructuredRef)), "")
	e.Fee = e.Credit && interestLabel(e.Text)
	if c.st.Account == "" {
		if v := c.cell(row, ColAccount); v != "" {
			if iban, err := ledger.NormalizeIBAN(v); err == nil {
				v = iban
			}
			c.st.Account = v
		}
	}
	c.st.Entries = append(c.st.Entries, e)
	return nil
}

func (c *csvRead) sameCurrency(row importer.Row, col, v string) error {
	cur, err := ledger.ParseCurrency(strings.ToUpper(v))
	if err != nil {
		return c.fail(row, col, v, i18n.M("bank.unknown_currency"))
	}
	if cur != c.st.Currency {
		return &importer.FileError{Line: row.Line, Reason: i18n.M("bank.other_currency", cur, c.st.Currency)}
	}
	return nil
}

// date reads a booking or value date in the file's order. Sparkasse and
// other German banks write two-digit years ("30.12.25"), which the
// invoice import refuses as a guess: on a bank statement, a year is this
// century's.
func (c *csvRead) date(v string) (ledger.Date, *i18n.Msg) {
	if len(v) == 8 && v[2] == '.' && v[5] == '.' && isDigits(v[6:]) {
		v = v[:6] + "20" + v[6:]
	}
	d, _, msg := importer.ParseDate(v, c.order)
	return d, msg
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// amount is the row's signed amount in minor units (negative: a debit),
// from Débit and Crédit columns or a signed Montant column.
func (c *csvRead) amount(row importer.Row, debitText, creditText, amountText string) (int64, error) {
	read := func(col, text string) (int64, error) {
		if text == "" {
			return 0, nil
		}
		if m, amb := importer.DecimalMarkOf(text); amb && m == c.mark {
			// "10,005" in a file of "12,50": three decimals, not ten thousand.
			return 0, c.fail(row, col, text, i18n.M("import.too_many_decimals", c.st.Currency, c.st.Currency.MinorUnits()))
		}
		v, msg := importer.ParseTextAmount(text, c.st.Currency, true)
		if msg != nil {
			return 0, c.fail(row, col, text, *msg)
		}
		return v, nil
	}
	debit, err := read(ColDebit, debitText)
	if err != nil {
		return 0, err
	}
	credit, err := read(ColCredit, creditText)
	if err != nil {
		return 0, err
	}
	switch {
	case debit != 0 && credit != 0:
		return 0, &importer.FileError{Line: row.Line, Reason: i18n.M("bank.csv_both_amounts", debitText, creditText)}
	case debit != 0:
		// Written "-12,50" by some banks, "12,50" by others: a debit either way.
		if debit > 0 {
			debit = -debit
		}
		return debit, nil
	case credit != 0:
		return credit, nil
	}
	if _, ok := c.h.cols[ColAmount]; ok && amountText != "" {
		return read(ColAmount, amountText)
	}
	if debitText == "" && creditText == "" && amountText == "" {
		return 0, &importer.FileError{Line: row.Line, Reason: i18n.M("bank.csv_no_amount")}
	}
	return 0, nil
}

// text joins the row's label columns ("Libellé simplifié" and "Libellé
// opération", "Buchungstext" and "Verwendungszweck").
func (c *csvRead) text(row importer.Row) string {
	var s string
	for _, i := range c.h.text {
		if i < len(row.Cells) {
			s = joinText(s, strings.Join(strings.Fields(row.Cells[i]), " "))
		}
	}
	return s
}

func joinText(a, b string) string {
	switch {
	case b == "" || strings.Contains(a, b):
		return a
	case a == "" || strings.Contains(b, a):
		return b
	}
	return a + " " + b
}

// footerRow: a row that sums or states the balance rather than an entry.
func footerRow(cells []string) bool {
	for _, c := range cells {
		n := importer.NormalizeHeader(c)
		for _, w := range []string{"solde", "total", "totaux", "saldo", "summe", "kontostand", "balance", "ukupno", "укупно", "stanje", "стање"} {
			if n == w || strings.HasPrefix(n, w+" ") {
				return true
			}
		}
	}
	return false
}

// pendingStatus: a line the bank has not booked yet (Sparkasse's "Umsatz
// vorgemerkt"); only booked entries count.
func pendingStatus(s string) bool {
	n := importer.NormalizeHeader(s)
	for _, w := range []string{"vorgemerkt", "pending", "en attente", "a venir", "nicht gebucht"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// interestLabel: a credit the bank pays itself (interest), never a
// customer's payment.
func interestLabel(text string) bool {
	n := importer.NormalizeHeader(text)
	for _, w := range []string{"interets crediteurs", "habenzinsen", "zinsgutschrift", "interest paid", "kamata"} {
		if strings.HasPrefix(n, w) {
			return true
		}
	}
	return false
}

// accountInTitles finds an IBAN in the title lines above the header
// ("Compte courant n° FR76 3000 4000 0112 3456 7890 189").
func accountInTitles(titles [][]string) string {
	for _, row := range titles {
		for _, cell := range row {
			if iban := findIBAN(cell); iban != "" {
				return iban
			}
		}
	}
	return ""
}

// findIBAN returns the first valid IBAN written in s, with or without
// spaces, or "".
func findIBAN(s string) string {
	u := strings.ToUpper(s)
	for i := 0; i+4 <= len(u); i++ {
		if !isLetter(u[i]) || !isLetter(u[i+1]) || !isDigit(u[i+2]) || !isDigit(u[i+3]) || (i > 0 && isAlnum(u[i-1])) {
			continue
		}
		var b strings.Builder
		for j := i; j < len(u) && b.Len() < 34; j++ {
			switch ch := u[j]; {
			case isAlnum(ch):
				b.WriteByte(ch)
			case ch == ' ':
			default:
				j = len(u)
			}
		}
		cand := b.String()
		for n := len(cand); n >= 15; n-- {
			if iban, err := ledger.NormalizeIBAN(cand[:n]); err == nil {
				return iban
			}
		}
	}
	return ""
}

func isLetter(b byte) bool { return b >= 'A' && b <= 'Z' }
func isDigit(b byte) bool  { return b >= '0' && b <= '9' }
func isAlnum(b byte) bool  { return isLetter(b) || isDigit(b) }
