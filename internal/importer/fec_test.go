package importer

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// The samples and what they hold: testdata/exports/fec/SOURCES.md.
const (
	fecSample = "testdata/exports/fec/123456789FEC20250630.txt"
	fecOdoo   = "testdata/exports/fec/123456789FEC20250630.csv"
)

func importFEC(t *testing.T, st *store.Store, path string, dry bool) (FECResult, error) {
	t.Helper()
	return ImportFEC(context.Background(), st, path, FECOptions{File: filepath.Base(path), Today: today,
		TermDays: DefaultFECTermDays, DryRun: dry})
}

func mustFEC(t *testing.T, st *store.Store, path string) FECResult {
	t.Helper()
	res, err := importFEC(t, st, path, false)
	if err != nil {
		for _, p := range res.Problems {
			t.Log(p)
		}
		t.Fatalf("import %s: %v", path, err)
	}
	return res
}

// invoiceState is an invoice as the test checks it: total, due date, and
// what its payments (money and credits) add up to.
type invoiceWant struct {
	number   string
	customer string
	issue    string
	due      string
	total    string // "1200.00 EUR"
	paid     int64  // minor units, every payment
	credit   int64  // of which credit notes applied
}

func checkInvoices(t *testing.T, st *store.Store, want []invoiceWant) {
	t.Helper()
	ctx := context.Background()
	for _, w := range want {
		inv, err := st.InvoiceByNumber(ctx, w.number)
		if err != nil {
			t.Errorf("invoice %s: %v", w.number, err)
			continue
		}
		if inv.CustomerCode != w.customer || inv.IssueDate.String() != w.issue || inv.DueDate.String() != w.due ||
			inv.Total.String() != w.total {
			t.Errorf("invoice %s: customer %s, issued %s, due %s, total %s; want %s, %s, %s, %s", w.number, inv.CustomerCode,
				inv.IssueDate, inv.DueDate, inv.Total, w.customer, w.issue, w.due, w.total)
		}
		ps, err := st.PaymentsOf(ctx, inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		var paid, credit int64
		for _, p := range ps {
			paid += p.Amount
			if p.Source == ledger.PaymentCredit {
				credit += p.Amount
			}
		}
		if paid != w.paid || credit != w.credit {
			t.Errorf("invoice %s: paid %d (credit notes %d), want %d (%d); payments %+v", w.number, paid, credit, w.paid, w.credit, ps)
		}
	}
}

// The sample's invoices, computed by hand from the file (SOURCES.md's
// table); due dates are 30 days after the invoice date (the default term).
var fecSampleInvoices = []invoiceWant{
	{"FA2024-0099", "C002", "2024-06-15", "2024-07-15", "600.00 EUR", 60000, 0},
	{"FA2024-0101", "C001", "2024-09-10", "2024-10-10", "1200.00 EUR", 120000, 0},
	{"FA2024-0102", "C002", "2024-10-05", "2024-11-04", "3600.00 EUR", 100000 + 20000, 0},
	{"FA2024-0103", "C001", "2024-11-20", "2024-12-20", "480.00 EUR", 36000 + 12000, 12000},
	{"FA2025-0001", "C003", "2025-01-15", "2025-02-14", "960.00 EUR", 50000 + 6000 + 10000, 6000},
	{"FA2025-0002", "C004", "2025-02-10", "2025-03-12", "1000.00 USD", 0, 0},
	{"FA2025-0003", "C002", "2025-03-01", "2025-03-31", "240.00 EUR", 0, 0},
}

func TestFECSampleImports(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	res := mustFEC(t, st, fecSample)
	if res.Format != "FEC, Windows-1252, tab" {
		t.Errorf("format %q", res.Format)
	}
	if res.Rows != 40 {
		t.Errorf("rows %d, want the file's 40 lines", res.Rows)
	}
	s := res.Summary
	if s.Invoices != 7 || s.NewInvoices != 7 || s.CustomersCreated != 4 || s.CustomersMatched != 0 ||
		s.CreditNotes != 2 || s.CreditNotesApplied != 2 || len(s.CreditHeld) != 0 {
		t.Errorf("summary %+v", s)
	}
	if res.TermDue != 7 {
		t.Errorf("%d invoices due by the term, want 7", res.TermDue)
	}
	// Overdue on 2025-09-15: FA2024-0102 2400 + FA2025-0001 300 + FA2025-0003 240 in EUR, FA2025-0002 in USD.
	if got := moneyList(s.OverdueAfter); got != "2940.00 EUR, 1000.00 USD" || len(s.OverdueBefore) != 0 {
		t.Errorf("overdue after %s, before %v", got, s.OverdueBefore)
	}
	checkInvoices(t, st, fecSampleInvoices)
	// Customers: codes and names from the auxiliary accounts, read from Windows-1252.
	for code, name := range map[string]string{"C001": "Boulangerie Dupont SARL", "C002": "Garage Martin",
		"C003": "Librairie Éole", "C004": "Harbor Imports Ltd"} {
		c, err := st.CustomerByCode(ctx, code)
		if err != nil || c.Name != name {
			t.Errorf("customer %s: %q, %v; want %q", code, c.Name, err, name)
		}
	}
	// The credit notes, and what they were applied to.
	for number, want := range map[string]string{"AV2024-0001": "C001 120.00 EUR 2024-11-25 FA2024-0103 applied 12000",
		"AV2025-0001": "C003 60.00 EUR 2025-03-20  applied 6000"} {
		n, err := st.CreditNoteByNumber(ctx, number)
		if err != nil {
			t.Fatal(err)
		}
		got := strings.Join([]string{n.CustomerCode, n.Amount.String(), n.Date.String(), n.Invoice, "applied", itoa(n.Applied)}, " ")
		if got != want {
			t.Errorf("credit note %s: %s, want %s", number, got, want)
		}
	}
	// Payments: dated by the credit's EcritureDate, keyed by its entry.
	inv, _ := st.InvoiceByNumber(ctx, "FA2024-0102")
	ps, _ := st.PaymentsOf(ctx, inv.ID)
	if len(ps) != 2 || ps[0].Date.String() != "2024-11-05" || ps[0].Reference != "fec:BQ:BQ000003:20241105:1" ||
		ps[1].Date.String() != "2025-05-10" || ps[1].Reference != "fec:BQ:BQ000007:20250510:1" || ps[0].Method != "Banque" {
		t.Errorf("payments of FA2024-0102: %+v", ps)
	}
	// The 150.00 that C001 paid with nothing open: a warning, not a payment.
	if len(res.Unapplied) != 1 || res.Unapplied[0].String() != "150.00 EUR" {
		t.Errorf("unapplied %v", res.Unapplied)
	}
	wantWarning(t, res.Warnings, "123456789FEC20250630.txt:38: column Credit: value \"150,00\": 150.00 EUR of this credit of customer C001 pays no open invoice")
	if len(res.Warnings) != 1 {
		t.Errorf("warnings: %v", res.Warnings)
	}

	// The same file again: nothing is added, nothing moves.
	again := mustFEC(t, st, fecSample)
	if again.Created != 0 || again.Updated != 9 || again.Summary.NewInvoices != 0 || again.Summary.CustomersMatched != 4 ||
		again.Summary.CustomersCreated != 0 || again.Summary.BalancesMoved != 0 || again.Summary.NowPaid != 0 {
		t.Errorf("re-import: created %d, updated %d, summary %+v", again.Created, again.Updated, again.Summary)
	}
	checkInvoices(t, st, fecSampleInvoices)
	if n, _ := st.CountCustomers(ctx); n != 4 {
		t.Errorf("%d customers after the re-import", n)
	}
}

func itoa(v int64) string { return ledger.FormatMinor(v, 0) }

func moneyList(ms []ledger.Money) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = m.String()
	}
	return strings.Join(parts, ", ")
}

