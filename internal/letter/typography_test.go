package letter

import (
	"math"
	"os/exec"
	"sort"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/render"
)

// TestOneSignatureBlockForEveryKind: every kind, the payment demand whose
// template signs itself included, ends with the same block: the
// signatory's name once, in bold, in the page's right half, at least 12 mm
// below the text above it (room to sign by hand).
func TestOneSignatureBlockForEveryKind(t *testing.T) {
	var x float64
	for _, kind := range Kinds {
		for _, lg := range []ledger.Language{ledger.French, ledger.English, ledger.SerbianCyrillic} {
			c, err := Compose(testRequest(kind, lg, ledger.EnvelopeDLRight))
			if err != nil {
				t.Fatal(err)
			}
			lay, err := render.LayOut(c.Letter)
			if err != nil {
				t.Fatal(err)
			}
			var names []render.Item
			var page int
			for i, p := range lay.Pages {
				for _, it := range p.Items {
					switch {
					case it.Kind == render.TextItem && it.Text == "Claire Martin":
						names, page = append(names, it), i
					case it.Kind == render.TextItem && it.Text == "Claire" && kind != ledger.KindStatement:
						// the statement names whom to call; no other kind
						// names the signatory outside its block
						t.Errorf("%s %s: the signatory's name in the text too", kind, lg)
					}
				}
			}
			if len(names) != 1 {
				t.Errorf("%s %s: the signatory's name printed %d times", kind, lg, len(names))
				continue
			}
			n := names[0]
			if n.Style != render.Bold {
				t.Errorf("%s %s: the name is not the signature block's", kind, lg)
			}
			if x == 0 {
				x = n.X
			}
			if math.Abs(n.X-x) > 0.01 {
				t.Errorf("%s %s: signature at x %.1f, other kinds at %.1f", kind, lg, n.X, x)
			}
			above := 0.0
			for _, it := range lay.Pages[page].Items {
				if it.Kind == render.TextItem && it.Y < n.Y && it.Y > above && it.Y < lay.Pages[page].H-30*72/25.4 {
					above = it.Y
				}
			}
			if gap := (n.Y - above) / (72 / 25.4); gap < 12 {
				t.Errorf("%s %s: %.1f mm between the text and the name: no room to sign", kind, lg, gap)
			}
		}
	}
}

// TestEnclosuresNameEachInvoice: the line names every invoice, in the
// plural when there are several, and wraps rather than run off the page.
func TestEnclosuresNameEachInvoice(t *testing.T) {
	req := testRequest("reminder-1", ledger.French, ledger.EnvelopeDLRight)
	cases := map[ledger.Language]string{
		ledger.French:          "P. J. : copies des factures F2026-0107 et F2026-0188",
		ledger.English:         "Enclosed: copies of invoices F2026-0107 and F2026-0188",
		ledger.SerbianCyrillic: "Прилог: копије фактура F2026-0107 и F2026-0188",
		ledger.SerbianLatin:    "Prilog: kopije faktura F2026-0107 i F2026-0188",
	}
	for lg, want := range cases {
		if got := nbspRepl.Replace(enclosures(req, lang(lg))); got != want {
			t.Errorf("%s: %q, want %q", lg, got, want)
		}
	}
	req.Invoices = req.Invoices[:1]
	if got := nbspRepl.Replace(enclosures(req, lang(ledger.English))); got != "Enclosed: copy of invoice F2026-0107" {
		t.Errorf("one invoice: %q", got)
	}
	// Twelve invoices: the line wraps inside the text width.
	req = testRequest("reminder-1", ledger.English, ledger.EnvelopeDLRight)
	for i := 0; i < 10; i++ {
		il := req.Invoices[0]
		il.Invoice.Number = "F2026-01" + string(rune('0'+i)) + "9"
		req.Invoices = append(req.Invoices, il)
	}
	c, err := Compose(req)
	if err != nil {
		t.Fatal(err)
	}
	lay, err := render.LayOut(c.Letter)
	if err != nil {
		t.Fatal(err)
	}
	fs, _ := render.Faces()
	for _, p := range lay.Pages {
		for _, it := range p.Items {
			if it.Kind == render.TextItem && it.Style == render.Italic && it.X+fs[render.Italic].Width(it.Text, it.Size) > p.W-20*72/25.4+0.01 {
				t.Errorf("enclosures word %q runs past the right margin", it.Text)
			}
		}
	}
}

