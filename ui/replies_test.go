package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/relance-app/relance/internal/app"
	"github.com/relance-app/relance/internal/i18n"
	"github.com/relance-app/relance/internal/ledger"
	"github.com/relance-app/relance/internal/mail/mailtest"
	"github.com/relance-app/relance/internal/store"
)

// planned is who gets which letter on day d.
func planned(t *testing.T, u *UI, d ledger.Date) map[string]string {
	t.Helper()
	plan, err := u.svc.Plan(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, a := range plan.Actions {
		got[a.CustomerCode] = string(a.Kind)
	}
	return got
}

// inboxUI is a send ledger with the owner's mailbox on the in-memory IMAP
// server, shown in language l.
func inboxUI(t *testing.T, l i18n.Lang) (*app.Service, *mailtest.Server, *mailtest.IMAPServer, *UI) {
	t.Helper()
	ctx := context.Background()
	svc, smtpSrv, _ := sendLedger(t)
	imapSrv, err := mailtest.StartIMAP("owner@fault.test", "imap-pass")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { imapSrv.Close() })
	if _, err := svc.SetAccount(ctx, map[string]string{"imap_host": "127.0.0.1", "imap_port": fmt.Sprint(imapSrv.Port),
		"imap_security": "none", "imap_user": imapSrv.User}); err != nil {
		t.Fatal(err)
	}
	pw := func(server string) (string, error) {
		if server == "imap" {
			return imapSrv.Password, nil
		}
		return smtpSrv.Password, nil
	}
	return svc, smtpSrv, imapSrv, newTestUI(t, svc, l, pw)
}

// TestReplyConfirmedAsPromiseChangesThePlan: the first reminders go out;
// C1 answers that it will pay on 10 December; the owner syncs the inbox
// from the replies screen, confirms the promise the reply suggests and
// marks it reviewed. On 6 December the others get their second letter and
// C1 does not (its promise pauses it); once the promise is broken, C1's
// second letter comes at once.
func TestReplyConfirmedAsPromiseChangesThePlan(t *testing.T) {
	ctx := context.Background()
	svc, smtpSrv, imapSrv, u := inboxUI(t, i18n.FR)

	// The first letters, from the dunning run.
	u.Show(ScreenRun)
	u.Wait()
	test.Tap(u.run.SendAll)
	u.Wait()
	if n := len(smtpSrv.Delivered()); n != 3 {
		t.Fatalf("%d letters sent", n)
	}
	items, _ := svc.Outbox(ctx, store.OutboxFilter{})
	var letter store.OutboxItem
	for _, it := range items {
		if it.CustomerCode == "C1" {
			letter = it
		}
	}
	day := testDay.AddDays(14)
	if got := planned(t, u, day); got["C1"] != "reminder-2" || got["C2"] != "reminder-2" {
		t.Fatalf("before the reply, on %s: %v", day, got)
	}

	// C1 answers.
	reply := "From: c1@customers.test\r\nTo: owner@fault.test\r\nSubject: Re: " + letter.Subject +
		"\r\nDate: Sun, 22 Nov 2026 15:00:00 +0100\r\nMessage-ID: <promise-1@customers.test>\r\nIn-Reply-To: <" + letter.MessageID +
		">\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBonjour,\r\nnous réglerons la facture F-1 le 10/12/2026.\r\nCordialement\r\n"
	if err := imapSrv.Append("INBOX", []byte(reply)); err != nil {
		t.Fatal(err)
	}
	u.Show(ScreenReplies)
	u.Wait()
	test.Tap(u.replies.Sync)
	u.Wait()
	v := u.replies
	idx := -1
	for i, m := range v.Items {
		if m.MessageID == "promise-1@customers.test" {
			idx = i
		}
	}
	if idx < 0 {
		t.Fatalf("the reply is not listed: %+v", v.Items)
	}
	v.List.Select(idx)
	shown := texts(v.Detail)
	if !strings.Contains(shown, "10/12/2026") || !strings.Contains(shown, "C1") {
		t.Errorf("the reply's page:\n%s", shown)
	}
	if len(v.Actions) == 0 || !strings.Contains(v.Actions[0].Text, "2026") {
		t.Fatalf("suggested actions: %d", len(v.Actions))
	}
	test.Tap(v.Actions[0])
	u.Wait()
	test.Tap(v.Review)
	u.Wait()

	inv, err := svc.Store().InvoiceByNumber(ctx, "F-1")
	if err != nil {
		t.Fatal(err)
	}
	promises, err := svc.Store().PromisesOf(ctx, inv.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(promises) != 1 || promises[0].Date != ledger.MustDate("2026-12-10") {
		t.Fatalf("promises %+v", promises)
	}
	got := planned(t, u, day)
	if _, ok := got["C1"]; ok || got["C2"] != "reminder-2" {
		t.Errorf("after the promise, on %s: %v", day, got)
	}
	// Broken: not paid on 10 December; the second letter two days later.
	if got := planned(t, u, ledger.MustDate("2026-12-12")); got["C1"] != "reminder-2" {
		t.Errorf("after the broken promise: %v", got)
	}
}

// tapInDialog taps the button labelled text in the window's top overlay
// (a dialog), and fails if there is none.
func tapInDialog(t *testing.T, u *UI, text string) {
	t.Helper()
	top := u.Win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatalf("no dialog open")
	}
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			found = b
		}
		switch w := o.(type) {
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(w).Objects() {
				walk(c)
			}
		}
	}
	walk(top)
	if found == nil {
		t.Fatalf("no %q button in the dialog:\n%s", text, texts(top))
	}
	test.Tap(found)
}

