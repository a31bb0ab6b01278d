package render

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

func TestKeepLines(t *testing.T) {
	// n lines, fit on this page → break before line s (n: no break).
	cases := []struct{ n, fit, want int }{
		{5, 9, 5}, {5, 5, 5},
		{5, 4, 3}, // 4 + 1 would leave a widow: 3 + 2
		{5, 1, 0}, // 1 + 4 would leave an orphan: all to the next page
		{5, 2, 2}, // 2 + 3
		{3, 2, 0}, // 2 + 1 (widow) or 1 + 2 (orphan): all go over
		{2, 1, 0}, {1, 0, 0}, {4, 0, 0},
		{4, 3, 2}, // 2 + 2
	}
	for _, c := range cases {
		if got := keepLines(c.n, c.fit); got != c.want {
			t.Errorf("keepLines(%d, %d) = %d, want %d", c.n, c.fit, got, c.want)
		}
	}
}

// linesByPage counts, per page, the baselines holding a word of text
// (each paragraph's words start with its marker "pN").
func paraLines(lay *Layout, marker string) []int {
	out := make([]int, len(lay.Pages))
	for i, p := range lay.Pages {
		ys := map[float64]bool{}
		for _, it := range p.Items {
			if it.Kind == TextItem && strings.HasPrefix(it.Text, marker) {
				ys[it.Y] = true
			}
		}
		out[i] = len(ys)
	}
	return out
}

// TestNoWidowsNorOrphans: whatever the length of the text before it, a
// five-line paragraph crossing a page break leaves at least two lines on
// each page; a three-line one is never split.
func TestNoWidowsNorOrphans(t *testing.T) {
	for _, n := range []int{5, 3} {
		split := false
		for before := 10; before < 60; before++ {
			l := sampleLetter()
			l.Table, l.Signature, l.Enclosures = nil, nil, ""
			l.Body = []Block{{Para, "Madame,"}}
			for i := 0; i < before; i++ {
				l.Body = append(l.Body, Block{Bullet, fmt.Sprintf("ligne %d", i)})
			}
			words := make([]string, 0, 14*n)
			for i := 0; i < 14*n; i++ {
				words = append(words, "xmot") // ~14 words a line at 10 pt
			}
			l.Body = append(l.Body, Block{Para, strings.Join(words, " ")}, Block{Para, "Fin."})
			lay, err := layOut(l, bodyLeading, paraGap)
			if err != nil {
				t.Fatal(err)
			}
			counts := paraLines(lay, "xmot")
			var on []int
			for _, c := range counts {
				if c > 0 {
					on = append(on, c)
				}
			}
			if len(on) > 1 {
				split = true
				for _, c := range on {
					if c < 2 {
						t.Errorf("%d-line paragraph after %d lines: %v lines a page", n, before, on)
					}
				}
				if n == 3 {
					t.Errorf("a 3-line paragraph split: %v", on)
				}
			}
		}
		if n == 5 && !split {
			t.Error("the 5-line paragraph never crossed a page: the test proves nothing")
		}
	}
}

// TestContinuationHeader: pages after the first are headed by the
// company, recipient and date and "page 2/2"; the first page is not.
func TestContinuationHeader(t *testing.T) {
	l := sampleLetter()
	l.RunningHead = "Ateliers Bellecour · Boulangerie Martin · 22 novembre 2026"
	for i := 0; i < 40; i++ {
		l.Body = append(l.Body, Block{Bullet, fmt.Sprintf("ligne %d", i)})
	}
	lay, err := LayOut(l)
	if err != nil {
		t.Fatal(err)
	}
	if len(lay.Pages) != 2 {
		t.Fatalf("%d pages", len(lay.Pages))
	}
	head := func(p Page) (string, string, float64) {
		var left, right string
		firstBody := 1e9
		for _, it := range p.Items {
			if it.Kind != TextItem {
				continue
			}
			switch {
			case it.Text == l.RunningHead:
				left = it.Text
			case it.Text == "Page 2/2" && it.Y < 20*mm:
				right = it.Text
			case it.Y > 20*mm && it.Y < p.H-30*mm:
				firstBody = min(firstBody, it.Y)
			}
		}
		return left, right, firstBody
	}
	if a, b, _ := head(lay.Pages[0]); a != "" || b != "" {
		t.Errorf("page 1 has a running head %q %q", a, b)
	}
	a, b, body := head(lay.Pages[1])
	if a == "" || b == "" {
		t.Errorf("page 2: running head %q, page %q", a, b)
	}
	if body < 22*mm {
		t.Errorf("page 2's text starts at %.1f mm, into its running head", body/mm)
	}
}

