package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// workbook writes sheets (name, then rows of text cells) to a new XLSX.
func workbook(t *testing.T, sheets ...[]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range sheets {
		name := sh[0].(string)
		if i == 0 {
			f.SetSheetName("Sheet1", name)
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sh[1:] {
			for c, v := range row.([]string) {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				f.SetCellValue(name, cell, v)
			}
		}
	}
	p := filepath.Join(t.TempDir(), "export.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportFileEveryKindOfAWorkbook(t *testing.T) {
	db := tempDB(t)
	run(t, nil, "--db", db, "init")
	book := workbook(t,
		[]any{"Payments", []string{"Invoice Number", "Payment Date", "Amount"}, []string{"F-1", "2025-07-10", "40.00"}},
		[]any{"Read me", []string{"Exported by", "On"}, []string{"Someone", "today"}},
		[]any{"Invoices", []string{"Invoice Number", "Customer Name", "Invoice Date", "Due Date", "Total"},
			[]string{"F-1", "Boulangerie Martin", "2025-06-01", "2025-07-01", "100.00"},
			[]string{"F-2", "Garage Dupuis", "2025-06-02", "2025-07-02", "50.00"}},
		[]any{"Customers", []string{"Customer Code", "Company Name", "City"}, []string{"C1", "Boulangerie Martin", "Lyon"}},
	)
	r := run(t, nil, "--db", db, "import", book, "--dry-run")
	if r.code != 0 {
		t.Fatalf("dry run: %+v", r)
	}
	for _, want := range []string{
		book + `: sheet "Read me" holds no customers, invoices or payments; skipped`,
		book + "[Customers]: read as customers",
		book + "[Invoices]: read as invoices",
		book + "[Payments]: read as payments",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if r := run(t, nil, "--db", db, "invoices", "list", "--json"); strings.TrimSpace(r.stdout) != "[]" {
		t.Fatalf("the dry run wrote: %s", r.stdout)
	}
	r = run(t, nil, "--db", db, "import", book)
	if r.code != 0 {
		t.Fatalf("import: %+v", r)
	}
	// In import order, one line per table; the invoices matched C1 by
	// name and created Garage Dupuis.
	for _, want := range []string{
		book + "[Customers]: 1 rows imported: 1 new, 0 updated.",
		book + "[Invoices]: 2 invoices (2 new)",
		"1 customer created, 1 matched.",
		book + "[Payments]: 1 rows imported: 1 new, 0 updated.",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if i, j := strings.Index(r.stdout, "[Customers]"), strings.Index(r.stdout, "[Payments]"); i < 0 || j < i {
		t.Errorf("customers are not imported before payments:\n%s", r.stdout)
	}
	if r := run(t, nil, "--db", db, "customers", "list"); !strings.Contains(r.stdout, "GARAGEDUPUIS") {
		t.Errorf("the created customer's code:\n%s", r.stdout)
	}
}

func TestImportFileRejectedNamesTheSheet(t *testing.T) {
	db := tempDB(t)
	run(t, nil, "--db", db, "init")
	book := workbook(t,
		[]any{"Invoices", []string{"Invoice Number", "Customer Name", "Invoice Date", "Due Date", "Total"},
			[]string{"F-1", "Boulangerie Martin", "2025-06-01", "2025-07-01", "100.00"}},
		[]any{"Payments", []string{"Invoice Number", "Payment Date", "Amount"}, []string{"F-7", "2025-07-10", "40.00"}},
	)
	r := run(t, nil, "--db", db, "import", book)
	if r.code != ExitUser || !strings.Contains(r.stderr, book+`[Payments]:2: column invoice_number: value "F-7": unknown invoice`) ||
		!strings.Contains(r.stderr, "nothing was imported") {
		t.Fatalf("%+v", r)
	}
	if r := run(t, nil, "--db", db, "invoices", "list", "--json"); strings.TrimSpace(r.stdout) != "[]" {
		t.Fatalf("a rejected workbook wrote invoices: %s", r.stdout)
	}
	// A kind and no file is a usage error, not a file named "invoices".
	if r := run(t, nil, "--db", db, "import", "invoices"); r.code != 2 {
		t.Errorf("import invoices: %+v", r)
	}
}