func wantWarning(t *testing.T, ws []Problem, prefix string) {
	t.Helper()
	for _, w := range ws {
		if strings.HasPrefix(w.In(i18n.EN), prefix) {
			return
		}
	}
	var got []string
	for _, w := range ws {
		got = append(got, w.In(i18n.EN))
	}
	t.Errorf("no warning %q among %q", prefix, got)
}

func TestFECOdooLayout(t *testing.T) {
	st := newStore(t)
	res := mustFEC(t, st, fecOdoo)
	if res.Format != "FEC, UTF-8, '|'" || res.Rows != 14 {
		t.Errorf("format %q, %d rows", res.Format, res.Rows)
	}
	s := res.Summary
	if s.Invoices != 4 || s.CustomersCreated != 2 || s.CreditNotes != 0 || len(res.Warnings) != 0 {
		t.Errorf("summary %+v, warnings %v", s, res.Warnings)
	}
	checkInvoices(t, st, []invoiceWant{
		// The opening balance, one line per partner under one entry number
		// and PieceRef "-": each one's invoice named with its code.
		{"OUVERTURE/2025 CL-DUP", "CL-DUP", "2025-01-01", "2025-01-31", "300.00 EUR", 0, 0},
		{"OUVERTURE/2025 CL-MAR", "CL-MAR", "2025-01-01", "2025-01-31", "150.00 EUR", 15000, 0},
		// PieceRef "-": the invoice's number is EcritureNum.
		{"INV/2025/00001", "CL-DUP", "2025-01-15", "2025-02-14", "600.00 EUR", 60000, 0},
		// The unlettered 400.00 pays the oldest first: 150 then 250.
		{"INV/2025/00002", "CL-MAR", "2025-03-01", "2025-03-31", "1200.00 EUR", 25000, 0},
	})
}

