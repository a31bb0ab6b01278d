package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/i18n"
)

// layoutProblems walks what the window shows (its content and the dialog
// on top) as the test driver laid it out: a widget whose right edge is
// past the window, a button narrower than its text, or a select that
// cannot show its choice whole.
func layoutProblems(c fyne.Canvas) []string {
	width := c.Size().Width
	var out []string
	var walk func(o fyne.CanvasObject, at fyne.Position)
	walk = func(o fyne.CanvasObject, at fyne.Position) {
		if !o.Visible() {
			return
		}
		pos := at.Add(o.Position())
		name := fmt.Sprintf("%T", o)
		switch w := o.(type) {
		case *widget.Button:
			name += " " + w.Text
			if o.Size().Width+0.5 < o.MinSize().Width {
				out = append(out, fmt.Sprintf("%s: %.0f wide for %.0f", name, o.Size().Width, o.MinSize().Width))
			}
		case *widget.Select:
			name += " " + w.Selected
			need := fyne.MeasureText(w.Selected, theme.TextSize(), fyne.TextStyle{}).Width + 2*theme.InnerPadding() + theme.IconInlineSize()
			if w.Selected != "" && o.Size().Width+0.5 < need {
				out = append(out, fmt.Sprintf("%s: %.0f wide, its choice needs %.0f", name, o.Size().Width, need))
			}
		case *widget.Label:
			name += " " + w.Text
		}
		if o.Size().Width > 0 && pos.X+o.Size().Width > width+0.5 {
			// The outermost only: what it holds is past the edge with it.
			out = append(out, fmt.Sprintf("%s: right edge %.0f past the window's %.0f", name, pos.X+o.Size().Width, width))
			return
		}
		if cont, ok := o.(*fyne.Container); ok {
			for _, x := range cont.Objects {
				walk(x, pos)
			}
		}
		if w, ok := o.(fyne.Widget); ok {
			for _, x := range test.WidgetRenderer(w).Objects() {
				walk(x, pos)
			}
		}
	}
	walk(c.Content(), fyne.NewPos(0, 0))
	if top := c.Overlays().Top(); top != nil {
		walk(top, fyne.NewPos(0, 0))
	}
	return out
}

// The screens this issue changed fit 1280×720 and 1366×768 in every
// language: Home (the demo's, and a new ledger's with its next steps), the
// starting levels' choices, the welcome, Settings' rates, Replies' empty
// state and the import.
func TestHomeScreensFitTheWindow(t *testing.T) {
	demo := demoService(t)
	empty := emptyLedger(t)
	for _, size := range []fyne.Size{fyne.NewSize(1280, 720), fyne.NewSize(1366, 768)} {
		for _, l := range []i18n.Lang{i18n.EN, i18n.FR, i18n.DE, i18n.SRCyrl, i18n.SRLatn} {
			check := func(what string, u *UI) {
				t.Helper()
				u.Wait()
				if p := layoutProblems(u.Win.Canvas()); len(p) > 0 {
					t.Errorf("%s %.0fx%.0f %s:\n%s", l, size.Width, size.Height, what, strings.Join(p, "\n"))
				}
			}
			u := newTestUI(t, demo, l, nil)
			u.opt.Demo, u.opt.OwnLedger = true, "/tmp/relance.db"
			u.Win.Resize(size)
			u.Show(ScreenHome)
			check("home (demo)", u)
			test.Tap(u.home.Start.Choose)
			check("starting levels", u)
			u.home.Start.dialog.Hide()
			u.showWelcome("/tmp/relance.db")
			check("welcome", u)
			u.welcome.Dialog.Hide()

			e := newTestUI(t, empty, l, nil)
			e.Win.Resize(size)
			e.Show(ScreenHome)
			check("home (new ledger)", e)
			e.Show(ScreenSettings)
			e.settings.tabs.SelectIndex(2)
			check("settings: rates", e)
			e.Show(ScreenReplies)
			check("replies (empty)", e)
			e.Show(ScreenImport)
			check("import", e)
		}
	}
}
