package render

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
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
	data, err := GopdfPDF(lay, "test")
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

// TestWritePDF checks the direct writer the same way as the gopdf painter:
// qpdf finds no error, pdftotext reads the text back, every script.
func TestWritePDF(t *testing.T) {
	lay, err := LayOut(sampleLetter())
	if err != nil {
		t.Fatal(err)
	}
	// A blank back page, as print batches have.
	lay.Pages = append(lay.Pages, Page{W: lay.Pages[0].W, H: lay.Pages[0].H})
	data, err := WritePDF(lay, "Rappel – Подсетник")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "w.pdf")
	os.WriteFile(p, data, 0o600)
	for _, tool := range []string{"pdftotext", "qpdf"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed", tool)
		}
	}
	if out, err := exec.Command("qpdf", "--check", p).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	out, err := exec.Command("pdftotext", "-layout", p, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("%v %s", err, out)
	}
	text := strings.ReplaceAll(string(out), "\u00a0", " ")
	for _, want := range []string{"Столарија Петровић д.о.о.", "11000 БЕОГРАД", "1 234,56 €", "F2026-0001", "22 novembre 2026", "Total dû", "Les Ateliers Bellecour SAS"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(string(out), "Syntax Error") {
		t.Errorf("poppler complains:\n%s", out)
	}
	t.Logf("%d bytes", len(data))
}

// TestSubsetFontsAreValid pulls each embedded font out of a written PDF:
// its stream inflates (Adler-32 included), every table checksum holds, the
// whole-file checksum matches head's adjustment, the font parses, and the
// glyphs the page draws have outlines while unused ones are empty.
func TestSubsetFontsAreValid(t *testing.T) {
	lay, err := LayOut(sampleLetter())
	if err != nil {
		t.Fatal(err)
	}
	data, err := WritePDF(lay, "x")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`<< /Length1 (\d+) /Filter /FlateDecode /Length (\d+) >>\nstream\n`)
	found := 0
	for _, m := range re.FindAllSubmatchIndex(data, -1) {
		length, _ := strconv.Atoi(string(data[m[4]:m[5]]))
		length1, _ := strconv.Atoi(string(data[m[2]:m[3]]))
		zr, err := zlib.NewReader(bytes.NewReader(data[m[1] : m[1]+length]))
		if err != nil {
			t.Fatal(err)
		}
		font, err := io.ReadAll(zr) // checks the Adler-32
		if err != nil {
			t.Fatalf("font stream: %v", err)
		}
		if len(font) != length1 {
			t.Fatalf("Length1 %d, font %d bytes", length1, len(font))
		}
		tables, err := parseTables(font)
		if err != nil {
			t.Fatal(err)
		}
		var total uint32
		n := int(binary.BigEndian.Uint16(font[4:]))
		total += checksum(font[:12+16*n])
		for i := 0; i < n; i++ {
			rec := font[12+16*i:]
			tag, sum := string(rec[:4]), binary.BigEndian.Uint32(rec[4:])
			data := tables[tag]
			padded := font[binary.BigEndian.Uint32(rec[8:]):][:(len(data)+3)&^3]
			got := checksum(padded)
			if tag == "head" {
				got -= binary.BigEndian.Uint32(data[8:]) // checksummed with the adjustment at 0
			}
			if got != sum {
				t.Errorf("table %s checksum %08x, directory says %08x", tag, got, sum)
			}
			total += checksum(padded)
		}
		if total != 0xB1B0AFBA {
			t.Errorf("whole-font checksum %08x", total)
		}
		f, err := sfnt.Parse(font)
		if err != nil {
			t.Fatalf("the subset does not parse: %v", err)
		}
		// Fonts are written in style order; glyph ids are the originals'
		// (the subset's cmap is empty: the PDF addresses glyphs by id).
		var buf sfnt.Buffer
		faces, _ := Faces()
		gA := sfnt.GlyphIndex(faces[found].GlyphID('R')) // "Rappel", "P. J.", "Responsable": on the page in each style
		gQ := sfnt.GlyphIndex(faces[found].GlyphID('Q')) // on the page in no style
		if found == int(Italic) {
			gA = sfnt.GlyphIndex(faces[found].GlyphID('P'))
		}
		segA, errA := f.LoadGlyph(&buf, gA, fixed.I(1000), nil)
		if errA != nil || len(segA) == 0 {
			t.Errorf("font %d: a glyph on the page has no outline: %v", found, errA)
		}
		if segQ, _ := f.LoadGlyph(&buf, gQ, fixed.I(1000), nil); len(segQ) != 0 {
			t.Errorf("an unused glyph kept its outline")
		}
		found++
	}
	if found != 3 {
		t.Fatalf("%d fonts found, want 3", found)
	}
}