func TestFECDryRunWritesNothing(t *testing.T) {
	st := newStore(t)
	res, err := importFEC(t, st, fecSample, true)
	if err != nil || !res.DryRun || res.Summary.NewInvoices != 7 || res.Summary.CustomersCreated != 4 {
		t.Fatalf("dry run: %v, %+v", err, res.Summary)
	}
	if n, _ := st.CountCustomers(context.Background()); n != 0 {
		t.Errorf("a dry run wrote %d customers", n)
	}
	if _, err := st.InvoiceByNumber(context.Background(), "FA2024-0101"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a dry run wrote an invoice: %v", err)
	}
}

// fecText builds a FEC from rows of the 18 columns written "a|b|…", with
// sep between fields.
func fecText(sep string, rows ...string) string {
	lines := []string{strings.Join(fecColumns, sep)}
	for _, r := range rows {
		lines = append(lines, strings.ReplaceAll(r, "|", sep))
	}
	return strings.Join(lines, "\n") + "\n"
}

func importFECText(t *testing.T, st *store.Store, content string) (FECResult, error) {
	t.Helper()
	p := writeFile(t, "123456789FEC20250630.txt", []byte(content))
	return ImportFEC(context.Background(), st, p, FECOptions{File: "f.txt", Today: today, TermDays: 45})
}

func TestFECNotAFEC(t *testing.T) {
	st := newStore(t)
	// An invoice CSV: no tab nor '|', none of the columns.
	_, err := importFECText(t, st, "number,customer,total\nF1,C1,12.00\n")
	var fe *FileError
	if !errors.As(err, &fe) || !strings.Contains(fe.In(i18n.EN), "f.txt:1: not a FEC: the first line does not name the columns JournalCode, JournalLib,") {
		t.Fatalf("err %v", err)
	}
	// A FEC missing two columns names them.
	head := strings.Join(fecColumns, "\t")
	head = strings.Replace(strings.Replace(head, "\tDateLet", "", 1), "\tIdevise", "", 1)
	_, err = importFECText(t, st, head+"\n")
	if !errors.As(err, &fe) || !strings.Contains(fe.In(i18n.EN), "the columns DateLet, Idevise (") {
		t.Fatalf("err %v", err)
	}
	// Names are matched as the DGFiP's checker matches them.
	lower := strings.ToLower(strings.Join(fecColumns, " | "))
	if _, err := importFECText(t, st, lower+"\n"); err != nil {
		t.Errorf("lower-case header with spaces around '|': %v", err)
	}
}

