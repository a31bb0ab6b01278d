package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/i18n"
)

// What keeps the window on the screen. The desktop driver grows a window
// to its content's minimum size and never shrinks it back: one screen
// wider than the laptop's (an import whose headers are long, a customer
// whose address is) pushed the window past the screen's edge for the rest
// of the session, its right-hand buttons out of reach. The layout checks
// (layout_*_test.go) keep every screen within 1280×720; these keep
// whatever the ledger holds from growing the window.

// fitScreen puts a screen in a scroll of its own: a screen that needs
// more room than the window has scrolls inside it, and the window keeps
// its size. A screen that fits fills the window as before (a scroll lays
// its content out at the larger of its minimum and the scroll's size).
func fitScreen(o fyne.CanvasObject) fyne.CanvasObject {
	return container.NewScroll(o)
}

// textWidth is the width a text needs in a label or button of the
// default text size, with its inner padding.
func textWidth(s string, style fyne.TextStyle) float32 {
	return fyne.MeasureText(s, theme.TextSize(), style).Width + 2*theme.InnerPadding()
}

// navTemplate is the navigation's widest title in any language: the list
// sizes every row like its template, made once, whatever language the
// owner switches to afterwards.
func navTemplate(titles []string) string {
	widest, ww := "", float32(0)
	for _, l := range i18n.Langs {
		for _, key := range titles {
			s := i18n.T(l, key)
			if w := textWidth(s, fyne.TextStyle{}); w > ww {
				widest, ww = s, w
			}
		}
	}
	return widest
}

// sizedSelect gives a drop-down the width of its longest choice: where a
// row gives it only its minimum, Fyne sizes it for its placeholder and
// ends a longer choice in "…" (German "Rechn…" for Rechnungen).
func sizedSelect(s *widget.Select) fyne.CanvasObject {
	w := textWidth(s.PlaceHolder, fyne.TextStyle{})
	for _, o := range s.Options {
		w = max(w, textWidth(o, fyne.TextStyle{}))
	}
	// Fyne's select: the text inset, then the arrow and its padding.
	w += 2*theme.InnerPadding() + theme.IconInlineSize()
	return container.NewGridWrap(fyne.NewSize(w, s.MinSize().Height), s)
}

// smallestScreen is the smallest laptop screen the app is made for: the
// window opens at this size, and the layout checks hold every screen and
// dialog to it.
var smallestScreen = fyne.NewSize(1280, 720)

// dialogChrome is what a dialog adds around its content: its title, its
// buttons, their padding (a customer's form of 660 px made a 775 px
// dialog).
const dialogChrome = 130

// newFormDialog is dialog.NewForm with its fields in a scroll as tall as the
// window leaves room for: seventeen fields (a customer's) made a dialog
// taller than a 720 px screen, its Save button below the screen's edge.
// The fields have no validators: NewForm's disabling of the confirm
// button is not missed.
func newFormDialog(title, confirm, dismiss string, items []*widget.FormItem, callback func(bool), parent fyne.Window) dialog.Dialog {
	form := widget.NewForm(items...)
	scroll := container.NewVScroll(form)
	// The window's height, at most the smallest screen's: a window made
	// larger may be made smaller again, the dialog open.
	room := max(min(parent.Canvas().Size().Height, smallestScreen.Height)-dialogChrome-2*theme.Padding(), 240)
	scroll.SetMinSize(fyne.NewSize(form.MinSize().Width, min(form.MinSize().Height, room)))
	return dialog.NewCustomConfirm(title, confirm, dismiss, scroll, callback, parent)
}
