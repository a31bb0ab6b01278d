package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
)

// The Bank screen: the credits to review, one confirmed as suggested in
// one click, one given the invoice picked, one ignored; then a statement
// of an account not known yet, imported once the owner says it is the
// company's, with its summary.
func TestBankScreen(t *testing.T) {
	svc := demoService(t)
	ctx := context.Background()
	// A customer with a name of their own and an open invoice in euros,
	// and another open invoice of someone else.
	var name, number, other string
	var balance int64
	err := svc.Store().DB().QueryRow(`SELECT c.name, i.number, i.total - coalesce((SELECT sum(amount) FROM payments p WHERE p.invoice_id = i.id), 0)
		FROM invoices i JOIN customers c ON c.id = i.customer_id
		WHERE i.settled_on IS NULL AND i.currency = 'EUR' AND i.state = '' AND (SELECT count(*) FROM customers d WHERE d.name = c.name) = 1
		AND (SELECT count(*) FROM invoices j WHERE j.customer_id = c.id AND j.settled_on IS NULL) = 1
		ORDER BY i.id LIMIT 1`).Scan(&name, &number, &balance)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.Store().DB().QueryRow(`SELECT number FROM invoices WHERE settled_on IS NULL AND currency = 'EUR' AND number <> ?
		ORDER BY id DESC LIMIT 1`, number).Scan(&other); err != nil {
		t.Fatal(err)
	}
	co, _ := svc.Company(ctx)
	day := testDay.AddDays(-2)
	_, err = svc.ImportBankStatements(ctx, "releve.xml", []app.BankStatement{{Account: co.IBAN, Currency: "EUR",
		Entries: []app.BankEntry{
			{BankRef: "U1", BookingDate: day, Amount: balance, Credit: true, PartyName: strings.ToUpper(name), Text: "VIREMENT"},
			{BankRef: "U2", BookingDate: day, Amount: 1500, Credit: true, PartyName: "INCONNU", Text: "REMBOURSEMENT"},
			{BankRef: "U3", BookingDate: day, Amount: 2500, Credit: true, PartyName: "AUTRE", Text: "DIVERS"},
		}}}, app.BankImportRequest{})
	if err != nil {
		t.Fatal(err)
	}
	u := newTestUI(t, svc, i18n.EN, nil)
	// Ctrl+0 opens the Bank screen (the tenth).
	sc, ok := u.Win.Canvas().(interface{ TypedShortcut(fyne.Shortcut) })
	if !ok {
		t.Fatal("the test canvas takes no shortcuts")
	}
	sc.TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.Key0, Modifier: fyne.KeyModifierShortcutDefault})
	u.Wait()
	if u.Current() != ScreenBank {
		t.Fatalf("Ctrl+0 opened %q", u.Current())
	}
	v := u.bank
	if len(v.Proposals) != 3 || len(v.Confirm) != 3 {
		t.Fatalf("%d proposals shown", len(v.Proposals))
	}
	shown := texts(v.List)
	if !strings.Contains(shown, strings.ToUpper(name)) || !strings.Contains(shown, "known payer, amount that fits") ||
		!strings.Contains(shown, "Names no one") {
		t.Fatalf("list:\n%s", shown)
	}
	if v.Pick[0].Text != number {
		t.Fatalf("suggested invoice %q, want %s", v.Pick[0].Text, number)
	}
	// One click: paid as suggested.
	test.Tap(v.Confirm[0])
	u.Wait()
	if !strings.Contains(v.Status.Text, number+": ") || len(v.Proposals) != 2 {
		t.Fatalf("confirmed: status %q, %d left", v.Status.Text, len(v.Proposals))
	}
	if b := openBalance(t, svc, number); b != 0 {
		t.Fatalf("%s balance %d after confirming", number, b)
	}
	// The owner picks the invoice of the credit that named no one.
	before := openBalance(t, svc, other)
	v.Pick[0].SetText(other)
	test.Tap(v.Confirm[0])
	u.Wait()
	if b := openBalance(t, svc, other); b != before-min(before, 1500) || len(v.Proposals) != 1 {
		t.Fatalf("%s balance %d (was %d), %d left", other, b, before, len(v.Proposals))
	}
	test.Tap(v.Ignore[0])
	u.Wait()
	if len(v.Proposals) != 0 || !strings.Contains(texts(v.List), "No bank credit to review.") {
		t.Fatalf("after ignoring: %d, %s", len(v.Proposals), texts(v.List))
	}

	// A statement of another account: asked once, then imported.
	file, _ := filepath.Abs("../internal/bankfile/testdata/ofx/fr_cp1252.ofx")
	v.Path.SetText(file)
	test.Tap(v.Import)
	u.Wait()
	if v.confirm == nil {
		t.Fatalf("no confirmation asked: %q", v.Status.Text)
	}
	form := u.Win.Canvas().Overlays().Top()
	if got := texts(form); !strings.Contains(got, "30004:00012345678") {
		t.Fatalf("dialog:\n%s", got)
	}
	v.confirm.(interface{ Submit() }).Submit()
	u.Wait()
	if v.Account.Text != "30004:00012345678" || !strings.Contains(v.Status.Text, "3 entries: 1 credit") ||
		!strings.Contains(v.Status.Text, "2 debits and fees; nothing recorded twice") {
		t.Fatalf("imported: account %q, status %q", v.Account.Text, v.Status.Text)
	}
}

func openBalance(t *testing.T, svc *app.Service, number string) int64 {
	t.Helper()
	var b int64
	if err := svc.Store().DB().QueryRow(`SELECT i.total - coalesce((SELECT sum(amount) FROM payments p WHERE p.invoice_id = i.id), 0)
		FROM invoices i WHERE number = ?`, number).Scan(&b); err != nil {
		t.Fatal(err)
	}
	return b
}