func TestFECProblemsNameLineColumnValue(t *testing.T) {
	st := newStore(t)
	res, err := importFECText(t, st, fecText("\t",
		"VT|Ventes|1|20250110|411000|Clients|C1|Client Un|F1|20250110|Facture|1 200,00|0,00|||20250110||",
		"VT|Ventes|1|20250110|706000|Ventes|||F1|20250110|Facture|0,00|1200,00|||20250110||",
		"VT|Ventes|2|2025-13-40|411000|Clients|C1|Client Un|F2|20250110|Facture|10,00|0,00|||20250110||",
		"VT|Ventes|3|20250110|411000|Clients|||F3|20250110|Facture|10,00|0,00|||20250110||",
		"VT|Ventes|4|20250110|411000|Clients|C1|Client Un|F4|20250110|Facture|10,005|0,00|||20250110||",
		"VT|Ventes|5|20250110|411000|Clients|C1|Client Un|F5|20250110|Facture|10,00|0,00|||20250110||XYZ",
		"BQ|Banque|6|20251001|411000|Clients|C1|Client Un|P6|20251001|Virement|0,00|10,00|||20251001||",
	))
	if !errors.Is(err, ErrRejected) {
		t.Fatalf("err %v", err)
	}
	want := []string{
		`f.txt:2: column Debit: value "1 200,00": a FEC amount has no thousands separator (write 1234,56)`,
		`f.txt:4: column EcritureDate: value "2025-13-40": not a FEC date (YYYYMMDD, such as 20240331)`,
		`f.txt:5: column CompAuxNum: value "": a line of the customer account 411000 without an auxiliary account (CompAuxNum)`,
		`f.txt:6: column Debit: value "10,005": more than 2 decimals`,
		`f.txt:7: column Idevise: value "XYZ": unknown currency`,
		`f.txt:8: column EcritureDate: value "20251001": the payment date is in the future`,
	}
	got := problems(res.Result)
	if len(got) != len(want) {
		t.Errorf("problems %q", got)
	}
	for i := range want {
		if i >= len(got) || !strings.HasPrefix(got[i], want[i]) {
			t.Errorf("problem %d: %q, want %q", i, got, want[i])
		}
	}
	if n, _ := st.CountCustomers(context.Background()); n != 0 {
		t.Errorf("a rejected FEC wrote %d customers", n)
	}
}

func TestFECUnbalancedEntryIsAWarning(t *testing.T) {
	st := newStore(t)
	res, err := importFECText(t, st, fecText("|",
		"VT|Ventes|VT1|20250110|411000|Clients|C1|Client Un|F1|20250110|Facture|120,00|0,00|||20250110||",
		"VT|Ventes|VT1|20250110|706000|Ventes|||F1|20250110|Facture|0,00|100,00|||20250110||",
	))
	if err != nil {
		t.Fatal(err)
	}
	wantWarning(t, res.Warnings, `f.txt:2: column EcritureNum: value "VT1": the entry does not balance: debits 120.00 EUR, credits 100.00 EUR`)
	// The term given: due 45 days after the invoice's date.
	checkInvoices(t, st, []invoiceWant{{"F1", "C1", "2025-01-10", "2025-02-24", "120.00 EUR", 0, 0}})
}