// TestSecondPageHeader: a letter of two pages, read back by pdftotext,
// heads its second page with the company, the recipient, the date and the
// page number.
func TestSecondPageHeader(t *testing.T) {
	needTools(t)
	req := testRequest("statement", ledger.English, ledger.EnvelopeDLRight)
	for i := 0; i < 40; i++ {
		il := req.Invoices[1]
		il.Invoice.Number = "S-" + string(rune('A'+i%26)) + string(rune('a'+i/26))
		req.Invoices = append(req.Invoices, il)
	}
	c, err := Compose(req)
	if err != nil {
		t.Fatal(err)
	}
	p := pdfOf(t, c)
	page := func(n string) string {
		out, err := exec.Command("pdftotext", "-f", n, "-l", n, p, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		return nbspRepl.Replace(string(out))
	}
	two := page("2")
	for _, want := range []string{"Ateliers Bellecour · Harper & Cole Ltd · Lyon, 22 November 2026", "Page 2 of"} {
		if !strings.Contains(two, want) {
			t.Errorf("page 2 lacks %q:\n%s", want, two[:min(len(two), 400)])
		}
	}
	if strings.Contains(page("1"), "Harper & Cole Ltd · ") {
		t.Error("page 1 has the running head")
	}
}

// wideLines counts, over a letter of every kind in lg, the justified body
// lines whose spaces stretch past 1.5 times their width, and the widest.
func wideLines(t *testing.T, lg ledger.Language, noHyphens bool) (int, float64) {
	t.Helper()
	fs, _ := render.Faces()
	f := fs[render.Regular]
	space := f.Width(" ", 10)
	const pt = 72 / 25.4
	wide, widest := 0, 0.0
	for _, kind := range Kinds {
		c, err := Compose(testRequest(kind, lg, ledger.EnvelopeDLRight))
		if err != nil {
			t.Fatal(err)
		}
		c.Letter.NoHyphens = noHyphens
		lay, err := render.LayOut(c.Letter)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range lay.Pages {
			byLine := map[float64][]render.Item{}
			for _, it := range p.Items {
				if it.Kind == render.TextItem && it.Text != "•" && it.Size == 10 && it.Style == render.Regular && it.Y > 90*pt && it.Y < p.H-30*pt {
					byLine[it.Y] = append(byLine[it.Y], it)
				}
			}
			for _, its := range byLine {
				if len(its) < 3 {
					continue
				}
				sort.Slice(its, func(i, j int) bool { return its[i].X < its[j].X })
				g := (its[1].X - its[0].X - f.Width(its[0].Text, 10)) / space
				if g > 1.5 {
					wide++
				}
				widest = max(widest, g)
			}
		}
	}
	return wide, widest
}

// TestHyphenationNarrowsTheGaps: over a letter of every kind, hyphenation
// leaves fewer justified lines with wide spaces in French and Serbian.
func TestHyphenationNarrowsTheGaps(t *testing.T) {
	for _, lg := range []ledger.Language{ledger.French, ledger.SerbianCyrillic, ledger.SerbianLatin} {
		with, w1 := wideLines(t, lg, false)
		without, w2 := wideLines(t, lg, true)
		t.Logf("%s: %d lines stretched past 1.5 spaces with hyphenation (widest %.2f), %d without (%.2f)", lg, with, w1, without, w2)
		if with >= without {
			t.Errorf("%s: %d wide lines with hyphenation, %d without", lg, with, without)
		}
	}
}
