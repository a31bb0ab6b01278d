package render

import (
	"encoding/xml"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestOrdinalSup(t *testing.T) {
	for _, c := range []struct {
		lang, word string
		want       string // the raised letters, "" for none
	}{
		{"fr", "1er", "er"},
		{"fr", "1er\u00a0avril\u00a02026", "er"},
		{"fr", "1re", "re"},
		{"fr", "1ers", "ers"},
		{"fr", "1re,", "re"},
		{"fr", "(1er", "er"},
		{"fr", "du 1er", "er"}, // a glued word
		{"fr", "11er", ""},
		{"fr", "F-1re", ""},
		{"fr", "1erement", ""},
		{"fr", "1", ""},
		{"fr", "1e", ""}, // not an ending of premier
		{"fr", "21er", ""},
		{"en", "1er", ""}, // French typography only
		{"de", "1er", ""},
	} {
		sup := ordinalSup(c.lang, c.word)
		if got := c.word[sup[0]:sup[1]]; got != c.want {
			t.Errorf("%s %q: raised %q, want %q", c.lang, c.word, got, c.want)
		}
	}
}

// pdfWord is one word of pdftotext -bbox, in points from the page's top.
type pdfWord struct {
	Text string  `xml:",chardata"`
	X0   float64 `xml:"xMin,attr"`
	Y0   float64 `xml:"yMin,attr"`
	X1   float64 `xml:"xMax,attr"`
	Y1   float64 `xml:"yMax,attr"`
}

// TestFrenchOrdinalIsSuperscript (issue 18: '"1er" is not superscript'):
// in a French letter, the "er" of "1er avril" and the "re" of "1re" are
// drawn smaller and raised, in the body, the place and date and the
// table (a due date, right-aligned), measured in the PDF by pdftotext -bbox: the
// letters' box is lower than 70 % of the line's words' height and its
// bottom above theirs; the text still reads "1er avril 2026" (pdftotext,
// and the layout's items); the justified line keeps within the text
// column. In English, "1er" is plain.
func TestFrenchOrdinalIsSuperscript(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	l := sampleLetter()
	l.Lang = "fr"
	l.PlaceDate = "Lyon, le 1er\u00a0avril\u00a02026"
	l.Table.Rows[0][1] = "1er\u00a0mai\u00a02026" // the due date, right-aligned
	l.Body = []Block{{Para, "Madame, Monsieur,"}, {Table, ""},
		{Para, "Nous vous écrivons le 1er\u00a0avril\u00a02026 au sujet de la 1re échéance de votre contrat, restée impayée malgré nos relances répétées, et nous vous prions de bien vouloir la régler."}}
	lay, err := LayOut(l)
	if err != nil {
		t.Fatal(err)
	}
	raised := 0
	for _, it := range lay.Pages[0].Items {
		if it.Sup[1] > it.Sup[0] {
			raised++
			if s := it.Text[it.Sup[0]:it.Sup[1]]; s != "er" && s != "re" {
				t.Errorf("%q raises %q", it.Text, s)
			}
		}
	}
	if raised != 4 {
		t.Errorf("%d items with raised letters, want 4 (the date, the due date, 1er, 1re)", raised)
	}
	data, err := WritePDF(lay, "x")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "sup.pdf")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	plain, err := exec.Command("pdftotext", p, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	if text := strings.ReplaceAll(string(plain), "\u00a0", " "); !strings.Contains(text, "le 1er avril 2026 au sujet de la 1re") {
		t.Errorf("pdftotext reads:\n%s", text)
	}
	// Each run of raised letters is found beside its "1" by position
	// (pdftotext reads a table's cells out of order) and measured against
	// it: the "1" has the line's size and sits on its baseline.
	words := bboxWords(t, p)
	found := 0
	for _, w := range words {
		if w.Text != "er" && w.Text != "re" {
			continue
		}
		found++
		var one *pdfWord
		for k := range words {
			if o := &words[k]; o.Text == "1" && math.Abs(o.X1-w.X0) < 0.5 && o.Y0 <= w.Y0+0.5 && o.Y1 >= w.Y1 {
				one = o
			}
		}
		if one == nil {
			t.Errorf("%q at (%.1f, %.1f) has no \"1\" just before it", w.Text, w.X0, w.Y0)
			continue
		}
		lineH := one.Y1 - one.Y0
		if h := w.Y1 - w.Y0; h > 0.7*lineH {
			t.Errorf("%q is %.2f pt high, its \"1\" %.2f: not smaller", w.Text, h, lineH)
		}
		if w.Y1 > one.Y1-0.25*lineH {
			t.Errorf("%q's bottom at %.2f, its \"1\"'s at %.2f: not raised", w.Text, w.Y1, one.Y1)
		}
	}
	if found != 4 {
		// Set on the line's baseline at its size, pdftotext reads "1er" as
		// one word: the letters are not raised.
		t.Errorf("pdftotext -bbox finds %d runs of raised letters, want 4", found)
	}
	// The column: no word of the body past the right margin.
	right := 0.0
	for _, it := range lay.Pages[0].Items {
		if it.Kind == TextItem && it.Y > 330 && it.Y < 400 {
			f, _ := Faces()
			right = max(right, it.X+supWidth(f[it.Style], it.Text, it.Sup, it.Size))
		}
	}
	if limit := (l.PageW - 20) * mm; right > limit+0.01 {
		t.Errorf("the justified paragraph ends at %.2f pt, past %.2f", right, limit)
	}
	l.Lang = "en"
	lay, err = LayOut(l)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range lay.Pages[0].Items {
		if it.Sup != [2]int{} {
			t.Errorf("English %q raises letters", it.Text)
		}
	}
}

func bboxWords(t *testing.T, pdf string) []pdfWord {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Words []pdfWord `xml:"body>doc>page>word"`
	}
	dec := xml.NewDecoder(strings.NewReader(string(out)))
	dec.Strict = false
	dec.AutoClose = xml.HTMLAutoClose
	dec.Entity = xml.HTMLEntity
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	if len(doc.Words) == 0 {
		t.Fatalf("pdftotext -bbox gave no word:\n%s", out)
	}
	return doc.Words
}
