package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"github.com/zalando/go-keyring"

	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/store"
)

// overlayTexts are the texts of every dialog shown.
func overlayTexts(u *UI) []string {
	var out []string
	for _, o := range u.Win.Canvas().Overlays().List() {
		if o.Visible() {
			out = append(out, texts(o))
		}
	}
	return out
}

// TestSendReminderFirstRunWithoutKeyring is the owner's first Send
// reminder on a machine whose keyring cannot be reached (a bare Linux
// session under Xvfb): no password is asked before the mail setup opens
// (there is no account to ask for), the setup says why it opened and
// names no relancectl command; after Save the letter goes out at once
// with the password typed in the setup, kept for the session; the only
// dialog left is the send's summary (no second dialog about the keyring,
// no error).
func TestSendReminderFirstRunWithoutKeyring(t *testing.T) {
	keyring.MockInitWithError(errors.New("org.freedesktop.secrets was not provided by any .service files"))
	t.Cleanup(keyring.MockInit)
	svc, srv, ca := noAccountLedger(t)
	u := newTestUI(t, svc, i18n.FR, nil)
	u.Show(ScreenInvoices)
	<-u.invoices.Opened()
	u.Wait()
	test.Tap(reminderButton(t, u.invoices, 0))
	u.Wait()
	r := u.lastReminder
	if r.Kind.Selected != "Premier rappel" || r.Lang.Selected != "français" {
		t.Errorf("kind %q, language %q", r.Kind.Selected, r.Lang.Selected)
	}
	test.Tap(r.Send)
	u.Wait()
	if u.lastSetup == nil {
		t.Fatal("Send without an account opened no setup")
	}
	shown := strings.Join(overlayTexts(u), "\n---\n")
	if strings.Contains(shown, i18n.T(i18n.FR, "ui.password_title")) || strings.Contains(shown, "relancectl") ||
		!strings.Contains(shown, i18n.T(i18n.FR, "ui.setup_why_send")) {
		t.Fatalf("before the setup or with it, the app shows:\n%s", shown)
	}
	sd := u.lastSetup
	sd.Address.SetText("owner@fault.test")
	sd.Advanced.Open(0)
	sd.Entries["smtp_host"].SetText("localhost")
	sd.Entries["smtp_port"].SetText(fmt.Sprint(srv.Port))
	sd.Entries["smtp_user"].SetText(srv.User)
	sd.Entries["tls_ca"].SetText(ca)
	sd.Password.SetText(srv.Password)
	test.Tap(sd.Save)
	u.Wait()
	if n := len(srv.Delivered()); n != 1 {
		t.Fatalf("%d messages delivered; the setup says %q", n, sd.Result.Text)
	}
	items, _ := svc.Outbox(context.Background(), store.OutboxFilter{})
	if len(items) != 1 || items[0].State != store.OutboxSent {
		t.Fatalf("outbox %+v", items)
	}
	left := overlayTexts(u)
	if len(left) != 1 || !strings.Contains(left[0], i18n.T(i18n.FR, "cli.send_report", 1, 1, 0, 0, 0)) {
		t.Errorf("after the send the app shows %d dialog(s):\n%s", len(left), strings.Join(left, "\n---\n"))
	}
}

// TestReminderAmountsAreTheLetters: the dialog's amounts are the
// letter's figures in the letter's own formatting: with a second
// reminder (which claims interest and the fixed compensation) the
// interest, the €40 of compensation (Code de commerce L441-10) and the
// total shown are those `relancectl interest` gives for that invoice
// (the same dunning.LetterFigures; formatted here by hand).
func TestReminderAmountsAreTheLetters(t *testing.T) {
	svc, _, _ := noAccountLedger(t)
	u := newTestUI(t, svc, i18n.EN, nil)
	u.Show(ScreenInvoices)
	<-u.invoices.Opened()
	u.Wait()
	test.Tap(reminderButton(t, u.invoices, 0))
	u.Wait()
	r := u.lastReminder
	if r.KindCode() != ledger.KindReminder1 || strings.Contains(r.Amounts.Text, "40") {
		t.Errorf("first reminder (no interest): %q", r.Amounts.Text)
	}
	r.SetKind(ledger.KindReminder2)
	u.Wait()
	if r.Kind.Selected != "Second reminder" {
		t.Errorf("kind shown %q", r.Kind.Selected)
	}
	ii, _, err := svc.InvoiceInterest(context.Background(), r.invoices[0], testDay)
	if err != nil {
		t.Fatal(err)
	}
	inv, interest := ledger.Money{Minor: ii.Principal, Currency: ii.Currency}, ii.Interest
	if inv.Minor != 100000 || interest <= 0 || ii.Compensation.Minor != 4000 {
		t.Fatalf("relancectl interest's figures for %s: %+v", r.invoices[0], ii)
	}
	// The letter is French (the customer's language): 1 000,00 € style,
	// with no-break spaces as the letter prints them.
	fr := func(minor int64) string {
		s := fmt.Sprintf("%d,%02d", minor/100, minor%100)
		if minor >= 100000 {
			s = fmt.Sprintf("%d\u00a0%03d,%02d", minor/100000, (minor/100)%1000, minor%100)
		}
		return s + "\u00a0€"
	}
	for _, want := range []string{fr(inv.Minor), fr(interest), fr(4000), fr(inv.Minor + interest + 4000)} {
		if !strings.Contains(r.Amounts.Text, want) {
			t.Errorf("amounts %q lack %q", r.Amounts.Text, want)
		}
	}
}
