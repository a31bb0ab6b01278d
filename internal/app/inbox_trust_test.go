package app

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/emersion/go-smtp"

	"github.com/relance-app/relance/internal/mail/mailtest"
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

// twoAddressLedger: three customers, C003 with a second address, whose
// letters went out; the owner's mailbox on the in-memory IMAP server.
func twoAddressLedger(t *testing.T) (*sendLedger, *mailtest.IMAPServer, map[string]store.OutboxItem) {
	t.Helper()
	ctx := context.Background()
	l := newSendLedger(t, 3)
	c, err := l.svc.Store().CustomerByCode(ctx, "C003")
	if err != nil {
		t.Fatal(err)
	}
	c.Emails = append(c.Emails, "c003b@customers.test")
	if _, err := l.svc.Store().SaveCustomer(ctx, c); err != nil {
		t.Fatal(err)
	}
	if rep := l.send(t); rep.Sent != 3 {
		t.Fatalf("%+v", rep)
	}
	srv, err := mailtest.StartIMAP("owner@fault.test", "imap-pass")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	if _, err := l.svc.SetAccount(ctx, map[string]string{"imap_host": "127.0.0.1", "imap_port": fmt.Sprint(srv.Port),
		"imap_security": "none", "imap_user": srv.User, "authserv_id": "mx.fault.test"}); err != nil {
		t.Fatal(err)
	}
	l.pw = func(server string) (string, error) {
		if server == "imap" {
			return srv.Password, nil
		}
		return l.srv.Password, nil
	}
	return l, srv, l.outbox(t)
}

// softBounce is a report that the remote server gave up for now on rcpt
// (action failed, 4.2.2), returning the letter's Message-ID.
func softBounce(id, letterID, rcpt string) []byte {
	return []byte("From: MAILER-DAEMON@mx.customers.test\r\nTo: owner@fault.test\r\nSubject: Undelivered Mail Returned to Sender\r\n" +
		"Date: Mon, 21 Jul 2025 10:00:00 +0200\r\nMessage-ID: <" + id + ">\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nMailbox full\r\n" +
		"--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.customers.test\r\n\r\nFinal-Recipient: rfc822; " + rcpt +
		"\r\nAction: failed\r\nStatus: 4.2.2\r\n--B\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: <" + letterID + ">\r\n--B--\r\n")
}

