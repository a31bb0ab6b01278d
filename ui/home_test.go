package ui

import (
	"context"
	"fyne.io/fyne/v2/widget"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// emptyLedger is a new ledger on testDay with only the company's name.
func emptyLedger(t *testing.T) *app.Service {
	t.Helper()
	ctx := context.Background()
	svc, _, err := app.Create(ctx, filepath.Join(t.TempDir(), "new.db"), app.Options{Today: func() ledger.Date { return testDay }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	co := ledger.DefaultCompany()
	co.LegalName, co.Country, co.Jurisdiction = "Atelier Dupont SARL", "FR", ledger.JurisdictionFR
	if err := svc.SetCompany(ctx, co); err != nil {
		t.Fatal(err)
	}
	return svc
}

// addDebt adds a French business customer owing one invoice due days ago.
func addDebt(t *testing.T, svc *app.Service, code, name string, days int, minor int64) {
	t.Helper()
	ctx := context.Background()
	if err := svc.SaveCustomer(ctx, ledger.Customer{Code: code, Name: name, Language: ledger.French, Kind: ledger.Business,
		Address1: "1 rue A", Postcode: "75011", City: "Paris", Country: "FR", Delivery: ledger.DeliveryPostal}); err != nil {
		t.Fatal(err)
	}
	c, err := svc.Customer(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	err = svc.Store().InBatch(ctx, false, func(b *store.Batch) error {
		inv := ledger.Invoice{Number: "F-" + code, CustomerID: c.ID, IssueDate: testDay.AddDays(-days - 30), DueDate: testDay.AddDays(-days),
			Total: ledger.Money{Minor: minor, Currency: "EUR"}}
		return b.InsertInvoice(ctx, &inv)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A new ledger's Home says what to do next (import customers and
// invoices, set up mail, complete the letterhead), not that nothing is
// owed; each step's button leads there.
func TestHomeNewLedgerSaysTheNextSteps(t *testing.T) {
	svc := emptyLedger(t)
	for _, l := range []i18n.Lang{i18n.EN, i18n.FR, i18n.SRCyrl} {
		u := newTestUI(t, svc, l, nil)
		u.Wait()
		v := u.home
		home := texts(u.Content(ScreenHome))
		if v.Import == nil || v.Mail == nil || v.Letterhead == nil || v.Nothing != nil {
			t.Fatalf("%s: steps import %v mail %v letterhead %v, nothing owed %v:\n%s", l, v.Import != nil, v.Mail != nil, v.Letterhead != nil, v.Nothing != nil, home)
		}
		if !strings.Contains(home, i18n.T(l, "ui.next_import_all")) || strings.Contains(home, i18n.T(l, "ui.home_nothing_owed")) {
			t.Errorf("%s home:\n%s", l, home)
		}
		// A French company's letters need the address, the IBAN, the
		// SIRET and the VAT number; the name is there.
		if got := strings.Join(v.Missing, " "); got != "address1 postcode city iban siret vat" {
			t.Errorf("%s missing %q", l, got)
		}
		if !strings.Contains(home, i18n.T(l, "ui.legal.vat.FR")) {
			t.Errorf("%s: the VAT number is not named as in France:\n%s", l, home)
		}
		if strings.Contains(home, "DEMO") || strings.Contains(u.Win.Title(), i18n.T(l, "ui.demo_mark")) {
			t.Errorf("%s: an own ledger marked as the demo (%q)", l, u.Win.Title())
		}
		test.Tap(v.Import)
		if u.Current() != ScreenImport {
			t.Errorf("%s: Import opened %q", l, u.Current())
		}
		u.Show(ScreenHome)
		u.Wait()
		test.Tap(u.home.Letterhead)
		u.Wait()
		if u.Current() != ScreenSettings {
			t.Errorf("%s: Complete the letterhead opened %q", l, u.Current())
		} else if e := u.settings.Company["address1"]; e == nil || !focusedIs(u, e) || e.PlaceHolder != i18n.T(l, "ui.needed_on_letters") {
			t.Errorf("%s: the first missing field is not focused and marked", l)
		} else if u.settings.Company["siret"].PlaceHolder == "" || u.settings.Company["legal_name"].PlaceHolder != "" {
			t.Errorf("%s: the fields letters need are not the ones marked", l)
		}
		u.Show(ScreenHome)
		u.Wait()
		test.Tap(u.home.Mail)
		u.Wait()
		if u.lastSetup == nil {
			t.Errorf("%s: Set up mail opened no setup", l)
		} else {
			test.Tap(u.lastSetup.Close)
		}
	}

	// With customers but no invoices, the step is the invoices; with
	// every field filled, no letterhead step.
	ctx := context.Background()
	if err := svc.SaveCustomer(ctx, ledger.Customer{Code: "C1", Name: "Client 1", Language: ledger.French, Kind: ledger.Business,
		Address1: "1 rue A", Postcode: "75011", City: "Paris", Country: "FR", Delivery: ledger.DeliveryPostal}); err != nil {
		t.Fatal(err)
	}
	co, _ := svc.Company(ctx)
	for k, v := range map[string]string{"address1": "3 rue Neuve", "postcode": "69001", "city": "Lyon", "iban": "FR7630006000011234567890189",
		"siret": "73282932000074", "vat": "FR44732829320"} {
		if err := app.SetCompanyField(&co, k, v); err != nil {
			t.Fatal(k, err)
		}
	}
	if err := svc.SetCompany(ctx, co); err != nil {
		t.Fatal(err)
	}
	u := newTestUI(t, svc, i18n.EN, nil)
	u.Wait()
	home := texts(u.Content(ScreenHome))
	if u.home.Letterhead != nil || !strings.Contains(home, i18n.T(i18n.EN, "ui.next_import_invoices")) {
		t.Errorf("customers, no invoices, full letterhead:\n%s", home)
	}
}

// The demo ledger is marked DEMO in the window's title and on Home.
func TestHomeMarksTheDemo(t *testing.T) {
	svc := demoService(t)
	a := test.NewTempApp(t)
	u := New(a, svc, Options{Lang: i18n.FR, NoWatch: true, Queue: true, Demo: true})
	t.Cleanup(u.Win.Close)
	u.Wait()
	if got := u.Win.Title(); got != "Relance — DÉMO" {
		t.Errorf("title %q", got)
	}
	if u.home.Demo == nil || !strings.Contains(texts(u.Content(ScreenHome)), "DÉMO — ") {
		t.Errorf("home:\n%s", texts(u.Content(ScreenHome)))
	}
	u.SetLang(i18n.SRCyrl)
	if got := u.Win.Title(); got != "Relance — ДЕМО" {
		t.Errorf("title in Serbian %q", got)
	}
	plain := newTestUI(t, svc, i18n.FR, nil)
	plain.Wait()
	if plain.Win.Title() != "Relance" || plain.home.Demo != nil {
		t.Errorf("not the demo: title %q", plain.Win.Title())
	}
}

// A stale table of the company's jurisdiction is flagged on Home with the
// form that adds a rate; a date that is none is said beside it, one
// written day first is read; the French legal
// rate of the half-year, added, covers the half-year and the flag goes.
func TestHomeFlagsStaleRatesAndAddsOne(t *testing.T) {
	svc := emptyLedger(t)
	u := newTestUI(t, svc, i18n.EN, nil)
	u.Wait()
	v := u.home
	var ids []string
	for _, tb := range v.Stale {
		ids = append(ids, string(tb.ID))
	}
	// testDay 2026-11-22: the ECB's table is known through 2026-06-17, the
	// French legal rate's through 2026-06-30 (assets/rates/rates.json).
	if strings.Join(ids, " ") != "ecb-mro fr-legal-other" || v.Rates == nil {
		t.Fatalf("stale %v", ids)
	}
	if home := texts(u.Content(ScreenHome)); !strings.Contains(home, "known only through "+u.date(ledger.MustDate("2026-06-17"))+".") {
		t.Errorf("home:\n%s", home)
	}
	f := v.Rates
	f.Table.SetSelectedIndex(1)
	test.Type(f.From, "31/6/2026")
	test.Type(f.Rate, "3,52")
	test.Type(f.Source, "Arrêté du 19 juin 2026, JORF")
	test.Tap(f.Add)
	u.Wait()
	if !strings.Contains(f.Error.Text, "is not a date") {
		t.Errorf("bad date: %q", f.Error.Text)
	}
	f.From.SetText("1.7.2026") // day first, as the French write it
	test.Tap(f.Add)
	u.Wait()
	if f.Error.Text != "" {
		t.Fatalf("add: %s", f.Error.Text)
	}
	stale, err := svc.StaleRates(context.Background(), testDay)
	if err != nil || len(stale) != 1 || stale[0].ID != "ecb-mro" {
		t.Fatalf("stale after the add: %v, %v", stale, err)
	}
	if len(u.home.Stale) != 1 {
		t.Errorf("home after the add flags %d tables", len(u.home.Stale))
	}
	tabs, _ := svc.RateTables(context.Background())
	if e := tabs.Table("fr-legal-other").Last(); e.From != ledger.MustDate("2026-07-01") || e.Rate.String() != "3.52" || e.Source != "Arrêté du 19 juin 2026, JORF" {
		t.Errorf("the rate added: %+v", e)
	}
}

// A first run over debts long overdue offers a later starting level: the
// 447-day debt is suggested the final demand, the 120-day one the firmer
// letter, the 30-day one is not offered; "For all" sets every row; the
// choice is recorded (no letter) and the plan starts there.
func TestHomeOffersStartingLevels(t *testing.T) {
	svc := emptyLedger(t)
	addDebt(t, svc, "OLD", "Boulangerie Dupont", 447, 125000)
	addDebt(t, svc, "MID", "Garage Martin", 120, 50000)
	addDebt(t, svc, "NEW", "Café Central", 30, 20000)
	u := newTestUI(t, svc, i18n.FR, nil)
	u.Wait()
	s := u.home.Start
	if s == nil {
		t.Fatal("no offer")
	}
	test.Tap(s.Choose)
	if len(s.Rows) != 2 || s.Rows["OLD"] == nil || s.Rows["MID"] == nil {
		t.Fatalf("offers %+v", s)
	}
	names := u.startLevelNames()
	if s.Rows["OLD"].Selected != names[2] || s.Rows["MID"].Selected != names[1] {
		t.Errorf("suggested %q, %q", s.Rows["OLD"].Selected, s.Rows["MID"].Selected)
	}
	if home := texts(u.Content(ScreenHome)); !strings.Contains(home, "2 clients doivent") {
		t.Errorf("home:\n%s", home)
	}
	if rows := texts(s.content); !strings.Contains(rows, "Boulangerie Dupont — jours de retard : 447") {
		t.Errorf("choices:\n%s", rows)
	}
	s.All.SetSelected(names[1])
	if s.Rows["OLD"].Selected != names[1] {
		t.Errorf("For all did not set the rows: %q", s.Rows["OLD"].Selected)
	}
	s.Rows["OLD"].SetSelected(names[2])
	test.Tap(s.Save)
	u.Wait()
	if u.home.Start != nil {
		t.Error("the offer is still shown after the choice")
	}
	ctx := context.Background()
	for code, want := range map[string]int{"OLD": 3, "MID": 2, "NEW": 0} {
		d, err := svc.Store().CustomerDunning(ctx, code)
		if err != nil || d.Start.Level != want || (want > 0 && d.Start.On != testDay) {
			t.Errorf("%s: start %+v, %v; want level %d", code, d.Start, err, want)
		}
	}
	plan, err := svc.Plan(ctx, testDay)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]ledger.LetterKind{}
	for _, a := range plan.Actions {
		got[a.CustomerCode] = a.Kind
	}
	if got["OLD"] != ledger.KindFinalDemand || got["MID"] != ledger.KindReminder2 || got["NEW"] != ledger.KindReminder1 {
		t.Errorf("plan %v", got)
	}
}

// focusedIs says whether the window's focus is on e, or on the field that
// wraps it to pass the window's shortcuts on (ShortcutEntry).
func focusedIs(u *UI, e *widget.Entry) bool {
	switch f := u.Win.Canvas().Focused().(type) {
	case *ShortcutEntry:
		return &f.Entry == e
	case *widget.Entry:
		return f == e
	}
	return false
}
