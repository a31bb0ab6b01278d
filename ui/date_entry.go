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

// DateEntry is a date field in the owner's language: typed as the
// screens write dates (28/09/2026 in French, 28.09.2026 in German,
// 28.09.2026. in Serbian, 28 Sep 2026 in English), or picked from a
// calendar whose month and weekdays are in that language too. Fyne's own
// DateEntry reads and writes the system locale's format and heads its
// calendar in English whatever the app's language: not used.
//
// Make one with UI.newDateEntry, show a date with SetDate, read it with
// Date. The placeholder says the format in words, with today as the
// example (UI.dateHint).
type DateEntry struct {
	widget.Entry
	lang   i18n.Lang
	today  ledger.Date
	format func(ledger.Date) string
	msg    func(key string, args ...any) string

	popUp *widget.PopUp
	month ledger.Date // the first day of the month the calendar shows
	label *widget.Label
	days  *fyne.Container
}

// newDateEntry makes an empty date entry.
func (u *UI) newDateEntry() *DateEntry {
	e := &DateEntry{lang: u.lang, today: u.today(), format: u.shortDate, msg: u.t}
	e.ExtendBaseWidget(e)
	e.SetPlaceHolder(u.dateHint())
	e.Validator = func(s string) error {
		_, err := e.parse(s)
		return err
	}
	e.ActionItem = newInlineButton(theme.CalendarIcon(), e.openCalendar)
	return e
}

// inlineButton is an icon button inside an entry: as tall as the entry's
// inside (34 px), where an icon button's own minimum (36 px) was squeezed.
type inlineButton struct{ widget.Button }

func newInlineButton(icon fyne.Resource, tapped func()) *inlineButton {
	b := &inlineButton{}
	b.Icon, b.OnTapped, b.Importance = icon, tapped, widget.LowImportance
	b.ExtendBaseWidget(b)
	return b
}

// MinSize is the icon with a padding each side.
func (b *inlineButton) MinSize() fyne.Size {
	return fyne.NewSquareSize(theme.IconInlineSize() + 2*theme.Padding())
}

// SetDate shows d, written as the screens write dates ("" when zero).
func (e *DateEntry) SetDate(d ledger.Date) {
	if d.IsZero() {
		e.SetText("")
		return
	}
	e.SetText(e.format(d))
}

// Date reads the entry: zero when it is empty, an error in the owner's
// language (naming what was typed and the format expected) when it is not
// a date.
func (e *DateEntry) Date() (ledger.Date, error) { return e.parse(e.Text) }

func (e *DateEntry) parse(s string) (ledger.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	if d, ok := parseEntryDate(e.lang, s); ok {
		return d, nil
	}
	return 0, &app.UserError{Msg: i18n.M("ui.bad_date_typed", s, e.format(e.today))}
}

// parseEntryDate reads a date as the owner writes it in language l: day,
// month and year in that order (every language Relance speaks writes
// them so; US-style month first is not read), separated by "/", ".", "-"
// or spaces, a Serbian date's closing dot allowed; the month may be a
// name or its first three letters in l or in English ("28 sept. 2026",
// "28 Sep 2026"); a two-digit year is this century's. An ISO date
// (2026-09-28) is read in every language.
func parseEntryDate(l i18n.Lang, s string) (ledger.Date, bool) {
	if d, err := ledger.ParseISODate(s); err == nil {
		return d, true
	}
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	parts := strings.FieldsFunc(s, func(r rune) bool {
		return r == '/' || r == '.' || r == '-' || unicode.IsSpace(r)
	})
	if len(parts) != 3 {
		return 0, false
	}
	day, err := strconv.Atoi(parts[0])
	if err != nil || len(parts[0]) > 2 {
		return 0, false
	}
	month, err := strconv.Atoi(parts[1])
	if err != nil {
		if month = monthNamed(l, parts[1]); month == 0 {
			return 0, false
		}
	} else if len(parts[1]) > 2 {
		return 0, false
	}
	year, err := strconv.Atoi(parts[2])
	switch {
	case err != nil:
		return 0, false
	case len(parts[2]) == 2:
		year += 2000
	case len(parts[2]) != 4:
		return 0, false
	}
	d, err := ledger.NewDate(year, month, day)
	return d, err == nil
}

