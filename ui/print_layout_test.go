package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/i18n"
)

// cutOrOutside lists the buttons, selects and one-line labels under o
// whose text is wider than the widget (cut, or ellipsised), or that lie
// outside the window.
func cutOrOutside(u *UI, o fyne.CanvasObject) []string {
	win := u.Win.Canvas().Size()
	var bad []string
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		text := ""
		switch w := o.(type) {
		case *widget.Button:
			text = w.Text
		case *widget.Select:
			text = w.Selected
		case *widget.Label:
			if w.Wrapping == fyne.TextWrapOff {
				text = w.Text
			}
		}
		// Fyne's dialog title is never resized by its layout (drawn from
		// its position, whole): a size of zero is not a cut.
		if text != "" && !o.Size().IsZero() {
			pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(o)
			size, min := o.Size(), o.MinSize()
			if sel, ok := o.(*widget.Select); ok {
				// A select's MinSize does not hold its choice's text (it
				// ellipsises it): the text, its padding and the arrow.
				text := fyne.MeasureText(sel.Selected, theme.TextSize(), fyne.TextStyle{})
				min.Width = text.Width + 2*theme.InnerPadding() + theme.IconInlineSize() + theme.Padding()
			}
			switch {
			case size.Width+0.5 < min.Width:
				bad = append(bad, "cut: "+text)
			case pos.X < 0 || pos.Y < 0 || pos.X+size.Width > win.Width+0.5 || pos.Y+size.Height > win.Height+0.5:
				bad = append(bad, "outside the window: "+text)
			}
		}
		if c, ok := o.(*fyne.Container); ok {
			for _, x := range c.Objects {
				walk(x)
			}
		} else if w, ok := o.(fyne.Widget); ok {
			for _, x := range test.WidgetRenderer(w).Objects() {
				walk(x)
			}
		}
	}
	walk(o)
	return bad
}

// TestReminderAndPrintDialogsFit: at 1280×720 and 1366×768, in every
// language, the Send reminder dialog and the print dialog (with a
// printer, after saving) show every button, choice and one-line label
// whole, inside the window. A select shows its choice whole: the kinds
// and languages in words are not cut.
func TestReminderAndPrintDialogsFit(t *testing.T) {
	fakePATH(t, map[string]string{"lp": "", "lpstat": "printer Brother_HL_L2350DW_series is idle.\nsystem default destination: Brother_HL_L2350DW_series\n"})
	svc := postalUILedger(t)
	for _, size := range []fyne.Size{{Width: 1280, Height: 720}, {Width: 1366, Height: 768}} {
		for _, l := range i18n.Langs {
			u := newTestUI(t, svc, l, nil)
			u.Win.Resize(size)
			u.Show(ScreenInvoices)
			<-u.invoices.Opened()
			u.Wait()
			test.Tap(reminderButton(t, u.invoices, 0))
			u.Wait()
			for _, k := range reminderKinds {
				u.lastReminder.SetKind(k)
				u.Wait()
				if bad := cutOrOutside(u, u.Win.Canvas().Overlays().Top()); len(bad) > 0 {
					t.Errorf("%s %v, reminder dialog, %s: %q", l, size, k, bad)
				}
			}
			test.Tap(u.lastReminder.Print)
			u.Wait()
			u.savePath = func(_ string, then func(string)) { then(t.TempDir() + "/lettre.pdf") }
			test.Tap(u.lastPrintDialog.SavePDF)
			u.Wait()
			if bad := cutOrOutside(u, u.Win.Canvas().Overlays().Top()); len(bad) > 0 {
				t.Errorf("%s %v, print dialog: %q", l, size, bad)
			}
		}
	}
}
