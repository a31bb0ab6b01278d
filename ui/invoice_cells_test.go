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
	f := &cellFitter{lang: i18n.FR, size: theme.TextSize(), measure: measurerFor(theme.TextFont())}
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

// The fitter's own measurement is Fyne's, to the unit's hundredth, for the
// scripts and signs the table shows: a cut it thinks fits does fit.
func TestCellMeasurerMeasuresAsFyne(t *testing.T) {
	test.NewTempApp(t)
	m := measurerFor(theme.TextFont())
	if m.face == nil {
		t.Fatal("the theme's text font was not read")
	}
	for _, s := range []string{"Établissements Lefèvre et Fils", "Милош Јовановић д.о.о.", "Ђорђе Šćepanović", "1 250,00 €", "£12,345.67", "F-2026-000417", "14.11.2026.", "WAVE AV To", "…", "Société (C004217)…"} {
		want := fyne.MeasureText(s, theme.TextSize(), fyne.TextStyle{}).Width
		got := m.width(s, theme.TextSize())
		if d := got - want; d > 0.01 || d < -0.01 {
			t.Errorf("%q: %.3f wide, Fyne says %.3f", s, got, want)
		}
	}
}

// Two goroutines measure at once without a race (run with -race) and
// agree with one measuring alone.
func TestCellMeasurerFromManyGoroutines(t *testing.T) {
	test.NewTempApp(t)
	m := measurerFor(theme.TextFont())
	want := m.width("Établissements Lefèvre et Fils", 14)
	done := make(chan float32)
	for range 4 {
		go func() { done <- m.width("Établissements Lefèvre et Fils", 14) }()
	}
	for range 4 {
		if got := <-done; got != want {
			t.Errorf("measured %.3f, alone %.3f", got, want)
		}
	}
}
