package ui

import (
	"context"
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
)

// Switching the language in Settings relabels the navigation and the
// screens at once and is kept for the next start; the dark theme is
// applied and kept; Ctrl+2 and Ctrl+P move between screens.
func TestSettingsLanguageThemeAndShortcuts(t *testing.T) {
	svc := demoService(t)
	u := newTestUI(t, svc, i18n.EN, nil)
	u.Show(ScreenSettings)
	u.Wait()
	v := u.settings

	v.Language.SetCode("sr-Cyrl")
	u.Wait()
	if u.Lang() != i18n.SRCyrl || u.App.Preferences().String("language") != "sr-Cyrl" {
		t.Fatalf("language %q, kept %q", u.Lang(), u.App.Preferences().String("language"))
	}
	if got := texts(u.nav); !strings.Contains(got, i18n.T(i18n.SRCyrl, "ui.nav_invoices")) || strings.Contains(got, "Invoices") {
		t.Errorf("navigation after the switch: %s", got)
	}
	u.Show(ScreenHome)
	u.Wait()
	if home := texts(u.Content(ScreenHome)); !strings.Contains(home, i18n.T(i18n.SRCyrl, "ui.home_today")) {
		t.Errorf("home after the switch:\n%s", home)
	}

	u.Show(ScreenSettings)
	u.Wait()
	v = u.settings
	v.Theme.SetSelected(v.Theme.Options[2]) // dark
	if u.App.Preferences().String("theme") != "dark" {
		t.Errorf("theme kept as %q", u.App.Preferences().String("theme"))
	}
	bg := u.App.Settings().Theme().Color(theme.ColorNameBackground, u.App.Settings().ThemeVariant())
	if luminance(bg) > 0.3 {
		t.Errorf("dark theme background %v", bg)
	}
	v.Theme.SetSelected(v.Theme.Options[1]) // light
	bg = u.App.Settings().Theme().Color(theme.ColorNameBackground, u.App.Settings().ThemeVariant())
	if luminance(bg) < 0.7 {
		t.Errorf("light theme background %v", bg)
	}

	sc, ok := u.Win.Canvas().(interface{ TypedShortcut(fyne.Shortcut) })
	if !ok {
		t.Fatal("the test canvas takes no shortcuts")
	}
	sc.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.Key2, Modifier: fyne.KeyModifierShortcutDefault})
	u.Wait()
	if u.Current() != ScreenInvoices {
		t.Errorf("Ctrl+2 shows %q", u.Current())
	}
	sc.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyP, Modifier: fyne.KeyModifierShortcutDefault})
	u.Wait()
	if u.Current() != ScreenRun {
		t.Errorf("Ctrl+P shows %q", u.Current())
	}
}

func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}

// New replies or returned letters found by the inbox watcher raise a
// desktop notification in the UI's language; a sync with nothing new
// raises none.
func TestNotificationOnNewReplies(t *testing.T) {
	svc := demoService(t)
	u := newTestUI(t, svc, i18n.FR, nil)
	want := &fyne.Notification{Title: "Relance", Content: i18n.T(i18n.FR, "ui.notify_replies", 2, 1)}
	test.AssertNotificationSent(t, want, func() { u.notifyReplies(&app.SyncReport{Replies: 2, Bounces: 1}) })
	test.AssertNotificationSent(t, nil, func() { u.notifyReplies(&app.SyncReport{Read: 5, Other: 5}) })
}

// Settings flags the stale tables of the company's jurisdiction beside
// their line, lists them first in the form, and adds a rate as relancectl
// rates add does; a refused rate is said beside the form, on the same tab.
func TestSettingsFlagsStaleRatesAndAddsOne(t *testing.T) {
	svc := emptyLedger(t)
	u := newTestUI(t, svc, i18n.EN, nil)
	u.Show(ScreenSettings)
	u.settings.tabs.SelectIndex(2)
	u.Wait()
	v := u.settings
	if len(v.StaleRates) != 2 || v.Rates == nil {
		t.Fatalf("%d stale flags", len(v.StaleRates))
	}
	if tab := texts(v.tabs.Items[2].Content); strings.Contains(tab, "reminder-1") || !strings.Contains(tab, "Level 3: Final demand") {
		t.Errorf("the ladder in codes:\n%s", tab)
	}
	if !strings.Contains(v.StaleRates[0].Text, "ECB") || !strings.Contains(v.StaleRates[0].Text, "known only through") {
		t.Errorf("flag %q", v.StaleRates[0].Text)
	}
	f := v.Rates
	if len(f.Table.Options) < 3 || f.Table.Selected != f.Table.Options[0] || !strings.Contains(f.Table.Selected, "ECB") {
		t.Errorf("tables offered %v, chosen %q", f.Table.Options, f.Table.Selected)
	}
	// The ECB's rate on the day: a by-change table is then known through it.
	test.Type(f.From, "2026-11-22")
	test.Type(f.Rate, "2.15")
	test.Tap(f.Add)
	u.Wait()
	if f.Error.Text == "" {
		t.Error("a rate without its source was accepted")
	}
	test.Type(f.Source, "https://www.ecb.europa.eu/press/pr/date/2026/html/index.en.html")
	test.Tap(f.Add)
	u.Wait()
	if f.Error.Text != "" {
		t.Fatalf("add: %s", f.Error.Text)
	}
	v = u.settings
	if v.tabs.SelectedIndex() != 2 || len(v.StaleRates) != 1 || strings.Contains(v.StaleRates[0].Text, "ECB") {
		t.Errorf("after the add: tab %d, flags %d", v.tabs.SelectedIndex(), len(v.StaleRates))
	}
	tabs, _ := svc.RateTables(context.Background())
	if e := tabs.Table("ecb-mro").Last(); e.From != testDay || e.Rate.String() != "2.15" {
		t.Errorf("the ECB's last entry %+v", e)
	}
}

// The company's language, law, envelope and paper size are chosen in
// words, not typed as codes: the French screen shows the envelope as
// "DL, fenêtre à droite (France)", and choosing DIN 5008 form B then Save
// stores din5008-b, the other fields left as they were.
func TestSettingsCompanyChoicesInWords(t *testing.T) {
	svc := demoService(t)
	u := newTestUI(t, svc, i18n.FR, nil)
	u.Show(ScreenSettings)
	u.Wait()
	v := u.settings
	env := v.Codes["envelope"]
	if env == nil || v.Company["envelope"] != nil {
		t.Fatalf("envelope is not a choice: codes %v", v.Codes)
	}
	before, err := svc.Company(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := i18n.T(i18n.FR, "ui.envelope."+string(before.Envelope)); env.Selected != want || strings.Contains(env.Selected, "-") {
		t.Errorf("envelope shown as %q, want %q", env.Selected, want)
	}
	for _, k := range []string{"language", "jurisdiction", "paper_size"} {
		if sel := v.Codes[k]; sel == nil || sel.Selected == "" || sel.Selected == app.CompanyValue(&before, k) {
			t.Errorf("%s: %+v (the code shown, or nothing)", k, sel)
		}
	}
	env.SetSelected("DIN 5008 forme B (Allemagne)")
	test.Tap(v.SaveCompany)
	u.Wait()
	after, err := svc.Company(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if after.Envelope != "din5008-b" {
		t.Errorf("envelope stored %q", after.Envelope)
	}
	if after.Language != before.Language || after.Jurisdiction != before.Jurisdiction || after.PaperSize != before.PaperSize || after.LegalName != before.LegalName {
		t.Errorf("other fields changed: %+v → %+v", before, after)
	}
}
