package importer

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/relance-app/relance/internal/store"
)

// makeXLSX writes rows to the first sheet of a new workbook. time.Time
// cells get a date number format, as Excel stores dates: serial numbers.
func makeXLSX(t *testing.T, rows map[int][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	for r, cells := range rows {
		for c, v := range cells {
			cell, _ := excelize.CoordinatesToCellName(c+1, r)
			if err := f.SetCellValue("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
			if _, ok := v.(time.Time); ok {
				f.SetCellStyle("Sheet1", cell, cell, dateStyle)
			}
		}
	}
	p := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func importXLSX(t *testing.T, st *store.Store, kind Kind, p string) (Result, error) {
	t.Helper()
	src, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	return Import(context.Background(), st, src, Options{Kind: kind, File: "book.xlsx", Today: today})
}

func day(s string) time.Time {
	t, _ := time.Parse("2006-01-02", s)
	return t
}

func TestImportXLSXInvoices(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	p := makeXLSX(t, map[int][]any{
		1: {"N° Facture", "Code client", "Date facture", "Échéance", "Devise", "Montant TTC", "Libellé"},
		2: {"X1", "C001", day("2025-06-01"), day("2025-07-01"), "EUR", 1234.56, "Conseil"},
		3: {"X2", "C002", day("2025-06-02"), day("2025-07-02"), "GBP", 0.1 + 0.2, "float noise"},
		4: {"X3", "C001", "01/06/2025", "2025-07-15", "EUR", "1 234,56 €", "text cells"},
		5: {"X4", "C003", day("2024-02-29"), day("2024-03-31"), "RSD", 120000, "integer"},
	})
	res, err := importXLSX(t, st, Invoices, p)
	if err != nil {
		t.Fatalf("%v %v", err, problems(res))
	}
	if res.Created != 4 {
		t.Fatalf("%+v", res)
	}
	ctx := context.Background()
	for num, want := range map[string]struct {
		minor      int64
		issue, due string
	}{
		"X1": {123456, "2025-06-01", "2025-07-01"},
		"X2": {30, "2025-06-02", "2025-07-02"},
		"X3": {123456, "2025-06-01", "2025-07-15"},
		"X4": {12000000, "2024-02-29", "2024-03-31"},
	} {
		inv, err := st.InvoiceByNumber(ctx, num)
		if err != nil {
			t.Fatal(err)
		}
		if inv.Total.Minor != want.minor || inv.IssueDate.String() != want.issue || inv.DueDate.String() != want.due {
			t.Errorf("%s = %d %s %s, want %+v", num, inv.Total.Minor, inv.IssueDate, inv.DueDate, want)
		}
	}
}

func TestImportXLSXProblemsNameTheRow(t *testing.T) {
	st := newStore(t)
	seedCustomers(t, st)
	p := makeXLSX(t, map[int][]any{
		1: {"number", "customer_code", "issue_date", "due_date", "currency", "total"},
		2: {"Y1", "C001", day("2025-06-01"), day("2025-07-01"), "EUR", 10.005},
		// row 3 left empty
		4: {"Y2", "GHOST", day("2025-06-01"), day("2025-07-01"), "EUR", 10},
		5: {"Y3", "C001", day("2025-06-01"), day("2025-07-01"), "EUR", -4}, // a credit note, kept
	})
	res, err := importXLSX(t, st, Invoices, p)
	wantProblems(t, res, err,
		`book.xlsx:2: column total: value "10.005": more decimals than EUR allows (2)`,
		`book.xlsx:4: column customer_code: value "GHOST": unknown customer (import the customers first)`,
	)
	if n, _ := st.CountInvoices(context.Background()); n != 0 {
		t.Fatalf("%d invoices written", n)
	}
}

// TestImportXLSXTextCellsAndFormats: a text cell "1.200" is read as the
// text it shows (1,200.00 RSD), not as the number 1.2; a postcode stored
// as a number with a 00000 format keeps its leading zero.
func TestImportXLSXTextCellsAndFormats(t *testing.T) {
	st := newStore(t)
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"code", "name", "postcode", "phone", "city"},
		{"Z1", "Boulangerie de l'Ain", 1000, 612345678, "Bourg-en-Bresse"},
	}
	for r, cells := range rows {
		for c, v := range cells {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			f.SetCellValue("Sheet1", cell, v)
		}
	}
	zip, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("00000")})
	phone, _ := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("0000000000")})
	f.SetCellStyle("Sheet1", "C2", "C2", zip)
	f.SetCellStyle("Sheet1", "D2", "D2", phone)
	p := filepath.Join(t.TempDir(), "customers.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	if res, err := importXLSX(t, st, Customers, p); err != nil {
		t.Fatalf("%v %v", err, problems(res))
	}
	c, _ := st.CustomerByCode(context.Background(), "Z1")
	if c.Postcode != "01000" || c.Phone != "0612345678" {
		t.Fatalf("postcode %q phone %q", c.Postcode, c.Phone)
	}

	seedCustomers(t, st)
	p = makeXLSX(t, map[int][]any{
		1: {"number", "customer_code", "issue_date", "due_date", "currency", "total"},
		2: {"T1", "C003", day("2025-06-01"), day("2025-07-01"), "RSD", "1.200"},
		3: {"T2", "C003", day("2025-06-01"), day("2025-07-01"), "RSD", 1.25},
	})
	if res, err := importXLSX(t, st, Invoices, p); err != nil {
		t.Fatalf("%v %v", err, problems(res))
	}
	for num, want := range map[string]int64{"T1": 120000, "T2": 125} {
		inv, _ := st.InvoiceByNumber(context.Background(), num)
		if inv.Total.Minor != want {
			t.Errorf("%s total %d, want %d", num, inv.Total.Minor, want)
		}
	}
}

func ptr[T any](v T) *T { return &v }