func TestFECMontantSensAndExtras(t *testing.T) {
	st := newStore(t)
	// Montant and Sens for Debit and Credit; Dolibarr's DateLimitReglmt
	// after the 18 gives the due date; a customer account of its own
	// (411DUPONT) without auxiliary account; Odoo-style quoted field.
	cols := append(append([]string(nil), fecColumns...), "DateLimitReglmt")
	for i, c := range cols {
		switch c {
		case "Debit":
			cols[i] = "Montant"
		case "Credit":
			cols[i] = "Sens"
		}
	}
	content := strings.Join(cols, "\t") + "\r\n" + strings.ReplaceAll(strings.Join([]string{
		`VT|Ventes|1|20250110|411DUPONT|Dupont SARL|||F1|20250110|"Facture ""janvier"""|300,00|D|||20250110|||20250315`,
		`VT|Ventes|1|20250110|706000|Ventes|||F1|20250110|Facture|300,00|C|||20250110|||`,
		`BQ|Banque|2|20250120|411DUPONT|Dupont SARL|||P2|20250120|Virement|100,00|-1|AB|20250120|20250120|||`,
		`BQ|Banque|2|20250120|512000|Banque|||P2|20250120|Virement|100,00|+1|||20250120|||`,
		`VT|Ventes|3|20250125|411DUPONT|Dupont SARL|||F1|20250110|Facture|300,00|X|||20250110|||`,
	}, "\r\n"), "|", "\t") + "\r\n"
	res, err := importFECText(t, st, content)
	if !errors.Is(err, ErrRejected) || len(res.Problems) != 1 ||
		!strings.HasPrefix(res.Problems[0].In(i18n.EN), `f.txt:6: column Sens: value "X": Sens must be D or C`) {
		t.Fatalf("%v %q", err, problems(res.Result))
	}
	content = strings.Join(strings.Split(content, "\r\n")[:5], "\r\n") + "\r\n"
	res, err = importFECText(t, st, content)
	if err != nil {
		t.Fatalf("%v %q", err, problems(res.Result))
	}
	checkInvoices(t, st, []invoiceWant{{"F1", "411DUPONT", "2025-01-10", "2025-03-15", "300.00 EUR", 10000, 0}})
	inv, _ := st.InvoiceByNumber(context.Background(), "F1")
	if inv.Description != `Facture "janvier"` || res.TermDue != 0 {
		t.Errorf("description %q, term due %d", inv.Description, res.TermDue)
	}
}

func TestFECValues(t *testing.T) {
	for in, want := range map[string]int64{"1200,50": 120050, "1200.5": 120050, " 000000000001200,50": 120050,
		"-000000000000120,00": -12000, "120,00-": -12000, "+5": 500, "1200.00000000": 120000, "": 0, "0,00": 0} {
		got, msg := fecAmount(in, 2)
		if msg != nil || got != want {
			t.Errorf("fecAmount(%q) = %d, %v; want %d", in, got, msg, want)
		}
	}
	for _, in := range []string{"1 200,00", "1.200,00", "12,345", "abc", ",5", "1,"} {
		if _, msg := fecAmount(in, 2); msg == nil {
			t.Errorf("fecAmount(%q) accepted", in)
		}
	}
	for in, want := range map[string]string{"20240331": "2024-03-31", "2024-03-31": "2024-03-31", "31032024": "2024-03-31",
		"31/03/2024": "2024-03-31", "20240331 00:00:00": "2024-03-31", "2024-03-31T10:00:00": "2024-03-31"} {
		got, msg := fecDate(in)
		if msg != nil || got.String() != want {
			t.Errorf("fecDate(%q) = %s, %v; want %s", in, got, msg, want)
		}
	}
	for _, in := range []string{"20240230", "2024033", "13132024", "2024/31/03", "x"} {
		if _, msg := fecDate(in); msg == nil {
			t.Errorf("fecDate(%q) accepted", in)
		}
	}
	for in, want := range map[string]bool{"AA": false, "aa": true, "A1": false, "a1": true, "AB*": true, "12": false} {
		if partialLetter(in) != want {
			t.Errorf("partialLetter(%q) = %v", in, !want)
		}
	}
}