// TestStrangersReplyWaitsForTheOwner: a message naming C2's invoice from
// an address that is not C2's is shown as from an unknown sender, does
// not pause C2, and its suggestion applies only once the owner has
// confirmed the sender in the dialog that says why.
func TestStrangersReplyWaitsForTheOwner(t *testing.T) {
	ctx := context.Background()
	svc, _, imapSrv, u := inboxUI(t, i18n.EN)
	u.Show(ScreenRun)
	u.Wait()
	test.Tap(u.run.SendAll)
	u.Wait()
	day := testDay.AddDays(14)
	if got := planned(t, u, day); got["C2"] != "reminder-2" {
		t.Fatalf("before: %v", got)
	}
	stranger := "From: stranger@evil.test\r\nTo: owner@fault.test\r\nSubject: Facture F-2\r\nDate: Sun, 22 Nov 2026 15:00:00 +0100" +
		"\r\nMessage-ID: <stranger-1@evil.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nBonjour,\r\nnous réglerons la facture le 10/12/2026.\r\n"
	if err := imapSrv.Append("INBOX", []byte(stranger)); err != nil {
		t.Fatal(err)
	}
	u.Show(ScreenReplies)
	u.Wait()
	test.Tap(u.replies.Sync)
	u.Wait()
	v := u.replies
	idx := -1
	for i, m := range v.Items {
		if m.MessageID == "stranger-1@evil.test" {
			idx = i
		}
	}
	if idx < 0 {
		t.Fatalf("the message is not listed: %+v", v.Items)
	}
	v.List.Select(idx)
	shown := texts(v.Detail)
	if !strings.Contains(shown, "From an unknown sender") || !strings.Contains(shown, "stranger@evil.test, which is not an address of customer C2") || v.Confirm == nil {
		t.Fatalf("the message's page:\n%s", shown)
	}
	if got := planned(t, u, day); got["C2"] != "reminder-2" {
		t.Errorf("a stranger's message paused C2: %v", got)
	}
	if len(v.Actions) == 0 {
		t.Fatal("no suggested action")
	}
	test.Tap(v.Actions[0])
	if top := u.Win.Canvas().Overlays().Top(); top == nil || !strings.Contains(texts(top), "Anyone who knows an invoice number") {
		t.Fatalf("no warning before applying a stranger's suggestion")
	}
	inv, err := svc.Store().InvoiceByNumber(ctx, "F-2")
	if err != nil {
		t.Fatal(err)
	}
	if ps, _ := svc.Store().PromisesOf(ctx, inv.ID); len(ps) != 0 {
		t.Fatalf("applied before the owner confirmed: %+v", ps)
	}
	tapInDialog(t, u, "Confirm")
	u.Wait()
	if ps, _ := svc.Store().PromisesOf(ctx, inv.ID); len(ps) != 1 || ps[0].Date != ledger.MustDate("2026-12-10") {
		t.Fatalf("promises after confirming %+v", ps)
	}
}

// With no message in yet, Replies says where replies come from and the
// next step: without an inbox, the mail setup (its button opens it); with
// one, the button that reads it.
func TestRepliesEmptyStateSaysTheNextStep(t *testing.T) {
	svc := emptyLedger(t)
	u := newTestUI(t, svc, i18n.FR, nil)
	u.Show(ScreenReplies)
	u.Wait()
	v := u.replies
	if v.Empty == nil || v.Empty.Text != i18n.T(i18n.FR, "ui.replies_empty_no_inbox") || v.SetupMail == nil {
		t.Fatalf("empty state %+v", v.Empty)
	}
	test.Tap(v.SetupMail)
	u.Wait()
	if u.lastSetup == nil {
		t.Fatal("Set up mail opened no setup")
	}
	test.Tap(u.lastSetup.Close)

	if _, err := svc.SetAccount(context.Background(), map[string]string{"smtp_host": "smtp.example.fr", "from_address": "owner@example.fr",
		"imap_host": "imap.example.fr", "imap_user": "owner@example.fr"}); err != nil {
		t.Fatal(err)
	}
	u.Show(ScreenReplies)
	u.Wait()
	v = u.replies
	if v.Empty == nil || !strings.Contains(v.Empty.Text, "« Relever la boîte maintenant »") || v.SetupMail != nil {
		t.Errorf("with an inbox: %+v", v.Empty)
	}
}
