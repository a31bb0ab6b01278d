package importer

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/relance-app/relance/internal/store"
)

// sheet is one sheet of a test workbook: its name and its rows, from row 1.
type sheet struct {
	name string
	rows [][]any
}

// makeWorkbook writes the sheets, in order, to a new workbook (excelize's
// default first sheet renamed to the first one). time.Time cells get a
// date number format, as Excel stores dates.
func makeWorkbook(t *testing.T, sheets ...sheet) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	dateStyle, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, cells := range s.rows {
			for c, v := range cells {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellValue(s.name, cell, v); err != nil {
					t.Fatal(err)
				}
				if _, ok := v.(time.Time); ok {
					f.SetCellStyle(s.name, cell, cell, dateStyle)
				}
			}
		}
	}
	p := filepath.Join(t.TempDir(), "book.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// importAll imports every table of the file at p, named name in messages.
func importAll(t *testing.T, st *store.Store, p, name string, dry bool) (FileResult, error) {
	t.Helper()
	tables, err := OpenAll(p)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		for _, tb := range tables {
			if err := tb.Close(); err != nil {
				t.Error(err)
			}
		}
	}()
	return ImportAll(context.Background(), st, tables, Options{File: name, Today: today, DryRun: dry})
}

// ledgerWorkbook holds every kind, its sheets out of import order, with a
// sheet of notes (no kind) and an empty sheet.
func ledgerWorkbook(t *testing.T, payments [][]any) string {
	return makeWorkbook(t,
		sheet{"Paiements", payments},
		sheet{"Notes", [][]any{{"Remarque", "Qui"}, {"Relancer avant l'été", "Claire"}}},
		// A name alone is not a customer list.
		sheet{"Produits", [][]any{{"Nom", "Prix"}, {"Baguette", 1.2}}},
		sheet{"Factures", [][]any{
			{"N° facture", "Code client", "Date facture", "Échéance", "Montant TTC"},
			{"F-1", "C1", day("2025-06-01"), day("2025-07-01"), 1200.5},
			{"F-2", "C2", day("2025-06-02"), day("2025-07-02"), 300},
		}},
		sheet{"Vide", nil},
		sheet{"Clients", [][]any{
			{"Code client", "Raison sociale", "Email", "Ville"},
			{"C1", "Boulangerie Martin", "compta@martin.example.fr", "Lyon"},
			{"C2", "Garage Dupuis", "", "Nantes"},
		}},
	)
}

func TestImportAllWorkbookOfEveryKind(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	p := ledgerWorkbook(t, [][]any{
		{"N° facture", "Date de paiement", "Montant"},
		{"F-1", day("2025-07-10"), 200.5},
		{"F-2", day("2025-07-11"), 300},
	})
	// A dry run says what would be imported, and writes nothing.
	fr, err := importAll(t, st, p, "book.xlsx", true)
	if err != nil {
		t.Fatalf("dry run: %v %v", err, fr.AllProblems())
	}
	if n, _ := st.CountCustomers(ctx); n != 0 || fr.Rows() != 6 {
		t.Fatalf("dry run wrote %d customers, read %d rows", n, fr.Rows())
	}
	fr, err = importAll(t, st, p, "book.xlsx", false)
	if err != nil {
		t.Fatalf("import: %v %v", err, fr.AllProblems())
	}
	var got []string
	for _, part := range fr.Parts {
		got = append(got, part.Sheet+":"+string(part.Kind))
		if part.Created != 2 {
			t.Errorf("%s: created %d, want 2", part.Sheet, part.Created)
		}
	}
	if want := "Clients:customers Factures:invoices Paiements:payments"; joinSpace(got) != want {
		t.Errorf("parts %q, want %q", joinSpace(got), want)
	}
	if len(fr.Skipped) != 2 || fr.Skipped[0] != "Notes" || fr.Skipped[1] != "Produits" {
		t.Errorf("skipped %q, want the Notes and Produits sheets only (the empty one silently)", fr.Skipped)
	}
	if fr.Parts[1].File != "book.xlsx[Factures]" {
		t.Errorf("a sheet's problems name %q", fr.Parts[1].File)
	}
	lines, err := st.ListInvoices(ctx, store.InvoiceFilter{AsOf: today})
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 2 {
		t.Fatalf("%d invoices", len(lines))
	}
	for _, l := range lines {
		want := map[string]int64{"F-1": 100000, "F-2": 0}[l.Number]
		if l.Balance != want {
			t.Errorf("%s balance %d, want %d", l.Number, l.Balance, want)
		}
	}
	if c, _ := st.CustomerByCode(ctx, "C2"); c.City != "Nantes" || c.Name != "Garage Dupuis" {
		t.Errorf("C2 %+v", c)
	}
}

func TestImportAllWorkbookAllOrNothing(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	p := ledgerWorkbook(t, [][]any{
		{"N° facture", "Date de paiement", "Montant"},
		{"F-1", day("2025-07-10"), 200.5},
		{"F-9", day("2025-07-11"), 300},
	})
	fr, err := importAll(t, st, p, "book.xlsx", false)
	probs := fr.AllProblems()
	if err == nil || len(probs) != 1 {
		t.Fatalf("err %v, problems %v", err, probs)
	}
	if got, want := probs[0].String(), `book.xlsx[Paiements]:3: column invoice_number: value "F-9": unknown invoice (import the invoices first)`; got != want {
		t.Errorf("problem\n  %s\nwant\n  %s", got, want)
	}
	// The customers and invoices sheets were good, and are not written.
	if n, _ := st.CountCustomers(ctx); n != 0 {
		t.Errorf("%d customers written from a rejected workbook", n)
	}
	if n, _ := st.CountInvoices(ctx); n != 0 {
		t.Errorf("%d invoices written from a rejected workbook", n)
	}
	for _, part := range fr.Parts {
		if part.Created != 0 {
			t.Errorf("%s says %d created", part.Sheet, part.Created)
		}
	}
}