// A newer FEC moves the balances it changed and keeps what other imports
// recorded: a payment lettered differently pays the other invoice.
func TestFECNewerFileMovesPayments(t *testing.T) {
	st := newStore(t)
	base := []string{
		"VT|Ventes|1|20250110|411000|Clients|C1|Client Un|F1|20250110|Facture|100,00|0,00|AA||20250110||",
		"VT|Ventes|1|20250110|706000|Ventes|||F1|20250110|Facture|0,00|100,00|||20250110||",
		"VT|Ventes|2|20250210|411000|Clients|C1|Client Un|F2|20250210|Facture|100,00|0,00|BB||20250210||",
		"VT|Ventes|2|20250210|706000|Ventes|||F2|20250210|Facture|0,00|100,00|||20250210||",
		"BQ|Banque|3|20250301|512000|Banque|||P3|20250301|Virement|100,00|0,00|||20250301||",
	}
	first := append(append([]string(nil), base...), "BQ|Banque|3|20250301|411000|Clients|C1|Client Un|P3|20250301|Virement|0,00|100,00|AA||20250301||")
	if _, err := importFECText(t, st, fecText("\t", first...)); err != nil {
		t.Fatal(err)
	}
	checkInvoices(t, st, []invoiceWant{{"F1", "C1", "2025-01-10", "2025-02-24", "100.00 EUR", 10000, 0},
		{"F2", "C1", "2025-02-10", "2025-03-27", "100.00 EUR", 0, 0}})
	newer := append(append([]string(nil), base...), "BQ|Banque|3|20250301|411000|Clients|C1|Client Un|P3|20250301|Virement|0,00|100,00|BB||20250301||")
	res, err := importFECText(t, st, fecText("\t", newer...))
	if err != nil {
		t.Fatal(err)
	}
	checkInvoices(t, st, []invoiceWant{{"F1", "C1", "2025-01-10", "2025-02-24", "100.00 EUR", 0, 0},
		{"F2", "C1", "2025-02-10", "2025-03-27", "100.00 EUR", 10000, 0}})
	if res.Summary.BalancesMoved != 2 || res.Summary.NowPaid != 1 {
		t.Errorf("summary %+v", res.Summary)
	}
}

// A lettering of two invoices pays the older first, whatever the file's
// order; a credit is a credit note when its entry debits a sales account,
// in any journal, and a payment otherwise (a write-off).
func TestFECLetteringOrderAndCreditNotes(t *testing.T) {
	st := newStore(t)
	res, err := importFECText(t, st, fecText("\t",
		"VT|Ventes|2|20250210|411000|Clients|C1|Client Un|F2|20250210|Facture|100,00|0,00|cc||20250210||",
		"VT|Ventes|2|20250210|706000|Ventes|||F2|20250210|Facture|0,00|100,00|||20250210||",
		"VT|Ventes|1|20250110|411000|Clients|C1|Client Un|F1|20250110|Facture|100,00|0,00|cc||20250110||",
		"VT|Ventes|1|20250110|706000|Ventes|||F1|20250110|Facture|0,00|100,00|||20250110||",
		"BQ|Banque|3|20250301|512000|Banque|||P3|20250301|Virement|150,00|0,00|||20250301||",
		"BQ|Banque|3|20250301|411000|Clients|C1|Client Un|P3|20250301|Virement|0,00|150,00|cc||20250301||",
		"OD|Operations diverses|4|20250310|411000|Clients|C1|Client Un|A4|20250310|Remise|0,00|30,00|||20250310||",
		"OD|Operations diverses|4|20250310|709000|Rabais|||A4|20250310|Remise|30,00|0,00|||20250310||",
		"OD|Operations diverses|5|20250320|411000|Clients|C1|Client Un|W5|20250320|Perte|0,00|10,00|||20250320||",
		"OD|Operations diverses|5|20250320|654000|Pertes sur creances|||W5|20250320|Perte|10,00|0,00|||20250320||",
	))
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary.CreditNotes != 1 || res.Summary.CreditNotesApplied != 1 {
		t.Errorf("summary %+v", res.Summary)
	}
	// F1 100 by the lettered 150 (oldest first); F2 the other 50, the
	// credit note's 30 (to the oldest open) and the write-off's 10.
	checkInvoices(t, st, []invoiceWant{{"F1", "C1", "2025-01-10", "2025-02-24", "100.00 EUR", 10000, 0},
		{"F2", "C1", "2025-02-10", "2025-03-27", "100.00 EUR", 5000 + 3000 + 1000, 3000}})
	if _, err := st.CreditNoteByNumber(context.Background(), "A4"); err != nil {
		t.Error(err)
	}
}
