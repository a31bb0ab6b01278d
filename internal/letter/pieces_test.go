package letter

import (
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/render"
)

var allLanguages = []ledger.Language{ledger.French, ledger.English, ledger.German, ledger.SerbianCyrillic, ledger.SerbianLatin}

// bboxPages is `pdftotext -bbox` of every page.
func bboxPages(t *testing.T, pdf string) [][]bboxWord {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", pdf, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Pages []struct {
			Words []bboxWord `xml:"word"`
		} `xml:"body>doc>page"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatalf("bbox XML: %v", err)
	}
	var pages [][]bboxWord
	for _, p := range doc.Pages {
		pages = append(pages, p.Words)
	}
	return pages
}

func writePDF(t *testing.T, lay *render.Layout) string {
	t.Helper()
	data, err := render.PDF(lay, "test")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "out.pdf")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("qpdf", "--check", p).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
	return p
}

// TestPostcardsTwoPerSheet: three customers' postcards in each language
// make two A4 sheets printed on both sides; on each front the two message
// sides, on each back the two address sides, each address inside the
// card's address area and behind its own message (long-edge duplex).
func TestPostcardsTwoPerSheet(t *testing.T) {
	needTools(t)
	for _, lg := range allLanguages {
		var cards []render.Card
		var names []string
		for i, city := range []string{"Paris", "Lyon", "Nantes"} {
			req := testRequest("paperless-postcard", lg, ledger.EnvelopeDLRight)
			req.Customer.Name = "Client" + strconv.Itoa(i+1) + " SARL"
			req.Customer.City = city
			c, err := ComposePostcard(req)
			if err != nil {
				t.Fatalf("%s: %v", lg, err)
			}
			cards = append(cards, *c)
			names = append(names, "Client"+strconv.Itoa(i+1))
		}
		lay, err := Postcards(cards, ledger.PaperA4)
		if err != nil {
			t.Fatalf("%s: %v", lg, err)
		}
		if len(lay.Pages) != 4 {
			t.Fatalf("%s: %d pages, want 4 (two sheets, both sides)", lg, len(lay.Pages))
		}
		p := writePDF(t, lay)
		pages := bboxPages(t, p)
		org := render.CardOrigins(210, 297)
		const pt = 72 / 25.4
		// Which card (0 top, 1 bottom) holds a word, by its middle.
		cardOf := func(w bboxWord) int {
			if (w.YMin+w.YMax)/2 < (org[1][1])*pt {
				return 0
			}
			return 1
		}
		for i, name := range names {
			front, back := pages[2*(i/2)], pages[2*(i/2)+1]
			slot := i % 2
			// The greeting is on the front, the name only on the back.
			found := false
			for _, w := range back {
				if w.Text == name {
					found = true
					if cardOf(w) != slot {
						t.Errorf("%s: %s's address is on card %d of the back, its message on card %d", lg, name, cardOf(w), slot)
					}
					a := render.CardAddress
					x0, y0 := (org[slot][0]+a.X)*pt, (org[slot][1]+a.Y)*pt
					x1, y1 := x0+a.W*pt, y0+a.H*pt
					if w.XMin < x0-0.5 || w.XMax > x1+0.5 || w.YMin < y0-0.5 || w.YMax > y1+0.5 {
						t.Errorf("%s: %s at (%.1f,%.1f)-(%.1f,%.1f), address area (%.1f,%.1f)-(%.1f,%.1f)", lg, name, w.XMin, w.YMin, w.XMax, w.YMax, x0, y0, x1, y1)
					}
				}
			}
			if !found {
				t.Errorf("%s: %s not on the back of sheet %d", lg, name, i/2+1)
			}
			for _, w := range front {
				if w.Text == name {
					t.Errorf("%s: the customer's name is on the message side", lg)
				}
			}
		}
		// Every word of every side stays within its card.
		for n, words := range pages {
			for _, w := range words {
				x0, x1 := org[0][0]*pt, (org[0][0]+render.CardW)*pt
				y0, y1 := org[0][1]*pt, (org[1][1]+render.CardH)*pt
				if w.XMin < x0 || w.XMax > x1 || w.YMin < y0 || w.YMax > y1 {
					t.Errorf("%s page %d: %q outside the cards", lg, n+1, w.Text)
				}
			}
		}
		// The consent channels are on the message side.
		out, _ := exec.Command("pdftotext", "-f", "1", "-l", "1", p, "-").Output()
		text := strings.Join(strings.Fields(string(out)), " ")
		for _, want := range []string{"oui@bellecour.example.fr", "bellecour.example.fr/zero-papier", "04 78 00 00 02"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s: the front lacks %q:\n%s", lg, want, text)
			}
		}
	}
}

// TestPostcardRefusesWhatDoesNotFit: an address too long for the card, or
// a message too long for its side, is an error, never clipped.
func TestPostcardRefusesWhatDoesNotFit(t *testing.T) {
	req := testRequest("paperless-postcard", ledger.French, ledger.EnvelopeDLRight)
	req.Customer.Address1 = strings.Repeat("Rue ", 12)
	if _, err := ComposePostcard(req); err == nil {
		t.Error("a 48-character street line went on the card")
	}
	req = testRequest("paperless-postcard", ledger.French, ledger.EnvelopeDLRight)
	long := "Kind: paperless-postcard\nLanguage: fr\nSubject: x\n\n" + strings.Repeat("Un long paragraphe qui ne tient pas sur une carte postale. ", 40) + "\n"
	tp, err := ParseTemplate("long.tmpl", []byte(long))
	if err != nil {
		t.Fatal(err)
	}
	req.Template = tp
	c, err := ComposePostcard(req)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Postcards([]render.Card{*c}, ledger.PaperA4); !errors.Is(err, render.ErrCardOverflow) {
		t.Errorf("an overlong message: %v", err)
	}
	table := "Kind: paperless-postcard\nLanguage: fr\nSubject: x\n\n::table\n"
	tp, err = ParseTemplate("table.tmpl", []byte(table))
	if err != nil {
		t.Fatal(err)
	}
	req.Template = tp
	var te *TemplateError
	if _, err := ComposePostcard(req); !errors.As(err, &te) {
		t.Errorf("a table on a postcard: %v", err)
	}
}

// TestPaperlessInsertOnAStatement: the insert is a highlighted box after the
// salutation of a statement, with its heading, in every language.
func TestPaperlessInsertOnAStatement(t *testing.T) {
	needTools(t)
	for _, lg := range allLanguages {
		req := testRequest("statement", lg, ledger.EnvelopeDLRight)
		ins, err := LoadTemplate("", "paperless-insert", string(lg))
		if err != nil {
			t.Fatal(err)
		}
		req.Inserts = []*Template{ins}
		c, err := Compose(req)
		if err != nil {
			t.Fatalf("%s: %v", lg, err)
		}
		// The box opens right after the salutation.
		b := c.Letter.Body
		if len(b) < 3 || b[0].Kind != render.Para || b[1].Kind != render.BoxStart || b[2].Kind != render.Heading {
			t.Fatalf("%s: body starts %+v", lg, b[:min(3, len(b))])
		}
		heading := b[2].Text
		lay, err := render.LayOut(c.Letter)
		if err != nil {
			t.Fatal(err)
		}
		p := writePDF(t, lay)
		// The shaded box lies behind the heading and the consent lines.
		var box *render.Item
		for i := range lay.Pages[0].Items {
			if it := &lay.Pages[0].Items[i]; it.Kind == render.RectItem && !it.Stroke && it.Gray > 0.8 {
				box = it
				break
			}
		}
		if box == nil {
			t.Fatalf("%s: no shaded box", lg)
		}
		words := bboxWords(t, p)
		first := strings.Fields(heading)[0]
		inBox := func(text string) bool {
			for _, w := range words {
				if w.Text == text && w.YMin >= box.Y-1 && w.YMax <= box.Y+box.H+1 {
					return true
				}
			}
			return false
		}
		for _, w := range []string{first, "oui@bellecour.example.fr"} {
			if !inBox(w) {
				t.Errorf("%s: %q is not inside the highlighted box", lg, w)
			}
		}
		// And the statement is still whole: its invoices follow.
		out, _ := exec.Command("pdftotext", p, "-").Output()
		if !strings.Contains(string(out), "F2026-0107") {
			t.Errorf("%s: the statement lost its invoices", lg)
		}
	}
}
