package render

import (
	"bytes"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func sampleLetter() *Letter {
	return &Letter{
		PageW: 210, PageH: 297,
		CompanyName:  "Les Ateliers Bellecour SAS",
		CompanyLines: []string{"12 rue de la République, 69002 Lyon", "04 78 00 00 00 · contact@bellecour.example.fr · bellecour.example.fr"},
		Window:       Rect{X: 110, Y: 55, W: 85, H: 33},
		Recipient:    []string{"Столарија Петровић д.о.о.", "Булевар краља Александра 73", "11000 БЕОГРАД", "SERBIA"},
		FoldMarks:    []float64{99, 198},
		PlaceDate:    "Lyon, le 22\u00a0novembre\u00a02026",
		Subject:      "Rappel de paiement – facture n° F2026-0001",
		Body: []Block{
			{Para, "Madame, Monsieur,"},
			{Para, strings.Repeat("Sauf erreur de notre part, notre facture n'a pas encore été réglée. ", 6)},
			{Table, ""},
			{BoxStart, ""}, {Para, "Merci de régler avant le 30\u00a0novembre\u00a02026."}, {BoxEnd, ""},
			{Bullet, "par téléphone : 04 78 00 00 00"},
			{Bullet, "par e-mail : contact@bellecour.example.fr"},
		},
		Table: &TableData{Header: []string{"Facture", "Échéance", "Montant", "Reste dû"}, Right: []bool{false, true, true, true},
			Rows:   [][]string{{"F2026-0001", "15\u00a0octobre\u00a02026", "1\u00a0234,56\u00a0€", "1\u00a0234,56\u00a0€"}},
			Totals: [][2]string{{"Total dû", "1\u00a0234,56\u00a0€"}}},
		Signature:  []string{"Claire Martin", "Responsable administrative"},
		Enclosures: "P.\u00a0J. : copie de la facture F2026-0001",
		Footer:     []string{"SAS au capital de 10 000 € · SIRET 732 829 320 00074 · RCS Lyon 732 829 320 · TVA FR44732829320"},
		PageLabel:  "Page %d/%d",
	}
}

func TestLayOutAndPDF(t *testing.T) {
	lay, err := LayOut(sampleLetter())
	if err != nil {
		t.Fatal(err)
	}
	if len(lay.Pages) != 1 {
		t.Fatalf("%d pages", len(lay.Pages))
	}
	data, err := PDF(lay, "test")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), "%PDF-") {
		t.Fatal("not a PDF")
	}
	p := filepath.Join(t.TempDir(), "l.pdf")
	os.WriteFile(p, data, 0o600)
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	out, err := exec.Command("pdftotext", "-layout", p, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(out), "\u00a0", " ")
	for _, want := range []string{"Столарија Петровић д.о.о.", "11000 БЕОГРАД", "1 234,56 €", "F2026-0001", "22 novembre 2026", "Total dû"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext lacks %q:\n%s", want, text)
		}
	}
	t.Logf("PDF %d bytes", len(data))
}

func TestAddressOverflowIsAnError(t *testing.T) {
	l := sampleLetter()
	l.Recipient = []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}
	if _, err := LayOut(l); err == nil {
		t.Fatal("9 lines laid out in a 33 mm window")
	}
	l.Recipient = []string{strings.Repeat("W", 40)}
	if _, err := LayOut(l); err == nil {
		t.Fatal("a line wider than the window laid out")
	}
}

func TestPNGPreview(t *testing.T) {
	lay, err := LayOut(sampleLetter())
	if err != nil {
		t.Fatal(err)
	}
	data, err := PNG(lay, 0, 50)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	// A4 at 50 dpi: 413 × 585 pixels, and ink where the address is.
	if b := img.Bounds(); b.Dx() != 413 || b.Dy() != 585 {
		t.Fatalf("size %v", b)
	}
	dark := 0
	px := func(mmv float64) int { return int(mmv * 50 / 25.4) }
	for y := px(55); y < px(88); y++ {
		for x := px(110); x < px(195); x++ {
			if r, _, _, _ := img.At(x, y).RGBA(); r < 0x8000 {
				dark++
			}
		}
	}
	if dark < 50 {
		t.Fatalf("no ink in the address window (%d dark pixels)", dark)
	}
	if _, err := PNG(lay, 5, 50); err == nil {
		t.Fatal("page 6 of 1 painted")
	}
}
