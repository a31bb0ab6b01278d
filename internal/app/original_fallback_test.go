package app

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/app/letters"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/render"
	"github.com/relance-app/relance/internal/store"
)

// TestOriginalThatCannotBeJoined: an original that passes ReadForeign but
// fails when joined (here: the join is made to fail for that file) is
// replaced by a generated copy with a warning, in a single letter and in
// a print batch, where the other customers' letters keep their originals.
// Before the fallback, the batch failed whole with the join's error.
func TestOriginalThatCannotBeJoined(t *testing.T) {
	ctx := context.Background()
	day := ledger.MustDate("2025-07-20")
	dir := t.TempDir()
	svc, _, err := Create(ctx, filepath.Join(dir, "d.db"), Options{Today: func() ledger.Date { return day }})
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	orig, err := os.ReadFile("../render/testdata/original-invoice.pdf") // two pages
	if err != nil {
		t.Fatal(err)
	}
	cursed := filepath.Join(dir, "B1.pdf")
	for _, n := range []string{"A1", "B1", "C1"} {
		os.WriteFile(filepath.Join(dir, n+".pdf"), orig, 0o600)
	}
	for i, code := range []string{"A", "B", "C"} {
		cid, err := svc.Store().SaveCustomer(ctx, ledger.Customer{Code: code, Name: "Client " + code, Language: ledger.French, Kind: ledger.Business,
			Delivery: ledger.DeliveryPostal, Address1: "1 rue " + code, Postcode: "7500" + string(rune('1'+i)), City: "Paris", Country: "FR"})
		if err != nil {
			t.Fatal(err)
		}
		if err := svc.Store().InBatch(ctx, false, func(b *store.Batch) error {
			return b.InsertInvoice(ctx, &ledger.Invoice{Number: code + "1", CustomerID: cid, IssueDate: ledger.MustDate("2025-05-01"),
				DueDate: ledger.MustDate("2025-06-01"), Total: ledger.Money{Minor: 10000, Currency: "EUR"}, PDFPath: filepath.Join(dir, code+"1.pdf")})
		}); err != nil {
			t.Fatal(err)
		}
	}
	letters.JoinPDF = func(parts []render.Part, title string) ([]byte, error) {
		for _, p := range parts {
			if p.Foreign != nil && p.Foreign.Name == cursed {
				return nil, errors.New("join PDF: filter decode limit exceeded")
			}
		}
		return render.JoinPDF(parts, title)
	}
	defer func() { letters.JoinPDF = render.JoinPDF }()

	doc, err := svc.Letter(ctx, LetterOptions{Kind: "reminder-1", InvoiceNo: "B1", AsOf: day, WithCopies: true})
	if err != nil {
		t.Fatal(err)
	}
	if doc.Pages() != 3 || len(doc.Warnings) != 0 {
		t.Fatalf("before joining: %d pages, warnings %v", doc.Pages(), doc.Warnings)
	}
	if !strings.Contains(fmt.Sprint(doc.Composed.Letter.Body), "ci-joint") {
		t.Fatal("the letter does not say the original is attached: the check below tests nothing")
	}
	if _, err := doc.PDF(); err != nil {
		t.Fatalf("letter: %v", err)
	}
	if doc.Pages() != 2 || len(doc.Warnings) != 1 || doc.Warnings[0].Invoice != "B1" || doc.Warnings[0].Path != cursed ||
		doc.Warnings[0].Reason.Key != "letter.original_join_failed" || doc.Copies[0].Original != nil {
		t.Fatalf("after joining: %d pages, warnings %+v", doc.Pages(), doc.Warnings)
	}
	if strings.Contains(fmt.Sprint(doc.Composed.Letter.Body), "ci-joint") {
		t.Error("the letter still says the original is attached")
	}

	b, err := svc.PrintBatch(ctx, PrintOptions{AsOf: day}, nil)
	if err != nil || len(b.Letters) != 3 {
		t.Fatalf("%v %+v", err, b)
	}
	pdf, err := svc.BatchPDF(ctx, b, "batch")
	if err != nil {
		t.Fatalf("batch: %v", err)
	}
	if len(b.Warnings) != 1 || b.Warnings[0].Invoice != "B1" {
		t.Fatalf("batch warnings %+v", b.Warnings)
	}
	// Cover and blank back; A: letter + 2 original pages + blank; B: letter
	// + generated copy; C: letter + 2 original pages + blank.
	pages := map[string]int{}
	for _, l := range b.Letters {
		pages[l.CustomerCode] = l.Pages
	}
	if pages["A"] != 3 || pages["B"] != 2 || pages["C"] != 3 || b.Pages() != 12 {
		t.Fatalf("pages %v, %d in all", pages, b.Pages())
	}
	if _, err := exec.LookPath("pdftotext"); err == nil {
		p := filepath.Join(dir, "batch.pdf")
		os.WriteFile(p, pdf, 0o600)
		out, err := exec.Command("pdftotext", p, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(out, []byte("FACTURE F-1001")); n != 2 || !bytes.Contains(out, []byte("Copie de la facture B1")) {
			t.Errorf("%d originals in the batch, or no generated copy of B1:\n%s", n, out)
		}
	}
}