func TestImportAllDetectsEachCSV(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	files := []struct{ name, text string }{
		{"clients.csv", "code;nom;ville\nC1;Boulangerie Martin;Lyon\n"},
		// A title line above the header, as a report export writes it.
		{"factures.csv", "Export des factures au 15/09/2025\n\nN° facture;Code client;Date;Échéance;Montant\nF-1;C1;01/06/2025;01/07/2025;100,00\n"},
		{"paiements.csv", "N° facture;Date de paiement;Montant\nF-1;10/07/2025;40,00\n"},
	}
	want := []Kind{Customers, Invoices, Payments}
	for i, f := range files {
		fr, err := importAll(t, st, writeFile(t, f.name, []byte(f.text)), f.name, false)
		if err != nil {
			t.Fatalf("%s: %v %v", f.name, err, fr.AllProblems())
		}
		if len(fr.Parts) != 1 || fr.Parts[0].Kind != want[i] || fr.Parts[0].Created != 1 || fr.Parts[0].File != f.name {
			t.Errorf("%s: parts %+v", f.name, fr.Parts)
		}
	}
	inv, err := st.InvoiceByNumber(ctx, "F-1")
	if err != nil {
		t.Fatal(err)
	}
	ps, _ := st.PaymentsOf(ctx, inv.ID)
	if len(ps) != 1 || ps[0].Amount != 4000 {
		t.Errorf("payments %+v", ps)
	}
}

func TestImportAllNothingToImport(t *testing.T) {
	st := newStore(t)
	// One table short of a column: imported as the kind it is closest
	// to, so that the missing column is named.
	fr, err := importAll(t, st, writeFile(t, "f.csv", []byte("invoice number,customer code,date,total\nF1,C1,2025-06-01,10\n")), "f.csv", false)
	if probs := fr.AllProblems(); err == nil || len(probs) != 1 || fr.Parts[0].Kind != Invoices ||
		probs[0].String() != "f.csv:1: the file has no due_date column (headers are matched case-insensitively; see README for the accepted names)" {
		t.Errorf("err %v, problems %v", err, probs)
	}
	fr, err = importAll(t, st, writeFile(t, "g.csv", []byte("colour,size\nred,12\n")), "g.csv", false)
	if probs := fr.AllProblems(); err == nil || len(probs) != 1 ||
		probs[0].String() != "g.csv:1: cannot tell what this file holds: no row maps the columns of customers, invoices or payments; name the kind (relancectl import customers|invoices|payments FILE)" {
		t.Errorf("err %v, problems %v", err, probs)
	}
	p := makeWorkbook(t, sheet{"A", [][]any{{"colour"}, {"red"}}}, sheet{"B", [][]any{{"size"}, {12}}})
	fr, err = importAll(t, st, p, "book.xlsx", false)
	if probs := fr.AllProblems(); err == nil || len(probs) != 1 || len(fr.Skipped) != 2 ||
		probs[0].String() != "book.xlsx: no sheet holds customers, invoices or payments: no sheet has a row that maps the columns they need (see README for the accepted names)" {
		t.Errorf("err %v, problems %v, skipped %v", err, probs, fr.Skipped)
	}
	// A workbook of empty sheets is an empty file.
	empty := makeWorkbook(t, sheet{"A", nil}, sheet{"B", nil})
	if _, err := OpenAll(empty); err == nil || err.Error() != empty+": the file is empty" {
		t.Errorf("empty workbook: %v", err)
	}
}

// TestImportAllRedoesADateOrder: a sheet whose dates prove month-first
// only after ambiguous ones is read again, with the others, in one
// transaction: nothing twice.
func TestImportAllRedoesADateOrder(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	p := makeWorkbook(t,
		sheet{"Customers", [][]any{{"code", "name"}, {"C1", "Acme"}}},
		sheet{"Invoices", [][]any{
			{"number", "customer code", "issue date", "due date", "total"},
			{"F1", "C1", "03/04/2025", "04/05/2025", "10.00"},
			{"F2", "C1", "03/14/2025", "04/14/2025", "10.00"},
		}},
	)
	fr, err := importAll(t, st, p, "book.xlsx", false)
	if err != nil {
		t.Fatalf("%v %v", err, fr.AllProblems())
	}
	if inv := fr.Parts[1]; inv.DateOrder != MonthFirst || inv.DateOrderWhy != DateOrderProved || inv.Created != 2 || fr.Parts[0].Created != 1 {
		t.Errorf("parts %+v", fr.Parts)
	}
	f1, _ := st.InvoiceByNumber(ctx, "F1")
	if f1.IssueDate.String() != "2025-03-04" {
		t.Errorf("F1 issued %s, want 2025-03-04 (month first)", f1.IssueDate)
	}
	if n, _ := st.CountCustomers(ctx); n != 1 {
		t.Errorf("%d customers", n)
	}
}

func joinSpace(s []string) string {
	out := ""
	for i, v := range s {
		if i > 0 {
			out += " "
		}
		out += v
	}
	return out
}
