package ui

import (
	"strconv"
	"strings"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// DateEntry is a date field: written as the owner's language writes a
// date (28/09/2026, 28.09.2026., 28 Sep 2026; ISO 2026-09-28 is read too),
// or chosen in a calendar whose month and days are in that language.
// Fyne's widget.DateEntry takes its format and month names from the
// system's locale, not from the language chosen in Settings, and names
// the month in English ("January 2006"); this one follows the UI's
// language. It hands the window's shortcuts on like every field.
type DateEntry struct {
	ShortcutEntry
	popUp *widget.PopUp
	shown ledger.Date // the calendar's month
}

// newDateEntry is an empty date field whose placeholder shows how to
// write one (today's date, in the owner's language).
func (u *UI) newDateEntry() *DateEntry {
	e := &DateEntry{}
	e.u = u
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder(u.t("ui.date_hint", u.shortDate(u.today())))
	pick := widget.NewButtonWithIcon("", theme.Icon(theme.IconNameCalendar), e.openCalendar)
	pick.Importance = widget.LowImportance
	e.ActionItem = pick
	return e
}

// MinSize leaves room for the placeholder (an example date) or a whole
// date, and the calendar button: a date box 35 px wide showed "YYYY".
func (e *DateEntry) MinSize() fyne.Size {
	min := e.ShortcutEntry.MinSize()
	text := "28/09/2026."
	if len(e.PlaceHolder) > len(text) {
		text = e.PlaceHolder
	}
	if w := fyne.MeasureText(text, theme.TextSize(), e.TextStyle).Width + 6*theme.Padding() + theme.IconInlineSize()*2; min.Width < w {
		min.Width = w
	}
	return min
}

// SetDate shows d (zero: empty).
func (e *DateEntry) SetDate(d ledger.Date) { e.SetText(e.u.shortDate(d)) }

// Date reads the field: zero and no error when it is empty; an error that
// says, in the owner's language, how to write one.
func (e *DateEntry) Date() (ledger.Date, error) {
	s := strings.TrimSpace(e.Text)
	if s == "" {
		return 0, nil
	}
	if d, ok := parseDate(s); ok {
		return d, nil
	}
	return 0, &app.UserError{Msg: i18n.M("ui.date_bad", s, e.u.shortDate(e.u.today()))}
}

// parseDate reads a date as an owner writes it: ISO (2026-09-28), day
// first with / . or - between the numbers (28/09/2026, 28.09.2026., the
// year in two digits too: 28/09/26), or
// with the month in words in any of our languages (28 Sep 2026, 28
// septembre 2026, 28. септембар 2026.). A numeric date is always day
// first: the languages of the app write it so, and English is shown with
// its month in words.
func parseDate(s string) (ledger.Date, bool) {
	if d, err := ledger.ParseISODate(s); err == nil {
		return d, true
	}
	parts := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == '/' || r == '.' || r == '-' || r == ',' || unicode.IsSpace(r)
	})
	if len(parts) != 3 {
		return 0, false
	}
	day, err1 := strconv.Atoi(strings.TrimSuffix(parts[0], "er"))
	year, err2 := strconv.Atoi(parts[2])
	if err2 == nil && len(parts[2]) == 2 {
		// "28/09/26", as owners write it on the go: this century (the
		// dates a ledger is chased on are recent, or soon).
		year += 2000
	}
	if err1 != nil || err2 != nil || year < 1000 {
		return 0, false
	}
	month, err := strconv.Atoi(parts[1])
	if err != nil {
		if month = monthNamed(parts[1]); month == 0 {
			return 0, false
		}
	}
	d, err := ledger.NewDate(year, month, day)
	return d, err == nil
}

// monthNamed is the month a word names, in any language of the app: the
// name, its abbreviation (three letters at least: "sep", "déc."), or a
// form that adds an ending (the Serbian genitive "септембра"); 0 when
// none.
func monthNamed(w string) int {
	if len([]rune(w)) < 3 {
		return 0
	}
	for _, l := range []ledger.Language{ledger.English, ledger.French, ledger.German, ledger.SerbianCyrillic, ledger.SerbianLatin} {
		for m := 1; m <= 12; m++ {
			name := []rune(strings.ToLower(strings.Split(app.FormatMonthYear(l, mustDate(2000, m, 1)), "\u00a0")[0]))
			stem := name
			if len(name) > 4 {
				stem = name[:len(name)-2]
			}
			if strings.HasPrefix(string(name), w) || strings.HasPrefix(w, string(stem)) {
				return m
			}
		}
	}
	return 0
}

func mustDate(y, m, d int) ledger.Date {
	date, err := ledger.NewDate(y, m, d)
	if err != nil {
		panic(err)
	}
	return date
}

// openCalendar shows the month of the date written (else today's) under
// the field; a day chosen is written in the field.
func (e *DateEntry) openCalendar() {
	c := fyne.CurrentApp().Driver().CanvasForObject(e)
	if c == nil {
		return
	}
	d, err := e.Date()
	if err != nil || d.IsZero() {
		d = e.u.today()
	}
	y, m, _ := d.Civil()
	e.shown = mustDate(y, m, 1)
	e.popUp = widget.NewPopUp(e.calendar(), c)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(e)
	e.popUp.ShowAtPosition(pos.Add(fyne.NewPos(0, e.Size().Height)))
}

// calendar is the month shown: its name, the days of the week from
// Monday, a button a day.
func (e *DateEntry) calendar() fyne.CanvasObject {
	u := e.u
	y, m, _ := e.shown.Civil()
	title := widget.NewLabelWithStyle(strings.TrimSuffix(app.FormatMonthYear(ledger.Language(u.lang), e.shown), "."), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	move := func(n int) func() {
		return func() {
			e.shown = e.shown.AddMonths(n)
			e.popUp.Content = e.calendar()
			e.popUp.Refresh()
		}
	}
	head := container.NewBorder(nil, nil, widget.NewButtonWithIcon("", theme.NavigateBackIcon(), move(-1)),
		widget.NewButtonWithIcon("", theme.NavigateNextIcon(), move(1)), title)
	grid := container.NewGridWithColumns(7)
	for _, w := range strings.Fields(u.t("ui.weekdays")) {
		grid.Add(widget.NewLabelWithStyle(w, fyne.TextAlignCenter, fyne.TextStyle{Italic: true}))
	}
	// Monday first: blanks before the 1st.
	for i := 0; i < (int(e.shown.Weekday())+6)%7; i++ {
		grid.Add(widget.NewLabel(""))
	}
	today := u.today()
	for day := 1; ; day++ {
		d, err := ledger.NewDate(y, m, day)
		if err != nil {
			break
		}
		b := widget.NewButton(strconv.Itoa(day), func() {
			e.SetDate(d)
			e.popUp.Hide()
			if c := fyne.CurrentApp().Driver().CanvasForObject(e); c != nil {
				c.Focus(e)
			}
		})
		if d == today {
			b.Importance = widget.HighImportance
		}
		grid.Add(b)
	}
	return container.NewVBox(head, grid)
}
