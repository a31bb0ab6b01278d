package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
)

// StartLevels is Home's offer, on a ledger whose debts are long overdue
// and never reminded, to start those customers at a later step: the owner
// chooses for all at once or per customer (friendly reminder, firmer
// letter, final demand); Save records the choices (Service.SetStartLevels)
// and no letter (exposed for tests).
type StartLevels struct {
	// Choose opens the choices (a dialog: Home stays short, and cheap to
	// build on a ledger with many such customers).
	Choose  *widget.Button
	All     *widget.Select            // sets every row
	Rows    map[string]*widget.Select // by customer code
	Save    *widget.Button
	dialog  dialog.Dialog
	content fyne.CanvasObject
}

// startLevelNames are the levels 1 to 3 in words, by index.
func (u *UI) startLevelNames() []string {
	return []string{u.t("ui.start_level_1"), u.t("ui.start_level_2"), u.t("ui.start_level_3")}
}

// startLevels is Home's card: what the offer is about, and the button
// that opens the choices.
func (u *UI) startLevels(offers []app.StartOffer) (*StartLevels, fyne.CanvasObject) {
	s := &StartLevels{}
	intro := widget.NewLabel(i18n.TN(u.lang, "ui.start_intro", len(offers), app.LongOverdueDays))
	intro.Wrapping = fyne.TextWrapWord
	s.Choose = widget.NewButton(u.t("ui.start_choose"), func() { u.showStartLevels(s, offers) })
	s.Choose.Importance = widget.HighImportance
	return s, widget.NewCard(u.t("ui.start_title"), "", container.NewVBox(intro, container.NewHBox(s.Choose)))
}

// showStartLevels opens the choices: one row per customer with the level
// suggested for the debt's age, "For all", and Save.
func (u *UI) showStartLevels(s *StartLevels, offers []app.StartOffer) {
	names := u.startLevelNames()
	s.Rows = map[string]*widget.Select{}
	// The choices are never cut: the selects are as wide as the longest.
	var wide float32
	for _, n := range names {
		wide = max(wide, fyne.MeasureText(n, theme.TextSize(), fyne.TextStyle{}).Width)
	}
	fit := func(sel *widget.Select) fyne.CanvasObject {
		return container.NewGridWrap(fyne.NewSize(wide+4*theme.Padding()+theme.IconInlineSize()+8, sel.MinSize().Height), sel)
	}
	rows := container.NewVBox()
	for _, o := range offers {
		sel := widget.NewSelect(names, nil)
		sel.SetSelectedIndex(o.Suggested - 1)
		s.Rows[o.Code] = sel
		who := widget.NewLabel(u.t("ui.start_row", o.Name, o.Days, u.money(o.Owed, o.Currency)))
		rows.Add(container.NewBorder(nil, nil, nil, fit(sel), who))
	}
	s.All = widget.NewSelect(names, func(string) {
		for _, sel := range s.Rows {
			sel.SetSelectedIndex(s.All.SelectedIndex())
		}
	})
	s.All.PlaceHolder = u.t("ui.start_all_hint")
	s.Save = widget.NewButton(u.t("ui.start_save"), func() {
		levels := map[string]int{}
		for code, sel := range s.Rows {
			if i := sel.SelectedIndex(); i >= 0 {
				levels[code] = i + 1
			}
		}
		s.Save.Disable()
		u.load(func(ctx context.Context) error { return u.svc.SetStartLevels(ctx, levels) }, func(err error) {
			s.Save.Enable()
			if err != nil {
				u.showErr(err)
				return
			}
			s.dialog.Hide()
			u.Show(ScreenHome)
		})
	})
	s.Save.Importance = widget.HighImportance
	all := container.NewHBox(widget.NewLabel(u.t("ui.start_all")), s.All)
	scroll := container.NewVScroll(rows)
	scroll.SetMinSize(fyne.NewSize(760, 380))
	cancel := widget.NewButton(u.t("ui.cancel"), func() { s.dialog.Hide() })
	s.content = container.NewBorder(all, container.NewHBox(cancel, s.Save), nil, nil, scroll)
	s.dialog = dialog.NewCustomWithoutButtons(u.t("ui.start_title"), s.content, u.Win)
	s.dialog.Show()
}