// monthNamed is the month (1–12) a word names in l or in English: its
// full name, or three letters or more of its start; 0 when none.
func monthNamed(l i18n.Lang, w string) int {
	w = strings.ToLower(w)
	if len([]rune(w)) < 3 {
		return 0
	}
	for _, lang := range []ledger.Language{ledger.Language(l), ledger.English} {
		for m := 1; m <= 12; m++ {
			name := strings.ToLower(monthName(lang, m))
			if strings.HasPrefix(name, w) {
				return m
			}
		}
	}
	return 0
}

// monthName is month m's name in l, as letters write it.
func monthName(l ledger.Language, m int) string {
	s := app.FormatMonthYear(l, ledger.MustDate("2026-"+twoDigits(m)+"-01"))
	name, _, _ := strings.Cut(s, "\u00a0")
	return name
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// openCalendar shows the month of the date typed (else today's) under
// the entry; a day tapped becomes the entry's date.
func (e *DateEntry) openCalendar() {
	d, err := e.Date()
	if err != nil || d.IsZero() {
		d = e.today
	}
	e.showMonth(d)
	if e.popUp == nil {
		prev := widget.NewButtonWithIcon("", theme.NavigateBackIcon(), func() { e.showMonth(e.month.AddMonths(-1)) })
		next := widget.NewButtonWithIcon("", theme.NavigateNextIcon(), func() { e.showMonth(e.month.AddMonths(1)) })
		head := container.NewBorder(nil, nil, prev, next, container.NewCenter(e.label))
		c := fyne.CurrentApp().Driver().CanvasForObject(e)
		if c == nil {
			return // not on a window
		}
		e.popUp = widget.NewPopUp(container.NewBorder(head, nil, nil, nil, e.days), c)
	}
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(e)
	e.popUp.ShowAtPosition(pos.Add(fyne.NewPos(0, e.Size().Height)))
}

// showMonth fills the calendar with the month of d: its name, the
// weekdays from Monday (as the owner's countries start the week), and a
// button a day.
func (e *DateEntry) showMonth(d ledger.Date) {
	y, m, _ := d.Civil()
	first, _ := ledger.NewDate(y, m, 1)
	e.month = first
	if e.label == nil {
		e.label = widget.NewLabel("")
		e.days = container.NewGridWithColumns(7)
	}
	e.label.SetText(app.FormatMonthYear(ledger.Language(e.lang), first))
	var cells []fyne.CanvasObject
	for _, w := range strings.Fields(e.msg("ui.edit_weekdays")) {
		cells = append(cells, widget.NewLabelWithStyle(w, fyne.TextAlignCenter, fyne.TextStyle{Bold: true}))
	}
	// Monday is 0: blank cells before the first day.
	for i := 0; i < (int(first.Weekday())+6)%7; i++ {
		cells = append(cells, widget.NewLabel(""))
	}
	for day := first; ; day = day.AddDays(1) {
		if _, dm, _ := day.Civil(); dm != m {
			break
		}
		_, _, n := day.Civil()
		b := widget.NewButton(strconv.Itoa(n), func() { e.Pick(day) })
		b.Importance = widget.LowImportance
		if day == e.today {
			b.Importance = widget.MediumImportance
		}
		cells = append(cells, b)
	}
	e.days.Objects = cells
	e.days.Refresh()
}

// Pick sets the date as a day tapped in the calendar does, and closes it.
func (e *DateEntry) Pick(d ledger.Date) {
	e.SetDate(d)
	if e.popUp != nil {
		e.popUp.Hide()
	}
}
