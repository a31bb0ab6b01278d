package importer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// Header rows, total rows, date orders, serials, symbols, suggestions:
// how a file is read (header_detect.go, footer.go, date_order.go,
// header_suggest.go).

func setCountry(t *testing.T, st *store.Store, country ledger.Country, cur ledger.Currency) {
	t.Helper()
	ctx := context.Background()
	c, err := st.Company(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c.Country, c.Currency = country, cur
	if err := st.SetCompany(ctx, c); err != nil {
		t.Fatal(err)
	}
}

func importWith(t *testing.T, st *store.Store, name string, content []byte, opts Options) (Result, error) {
	t.Helper()
	src, err := Open(writeFile(t, name, content))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	opts.File, opts.Today = name, today
	if opts.Kind == "" {
		opts.Kind = Invoices
	}
	return Import(context.Background(), st, src, opts)
}

func mustImportWith(t *testing.T, st *store.Store, name string, content []byte, opts Options) Result {
	t.Helper()
	res, err := importWith(t, st, name, content, opts)
	if err != nil {
		for _, p := range res.Problems {
			t.Log(p)
		}
		t.Fatalf("import %s: %v", name, err)
	}
	return res
}

func invoiceDates(t *testing.T, st *store.Store, number string) (issue, due string) {
	t.Helper()
	inv, err := st.InvoiceByNumber(context.Background(), number)
	if err != nil {
		t.Fatalf("%s: %v", number, err)
	}
	return inv.IssueDate.String(), inv.DueDate.String()
}

func readSample(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "reading", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// qboRename names the QuickBooks columns the aliases leave to others.
var qboRename = map[string]string{"Name": "customer_name"}

// A US company's QuickBooks Online invoice list: three title lines and a
// blank one above the header, month-first dates (09/14/2026 proves it,
// 09/05/2026 is then 5 September), a TOTAL row and the report's time stamp
// at the bottom.
func TestQuickBooksInvoiceListUS(t *testing.T) {
	st := newStore(t)
	setCountry(t, st, "US", "USD")
	res := mustImportWith(t, st, "qbo.csv", readSample(t, "quickbooks_invoice_list.csv"), Options{Rename: qboRename})
	if res.HeaderLine != 5 || res.TitleLines != 3 {
		t.Errorf("header on line %d after %d title lines, want 5 and 3", res.HeaderLine, res.TitleLines)
	}
	if !slices.Equal(res.FooterLines, []int{9, 13}) {
		t.Errorf("footer lines %v, want [9 13] (TOTAL and the time stamp)", res.FooterLines)
	}
	if res.Rows != 3 || res.Created != 3 {
		t.Errorf("rows %d, created %d; want 3, 3", res.Rows, res.Created)
	}
	if res.DateOrder != MonthFirst || res.DateOrderWhy != DateOrderProved {
		t.Errorf("date order %q (%q), want mdy proved", res.DateOrder, res.DateOrderWhy)
	}
	if is, due := invoiceDates(t, st, "1001"); is != "2026-09-05" || due != "2026-10-05" {
		t.Errorf("1001 dated %s due %s, want 2026-09-05 and 2026-10-05", is, due)
	}
	if is, _ := invoiceDates(t, st, "1003"); is != "2026-09-14" {
		t.Errorf("1003 dated %s, want 2026-09-14", is)
	}
	var footerWarnings []string
	for _, w := range res.Warnings {
		if w.Reason.Key == "import.footer_skipped" {
			footerWarnings = append(footerWarnings, w.In(i18n.EN))
		}
	}
	if !slices.Equal(footerWarnings, []string{"qbo.csv:9: 2 trailing total line(s) skipped"}) {
		t.Errorf("footer warnings %q", footerWarnings)
	}
}

// The same export imported by a French company: the first dates read
// either way, so they are first read day first (the convention); line 8
// proves the file month first, and the import starts again: no invoice
// keeps a day-first date.
func TestDateOrderProvedLateReadsAgain(t *testing.T) {
	st := newStore(t)
	res := mustImportWith(t, st, "qbo.csv", readSample(t, "quickbooks_invoice_list.csv"), Options{Rename: qboRename})
	if res.DateOrder != MonthFirst || res.DateOrderWhy != DateOrderProved {
		t.Errorf("date order %q (%q), want mdy proved", res.DateOrder, res.DateOrderWhy)
	}
	if res.Rows != 3 || res.Created != 3 || res.Summary.Invoices != 3 || res.Summary.NewInvoices != 3 {
		t.Errorf("rows %d, created %d, summary %+v: counted twice?", res.Rows, res.Created, res.Summary)
	}
	for number, want := range map[string]string{"1001": "2026-09-05", "1002": "2026-09-08", "1003": "2026-09-14"} {
		if is, _ := invoiceDates(t, st, number); is != want {
			t.Errorf("%s dated %s, want %s", number, is, want)
		}
	}
	if n, _ := st.CountInvoices(context.Background()); n != 3 {
		t.Errorf("%d invoices stored, want 3", n)
	}
	// The amounts carry no currency and the company's is EUR: EUR. The
	// $ of the skipped TOTAL row does not matter.
	if inv := mustInvoice(t, st, "1003"); inv.Total.String() != "2350.00 EUR" {
		t.Errorf("1003 total %s", inv.Total)
	}
}

// Read again after title lines, and in an XLSX whose dates are text.
func TestDateOrderReadsAgainXLSX(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	p := makeXLSX(t, map[int][]any{
		1: {"Relevé des factures"},
		2: {"number", "customer_code", "issue_date", "due_date", "total"},
		3: {"A1", "C001", "03/04/2026", "04/04/2026", 100.5},
		4: {"A2", "C001", "03/05/2026", "04/05/2026", 200},
		5: {"A3", "C001", "03/25/2026", "04/25/2026", 300},
	})
	res, err := importXLSX(t, st, Invoices, p)
	if err != nil {
		t.Fatalf("%v %v", err, res.Problems)
	}
	if res.TitleLines != 1 || res.HeaderLine != 2 || res.Created != 3 || res.DateOrder != MonthFirst {
		t.Errorf("result %+v", res)
	}
	for number, want := range map[string]string{"A1": "2026-03-04", "A2": "2026-03-05", "A3": "2026-03-25"} {
		if is, _ := invoiceDates(t, st, number); is != want {
			t.Errorf("%s dated %s, want %s", number, is, want)
		}
	}
	inv, _ := st.InvoiceByNumber(context.Background(), "A1")
	if inv.Total.Minor != 10050 {
		t.Errorf("A1 total %s (the number cell read again)", inv.Total)
	}
}

// A file made by hand from two sources: a day-first date and a
// month-first one. Refused, naming both, nothing written; the owner's
// choice then reads it, and the date impossible in that order is an error
// on its row.
func TestDateOrderContradiction(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	text := "number;customer_code;issue_date;due_date;total\r\n" +
		"F1;C001;14/09/2026;14/10/2026;100,00\r\n" +
		"F2;C001;09/05/2026;10/05/2026;150,00\r\n" +
		"F3;C002;09/15/2026;10/15/2026;200,00\r\n"
	res, err := importWith(t, st, "mixed.csv", []byte(text), Options{})
	wantProblems(t, res, err, `mixed.csv: the file's dates contradict each other: line 2 has "14/09/2026", which can only be day first, `+
		`and line 4 has "09/15/2026", which can only be month first; say which order the file uses `+
		`(relancectl import --date-order dmy or mdy, or the choice on the import screen)`)
	if n, _ := st.CountInvoices(context.Background()); n != 0 {
		t.Fatalf("%d invoices written from a refused file", n)
	}
	if fr := res.Problems[0].In(i18n.FR); !strings.Contains(fr, "les dates du fichier se contredisent") {
		t.Errorf("French: %s", fr)
	}

	res, err = importWith(t, st, "mixed.csv", []byte(text), Options{DateOrder: MonthFirst})
	wantProblems(t, res, err,
		`mixed.csv:2: column issue_date: value "14/09/2026": a day-first date, but this file's dates are month first (MM/DD/YYYY)`,
		`mixed.csv:2: column due_date: value "14/10/2026": a day-first date, but this file's dates are month first (MM/DD/YYYY)`)

	res, err = importWith(t, st, "mixed.csv", []byte(text), Options{DateOrder: DayFirst})
	wantProblems(t, res, err,
		`mixed.csv:4: column issue_date: value "09/15/2026": a month-first date, but this file's dates are day first (DD/MM/YYYY)`,
		`mixed.csv:4: column due_date: value "10/15/2026": a month-first date, but this file's dates are day first (DD/MM/YYYY)`)

	// Without the contradicting row, the choice is used and said.
	res = mustImportWith(t, st, "ok.csv", []byte(text[:strings.LastIndex(text[:len(text)-2], "\r\n")+2]), Options{DateOrder: DayFirst})
	if res.DateOrder != DayFirst || res.DateOrderWhy != DateOrderChosen {
		t.Errorf("date order %q (%q)", res.DateOrder, res.DateOrderWhy)
	}
	if is, _ := invoiceDates(t, st, "F2"); is != "2026-05-09" {
		t.Errorf("F2 dated %s, want 2026-05-09", is)
	}
}

// Every date reads both ways: the company's convention, said as such.
// ISO and dotted dates prove nothing; 05/05/2026 is the same either way.
func TestDateOrderConvention(t *testing.T) {
	text := "number,customer_code,issue_date,due_date,service_date,total\n" +
		"K1,C001,09/05/2026,2026-10-05,05.09.2026,10\n" +
		"K2,C001,05/05/2026,2026-06-05,,10\n"
	for _, tc := range []struct {
		country ledger.Country
		order   DateOrder
		k1      string
	}{{"FR", DayFirst, "2026-05-09"}, {"RS", DayFirst, "2026-05-09"}, {"US", MonthFirst, "2026-09-05"}} {
		st := newStore(t)
		seedCustomers(t, st)
		setCountry(t, st, tc.country, "EUR")
		res := mustImportWith(t, st, "inv.csv", []byte(text), Options{})
		if res.DateOrder != tc.order || res.DateOrderWhy != DateOrderConvention {
			t.Errorf("%s: date order %q (%q), want %q by convention", tc.country, res.DateOrder, res.DateOrderWhy, tc.order)
		}
		if is, _ := invoiceDates(t, st, "K1"); is != tc.k1 {
			t.Errorf("%s: K1 dated %s, want %s", tc.country, is, tc.k1)
		}
	}
	// No slash date at all: nothing to decide.
	st := newStore(t)
	seedCustomers(t, st)
	res := mustImportWith(t, st, "iso.csv", []byte("number,customer_code,issue_date,due_date,total\nI1,C001,2026-09-05,15.10.2026.,10\n"), Options{})
	if res.DateOrder != DateOrderUnknown || res.DateOrderWhy != DateOrderNoDates {
		t.Errorf("ISO file: date order %q (%q)", res.DateOrder, res.DateOrderWhy)
	}
}

// A draft's dates count: the file is one file.
func TestDateOrderSkippedRowsCount(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	text := "number,customer_code,issue_date,due_date,total,status\n" +
		"D1,C001,03/04/2026,04/04/2026,10,Sent\n" +
		"D2,C001,03/14/2026,04/14/2026,10,Draft\n"
	res := mustImportWith(t, st, "inv.csv", []byte(text), Options{})
	if res.DateOrder != MonthFirst || len(res.Summary.Skipped) != 1 {
		t.Errorf("date order %q, skipped %v", res.DateOrder, res.Summary.Skipped)
	}
	if is, _ := invoiceDates(t, st, "D1"); is != "2026-03-04" {
		t.Errorf("D1 dated %s, want 2026-03-04", is)
	}
}

// Payments files follow the same rule.
func TestDateOrderPayments(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	mustImport(t, st, Invoices, "inv.csv", "number,customer_code,issue_date,due_date,total\nP1,C001,2025-01-01,2025-02-01,1000\n")
	res := mustImportWith(t, st, "pay.csv", []byte("invoice_number,date,amount,reference\nP1,02/03/2025,100,R1\nP1,02/27/2025,100,R2\n"),
		Options{Kind: Payments})
	if res.DateOrder != MonthFirst || res.Created != 2 {
		t.Fatalf("result %+v", res)
	}
	ps, _ := st.PaymentsOf(context.Background(), mustInvoice(t, st, "P1").ID)
	var dates []string
	for _, p := range ps {
		dates = append(dates, p.Date.String())
	}
	slices.Sort(dates)
	if !slices.Equal(dates, []string{"2025-02-03", "2025-02-27"}) {
		t.Errorf("payments dated %v", dates)
	}
}

func mustInvoice(t *testing.T, st *store.Store, number string) ledger.Invoice {
	t.Helper()
	inv, err := st.InvoiceByNumber(context.Background(), number)
	if err != nil {
		t.Fatal(err)
	}
	return inv
}

// Excel writes an unformatted date cell as its day number; in a CSV's date
// column that is a date (1900 system), from 1990 to 2100.
func TestSerialDatesInCSV(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	res := mustImportWith(t, st, "inv.csv", []byte("number,customer_code,issue_date,due_date,total\nS1,C001,46280,46310.5,10\n"), Options{})
	if is, due := invoiceDates(t, st, "S1"); is != "2026-09-15" || due != "2026-10-15" {
		t.Errorf("S1 dated %s due %s, want 2026-09-15 and 2026-10-15", is, due)
	}
	if res.DateOrderWhy != DateOrderNoDates {
		t.Errorf("date order why %q", res.DateOrderWhy)
	}
	res, err := importWith(t, st, "bad.csv", []byte("number,customer_code,issue_date,due_date,total\nS2,C001,12345,2026,10\n"), Options{})
	wantProblems(t, res, err,
		`bad.csv:2: column issue_date: value "12345": the spreadsheet day number 12345 is not a date between 1990 and 2100`,
		`bad.csv:2: column due_date: value "2026": not a date (expected YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY or DD.MM.YYYY)`)
}

// Only trailing total rows are left out: labelled, or an unlabelled row of
// the columns' sums.
func TestTotalRows(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	head := "number;customer_code;issue_date;due_date;total\r\n"
	rows := "T1;C001;01/06/2025;01/07/2025;1 200,00\r\nT2;C002;02/06/2025;02/07/2025;300,50\r\n"
	for _, tc := range []struct{ name, footer string }{
		{"label under the amounts", ";;;Total général;1 500,50\r\n"},
		{"label as the number", "TOTAL;;;;1 500,50\r\n"},
		{"Serbian label, no amount", "Ukupno:;;;;\r\n"},
		{"unlabelled sums", ";;;;1 500,50\r\n"},
		{"label, then blank lines", "Totaux;;;;1 500,50\r\n;;;;\r\n\r\n"},
	} {
		res, err := importWith(t, st, "f.csv", []byte(head+rows+tc.footer), Options{})
		if err != nil {
			t.Errorf("%s: %v %v", tc.name, err, problems(res))
			continue
		}
		if !slices.Equal(res.FooterLines, []int{4}) || res.Rows != 2 || len(res.Warnings) != 1 {
			t.Errorf("%s: footer %v, rows %d, warnings %v", tc.name, res.FooterLines, res.Rows, res.Warnings)
		} else if w := res.Warnings[0].In(i18n.EN); w != "f.csv:4: 1 trailing total line(s) skipped" {
			t.Errorf("%s: warning %q", tc.name, w)
		}
	}
	// A total in the middle is a bad row, and fails the file.
	res, err := importWith(t, st, "mid.csv", []byte(head+"T1;C001;01/06/2025;01/07/2025;1 200,00\r\nTOTAL;;;;1 200,00\r\nT2;C002;02/06/2025;02/07/2025;300,50\r\n"), Options{})
	if !errors.Is(err, ErrRejected) || len(res.FooterLines) != 0 {
		t.Fatalf("total in the middle: %v, footer %v", err, res.FooterLines)
	}
	if got := problems(res); len(got) == 0 || !strings.HasPrefix(got[0], "mid.csv:3: ") {
		t.Errorf("total in the middle: problems %v", got)
	}
	// A trailing row whose amounts are not the sums, without a label, is
	// a bad row too.
	res, err = importWith(t, st, "sum.csv", []byte(head+rows+";;;;99,00\r\n"), Options{})
	wantProblems(t, res, err, `sum.csv:4: column number: value "": is empty but required`)
	// A row that has its number is never a total, whatever it says.
	res = mustImportWith(t, st, "real.csv", []byte(head+rows+"T3;C001;03/06/2025;03/07/2025;1 500,50\r\n"), Options{})
	if len(res.FooterLines) != 0 || res.Rows != 3 {
		t.Errorf("real last row: footer %v, rows %d", res.FooterLines, res.Rows)
	}
}

// Title lines may have fewer fields than the header; the header is found
// among the first rows that map the kind's columns.
func TestTitleLines(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	// A spreadsheet's title and a blank line above an Invoice Ninja-style
	// header; the title has one field, the header five.
	text := "Invoices\nAtelier Durand,exported 2025-09-14\n\nnumber,customer_code,issue_date,due_date,total\nN1,C001,2025-06-01,2025-07-01,10\n"
	res := mustImportWith(t, st, "t.csv", []byte(text), Options{})
	if res.HeaderLine != 4 || res.TitleLines != 2 || res.Created != 1 {
		t.Errorf("result %+v", res)
	}
	// No row maps the columns: the best row's missing columns are named.
	res, err := importWith(t, st, "none.csv", []byte("Report\nnumber,customer_code,issue_date,total\nN1,C001,2025-06-01,10\n"), Options{})
	wantProblems(t, res, err, `none.csv:2: the file has no due_date column (headers are matched case-insensitively; see README for the accepted names)`)
	// A row that only looks like a header below the 30th is not looked at.
	var b strings.Builder
	for i := 0; i < 30; i++ {
		b.WriteString("title\n")
	}
	b.WriteString("number,customer_code,issue_date,due_date,total\n")
	res, err = importWith(t, st, "deep.csv", []byte(b.String()), Options{})
	if err != ErrRejected || res.HeaderLine != 1 {
		t.Errorf("deep header: %v, header line %d", err, res.HeaderLine)
	}
	// The owner's renames count when looking for the header.
	res = mustImportWith(t, st, "r.csv", []byte("Export\nnumber,Kunde Nr,issue_date,due_date,total\nN2,C001,2025-06-01,2025-07-01,10\n"),
		Options{Rename: map[string]string{"Kunde Nr": "customer_code"}})
	if res.HeaderLine != 2 || res.Created != 1 {
		t.Errorf("renamed: %+v", res)
	}
}

func TestPipeDelimiter(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	res := mustImportWith(t, st, "p.csv", []byte("number|customer_code|issue_date|due_date|total\nQ1|C001|15/06/2025|15/07/2025|1 234,56\n"), Options{})
	if !strings.HasSuffix(res.Format, "'|'") {
		t.Errorf("format %q", res.Format)
	}
	if inv := mustInvoice(t, st, "Q1"); inv.Total.Minor != 123456 || inv.IssueDate.String() != "2025-06-15" {
		t.Errorf("Q1 %+v", inv)
	}
}

// A file without a currency column whose amounts say dollars is in
// dollars; a symbol is refused only against the file's currency column.
func TestCurrencySymbols(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	res := mustImportWith(t, st, "usd.csv", []byte("number,customer_code,issue_date,due_date,total\nU1,C001,2025-06-01,2025-07-01,\"$1,200.00\"\nU2,C001,2025-06-01,2025-07-01,\"$1,234\"\nU3,C001,2025-06-01,2025-07-01,\"1 200,00 €\"\n"), Options{})
	if res.Created != 3 {
		t.Fatalf("created %d", res.Created)
	}
	for number, want := range map[string]string{"U1": "USD 1200.00", "U2": "USD 1234.00", "U3": "EUR 1200.00"} {
		inv := mustInvoice(t, st, number)
		if got := string(inv.Total.Currency) + " " + inv.Total.Decimal(); got != want {
			t.Errorf("%s: %s, want %s", number, got, want)
		}
	}
	res, err := importWith(t, st, "eur.csv", []byte("number,customer_code,issue_date,due_date,currency,total\nU4,C001,2025-06-01,2025-07-01,EUR,\"$1,200.00\"\n"), Options{})
	wantProblems(t, res, err, `eur.csv:2: column total: value "$1,200.00": the amount is written in another currency than EUR`)
	// A Canadian company's $ is its own dollar.
	st2 := newStore(t)
	seedCustomers(t, st2)
	setCountry(t, st2, "CA", "CAD")
	mustImportWith(t, st2, "cad.csv", []byte("number,customer_code,issue_date,due_date,total\nU5,C001,2025-06-01,2025-07-01,$80.00\n"), Options{})
	if inv := mustInvoice(t, st2, "U5"); inv.Total.Currency != "CAD" {
		t.Errorf("U5 in %s", inv.Total.Currency)
	}
}

// The decimal mark learned from the file still reads the signed and
// symbol forms.
func TestDecimalMarkOfSignedForms(t *testing.T) {
	for s, want := range map[string]rune{"($400.00)": '.', "-120,00 €": ',', "400.00-": '.', "€-142.85": '.', "(1 234,56)": ',', "$1,200.00": '.'} {
		if mark, amb := decimalMarkOf(s); mark != want || amb {
			t.Errorf("decimalMarkOf(%q) = %q, %v; want %q", s, mark, amb, want)
		}
	}
	// "1,234" is read before the file shows its mark; "1.234,56 €" then
	// shows a decimal comma, so the first is re-checked and refused.
	st := newStore(t)
	seedCustomers(t, st)
	res, err := importWith(t, st, "m.csv", []byte("number;customer_code;issue_date;due_date;total\nM1;C001;2025-06-01;2025-07-01;1,234\nM2;C001;2025-06-01;2025-07-01;\"1.234,56 €\"\n"), Options{})
	wantProblems(t, res, err, `m.csv:2: column total: value "1,234": ambiguous: this file writes decimals with ",", so this amount would have more decimals than its currency allows; write it with its decimals (for example 1234.00)`)
}

// A missing column names the closest header when one is close enough.
func TestMissingColumnSuggestion(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	for _, tc := range []struct{ header, want string }{
		{"number,customer_code,issue_date,Date d'échéance prévue,total", `h.csv:1: the file has no due_date column; did you mean "Date d'échéance prévue"?`},
		{"number,customer_code,issue_date,Due Dt,total", `h.csv:1: the file has no due_date column; did you mean "Due Dt"?`},
		{"Invoce No,customer_code,issue_date,due_date,total", `h.csv:1: the file has no number column; did you mean "Invoce No"?`},
		// Nothing close: no guess.
		{"number,customer_code,issue_date,Date de création,total", `h.csv:1: the file has no due_date column (headers are matched case-insensitively; see README for the accepted names)`},
		// Two as close (two instalments): no guess.
		{"number,customer_code,issue_date,Échéance 1,Échéance 2,total", `h.csv:1: the file has no due_date column (headers are matched case-insensitively; see README for the accepted names)`},
	} {
		res, err := importWith(t, st, "h.csv", []byte(tc.header+"\n"), Options{})
		wantProblems(t, res, err, tc.want)
	}
}

// 76 columns nobody knows are said in one line.
func TestUnknownColumnsOneLine(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	header := []string{"number", "customer_code", "issue_date", "due_date", "total"}
	row := []string{"Z1", "C001", "2025-06-01", "2025-07-01", "10"}
	for i := 1; i <= 76; i++ {
		header = append(header, "CF.Extra field "+string(rune('A'+i%26))+strings.Repeat("x", i/26))
		row = append(row, "")
	}
	res := mustImportWith(t, st, "zoho.csv", []byte(strings.Join(header, ",")+"\n"+strings.Join(row, ",")+"\n"), Options{})
	if len(res.Ignored) != 76 {
		t.Fatalf("%d ignored", len(res.Ignored))
	}
	line := IgnoredSummary(res.Ignored).In(i18n.EN)
	if strings.Contains(line, "\n") || !strings.HasSuffix(line, " and 66 more") || strings.Count(line, `"CF.`) != 10 {
		t.Errorf("summary %q", line)
	}
}

func TestDateEvidence(t *testing.T) {
	for s, want := range map[string]dateEvidence{
		"09/05/2026": ambiguous, "09/14/2026": provesMDY, "14/09/2026": provesDMY, "05/05/2026": noEvidence,
		"9-5-2026": ambiguous, "2/29/2024": provesMDY, "2026-09-05": noEvidence, "05.09.2026": noEvidence,
		"09/05/2026 00:00:00": ambiguous, "46280": noEvidence,
	} {
		if _, got, _ := parseDate(s, DayFirst); got != want {
			t.Errorf("parseDate(%q) says %d, want %d", s, got, want)
		}
	}
}

// countingSource counts the rows read.
type countingSource struct {
	Source
	rows int
}

func (c *countingSource) Next() (Row, error) {
	row, err := c.Source.Next()
	if err == nil {
		c.rows++
	}
	return row, err
}

// A late proof stops the first reading at once: the file is read about
// once and a bit, not twice; and the second reading still refuses a file
// whose later rows prove the first order after all.
func TestDateOrderReadAgainStopsEarly(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	var b strings.Builder
	b.WriteString("number,customer_code,issue_date,due_date,total\n")
	b.WriteString("E0,C001,03/04/2026,04/04/2026,10\nE1,C001,03/14/2026,04/14/2026,10\n")
	for i := 2; i < 500; i++ {
		b.WriteString("E" + strings.Repeat("9", i%7+1) + "-" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + ",C001,2026-03-01,2026-04-01,10\n")
	}
	src, err := NewCSV([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	cs := &countingSource{Source: src}
	res, err := Import(context.Background(), st, cs, Options{Kind: Invoices, File: "e.csv", Today: today})
	if err != nil {
		t.Fatalf("%v %v", err, problems(res))
	}
	if res.Created != 500 || res.DateOrder != MonthFirst {
		t.Fatalf("created %d, order %q", res.Created, res.DateOrder)
	}
	if cs.rows > 500+5 {
		t.Errorf("%d rows read for a file of 500: the first reading went on past its proof", cs.rows)
	}
	if is, _ := invoiceDates(t, st, "E0"); is != "2026-03-04" {
		t.Errorf("E0 dated %s", is)
	}

	text := "number,customer_code,issue_date,due_date,total\n" +
		"L1,C001,03/04/2026,04/04/2026,10\nL2,C001,03/14/2026,04/14/2026,10\nL3,C001,14/03/2026,14/04/2026,10\n"
	res, err = importWith(t, st, "late.csv", []byte(text), Options{})
	wantProblems(t, res, err, `late.csv: the file's dates contradict each other: line 4 has "14/03/2026", which can only be day first, `+
		`and line 3 has "03/14/2026", which can only be month first; say which order the file uses `+
		`(relancectl import --date-order dmy or mdy, or the choice on the import screen)`)
}