func retriesTo(t *testing.T, l *sendLedger, addr string) []store.OutboxItem {
	t.Helper()
	items, err := l.svc.Outbox(context.Background(), store.OutboxFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []store.OutboxItem
	for _, it := range items {
		if len(it.Recipients) == 1 && it.Recipients[0] == addr && len(it.Bcc) == 0 {
			out = append(out, it)
		}
	}
	return out
}

// TestRetriesAndTheirEnds: the review's cases. A delay warning in words
// only retries nothing; a soft bounce for one address retries it once; a
// late report about the first row after that retry went out retries
// nothing more; the retry refused for good flags that address but does
// not offer print, since the other address received the letter.
func TestRetriesAndTheirEnds(t *testing.T) {
	ctx := context.Background()
	l, srv, ob := twoAddressLedger(t)
	letter := ob["C003"].MessageID
	// An Exim delay warning (text only) quoting our letter.
	warn := []byte("From: Mail Delivery System <Mailer-Daemon@mx.customers.test>\r\nTo: owner@fault.test\r\n" +
		"Subject: Warning: message 1abc-0001 delayed 24 hours\r\nDate: Mon, 21 Jul 2025 10:00:00 +0200\r\nMessage-ID: <warn-1@mx.customers.test>\r\n" +
		"Auto-Submitted: auto-replied\r\n\r\nThis message was created automatically by mail delivery software.\r\n" +
		"A message that you sent has not yet been delivered to one or more of its recipients after more than 24 hours on the queue.\r\n\r\n" +
		"  c003b@customers.test\r\n    Delay reason: mailbox full\r\n\r\nNo action is required on your part. Delivery attempts will continue.\r\n\r\n" +
		"------ This is a copy of the message's headers. ------\r\n\r\nMessage-ID: <" + letter + ">\r\n")
	if err := srv.Append("INBOX", warn, softBounce("soft-1@mx.customers.test", letter, "c003b@customers.test")); err != nil {
		t.Fatal(err)
	}
	if _, err := l.svc.SyncInbox(ctx, l.pw, nil); err != nil {
		t.Fatal(err)
	}
	list, err := l.svc.Responses(ctx, store.ResponseFilter{All: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		if m.MessageID == "warn-1@mx.customers.test" && (m.Class != "bounce" || m.Trust != store.TrustOK || !m.Delayed || m.Recipient != "c003b@customers.test") {
			t.Errorf("the delay warning: %s, trust %q, delayed %v, recipient %s", m.Class, m.Trust, m.Delayed, m.Recipient)
		}
	}
	rs := retriesTo(t, l, "c003b@customers.test")
	if len(rs) != 1 {
		t.Fatalf("%d retries after a delay warning and a soft bounce, want 1 (the warning retries nothing)", len(rs))
	}
	// The retry goes out; then a late copy of the report about the first
	// row comes: nothing more is queued.
	l.srv.SetFaults(mailtest.Faults{RcptErr: map[string]*smtp.SMTPError{"c003b@customers.test": {Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}}})
	l.send(t)
	if err := srv.Append("INBOX", softBounce("soft-2@mx.customers.test", letter, "c003b@customers.test")); err != nil {
		t.Fatal(err)
	}
	if _, err := l.svc.SyncInbox(ctx, l.pw, nil); err != nil {
		t.Fatal(err)
	}
	if rs := retriesTo(t, l, "c003b@customers.test"); len(rs) != 1 {
		t.Errorf("%d retries after a late report about the first row, want still 1", len(rs))
	}
	// The retry was refused for good: c003b is flagged, but c003@ got the
	// letter, so nothing is offered for print.
	if rs := retriesTo(t, l, "c003b@customers.test"); rs[0].State != store.OutboxPermanent || rs[0].Postal != "" {
		t.Errorf("retry %s, postal %q; want failed-permanent, not offered", rs[0].State, rs[0].Postal)
	}
	offers, err := l.svc.Store().PostalOffers(ctx, l.day.String())
	if err != nil {
		t.Fatal(err)
	}
	if len(offers) != 0 {
		t.Errorf("postal offers %+v though c003@ received the letter", offers)
	}
}

// TestSpoofedSendersAndGuessedTags: a From of the customer's address with
// only an SPF pass for the attacker's envelope domain is not the
// customer's; neither is a guessed short plus tag on another domain; the
// letter's real tag on the owner's address is.
func TestSpoofedSendersAndGuessedTags(t *testing.T) {
	ctx := context.Background()
	l, srv, ob := twoAddressLedger(t)
	if _, err := l.svc.SetAccount(ctx, map[string]string{"plus_tag": "true"}); err != nil {
		t.Fatal(err)
	}
	tag := strings.TrimPrefix(ob["C002"].MessageID, "relance.")[:12]
	date := "Mon, 21 Jul 2025 09:00:00 +0200"
	err := srv.Append("INBOX",
		append([]byte("Authentication-Results: mx.fault.test; spf=pass smtp.mailfrom=evil.test; dkim=none; dmarc=none\r\n"),
			msg(map[string]string{"From": "c001@customers.test", "To": "owner@fault.test", "Subject": "Facture F-001", "Date": date,
				"Message-ID": "<spoof-1@evil.test>"}, "Réglée le 15/07/2025.")...),
		msg(map[string]string{"From": "x@evil.test", "To": "a+r" + tag[:8] + "@elsewhere.test", "Subject": "hello", "Date": date,
			"Message-ID": "<guess-1@evil.test>"}, "Payé."),
		msg(map[string]string{"From": "assistante@autre.test", "To": "owner+r" + tag + "@fault.test", "Subject": "Re: votre courrier", "Date": date,
			"Message-ID": "<tag-1@autre.test>"}, "Nous réglerons le 30/07/2025."),
	)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.svc.SyncInbox(ctx, l.pw, nil); err != nil {
		t.Fatal(err)
	}
	list, err := l.svc.Responses(ctx, store.ResponseFilter{All: true})
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]store.Inbound{}
	for _, m := range list {
		by[m.MessageID] = m
	}
	if m := by["spoof-1@evil.test"]; m.Trust != store.TrustUnknownSender {
		t.Errorf("spoofed From with an SPF pass for evil.test: trust %q (%s)", m.Trust, m.TrustNote)
	}
	if m := by["guess-1@evil.test"]; m.CustomerCode != "" {
		t.Errorf("a guessed 8-digit tag on another domain matched %s by %s", m.CustomerCode, m.Match)
	}
	if m := by["tag-1@autre.test"]; m.CustomerCode != "C002" || m.Match != "plus-tag" || m.Trust != store.TrustOK {
		t.Errorf("the letter's own tag: %s by %q, trust %q", m.CustomerCode, m.Match, m.Trust)
	}
}
