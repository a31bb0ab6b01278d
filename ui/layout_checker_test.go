package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/i18n"
)

// TestLayoutCheckerFinds: each check of the layout matrix finds what it
// is for, on a window made to show it, and says nothing of a window that
// fits; so a matrix that passes has looked.
func TestLayoutCheckerFinds(t *testing.T) {
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.DefaultTheme())
	run := func(lang i18n.Lang, content fyne.CanvasObject) []string {
		t.Helper()
		w := a.NewWindow("Relance")
		defer w.Close()
		w.SetContent(content)
		w.Resize(fyne.NewSize(400, 300))
		words, err := newWordCheck(lang)
		if err != nil {
			t.Fatal(err)
		}
		c := &layoutChecker{lang: lang, words: words, seen: map[string]bool{}, where: string(lang)}
		c.checkCanvas(w.Canvas())
		return c.issues
	}
	expect := func(name string, got []string, want string) {
		t.Helper()
		for _, g := range got {
			if strings.Contains(g, want) {
				return
			}
		}
		t.Errorf("%s: no problem saying %q in %q", name, want, got)
	}

	fine := run(i18n.FR, container.NewVBox(widget.NewLabel(i18n.T(i18n.FR, "ui.send_reminder")), widget.NewButton(i18n.T(i18n.FR, "ui.print"), nil)))
	if len(fine) != 0 {
		t.Errorf("a window that fits: %q", fine)
	}

	// A row wider than the window: the window would grow, and the button
	// at its end lies outside it.
	wide := container.NewHBox(widget.NewLabel(strings.Repeat("Relance ", 12)), widget.NewButton("Zut", nil))
	got := run(i18n.FR, container.NewBorder(nil, nil, nil, nil, wide))
	expect("wide row", got, "the window would grow")
	expect("wide row", got, `*widget.Button "Zut" is outside the window`)

	// A button in a row narrower than its text.
	squeezed := container.New(layout.NewGridLayout(4), widget.NewButton("Un bouton très long ici", nil),
		widget.NewLabel("a"), widget.NewLabel("b"), widget.NewLabel("c"))
	expect("squeezed button", run(i18n.FR, squeezed), `"Un bouton très long ici" is squeezed`)

	// A label that ends its text in "…", and an entry whose hint is cut.
	trunc := widget.NewLabel(strings.Repeat("Relance ", 12))
	trunc.Truncation = fyne.TextTruncateEllipsis
	entry := widget.NewEntry()
	entry.SetPlaceHolder("JJ/MM/AAAA")
	got = run(i18n.FR, container.NewVBox(trunc, container.NewHBox(entry)))
	expect("truncated label", got, "is cut")
	expect("narrow entry", got, `"JJ/MM/AAAA" is cut`)

	// Inside a scroll, content larger than the window is fine: it scrolls.
	if got := run(i18n.FR, container.NewScroll(wide)); len(got) != 0 {
		t.Errorf("a row that scrolls: %q", got)
	}

	// Words: a catalog key, English in French (whole, or a part of a
	// line), Fyne's own default; none of them in English, but the key.
	key := widget.NewLabel("ui.send_reminder")
	english := widget.NewButton(i18n.T(i18n.EN, "ui.send_reminder"), nil)
	part := widget.NewLabel("C0001 — " + i18n.T(i18n.EN, "ui.status_overdue"))
	sel := widget.NewSelect([]string{"un", "deux"}, nil)
	written := widget.NewLabel("Reading the file and its rows…") // in no catalog
	box := container.NewVBox(key, english, part, sel, written)
	got = run(i18n.FR, box)
	expect("key", got, `"ui.send_reminder" is a catalog key`)
	expect("English", got, `"`+i18n.T(i18n.EN, "ui.send_reminder")+`" is English`)
	expect("English part", got, `is English (ui.status_overdue)`)
	expect("Fyne's placeholder", got, `"(Select one)" is English`)
	expect("English in no catalog", got, `"Reading the file and its rows…" is English (its words)`)
	got = run(i18n.EN, container.NewVBox(widget.NewLabel("ui.send_reminder"), widget.NewButton(i18n.T(i18n.EN, "ui.send_reminder"), nil)))
	if len(got) != 1 || !strings.Contains(got[0], "catalog key") {
		t.Errorf("English: %q", got)
	}
	// French words English shares are French ("Total", "Contact").
	if got := run(i18n.FR, container.NewVBox(widget.NewLabel(i18n.T(i18n.FR, "ui.f_contact")), widget.NewLabel(i18n.T(i18n.FR, "ui.col.total")))); len(got) != 0 {
		t.Errorf("French words: %q", got)
	}
}
