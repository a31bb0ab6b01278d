package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/relance-app/relance/internal/i18n"
)

// The cut is the longest beginning that fits with its "…": one more rune
// would not fit; a text that fits is kept whole.
func TestCellFitterCutsToTheColumn(t *testing.T) {
	test.NewTempApp(t)
	f := &cellFitter{lang: i18n.FR, size: theme.TextSize()}
	w := func(s string) float32 { return fyne.MeasureText(s, f.size, fyne.TextStyle{}).Width }
	names := []string{"Établissements Lefèvre et Fils (C004217)", "Ж", "Société Générale des Eaux de Vittel (VIT)", "WWWWWWWWWWWWWWWWWWWW", "iiiiiiiiiiiiiiiiiiiiiiiiiiii", "Ok"}
	for _, room := range []float32{12, 40, 90, 150, 400} {
		for _, s := range names {
			got := f.fit(s, room)
			if w(s) <= room {
				if got != s {
					t.Errorf("%q in %.0f: %q, want it whole", s, room, got)
				}
				continue
			}
			if got == "" {
				if w("…") <= room {
					t.Errorf("%q in %.0f: nothing, though … fits", s, room)
				}
				continue
			}
			if !strings.HasSuffix(got, "…") || w(got) > room {
				t.Errorf("%q in %.0f: %q (%.1f wide)", s, room, got, w(got))
				continue
			}
			kept := []rune(strings.TrimSuffix(got, "…"))
			runes := []rune(s)
			if !strings.HasPrefix(s, string(kept)) {
				t.Errorf("%q in %.0f: %q is not its beginning", s, room, got)
			} else if len(kept)+1 < len(runes) && w(string(runes[:len(kept)+1])+"…") <= room {
				t.Errorf("%q in %.0f: %q, one more rune would fit", s, room, got)
			}
		}
	}
}
