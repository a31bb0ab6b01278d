package app

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// TestLetterShowsCreditsAndUndatedPayments: a reminder built from the
// ledger (LetterRequest, the one path of the dialog, the print batch and
// email) for a French business customer with
//   - F-100, 1,000.00 € due 2025-07-31, credited 400.00 € by AV-7 on
//     2025-08-30 (a payment of Source credit, as the credit model applies
//     it): 9.98630 + 5.99178 = 15.98 € of interest on 2025-09-29
//     (TestCreditLowersInterestFromItsDate has the computation);
//   - F-101, 1,000.00 € due 2025-07-31, 300.00 € paid according to an
//     export that gave no date (on the issue date, Undated): 60 days on
//     700.00 € at 12.15 % = 13.98082 → 13.98 €;
//   - AV-9, 120.00 USD of credit applied to nothing;
//
// claims 15.98 + 13.98 = 29.96 € of interest, 2 × 40 € of compensation,
// 600 + 700 = 1,300.00 € of principal (1,409.96 € in all), lists AV-7
// under F-100 with its date and amount, says that interest runs only on
// what is still due, and shows the open credit: in the PDF's text.
func TestLetterShowsCreditsAndUndatedPayments(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	ctx := context.Background()
	day := ledger.MustDate("2025-09-29")
	dir := t.TempDir()
	svc, _, err := Create(ctx, filepath.Join(dir, "d.db"), Options{Today: func() ledger.Date { return day }})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	st := svc.Store()
	cid, err := st.SaveCustomer(ctx, ledger.Customer{Code: "DUP", Name: "Boulangerie Dupont", Language: ledger.French, Kind: ledger.Business,
		Delivery: ledger.DeliveryPostal, Address1: "3 rue Neuve", Postcode: "69001", City: "Lyon", Country: "FR"})
	if err != nil {
		t.Fatal(err)
	}
	av7 := creditNoteBySQL(t, st, cid, "AV-7", "2025-08-30", "EUR", 40000)
	creditNoteBySQL(t, st, cid, "AV-9", "2025-08-01", "USD", 12000)
	err = st.InBatch(ctx, false, func(b *store.Batch) error {
		for _, n := range []string{"F-100", "F-101"} {
			inv := ledger.Invoice{Number: n, CustomerID: cid, IssueDate: ledger.MustDate("2025-07-01"), DueDate: ledger.MustDate("2025-07-31"),
				Total: ledger.Money{Minor: 100000, Currency: "EUR"}}
			if err := b.InsertInvoice(ctx, &inv); err != nil {
				return err
			}
			p := ledger.Payment{InvoiceID: inv.ID, Date: ledger.MustDate("2025-08-30"), Amount: 40000, Method: "credit note",
				Reference: "credit:AV-7", Source: ledger.PaymentCredit, CreditNoteID: av7}
			if n == "F-101" {
				p = ledger.Payment{InvoiceID: inv.ID, Date: inv.IssueDate, Amount: 30000, Reference: ledger.ExportReference,
					Source: ledger.PaymentFromExport, Undated: true}
			}
			if err := b.SavePayment(ctx, &p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	doc, err := svc.Letter(ctx, LetterOptions{Kind: ledger.KindReminder2, InvoiceNos: []string{"F-100", "F-101"}, AsOf: day})
	if err != nil {
		t.Fatal(err)
	}
	pdf, err := doc.PDF()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "letter.pdf")
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", p, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(strings.Join(strings.Fields(string(out)), " "))
	for _, want := range []string{
		"Avoir AV-7", "30 août 2025", "-400,00 €", "600,00 €", "700,00 €",
		"29,96 €", "80,00 €", "1 409,96 €",
		"Les paiements déjà reçus sont déduits en totalité : les intérêts ne courent que sur le montant restant dû.",
		"Vous disposez chez nous d'un avoir de 120,00 USD, qui n'a encore été déduit d'aucune facture.",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the letter lacks %q:\n%s", want, text)
		}
	}
	// The statement lists the export's payment without a date, and the
	// credit under its invoice only.
	doc, err = svc.Letter(ctx, LetterOptions{Kind: ledger.KindStatement, CustomerCode: "DUP", AsOf: day})
	if err != nil {
		t.Fatal(err)
	}
	var pays []string
	for _, p := range doc.Composed.Data.Payments {
		pays = append(pays, p.Date+" "+p.Amount)
	}
	if got := strings.ReplaceAll(strings.Join(pays, "; "), "\u00a0", " "); got != "date non précisée 300,00 €" {
		t.Errorf("statement payments %q", got)
	}
}

// creditNoteBySQL inserts a credit note as the importer would have stored
// it (saving them is the importer's side of issue 14).
func creditNoteBySQL(t *testing.T, st *store.Store, custID int64, number, date, cur string, amount int64) int64 {
	t.Helper()
	var id int64
	if err := st.DB().QueryRow(`INSERT INTO credit_notes (number, customer_id, date, currency, amount) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		number, custID, date, cur, amount).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