// TestBoxAcrossAPageBreak: a highlighted block cut by the page break is
// shaded on both pages, each part behind its own lines only.
func TestBoxAcrossAPageBreak(t *testing.T) {
	l := sampleLetter()
	l.Body = []Block{{Para, "Madame, Monsieur,"}, {BoxStart, ""}, {Heading, "Important"}}
	for i := 0; i < 60; i++ {
		l.Body = append(l.Body, Block{Bullet, fmt.Sprintf("ligne %d", i)})
	}
	l.Body = append(l.Body, Block{BoxEnd, ""}, Block{Para, "Fin."})
	lay, err := LayOut(l)
	if err != nil {
		t.Fatal(err)
	}
	if len(lay.Pages) < 2 {
		t.Fatalf("%d page(s): the box did not cross a page", len(lay.Pages))
	}
	for n, p := range lay.Pages[:2] {
		var box *Item
		for i := range p.Items {
			if p.Items[i].Kind == RectItem && p.Items[i].Gray > 0.8 {
				box = &p.Items[i]
			}
		}
		if box == nil {
			t.Fatalf("page %d: no shading", n+1)
		}
		lines := 0
		for _, it := range p.Items {
			if it.Kind == TextItem && it.Text == "ligne" {
				lines++
				if it.Y < box.Y || it.Y > box.Y+box.H {
					t.Errorf("page %d: a line of the box at y %.1f, outside the shading %.1f–%.1f", n+1, it.Y, box.Y, box.Y+box.H)
				}
			}
		}
		if lines == 0 {
			t.Errorf("page %d: no line of the box", n+1)
		}
	}
}

// TestClosingKeepsTheSignatureCompany: a letter that only just runs over
// is tightened onto one page; one that runs over for good carries its
// closing formula to the next page with the signature, never a signature
// alone.
func TestClosingKeepsTheSignatureCompany(t *testing.T) {
	const closing = "Veuillez agréer, Madame, Monsieur, nos salutations distinguées."
	// Paragraphs shrink when tightened; table rows do not: long tables
	// give the case where only the signature would spill.
	letterWith := func(n int) *Letter {
		l := sampleLetter()
		l.Enclosures = ""
		l.Body = []Block{{Para, "Madame, Monsieur,"}}
		if n < 30 {
			for i := 0; i < n; i++ {
				l.Body = append(l.Body, Block{Para, "Nous revenons vers vous au sujet de notre facture, restée impayée à ce jour malgré notre précédent courrier."})
			}
			l.Table = nil
		} else {
			l.Body = append(l.Body, Block{Table, ""})
			l.Table.Rows = nil
			for i := 30; i < n; i++ {
				l.Table.Rows = append(l.Table.Rows, []string{fmt.Sprintf("F2026-%04d", i), "15 octobre 2026", "100,00 €", "100,00 €"})
			}
		}
		l.Body = append(l.Body, Block{Para, closing})
		return l
	}
	tightened, carried := false, false
	for n := 5; n < 70; n++ {
		if n == 30 {
			continue
		}
		l := letterWith(n)
		normal, err := layOut(l, bodyLeading, paraGap)
		if err != nil {
			t.Fatal(err)
		}
		got, err := LayOut(l)
		if err != nil {
			t.Fatal(err)
		}
		if len(normal.Pages) == 2 && len(got.Pages) == 1 {
			tightened = true
		}
		if len(got.Pages) != 2 {
			continue
		}
		// Where do the closing's first word and the signature land?
		pageOf := func(text string) int {
			for i, p := range got.Pages {
				for _, it := range p.Items {
					if it.Kind == TextItem && it.Text == text {
						return i
					}
				}
			}
			return -1
		}
		sig, close := pageOf("Claire Martin"), pageOf("Veuillez")
		if sig != close {
			t.Errorf("case %d: the signature on page %d, the closing formula on page %d", n, sig+1, close+1)
		}
		if sig == 1 {
			carried = true
		}
	}
	if !tightened || !carried {
		t.Errorf("cases met: tightened onto one page %v, closing carried over %v", tightened, carried)
	}
}
