package render

import (
	"strings"
	"testing"
)

// TestStampEveryPage: the mark is added once to each page, inside it and
// centred, above where a letter's text begins (the top 15 mm).
func TestStampEveryPage(t *testing.T) {
	pages := []Page{{W: 595, H: 842}, {W: 595, H: 842, Items: []Item{{Kind: TextItem, X: 70, Y: 100, Text: "body", Size: 10}}}}
	if err := Stamp(pages, "PROOF — not sent to the customer"); err != nil {
		t.Fatal(err)
	}
	for i, p := range pages {
		n := 0
		for _, it := range p.Items {
			if it.Kind != TextItem || !strings.HasPrefix(it.Text, "PROOF") {
				continue
			}
			n++
			faces, _ := Faces()
			w := faces[Bold].Width(it.Text, it.Size)
			if it.X <= 0 || it.X+w >= p.W || it.Y <= 0 || it.Y > 15*mm || abs(it.X+w/2-p.W/2) > 1 {
				t.Errorf("page %d: the mark at (%.1f, %.1f), %.1f wide", i+1, it.X, it.Y, w)
			}
		}
		if n != 1 {
			t.Errorf("page %d: %d marks", i+1, n)
		}
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
