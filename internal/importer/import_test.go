package importer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

var today = ledger.MustDate("2025-09-15")

func newStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Create(context.Background(), filepath.Join(t.TempDir(), "ledger.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func writeFile(t *testing.T, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, content, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// importText imports content as a file named name and returns the result.
func importText(t *testing.T, st *store.Store, kind Kind, name, content string) (Result, error) {
	t.Helper()
	return importBytes(t, st, kind, name, []byte(content), false)
}

func importBytes(t *testing.T, st *store.Store, kind Kind, name string, content []byte, dry bool) (Result, error) {
	t.Helper()
	p := writeFile(t, name, content)
	src, err := Open(p)
	if err != nil {
		return Result{}, err
	}
	defer src.Close()
	return Import(context.Background(), st, src, Options{Kind: kind, File: name, Today: today, DryRun: dry})
}

func mustImport(t *testing.T, st *store.Store, kind Kind, name, content string) Result {
	t.Helper()
	res, err := importText(t, st, kind, name, content)
	if err != nil {
		for _, p := range res.Problems {
			t.Log(p)
		}
		t.Fatalf("import %s: %v", name, err)
	}
	return res
}

func problems(res Result) []string {
	var out []string
	for _, p := range res.Problems {
		out = append(out, p.In(i18n.EN))
	}
	return out
}

// wantProblems checks that each wanted text is one of the reported problems.
func wantProblems(t *testing.T, res Result, err error, want ...string) {
	t.Helper()
	if !errors.Is(err, ErrRejected) {
		t.Fatalf("want ErrRejected, got %v", err)
	}
	got := problems(res)
	for _, w := range want {
		found := false
		for _, g := range got {
			if g == w {
				found = true
			}
		}
		if !found {
			t.Errorf("missing problem:\n  %s\ngot:\n  %s", w, strings.Join(got, "\n  "))
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d problems, want %d:\n  %s", len(got), len(want), strings.Join(got, "\n  "))
	}
}

const customersCSV = `code,name,contact,email,phone,address1,address2,postcode,city,country,language,kind,delivery
C001,Boulangerie Martin SARL,Claire Martin,compta@martin.example.fr,04 78 00 00 01,12 rue de la République,,69002,Lyon,FR,fr,business,email
C002,Harper & Cole Ltd,James Harper,accounts@harper.example.co.uk;james@harper.example.co.uk,+44 20 7946 0000,1 King Street,,EC2V 8AU,London,GB,en,business,both
C003,Столарија Петровић д.о.о.,Петар Петровић,,011 123 4567,Булевар краља Александра 73,,11000,Београд,RS,sr-Cyrl,business,postal
C004,Marija Jovanović,,marija@example.rs,,Bulevar oslobođenja 12,,21000,Novi Sad,RS,sr-Latn,consumer,email
`

func TestImportCustomersCanonical(t *testing.T) {
	st := newStore(t)
	res := mustImport(t, st, Customers, "customers.csv", customersCSV)
	if res.Rows != 4 || res.Created != 4 || res.Updated != 0 {
		t.Fatalf("result %+v", res)
	}
	ctx := context.Background()
	c, err := st.CustomerByCode(ctx, "C002")
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Harper & Cole Ltd" || c.Country != "GB" || c.Language != ledger.English || c.Delivery != ledger.DeliveryBoth ||
		len(c.Emails) != 2 || c.Emails[1] != "james@harper.example.co.uk" || c.Postcode != "EC2V 8AU" {
		t.Errorf("C002 = %+v", c)
	}
	c, _ = st.CustomerByCode(ctx, "C003")
	if c.Name != "Столарија Петровић д.о.о." || c.City != "Београд" || c.Language != ledger.SerbianCyrillic || c.Delivery != ledger.DeliveryPostal {
		t.Errorf("C003 = %+v", c)
	}
	c, _ = st.CustomerByCode(ctx, "C004")
	if c.Kind != ledger.Consumer || c.Language != ledger.SerbianLatin {
		t.Errorf("C004 = %+v", c)
	}
}

func TestImportCustomersFrenchAliasesWindows1252Semicolon(t *testing.T) {
	st := newStore(t)
	text := "Code client;Raison sociale;Interlocuteur;Courriel;Téléphone;Adresse;Code postal;Ville;Pays;Langue;Type;Mode d'envoi\r\n" +
		"C10;Société Générale d'Électricité;Hélène Dupré;h.dupre@sge.example.fr;01 02 03 04 05;3 allée des Châtaigniers;75011;Paris;France;Français;Entreprise;Courrier\r\n"
	enc, err := charmap.Windows1252.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	res, err := importBytes(t, st, Customers, "clients.csv", []byte(enc), false)
	if err != nil {
		t.Fatalf("%v %v", err, problems(res))
	}
	if !strings.Contains(res.Format, "Windows-1252") || !strings.Contains(res.Format, "';'") {
		t.Errorf("format %q", res.Format)
	}
	c, err := st.CustomerByCode(context.Background(), "C10")
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "Société Générale d'Électricité" || c.Contact != "Hélène Dupré" || c.Address1 != "3 allée des Châtaigniers" ||
		c.Country != "FR" || c.Language != ledger.French || c.Delivery != ledger.DeliveryPostal {
		t.Errorf("got %+v", c)
	}
}

func TestImportCustomersUTF8BOMTab(t *testing.T) {
	st := newStore(t)
	text := "\ufeffCODE\tNAME\tEMAIL\n" + "K1\tÉcole Sainte-Anne\tecole@example.fr\n"
	res, err := importBytes(t, st, Customers, "c.tsv", []byte(text), false)
	if err != nil {
		t.Fatalf("%v %v", err, problems(res))
	}
	c, _ := st.CustomerByCode(context.Background(), "K1")
	// No language column: the company's default (fr); an email: delivery email.
	if c.Name != "École Sainte-Anne" || c.Language != ledger.French || c.Delivery != ledger.DeliveryEmail || c.Country != "FR" {
		t.Errorf("got %+v", c)
	}
}

func TestImportCustomersBadRowsImportNothing(t *testing.T) {
	st := newStore(t)
	text := `code,name,email,country,language,kind,delivery
A1,Good One,good@example.com,FR,fr,business,email
A2,Bad Mail,not-an-address,FR,fr,business,email
A3,Bad Lang,a3@example.com,FR,klingon,business,email
A4,Bad Country,a4@example.com,Atlantis,fr,business,email
A1,Duplicate,dup@example.com,FR,fr,business,email
A5,,a5@example.com,FR,fr,business,email
A6,No Email,,FR,fr,business,email
A7,Bad Kind,a7@example.com,FR,fr,alien,email
A8,Bad Delivery,a8@example.com,FR,fr,business,pigeon
`
	res, err := importText(t, st, Customers, "bad.csv", text)
	wantProblems(t, res, err,
		`bad.csv:3: column email: value "not-an-address": is not a valid email address (several addresses may be separated by ';')`,
		`bad.csv:4: column language: value "klingon": unknown language (expected fr, en, de, sr-Cyrl or sr-Latn)`,
		`bad.csv:5: column country: value "Atlantis": unknown country (use an ISO code such as FR, GB or RS)`,
		`bad.csv:6: column code: value "A1": appears twice in the file (first on line 2)`,
		`bad.csv:7: column name: value "": is empty but required`,
		`bad.csv:8: column email: value "": delivery email needs an email address`,
		`bad.csv:9: column kind: value "alien": unknown kind (expected business or consumer)`,
		`bad.csv:10: column delivery: value "pigeon": unknown delivery (expected email, postal or both)`,
	)
	if n, _ := st.CountCustomers(context.Background()); n != 0 {
		t.Fatalf("%d customers written from a rejected file", n)
	}
}

func TestImportMissingAndDuplicateColumns(t *testing.T) {
	st := newStore(t)
	res, err := importText(t, st, Invoices, "inv.csv", "number,montant,date\nF1,12,2025-01-01\n")
	wantProblems(t, res, err,
		`inv.csv:1: the file has no customer_code or customer_name column (headers are matched case-insensitively; see README for the accepted names)`,
		`inv.csv:1: the file has no due_date column (headers are matched case-insensitively; see README for the accepted names)`,
	)
	// The same required column twice cannot be guessed; two different
	// names for it read the preferred one (TestHeaderPreferredAlias).
	res, err = importText(t, st, Customers, "c.csv", "code,name,Name\nX,Y,Z\n")
	wantProblems(t, res, err, `c.csv:1: column name: value "Name": this column is given twice (also as "name")`)
}

func TestImportCustomersReimportUpdatesByCode(t *testing.T) {
	st := newStore(t)
	mustImport(t, st, Customers, "c.csv", customersCSV)
	// The updated export renames C001 and has fewer columns: the others
	// keep their stored values.
	res := mustImport(t, st, Customers, "c2.csv", "code,name\nC001,Boulangerie Martin & Fils\nC005,Nouveau Client\n")
	if res.Created != 1 || res.Updated != 1 {
		t.Fatalf("result %+v", res)
	}
	ctx := context.Background()
	if n, _ := st.CountCustomers(ctx); n != 5 {
		t.Fatalf("%d customers, want 5", n)
	}
	c, _ := st.CustomerByCode(ctx, "C001")
	if c.Name != "Boulangerie Martin & Fils" || c.City != "Lyon" || len(c.Emails) != 1 || c.Delivery != ledger.DeliveryEmail {
		t.Errorf("C001 after update = %+v", c)
	}
	// Same file twice: nothing new.
	res = mustImport(t, st, Customers, "c.csv", customersCSV)
	if res.Created != 0 || res.Updated != 4 {
		t.Fatalf("re-import %+v", res)
	}
	if n, _ := st.CountCustomers(ctx); n != 5 {
		t.Fatalf("%d customers after re-import, want 5", n)
	}
}

func TestImportControlCharactersRefused(t *testing.T) {
	st := newStore(t)
	res, err := importText(t, st, Customers, "c.csv", "code,name\nX1,\"Evil\r\nBcc: victim@example.com\"\n")
	// encoding/csv turns a quoted CRLF into LF.
	wantProblems(t, res, err, "c.csv:2: column name: value \"Evil\\nBcc: victim@example.com\": contains a line break or control character")
}

func seedCustomers(t *testing.T, st *store.Store) {
	t.Helper()
	mustImport(t, st, Customers, "customers.csv", customersCSV)
}

func TestImportInvoicesFormats(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	text := `number;customer_code;issue_date;due_date;currency;total;description
F-001;C001;2025-06-01;2025-07-01;EUR;1 234,56;Conseil
F-002;C001;01/06/2025;15/07/2025;eur;"1.234,56 €";Formation
F-003;C002;2025-06-02;2025-07-02;GBP;"£1,234.56";Consulting
F-004;C003;02.06.2025.;02.07.2025.;RSD;120.000,00 дин.;Одржавање
F-005;C004;2025-06-03;2025-07-03;;99;Servis
F-006;C002;2025-06-04;2025-07-04;JPY;"1 234";Yen
`
	res := mustImport(t, st, Invoices, "inv.csv", text)
	if res.Created != 6 {
		t.Fatalf("%+v", res)
	}
	ctx := context.Background()
	want := map[string]ledger.Money{
		"F-001": {Minor: 123456, Currency: "EUR"}, "F-002": {Minor: 123456, Currency: "EUR"}, "F-003": {Minor: 123456, Currency: "GBP"},
		"F-004": {Minor: 12000000, Currency: "RSD"}, "F-005": {Minor: 9900, Currency: "EUR"}, "F-006": {Minor: 1234, Currency: "JPY"},
	}
	for num, m := range want {
		inv, err := st.InvoiceByNumber(ctx, num)
		if err != nil {
			t.Fatal(err)
		}
		if inv.Total != m {
			t.Errorf("%s total %v, want %v", num, inv.Total, m)
		}
	}
	inv, _ := st.InvoiceByNumber(ctx, "F-002")
	if inv.IssueDate.String() != "2025-06-01" || inv.DueDate.String() != "2025-07-15" {
		t.Errorf("F-002 dates %s %s", inv.IssueDate, inv.DueDate)
	}
	inv, _ = st.InvoiceByNumber(ctx, "F-004")
	if inv.DueDate.String() != "2025-07-02" || inv.Description != "Одржавање" {
		t.Errorf("F-004 %+v", inv)
	}
}

func TestImportInvoicesBadRows(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	text := `number,customer_code,issue_date,due_date,currency,total,description
G1,C001,2025-06-01,2025-07-01,EUR,100.00,ok
G2,NOPE,2025-06-01,2025-07-01,EUR,100.00,unknown customer
G1,C001,2025-06-01,2025-07-01,EUR,100.00,duplicate
G3,C001,2025-06-01,2025-07-01,EUR,-5.00,a credit note: kept (issue 14)
G4,C001,2025-06-01,2025-07-01,EUR,douze,unparsable
G5,C001,2025-06-10,2025-06-01,EUR,10,due before issue
G6,C001,2025-06-01,2025-07-01,ZZZ,10,unknown currency
G7,C001,2025-02-30,2025-07-01,EUR,10,no such day
G8,C001,06/15/2025,16/07/2025,EUR,10,a month-first date and a day-first one
G9,C001,2025-06-01,2025-07-01,EUR,10.005,three decimals
`
	res, err := importText(t, st, Invoices, "inv.csv", text)
	wantProblems(t, res, err,
		`inv.csv:3: column customer_code: value "NOPE": unknown customer (import the customers first)`,
		`inv.csv:4: column number: value "G1": appears twice in the file (first on line 2)`,
		`inv.csv:6: column total: value "douze": not an amount (such as 1234.56, 1 234,56 or 1.234,56)`,
		`inv.csv:7: column due_date: value "2025-06-01": the due date is before the issue date 2025-06-10`,
		`inv.csv:8: column currency: value "ZZZ": unknown currency (expected an ISO 4217 code such as EUR)`,
		`inv.csv:9: column issue_date: value "2025-02-30": no such day in the calendar`,
		`inv.csv: the file's dates contradict each other: line 10 has "16/07/2025", which can only be day first, and line 10 has "06/15/2025", which can only be month first; say which order the file uses (relancectl import --date-order dmy or mdy, or the choice on the import screen)`,
		`inv.csv:11: column total: value "10.005": more decimals than EUR allows (2)`,
	)
	if n, _ := st.CountInvoices(context.Background()); n != 0 {
		t.Fatalf("%d invoices written from a rejected file", n)
	}
}

func TestImportInvoicesReimportUpdates(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	ctx := context.Background()
	mustImport(t, st, Invoices, "a.csv", "number,customer_code,issue_date,due_date,total,description\nH1,C001,2025-06-01,2025-07-01,100,first\nH2,C002,2025-06-01,2025-07-01,200,second\n")
	res := mustImport(t, st, Invoices, "b.csv", "number,customer_code,issue_date,due_date,total\nH1,C001,2025-06-01,2025-07-31,150\nH3,C001,2025-06-05,2025-07-05,300\n")
	if res.Created != 1 || res.Updated != 1 {
		t.Fatalf("%+v", res)
	}
	if n, _ := st.CountInvoices(ctx); n != 3 {
		t.Fatalf("%d invoices, want 3", n)
	}
	inv, _ := st.InvoiceByNumber(ctx, "H1")
	if inv.Total.Minor != 15000 || inv.DueDate.String() != "2025-07-31" || inv.Description != "first" {
		t.Errorf("H1 = %+v (description must survive a file without that column)", inv)
	}
}

func TestImportInvoicesCannotDropBelowPaid(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	mustImport(t, st, Invoices, "a.csv", "number,customer_code,issue_date,due_date,currency,total\nP1,C001,2025-06-01,2025-07-01,EUR,100\n")
	mustImport(t, st, Payments, "p.csv", "invoice_number,date,amount,method,reference\nP1,2025-07-10,60,transfer,T1\n")
	res, err := importText(t, st, Invoices, "b.csv", "number,customer_code,issue_date,due_date,currency,total\nP1,C001,2025-06-01,2025-07-01,EUR,50\n")
	wantProblems(t, res, err, `b.csv:2: column total: value "50": the total is below the 60.00 EUR already paid`)
	res, err = importText(t, st, Invoices, "c.csv", "number,customer_code,issue_date,due_date,currency,total\nP1,C001,2025-06-01,2025-07-01,GBP,100\n")
	wantProblems(t, res, err, `c.csv:2: column currency: value "GBP": the invoice already has payments in EUR; its currency cannot change`)
}

func seedInvoices(t *testing.T, st *store.Store) {
	t.Helper()
	seedCustomers(t, st)
	mustImport(t, st, Invoices, "inv.csv", `number,customer_code,issue_date,due_date,currency,total
I1,C001,2025-06-01,2025-07-01,EUR,1000.00
I2,C002,2025-06-01,2025-07-01,GBP,500.00
I3,C003,2025-06-01,2025-07-01,JPY,1000
`)
}

func TestImportPaymentsPartialAndIdempotent(t *testing.T) {
	st := newStore(t)
	seedInvoices(t, st)
	ctx := context.Background()
	text := `invoice_number,date,amount,method,reference
I1,2025-07-05,300.00,transfer,VIR-1
I1,10/07/2025,"200,50",cheque,
I2,2025-08-01,500,card,CB-9
`
	res := mustImport(t, st, Payments, "pay.csv", text)
	if res.Created != 3 {
		t.Fatalf("%+v", res)
	}
	// Same export again: matched by key, nothing counted twice.
	res = mustImport(t, st, Payments, "pay.csv", text)
	if res.Created != 0 || res.Updated != 3 {
		t.Fatalf("re-import %+v", res)
	}
	lines, err := st.ListInvoices(ctx, store.InvoiceFilter{AsOf: today})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]store.InvoiceLine{}
	for _, l := range lines {
		got[l.Number] = l
	}
	if l := got["I1"]; l.Paid != 50050 || l.Balance != 49950 || l.Status != ledger.StatusOverdue || l.DaysOverdue != 76 {
		t.Errorf("I1 %+v", l.Position)
	}
	if l := got["I2"]; l.Balance != 0 || l.Status != ledger.StatusPaid {
		t.Errorf("I2 %+v", l.Position)
	}
	// A corrected amount under the same reference replaces the payment.
	res = mustImport(t, st, Payments, "fix.csv", "invoice_number,date,amount,reference\nI1,2025-07-05,350.00,VIR-1\n")
	if res.Updated != 1 || res.Created != 0 {
		t.Fatalf("%+v", res)
	}
	ps, _ := st.PaymentsOf(ctx, got["I1"].ID)
	if len(ps) != 2 || ps[0].Amount != 35000 {
		t.Errorf("payments %+v", ps)
	}
}

func TestImportPaymentsBadRows(t *testing.T) {
	st := newStore(t)
	seedInvoices(t, st)
	mustImport(t, st, Payments, "first.csv", "invoice_number,date,amount,reference\nI1,2025-07-05,900.00,R1\n")
	text := `invoice_number,date,amount,method,reference
I1,2025-07-06,60.00,transfer,R2
I1,2025-07-07,50.00,transfer,R3
NOPE,2025-07-07,10,transfer,R4
I2,2026-01-01,10,transfer,R5
I2,2025-07-07,0,transfer,R6
I2,2025-07-07,-3,transfer,R7
I2,2025-07-08,10,transfer,R8
I2,2025-07-09,10,transfer,R8
I3,2025-07-09,10.5,transfer,R9
`
	res, err := importText(t, st, Payments, "pay.csv", text)
	wantProblems(t, res, err,
		`pay.csv:3: column amount: value "50.00": payments would total 1010.00 EUR, more than the invoice total 1000.00 EUR`,
		`pay.csv:4: column invoice_number: value "NOPE": unknown invoice (import the invoices first)`,
		`pay.csv:5: column date: value "2026-01-01": the payment date is in the future`,
		`pay.csv:6: column amount: value "0": the amount must be greater than zero`,
		`pay.csv:7: column amount: value "-3": negative amounts are not accepted`,
		`pay.csv:9: column reference: value "R8": appears twice in the file (first on line 8)`,
		`pay.csv:10: column amount: value "10.5": more decimals than JPY allows (0)`,
	)
	ps, _ := st.ListInvoices(context.Background(), store.InvoiceFilter{AsOf: today})
	for _, l := range ps {
		if (l.Number == "I1" && l.Paid != 90000) || (l.Number != "I1" && l.Paid != 0) {
			t.Errorf("%s paid %d after a rejected file", l.Number, l.Paid)
		}
	}
}

func TestImportDryRunWritesNothing(t *testing.T) {
	st := newStore(t)
	res, err := importBytes(t, st, Customers, "c.csv", []byte(customersCSV), true)
	if err != nil || res.Created != 4 || !res.DryRun {
		t.Fatalf("%+v %v", res, err)
	}
	if n, _ := st.CountCustomers(context.Background()); n != 0 {
		t.Fatalf("dry run wrote %d customers", n)
	}
}

func TestImportLineNumbersFollowQuotedNewlines(t *testing.T) {
	st := newStore(t)
	text := "code,name,address1,notes\nQ1,Quoted,\"1 rue X\",\"line one\nline two\"\nQ2,,addr,\n"
	res, err := importText(t, st, Customers, "q.csv", text)
	wantProblems(t, res, err, `q.csv:4: column name: value "": is empty but required`)
	res, err = importText(t, st, Customers, "u.csv", "code,name\nU1,\"unterminated\nU2,x\n")
	if !errors.Is(err, ErrRejected) || len(res.Problems) != 1 || res.Problems[0].Line != 2 {
		t.Fatalf("unbalanced quote: %v %v", err, problems(res))
	}
	res, err = importText(t, st, Customers, "r.csv", "code,name\nR1,x,extra\n")
	wantProblems(t, res, err, `r.csv:2: column #3: value "extra": the row has more fields than the header (2)`)
}

func TestImportRejectsNonText(t *testing.T) {
	st := newStore(t)
	if _, err := importBytes(t, st, Customers, "c.csv", []byte{}, false); err == nil {
		t.Error("empty file accepted")
	}
	if _, err := importBytes(t, st, Customers, "c.csv", []byte("code,name\x00\n"), false); err == nil {
		t.Error("binary file accepted")
	}
	if _, err := importBytes(t, st, Customers, "c.xls", []byte("whatever"), false); err == nil {
		t.Error(".xls accepted")
	}
}

func TestImportLearnsTheFileDecimalMark(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	// "10.005" before any amount shows the mark: read as 10005 at first,
	// then refused once "100.00" shows that '.' is the decimal mark here.
	res, err := importText(t, st, Invoices, "a.csv", "number,customer_code,issue_date,due_date,total\nA1,C001,2025-06-01,2025-07-01,10.005\nA2,C001,2025-06-01,2025-07-01,100.00\nA3,C001,2025-06-01,2025-07-01,20.125\n")
	wantProblems(t, res, err,
		`a.csv:2: column total: value "10.005": ambiguous: this file writes decimals with ".", so this amount would have more decimals than its currency allows; write it with its decimals (for example 1234.00)`,
		`a.csv:4: column total: value "20.125": more decimals than EUR allows (2)`)
	// In a decimal-comma file, "1.234" is a thousands group.
	res = mustImport(t, st, Invoices, "b.csv", "number;customer_code;issue_date;due_date;total\nB1;C001;2025-06-01;2025-07-01;1.234\nB2;C001;2025-06-01;2025-07-01;12,50\n")
	inv, _ := st.InvoiceByNumber(context.Background(), "B1")
	if inv.Total.Minor != 123400 || res.Created != 2 {
		t.Errorf("B1 total %d", inv.Total.Minor)
	}
}

func indexNames(t *testing.T, st *store.Store) string {
	t.Helper()
	rows, err := st.DB().Query(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'invoices' AND sql IS NOT NULL ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	return strings.Join(names, ",")
}

// TestBulkInvoiceImportRebuildsIndexes takes the bulk path (a size hint
// over the threshold): the secondary indexes are dropped for the load and
// rebuilt before the commit, or restored by the rollback of a bad file.
func TestBulkInvoiceImportRebuildsIndexes(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	want := indexNames(t, st)
	if !strings.Contains(want, "invoices_unsettled") || !strings.Contains(want, "invoices_customer") {
		t.Fatalf("indexes before: %s", want)
	}
	var b strings.Builder
	b.WriteString("number,customer_code,issue_date,due_date,total\n")
	for i := 0; i < 3000; i++ {
		fmt.Fprintf(&b, "B%05d,C00%d,2025-06-01,2025-07-01,%d.50\n", i, 1+i%4, 10+i)
	}
	run := func(name, text string) (Result, error) {
		p := writeFile(t, name, []byte(text))
		src, err := Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer src.Close()
		return Import(context.Background(), st, src, Options{Kind: Invoices, File: name, Today: today, SizeHint: 100 << 20})
	}
	res, err := run("bulk.csv", b.String())
	if err != nil || res.Created != 3000 {
		t.Fatalf("%+v %v", res, err)
	}
	if got := indexNames(t, st); got != want {
		t.Fatalf("indexes after a bulk import: %s, want %s", got, want)
	}
	over, err := st.ListInvoices(context.Background(), store.InvoiceFilter{AsOf: today, CustomerCode: "C002", OverdueOnly: true})
	if err != nil || len(over) != 750 {
		t.Fatalf("C002 overdue: %d %v", len(over), err)
	}
	rep, _ := st.Check(context.Background())
	if !rep.OK() {
		t.Fatalf("check: %v", rep.Problems)
	}
	res, err = run("bad.csv", "number,customer_code,issue_date,due_date,total\nN1,C001,2025-06-01,2025-07-01,1\nN2,NOPE,2025-06-01,2025-07-01,1\n")
	if !errors.Is(err, ErrRejected) {
		t.Fatalf("bad bulk file: %v", err)
	}
	if got := indexNames(t, st); got != want {
		t.Fatalf("indexes after a rejected bulk import: %s", got)
	}
	if n, _ := st.CountInvoices(context.Background()); n != 3000 {
		t.Fatalf("%d invoices after a rejected file", n)
	}
}

func TestImportCodePages(t *testing.T) {
	cases := []struct {
		name, text string
		enc        *charmap.Charmap
		format     string
		want       string // C1's name
	}{
		{"1252.csv", "code;name\nC1;Société Générale d'Électricité\n", charmap.Windows1252, "Windows-1252", "Société Générale d'Électricité"},
		{"1250.csv", "code;name;city\nC1;Đorđević i sinovi;Čačak\n", charmap.Windows1250, "Windows-1250", "Đorđević i sinovi"},
		{"1251.csv", "code;name;city\nC1;Столарија Петровић;Београд\n", charmap.Windows1251, "Windows-1251", "Столарија Петровић"},
	}
	for _, c := range cases {
		st := newStore(t)
		data, err := c.enc.NewEncoder().String(c.text)
		if err != nil {
			t.Fatal(err)
		}
		res, err := importBytes(t, st, Customers, c.name, []byte(data), false)
		if err != nil {
			t.Fatalf("%s: %v %v", c.name, err, problems(res))
		}
		if !strings.Contains(res.Format, c.format) {
			t.Errorf("%s read as %s", c.name, res.Format)
		}
		cu, _ := st.CustomerByCode(context.Background(), "C1")
		if cu.Name != c.want {
			t.Errorf("%s: name %q, want %q", c.name, cu.Name, c.want)
		}
	}
}

func TestImportRefusesMixedEncodings(t *testing.T) {
	st := newStore(t)
	// Line 2 is UTF-8, line 3 is Windows-1252: decoding either way would
	// garble one of them.
	_, err := importBytes(t, st, Customers, "mixed.csv", []byte("code;name\nC1;Société\nC2;Caf\xe9\n"), false)
	var fe *FileError
	if !errors.As(err, &fe) || fe.Line != 3 || fe.Reason.Key != "import.file_mixed_encoding" {
		t.Fatalf("got %v", err)
	}
	if n, _ := st.CountCustomers(context.Background()); n != 0 {
		t.Fatal("customers written")
	}
	// A byte with no character in Windows-1252.
	_, err = importBytes(t, st, Customers, "undef.csv", []byte("code;name\nC1;caf\xe9\nC2;x\x81y\n"), false)
	if !errors.As(err, &fe) || fe.Line != 3 || fe.Reason.Key != "import.file_undefined_byte" {
		t.Fatalf("undefined byte: %v", err)
	}
}

// TestPaymentTotalsCheckedAfterTheWholeFile: a corrected export that lowers
// one payment and raises another ends within the total whatever the row
// order.
func TestPaymentTotalsCheckedAfterTheWholeFile(t *testing.T) {
	st := newStore(t)
	seedInvoices(t, st) // I1: 1000.00 EUR issued 2025-06-01
	mustImport(t, st, Payments, "a.csv", "invoice_number;date;amount;reference\nI1;10/07/2025;234,56;R1\nI1;11/07/2025;700;R2\n")
	// R2 raised to 965.44 first (965.44 + 234.56 = 1200.00 after that row
	// alone), then R1 lowered to 34.56: 965.44 + 34.56 = 1000.00, the
	// invoice total exactly, which is allowed.
	mustImport(t, st, Payments, "b.csv", "invoice_number;date;amount;reference\nI1;11/07/2025;965,44;R2\nI1;10/07/2025;34,56;R1\n")
	lines, _ := st.ListInvoices(context.Background(), store.InvoiceFilter{AsOf: today, Status: ledger.StatusPaid})
	if len(lines) != 1 || lines[0].Number != "I1" {
		t.Fatalf("I1 not paid in full: %+v", lines)
	}
	// Still refused when the file as a whole overpays.
	res, err := importText(t, st, Payments, "c.csv", "invoice_number;date;amount;reference\nI1;12/07/2025;1;R3\n")
	wantProblems(t, res, err, `c.csv:2: column amount: value "1": payments would total 1001.00 EUR, more than the invoice total 1000.00 EUR`)
	// A payment before the invoice was issued is a typo, not a deposit.
	res, err = importText(t, st, Payments, "d.csv", "invoice_number;date;amount;reference\nI2;15/01/2024;1;R9\n")
	wantProblems(t, res, err, `d.csv:2: column date: value "15/01/2024": the payment date is before the invoice's issue date 2025-06-01`)
}

func TestMultiLineAddressCell(t *testing.T) {
	st := newStore(t)
	mustImport(t, st, Customers, "c.csv", "code,name,address1,postcode,city\nM1,Multi,\"Bâtiment B\n12 rue des Lilas\",69003,Lyon\n")
	c, _ := st.CustomerByCode(context.Background(), "M1")
	if c.Address1 != "Bâtiment B" || c.Address2 != "12 rue des Lilas" {
		t.Fatalf("address %q / %q", c.Address1, c.Address2)
	}
}

// TestImportInvoicePDFPaths: a relative PDF path in the file is taken from
// the file's folder and stored absolute; an absolute one is kept.
func TestImportInvoicePDFPaths(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	dir := t.TempDir()
	csv := filepath.Join(dir, "export", "invoices.csv")
	os.MkdirAll(filepath.Dir(csv), 0o700)
	text := "number,customer_code,issue_date,due_date,currency,total,pdf\n" +
		"F-1,C001,2025-06-01,2025-07-01,EUR,10,pdfs/F-1.pdf\n" +
		"F-2,C001,2025-06-01,2025-07-01,EUR,10,/srv/invoices/F-2.pdf\n" +
		"F-3,C001,2025-06-01,2025-07-01,EUR,10,\n"
	os.WriteFile(csv, []byte(text), 0o600)
	src, err := Open(csv)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if _, err := Import(context.Background(), st, src, Options{Kind: Invoices, File: csv, Today: today}); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"F-1": filepath.Join(dir, "export", "pdfs", "F-1.pdf"), "F-2": "/srv/invoices/F-2.pdf", "F-3": ""}
	for n, w := range want {
		inv, err := st.InvoiceByNumber(context.Background(), n)
		if err != nil {
			t.Fatal(err)
		}
		if inv.PDFPath != w {
			t.Errorf("%s: pdf %q, want %q", n, inv.PDFPath, w)
		}
	}
}
