package letter

import (
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
)

// pageLines are the stroked lines ("x1 y1 m x2 y2 l S") of a PDF's first
// page, read from its content stream uncompressed by qpdf, in millimetres
// from the sheet's top-left corner.
func pageLines(t *testing.T, pdf string, pageH float64) [][4]float64 {
	t.Helper()
	qdf := filepath.Join(t.TempDir(), "qdf.pdf")
	if out, err := exec.Command("qpdf", "--qdf", "--object-streams=disable", pdf, qdf).CombinedOutput(); err != nil {
		t.Fatalf("qpdf: %v\n%s", err, out)
	}
	data, err := os.ReadFile(qdf)
	if err != nil {
		t.Fatal(err)
	}
	// The first page's content is the first stream qpdf writes after
	// "%% Contents for page 1".
	text := string(data)
	if i := strings.Index(text, "Contents for page 1"); i >= 0 {
		text = text[i:]
		if j := strings.Index(text, "endstream"); j >= 0 {
			text = text[:j]
		}
	}
	const pt = 72 / 25.4
	re := regexp.MustCompile(`([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l S`)
	var out [][4]float64
	for _, m := range re.FindAllStringSubmatch(text, -1) {
		var v [4]float64
		for i := range v {
			v[i], _ = strconv.ParseFloat(m[i+1], 64)
			v[i] /= pt
		}
		v[1], v[3] = pageH-v[1], pageH-v[3]
		out = append(out, v)
	}
	return out
}

// TestFoldAndPunchMarksInThePDF measures, in the PDF each envelope's
// letter becomes, the marks at the sheet's left edge: DIN 5008 form A folds
// at 87 and 192 mm, form B at 105 and 210 mm, the punch mark at 148.5 mm
// (half of A4); a French DL letter in three equal parts (99 mm); a US
// letter sheet (279.4 mm) in thirds, its punch mark at 139.7 mm.
func TestFoldAndPunchMarksInThePDF(t *testing.T) {
	needTools(t)
	cases := []struct {
		env    ledger.Envelope
		paper  ledger.PaperSize
		folds  []float64
		punch  float64
		height float64
	}{
		{ledger.EnvelopeDIN5008A, ledger.PaperA4, []float64{87, 192}, 148.5, 297},
		{ledger.EnvelopeDLLeft, ledger.PaperA4, []float64{87, 192}, 148.5, 297},
		{ledger.EnvelopeDIN5008B, ledger.PaperA4, []float64{105, 210}, 148.5, 297},
		{ledger.EnvelopeC5Left, ledger.PaperA4, []float64{148.5}, 148.5, 297},
		{ledger.EnvelopeDLRight, ledger.PaperA4, []float64{99, 198}, 148.5, 297},
		{ledger.EnvelopeUSNo10, ledger.PaperLetter, []float64{93.133, 186.267}, 139.7, 279.4},
	}
	for _, c := range cases {
		req := testRequest("reminder-1", ledger.English, c.env)
		req.Company.PaperSize = c.paper
		comp, err := Compose(req)
		if err != nil {
			t.Fatal(err)
		}
		var folds []float64
		punch := 0.0
		for _, l := range pageLines(t, pdfOf(t, comp), c.height) {
			if l[1] != l[3] || math.Abs(l[0]-4) > 0.05 { // marks: level, from 4 mm off the edge
				continue
			}
			switch length := l[2] - l[0]; {
			case math.Abs(length-5) < 0.05:
				folds = append(folds, l[1])
			case math.Abs(length-8) < 0.05:
				punch = l[1]
			}
		}
		if len(folds) != len(c.folds) {
			t.Errorf("%s: fold marks at %v mm, want %v", c.env, folds, c.folds)
			continue
		}
		for i := range folds {
			if math.Abs(folds[i]-c.folds[i]) > 0.05 {
				t.Errorf("%s: fold mark at %.2f mm, want %.2f", c.env, folds[i], c.folds[i])
			}
		}
		if math.Abs(punch-c.punch) > 0.05 {
			t.Errorf("%s: punch mark at %.2f mm, want %.2f", c.env, punch, c.punch)
		}
	}
}

