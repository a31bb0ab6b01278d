package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/i18n"
)

// TestImportScreenReadsAnExportAsItIs: a QuickBooks Online "Invoice List by
// Date" (title lines above the header, month-first dates, an open balance)
// is previewed with its header row found, can be read under another row
// or date order chosen on the screen, and ends with the summary in money.
func TestImportScreenReadsAnExportAsItIs(t *testing.T) {
	svc := demoService(t)
	u := newTestUI(t, svc, i18n.EN, nil)
	u.Show(ScreenImport)
	v := u.imports
	path, err := filepath.Abs("../internal/importer/testdata/exports/quickbooks/Invoice List by Date.csv")
	if err != nil {
		t.Fatal(err)
	}
	v.Kind.SetSelectedIndex(1) // invoices
	v.Path.SetText(path)
	u.inspectImport(v)
	u.Wait()
	if v.headerLine != 5 || !strings.HasPrefix(v.Header.Selected, "line 5: Date | Transaction type | Num") {
		t.Fatalf("header line %d, shown %q", v.headerLine, v.Header.Selected)
	}
	if !strings.Contains(v.Preview.Text, "6/20/2025 | Invoice | 1002 | Cool Cars") {
		t.Errorf("preview:\n%s", v.Preview.Text)
	}
	if got := texts(v.Mapping); !strings.Contains(got, `"Open balance" is:`) {
		t.Errorf("mapping:\n%s", got)
	}
	// Each header's column is said in words, not as the code's name.
	shown := map[string]string{}
	for i := 0; i+1 < len(v.Mapping.Objects); i += 2 {
		shown[v.Mapping.Objects[i].(*widget.Label).Text] = v.Mapping.Objects[i+1].(*widget.Select).Selected
	}
	if shown[`"Open balance" is:`] != "Left to pay" || shown[`"Date" is:`] != "Invoice date" || shown[`"Name" is:`] != "Customer name" {
		t.Errorf("columns shown: %v", shown)
	}

	// The owner picks the first title line as the header: nothing maps.
	v.Header.SetSelectedIndex(0)
	if v.headerLine != 1 {
		t.Fatalf("picked line %d", v.headerLine)
	}
	test.Tap(v.Check)
	u.Wait()
	if len(v.problems) == 0 || !strings.Contains(v.problems[0], ":1:") {
		t.Fatalf("line 1 as the header: problems %q, status %q", v.problems, v.Status.Text)
	}

	// Back to the header found; day first is said to be wrong on its line.
	for i, line := range v.headerLines {
		if line == 5 {
			v.Header.SetSelectedIndex(i)
		}
	}
	v.DateOrder.SetSelectedIndex(1)
	test.Tap(v.Check)
	u.Wait()
	if joined := strings.Join(v.problems, "\n"); !strings.Contains(joined, ":7:") || !strings.Contains(joined, "6/20/2025") {
		t.Fatalf("day first: problems %q, status %q", v.problems, v.Status.Text)
	}

	// As the file shows: month first, found and said.
	v.DateOrder.SetSelectedIndex(0)
	test.Tap(v.Check)
	u.Wait()
	if len(v.problems) != 0 || !strings.Contains(v.Status.Text, "5 invoices would be imported (5 new") {
		t.Fatalf("check: problems %q, status %q", v.problems, v.Status.Text)
	}
	if !strings.Contains(v.DateOrder.Selected, "month first") {
		t.Errorf("date order shown %q", v.DateOrder.Selected)
	}
	test.Tap(v.Import)
	u.Wait()
	if !strings.HasPrefix(v.Status.Text, "5 invoices (5 new") {
		t.Fatalf("import: %q", v.Status.Text)
	}
	// 1002: 800.00 with 300.00 open, so 500.00 paid from the export.
	inv, err := svc.Store().InvoiceByNumber(context.Background(), "1002")
	if err != nil {
		t.Fatal(err)
	}
	pays, err := svc.Store().PaymentsOf(context.Background(), inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if inv.Total.Minor != 80000 || len(pays) != 1 || pays[0].Amount != 50000 {
		t.Errorf("1002: total %v, payments %+v", inv.Total, pays)
	}
}

// On a new ledger the import starts at customers; a file chosen says what
// it holds (the kind is detected until the owner picks one); a check's
// problems name the file's own header ("Code client"), not the import's
// column name (nor the screen's word for it, "Code client"); a new file clears the old one's preview, mapping and
// problems, and a check of a file not previewed yet reads it afresh.
func TestImportScreenFollowsTheFile(t *testing.T) {
	svc := emptyLedger(t)
	u := newTestUI(t, svc, i18n.FR, nil)
	u.Show(ScreenImport)
	u.Wait()
	v := u.imports
	if v.Kind.SelectedIndex() != 0 {
		t.Fatalf("kind on an empty ledger %q", v.Kind.Selected)
	}
	dir := t.TempDir()
	customers := filepath.Join(dir, "clients.csv")
	writeFile(t, customers, "Code client;Nom;Adresse;Code postal;Ville;Pays;Email\nC1;Boulangerie Dupont;3 rue Neuve;69001;Lyon;FR;compta@dupont.test\n")
	invoices := filepath.Join(dir, "factures.csv")
	writeFile(t, invoices, "Numéro;Réf. client;Date;Echéance;Montant\nF-1;C1;2026-10-01;2026-10-31;12,50\nF-2;NOPE;2026-10-01;2026-10-31;20,00\n")

	v.Path.SetText(invoices)
	u.inspectImport(v)
	u.Wait()
	if v.Kind.SelectedIndex() != 1 || !strings.Contains(v.Preview.Text, "F-2 | NOPE") {
		t.Fatalf("an invoice file: kind %q, preview %q", v.Kind.Selected, v.Preview.Text)
	}
	test.Tap(v.Check)
	u.Wait()
	joined := strings.Join(v.problems, "\n")
	if len(v.problems) == 0 || !strings.Contains(joined, "colonne Réf. client") || strings.Contains(joined, "customer_code") {
		t.Fatalf("problems %q, status %q", v.problems, v.Status.Text)
	}

	// Another file: nothing of the invoices' is left while it is read.
	v.Path.SetText(customers)
	u.inspectImport(v)
	if len(v.problems) != 0 || v.Preview.Text != "" || len(v.Mapping.Objects) != 0 || v.Result.Rows != 0 {
		t.Errorf("while the new file is read: problems %q, preview %q, %d mapping rows", v.problems, v.Preview.Text, len(v.Mapping.Objects))
	}
	u.Wait()
	if v.Kind.SelectedIndex() != 0 || !strings.Contains(v.Preview.Text, "C1 | Boulangerie Dupont") {
		t.Fatalf("a customer file: kind %q, preview %q", v.Kind.Selected, v.Preview.Text)
	}
	test.Tap(v.Import)
	u.Wait()
	if len(v.problems) != 0 || v.Result.Created != 1 {
		t.Fatalf("customers: problems %q, status %q", v.problems, v.Status.Text)
	}

	// The invoices typed in and checked at once, without their preview:
	// the check reads them as invoices, not with the customers' mapping.
	v.Path.SetText(invoices)
	test.Tap(v.Check)
	u.Wait()
	if v.Kind.SelectedIndex() != 1 || !strings.Contains(v.Preview.Text, "F-1 | C1") {
		t.Errorf("checked without a preview: kind %q, preview %q", v.Kind.Selected, v.Preview.Text)
	}
	if joined := strings.Join(v.problems, "\n"); v.Result.Rows != 2 || !strings.Contains(joined, "NOPE") || strings.Contains(joined, "customer_code") {
		t.Errorf("checked without a preview: %d rows, problems %q, status %q", v.Result.Rows, v.problems, v.Status.Text)
	}
}
