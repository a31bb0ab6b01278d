package app

import (
	"context"
	"strings"
	"testing"

	"github.com/relance-app/relance/internal/store"
)

// TestTrustOfMessages: what proves a message, message by message, on the
// in-memory IMAP server.
func TestTrustOfMessages(t *testing.T) {
	ctx := context.Background()
	l, srv, ob := inboxLedger(t, 5)
	// The owner's provider stamps its verdict as mx.fault.test.
	if _, err := l.svc.SetAccount(ctx, map[string]string{"authserv_id": "mx.fault.test"}); err != nil {
		t.Fatal(err)
	}
	date := "Mon, 21 Jul 2025 09:00:00 +0200"
	withAuth := func(auth string, m []byte) []byte {
		return append([]byte("Authentication-Results: "+auth+"\r\n"), m...)
	}
	err := srv.Append("INBOX",
		// 1. The customer's own thread, but the provider found its From
		// forged (DMARC fail): handled as an unknown sender.
		withAuth("mx.fault.test; spf=fail smtp.mailfrom=evil.test; dmarc=fail header.from=customers.test",
			msg(map[string]string{"From": "c001@customers.test", "To": "owner@fault.test", "Subject": "Re: " + ob["C001"].Subject, "Date": date,
				"Message-ID": "<t1@customers.test>", "In-Reply-To": "<" + ob["C001"].MessageID + ">"}, "Payé le 15/07/2025.")),
		// 2. The same failure stamped by someone else (a field the sender
		// wrote): ignored, the reply is C002's.
		withAuth("mx.evil.test; dmarc=fail header.from=customers.test",
			msg(map[string]string{"From": "c002@customers.test", "To": "owner@fault.test", "Subject": "Re: " + ob["C002"].Subject, "Date": date,
				"Message-ID": "<t2@customers.test>", "In-Reply-To": "<" + ob["C002"].MessageID + ">"}, "Nous payons demain.")),
		// 3. A colleague at the customer's own domain, naming the invoice:
		// the customer's.
		msg(map[string]string{"From": "compta@customers.test", "To": "owner@fault.test", "Subject": "Facture F-003", "Date": date,
			"Message-ID": "<t3@customers.test>"}, "Réglée le 15/07/2025."),
		// 4. A gmail.com address naming the invoice: an unknown sender,
		// even if the customer's own address were at gmail.com.
		msg(map[string]string{"From": "someone@gmail.com", "To": "owner@fault.test", "Subject": "Facture F-004", "Date": date,
			"Message-ID": "<t4@gmail.com>"}, "Réglée le 15/07/2025."),
		// 5. A real bounce for C005, but naming an address the letter
		// never went to: unverified.
		bounceFor(ob["C005"].MessageID, "other@customers.test"),
	)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := l.svc.SyncInbox(ctx, l.pw, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.UnknownSenders != 2 || rep.Unverified != 1 {
		t.Errorf("report %+v: want 2 unknown senders, 1 unverified bounce", rep)
	}
	list, err := l.svc.Responses(ctx, store.ResponseFilter{All: true})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]store.Inbound{}
	for _, m := range list {
		by[m.MessageID] = m
	}
	want := map[string]string{"t1@customers.test": store.TrustUnknownSender, "t2@customers.test": store.TrustOK,
		"t3@customers.test": store.TrustOK, "t4@gmail.com": store.TrustUnknownSender, "bounce-1@mx.customers.test": store.TrustUnverifiedBounce}
	for id, w := range want {
		if m, ok := by[id]; !ok || m.Trust != w {
			t.Errorf("%s: trust %q (%s), want %q", id, m.Trust, m.TrustNote, w)
		}
	}
	if n := by["t1@customers.test"].TrustNote; !strings.Contains(n, "inbox.trust_auth_failed") || !strings.Contains(n, "DMARC") && !strings.Contains(n, "dmarc") {
		t.Errorf("t1's note %q", n)
	}
	// Nothing changed for C005: its letter is still sent, its address
	// unflagged; C001 and C004 are not paused, C002 and C003 are.
	if it := l.outbox(t)["C005"]; it.State != store.OutboxSent || it.Postal != "" {
		t.Errorf("C005's letter after an unverified bounce: %s, postal %q", it.State, it.Postal)
	}
	if fs, _ := l.svc.Store().EmailFlags(ctx); len(fs) != 0 {
		t.Errorf("flags after an unverified bounce: %+v", fs)
	}
	l.day = l.day.AddDays(15)
	plan, err := l.svc.Plan(ctx, l.day)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, a := range plan.Actions {
		got[a.CustomerCode] = true
	}
	if !got["C001"] || !got["C004"] || got["C002"] || got["C003"] {
		t.Errorf("reminded: %v; want C001 and C004, not C002 and C003", got)
	}
	// The owner confirms the bounce: it names no recipient of the letter
	// nor an address of C005, so it changes nothing, and says so.
	done, err := l.svc.ConfirmResponse(ctx, by["bounce-1@mx.customers.test"].ID)
	if err != nil || done.Key != "inbox.confirmed_no_effect" {
		t.Errorf("confirm: %v %v", done, err)
	}
}