// TestDINAddressZoneInThePDF reads back with pdftotext -bbox where the
// return line and the address are printed on a DIN 5008 letter: both from
// the 25 mm alignment line; the return line inside the 17.7 mm zone at the
// field's top (27 to 44.7 mm on form A, 45 to 62.7 mm on form B), at its
// foot; the address inside the address zone (44.7 to 72 mm, 62.7 to 90 mm),
// its first line at the zone's top. A letter abroad names the sender's
// country on its return line.
func TestDINAddressZoneInThePDF(t *testing.T) {
	needTools(t)
	for env, top := range map[ledger.Envelope]float64{ledger.EnvelopeDIN5008A: 27, ledger.EnvelopeDIN5008B: 45, ledger.EnvelopeDLLeft: 27, ledger.EnvelopeC5Left: 27} {
		req := testRequest("reminder-1", ledger.English, env) // a London customer of a Lyon company
		comp, err := Compose(req)
		if err != nil {
			t.Fatal(err)
		}
		const pt = 72 / 25.4
		returnTop, zoneTop, zoneBottom := top, top+17.7, top+45
		addr := map[string]bool{}
		for _, l := range comp.Letter.Recipient {
			for _, w := range strings.Fields(nbspRepl.Replace(l)) {
				addr[w] = true
			}
		}
		var sawCountry bool
		returnFoot := 0.0
		firstTop, minX := 1e9, 1e9
		for _, w := range bboxWords(t, pdfOf(t, comp)) {
			x0, y0, y1 := w.XMin/pt, w.YMin/pt, w.YMax/pt
			switch {
			case y0 >= returnTop-0.1 && y1 <= zoneTop+0.1 && x0 < 105: // the return zone
				if x0 < 25-0.2 {
					t.Errorf("%s: return line word %q at %.2f mm from the edge, want 25", env, w.Text, x0)
				}
				returnFoot = max(returnFoot, y1)
				sawCountry = sawCountry || w.Text == "FRANCE"
			case addr[nbspRepl.Replace(w.Text)] && y0 >= zoneTop-0.1 && y0 < zoneBottom+10:
				if y1 > zoneBottom {
					t.Errorf("%s: address word %q ends at %.2f mm, below the zone (%.1f)", env, w.Text, y1, zoneBottom)
				}
				firstTop, minX = min(firstTop, y0), min(minX, x0)
			}
		}
		if zoneTop-returnFoot > 2.5 {
			t.Errorf("%s: the return line ends at %.2f mm: not at the zone's foot (%.1f)", env, returnFoot, zoneTop)
		}
		if !sawCountry {
			t.Errorf("%s: the return line of a letter to London lacks FRANCE", env)
		}
		if math.Abs(minX-25) > 0.3 {
			t.Errorf("%s: the address starts %.2f mm from the edge, want 25", env, minX)
		}
		if firstTop-zoneTop > 1.5 || firstTop < zoneTop {
			t.Errorf("%s: the address's first line starts at %.2f mm, want at the zone's top %.1f", env, firstTop, zoneTop)
		}
	}
}

// TestReturnLineCountry: a letter at home names no country.
func TestReturnLineCountry(t *testing.T) {
	c := testCompany()
	c.Country = "FR"
	if got := returnLine(c, "FR"); strings.Contains(got, "FRANCE") {
		t.Errorf("domestic return line %q names the country", got)
	}
	if got := returnLine(c, "DE"); got != "Les Ateliers Bellecour SAS · 12 rue de la République · 69002 Lyon · FRANCE" {
		t.Errorf("return line abroad: %q", got)
	}
}

// TestUKPostcodeLineSameOnEveryEnvelope: a British address's town and
// postcode lines do not depend on the window they are printed in, a
// postcard's included.
func TestUKPostcodeLineSameOnEveryEnvelope(t *testing.T) {
	cu := testCustomer(ledger.English)
	cu.Address2 = "Unit 4"
	var first []string
	windows := map[string]Window{"postcard": PostcardWindow}
	for _, env := range []ledger.Envelope{ledger.EnvelopeDLRight, ledger.EnvelopeDLLeft, ledger.EnvelopeDIN5008A, ledger.EnvelopeDIN5008B, ledger.EnvelopeC5Left, ledger.EnvelopeUSNo10} {
		windows[string(env)] = WindowFor(env)
	}
	for env, w := range windows {
		lines, err := AddressLines(cu, "FR", w)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = lines
		}
		if strings.Join(lines, "|") != strings.Join(first, "|") {
			t.Errorf("%s: %q, other envelopes %q", env, lines, first)
		}
	}
	if got := strings.Join(first, "|"); got != "Harper & Cole Ltd|James Harper|1 King Street|Unit 4|LONDON EC2V 8AU|UNITED KINGDOM" {
		t.Errorf("address: %q", got)
	}
}
