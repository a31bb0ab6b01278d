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

// The print batch's cover page names each letter's kind in the company's
// language ("Premier rappel"), not by its code.
func TestCoverNamesKindsInWords(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	ctx := context.Background()
	day := ledger.MustDate("2025-07-20")
	dir := t.TempDir()
	svc, _, err := Create(ctx, filepath.Join(dir, "d.db"), Options{Today: func() ledger.Date { return day }})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	cid, err := svc.Store().SaveCustomer(ctx, ledger.Customer{Code: "A", Name: "Client A", Language: ledger.French, Kind: ledger.Business,
		Delivery: ledger.DeliveryPostal, Address1: "1 rue A", Postcode: "75001", City: "Paris", Country: "FR"})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Store().InBatch(ctx, false, func(b *store.Batch) error {
		return b.InsertInvoice(ctx, &ledger.Invoice{Number: "A1", CustomerID: cid, IssueDate: ledger.MustDate("2025-05-01"),
			DueDate: ledger.MustDate("2025-06-01"), Total: ledger.Money{Minor: 10000, Currency: "EUR"}})
	}); err != nil {
		t.Fatal(err)
	}
	b, err := svc.PrintBatch(ctx, PrintOptions{AsOf: day}, nil)
	if err != nil || len(b.Letters) != 1 {
		t.Fatalf("%v %+v", err, b)
	}
	pdf, err := svc.BatchPDF(ctx, b, "batch")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "batch.pdf")
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-f", "1", "-l", "1", p, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	cover := string(out)
	if b.Letters[0].Kind != ledger.KindReminder1 || !strings.Contains(cover, "Premier rappel") || strings.Contains(cover, "reminder-1") {
		t.Errorf("kind %s; the cover says:\n%s", b.Letters[0].Kind, cover)
	}
}
