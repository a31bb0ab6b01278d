package cli

import (
	"path/filepath"
	"strings"
	"testing"
)

// relancectl import fec: the sample FEC (internal/importer's testdata, its
// values in SOURCES.md) dry run, then imported, then again; the term and
// the customers' unapplied money are said.
func TestImportFEC(t *testing.T) {
	db := tempDB(t)
	run(t, nil, "--db", db, "init")
	fec, err := filepath.Abs("../importer/testdata/exports/fec/123456789FEC20250630.txt")
	if err != nil {
		t.Fatal(err)
	}
	if r := run(t, nil, "--db", db, "import", "fec"); r.code != ExitUsage || !strings.Contains(r.stderr, "relancectl import fec FILE [--term-days N]") {
		t.Fatalf("no file: %+v", r)
	}
	if r := run(t, nil, "--db", db, "import", "fec", fec, "--term-days", "-3"); r.code != ExitUsage || !strings.Contains(r.stderr, "--term-days -3") {
		t.Fatalf("negative term: %+v", r)
	}
	r := run(t, nil, "--db", db, "import", "fec", fec, "--dry-run")
	if r.code != 0 || !strings.Contains(r.stdout, "7 invoices would be imported (7 new, 2 credit notes applied)") ||
		!strings.Contains(r.stdout, "4 customers would be created.") {
		t.Fatalf("dry run: %+v", r)
	}
	r = run(t, nil, "--db", db, "import", "fec", fec)
	if r.code != 0 || !strings.Contains(r.stderr, "read as FEC, Windows-1252, tab") ||
		!strings.Contains(r.stdout, "4 customers created.") ||
		!strings.Contains(r.stdout, "7 invoices are due 30 days after their date (--term-days to change).") ||
		!strings.Contains(r.stdout, "Customers' money that paid no invoice (see the warnings): 150.00 EUR") ||
		!strings.Contains(r.stderr, "warning: "+fec+`:38: column Credit: value "150,00": 150.00 EUR of this credit of customer C001`) {
		t.Fatalf("import: %+v", r)
	}
	r = run(t, nil, "--db", db, "import", "fec", fec)
	// Nothing new: no invoice counted new, the overdue total unchanged.
	if r.code != 0 || !strings.Contains(r.stdout, "7 invoices (2 credit notes applied); overdue still") || !strings.Contains(r.stdout, "4 customers matched.") {
		t.Fatalf("again: %+v", r)
	}
	out := run(t, nil, "--db", db, "invoices", "list", "--status", "paid").stdout
	for _, n := range []string{"FA2024-0099", "FA2024-0101", "FA2024-0103"} {
		if !strings.Contains(out, n) {
			t.Errorf("%s not paid:\n%s", n, out)
		}
	}
	if strings.Contains(out, "FA2024-0102") {
		t.Errorf("FA2024-0102 (2400 due) listed as paid:\n%s", out)
	}
}
