package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
)

// On a first run the window opens over the demo ledger and the welcome
// dialog offers the owner's own; a missing company name is refused and
// makes no file; with a name, the window moves to the new, empty ledger,
// which the next start opens without the dialog.
func TestFirstRunOpensTheDemoThenTheOwnersLedger(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	own := filepath.Join(dir, "relance.db")
	opts := StartOptions{DBPath: own, Lang: i18n.EN, UI: Options{NoWatch: true, Queue: true}}
	a := test.NewTempApp(t)
	var u *UI
	if err := Start(a, opts, func(x *UI) { u = x }); err != nil {
		t.Fatal(err)
	}
	u.Wait()
	if _, err := os.Stat(filepath.Join(dir, "demo.db")); err != nil {
		t.Fatalf("the demo ledger was not made: %v", err)
	}
	if n, err := u.svc.Store().CountCustomers(ctx); err != nil || n == 0 {
		t.Fatalf("the window is not over the demo ledger: %d customers, %v", n, err)
	}
	w := u.welcome
	if w == nil {
		t.Fatal("no welcome dialog on the first run")
	}

	test.Tap(w.Create)
	if w.Error.Text == "" {
		t.Error("a ledger without the company's name was accepted")
	}
	if _, err := os.Stat(own); !os.IsNotExist(err) {
		t.Fatalf("the refused ledger left a file: %v", err)
	}

	test.Type(w.Legal, "Atelier Dupont SARL")
	test.Type(w.City, "Lyon")
	test.Tap(w.Create)
	u.Wait()
	if w.Error.Text != "" {
		t.Fatalf("create: %s", w.Error.Text)
	}
	co, err := u.svc.Company(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if co.LegalName != "Atelier Dupont SARL" || co.City != "Lyon" {
		t.Errorf("company = %q, %q", co.LegalName, co.City)
	}
	if n, _ := u.svc.Store().CountCustomers(ctx); n != 0 {
		t.Errorf("the new ledger has %d customers, want none", n)
	}
	if u.Current() != ScreenHome {
		t.Errorf("screen after the switch = %q", u.Current())
	}
	u.Win.Close()

	var again *UI
	if err := Start(test.NewTempApp(t), opts, func(x *UI) { again = x }); err != nil {
		t.Fatal(err)
	}
	defer again.Win.Close()
	again.Wait()
	if again.welcome != nil {
		t.Error("the welcome dialog came back with a ledger in place")
	}
	if co, _ := again.svc.Company(ctx); co.LegalName != "Atelier Dupont SARL" {
		t.Errorf("the second start opened %q's ledger", co.LegalName)
	}
}

// The welcome asks for what a letter needs in the company's country: in
// French, France first with the SIRET, RCS, VAT number and share capital;
// the United Kingdom chosen, the Companies House number; the address and
// IBAN always. What is typed is the new ledger's company, with the
// country's law, and the window is no longer marked DEMO.
func TestWelcomeAsksWhatALetterNeeds(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	opts := StartOptions{DBPath: filepath.Join(dir, "relance.db"), Lang: i18n.FR, UI: Options{NoWatch: true, Queue: true}}
	var u *UI
	if err := Start(test.NewTempApp(t), opts, func(x *UI) { u = x }); err != nil {
		t.Fatal(err)
	}
	defer u.Win.Close()
	u.Wait()
	if got := u.Win.Title(); got != "Relance — DÉMO" {
		t.Errorf("title over the demo %q", got)
	}
	if u.home.OwnLedger == nil {
		t.Error("Home over the demo offers no own ledger")
	}
	w := u.welcome
	if w.Country.Selected != "France" {
		t.Errorf("country %q", w.Country.Selected)
	}
	for _, k := range []string{"siret", "rcs", "vat", "share_capital"} {
		if w.Mentions[k] == nil {
			t.Errorf("France: no %s asked", k)
		}
	}
	if got := texts(w.content); !strings.Contains(got, "N° TVA intracommunautaire") || !strings.Contains(got, "SIRET") || !strings.Contains(got, "IBAN") {
		t.Errorf("the welcome in French:\n%s", got)
	}
	w.Country.SetSelected("Royaume-Uni")
	if got := texts(w.content); !strings.Contains(got, "Numéro Companies House") || strings.Contains(got, "SIRET") {
		t.Errorf("the welcome for the UK:\n%s", got)
	}
	test.Type(w.Legal, "Dupont & Sons Ltd")
	test.Type(w.Address, "1 High Street")
	test.Type(w.Postcode, "SW1A 1AA")
	test.Type(w.City, "London")
	test.Type(w.Mentions["company_number"], "01234567")
	test.Type(w.IBAN, "GB33BUKB20201555555555")
	test.Tap(w.Create)
	u.Wait()
	if w.Error.Text != "" {
		t.Fatalf("create: %s", w.Error.Text)
	}
	co, err := u.svc.Company(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if co.LegalName != "Dupont & Sons Ltd" || co.Address1 != "1 High Street" || co.Postcode != "SW1A 1AA" || co.City != "London" ||
		co.CompanyNumber != "01234567" || co.IBAN != "GB33BUKB20201555555555" || co.Country != "GB" || co.Jurisdiction != ledger.JurisdictionUK ||
		co.Currency != "GBP" || co.Language != ledger.English {
		t.Errorf("company %+v", co)
	}
	if got := u.Win.Title(); got != "Relance" {
		t.Errorf("title over the own ledger %q", got)
	}
	// Everything a British letter needs is there: no letterhead step.
	if u.home.Letterhead != nil {
		t.Errorf("missing %v", u.home.Missing)
	}
}
