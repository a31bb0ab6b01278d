package letter

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// scanQR reads the QR codes of a letter's first page as a person's phone
// would see the printed sheet: pdftoppm paints it at 150 dpi, zbarimg
// (Debian zbar-tools) decodes what it finds; "" when it finds none.
func scanQR(t *testing.T, pdf string) string {
	t.Helper()
	for _, tool := range []string{"pdftoppm", "zbarimg"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed (Debian packages poppler-utils, zbar-tools)", tool)
		}
	}
	base := filepath.Join(t.TempDir(), "page")
	if out, err := exec.Command("pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", "-singlefile", pdf, base).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	out, err := exec.Command("zbarimg", "-q", "--raw", "-Sbinary", base+".png").Output()
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 4 {
		return "" // zbarimg: no symbol found
	} else if err != nil {
		t.Fatalf("zbarimg: %v", err)
	}
	return strings.TrimSuffix(string(out), "\n")
}

func pdfFileText(t *testing.T, pdf string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	return nbspRepl.Replace(strings.Join(strings.Fields(string(out)), " "))
}

// TestPayQRReadBack: a printed letter's QR code, scanned, is the payment
// the letter asks for: once per scheme and currency. Euros to a French
// IBAN: the EPC code with the amount due and the invoice's RF reference;
// dinars to a Serbian account: the NBS IPS code with the 18-digit account,
// the amount with its comma and the model 97 reference; pounds: no code,
// the IBAN and reference in the text all the same. The body's paragraph
// says the same account and reference (pdftotext).
func TestPayQRReadBack(t *testing.T) {
	needTools(t)
	// Euros, one invoice: 1 000,00 € still due on F2026-0107.
	req := testRequest(ledger.KindReminder1, ledger.French, ledger.EnvelopeDLRight)
	req.Invoices = req.Invoices[:1]
	c, err := Compose(req)
	if err != nil {
		t.Fatal(err)
	}
	p := pdfOf(t, c)
	if got, want := scanQR(t, p), "BCD\n002\n1\nSCT\nAGRIFRPP\nLes Ateliers Bellecour SAS\nFR7630006000011234567890189\nEUR1000.00\n\nRF60F20260107"; got != want {
		t.Errorf("EPC code read back\n got %q\nwant %q", got, want)
	}
	text := pdfFileText(t, p)
	for _, w := range []string{"IBAN FR76 3000 6000 0112 3456 7890 189 (BIC AGRIFRPP)", "la référence RF60 F202 6010 7", "régler 1 000,00 € par virement à Les Ateliers Bellecour SAS"} {
		if !strings.Contains(text, w) {
			t.Errorf("fr: pdftotext lacks %q", w)
		}
	}

	// Dinars, a Serbian company and account, a consumer: payment code 289.
	req = testRequest(ledger.KindReminder2, ledger.SerbianCyrillic, ledger.EnvelopeDIN5008A)
	req.Invoices = req.Invoices[:1]
	req.Invoices[0].Invoice.Number = "2026-0107"
	req.Company.Country, req.Company.LegalName, req.Company.IBAN, req.Company.BIC = "RS", "Пекара Јовановић д.о.о.", "RS35260005601001611379", ""
	req.Customer.Kind = ledger.Consumer
	c, err = Compose(req)
	if err != nil {
		t.Fatal(err)
	}
	p = pdfOf(t, c)
	// 1.000,00 balance + 12,34 interest + 40,00 compensation (reminder-2 claims both).
	want := "K:PR|V:01|C:1|R:260005601001611379|N:Пекара Јовановић д.о.о.|I:RSD1052,34|SF:289|S:Фактура 2026-0107|RO:977420260107"
	if got := scanQR(t, p); got != want {
		t.Errorf("IPS code read back\n got %q\nwant %q", got, want)
	}
	text = pdfFileText(t, p)
	for _, w := range []string{"рачун 260-0056010016113-79", "модел и позив на број 97 7420260107", "1.052,34 RSD"} {
		if !strings.Contains(text, w) {
			t.Errorf("sr-Cyrl: pdftotext lacks %q", w)
		}
	}

	// Pounds: no scheme, no code; the account and reference in words.
	req = testRequest(ledger.KindReminder1, ledger.English, ledger.EnvelopeDIN5008A)
	req.Invoices = req.Invoices[:1]
	c, err = Compose(req)
	if err != nil {
		t.Fatal(err)
	}
	p = pdfOf(t, c)
	if got := scanQR(t, p); got != "" {
		t.Errorf("a QR code on a letter in pounds: %q", got)
	}
	text = pdfFileText(t, p)
	if !strings.Contains(text, "IBAN FR76 3000 6000 0112 3456 7890 189") || !strings.Contains(text, "the reference RF60 F202 6010 7") {
		t.Errorf("en: no account or reference in %q", text)
	}
}

// TestPayQRSeveralInvoices: a letter about two invoices names each
// invoice's reference in its paragraph, and its EPC code carries both as
// unstructured text (element 10 empty) for the total due.
func TestPayQRSeveralInvoices(t *testing.T) {
	needTools(t)
	req := testRequest(ledger.KindReminder1, ledger.French, ledger.EnvelopeDIN5008B)
	c, err := Compose(req)
	if err != nil {
		t.Fatal(err)
	}
	p := pdfOf(t, c)
	if got, want := scanQR(t, p), "BCD\n002\n1\nSCT\nAGRIFRPP\nLes Ateliers Bellecour SAS\nFR7630006000011234567890189\nEUR1500.00\n\n\nRF60F20260107 RF07F20260188"; got != want {
		t.Errorf("EPC code read back\n got %q\nwant %q", got, want)
	}
	if text := pdfFileText(t, p); !strings.Contains(text, "RF60 F202 6010 7 pour la F2026-0107 et RF07 F202 6018 8 pour la F2026-0188") {
		t.Errorf("the references are not named per invoice: %q", text)
	}
}

// TestNoPaymentBlock: no paragraph and no code where nothing is asked:
// no account on file, an announcement, a statement with nothing due.
func TestNoPaymentBlock(t *testing.T) {
	req := testRequest(ledger.KindReminder1, ledger.French, ledger.EnvelopeDLRight)
	req.Company.IBAN = ""
	if text, qr := paymentBlock(req, buildData(req)); text != "" || qr != nil {
		t.Errorf("no IBAN: %q, %v", text, qr != nil)
	}
	req = testRequest(ledger.KindBillingChange, ledger.French, ledger.EnvelopeDLRight)
	if text, _ := paymentBlock(req, buildData(req)); text != "" {
		t.Errorf("billing change: %q", text)
	}
	req = testRequest(ledger.KindStatement, ledger.French, ledger.EnvelopeDLRight)
	req.Charges = false // a statement claims no interest
	for i := range req.Invoices {
		req.Invoices[i].Balance = 0
	}
	c, err := Compose(req)
	if err != nil {
		t.Fatal(err)
	}
	if c.Letter.PayQR != nil {
		t.Error("a QR code on a statement with nothing due")
	}
	for _, b := range c.Letter.Body {
		if strings.Contains(b.Text, "IBAN") {
			t.Errorf("statement with nothing due: %q", b.Text)
		}
	}
	// NoQR: the paragraph stays, the code goes (the benchmark's letter).
	req = testRequest(ledger.KindReminder1, ledger.French, ledger.EnvelopeDLRight)
	req.NoQR = true
	if text, qr := paymentBlock(req, buildData(req)); text == "" || qr != nil || strings.Contains(text, "QR") {
		t.Errorf("NoQR: %q, %v", text, qr != nil)
	}
}
