package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// Dates are read as owners write them, in any of the app's languages.
func TestParseDate(t *testing.T) {
	want := ledger.MustDate("2026-09-28")
	for _, s := range []string{"2026-09-28", "28/09/2026", "28.09.2026", "28.09.2026.", "28-09-2026", "28 Sep 2026", "28 September 2026",
		"28 septembre 2026", "28 sept. 2026", "28. September 2026", "28. септембар 2026.", "28. септембра 2026.", "28. septembar 2026.", "28/09/26", "28.09.26.", "28 sept. 26"} {
		if d, ok := parseDate(s); !ok || d != want {
			t.Errorf("%q read as %v %v", s, d, ok)
		}
	}
	if d, ok := parseDate("1er mars 2027"); !ok || d != ledger.MustDate("2027-03-01") {
		t.Errorf("1er mars: %v %v", d, ok)
	}
	if d, ok := parseDate("3 juillet 2027"); !ok || d != ledger.MustDate("2027-07-03") {
		t.Errorf("juillet: %v %v", d, ok)
	}
	for _, s := range []string{"31/02/2026", "28/13/2026", "tomorrow", "28/09", "28 xyz 2026", "09/28/26", "28/09/026", "28/09/6"} {
		if d, ok := parseDate(s); ok {
			t.Errorf("%q read as %v", s, d)
		}
	}
}

// The field shows a date in the owner's language, reads it back, says a
// wrong one in words, and its calendar names the month in that language
// and writes the day chosen.
func TestDateEntry(t *testing.T) {
	u := newTestUI(t, demoService(t), i18n.SRCyrl, nil)
	e := u.newDateEntry()
	w := test.NewTempWindow(t, e)
	w.Resize(fyne.NewSize(400, 400))
	if e.PlaceHolder != "на пример 22.11.2026." || strings.Contains(e.PlaceHolder, "YYYY") {
		t.Errorf("placeholder %q", e.PlaceHolder)
	}
	if e.MinSize().Width < fyne.MeasureText("22.11.2026.", 14, fyne.TextStyle{}).Width {
		t.Errorf("the field is %v wide: a date does not fit", e.MinSize().Width)
	}
	e.SetDate(ledger.MustDate("2026-12-05"))
	if e.Text != "05.12.2026." {
		t.Errorf("shown %q", e.Text)
	}
	if d, err := e.Date(); err != nil || d != ledger.MustDate("2026-12-05") {
		t.Errorf("read back %v %v", d, err)
	}
	e.SetText("")
	if d, err := e.Date(); err != nil || !d.IsZero() {
		t.Errorf("empty: %v %v", d, err)
	}
	e.SetText("32.12.2026.")
	if _, err := e.Date(); err == nil || u.errText(err) != "\"32.12.2026.\" није датум: напишите га као 22.11.2026. или га изаберите у календару" {
		t.Errorf("wrong date said %v", err)
	}

	e.SetDate(ledger.MustDate("2027-02-10"))
	e.openCalendar()
	if e.popUp == nil || !e.popUp.Visible() {
		t.Fatal("no calendar")
	}
	shown := shownTexts(e.popUp.Content)
	if !strings.Contains(shown, "фебруар\u00a02027") || !strings.Contains(shown, "по") || strings.Contains(shown, "February") {
		t.Errorf("calendar shows:\n%s", shown)
	}
	// 1 February 2027 is a Monday: no blank before it.
	var days []*widget.Button
	for _, o := range test.LaidOutObjects(e.popUp.Content) {
		if b, ok := o.(*widget.Button); ok && b.Text != "" {
			days = append(days, b)
		}
	}
	if len(days) != 28 || days[0].Text != "1" {
		t.Fatalf("%d days, first %q", len(days), days[0].Text)
	}
	test.Tap(days[16]) // the 17th
	if e.Text != "17.02.2027." || e.popUp.Visible() {
		t.Errorf("chosen: %q, calendar still shown %v", e.Text, e.popUp.Visible())
	}
}