// TestSerbianJustifiedGaps: a justified Serbian paragraph's word spaces,
// measured on the laid-out lines, stretch far less with hyphenation; the
// widest is at most twice a normal space.
func TestSerbianJustifiedGaps(t *testing.T) {
	text := strings.Repeat("Обавештавамо Вас да према нашој евиденцији рачуноводствене службе преостали неизмирени износ доспелих потраживања износи укупно ", 4)
	widest := func(hyphens bool) float64 {
		l := sampleLetter()
		l.Lang, l.NoHyphens = "sr-Cyrl", !hyphens
		l.Table, l.Enclosures = nil, ""
		l.Body = []Block{{Para, text}}
		lay, err := LayOut(l)
		if err != nil {
			t.Fatal(err)
		}
		fs, _ := Faces()
		f := fs[Regular]
		byLine := map[float64][]Item{}
		for _, it := range lay.Pages[0].Items {
			if it.Kind == TextItem && it.Size == bodySize && it.Style == Regular && it.Y > 100*mm {
				byLine[it.Y] = append(byLine[it.Y], it)
			}
		}
		var ys []float64
		for y := range byLine {
			ys = append(ys, y)
		}
		sort.Float64s(ys)
		worst := 0.0
		for _, y := range ys[:len(ys)-1] { // the last line is not justified
			its := byLine[y]
			sort.Slice(its, func(i, j int) bool { return its[i].X < its[j].X })
			for i := 1; i < len(its); i++ {
				gap := its[i].X - (its[i-1].X + f.Width(its[i-1].Text, bodySize))
				worst = max(worst, gap/f.Width(" ", bodySize))
			}
		}
		return worst
	}
	with, without := widest(true), widest(false)
	t.Logf("widest space: %.2f × normal with hyphenation, %.2f × without", with, without)
	if with > 2 || with >= without {
		t.Errorf("widest space %.2f × with hyphenation, %.2f × without", with, without)
	}
}

// TestSignatureNeverAloneWithItsClosing: when the signature goes over to
// the next page, the closing formula and the last two lines (at least) of
// the paragraph before go with it.
func TestSignatureNeverAloneWithItsClosing(t *testing.T) {
	carried := 0
	for n := 1; n < 40; n++ {
		l := sampleLetter()
		l.Table, l.Enclosures = nil, ""
		l.Body = []Block{{Para, "Madame,"}}
		for i := 0; i < n; i++ {
			l.Body = append(l.Body, Block{Bullet, fmt.Sprintf("ligne %d", i)})
		}
		if n%2 == 0 { // the closing after a paragraph, or after a list
			l.Body = append(l.Body, Block{Para, strings.Repeat("avant ", 70)})
		}
		l.Body = append(l.Body, Block{Para, "Veuillez agréer nos salutations."})
		lay, err := LayOut(l)
		if err != nil {
			t.Fatal(err)
		}
		last := lay.Pages[len(lay.Pages)-1]
		for pi, p := range lay.Pages { // a bullet stays with its text
			for _, it := range p.Items {
				if it.Text != "•" {
					continue
				}
				with := false
				for _, o := range p.Items {
					with = with || (o.Kind == TextItem && o.Y == it.Y && o.Text != "•")
				}
				if !with {
					t.Errorf("%d bullets: a bullet without its text on page %d", n, pi+1)
				}
			}
		}
		if len(lay.Pages) < 2 {
			continue
		}
		sig, closing := false, false
		before := map[float64]bool{}
		for _, it := range last.Items {
			switch {
			case it.Text == "Claire Martin":
				sig = true
			case it.Text == "Veuillez":
				closing = true
			case strings.HasPrefix(it.Text, "avant"):
				before[it.Y] = true
			}
		}
		if !sig {
			continue
		}
		if onlyEnd := len(before) == 0; !closing || onlyEnd && !hasBullet(last) {
			t.Errorf("%d bullets: the last page has the signature, closing %v, %d lines of the paragraph before", n, closing, len(before))
		}
		if len(before) == 1 {
			t.Errorf("%d bullets: one line of the paragraph before went over with the signature", n)
		}
		if len(before) >= 2 {
			carried++
		}
	}
	if carried == 0 {
		t.Error("no case carried the paragraph's end: the test proves nothing")
	}
}

func hasBullet(p Page) bool {
	for _, it := range p.Items {
		if strings.HasPrefix(it.Text, "ligne") {
			return true
		}
	}
	return false
}

// TestTableTotalsKeepARow: however long the invoice table, the page its
// totals are on also has at least one of its rows, under the repeated
// header.
func TestTableTotalsKeepARow(t *testing.T) {
	moved := false
	for n := 20; n < 60; n++ {
		l := sampleLetter()
		l.Body = []Block{{Para, "Madame,"}, {Table, ""}, {Para, "Fin."}}
		l.Table.Rows = nil
		for i := 0; i < n; i++ {
			l.Table.Rows = append(l.Table.Rows, []string{fmt.Sprintf("F-%03d", i), "15 octobre 2026", "100,00 €", "100,00 €"})
		}
		l.Table.Totals = [][2]string{{"Total", "1 €"}, {"Intérêts", "1 €"}, {"Total dû", "2 €"}}
		lay, err := layOut(l, bodyLeading, paraGap)
		if err != nil {
			t.Fatal(err)
		}
		for pi, p := range lay.Pages {
			rows, totals := 0, false
			for _, it := range p.Items {
				rows += map[bool]int{true: 1}[strings.HasPrefix(it.Text, "F-")]
				totals = totals || it.Text == "Total dû"
			}
			if totals && rows == 0 {
				t.Errorf("%d rows: the totals alone on page %d", n, pi+1)
			}
			if totals && pi > 0 {
				moved = true
			}
		}
	}
	if !moved {
		t.Error("the totals never reached a second page: the test proves nothing")
	}
}
